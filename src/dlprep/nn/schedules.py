"""Learning-rate schedules: each sets ``optimizer.lr`` as a function of the step t.

    StepLR              η_t = η₀ γ^⌊t/s⌋
    ExponentialLR       η_t = η₀ γ^t
    CosineAnnealingLR   η_t = η_min + ½(η₀ - η_min)(1 + cos(π t / T))
    warmup_cosine       η_t = η₀ (t+1)/W  for t < W,  then cosine from η₀ to η_min over T - W steps
    ReduceLROnPlateau   η ← max(η·f, η_min) after more than `patience` steps without improvement

The closed-form schedules match ``torch.optim.lr_scheduler``: η₀ is the optimizer's lr at
construction, ``step()`` advances t by one, usually once per epoch after the optimizer step.
"""

from __future__ import annotations

import math

from dlprep.nn.optim import Optimizer


class LRScheduler:
    """Base for closed-form schedules: ``lr_at(t)`` is the rate for step t."""

    def __init__(self, optimizer: Optimizer):
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_step = 0

    def lr_at(self, t: int) -> float:
        raise NotImplementedError

    def step(self) -> None:
        self.last_step += 1
        self.optimizer.lr = self.lr_at(self.last_step)


class StepLR(LRScheduler):
    """Multiply the rate by ``gamma`` every ``step_size`` steps."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1):
        if step_size < 1:
            raise ValueError(f"step_size must be >= 1, got {step_size}")
        super().__init__(optimizer)
        self.step_size, self.gamma = step_size, gamma

    def lr_at(self, t):
        return self.base_lr * self.gamma ** (t // self.step_size)


class ExponentialLR(LRScheduler):
    """Multiply the rate by ``gamma`` every step."""

    def __init__(self, optimizer: Optimizer, gamma: float):
        super().__init__(optimizer)
        self.gamma = gamma

    def lr_at(self, t):
        return self.base_lr * self.gamma**t


class CosineAnnealingLR(LRScheduler):
    """Half a cosine from η₀ down to ``eta_min`` over ``t_max`` steps (torch's closed form;
    past ``t_max`` the cosine continues, so the rate rises again, as in torch).
    """

    def __init__(self, optimizer: Optimizer, t_max: int, eta_min: float = 0.0):
        if t_max < 1:
            raise ValueError(f"t_max must be >= 1, got {t_max}")
        super().__init__(optimizer)
        self.t_max, self.eta_min = t_max, eta_min

    def lr_at(self, t):
        return self.eta_min + 0.5 * (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * t / self.t_max))


def warmup_cosine(step: int, base_lr: float, warmup_steps: int, total_steps: int,
                  min_lr: float = 0.0) -> float:
    """Linear warmup then cosine decay, the usual transformer recipe.

    For t < W the rate climbs η₀/W, 2η₀/W, ..., η₀ (never 0, so no step is wasted); from
    t = W it follows a half cosine from η₀ to ``min_lr`` reached at t = ``total_steps``
    and held after. Large models need the warmup because Adam's early v̂ estimates are
    noisy and big early steps can diverge.
    """
    if not 0 <= warmup_steps < total_steps:
        raise ValueError(f"need 0 <= warmup_steps < total_steps, got {warmup_steps} and {total_steps}")
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    progress = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress))


class WarmupCosineLR(LRScheduler):
    """``warmup_cosine`` as a scheduler; ``optimizer.lr`` is set for step 0 at construction."""

    def __init__(self, optimizer: Optimizer, warmup_steps: int, total_steps: int, min_lr: float = 0.0):
        super().__init__(optimizer)
        self.warmup_steps, self.total_steps, self.min_lr = warmup_steps, total_steps, min_lr
        optimizer.lr = self.lr_at(0)

    def lr_at(self, t):
        return warmup_cosine(t, self.base_lr, self.warmup_steps, self.total_steps, self.min_lr)


class ReduceLROnPlateau:
    """Cut the rate by ``factor`` when a monitored metric stops improving (torch semantics).

    ``step(metric)`` counts a step as an improvement if metric < best·(1 - threshold) in
    mode 'min' (> best·(1 + threshold) in 'max'; the relative threshold of torch's default
    ``threshold_mode='rel'``). After more than ``patience`` bad steps in a row the rate
    becomes max(lr·factor, min_lr), and the next ``cooldown`` steps are not counted.
    (torch also skips a cut smaller than 1e-8 in absolute terms; that only matters once
    the rate is already below ~1e-8, so it is left out.)
    """

    def __init__(self, optimizer: Optimizer, mode: str = "min", factor: float = 0.1, patience: int = 10,
                 threshold: float = 1e-4, cooldown: int = 0, min_lr: float = 0.0):
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        if not 0.0 < factor < 1.0:
            raise ValueError(f"factor must be in (0, 1), got {factor}")
        if patience < 0 or cooldown < 0 or threshold < 0:
            raise ValueError("patience, cooldown and threshold must be >= 0")
        self.optimizer = optimizer
        self.mode, self.factor, self.patience = mode, factor, patience
        self.threshold, self.cooldown, self.min_lr = threshold, cooldown, min_lr
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_steps = 0
        self.cooldown_left = 0

    def _is_improvement(self, metric: float) -> bool:
        if self.mode == "min":
            return metric < self.best * (1 - self.threshold)
        return metric > self.best * (1 + self.threshold)

    def step(self, metric: float) -> None:
        metric = float(metric)
        if self._is_improvement(metric):
            self.best, self.num_bad_steps = metric, 0
        else:
            self.num_bad_steps += 1
        if self.cooldown_left > 0:
            self.cooldown_left -= 1
            self.num_bad_steps = 0
        if self.num_bad_steps > self.patience:
            self.optimizer.lr = max(self.optimizer.lr * self.factor, self.min_lr)
            self.cooldown_left, self.num_bad_steps = self.cooldown, 0
