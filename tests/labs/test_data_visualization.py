"""The data-visualization lab in quick mode, plus the feature hook, saliency shape and separation scores."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dlprep.labs import _framework as fw
from dlprep.labs import data_visualization as lab
from dlprep.torchref.cnn import SmallCNN
from dlprep.torchref.visualization import penultimate_features, saliency, separation_scores


def test_features_saliency_and_scores():
    torch.manual_seed(0)
    model, x = SmallCNN(), torch.rand(6, 1, 28, 28)
    assert penultimate_features(model, x).shape == (6, 128)
    s = saliency(model, x, torch.zeros(6, dtype=torch.long))
    assert s.shape == (6, 28, 28) and (s >= 0).all()
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(3), 30)
    separated = rng.normal(size=(90, 2)) * 0.1 + y[:, None] * 5.0
    mixed = rng.normal(size=(90, 2))
    good, bad = separation_scores(separated, y), separation_scores(mixed, y)
    assert good["knn_acc"] == 1.0 and good["silhouette"] > 0.8
    assert bad["knn_acc"] < 0.7 and abs(bad["silhouette"]) < 0.2


@pytest.mark.slow
def test_quick_mode_claims_and_table(isolated_dirs):
    result = fw.run_lab("data-visualization", lab.Config.quick(device="cpu"))
    lab.check(result)
    assert result.passed and len(result.claims) == len(lab.CLAIMS)
    rows = result.tables["separation"]
    assert len(rows) == 9 and {r["representation"] for r in rows} == {"pixels", "untrained", "trained"}
    assert 0 < result.metrics["saliency_ink_share_trained"] < 1
    folder = isolated_dirs / "data-visualization" / "quick"
    assert sorted(result.figures) == ["confusion.png", "curves.png", "embeddings.png", "filters.png", "saliency.png"]
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
