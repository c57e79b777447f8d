"""The model-compression lab in quick mode: its claims hold and its table has every variant."""

from __future__ import annotations

import pytest

from dlprep.labs import _framework as fw
from dlprep.labs import model_compression as lab


@pytest.mark.slow
def test_quick_mode_claims_and_table(isolated_dirs):
    cfg = lab.Config.quick(device="cpu")
    result = fw.run_lab("model-compression", cfg)
    lab.check(result)
    assert result.passed and len(result.claims) == len(lab.CLAIMS)
    rows = {row["method"]: row for row in result.tables["variants"]}
    assert set(rows) == {"dense_fp32", "pruned_s0.9", "pruned_s0.98", "dynamic_int8", "static_int8", "svd_r16"}
    # the pruning really is at the asked sparsity, and stays there through fine-tuning
    assert rows["pruned_s0.9"]["sparsity"] == pytest.approx(0.9, abs=1e-3)
    assert rows["pruned_s0.98"]["sparsity"] == pytest.approx(0.98, abs=1e-3)
    # unstructured zeros do not shrink a dense state dict; CSR (12 bytes per kept weight) does
    assert rows["pruned_s0.9"]["size_bytes"] == rows["dense_fp32"]["size_bytes"]
    assert 0.45 < rows["pruned_s0.9"]["size_ratio_csr"] < 0.55
    assert rows["pruned_s0.98"]["size_ratio_csr"] < 0.15
    # rank 16 of a 3136 -> 128 layer: 16 * (3136 + 128) weights
    assert rows["svd_r16"]["layer_params"] == 16 * (3136 + 128)
    folder = isolated_dirs / "model-compression" / "quick"
    assert sorted(result.figures) == ["low_rank.png", "pruning.png", "size_vs_accuracy.png"]
    assert all((folder / f).stat().st_size > 1000 for f in result.figures)
