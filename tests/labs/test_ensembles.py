"""The ensembles lab in quick mode: its claims hold, bagging draws ~63% distinct rows, tables and figures exist."""

from __future__ import annotations

import pytest
import torch

from dlprep.labs import _framework as fw
from dlprep.labs import ensembles as lab
from dlprep.torchref.ensembles import hard_vote, soft_vote


def test_soft_and_hard_vote_can_disagree():
    # 3 members, 1 input, 2 classes: two members lean weakly to class 0, one is sure of class 1.
    probs = torch.tensor([[[0.55, 0.45]], [[0.55, 0.45]], [[0.0, 1.0]]])
    assert hard_vote(probs).item() == 0
    assert soft_vote(probs).argmax(1).item() == 1


@pytest.mark.slow
def test_quick_mode_claims_and_tables(isolated_dirs):
    result = fw.run_lab("ensembles", lab.Config.quick(device="cpu"))
    lab.check(result)
    assert result.passed and len(result.claims) == len(lab.CLAIMS)
    m = result.metrics
    assert m["bootstrap_unique_fraction"] == pytest.approx(1 - 1 / 2.718281828, abs=0.02)
    assert m["n_train"] == 2000 and m["n_val"] == 500 and m["members"] == 4
    kinds = [row["ensemble"] for row in result.tables["ensembles"]]
    assert kinds[:3] == ["seeds", "bagging", "snapshots"] and kinds[3].startswith("single model")
    assert len(result.tables["members"]) == 3 * 4
    # the snapshot run restarts its learning rate once per cycle
    lrs = [h["lr"] for h in result.history["snapshot_run"]]
    assert lrs.count(max(lrs)) == 4
    folder = isolated_dirs / "ensembles" / "quick"
    assert sorted(result.figures) == ["size_curve.png", "snapshot_lr.png", "voting.png"]
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
