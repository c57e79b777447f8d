"""A training loop done right: validation split, schedule, clipping, logging, checkpoints, early stopping, resume.

Per step t (of T = epochs · steps per epoch) the update is

    g_t = ∇_θ (1/B) Σ_{i∈batch_t} ℓ(f_θ(x_i), y_i)
    g_t ← g_t · min(1, c / ‖g_t‖₂)                        (clip the global norm at c)
    η_t = η_0 · t / W                        for t < W     (linear warm-up)
    η_t = η_0 · (1 + cos(π (t - W) / (T - W))) / 2         (cosine decay to 0)
    θ_{t+1} = AdamW(θ_t, g_t, η_t)

and after every epoch the model is scored on a validation set (never the test set). Early
stopping keeps the epoch e* = argmax_e val_acc(e) (improvements must exceed ``min_delta``),
saves that model to ``best.pt``, and stops after ``patience`` epochs without improvement.

``last.pt`` holds everything the next epoch depends on: model weights and buffers (batch-norm
statistics), optimiser state (Adam's moments and step counts), scheduler state, the epoch,
the early-stopping counters, the history, and the random-number state (the batch-order
generator and torch's global generator, which drives dropout). Restoring all of it makes a
resumed run continue bit for bit like the uninterrupted one on the CPU; restoring only the
weights does not.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlprep.torchref.training import evaluate, minibatches


@dataclass
class TrainerConfig:
    epochs: int = 20
    batch_size: int = 64
    lr: float = 1e-3
    weight_decay: float = 0.0
    warmup_steps: int = 0
    schedule: str = "cosine"  # "cosine" (after warm-up) or "constant"
    clip_norm: float | None = 1.0  # max global gradient norm; None = no clipping
    patience: int | None = None  # epochs without improvement before stopping; None = never stop
    min_delta: float = 0.0  # an improvement must beat the best val_acc by more than this


def lr_lambda(cfg: TrainerConfig, total_steps: int):
    """Multiplier of the base learning rate at step t: linear warm-up, then cosine (or constant)."""
    def factor(t: int) -> float:
        if t < cfg.warmup_steps:
            return (t + 1) / cfg.warmup_steps
        if cfg.schedule == "constant":
            return 1.0
        progress = (t - cfg.warmup_steps) / max(1, total_steps - cfg.warmup_steps)
        return 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
    return factor


def make_state(model: nn.Module, cfg: TrainerConfig, n_train: int) -> dict:
    """Optimiser, scheduler and bookkeeping for a fresh run."""
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    total = cfg.epochs * -(-n_train // cfg.batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda(cfg, total))
    return {"opt": opt, "sched": sched, "epoch": 0, "best_acc": -1.0, "best_epoch": 0, "bad_epochs": 0,
            "history": [], "stopped": False}


def save_checkpoint(path: Path, model: nn.Module, state: dict, generator: torch.Generator,
                    cfg: TrainerConfig) -> None:
    """Everything the next epoch depends on, written atomically (a crash mid-write keeps the old file)."""
    payload = {
        "model": model.state_dict(), "opt": state["opt"].state_dict(), "sched": state["sched"].state_dict(),
        **{k: state[k] for k in ("epoch", "best_acc", "best_epoch", "bad_epochs", "history", "stopped")},
        "generator": generator.get_state(), "torch_rng": torch.get_rng_state(), "config": asdict(cfg),
    }
    if torch.cuda.is_available():
        payload["cuda_rng"] = torch.cuda.get_rng_state_all()
    tmp = path.with_suffix(".tmp")
    torch.save(payload, tmp)
    tmp.replace(path)


def load_checkpoint(path: Path, model: nn.Module, state: dict, generator: torch.Generator) -> None:
    """Restore model, optimiser, scheduler, counters and random state in place from ``save_checkpoint``."""
    payload = torch.load(path, weights_only=False)
    model.load_state_dict(payload["model"])
    state["opt"].load_state_dict(payload["opt"])
    state["sched"].load_state_dict(payload["sched"])
    for k in ("epoch", "best_acc", "best_epoch", "bad_epochs", "history", "stopped"):
        state[k] = payload[k]
    generator.set_state(payload["generator"])
    torch.set_rng_state(payload["torch_rng"])
    if "cuda_rng" in payload and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(payload["cuda_rng"])


def train(model: nn.Module, x: Tensor, y: Tensor, x_val: Tensor, y_val: Tensor, cfg: TrainerConfig,
          generator: torch.Generator, ckpt_dir: Path, *, resume: bool = False, stop_after: int | None = None,
          eval_sets: dict[str, tuple[Tensor, Tensor]] | None = None, log=None) -> dict:
    """Train with validation, clipping, schedule, checkpoints and early stopping; returns the state.

    ``resume`` continues from ``ckpt_dir/last.pt`` if it exists. ``stop_after`` ends the call
    after that epoch as if the process had crashed (the checkpoint is already on disk).
    ``eval_sets`` are scored each epoch for the log only (e.g. the test set: never selects).
    """
    ckpt_dir = Path(ckpt_dir)
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    state = make_state(model, cfg, len(x))
    if resume and (ckpt_dir / "last.pt").exists():
        load_checkpoint(ckpt_dir / "last.pt", model, state, generator)
    while state["epoch"] < cfg.epochs and not state["stopped"]:
        t0 = time.perf_counter()
        model.train()
        loss_sum, n_seen, norms, clipped = 0.0, 0, [], 0
        for idx in minibatches(len(x), cfg.batch_size, generator):
            idx = idx.to(x.device)
            loss = F.cross_entropy(model(x[idx]), y[idx])
            state["opt"].zero_grad(set_to_none=True)
            loss.backward()
            if cfg.clip_norm is not None:
                norm = float(nn.utils.clip_grad_norm_(model.parameters(), cfg.clip_norm))  # norm before clipping
                clipped += norm > cfg.clip_norm
                norms.append(norm)
            state["opt"].step()
            state["sched"].step()
            loss_sum += loss.item() * len(idx)
            n_seen += len(idx)
        state["epoch"] += 1
        val = evaluate(model, x_val, y_val)
        record = {"epoch": state["epoch"], "lr": state["sched"].get_last_lr()[0], "train_loss": loss_sum / n_seen,
                  "val_loss": val["loss"], "val_acc": val["acc"]}
        if norms:
            record.update(grad_norm=sum(norms) / len(norms), grad_norm_max=max(norms),
                          clipped_frac=clipped / len(norms))
        for name, (xe, ye) in (eval_sets or {}).items():
            scores = evaluate(model, xe, ye)
            record[f"{name}_loss"], record[f"{name}_acc"] = scores["loss"], scores["acc"]
        if val["acc"] > state["best_acc"] + cfg.min_delta:  # improvement: keep this model
            state.update(best_acc=val["acc"], best_epoch=state["epoch"], bad_epochs=0)
            torch.save(model.state_dict(), ckpt_dir / "best.pt")
        else:
            state["bad_epochs"] += 1
            if cfg.patience is not None and state["bad_epochs"] >= cfg.patience:
                state["stopped"] = True
        record["seconds"] = time.perf_counter() - t0
        state["history"].append(record)
        if log is not None:
            log(record)
        save_checkpoint(ckpt_dir / "last.pt", model, state, generator, cfg)
        if stop_after is not None and state["epoch"] >= stop_after:
            break
    return state
