"""Export and import of progress: round trip, idempotence, merging, validation (CLI and web)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from dlprep.bank.loader import load_bank
from dlprep.cli import app as cli_app
from dlprep.mock import MockInterviews
from dlprep.progress import ProgressFileError, ProgressService, export_progress, import_progress
from dlprep.review import Review
from dlprep.store import attempts, db, hints


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def fill(path, bank) -> None:
    """One of everything: attempts (done and pending), hints, reviews, reading, a mock interview."""
    with db.connect(path) as conn:
        done = attempts.start(conn, "softmax", "def softmax(z):\n    return z\n")
        attempts.finish(conn, done, "Wrong Answer", 1, 8, 3.5, {"status": "Wrong Answer", "message": "case 2"})
        attempts.start(conn, "adam", "pending code")
        hints.reveal_next(conn, "softmax", 2)
    review = Review(path, bank)
    now = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    key = review.next_card("en", now).text.key
    review.rate(key, 3, now)
    ProgressService(path).visit("batch-normalization")
    ProgressService(path).mark_read("dense-layer")
    mock = MockInterviews(path, bank)
    session = mock.start(2, 5, "en", seed=1)
    mock.rate(session, 1, 3)


def strip(data):
    return {k: v for k, v in data.items() if k != "exported_at"}


def test_export_then_import_into_an_empty_database_round_trips(tmp_path, bank):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    fill(a, bank)
    exported = export_progress(a)
    assert {len(exported[t]) for t in ("attempts", "review_cards", "review_logs", "mock_sessions")} >= {1}
    report = import_progress(exported, b)
    assert report.added["attempts"] == 2 and report.added["review_logs"] == 1
    assert strip(export_progress(b)) == strip(exported)
    again = import_progress(exported, b)  # idempotent
    assert sum(again.added.values()) == 0 and sum(again.updated.values()) == 0
    assert strip(export_progress(b)) == strip(exported)


def test_import_merges_without_losing_anything(tmp_path, bank):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    fill(a, bank)
    review_b = Review(b, bank)  # b has its own, later history on the same card
    key = Review(a, bank).history()[0].card_key
    review_b.rate(key, 3, datetime(2026, 3, 1, tzinfo=UTC))
    review_b.rate(key, 4, datetime(2026, 3, 2, tzinfo=UTC))
    with db.connect(b) as conn:
        attempts.start(conn, "rmsprop", "b's own attempt")
    import_progress(export_progress(a), b)
    merged = export_progress(b)
    assert len(merged["review_logs"]) == 3  # a's one + b's two
    card = next(c for c in merged["review_cards"] if c["card_key"] == key)
    assert card["last_review"].startswith("2026-03-02")  # b's state is newer: kept
    assert {x["exercise"] for x in merged["attempts"]} == {"softmax", "adam", "rmsprop"}
    import_progress(merged, a)  # and back: a now has everything too
    assert len(export_progress(a)["review_logs"]) == 3


@pytest.mark.parametrize("content, message", [
    ("not json", "is not JSON"),
    ('{"hello": 1}', "not a dlprep progress export"),
    ('{"format": "dlprep-progress", "version": 9}', "version 9"),
    ('{"format": "dlprep-progress", "version": 1, "exported_at": "2026-01-01T00:00:00+00:00", '
     '"review_logs": [{"card_key": "x/kp/1", "rating": 7, "reviewed_at": "2026-01-01T00:00:00+00:00", '
     '"due_after": "2026-01-02T00:00:00+00:00"}]}', "review_logs[0].rating"),
    ('{"format": "dlprep-progress", "version": 1, "exported_at": "yesterday"}', "exported_at"),
])
def test_bad_files_are_refused_with_the_reason_and_nothing_is_written(tmp_path, content, message):
    path = tmp_path / "p.db"
    with pytest.raises(ProgressFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        import_progress(content, path)
    assert sum(len(v) for k, v in export_progress(path).items() if isinstance(v, list)) == 0


def test_cli_export_and_import(tmp_path, bank):
    a, b, out = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "progress.json"
    fill(a, bank)
    runner = CliRunner()
    result = runner.invoke(cli_app, ["export", str(out), "--db", str(a)])
    assert result.exit_code == 0 and out.exists(), result.output
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "dlprep-progress"
    result = runner.invoke(cli_app, ["import", str(out), "--db", str(b)])
    assert result.exit_code == 0 and "added" in result.output, result.output
    assert strip(export_progress(b)) == strip(export_progress(a))
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = runner.invoke(cli_app, ["import", str(bad), "--db", str(b)])
    said = " ".join(result.output.split())  # Rich wraps long lines
    assert result.exit_code == 1 and "not a dlprep progress export" in said and "Nothing was imported" in said
    assert runner.invoke(cli_app, ["import", str(tmp_path / "missing.json")]).exit_code == 2


def test_web_export_and_import(client, tmp_path, bank):
    r = client.get("/export")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.json()["format"] == "dlprep-progress"
    other = tmp_path / "o.db"
    fill(other, bank)
    upload = json.dumps(export_progress(other)).encode()
    page = client.post("/import", files={"file": ("p.json", upload, "application/json")})
    assert page.status_code == 200 and "Imported" in page.text and "2 added" in page.text
    again = client.post("/import", files={"file": ("p.json", upload, "application/json")})
    assert "attempts: 0 added" in again.text
    bad = client.post("/import", files={"file": ("p.json", b"{}", "application/json")})
    assert bad.status_code == 400 and "Import failed" in bad.text and "not a dlprep progress export" in bad.text


def test_a_database_from_before_the_web_app_is_upgraded_in_place(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(db, "MIGRATIONS", db.MIGRATIONS[:1])
        with db.connect(path) as conn:
            attempts.start(conn, "softmax", "old code")
    with db.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"review_cards", "review_logs", "topic_progress", "mock_sessions", "mock_items"} <= tables
        assert attempts.history(conn)[0].code == "old code"
