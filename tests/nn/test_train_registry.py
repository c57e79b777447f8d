"""Every public loss, optimizer, schedule and metric must have a case in tests/nn/train_cases.py,
so nothing new escapes the oracle batteries."""

import inspect

import pytest

from dlprep.nn import losses, metrics, optim, schedules
from tests.nn.train_cases import LOSS_CASES, METRIC_CASES, OPTIMIZER_CASES, SCHEDULE_CASES

BASE_CLASSES = {losses.Loss, optim.Optimizer, schedules.LRScheduler}


def public_objects(module) -> set:
    """Classes and functions defined in ``module`` whose names do not start with '_'."""
    return {obj for name, obj in vars(module).items()
            if not name.startswith("_") and (inspect.isclass(obj) or inspect.isfunction(obj))
            and obj.__module__ == module.__name__} - BASE_CLASSES


@pytest.mark.parametrize("module, cases", [
    (losses, LOSS_CASES), (optim, OPTIMIZER_CASES), (schedules, SCHEDULE_CASES), (metrics, METRIC_CASES),
], ids=["losses", "optim", "schedules", "metrics"])
def test_every_public_name_has_a_case(module, cases):
    covered = set().union(*(case.covers for case in cases))
    missing = sorted(obj.__name__ for obj in public_objects(module) - covered)
    assert not missing, f"add cases to tests/nn/train_cases.py for: {missing}"


def test_case_ids_are_unique():
    for cases in (LOSS_CASES, OPTIMIZER_CASES, SCHEDULE_CASES, METRIC_CASES):
        ids = [case.id for case in cases]
        assert len(ids) == len(set(ids))
