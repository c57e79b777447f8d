"""Where the bank's content lives inside the installed package."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

_TOPIC_LINE = re.compile(r"^topic:\s*([a-z0-9-]+)\s*$", re.M)


def topics_dir() -> Path:
    return Path(str(resources.files("dlprep") / "content" / "topics"))


def exercise_topics() -> dict[str, str]:
    """Exercises that exist (folders ``dlprep/exercises/<name>/`` with a problem.md) -> the topic
    their front matter names. Read as text so the bank never imports the exercises."""
    root = Path(str(resources.files("dlprep"))) / "exercises"
    if not root.is_dir():
        return {}
    out = {}
    for problem in sorted(root.glob("*/problem.md")):
        match = _TOPIC_LINE.search(problem.read_text(encoding="utf-8"))
        out[problem.parent.name.replace("_", "-")] = match.group(1) if match else ""
    return out


def lab_names() -> set[str]:
    """Labs that exist: modules ``dlprep/labs/<name>.py`` (underscores for hyphens).

    Lab framework modules start with an underscore, so every public module is a lab.
    Found by file name so the bank never imports torch.
    """
    root = Path(str(resources.files("dlprep"))) / "labs"
    if not root.is_dir():
        return set()
    return {p.stem.replace("_", "-") for p in root.glob("*.py") if not p.stem.startswith("_")}
