from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "bank" / "fixtures"


@pytest.fixture
def good_topic_text() -> str:
    return (FIXTURES / "deep-learning-basics.md").read_text(encoding="utf-8")


@pytest.fixture
def topics_dir(tmp_path: Path, good_topic_text: str) -> Path:
    """A folder holding one valid topic; tests rewrite it to break it."""
    (tmp_path / "deep-learning-basics.md").write_text(good_topic_text, encoding="utf-8")
    return tmp_path
