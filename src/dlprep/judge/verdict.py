"""Verdicts: what the judge concluded about one submission, case by case.

Public cases may show their input, the expected value and the returned value. Hidden
cases show their number, name and the *kind* of mismatch only (wrong shape, wrong dtype,
...), so that their values cannot be read out of the feedback.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

SUMMARY_CHARS = 300


class Status(StrEnum):
    ACCEPTED = "Accepted"
    WRONG_ANSWER = "Wrong Answer"
    TIME_LIMIT = "Time Limit Exceeded"
    MEMORY_LIMIT = "Memory Limit Exceeded"
    OUTPUT_LIMIT = "Output Limit Exceeded"
    RUNTIME_ERROR = "Runtime Error"
    COMPILE_ERROR = "Compile Error"
    JUDGE_ERROR = "Judge Error"  # the judge itself failed; the attempt is kept to grade again


@dataclass
class CaseResult:
    number: int  # 1-based, in the order the cases ran
    name: str
    public: bool
    passed: bool | None  # None: not run
    time_ms: float | None = None
    reason: str | None = None  # public: the full reason; hidden: the kind of mismatch only
    input: str | None = None  # public cases only, from here down
    expected: str | None = None
    got: str | None = None
    max_abs_error: float | None = None


@dataclass
class Verdict:
    status: Status
    message: str  # one line: what happened, and where
    cases: list[CaseResult] = field(default_factory=list)
    detail: str | None = None  # a traceback or a compile error
    output: str | None = None  # what the submission printed, up to its first hidden case
    time_ms: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.status is Status.ACCEPTED

    @property
    def passed(self) -> int:
        return sum(1 for c in self.cases if c.passed)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        cases = [CaseResult(**c) for c in data.get("cases", [])]
        return cls(**{**data, "status": Status(data["status"]), "cases": cases})


def summarize(value: Any) -> str:
    """A short, readable rendering of an argument or a result."""
    if isinstance(value, np.ndarray):
        body = np.array2string(value, threshold=20, edgeitems=3, precision=6)
        text = f"array(shape={value.shape}, dtype={value.dtype}) {body}"
    elif isinstance(value, tuple | list):
        inner = ", ".join(summarize(v) for v in value)
        text = f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k!r}: {summarize(v)}" for k, v in value.items()) + "}"
    else:
        text = repr(value)
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 3] + "..."


def max_abs_error(got: Any, expected: Any) -> float | None:
    """Largest |got - expected| over finite entries, when both are numeric and shapes match."""
    try:
        g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if g.shape != e.shape or g.size == 0:
        return None
    finite = np.isfinite(g) & np.isfinite(e)
    return float(np.abs(g - e)[finite].max()) if finite.any() else None


def mismatch_kind(got: Any, expected: Any) -> str:
    """What is wrong, without any value: the only feedback a hidden case gives."""
    if isinstance(expected, tuple | list | dict):
        if type(got) is not type(expected) and not (
                isinstance(expected, tuple | list) and isinstance(got, tuple | list)):
            return f"wrong type: expected a {type(expected).__name__}, got a {type(got).__name__}"
        if len(got) != len(expected):
            return f"wrong number of items: expected {len(expected)}, got {len(got)}"
        keys = expected if isinstance(expected, dict) else range(len(expected))
        if isinstance(expected, dict) and set(got) != set(expected):
            return "wrong dict keys"
        for k in keys:
            kind = mismatch_kind(got[k], expected[k])
            if kind != "wrong values":
                return f"item {k!r}: {kind}"
        return "wrong values"
    if isinstance(expected, bool | np.bool_ | str) or expected is None:
        boolean = isinstance(expected, bool | np.bool_)
        same_type = isinstance(got, bool | np.bool_) if boolean else type(got) is type(expected)
        want = "bool" if boolean else type(expected).__name__
        return "wrong values" if same_type else f"wrong type: expected a {want}, got a {type(got).__name__}"
    if isinstance(expected, np.ndarray | np.generic | int | float):
        if isinstance(got, bool) or not isinstance(got, np.ndarray | np.generic | int | float):
            return f"wrong type: expected a number or an array, got a {type(got).__name__}"
        g, e = np.asarray(got), np.asarray(expected)
        if g.shape != e.shape:
            return f"wrong shape: expected {e.shape}, got {g.shape}"
        if _dtype_differs(g.dtype, e):
            return f"wrong dtype: expected {e.dtype}, got {g.dtype}"
        if g.dtype.kind in "fc" and not np.isfinite(g).all():
            return "the result contains NaN or inf"
    return "wrong values"


def _dtype_differs(got: np.dtype, expected: np.ndarray) -> bool:
    """The dtype rules of ``_harness.compare``: integers stay integers, float arrays keep their dtype."""
    want = expected.dtype.kind
    return ((want in "iu" and got.kind not in "iu")
            or (want == "f" and expected.ndim > 0 and got != expected.dtype)
            or (want == "f" and got.kind not in "fiu")
            or got.kind not in "fiub")
