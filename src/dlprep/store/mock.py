"""Mock interview sessions: the questions drawn, the coding exercise, self-ratings, times."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class SessionRow:
    id: int
    lang: str
    minutes: int
    exercise: str | None
    started_at: str
    finished_at: str | None


@dataclass(frozen=True)
class ItemRow:
    position: int
    topic: str
    question_key: str
    rating: int | None
    rated_at: str | None


SESSION_FIELDS = ("lang", "minutes", "exercise", "started_at", "finished_at")
ITEM_FIELDS = ("position", "topic", "question_key", "rating", "rated_at")


def create(conn: sqlite3.Connection, lang: str, minutes: int, exercise: str | None, started_at: str,
           items: list[tuple[str, str]]) -> int:
    """A session with ``items`` as (topic, question key), numbered from 1; returns its id."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        cursor = conn.execute(
            "INSERT INTO mock_sessions (lang, minutes, exercise, started_at) VALUES (?, ?, ?, ?)",
            (lang, minutes, exercise, started_at))
        session_id = int(cursor.lastrowid)
        conn.executemany(
            "INSERT INTO mock_items (session_id, position, topic, question_key) VALUES (?, ?, ?, ?)",
            [(session_id, i, topic, key) for i, (topic, key) in enumerate(items, 1)])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return session_id


def get(conn: sqlite3.Connection, session_id: int) -> SessionRow | None:
    row = conn.execute("SELECT * FROM mock_sessions WHERE id = ?", (session_id,)).fetchone()
    return SessionRow(row["id"], *(row[f] for f in SESSION_FIELDS)) if row else None


def recent(conn: sqlite3.Connection, limit: int = 10) -> list[SessionRow]:
    rows = conn.execute("SELECT * FROM mock_sessions ORDER BY started_at DESC, id DESC LIMIT ?", (limit,))
    return [SessionRow(r["id"], *(r[f] for f in SESSION_FIELDS)) for r in rows]


def items(conn: sqlite3.Connection, session_id: int) -> list[ItemRow]:
    rows = conn.execute("SELECT * FROM mock_items WHERE session_id = ? ORDER BY position", (session_id,))
    return [ItemRow(*(r[f] for f in ITEM_FIELDS)) for r in rows]


def rate(conn: sqlite3.Connection, session_id: int, position: int, rating: int, at: str) -> bool:
    cursor = conn.execute("UPDATE mock_items SET rating = ?, rated_at = ? WHERE session_id = ? AND position = ?",
                          (rating, at, session_id, position))
    return cursor.rowcount == 1


def finish(conn: sqlite3.Connection, session_id: int, at: str) -> None:
    conn.execute("UPDATE mock_sessions SET finished_at = COALESCE(finished_at, ?) WHERE id = ?", (at, session_id))
