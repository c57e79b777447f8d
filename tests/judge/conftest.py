"""Shared pieces of the judge tests: a real judge with short limits, and host-side probes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dlprep.exercises.catalog import get_exercise
from dlprep.judge.grader import Judge
from dlprep.judge.limits import Limits

FAST = Limits(wall_per_call_s=1.0, wall_total_s=5.0, cpu_s=2.0, memory_mb=128, output_kb=64)

# The softmax exercise: 2 public cases, then 6 hidden ones.
CORRECT = """
import numpy as np

def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
"""


def with_body(body: str, prelude: str = "") -> str:
    """A softmax submission: ``prelude`` at module level, ``body`` runs first in the function."""
    indented = "\n".join("    " + line for line in body.strip("\n").splitlines())
    return f"""
import numpy as np
{prelude}

def softmax(z, axis=-1):
{indented}
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
"""


@pytest.fixture(scope="session")
def softmax():
    return get_exercise("softmax")


def processes_with(marker: str) -> list[int]:
    """Host pids whose command line contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def wait_until_gone(marker: str, timeout: float = 5.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def leftover_cgroups(tag: str) -> list[Path]:
    return [p for p in Path("/sys/fs/cgroup").rglob(f"{tag}-*") if p.is_dir()]


@pytest.fixture
def judge():
    """A judge of its own per test; afterwards nothing of its sandboxes may be left on the host."""
    with Judge(pool_size=1, limits=FAST) as j:
        yield j
    assert wait_until_gone(j.tag) == [], "a sandboxed process outlived its judge"
    assert leftover_cgroups(j.tag) == [], "a worker cgroup was not removed"
