"""The training-process lab in quick mode, plus the trainer's schedule and checkpoint contents."""

from __future__ import annotations

import pytest
import torch

from dlprep.labs import _framework as fw
from dlprep.labs import training_process as lab
from dlprep.torchref.mlp import MLP
from dlprep.torchref.trainer import TrainerConfig, lr_lambda, train


def test_warmup_then_cosine():
    f = lr_lambda(TrainerConfig(warmup_steps=10), total_steps=110)
    assert f(0) == pytest.approx(0.1) and f(9) == pytest.approx(1.0)
    assert f(60) == pytest.approx(0.5) and f(110) == pytest.approx(0.0, abs=1e-12)


def test_checkpoint_holds_everything_a_resume_needs(tmp_path):
    torch.manual_seed(0)
    x, y = torch.randn(64, 5), torch.randint(0, 3, (64,))
    state = train(MLP(5, (8,), 3), x, y, x, y, TrainerConfig(epochs=2, batch_size=16, patience=5),
                  torch.Generator().manual_seed(0), tmp_path)
    ckpt = torch.load(tmp_path / "last.pt", weights_only=False)
    needed = {"model", "opt", "sched", "generator", "torch_rng", "epoch", "best_acc", "bad_epochs", "history"}
    assert needed <= set(ckpt)
    assert ckpt["epoch"] == state["epoch"] == 2 and len(ckpt["history"]) == 2
    assert (tmp_path / "best.pt").exists()


@pytest.mark.slow
def test_quick_mode_claims_and_tables(isolated_dirs):
    result = fw.run_lab("training-process", lab.Config.quick(device="cpu"))
    lab.check(result)
    assert result.passed and len(result.claims) == len(lab.CLAIMS)
    assert result.metrics["resume_max_abs_diff"] == 0.0
    assert [row["epochs"] for row in result.tables["resume"]] == [4, 4, 4]
    es = result.tables["early_stopping"]
    assert es[2]["epoch"] < 40 and es[1]["test_acc"] > es[0]["test_acc"]
    folder = isolated_dirs / "training-process" / "quick"
    assert sorted(result.figures) == ["early_stopping.png", "resume.png"]
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
