"""Gradient checking by central differences.

    ∂L/∂θ_i ≈ (L(θ + ε e_i) − L(θ − ε e_i)) / 2ε        (error O(ε²), against O(ε) one-sided)

For a module y = f(x; θ) the scalar loss is L = Σ y ⊙ g with a fixed random g, so dL/dy = g and a single
``backward(g)`` gives every analytic gradient to compare. Runs in float64 only: in float32 the rounding
error of L (about 1e-7 · |L|) divided by 2ε would swamp the derivative.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from dlprep.nn.module import Module


def numerical_gradient(loss: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """dL/dx by central differences, where ``loss()`` reads x; perturbs x in place and restores it."""
    if not x.flags.c_contiguous or not x.flags.writeable:
        raise ValueError("numerical_gradient perturbs x in place: x must be a writeable C-contiguous array")
    grad = np.zeros_like(x)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)  # views: writing flat_x changes x
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + eps
        loss_plus = loss()
        flat_x[i] = original - eps
        loss_minus = loss()
        flat_x[i] = original
        flat_grad[i] = (loss_plus - loss_minus) / (2 * eps)
    return grad


def relative_error(analytic: np.ndarray, numerical: np.ndarray) -> float:
    """max |a − n| / max(1, |a|, |n|): relative for large gradients, absolute for small ones.

    The floor of 1 matters when a gradient is exactly zero (attention's key bias: adding one vector to
    every key shifts a query's scores by a constant, which softmax ignores); relative to 0, the
    finite-difference noise of about 1e-10 would look like a 100% error.
    """
    scale = max(1.0, np.abs(analytic).max(), np.abs(numerical).max())
    return float(np.abs(analytic - numerical).max() / scale)


def gradient_errors(module: Module, x: np.ndarray, training: bool = True, eps: float = 1e-6, seed: int = 0,
                    **forward_kwargs) -> dict[str, float]:
    """Relative error of ``backward`` for the input ("input", if floating) and every named parameter.

    Every forward runs on a fresh deep copy of ``module``, so the module is left as it was and
    stateful layers see the same state each time (Dropout draws the same mask, BatchNorm's running
    statistics do not drift).
    """
    x = np.array(x)  # a private copy to perturb
    arrays = [x, *(p.data for p in module.parameters())]
    if any(a.dtype != np.float64 for a in arrays if np.issubdtype(a.dtype, np.floating)):
        raise ValueError("gradient checking needs float64 input and parameters")

    probe = copy.deepcopy(module)
    probe.zero_grad()
    y = probe.forward(x, training, **forward_kwargs)
    g = np.random.default_rng(seed).standard_normal(y.shape)
    dx = probe.backward(g)
    analytic = {name: p.grad for name, p in probe.named_parameters().items()}
    targets = {name: p.data for name, p in module.named_parameters().items()}
    if np.issubdtype(x.dtype, np.floating):
        analytic["input"], targets["input"] = dx, x

    def loss() -> float:
        return float(np.sum(copy.deepcopy(module).forward(x, training, **forward_kwargs) * g))

    return {name: relative_error(analytic[name], numerical_gradient(loss, array, eps))
            for name, array in targets.items()}


def gradcheck(module: Module, x: np.ndarray, training: bool = True, eps: float = 1e-6, seed: int = 0,
              **forward_kwargs) -> float:
    """The largest relative error in :func:`gradient_errors` (about 1e-8 or less for a correct layer)."""
    return max(gradient_errors(module, x, training, eps, seed, **forward_kwargs).values())
