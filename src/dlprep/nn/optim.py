"""First-order optimizers, update rules identical to ``torch.optim`` (tested to 1e-10).

Each reads p.grad and updates p.data in place. With g = ∇L(θ) + λθ (L2 weight decay
folded into the gradient, as torch does for every optimizer here except AdamW):

    SGD       b ← μb + (1 - τ)g  (b₁ = g);   θ ← θ - η·b   (Nesterov: θ ← θ - η(g + μb))
    Adagrad   s ← s + g²;                    θ ← θ - η·g / (√s + ε)
    RMSprop   v ← αv + (1 - α)g²;            θ ← θ - η·g / (√v + ε)
    Adam      m ← β₁m + (1 - β₁)g,  v ← β₂v + (1 - β₂)g²
              θ ← θ - η·m̂ / (√v̂ + ε),   m̂ = m/(1 - β₁ᵗ),  v̂ = v/(1 - β₂ᵗ)   (bias correction)
    AdamW     θ ← θ(1 - ηλ) first, then Adam with λ = 0 (decay decoupled from the
              adaptive scaling, so every weight shrinks at the same rate)

``lr`` is a plain attribute so a schedule can change it between steps; ``step_count``
is t, the number of ``step()`` calls made so far (Adam's bias correction uses it).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dlprep.nn.module import Parameter


def _check_range(name: str, value: float, low: float, high: float = float("inf")) -> None:
    if not low <= value < high:
        raise ValueError(f"{name} must be in [{low}, {high}), got {value}")


class Optimizer:
    """Holds the parameters, the learning rate, per-parameter state and the step count."""

    def __init__(self, params: Iterable[Parameter], lr: float, weight_decay: float = 0.0):
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list")
        _check_range("lr", lr, 0.0)
        _check_range("weight_decay", weight_decay, 0.0)
        self.lr = lr
        self.weight_decay = weight_decay
        self.step_count = 0
        self.state: list[dict[str, np.ndarray]] = [{} for _ in self.params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad[...] = 0

    def step(self) -> None:
        self.step_count += 1
        for p, state in zip(self.params, self.state, strict=True):
            self._update(p, state)

    def _l2_grad(self, p: Parameter) -> np.ndarray:
        # A fresh array: the update must never write into p.grad.
        return p.grad + self.weight_decay * p.data

    def _update(self, p: Parameter, state: dict[str, np.ndarray]) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum μ and dampening τ."""

    def __init__(self, params, lr: float, momentum: float = 0.0, dampening: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        _check_range("momentum", momentum, 0.0)
        _check_range("dampening", dampening, 0.0, 1.0)
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov momentum needs momentum > 0 and dampening = 0")
        self.momentum, self.dampening, self.nesterov = momentum, dampening, nesterov

    def _update(self, p, state):
        g = self._l2_grad(p)
        if self.momentum:
            if "velocity" not in state:
                state["velocity"] = g.copy()  # the first step starts the buffer undamped
            else:
                state["velocity"] = self.momentum * state["velocity"] + (1 - self.dampening) * g
            g = g + self.momentum * state["velocity"] if self.nesterov else state["velocity"]
        p.data -= self.lr * g


class Adagrad(Optimizer):
    """Per-coordinate step η/√(Σ g²): rarely-updated coordinates keep large steps."""

    def __init__(self, params, lr: float = 0.01, eps: float = 1e-10, weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        self.eps = eps

    def _update(self, p, state):
        g = self._l2_grad(p)
        state.setdefault("sum_sq", np.zeros_like(p.data))
        state["sum_sq"] += g * g
        p.data -= self.lr * g / (np.sqrt(state["sum_sq"]) + self.eps)


class RMSprop(Optimizer):
    """Adagrad with a leaky average v of g², so the step size does not decay to zero.

    ``centered`` divides by an estimate of the variance, √(v - ḡ²), instead of √v;
    ``momentum`` > 0 accumulates the scaled step in a buffer b ← μb + g/(√v + ε).
    """

    def __init__(self, params, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 momentum: float = 0.0, centered: bool = False, weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        _check_range("alpha", alpha, 0.0, 1.0)
        _check_range("momentum", momentum, 0.0)
        self.alpha, self.eps, self.momentum, self.centered = alpha, eps, momentum, centered

    def _update(self, p, state):
        g = self._l2_grad(p)
        state.setdefault("sq_avg", np.zeros_like(p.data))
        state["sq_avg"] = self.alpha * state["sq_avg"] + (1 - self.alpha) * g * g
        variance = state["sq_avg"]
        if self.centered:
            state.setdefault("grad_avg", np.zeros_like(p.data))
            state["grad_avg"] = self.alpha * state["grad_avg"] + (1 - self.alpha) * g
            variance = variance - state["grad_avg"] ** 2
        scaled = g / (np.sqrt(variance) + self.eps)
        if self.momentum:
            state.setdefault("velocity", np.zeros_like(p.data))
            state["velocity"] = self.momentum * state["velocity"] + scaled
            scaled = state["velocity"]
        p.data -= self.lr * scaled


class Adam(Optimizer):
    """Adam with bias correction; ``amsgrad`` divides by the running max of v̂ instead,
    so the effective step size never grows. ``weight_decay`` is L2 added to the gradient.
    """

    decoupled_weight_decay = False

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, amsgrad: bool = False):
        super().__init__(params, lr, weight_decay)
        for i, beta in enumerate(betas):
            _check_range(f"betas[{i}]", beta, 0.0, 1.0)
        self.betas, self.eps, self.amsgrad = betas, eps, amsgrad

    def _update(self, p, state):
        if self.decoupled_weight_decay:
            p.data *= 1 - self.lr * self.weight_decay
            g = p.grad
        else:
            g = self._l2_grad(p)
        beta1, beta2 = self.betas
        t = self.step_count
        state.setdefault("m", np.zeros_like(p.data))
        state.setdefault("v", np.zeros_like(p.data))
        state["m"] = beta1 * state["m"] + (1 - beta1) * g
        state["v"] = beta2 * state["v"] + (1 - beta2) * g * g
        v = state["v"]
        if self.amsgrad:
            state["v_max"] = np.maximum(state.get("v_max", v), v)
            v = state["v_max"]
        # m̂/(√v̂ + ε) written as torch evaluates it, so trajectories agree to rounding.
        denom = np.sqrt(v) / np.sqrt(1 - beta2**t) + self.eps
        p.data -= (self.lr / (1 - beta1**t)) * state["m"] / denom


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019): θ ← θ(1 - ηλ) each
    step, outside the adaptive scaling. Default λ = 0.01, as in ``torch.optim.AdamW``.
    """

    decoupled_weight_decay = True

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.01, amsgrad: bool = False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)
