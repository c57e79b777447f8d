"""Weight initialisation that keeps activation variance steady from layer to layer.

A unit with fan_in inputs of variance 1 and weights of variance σ² has output variance fan_in·σ².
Xavier/Glorot (tanh, sigmoid, attention) balances the forward and backward passes;
He/Kaiming (ReLU family) makes up for the half of the signal a ReLU zeroes:

    Xavier:  Var(w) = gain² · 2 / (fan_in + fan_out)
    He:      Var(w) = gain² / fan,   gain = sqrt(2 / (1 + a²)) for leaky ReLU with slope a (a = 0: ReLU)

A uniform U(-b, b) has variance b²/3, so its bound is b = sqrt(3 · Var(w)).
Fans follow PyTorch: a Linear weight (out, in) has fan_in = in; a conv weight (out, in/groups, kh, kw)
has fan_in = in/groups · kh · kw and fan_out = out · kh · kw.
"""

from __future__ import annotations

import math

import numpy as np

from dlprep.nn._checks import float_dtype


def compute_fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight with shape (out, in, *kernel)."""
    if len(shape) < 2:
        raise ValueError(f"fans need a weight with at least 2 dimensions (out, in, ...), got shape {shape}")
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


def xavier_uniform(shape, gain: float = 1.0, rng=None, dtype=np.float64) -> np.ndarray:
    fan_in, fan_out = compute_fans(shape)
    return _uniform(shape, gain * math.sqrt(6.0 / (fan_in + fan_out)), rng, dtype)


def xavier_normal(shape, gain: float = 1.0, rng=None, dtype=np.float64) -> np.ndarray:
    fan_in, fan_out = compute_fans(shape)
    return _normal(shape, gain * math.sqrt(2.0 / (fan_in + fan_out)), rng, dtype)


def he_uniform(shape, negative_slope: float = 0.0, mode: str = "fan_in", rng=None, dtype=np.float64):
    return _uniform(shape, math.sqrt(3.0) * _he_std(shape, negative_slope, mode), rng, dtype)


def he_normal(shape, negative_slope: float = 0.0, mode: str = "fan_in", rng=None, dtype=np.float64):
    return _normal(shape, _he_std(shape, negative_slope, mode), rng, dtype)


kaiming_uniform = he_uniform
kaiming_normal = he_normal

INITIALIZERS = {
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
}


def initialize(name: str, shape, rng=None, dtype=np.float64) -> np.ndarray:
    """Draw a weight with the initializer called ``name`` (a key of INITIALIZERS)."""
    if name not in INITIALIZERS:
        raise ValueError(f"init must be one of {sorted(INITIALIZERS)}, got {name!r}")
    return INITIALIZERS[name](shape, rng=rng, dtype=dtype)


def _he_std(shape, negative_slope: float, mode: str) -> float:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = compute_fans(shape)
    gain = math.sqrt(2.0 / (1 + negative_slope**2))
    return gain / math.sqrt(fan_in if mode == "fan_in" else fan_out)


def _uniform(shape, bound: float, rng, dtype) -> np.ndarray:
    return np.random.default_rng(rng).uniform(-bound, bound, size=shape).astype(float_dtype(dtype))


def _normal(shape, std: float, rng, dtype) -> np.ndarray:
    return np.random.default_rng(rng).normal(0.0, std, size=shape).astype(float_dtype(dtype))
