from typer.testing import CliRunner

from dlprep.cli import app
from tests.conftest import FIXTURES

runner = CliRunner(env={"COLUMNS": "200"})


def test_topics_lists_all_67_with_status():
    result = runner.invoke(app, ["topics"])
    assert result.exit_code == 0, result.output
    assert "batch-normalization" in result.output and "credit-assignment" in result.output
    assert "of 67 topics written" in result.output


def test_unknown_slug_suggests_close_matches_and_exits_2():
    result = runner.invoke(app, ["show", "batch-norm"])
    assert result.exit_code == 2
    assert "unknown topic 'batch-norm'" in result.output and "batch-normalization" in result.output


def test_unknown_slug_without_close_match_points_to_search():
    result = runner.invoke(app, ["show", "qqqq"])
    assert result.exit_code == 2 and "dlprep search" in result.output


def test_bad_language_exits_2():
    result = runner.invoke(app, ["show", "gan", "--lang", "fr"])
    assert result.exit_code == 2 and "'zh' or 'en'" in result.output


def test_show_unwritten_topic_lists_its_seed_questions():
    result = runner.invoke(app, ["show", "gan"])
    assert result.exit_code == 0
    assert "not written yet" in result.output and "003#16" in result.output


def test_search_ranks_and_reports_no_match():
    result = runner.invoke(app, ["search", "批标准化"])
    assert result.exit_code == 0
    first_row = next(line for line in result.output.splitlines() if "│ 1 " in line)
    assert "batch-normalization" in first_row
    miss = runner.invoke(app, ["search", "zzqx"])
    assert miss.exit_code == 1 and "No topic matches" in miss.output


def test_validate_fixture_folder_ok_and_broken(tmp_path, good_topic_text):
    ok = runner.invoke(app, ["validate", "--topics-dir", str(FIXTURES), "--run"])
    assert ok.exit_code == 0, ok.output
    assert "1 topics written, 1 runnable blocks executed; 66 topics not written yet." in ok.output
    (tmp_path / "deep-learning-basics.md").write_text(good_topic_text.replace("difficulty: 1", "difficulty: 0"))
    bad = runner.invoke(app, ["validate", "--topics-dir", str(tmp_path)])
    assert bad.exit_code == 1
    assert "deep-learning-basics.md:8:" in bad.output and "difficulty" in bad.output


def test_validate_unknown_slug_exits_2():
    result = runner.invoke(app, ["validate", "no-such-topic"])
    assert result.exit_code == 2


def test_show_renders_included_source_raw():
    # The exemplar topics include library source; --raw prints the Markdown with it resolved.
    result = runner.invoke(app, ["show", "deep-learning-basics", "--raw", "--lang", "en"])
    assert result.exit_code == 0
    assert "```include" not in result.output and "```python" in result.output


def test_tour_runs_and_mentions_commands():
    result = runner.invoke(app, ["tour"])
    assert result.exit_code == 0 and "dlprep search" in result.output and "150 seed questions" in result.output
