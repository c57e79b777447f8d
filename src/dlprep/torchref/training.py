"""Train and evaluate a classifier: the loop every lab runs.

Minibatch training minimises the empirical risk with stochastic gradient steps

    L(θ) = (1/N) Σ_i ℓ(f_θ(x_i), y_i),      θ_{t+1} = θ_t - η_t · u_t(∇_θ (1/B) Σ_{i∈batch_t} ℓ_i)

where u_t is the optimiser's update (AdamW, or SGD with momentum) and, with
``schedule="cosine"``, the learning rate decays per step as η_t = η_0 · (1 + cos(π t / T)) / 2
over the T steps of the run.

The datasets here are a few MB, so they live as tensors on the device and a minibatch is
an index tensor into them: no DataLoader, no worker processes, and the same code runs on
CPU and CUDA. The loss is a function ``loss_fn(logits, idx)`` of the batch's logits and its
row indices, so one loop trains on labels (``cross_entropy(y)``) or on a teacher's logits
(see ``dlprep.torchref.distillation``). A label of -1 marks an unlabelled row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

LossFn = Callable[[Tensor, Tensor], Tensor]  # (logits (B, C), row indices (B,)) -> scalar loss
Augment = Callable[[Tensor, torch.Generator], Tensor]  # (images (B, ...), generator) -> images


def resolve_device(name: str = "auto") -> torch.device:
    """``auto`` picks CUDA when ``torch.cuda.is_available()``, else the CPU."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name != "cpu" and not (name == "cuda" or name.startswith("cuda:")):
        raise ValueError(f"device must be auto, cpu, cuda or cuda:N, not {name!r}")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device {name!r} asked for, but this PyTorch sees no CUDA GPU (use auto or cpu)")
    return torch.device(name)


def describe_device(device: torch.device) -> str:
    """``cpu (2 threads)`` or ``cuda:0 (NVIDIA H100 80GB HBM3)``."""
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        return f"cuda:{index} ({torch.cuda.get_device_name(index)})"
    n = torch.get_num_threads()
    return f"cpu ({n} thread{'' if n == 1 else 's'})"


def seed_everything(seed: int) -> torch.Generator:
    """Seed torch's global generators (CPU and every GPU); return a CPU generator for shuffling.

    Weight initialisation draws from the global generator, so build models after this call.
    """
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def autocast(device: torch.device, enabled: bool):
    """bfloat16 autocast on CPU or CUDA when enabled (no loss scaling needed for bf16)."""
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=enabled)


def minibatches(n: int, batch_size: int, generator: torch.Generator | None = None,
                shuffle: bool = True) -> Iterator[Tensor]:
    """Index tensors (B,) covering 0..n-1 once, in a random order drawn from ``generator``."""
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def cross_entropy(y: Tensor) -> LossFn:
    """The usual loss: mean cross-entropy against the labels ``y`` (N,) of the batch's rows."""
    return lambda logits, idx: F.cross_entropy(logits, y[idx])


@dataclass
class TrainConfig:
    epochs: int = 10
    batch_size: int = 64
    lr: float = 1e-3
    optimizer: str = "adam"  # "adam" (AdamW: decoupled weight decay) or "sgd" (momentum)
    momentum: float = 0.9
    weight_decay: float = 0.0
    schedule: str = "cosine"  # "cosine" (per-step decay to 0) or "constant"
    amp: bool = False  # bfloat16 autocast for forward passes


def make_optimizer(model: nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    if cfg.optimizer == "adam":
        return torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum,
                               weight_decay=cfg.weight_decay)
    raise ValueError(f"optimizer must be 'adam' or 'sgd', not {cfg.optimizer!r}")


