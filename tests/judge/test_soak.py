"""Soak: 500 mixed submissions through the service, two at a time, with short limits.

Zero judge crashes (no "Judge Error"), every verdict the expected one, and every attempt
row completed. Slow (a minute or so) but part of the normal test run.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest

from dlprep.judge.limits import Limits
from dlprep.practice import Practice
from dlprep.store import attempts, db
from tests.judge.conftest import CORRECT, wait_until_gone, with_body

SUBMISSIONS = [  # (expected verdict, code), cycled in this proportion
    *[("Accepted", CORRECT)] * 5,
    ("Wrong Answer", with_body("if z.ndim == 3:\n    return z")),
    ("Wrong Answer", "def softmax(z, axis=-1):\n    return None\n"),
    ("Runtime Error", with_body("raise ValueError('no')")),
    ("Runtime Error", "import os\ndef softmax(z, axis=-1):\n    os._exit(3)\n"),
    ("Compile Error", "def softmax(z, axis=-1)\n    return z\n"),
    ("Time Limit Exceeded", with_body("while True:\n    pass")),
    ("Memory Limit Exceeded", with_body("x = np.ones(10**10)")),
]
COUNT = 500


@pytest.mark.slow
def test_500_mixed_submissions_without_a_crash_or_a_lost_attempt(tmp_path):
    # Short enough to keep the time-outs cheap, long enough for a busy 2-core machine.
    limits = Limits(wall_per_call_s=0.5, wall_total_s=5, cpu_s=2, memory_mb=128)
    plan = list(itertools.islice(itertools.cycle(SUBMISSIONS), COUNT))
    with Practice(tmp_path / "soak.db", pool_size=2, limits=limits) as practice:
        with ThreadPoolExecutor(max_workers=2) as threads:
            results = list(threads.map(lambda item: practice.submit("softmax", item[1]), plan))
        tag = practice._judge.tag
    wrong = [(want, got.verdict.status.value, got.verdict.message)
             for (want, _), got in zip(plan, results, strict=True) if got.verdict.status.value != want]
    assert wrong == []
    with db.connect(tmp_path / "soak.db") as conn:
        rows = attempts.history(conn)
    assert len(rows) == COUNT and {r.status for r in rows} == {"done"}
    assert all(r.verdict and r.result for r in rows)
    assert wait_until_gone(tag) == []
