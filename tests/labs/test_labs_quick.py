"""Every lab in quick mode: it must finish, write its figures, and show the effect it claims."""

from __future__ import annotations

import json

import pytest

from dlprep.labs import _framework as fw

LABS = ["cnn", "image-classification", "knowledge-distillation", "resnet"]


@pytest.mark.slow
@pytest.mark.parametrize("name", LABS)
def test_quick_mode_demonstrates_its_claims(name, isolated_dirs):
    module = fw.load_lab(name)
    cfg = module.Config.quick(device="cpu", threads=1)  # 1 is the default; explicit for the record
    result = fw.run_lab(name, cfg)
    module.check(result)  # raises ClaimError with the measured numbers if an effect is missing
    assert len(result.claims) == len(module.CLAIMS) and result.passed
    tested = [c for c in result.claims if c.passed is not None]
    assert len(tested) >= 2 or len(module.CLAIMS) == 1, "quick mode should test most of the lab's claims"
    folder = isolated_dirs / name / "quick"
    saved = json.loads((folder / "result.json").read_text())
    assert saved["metrics"] and saved["history"] and all(c["passed"] is not False for c in saved["claims"])
    assert result.figures and all((folder / f).stat().st_size > 1000 for f in result.figures)
    print(f"{name}: quick mode {result.wall_time_s:.1f} s wall, {result.cpu_time_s:.1f} s CPU")
