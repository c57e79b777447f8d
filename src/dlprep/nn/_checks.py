"""Argument checks shared by the layers: each raises ValueError saying what is wrong."""

from __future__ import annotations

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def float_dtype(dtype) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype not in FLOAT_DTYPES:
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    return dtype


def positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def pair(value, name: str, minimum: int = 1) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(2, 3)`` stays; each entry must be an integer >= ``minimum``."""
    values = (value, value) if isinstance(value, int | np.integer) else tuple(value)
    if len(values) != 2 or not all(isinstance(v, int | np.integer) and v >= minimum for v in values):
        raise ValueError(f"{name} must be an integer >= {minimum} or a pair of them, got {value!r}")
    return int(values[0]), int(values[1])


def probability(p: float, name: str = "p") -> float:
    if not 0.0 <= p < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {p!r}")
    return float(p)


def check_input(x: np.ndarray, layer: str, layout: str, ndims: tuple[int, ...] = (), min_ndim: int = 0):
    """Raise unless ``x`` is an array with one of ``ndims`` axes (or at least ``min_ndim`` if ndims is empty).

    ``layout`` names the axes in the message, e.g. "(N, C, H, W)".
    """
    if not (isinstance(x, np.ndarray) and (x.ndim in ndims if ndims else x.ndim >= min_ndim)):
        got = f"shape {x.shape}" if isinstance(x, np.ndarray) else type(x).__name__
        raise ValueError(f"{layer} expects input of shape {layout}, got {got}")


def check_size(actual: int, expected: int, layer: str, what: str) -> None:
    if actual != expected:
        raise ValueError(f"{layer} expects {what} = {expected}, got {actual}")
