"""Ensembles of small CNNs: seeds, bagging and snapshots; hard voting vs soft averaging vs the best single model.

Setting (MNIST-5k, stratified 80/20 split; 500 of the 4,000 training images held out as a
validation set): members are small CNNs (``SmallCNN`` with channels (4, 8), hidden 32, no
dropout, 13 k weights), weak enough that they disagree. Three ensembles of
``members`` models each:

    seeds      every member on the same 3,500 images, its own initialisation and batch order
    bagging    every member on its own bootstrap sample of the 3,500 (same epochs, so the same
               number of gradient steps), its own seed
    snapshots  one model trained for ``members`` cosine cycles of ``snapshot_epochs`` epochs
               with warm restarts, a snapshot after each cycle (Huang et al., 2017), compared
               with one model trained for the same total epochs with a single cosine schedule

Each ensemble is scored by hard (majority) voting and by soft averaging of probabilities,
against its mean member and against the member that is best *on the validation set* (the
test set chooses nothing). Accuracy and negative log-likelihood are on the 1,000 test images.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import torch

from dlprep.data import load_mnist5000_split
from dlprep.data.subsets import stratified_subset
from dlprep.labs import _plots as plots
from dlprep.labs._framework import Claim, LabConfig, LabResult, LabRun, check_claims
from dlprep.torchref import ensembles as E
from dlprep.torchref.cnn import CNNConfig, SmallCNN
from dlprep.torchref.training import TrainConfig, fit

KINDS = ("seeds", "bagging", "snapshots")


@dataclass
class Config(LabConfig):
    QUICK: ClassVar[dict[str, Any]] = {"members": 4, "epochs": 5, "snapshot_epochs": 3, "n_train": 2000}

    threads: int = 1  # small models: one thread avoids oversubscribing a shared CPU
    split_seed: int = 0
    n_val: int = 500  # held out of the training set to pick the "best single model"
    n_train: int = 0  # training images (class-balanced) of the 3,500 left; 0 = all
    members: int = 8
    epochs: int = 8  # per seeds / bagging member
    snapshot_epochs: int = 3  # per cosine cycle; the snapshot run lasts members * snapshot_epochs
    channels: tuple[int, int] = (4, 8)
    hidden: int = 32
    batch_size: int = 64
    lr: float = 3e-3
    weight_decay: float = 1e-4


def _m(result: LabResult, key: str) -> float:
    return result.metrics[key]


def _soft_beats_best(result: LabResult) -> tuple[bool, str]:
    soft, best, mean = _m(result, "seeds_soft_acc"), _m(result, "seeds_best_val_member_acc"), \
        _m(result, "seeds_mean_member_acc")
    slack = 0.003 if result.mode == "quick" else 0.0
    return soft >= best - slack and soft >= mean + 0.005, (
        f"seed ensemble (soft) {soft:.4f} vs best-on-validation member {best:.4f} ({soft - best:+.4f}, "
        f"needed >= {-slack:+.3f}) and mean member {mean:.4f} ({soft - mean:+.4f}, needed >= +0.005)")


def _nll_claim(result: LabResult) -> tuple[bool, str]:
    limit = 0.93 if result.mode == "quick" else 0.9
    parts, ok = [], True
    for kind in ("seeds", "bagging"):
        ens, member = _m(result, f"{kind}_soft_nll"), _m(result, f"{kind}_mean_member_nll")
        ok &= ens <= limit * member
        parts.append(f"{kind}: ensemble NLL {ens:.4f} vs mean member {member:.4f} "
                     f"(x{ens / member:.3f}, needed <= {limit})")
    return ok, "; ".join(parts)


def _bagging_claim(result: LabResult) -> tuple[bool, str]:
    bag_m, seed_m = _m(result, "bagging_mean_member_acc"), _m(result, "seeds_mean_member_acc")
    bag_gain = _m(result, "bagging_soft_acc") - bag_m
    seed_gain = _m(result, "seeds_soft_acc") - seed_m
    return bag_m < seed_m and bag_gain > seed_gain, (
        f"bagging members {bag_m:.4f} < full-data members {seed_m:.4f}; ensemble gain over the mean member: "
        f"bagging {bag_gain:+.4f} > seeds {seed_gain:+.4f}")


def _diversity_claim(result: LabResult) -> tuple[bool, str]:
    d = {k: _m(result, f"{k}_disagreement") for k in KINDS}
    return d["bagging"] > d["seeds"] > d["snapshots"], (
        f"pairwise disagreement: bagging {d['bagging']:.4f} > seeds {d['seeds']:.4f} > snapshots {d['snapshots']:.4f}")


CLAIMS = [
    Claim("ensemble_beats_best_single", "soft-averaging the seed ensemble is at least as accurate as its best member "
          "(picked on the validation set) and beats its mean member by >= 0.5 points (quick mode, 4 members: "
          "may trail the best member by 3 test images)", _soft_beats_best),
    Claim("ensemble_nll", "the averaged probabilities' test NLL is <= 0.9x the mean member's, for seeds and "
          "bagging (quick mode, 4 members: <= 0.93x)", _nll_claim),
    Claim("bagging_tradeoff", "bagging members are weaker than full-data members, but their ensemble gains more "
          "over its mean member", _bagging_claim),
    Claim("diversity_order", "members disagree most under bagging, then across seeds, least between snapshots "
          "of one run", _diversity_claim),
]


def _member(cfg: Config) -> SmallCNN:
    return SmallCNN(CNNConfig(channels=cfg.channels, hidden=cfg.hidden, dropout=0.0))


def _scores(probs: torch.Tensor, val_probs: torch.Tensor, yt: torch.Tensor, yv: torch.Tensor) -> dict[str, Any]:
    """Metrics of one ensemble from member probabilities on test (M, N, K) and validation (M, Nv, K)."""
    acc = [float((p.argmax(1) == yt).float().mean()) for p in probs]
    val_acc = [float((p.argmax(1) == yv).float().mean()) for p in val_probs]
    soft = E.soft_vote(probs)
    sizes = range(1, len(probs) + 1)
    best = int(np.argmax(val_acc))  # first best on validation
    return {
        "member_acc": acc, "member_val_acc": val_acc,
        "mean_member_acc": float(np.mean(acc)), "best_val_member_acc": acc[best], "best_val_member": best,
        "soft_acc": float((soft.argmax(1) == yt).float().mean()),
        "hard_acc": float((E.hard_vote(probs) == yt).float().mean()),
        "mean_member_nll": float(np.mean([E.nll(p, yt) for p in probs])), "soft_nll": E.nll(soft, yt),
        "disagreement": E.disagreement(probs),
        "curve_soft": [float((E.soft_vote(probs[:k]).argmax(1) == yt).float().mean()) for k in sizes],
        "curve_hard": [float((E.hard_vote(probs[:k]) == yt).float().mean()) for k in sizes],
    }


def run(cfg: Config) -> LabResult:
    with LabRun(__name__, cfg) as lab:
        dev, r = lab.device, lab.result
        split = load_mnist5000_split(seed=cfg.split_seed)
        val_idx = stratified_subset(split.y_train, cfg.n_val, seed=cfg.split_seed)
        train_idx = np.setdiff1d(np.arange(len(split.y_train)), val_idx)
        if cfg.n_train:
            train_idx = train_idx[stratified_subset(split.y_train[train_idx], cfg.n_train, seed=cfg.split_seed)]
        x, y = torch.from_numpy(split.x_train[train_idx]).to(dev), torch.from_numpy(split.y_train[train_idx]).to(dev)
        xv, yv = torch.from_numpy(split.x_train[val_idx]).to(dev), torch.from_numpy(split.y_train[val_idx]).to(dev)
        xt, yt = torch.from_numpy(split.x_test).to(dev), torch.from_numpy(split.y_test).to(dev)
        train_cfg = TrainConfig(epochs=cfg.epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                                weight_decay=cfg.weight_decay)
        models: dict[str, list] = {"seeds": [], "bagging": []}
        unique = []
        with lab.progress("members", 2 * cfg.members) as advance:
            for m in range(cfg.members):
                for kind in ("seeds", "bagging"):
                    seed = cfg.seed * 1000 + m  # member m of both ensembles: same init and batch-order seed
                    torch.manual_seed(seed)
                    gen = torch.Generator().manual_seed(seed)
                    net = _member(cfg).to(dev)
                    rows = torch.arange(len(x), device=dev)
                    if kind == "bagging":
                        rows = E.bootstrap_indices(len(x), torch.Generator().manual_seed(10_000 + seed)).to(dev)
                        unique.append(len(torch.unique(rows)) / len(x))
                    hist = fit(net, x[rows], y[rows], train_cfg, gen,
                               eval_sets={"test": (xt, yt)} if m == 0 else None)
                    if m == 0:
                        r.history[f"{kind}_member0"] = hist
                    models[kind].append(net)
                    advance()

        # Snapshots: one run of ``members`` cosine cycles vs one run of the same length, one cosine.
        snap_cfg = TrainConfig(epochs=cfg.snapshot_epochs, batch_size=cfg.batch_size, lr=cfg.lr,
                               weight_decay=cfg.weight_decay)
        total = cfg.members * cfg.snapshot_epochs
        with lab.progress("snapshots", 2) as advance:
            torch.manual_seed(cfg.seed * 1000)
            net = _member(cfg).to(dev)
            models["snapshots"], r.history["snapshot_run"] = E.snapshot_ensemble(
                net, x, y, cfg.members, snap_cfg, torch.Generator().manual_seed(cfg.seed * 1000))
            advance()
            torch.manual_seed(cfg.seed * 1000)
            single = _member(cfg).to(dev)
            one_cycle = TrainConfig(epochs=total, batch_size=cfg.batch_size, lr=cfg.lr, weight_decay=cfg.weight_decay)
            r.history["single_same_budget"] = fit(single, x, y, one_cycle,
                                                  torch.Generator().manual_seed(cfg.seed * 1000),
                                                  eval_sets={"test": (xt, yt)})
            advance()

        scores = {}
        for kind in KINDS:
            scores[kind] = _scores(E.member_probs(models[kind], xt), E.member_probs(models[kind], xv), yt, yv)
            for key in ("mean_member_acc", "best_val_member_acc", "soft_acc", "hard_acc", "mean_member_nll",
                        "soft_nll", "disagreement"):
                r.metrics[f"{kind}_{key}"] = scores[kind][key]
        single_probs = E.member_probs([single], xt)[0]
        r.metrics.update({
            "single_same_budget_acc": float((single_probs.argmax(1) == yt).float().mean()),
            "single_same_budget_nll": E.nll(single_probs, yt),
            "snapshot_last_acc": scores["snapshots"]["member_acc"][-1],
            "bootstrap_unique_fraction": float(np.mean(unique)), "members": cfg.members,
            "member_params": sum(p.numel() for p in _member(cfg).parameters()),
            "n_train": len(x), "n_val": len(xv), "n_test": len(xt),
        })
        r.tables["ensembles"] = [
            {"ensemble": kind, "members": cfg.members, "mean_member_acc": round(s["mean_member_acc"], 4),
             "best_val_member_acc": round(s["best_val_member_acc"], 4),
             "max_member_test_acc": round(max(s["member_acc"]), 4),
             "hard_vote_acc": round(s["hard_acc"], 4), "soft_avg_acc": round(s["soft_acc"], 4),
             "gain_soft_over_best_val": round(s["soft_acc"] - s["best_val_member_acc"], 4),
             "mean_member_nll": round(s["mean_member_nll"], 4), "soft_nll": round(s["soft_nll"], 4),
             "disagreement": round(s["disagreement"], 4)}
            for kind, s in scores.items()]
        r.tables["ensembles"].append(
            {"ensemble": f"single model, {total} epochs (snapshot budget)", "members": 1,
             "mean_member_acc": round(r.metrics["single_same_budget_acc"], 4),
             "soft_avg_acc": round(r.metrics["single_same_budget_acc"], 4),
             "soft_nll": round(r.metrics["single_same_budget_nll"], 4)})
        r.tables["members"] = [
            {"ensemble": kind, "member": i, "val_acc": round(s["member_val_acc"][i], 4),
             "test_acc": round(s["member_acc"][i], 4)}
            for kind, s in scores.items() for i in range(cfg.members)]

        ks = list(range(1, cfg.members + 1))
        series = {}
        for kind in KINDS:
            series[f"{kind} soft"] = scores[kind]["curve_soft"]
            series[f"{kind} hard"] = scores[kind]["curve_hard"]
        lab.figure("size_curve", plots.lines(ks, series, "ensemble size (first k members)", "test accuracy",
                                             title="accuracy vs ensemble size",
                                             hlines={"single, snapshot budget": r.metrics["single_same_budget_acc"]}))
        names = [f"{k}\n{v}" for k in KINDS for v in ("best member", "hard", "soft")]
        values = [scores[k][key] for k in KINDS for key in ("best_val_member_acc", "hard_acc", "soft_acc")]
        lo = max(0.0, np.floor(min(values) * 50) / 50 - 0.01)
        lab.figure("voting", plots.bars(names, values, "test accuracy", "best member (by validation) vs hard vs soft",
                                        ylim=(lo, 1.0), fmt="{:.3f}"))
        lab.figure("snapshot_lr", _snapshot_figure(r.history))
        r.notes += [
            "Member m of the seed and bagging ensembles shares its initialisation and batch-order seed; bagging "
            "members train on a bootstrap sample of the same size, so every member takes the same number of steps.",
            "The best single member is chosen on the 500 validation images; accuracies differ by 0.001 per test image.",
            "Hard-vote ties go to the tied class with the highest mean probability. Soft and hard voting differ by "
            "a few test images either way: the lab reports them but claims no winner.",
        ]
        return lab.finish(CLAIMS)


def _snapshot_figure(history: dict[str, list[dict[str, float]]]):
    fig = plots.new_figure(10, 4)
    ax_lr, ax_loss = fig.subplots(1, 2)
    snap, single = history["snapshot_run"], history["single_same_budget"]
    ax_lr.plot([h["epoch"] for h in snap], [h["lr"] for h in snap], marker=".", label="snapshot run (restarts)")
    ax_lr.plot([h["epoch"] for h in single], [h["lr"] for h in single], marker=".", label="single cosine")
    ax_lr.set(xlabel="epoch", ylabel="learning rate at epoch start", title="learning-rate schedules")
    ax_lr.legend(fontsize="small")
    ax_lr.grid(alpha=0.3)
    ax_loss.plot([h["epoch"] for h in snap], [h["train_loss"] for h in snap], label="snapshot run")
    ax_loss.plot([h["epoch"] for h in single], [h["train_loss"] for h in single], label="single cosine")
    ax_loss.set(xlabel="epoch", ylabel="training loss", yscale="log", title="training loss")
    ax_loss.legend(fontsize="small")
    ax_loss.grid(alpha=0.3)
    return fig


def check(result: LabResult) -> LabResult:
    return check_claims(result)
