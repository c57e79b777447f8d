"""Activation layers: y = f(x) elementwise, so dL/dx = dL/dy ⊙ f'(x).

Softmax and LogSoftmax mix one axis and use the vector-Jacobian products in ``functional``:

    softmax:      dx = y ⊙ (dy − Σ_j dy_j y_j)
    log_softmax:  dx = dz − softmax(x) Σ_j dz_j

The math lives in ``dlprep.nn.functional``; these classes only cache what backward needs.
"""

from __future__ import annotations

import numpy as np

from dlprep.nn import functional as F
from dlprep.nn.module import Module


class _Elementwise(Module):
    """Caches the input; subclasses give the function and its derivative."""

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._x = x
        return self._function(x)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self._derivative(self._x)

    def _function(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _derivative(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class Sigmoid(_Elementwise):
    """σ(x) = 1 / (1 + e^(−x)),  σ'(x) = σ(x)(1 − σ(x))."""

    def _function(self, x):
        return F.sigmoid(x)

    def _derivative(self, x):
        return F.sigmoid_grad(x)


class Tanh(_Elementwise):
    """tanh'(x) = 1 − tanh²(x)."""

    def _function(self, x):
        return F.tanh(x)

    def _derivative(self, x):
        return F.tanh_grad(x)


class ReLU(_Elementwise):
    """max(x, 0); derivative 1 for x > 0 else 0."""

    def _function(self, x):
        return F.relu(x)

    def _derivative(self, x):
        return F.relu_grad(x)


class LeakyReLU(_Elementwise):
    """x for x > 0, else negative_slope · x."""

    def __init__(self, negative_slope: float = 0.01):
        self.negative_slope = float(negative_slope)

    def _function(self, x):
        return F.leaky_relu(x, self.negative_slope)

    def _derivative(self, x):
        return F.leaky_relu_grad(x, self.negative_slope)


class ELU(_Elementwise):
    """x for x > 0, else α(e^x − 1): smooth, with negative outputs that pull mean activations to 0."""

    def __init__(self, alpha: float = 1.0):
        if alpha < 0:
            raise ValueError(f"alpha must be >= 0, got {alpha!r}")
        self.alpha = float(alpha)

    def _function(self, x):
        return F.elu(x, self.alpha)

    def _derivative(self, x):
        return F.elu_grad(x, self.alpha)


class GELU(_Elementwise):
    """x Φ(x) (exact, erf form) or its tanh approximation with ``approximate="tanh"``."""

    def __init__(self, approximate: str = "none"):
        if approximate not in ("none", "tanh"):
            raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def _function(self, x):
        return F.gelu(x, self.approximate)

    def _derivative(self, x):
        return F.gelu_grad(x, self.approximate)


class Softmax(Module):
    """Softmax along ``axis``; caches the output, which is all its backward needs."""

    def __init__(self, axis: int = -1):
        self.axis = axis

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._y = F.softmax(x, self.axis)
        return self._y

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return F.softmax_backward(dout, self._y, self.axis)


class LogSoftmax(Module):
    """log(softmax(x)) computed without forming the softmax (no log of 0)."""

    def __init__(self, axis: int = -1):
        self.axis = axis

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        self._z = F.log_softmax(x, self.axis)
        return self._z

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return F.log_softmax_backward(dout, self._z, self.axis)
