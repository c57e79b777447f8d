"""The practice service and the CLI commands over it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dlprep.cli import app
from dlprep.exercises.catalog import UnknownExerciseError
from dlprep.judge import grader, sandbox
from dlprep.practice import MAX_CODE_BYTES, Practice, SubmissionTooLarge
from dlprep.store import attempts, db
from tests.judge.conftest import CORRECT


@pytest.fixture
def practice(tmp_path):
    with Practice(tmp_path / "p.db", pool_size=1) as service:
        yield service


def test_submit_stores_the_attempt_with_its_verdict(practice):
    submission = practice.submit("softmax", CORRECT)
    record = practice.attempts("softmax")[0]
    assert submission.verdict.accepted and record.id == submission.attempt_id
    assert record.status == "done" and record.verdict == "Accepted" and record.code == CORRECT
    assert record.passed == record.total == 8 and record.result["status"] == "Accepted"
    assert practice.exercise("softmax").solved


def test_the_attempt_is_written_before_grading_and_kept_if_the_judge_crashes(practice, monkeypatch):
    seen = []

    def crash(self, exercise, code, limits=None):
        with db.connect(practice.db_path) as conn:
            seen.append(attempts.history(conn)[0].status)
        raise RuntimeError("judge bug")

    monkeypatch.setattr(grader.Judge, "grade", crash)
    verdict = practice.submit("softmax", CORRECT).verdict
    record = practice.attempts()[0]
    assert seen == ["pending"]
    assert verdict.status.value == record.verdict == "Judge Error" and "judge bug" in verdict.message
    assert record.code == CORRECT and record.status == "done"


def test_an_interrupted_grading_is_recorded_then_reraised(practice, monkeypatch):
    def interrupt(self, exercise, code, limits=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(grader.Judge, "grade", interrupt)
    with pytest.raises(KeyboardInterrupt):
        practice.submit("softmax", CORRECT)
    assert practice.attempts()[0].verdict == "Judge Error"


def test_without_bubblewrap_the_submission_is_kept_and_the_reason_is_clear(practice, monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    verdict = practice.submit("softmax", CORRECT).verdict
    assert verdict.status.value == "Judge Error" and "bubblewrap" in verdict.message
    assert practice.attempts()[0].code == CORRECT


def test_oversized_code_is_refused_before_anything_is_stored(practice):
    with pytest.raises(SubmissionTooLarge, match="64 KB"):
        practice.submit("softmax", "#" * (MAX_CODE_BYTES + 1))
    assert practice.attempts() == []


def test_unknown_exercise_suggests_close_matches(practice):
    with pytest.raises(UnknownExerciseError, match="softmax"):
        practice.submit("softmx", CORRECT)


def test_problem_starter_hints_and_progress(practice):
    assert "Implement `softmax" in practice.problem("softmax", "en") and "def softmax" in practice.starter("softmax")
    assert practice.starter_filename("scaled-dot-product-attention") == "scaled_dot_product_attention.py"
    first, second, third = (practice.reveal_hint("softmax", "en") for _ in range(3))
    assert (first.new, second.new, third.new) == (1, 2, None) and len(third.shown) == third.total == 2
    assert practice.hints("softmax", "zh").shown[0].startswith("softmax(z)")
    practice.submit("softmax", "def softmax(z, axis=-1):\n    return z\n")
    progress = practice.progress()
    assert progress.attempted == 1 and progress.attempts == 1 and progress.solved == 0
    assert len(progress.exercises) == len(practice.exercises())
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        practice.problem("softmax", "fr")


# ---- CLI -------------------------------------------------------------------------------

@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"COLUMNS": "200", "DLPREP_DB": str(tmp_path / "cli.db")})
    return lambda *args: runner.invoke(app, list(args))


def test_cli_practice_writes_the_starter_but_never_overwrites_without_force(cli, tmp_path):
    result = cli("practice", "softmax", "--lang", "en")
    assert result.exit_code == 0 and "Numerically stable softmax" in result.output
    starter = tmp_path / "softmax.py"
    assert "raise NotImplementedError" in starter.read_text()
    starter.write_text("my work")
    assert "Kept your existing" in cli("practice", "softmax").output and starter.read_text() == "my work"
    assert cli("practice", "softmax", "--force").exit_code == 0 and starter.read_text() != "my work"
    assert cli("practice", "softmax", "--out", "sub/mine.py").exit_code == 0 and (tmp_path / "sub/mine.py").exists()


def test_cli_submit_exit_codes_and_verdict(cli, tmp_path):
    (tmp_path / "good.py").write_text(CORRECT)
    (tmp_path / "bad.py").write_text("def softmax(z, axis=-1):\n    return z * [\n")
    good, bad = cli("submit", "softmax", "good.py"), cli("submit", "softmax", "bad.py")
    assert good.exit_code == 0 and "Accepted" in good.output and "attempt #1 saved" in good.output
    assert bad.exit_code == 1 and "Compile Error" in bad.output and "line 2" in bad.output
    assert cli("submit", "softmax", "missing.py").exit_code == 2
    listed = cli("attempts", "softmax")
    assert listed.exit_code == 0 and "Compile Error" in listed.output and "Accepted" in listed.output


def test_cli_submit_prints_submission_text_literally(cli, tmp_path):
    (tmp_path / "markup.py").write_text("def softmax(z, axis=-1):\n    raise ValueError('[bold red]x[/bold red]')\n")
    result = cli("submit", "softmax", "markup.py")
    assert result.exit_code == 1 and "[bold red]x[/bold red]" in result.output


def test_cli_unknown_slug_exits_2_with_suggestions(cli):
    result = cli("hint", "softmx")
    assert result.exit_code == 2 and "did you mean: softmax" in result.output
    assert cli("practice", "qqqq-zzzz").exit_code == 2
    assert cli("practice", "softmax", "--lang", "fr").exit_code == 2


def test_cli_exercises_hint_and_progress(cli, tmp_path):
    listing = cli("exercises")
    assert listing.exit_code == 0 and "softmax" in listing.output and "exercises; 0 solved" in listing.output
    first = cli("hint", "softmax", "--lang", "en")
    assert first.exit_code == 0 and "1 of 2 hints shown" in first.output
    cli("hint", "softmax")
    assert "already shown" in cli("hint", "softmax").output
    (tmp_path / "good.py").write_text(CORRECT)
    cli("submit", "softmax", "good.py")
    progress = cli("progress")
    assert progress.exit_code == 0 and "Solved 1 of" in progress.output and "Accepted" in progress.output
