from pathlib import Path

import pytest

from dlprep.bank.validator import validate_bank


def _write(topics_dir: Path, text: str, name: str = "deep-learning-basics.md") -> Path:
    path = topics_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_good_fixture_passes_with_run(topics_dir):
    report = validate_bank(topics_dir, run=True)
    assert report.problems == []
    assert report.written == ["deep-learning-basics"]
    assert len(report.not_written) == 66
    assert report.blocks_run == 1  # the zh and en blocks are identical and run once


# (replace this, with this, expected message fragment, line containing this in the broken text or None)
BREAKAGES = [
    ('seeds: ["001#1", "002#5"]', 'seeds: ["001#1"]', "not referenced: 002#5", None),
    ('seeds: ["001#1", "002#5"]', 'seeds: ["001#1", "002#5", "000#3"]', "belongs to topic 'evaluation-metrics'", None),
    ('seeds: ["001#1", "002#5"]', 'seeds: ["001#1", "002#5", "009#1"]', "'009#1' is not in seed_map.tsv", None),
    ("slug: deep-learning-basics", "slug: deep-learning", "does not match the file name", None),
    ("difficulty: 1", "difficulty: 9", "front matter 'difficulty'", "difficulty: 9"),
    ("difficulty: 1", "difficulty: 1\ncolour: blue", "front matter 'colour'", None),
    ("prerequisites: [backpropagation]", "prerequisites: [backprop]", "prerequisite 'backprop' is not a topic", None),
    ("exercises: []", "exercises: [no-such-exercise]", "exercise 'no-such-exercise' does not exist", None),
    ("labs: []", "labs: [no-such-lab]", "lab 'no-such-lab' does not exist", None),
    ("## 公式\n", "## 公式推导\n", "unknown section '## 公式推导'", "## 公式推导"),
    ("## Pitfalls\n\n- A pitfall.\n", "", "en: missing section '## Pitfalls'", None),
    ("## 要点\n\n- 第一点\n", "## 要点\n\n", "key points need 4-8", "## 要点"),
    ("### 问题三？\n\n回答三。\n", "", "follow-ups need at least 3", "## 追问"),
    ("### Question three?\n\nAnswer three.\n", "### Question three?\n", "has no answer", "## Follow-ups"),
    ("dlprep.nn.module:Parameter", "dlprep.nn.module:Nothing", "has no 'Nothing'", "```include"),
    ("dlprep.nn.module:Parameter", "numpy:array", "must look like 'dlprep.module:Name'", "```include"),
    ("```python run\nprint(1 + 1)\n```\n\n```output\n2\n```\n\n## 常见错误",
     "```python run\nprint(1 + 1)\n```\n\n## 常见错误",
     "must be followed by its ```output", "```python run"),
    ("```include\ndlprep.nn.module:Parameter\n```", "```python\nprint('pasted')\n```",
     "pasted Python code", "```python"),
    ("$$\ny = f(Wx + b)\n$$", "$$\ny = f(Wx + b)\n", "unbalanced $$", "## 公式"),
    ("# English\n", "# Englisch\n", "unknown part '# Englisch'", "# Englisch"),
    ("---\nslug", "slug", "missing YAML front matter", None),
    ("title:\n  zh:", "title: [\n  zh:", "not valid YAML", None),
]


@pytest.mark.parametrize(("old", "new", "message", "line_of"), BREAKAGES, ids=[b[2][:40] for b in BREAKAGES])
def test_broken_topics_are_reported_with_file_and_line(topics_dir, good_topic_text, old, new, message, line_of):
    assert old in good_topic_text
    broken = good_topic_text.replace(old, new, 1)
    path = _write(topics_dir, broken)
    report = validate_bank(topics_dir)
    matching = [p for p in report.problems if message in p.message]
    assert matching, f"expected '{message}' in {[str(p) for p in report.problems]}"
    assert all(p.path == str(path) for p in matching)
    if line_of is not None:
        assert matching[0].line == _line_of(broken, line_of)


def test_wrong_output_is_reported_with_a_diff(topics_dir, good_topic_text):
    broken = good_topic_text.replace("```output\n2\n```", "```output\n3\n```", 1)
    _write(topics_dir, broken)
    assert validate_bank(topics_dir).ok  # output is only checked when running
    report = validate_bank(topics_dir, run=True)
    [problem] = report.problems
    assert "does not match" in problem.message and "-3" in problem.message and "+2" in problem.message
    assert problem.line == _line_of(broken, "```output")


def test_failing_and_slow_blocks_are_reported(topics_dir, good_topic_text):
    zh_failing = good_topic_text.replace("print(1 + 1)", "raise SystemExit('boom')", 1)
    slow = zh_failing.replace("print(1 + 1)", "import time; time.sleep(5)", 1)
    _write(topics_dir, slow)
    report = validate_bank(topics_dir, run=True, timeout=1)
    messages = [p.message for p in report.problems]
    assert any("failed (exit 1)" in m and "boom" in m for m in messages)
    assert any("timed out after 1 s" in m for m in messages)


def test_unknown_topic_file_is_an_error(topics_dir, good_topic_text):
    _write(topics_dir, good_topic_text, name="not-a-topic.md")
    report = validate_bank(topics_dir)
    assert any("'not-a-topic' is not a topic of seed_map.tsv" in p.message for p in report.problems)


def test_seed_claimed_by_two_topics(topics_dir, good_topic_text):
    other = good_topic_text.replace("slug: deep-learning-basics", "slug: neural-network-components")
    _write(topics_dir, other, name="neural-network-components.md")
    report = validate_bank(topics_dir)
    assert any("'001#1'" in p.message and "belongs to topic 'deep-learning-basics'" in p.message
               for p in report.problems if p.path.endswith("neural-network-components.md"))


def test_only_limits_the_check(topics_dir, good_topic_text):
    _write(topics_dir, good_topic_text.replace("difficulty: 1", "difficulty: 0"))
    report = validate_bank(topics_dir, only=["gan"])
    assert report.problems == [] and report.written == [] and report.not_written == ["gan"]


def test_exercises_made_for_a_topic_must_be_linked(tmp_path, good_topic_text):
    text = good_topic_text.replace("slug: deep-learning-basics", "slug: evaluation-metrics").replace(
        'seeds: ["001#1", "002#5"]', 'seeds: ["000#3", "002#8", "003#25", "004#1"]')
    _write(tmp_path, text, name="evaluation-metrics.md")
    report = validate_bank(tmp_path)
    [problem] = report.problems
    assert "not linked in 'exercises': precision-recall-f1, roc-auc" in problem.message
    _write(tmp_path, text.replace("exercises: []", "exercises: [precision-recall-f1, roc-auc]"),
           name="evaluation-metrics.md")
    assert validate_bank(tmp_path).ok
