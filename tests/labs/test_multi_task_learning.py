"""The multi-task-learning lab in quick mode, plus the shapes and parameter budgets it relies on."""

from __future__ import annotations

import pytest
import torch

from dlprep.labs import _framework as fw
from dlprep.labs import multi_task_learning as lab
from dlprep.torchref.multitask import MultiTaskConfig, MultiTaskNet, multitask_loss, n_params


def test_heads_share_one_trunk_and_budgets_match():
    net = MultiTaskNet(MultiTaskConfig(784, (16, 16), {"digit": 10, "ink": 1}))
    out = net(torch.randn(3, 1, 28, 28))
    assert out["digit"].shape == (3, 10) and out["ink"].shape == (3, 1)
    targets = {"digit": torch.tensor([1, 2, 3]), "ink": torch.zeros(3)}
    total, parts = multitask_loss(out, targets, {"ink": 0.5})
    assert total.item() == pytest.approx(parts["digit"] + 0.5 * parts["ink"], rel=1e-5)
    h = lab._same_budget_width(128)
    mtl = n_params(MultiTaskNet(MultiTaskConfig(784, (128, 128), {"digit": 10, "parity": 2})))
    two = sum(n_params(MultiTaskNet(MultiTaskConfig(784, (h, h), heads))) for heads in ({"digit": 10}, {"parity": 2}))
    assert abs(two - mtl) / mtl < 0.01


@pytest.mark.slow
def test_quick_mode_claims_and_table(isolated_dirs):
    result = fw.run_lab("multi-task-learning", lab.Config.quick(device="cpu"))
    lab.check(result)
    assert result.passed and len(result.claims) == len(lab.CLAIMS)
    variants = [row["variant"] for row in result.tables["accuracy"]]
    assert variants == ["mtl", "stl_same", "stl_wide", "parity_from_digit", "mtl_parity_from_digit"]
    assert all(0.5 < row["parity_acc"] <= 1 for row in result.tables["accuracy"])
    folder = isolated_dirs / "multi-task-learning" / "quick"
    assert sorted(result.figures) == ["digit_accuracy.png", "parity_accuracy.png"]
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