def train_epoch(model: nn.Module, x: Tensor, y: Tensor, loss_fn: LossFn, opt: torch.optim.Optimizer,
                cfg: TrainConfig, generator: torch.Generator, sched=None,
                augment: Augment | None = None) -> dict[str, float]:
    """One pass over ``x`` (N, ...) in shuffled minibatches; returns the mean loss and accuracy.

    Accuracy counts only labelled rows (y >= 0). A last batch of one row is skipped: batch
    norm cannot normalise a single sample (it is a different row each epoch).
    """
    model.train()
    device = x.device
    total_loss, n_seen, n_correct, n_labelled = 0.0, 0, 0, 0
    for idx in minibatches(len(x), cfg.batch_size, generator):
        if len(idx) < 2:
            continue
        idx = idx.to(device)
        xb = x[idx]  # (B, ...)
        if augment is not None:
            xb = augment(xb, generator)
        with autocast(device, cfg.amp):
            logits = model(xb)  # (B, C)
            loss = loss_fn(logits.float(), idx)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
        yb = y[idx]
        labelled = yb >= 0
        total_loss += loss.item() * len(idx)
        n_seen += len(idx)
        n_correct += int((logits.argmax(1)[labelled] == yb[labelled]).sum())
        n_labelled += int(labelled.sum())
    return {"loss": total_loss / max(n_seen, 1), "acc": n_correct / max(n_labelled, 1)}


@torch.no_grad()
def predict(model: nn.Module, x: Tensor, batch_size: int = 1000, amp: bool = False) -> Tensor:
    """Logits (N, C) in float32, in eval mode (dropout off, batch norm uses running stats)."""
    model.eval()
    out = []
    for start in range(0, len(x), batch_size):
        with autocast(x.device, amp):
            out.append(model(x[start:start + batch_size]).float())
    return torch.cat(out)


def evaluate(model: nn.Module, x: Tensor, y: Tensor, batch_size: int = 1000, amp: bool = False
             ) -> dict[str, float]:
    """Mean cross-entropy and accuracy on (x, y)."""
    logits = predict(model, x, batch_size, amp)
    return {"loss": F.cross_entropy(logits, y).item(), "acc": (logits.argmax(1) == y).float().mean().item()}


def fit(model: nn.Module, x: Tensor, y: Tensor, cfg: TrainConfig, generator: torch.Generator, *,
        loss_fn: LossFn | None = None, eval_sets: dict[str, tuple[Tensor, Tensor]] | None = None,
        augment: Augment | None = None,
        on_epoch: Callable[[dict[str, float]], None] | None = None) -> list[dict[str, float]]:
    """Train ``model`` for ``cfg.epochs``; return one record per epoch.

    A record holds epoch, lr, train_loss, train_acc, ``<name>_loss`` and ``<name>_acc`` for
    each of ``eval_sets`` (evaluated after the epoch, for curves only: nothing is selected
    on them) and the epoch's seconds. ``on_epoch(record)`` is called after each epoch.
    """
    if "train" in (eval_sets or {}):
        raise ValueError("an eval set may not be called 'train': its keys would clash with train_loss/acc")
    loss_fn = loss_fn or cross_entropy(y)
    opt = make_optimizer(model, cfg)
    steps = cfg.epochs * -(-len(x) // cfg.batch_size)
    sched = None
    if cfg.schedule == "cosine":
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(steps, 1))
    elif cfg.schedule != "constant":
        raise ValueError(f"schedule must be 'cosine' or 'constant', not {cfg.schedule!r}")
    history = []
    for epoch in range(1, cfg.epochs + 1):
        t0 = time.perf_counter()
        lr = opt.param_groups[0]["lr"]
        train = train_epoch(model, x, y, loss_fn, opt, cfg, generator, sched, augment)
        record = {"epoch": epoch, "lr": lr, "train_loss": train["loss"], "train_acc": train["acc"]}
        for name, (xe, ye) in (eval_sets or {}).items():
            scores = evaluate(model, xe, ye, amp=cfg.amp)
            record[f"{name}_loss"], record[f"{name}_acc"] = scores["loss"], scores["acc"]
        record["seconds"] = time.perf_counter() - t0
        history.append(record)
        if on_epoch is not None:
            on_epoch(record)
    return history
