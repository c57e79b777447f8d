"""The SQLite store: migrations, WAL, attempts written before grading and completed after."""

from __future__ import annotations

import sqlite3

import pytest

from dlprep.store import attempts, db, hints


@pytest.fixture
def path(tmp_path):
    return tmp_path / "sub" / "dlprep.db"


def test_a_new_database_is_migrated_to_the_latest_schema_in_wal_mode(path):
    with db.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(db.MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"attempts", "hint_reveals"} <= tables


def test_migrations_run_once_and_new_steps_apply_to_old_databases(path, monkeypatch):
    with db.connect(path) as conn:
        attempts.start(conn, "softmax", "code")
    step = ("CREATE TABLE migration_probe (id INTEGER PRIMARY KEY, exercise TEXT NOT NULL)",)
    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS, step])
    with db.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(db.MIGRATIONS)
        conn.execute("INSERT INTO migration_probe (exercise) VALUES ('softmax')")
        assert len(attempts.history(conn)) == 1  # old data kept


def test_a_failing_migration_leaves_the_database_as_it_was(path, monkeypatch):
    with db.connect(path):
        pass
    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS, ("CREATE TABLE ok (x)", "NOT SQL")])
    with pytest.raises(sqlite3.OperationalError), db.connect(path):
        pass
    monkeypatch.undo()
    with db.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(db.MIGRATIONS)
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'ok'").fetchall()


def test_a_database_from_a_newer_dlprep_is_refused(path):
    with db.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {len(db.MIGRATIONS) + 1}")
    with pytest.raises(RuntimeError, match="knows"), db.connect(path):
        pass


def test_attempt_is_pending_until_finished(path):
    with db.connect(path) as conn:
        attempt_id = attempts.start(conn, "softmax", "def softmax(z): ...")
        (pending,) = attempts.history(conn)
        attempts.finish(conn, attempt_id, "Accepted", 8, 8, 12.5, {"status": "Accepted"})
        (done,) = attempts.history(conn)
    assert pending.id == done.id == attempt_id
    assert pending.status == "pending" and pending.verdict is None and pending.code == "def softmax(z): ..."
    assert done.status == "done" and done.verdict == "Accepted" and done.result == {"status": "Accepted"}
    assert done.finished_at >= done.created_at


def test_stats_and_history(path):
    with db.connect(path) as conn:
        for slug, verdict in [("a", "Wrong Answer"), ("a", "Accepted"), ("a", "Runtime Error"), ("b", "Wrong Answer")]:
            attempts.finish(conn, attempts.start(conn, slug, "x"), verdict, 0, 1, 1.0, {})
        stats = attempts.stats(conn)
        newest_a = attempts.history(conn, "a", limit=2)
    assert stats["a"].attempts == 3 and stats["a"].solved and stats["a"].last_verdict == "Runtime Error"
    assert not stats["b"].solved
    assert [r.verdict for r in newest_a] == ["Runtime Error", "Accepted"]


def test_hints_are_revealed_in_order_up_to_the_number_available(path):
    with db.connect(path) as conn:
        assert [hints.reveal_next(conn, "softmax", 2) for _ in range(3)] == [1, 2, None]
        assert hints.revealed(conn, "softmax") == 2 and hints.revealed(conn, "other") == 0


def test_default_path_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DLPREP_DB", str(tmp_path / "x.db"))
    assert db.default_path() == tmp_path / "x.db"
    monkeypatch.delenv("DLPREP_DB")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert db.default_path() == tmp_path / ".local/share/dlprep/dlprep.db"
