"""The shipped bank itself: seed map integrity and every written topic valid (without running code;
`dlprep validate --run` in the test command runs the code)."""

from dlprep.bank.seedmap import load_seed_map, topic_slugs
from dlprep.bank.validator import validate_bank


def test_seed_map_has_150_entries_and_67_topics():
    entries = load_seed_map()
    assert len(entries) == 150 and len({e.ref for e in entries}) == 150
    assert len(topic_slugs()) == 67


def test_shipped_bank_is_valid():
    report = validate_bank()
    assert report.problems == [], "\n".join(map(str, report.problems))
    assert len(report.written) + len(report.not_written) == 67
    assert {"deep-learning-basics", "neural-network-components", "evaluation-metrics"} <= set(report.written)
