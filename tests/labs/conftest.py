"""Labs write results under a temporary folder and cache datasets in one per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _data_dir(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("dlprep-data")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch, _data_dir):
    """Results go to a fresh folder per test; the dataset cache is shared by the session."""
    monkeypatch.setenv("DLPREP_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.setenv("DLPREP_DATA_DIR", str(_data_dir))
    return tmp_path / "results"
