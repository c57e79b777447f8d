"""Gradient clipping, explicit weight penalties and early stopping.

    clip by value        g ← clip(g, -c, c)                       (per coordinate; changes direction)
    clip by global norm  g ← g · min(1, c / (‖g‖ + 1e-6)),  ‖g‖ = ‖(‖g₁‖, ‖g₂‖, ...)‖
                         (all parameters scaled together, so the update direction is kept)
    L2 penalty           R = (λ/2) Σ θ²,   ∂R/∂θ = λθ        (= SGD's weight_decay=λ)
    L1 penalty           R = λ Σ |θ|,      ∂R/∂θ = λ·sign(θ) (pushes weights to exactly 0)

Clipping follows ``torch.nn.utils.clip_grad_norm_`` / ``clip_grad_value_``: it edits
``p.grad`` in place, between ``backward`` and ``optimizer.step()``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dlprep.nn.module import Parameter


def clip_grad_value_(params: Iterable[Parameter], clip_value: float) -> None:
    """Clamp every gradient coordinate to [-clip_value, clip_value], in place."""
    if clip_value < 0:
        raise ValueError(f"clip_value must be >= 0, got {clip_value}")
    for p in params:
        np.clip(p.grad, -clip_value, clip_value, out=p.grad)


def clip_grad_norm_(params: Iterable[Parameter], max_norm: float, norm_type: float = 2.0) -> float:
    """Rescale all gradients so their joint ``norm_type``-norm is at most ``max_norm``.

    Returns the norm *before* clipping (worth logging: spikes reveal instability). The
    1e-6 keeps the division finite for zero gradients, exactly as torch does.
    """
    params = list(params)
    if max_norm < 0:
        raise ValueError(f"max_norm must be >= 0, got {max_norm}")
    if not (norm_type == np.inf or norm_type > 0):
        raise ValueError(f"norm_type must be positive or inf, got {norm_type}")
    if not params:
        return 0.0
    per_param = np.array([np.linalg.norm(p.grad.ravel(), ord=norm_type) for p in params])
    total = float(np.linalg.norm(per_param, ord=norm_type))
    scale = min(1.0, max_norm / (total + 1e-6))
    for p in params:
        p.grad *= scale
    return total


def l2_penalty(params: Iterable[Parameter], lam: float) -> float:
    """(λ/2) Σ θ² over ``params`` (pass weights only: biases are usually not penalised)."""
    return 0.5 * lam * sum(float(np.sum(p.data**2)) for p in params)


def add_l2_grad(params: Iterable[Parameter], lam: float) -> None:
    """Add ∂/∂θ of ``l2_penalty`` (λθ) into each ``p.grad``."""
    for p in params:
        p.grad += lam * p.data


def l1_penalty(params: Iterable[Parameter], lam: float) -> float:
    """λ Σ |θ| over ``params``."""
    return lam * sum(float(np.sum(np.abs(p.data))) for p in params)


def add_l1_grad(params: Iterable[Parameter], lam: float) -> None:
    """Add the subgradient of ``l1_penalty`` (λ·sign(θ), 0 at θ = 0) into each ``p.grad``."""
    for p in params:
        p.grad += lam * np.sign(p.data)


class EarlyStopping:
    """Stop when a validation metric has not improved for ``patience`` epochs; keep the best weights.

    ``step(metric)`` returns True when training should stop. A step improves if metric <
    best - min_delta (mode 'min'; > best + min_delta in mode 'max'); each improvement
    snapshots the parameters, and ``restore_best()`` copies that snapshot back in place.

        stopper = EarlyStopping(model.parameters(), patience=5)
        for epoch in range(100):
            ...train one epoch...
            if stopper.step(val_loss):
                break
        stopper.restore_best()
    """

    def __init__(self, params: Iterable[Parameter], patience: int = 5, min_delta: float = 0.0,
                 mode: str = "min"):
        if patience < 1:
            raise ValueError(f"patience must be >= 1, got {patience}")
        if min_delta < 0:
            raise ValueError(f"min_delta must be >= 0, got {min_delta}")
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        self.params = list(params)
        self.patience, self.min_delta, self.mode = patience, min_delta, mode
        self.best = np.inf if mode == "min" else -np.inf
        self.best_step = -1
        self.num_steps = 0
        self.num_bad_steps = 0
        self._best_data: list[np.ndarray] | None = None

    def step(self, metric: float) -> bool:
        metric = float(metric)
        improved = (metric < self.best - self.min_delta if self.mode == "min"
                    else metric > self.best + self.min_delta)
        if improved:
            self.best, self.best_step, self.num_bad_steps = metric, self.num_steps, 0
            self._best_data = [p.data.copy() for p in self.params]
        else:
            self.num_bad_steps += 1
        self.num_steps += 1
        return self.num_bad_steps >= self.patience

    def restore_best(self) -> None:
        if self._best_data is None:
            raise RuntimeError("no metric recorded yet: call step() before restore_best()")
        for p, best in zip(self.params, self._best_data, strict=True):
            p.data[...] = best
