"""Every exercise, through the real judge: its reference passes its own hidden tests, its starter
loads in the sandbox (NumPy only, no dlprep) and fails them.

Parametrized over the catalogue, so exercises added later are covered without editing this file.
"""

from __future__ import annotations

import pytest

from dlprep.exercises.catalog import catalogue
from dlprep.judge.grader import Judge
from dlprep.judge.verdict import Status


@pytest.fixture(scope="module")
def judge():
    with Judge(pool_size=2) as j:
        yield j


@pytest.mark.parametrize("slug", sorted(catalogue()))
def test_reference_is_accepted_and_starter_is_not(judge, slug):
    exercise = catalogue()[slug]
    reference = judge.grade(exercise, (exercise.folder / "solution.py").read_text(encoding="utf-8"))
    assert reference.accepted, f"{slug}: {reference.status.value}: {reference.message}\n{reference.detail or ''}"
    starter = judge.grade(exercise, exercise.starter)
    assert not starter.accepted, f"{slug}: the starter passes its own tests"
    assert starter.status is not Status.COMPILE_ERROR and "while loading" not in starter.message, \
        f"{slug}: the starter does not load in the sandbox: {starter.message}\n{starter.detail or ''}"
