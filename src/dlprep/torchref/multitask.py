"""Multi-task learning with hard parameter sharing: one trunk, one head per task.

A shared trunk h = f_θ(x) feeds T task heads g_t; training minimises a weighted sum of the
task losses over the batch,

    L(θ, φ_1..φ_T) = Σ_t λ_t · ℓ_t(g_{φ_t}(f_θ(x)), y_t)

so the trunk's gradient is the weighted sum of every task's gradient,
∇_θ L = Σ_t λ_t ∇_θ ℓ_t: each task acts as a regulariser (an inductive bias) on the features
the others use. That helps when the tasks need similar features and one task has little
data or a weak signal; it hurts ("negative transfer") when their gradients conflict
(cos(∇_θ ℓ_1, ∇_θ ℓ_2) < 0) or when one loss's scale swamps the others, which is why the
λ_t matter: cross-entropy and squared error live on different scales.

Here the trunk is an MLP (x (N, D) -> (N, H)) and every head is one Linear layer; a
single-task model is the same class with one head. Targets are a dict {task: (N,)}; a
classification task uses cross-entropy on integer labels, a regression task (``n_out``
= 1) the mean squared error on float targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlprep.torchref.training import TrainConfig, make_optimizer, minibatches


@dataclass
class MultiTaskConfig:
    in_features: int = 784
    hidden: tuple[int, ...] = (128, 128)  # the shared trunk
    # task -> number of outputs (1 = a regression task)
    heads: dict[str, int] = field(default_factory=lambda: {"digit": 10, "parity": 2})


class MultiTaskNet(nn.Module):
    def __init__(self, cfg: MultiTaskConfig):
        super().__init__()
        layers: list[nn.Module] = [nn.Flatten()]
        width = cfg.in_features
        for h in cfg.hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        self.trunk = nn.Sequential(*layers)  # (N, 1, H, W) or (N, D) -> (N, hidden[-1])
        self.heads = nn.ModuleDict({task: nn.Linear(width, n_out) for task, n_out in cfg.heads.items()})

    def forward(self, x: Tensor) -> dict[str, Tensor]:
        h = self.trunk(x)  # (N, H)
        return {task: head(h) for task, head in self.heads.items()}  # task -> (N, n_out)


def task_loss(output: Tensor, target: Tensor) -> Tensor:
    """Cross-entropy for a classification head, mean squared error for a one-output head."""
    if output.shape[1] == 1:
        return F.mse_loss(output[:, 0], target)
    return F.cross_entropy(output, target)


def multitask_loss(outputs: dict[str, Tensor], targets: dict[str, Tensor],
                   weights: dict[str, float]) -> tuple[Tensor, dict[str, float]]:
    """Σ_t λ_t ℓ_t over the tasks the model has; returns the total and each task's loss."""
    parts = {task: task_loss(out, targets[task]) for task, out in outputs.items()}
    total = sum(weights.get(task, 1.0) * loss for task, loss in parts.items())
    return total, {task: loss.item() for task, loss in parts.items()}


def fit_multitask(model: MultiTaskNet, x: Tensor, targets: dict[str, Tensor], cfg: TrainConfig,
                  generator: torch.Generator, weights: dict[str, float] | None = None) -> list[dict[str, float]]:
    """Minibatch training of every head at once (cosine schedule per step); one record per epoch."""
    weights = weights or {}
    opt = make_optimizer(model, cfg)
    steps = cfg.epochs * -(-len(x) // cfg.batch_size)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(steps, 1))
    history = []
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        sums: dict[str, float] = {}
        n_batches = 0
        for idx in minibatches(len(x), cfg.batch_size, generator):
            idx = idx.to(x.device)
            outputs = model(x[idx])
            loss, parts = multitask_loss(outputs, {t: y[idx] for t, y in targets.items()}, weights)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            for task, value in parts.items():
                sums[task] = sums.get(task, 0.0) + value
            n_batches += 1
        history.append({"epoch": epoch, **{f"train_loss_{t}": v / n_batches for t, v in sums.items()}})
    return history


@torch.no_grad()
def predict_tasks(model: MultiTaskNet, x: Tensor) -> dict[str, Tensor]:
    """Each head's output on x in eval mode: class labels (N,) or regression values (N,)."""
    model.eval()
    out = model(x)
    return {task: (o[:, 0] if o.shape[1] == 1 else o.argmax(1)) for task, o in out.items()}


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
