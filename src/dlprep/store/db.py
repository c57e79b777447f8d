"""The database file, its connection settings and its schema migrations.

One SQLite file: ``$DLPREP_DB``, else ``~/.local/share/dlprep/dlprep.db``. WAL mode lets
the CLI and the web app read and write at once. The schema grows by migrations: an
ordered list of steps, and ``PRAGMA user_version`` counts how many have run. A feature
that needs tables appends a step; a step that has shipped is never edited.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

MIGRATIONS: list[tuple[str, ...]] = [
    (  # 1: attempts (written before grading, completed after) and hint reveals
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            exercise TEXT NOT NULL,
            code TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
            verdict TEXT,
            passed INTEGER,
            total INTEGER,
            time_ms REAL,
            result_json TEXT,
            created_at TEXT NOT NULL,
            finished_at TEXT
        )""",
        "CREATE INDEX attempts_by_exercise ON attempts (exercise, id)",
        """CREATE TABLE hint_reveals (
            id INTEGER PRIMARY KEY,
            exercise TEXT NOT NULL,
            hint_number INTEGER NOT NULL CHECK (hint_number >= 1),
            revealed_at TEXT NOT NULL,
            UNIQUE (exercise, hint_number)
        )""",
    ),
    (  # 2: spaced-repetition cards and their review log (append-only), topic reading progress,
       #    mock interview sessions and their items
        """CREATE TABLE review_cards (
            card_key TEXT PRIMARY KEY,
            topic TEXT NOT NULL,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT NOT NULL,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX review_cards_by_due ON review_cards (due)",
        """CREATE TABLE review_logs (
            id INTEGER PRIMARY KEY,
            card_key TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            due_before TEXT,
            due_after TEXT NOT NULL,
            UNIQUE (card_key, reviewed_at)
        )""",
        "CREATE INDEX review_logs_by_time ON review_logs (reviewed_at)",
        """CREATE TABLE topic_progress (
            topic TEXT PRIMARY KEY,
            visits INTEGER NOT NULL DEFAULT 0,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            read_at TEXT
        )""",
        """CREATE TABLE mock_sessions (
            id INTEGER PRIMARY KEY,
            lang TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            exercise TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            UNIQUE (started_at)
        )""",
        """CREATE TABLE mock_items (
            session_id INTEGER NOT NULL REFERENCES mock_sessions (id),
            position INTEGER NOT NULL,
            topic TEXT NOT NULL,
            question_key TEXT NOT NULL,
            rating INTEGER CHECK (rating BETWEEN 1 AND 4),
            rated_at TEXT,
            PRIMARY KEY (session_id, position)
        )""",
    ),
]


def default_path() -> Path:
    configured = os.environ.get("DLPREP_DB")
    return Path(configured) if configured else Path.home() / ".local" / "share" / "dlprep" / "dlprep.db"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@contextmanager
def connect(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """A connection to an up-to-date database, in autocommit mode; closed on exit."""
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across app crashes
        migrate(conn)
        yield conn
    finally:
        conn.close()


def migrate(conn: sqlite3.Connection) -> int:
    """Run the migrations this database has not seen, in one transaction; returns the version."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS):
        return len(MIGRATIONS)
    conn.execute("BEGIN IMMEDIATE")  # another process may be migrating: take the write lock first
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise RuntimeError(f"the database is at schema {version}; this dlprep knows {len(MIGRATIONS)}")
        for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(MIGRATIONS)
