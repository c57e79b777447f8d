"""The training loop done right: an exact resume from a checkpoint, and what early stopping buys under label noise.

Part 1, checkpoints (MNIST-5k, a small CNN with batch norm and dropout, so the optimiser
state, the BN buffers and the dropout RNG all matter):

    uninterrupted   ``epochs`` epochs in one call of ``torchref.trainer.train``
    resumed         the same run "crashes" after ``crash_after`` epochs; a fresh model, optimiser
                    and generator then resume from ``last.pt`` (weights, optimiser, scheduler,
                    counters, RNG states) and finish
    weights_only    the same crash, but the restart loads only the model weights and starts a
                    new optimiser, schedule and batch order (a common mistake)

Part 2, early stopping (an MLP without regularisation on ``es_train`` images whose labels are
``label_noise`` randomly reassigned; the validation split is just as noisy, the test set
clean): the loop keeps the best-validation model (``best.pt``) and stops after ``patience``
epochs without improvement. Compared on the clean test set: the last epoch of a full-length
run vs the checkpoint early stopping restores. The test set only ever scores.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch

from dlprep.data import load_mnist5000_split
from dlprep.data.subsets import stratified_subset
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref.cnn import CNNConfig, SmallCNN
from dlprep.torchref.mlp import MLP
from dlprep.torchref.trainer import TrainerConfig, train
from dlprep.torchref.training import evaluate


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"n_train": 1000, "epochs": 4, "crash_after": 2, "es_epochs": 40}

    threads: int = 1
    split_seed: int = 0
    # part 1: resume
    n_train: int = 3500  # training images for the CNN (class-balanced); n_val more are the validation set
    n_val: int = 500
    epochs: int = 8
    crash_after: int = 4
    lr: float = 2e-3
    warmup_steps: int = 30
    clip_norm: float = 5.0  # clips the spikes only; a threshold that always fires just rescales every step
    # part 2: early stopping
    es_train: int = 1000
    label_noise: float = 0.4  # fraction of training and validation labels replaced by a random class
    es_epochs: int = 80
    es_lr: float = 1e-3
    patience: int = 10
    es_hidden: tuple[int, ...] = (512, 512)
    batch_size: int = 64


def _resume_claim(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    exact = m["resume_max_abs_diff"] == 0.0 if result.device.startswith("cpu") else m["resume_max_abs_diff"] < 1e-5
    same_hist = m["resume_same_val_history"]
    return exact and same_hist, (f"max |w_resumed - w_uninterrupted| = {m['resume_max_abs_diff']:.3g} "
                                 f"(needed 0 on the CPU), identical validation history: {same_hist}")


def _naive_claim(result: LabResult) -> tuple[bool, str]:
    d = result.metrics["weights_only_max_abs_diff"]
    return d > 1e-3, f"weights-only restart: max |w - w_uninterrupted| = {d:.4f} (needed > 1e-3)"


def _early_stopping_claim(result: LabResult) -> tuple[bool, str]:
    m = result.metrics
    gain = m["es_best_ckpt_test_acc"] - m["es_last_epoch_test_acc"]
    stopped = m["es_stop_epoch"] < result.config["es_epochs"]
    return gain >= 0.03 and stopped, (
        f"{result.config['label_noise']:.0%} noisy labels: best-validation checkpoint (epoch {m['es_best_epoch']}) "
        f"{m['es_best_ckpt_test_acc']:.4f} vs last of {result.config['es_epochs']} epochs "
        f"{m['es_last_epoch_test_acc']:.4f} ({gain:+.4f}, needed +0.03); early stopping ended at epoch "
        f"{m['es_stop_epoch']}")


CLAIMS = [
    Claim("resume_is_exact", "resuming from a full checkpoint reproduces the uninterrupted run's weights "
          "bit for bit (CPU) and its validation history", _resume_claim),
    Claim("weights_only_resume_differs", "restarting from the weights alone (new optimiser, schedule, RNG) "
          "ends somewhere else", _naive_claim),
    Claim("early_stopping_helps", "with 40% label noise, the model early stopping keeps beats the last epoch "
          "on the clean test set by >= 3 points, and the run stops early", _early_stopping_claim),
]


def _cnn() -> SmallCNN:
    return SmallCNN(CNNConfig(channels=(8, 16), hidden=64, dropout=0.25))


def _max_diff(a: torch.nn.Module, b: torch.nn.Module) -> float:
    sa, sb = a.state_dict(), b.state_dict()
    return max(float((sa[k].float() - sb[k].float()).abs().max()) for k in sa)


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        dev, r = lab.device, lab.result
        split = load_mnist5000_split(seed=cfg.split_seed)
        chosen = stratified_subset(split.y_train, cfg.n_train + cfg.n_val, seed=cfg.split_seed)
        val_idx, train_idx = chosen[:cfg.n_val], chosen[cfg.n_val:]
        x, y = torch.from_numpy(split.x_train[train_idx]).to(dev), torch.from_numpy(split.y_train[train_idx]).to(dev)
        xv, yv = torch.from_numpy(split.x_train[val_idx]).to(dev), torch.from_numpy(split.y_train[val_idx]).to(dev)
        xt, yt = torch.from_numpy(split.x_test).to(dev), torch.from_numpy(split.y_test).to(dev)
        tcfg = TrainerConfig(epochs=cfg.epochs, batch_size=cfg.batch_size, lr=cfg.lr, weight_decay=1e-4,
                             warmup_steps=cfg.warmup_steps, clip_norm=cfg.clip_norm)
        seed = cfg.seed * 1000

        def fresh():  # what a restarted process builds before loading anything
            torch.manual_seed(seed)
            return _cnn().to(dev), torch.Generator().manual_seed(seed)

        with tempfile.TemporaryDirectory() as tmp, lab.progress("resume", 4) as advance:
            tmp = Path(tmp)
            model_a, gen = fresh()
            state_a = train(model_a, x, y, xv, yv, tcfg, gen, tmp / "a", eval_sets={"test": (xt, yt)})
            advance()
            model_b, gen = fresh()
            train(model_b, x, y, xv, yv, tcfg, gen, tmp / "b", stop_after=cfg.crash_after,
                  eval_sets={"test": (xt, yt)})
            shutil.copy(tmp / "b" / "last.pt", tmp / "crash.pt")
            advance()
            torch.manual_seed(12345)  # the crashed process's RNG is gone; the checkpoint restores it
            model_b, gen = _cnn().to(dev), torch.Generator()
            state_b = train(model_b, x, y, xv, yv, tcfg, gen, tmp / "b", resume=True, eval_sets={"test": (xt, yt)})
            advance()
            # weights-only restart: the crashed run's weights, a fresh optimiser, schedule and batch order
            model_c, _ = fresh()
            model_c.load_state_dict(torch.load(tmp / "crash.pt", weights_only=False)["model"])
            rest = TrainerConfig(**{**tcfg.__dict__, "epochs": cfg.epochs - cfg.crash_after})
            state_c = train(model_c, x, y, xv, yv, rest, torch.Generator().manual_seed(seed + 1), tmp / "c")
            advance()
            ckpt_bytes = (tmp / "a" / "last.pt").stat().st_size
            best_bytes = (tmp / "a" / "best.pt").stat().st_size

        hist_a, hist_b = state_a["history"], state_b["history"]
        r.history.update({"uninterrupted": hist_a, "resumed": hist_b})
        r.metrics.update({
            "resume_max_abs_diff": _max_diff(model_a, model_b),
            "resume_same_val_history": [h["val_acc"] for h in hist_a] == [h["val_acc"] for h in hist_b],
            "weights_only_max_abs_diff": _max_diff(model_a, model_c),
            "uninterrupted_test_acc": evaluate(model_a, xt, yt)["acc"],
            "resumed_test_acc": evaluate(model_b, xt, yt)["acc"],
            "weights_only_test_acc": evaluate(model_c, xt, yt)["acc"],
            "checkpoint_bytes": ckpt_bytes, "weights_only_bytes": best_bytes,
            "mean_clipped_fraction": float(np.mean([h["clipped_frac"] for h in hist_a])),
            "max_grad_norm": max(h["grad_norm_max"] for h in hist_a),
        })
        r.tables["resume"] = [
            {"run": "uninterrupted", "epochs": len(hist_a), "test_acc": round(r.metrics["uninterrupted_test_acc"], 4),
             "max_abs_diff_vs_uninterrupted": 0.0},
            {"run": f"crash after {cfg.crash_after}, full resume", "epochs": len(hist_b),
             "test_acc": round(r.metrics["resumed_test_acc"], 4),
             "max_abs_diff_vs_uninterrupted": r.metrics["resume_max_abs_diff"]},
            {"run": f"crash after {cfg.crash_after}, weights only", "epochs": cfg.crash_after + len(state_c["history"]),
             "test_acc": round(r.metrics["weights_only_test_acc"], 4),
             "max_abs_diff_vs_uninterrupted": round(r.metrics["weights_only_max_abs_diff"], 6)},
        ]

        # Part 2: early stopping under label noise.
        es_idx = stratified_subset(split.y_train[train_idx], cfg.es_train, seed=cfg.split_seed)
        xe, ye = x[torch.from_numpy(es_idx).to(dev)], y[torch.from_numpy(es_idx).to(dev)].clone()
        yv_noisy = yv.clone()
        for labels in (ye, yv_noisy):  # the same noise process for training and validation labels
            flip = torch.from_numpy(lab.rng.random(len(labels)) < cfg.label_noise).to(dev)
            labels[flip] = torch.from_numpy(lab.rng.integers(0, 10, int(flip.sum()))).to(dev)
        es_cfg = TrainerConfig(epochs=cfg.es_epochs, batch_size=cfg.batch_size, lr=cfg.es_lr, schedule="constant",
                               clip_norm=None)
        with tempfile.TemporaryDirectory() as tmp, lab.progress("early stopping", 2) as advance:
            tmp = Path(tmp)
            torch.manual_seed(seed)
            full = MLP(784, cfg.es_hidden).to(dev)
            state_full = train(full, xe, ye, xv, yv_noisy, es_cfg, torch.Generator().manual_seed(seed), tmp / "full",
                               eval_sets={"test": (xt, yt)})
            best = MLP(784, cfg.es_hidden).to(dev)
            best.load_state_dict(torch.load(tmp / "full" / "best.pt"))
            advance()
            torch.manual_seed(seed)
            stopped = MLP(784, cfg.es_hidden).to(dev)
            es_patience = TrainerConfig(**{**es_cfg.__dict__, "patience": cfg.patience})
            state_es = train(stopped, xe, ye, xv, yv_noisy, es_patience, torch.Generator().manual_seed(seed),
                             tmp / "es")
            stopped.load_state_dict(torch.load(tmp / "es" / "best.pt"))
            advance()
        hist = state_full["history"]
        r.history["noisy_labels"] = hist
        r.metrics.update({
            "es_last_epoch_test_acc": evaluate(full, xt, yt)["acc"],
            "es_best_ckpt_test_acc": evaluate(best, xt, yt)["acc"],
            "es_best_epoch": state_full["best_epoch"],
            "es_stop_epoch": state_es["epoch"], "es_stopped_model_test_acc": evaluate(stopped, xt, yt)["acc"],
            "es_best_possible_test_acc_hindsight": max(h["test_acc"] for h in hist),
            "es_noisy_train_label_fraction_wrong": float((ye != y[torch.from_numpy(es_idx).to(dev)]).float().mean()),
            "es_final_train_loss": hist[-1]["train_loss"],
        })
        r.tables["early_stopping"] = [
            {"model": f"last epoch ({cfg.es_epochs})", "epoch": len(hist),
             "test_acc": round(r.metrics["es_last_epoch_test_acc"], 4)},
            {"model": "best validation checkpoint (same run)", "epoch": state_full["best_epoch"],
             "test_acc": round(r.metrics["es_best_ckpt_test_acc"], 4)},
            {"model": f"early stopping, patience {cfg.patience} (restores best)", "epoch": state_es["epoch"],
             "test_acc": round(r.metrics["es_stopped_model_test_acc"], 4)},
            {"model": "best test epoch in hindsight (not a method: selects on test)",
             "epoch": int(np.argmax([h["test_acc"] for h in hist])) + 1,
             "test_acc": round(r.metrics["es_best_possible_test_acc_hindsight"], 4)},
        ]
        lab.figure("resume", _resume_figure(hist_a, hist_b, cfg.crash_after))
        lab.figure("early_stopping", _es_figure(hist, state_full["best_epoch"], state_es["epoch"]))
        r.notes += [
            "The resumed run starts from a model built under a different random seed and an unseeded generator: "
            "everything that matters comes from last.pt.",
            "The weights-only restart continues with a fresh AdamW, a fresh warm-up + cosine schedule over the "
            "remaining epochs, and a different batch order.",
            f"Early stopping: labels of {cfg.label_noise:.0%} of the training and validation images are replaced by a "
            "uniformly random class (so about 90% of those are wrong); the test labels are clean.",
        ]
        return lab.finish(CLAIMS)


def _resume_figure(hist_a: list[dict], hist_b: list[dict], crash: int):
    fig = plots.new_figure(10, 4)
    ax_acc, ax_lr = fig.subplots(1, 2)
    ax_acc.plot([h["epoch"] for h in hist_a], [h["val_acc"] for h in hist_a], marker="o", label="uninterrupted")
    ax_acc.plot([h["epoch"] for h in hist_b], [h["val_acc"] for h in hist_b], marker="x", linestyle="--",
                label="crash + resume")
    ax_acc.axvline(crash + 0.5, color="grey", linestyle=":", label="crash")
    ax_acc.set(xlabel="epoch", ylabel="validation accuracy", title="resume reproduces the run")
    ax_acc.legend(fontsize="small")
    ax_acc.grid(alpha=0.3)
    ax_lr.plot([h["epoch"] for h in hist_a], [h["lr"] for h in hist_a], marker="o", label="learning rate")
    ax_lr.set(xlabel="epoch", ylabel="learning rate (end of epoch)", title="warm-up + cosine")
    ax2 = ax_lr.twinx()
    ax2.plot([h["epoch"] for h in hist_a], [h["grad_norm"] for h in hist_a], color="C1", marker=".",
             label="mean grad norm (before clipping)")
    ax2.plot([h["epoch"] for h in hist_a], [h["grad_norm_max"] for h in hist_a], color="C2", marker=".",
             label="max grad norm")
    ax2.set_ylabel("gradient norm")
    ax_lr.legend(loc="upper left", fontsize="small")
    ax2.legend(loc="upper right", fontsize="small")
    ax_lr.grid(alpha=0.3)
    return fig


def _es_figure(hist: list[dict], best_epoch: int, stop_epoch: int):
    fig = plots.new_figure(10, 4)
    ax_loss, ax_acc = fig.subplots(1, 2)
    ep = [h["epoch"] for h in hist]
    ax_loss.plot(ep, [h["train_loss"] for h in hist], label="train (noisy labels)")
    ax_loss.plot(ep, [h["val_loss"] for h in hist], label="validation (noisy labels)")
    ax_loss.plot(ep, [h["test_loss"] for h in hist], label="test (clean labels)")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy", yscale="log", title="memorising the noise")
    ax_loss.legend(fontsize="small")
    ax_loss.grid(alpha=0.3)
    ax_acc.plot(ep, [h["val_acc"] for h in hist], label="validation (noisy)")
    ax_acc.plot(ep, [h["test_acc"] for h in hist], label="test (clean)")
    ax_acc.axvline(best_epoch, color="C2", linestyle=":", label=f"best validation (epoch {best_epoch})")
    ax_acc.axvline(stop_epoch, color="C3", linestyle="--", label=f"early stop (epoch {stop_epoch})")
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="early stopping")
    ax_acc.legend(fontsize="small")
    ax_acc.grid(alpha=0.3)
    return fig


def check(result: LabResult) -> LabResult:
    return check_claims(result)
