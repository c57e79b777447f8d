"""Where the bank's content lives inside the installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def topics_dir() -> Path:
    return Path(str(resources.files("dlprep") / "content" / "topics"))


def exercise_names() -> set[str]:
    """Exercises that exist: folders ``dlprep/exercises/<slug>/`` with a problem.md."""
    root = Path(str(resources.files("dlprep"))) / "exercises"
    if not root.is_dir():
        return set()
    return {p.name.replace("_", "-") for p in root.iterdir() if (p / "problem.md").is_file()}


def lab_names() -> set[str]:
    """Labs that exist: modules ``dlprep/labs/<name>.py`` (underscores for hyphens).

    Lab framework modules start with an underscore, so every public module is a lab.
    Found by file name so the bank never imports torch.
    """
    root = Path(str(resources.files("dlprep"))) / "labs"
    if not root.is_dir():
        return set()
    return {p.stem.replace("_", "-") for p in root.glob("*.py") if not p.stem.startswith("_")}
