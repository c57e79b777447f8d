"""What hidden tests are made of, and how answers are compared.

A ``tests.py`` defines ``cases() -> list[Case]``. For each case the judge calls the
submitted function with ``case.args`` inside the sandbox and compares what comes back
with the expected value, computed in the judge process by ``case.expected`` (a value or a
callable) or, by default, by calling the reference ``solution.py``.

Comparison (``compare``): same structure (tuple/list lengths), then for arrays the same
shape, a compatible dtype kind, and ``|got - expected| <= atol + rtol * |expected|``
elementwise; float arrays must keep the expected dtype (float32 stays float32); a NaN or
inf that is not expected is always wrong. A case may instead carry a
``check(got, expected) -> str | None`` for answers only unique up to sign or permutation.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Check = Callable[[Any, Any], "str | None"]


@dataclass
class Case:
    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    public: bool = False  # public cases show their input and values in feedback
    expected: Any = None  # a value, a callable () -> value, or None: call the reference solution
    rtol: float = 1e-6
    atol: float = 1e-8
    check: Check | None = None


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function: (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = f(x)
        x[i] = old - eps
        minus = f(x)
        x[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def compare(got: Any, expected: Any, rtol: float, atol: float, path: str = "result") -> str | None:
    """None when ``got`` matches ``expected``; otherwise a short reason naming where it differs."""
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list):
            return f"{path}: expected a {type(expected).__name__} of {len(expected)}, got {type(got).__name__}"
        if len(got) != len(expected):
            return f"{path}: expected {len(expected)} items, got {len(got)}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            reason = compare(g, e, rtol, atol, f"{path}[{i}]")
            if reason:
                return reason
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            return f"{path}: expected a dict with keys {sorted(expected)}"
        for k in expected:
            reason = compare(got[k], expected[k], rtol, atol, f"{path}[{k!r}]")
            if reason:
                return reason
        return None
    if isinstance(expected, bool | np.bool_):
        if isinstance(got, bool | np.bool_) and bool(got) == bool(expected):
            return None
        return f"{path}: expected {bool(expected)}, got {_short(got)}"
    if isinstance(expected, str) or expected is None:
        if got == expected and type(got) is type(expected):
            return None
        return f"{path}: expected {expected!r}, got {_short(got)}"
    exp = np.asarray(expected)
    if not isinstance(got, np.ndarray | int | float | np.generic) or isinstance(got, bool):
        return f"{path}: expected a number or array, got {type(got).__name__}"
    arr = np.asarray(got)
    if arr.shape != exp.shape:
        return f"{path}: expected shape {exp.shape}, got {arr.shape}"
    if exp.dtype.kind in "iu" and arr.dtype.kind not in "iu":
        return f"{path}: expected integers, got dtype {arr.dtype}"
    if exp.dtype.kind == "f" and exp.ndim and arr.dtype != exp.dtype:
        return f"{path}: expected dtype {exp.dtype}, got {arr.dtype}"
    if exp.dtype.kind == "f" and arr.dtype.kind not in "fiu":
        return f"{path}: expected floats, got dtype {arr.dtype}"
    if arr.dtype.kind not in "fiub":
        return f"{path}: expected numbers, got dtype {arr.dtype}"
    a, e = arr.astype(np.float64), exp.astype(np.float64)
    bad_nonfinite = ~np.isfinite(a) & ~(np.isnan(a) & np.isnan(e)) & ~(a == e)
    close = np.abs(a - e) <= atol + rtol * np.abs(e)
    close |= (a == e)  # equal infinities
    wrong = bad_nonfinite | ~close
    if wrong.any():
        idx = tuple(int(i) for i in np.argwhere(wrong)[0])
        diff = np.abs(a - e)[np.isfinite(a) & np.isfinite(e)]
        worst = float(diff.max()) if diff.size else math.inf
        where = f"{path}[{', '.join(map(str, idx))}]" if idx else path
        return (f"{where}: expected {e[idx]:.6g}, got {a[idx]:.6g} "
                f"({int(wrong.sum())} of {wrong.size} values wrong; max abs error {worst:.3g})")
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def up_to_sign(rtol: float = 1e-6, atol: float = 1e-8) -> Check:
    """Accept ``got`` or ``-got``: for answers only unique up to sign (eigenvectors, ...)."""

    def check(got: Any, expected: Any) -> str | None:
        reason = compare(got, expected, rtol, atol)
        if reason is None or not isinstance(got, np.ndarray):
            return reason
        return None if compare(-got, expected, rtol, atol) is None else reason

    return check


def any_order(got: Any, expected: Any) -> str | None:
    """Accept the same items in any order (e.g. the indices kept by NMS, as a set)."""
    try:
        g = sorted(np.asarray(got).ravel().tolist())
    except (TypeError, ValueError):
        return "expected a flat list of numbers"
    e = sorted(np.asarray(expected).ravel().tolist())
    return None if g == e else f"expected the items {e}, got {g}"
