"""Review cards (one row per card the learner has started, FSRS state) and the review log.

The log is append-only: a rating is never updated or deleted, and ``(card_key, reviewed_at)``
identifies it across databases (export/import)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class CardRow:
    card_key: str
    topic: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None
    reps: int
    lapses: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class LogRow:
    id: int
    card_key: str
    rating: int
    reviewed_at: str
    duration_ms: int | None
    due_before: str | None
    due_after: str


CARD_FIELDS = ("card_key", "topic", "state", "step", "stability", "difficulty", "due", "last_review", "reps",
               "lapses", "created_at", "updated_at")
LOG_FIELDS = ("card_key", "rating", "reviewed_at", "duration_ms", "due_before", "due_after")


def card(conn: sqlite3.Connection, key: str) -> CardRow | None:
    row = conn.execute("SELECT * FROM review_cards WHERE card_key = ?", (key,)).fetchone()
    return _card(row) if row else None


def cards(conn: sqlite3.Connection) -> dict[str, CardRow]:
    return {r["card_key"]: _card(r) for r in conn.execute("SELECT * FROM review_cards")}


def due_keys(conn: sqlite3.Connection, now: str) -> list[str]:
    """Keys of started cards due at ``now`` (ISO 8601 UTC), most overdue first."""
    return [r[0] for r in conn.execute("SELECT card_key FROM review_cards WHERE due <= ? ORDER BY due, card_key",
                                       (now,))]


def save(conn: sqlite3.Connection, row: CardRow) -> None:
    conn.execute(f"INSERT OR REPLACE INTO review_cards ({', '.join(CARD_FIELDS)}) "
                 f"VALUES ({', '.join('?' * len(CARD_FIELDS))})", tuple(getattr(row, f) for f in CARD_FIELDS))


def log(conn: sqlite3.Connection, card_key: str, rating: int, reviewed_at: str, duration_ms: int | None,
        due_before: str | None, due_after: str) -> int:
    cursor = conn.execute(
        f"INSERT INTO review_logs ({', '.join(LOG_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?)",
        (card_key, rating, reviewed_at, duration_ms, due_before, due_after))
    return int(cursor.lastrowid)


def logs(conn: sqlite3.Connection, card_key: str | None = None, since: str | None = None) -> list[LogRow]:
    """Oldest first."""
    where, params = [], []
    if card_key is not None:
        where.append("card_key = ?")
        params.append(card_key)
    if since is not None:
        where.append("reviewed_at >= ?")
        params.append(since)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(f"SELECT * FROM review_logs {clause} ORDER BY reviewed_at, id", params)
    return [LogRow(r["id"], *(r[f] for f in LOG_FIELDS)) for r in rows]


def started_since(conn: sqlite3.Connection, since: str) -> int:
    """Cards first reviewed at or after ``since``: today's new cards."""
    return conn.execute("SELECT COUNT(*) FROM review_cards WHERE created_at >= ?", (since,)).fetchone()[0]


def _card(row: sqlite3.Row) -> CardRow:
    return CardRow(*(row[f] for f in CARD_FIELDS))
