"""Batch and layer normalisation.

Both standardise x over some axes and apply a learned per-feature scale γ and shift β:

    x̂ = (x − μ) / sqrt(σ² + ε),    y = γ ⊙ x̂ + β         (σ² biased: divides by m, the count)

BatchNorm takes μ, σ² per channel over the batch (and spatial) axes while training and keeps running
estimates for evaluation, updated as PyTorch does, with the *unbiased* batch variance:

    running_mean ← (1 − momentum) · running_mean + momentum · μ
    running_var  ← (1 − momentum) · running_var  + momentum · σ² · m / (m − 1)

LayerNorm takes μ, σ² per sample over its last axes, the same in training and evaluation.
When μ and σ² come from x itself, the backward pass goes through them too; with g = dy ⊙ γ and means
over the normalised axes:

    dx = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / sqrt(σ² + ε)

With fixed statistics (BatchNorm in evaluation) it is simply dx = g / sqrt(σ² + ε).
"""

from __future__ import annotations

import numpy as np

from dlprep.nn._checks import check_input, check_size, float_dtype, positive_int
from dlprep.nn.module import Module, Parameter


def _normalize(x, mean, var, eps):
    inv_std = 1 / np.sqrt(var + eps)
    return (x - mean) * inv_std, inv_std


def _normalize_backward(g, x_hat, inv_std, axes):
    """dx when the statistics were computed from x over ``axes`` (g = dL/dx̂)."""
    centred = g - g.mean(axis=axes, keepdims=True)
    return (centred - x_hat * (g * x_hat).mean(axis=axes, keepdims=True)) * inv_std


class _BatchNorm(Module):
    """Per-channel statistics over every axis but axis 1, for inputs (N, C, ...)."""

    layout: str
    ndims: tuple[int, ...]

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1, dtype=np.float64):
        self.num_features = positive_int(num_features, "num_features")
        if eps <= 0:
            raise ValueError(f"eps must be > 0, got {eps!r}")
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"momentum must be in [0, 1], got {momentum!r}")
        self.eps, self.momentum = float(eps), float(momentum)
        dtype = float_dtype(dtype)
        self.weight = Parameter(np.ones(num_features, dtype=dtype))  # γ (C,)
        self.bias = Parameter(np.zeros(num_features, dtype=dtype))  # β (C,)
        # Buffers, not Parameters: updated by forward, never by an optimiser.
        self.running_mean = np.zeros(num_features, dtype=dtype)
        self.running_var = np.ones(num_features, dtype=dtype)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        name = type(self).__name__
        check_input(x, name, self.layout, self.ndims)
        check_size(x.shape[1], self.num_features, name, "channels (axis 1)")
        axes = (0, *range(2, x.ndim))
        shape = (1, -1) + (1,) * (x.ndim - 2)  # broadcasts a (C,) vector over x
        if training:
            count = x.size // self.num_features
            if count < 2:
                raise ValueError(f"{name} needs more than 1 value per channel in training, got {x.shape}")
            mean, var = x.mean(axis=axes), x.var(axis=axes)
            self.running_mean += self.momentum * (mean - self.running_mean)
            self.running_var += self.momentum * (var * count / (count - 1) - self.running_var)
        else:
            mean, var = self.running_mean, self.running_var
        x_hat, inv_std = _normalize(x, mean.reshape(shape), var.reshape(shape), self.eps)
        self._cache = (x_hat, inv_std, axes, shape, training)
        return self.weight.data.reshape(shape) * x_hat + self.bias.data.reshape(shape)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        x_hat, inv_std, axes, shape, training = self._cache
        self.weight.grad += (dout * x_hat).sum(axis=axes)
        self.bias.grad += dout.sum(axis=axes)
        g = dout * self.weight.data.reshape(shape)
        return _normalize_backward(g, x_hat, inv_std, axes) if training else g * inv_std


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) features or (N, C, L) sequences, per channel C."""

    layout = "(N, C) or (N, C, L)"
    ndims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) images, per channel C."""

    layout = "(N, C, H, W)"
    ndims = (4,)


class LayerNorm(Module):
    """Normalise each sample over its last axes, given by ``normalized_shape``; γ, β have that shape."""

    def __init__(self, normalized_shape, eps: float = 1e-5, dtype=np.float64):
        if isinstance(normalized_shape, int | np.integer):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(positive_int(d, "normalized_shape entries") for d in normalized_shape)
        if not self.normalized_shape:
            raise ValueError("normalized_shape must name at least one axis")
        if eps <= 0:
            raise ValueError(f"eps must be > 0, got {eps!r}")
        self.eps = float(eps)
        dtype = float_dtype(dtype)
        self.weight = Parameter(np.ones(self.normalized_shape, dtype=dtype))  # γ
        self.bias = Parameter(np.zeros(self.normalized_shape, dtype=dtype))  # β

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        k = len(self.normalized_shape)
        check_input(x, "LayerNorm", f"(..., {', '.join(map(str, self.normalized_shape))})", min_ndim=k)
        if x.shape[-k:] != self.normalized_shape:
            raise ValueError(f"LayerNorm expects trailing axes {self.normalized_shape}, got input {x.shape}")
        axes = tuple(range(x.ndim - k, x.ndim))
        x_hat, inv_std = _normalize(x, x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True),
                                    self.eps)
        self._cache = (x_hat, inv_std, axes)
        return self.weight.data * x_hat + self.bias.data

    def backward(self, dout: np.ndarray) -> np.ndarray:
        x_hat, inv_std, axes = self._cache
        leading = tuple(range(dout.ndim - len(axes)))  # γ and β are shared by every sample
        self.weight.grad += (dout * x_hat).sum(axis=leading)
        self.bias.grad += dout.sum(axis=leading)
        return _normalize_backward(dout * self.weight.data, x_hat, inv_std, axes)
