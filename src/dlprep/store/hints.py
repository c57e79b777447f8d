"""Hint reveals: which hints of an exercise the learner has asked for, and when."""

from __future__ import annotations

import sqlite3

from dlprep.store.db import now


def revealed(conn: sqlite3.Connection, exercise: str) -> int:
    """How many hints of ``exercise`` have been revealed (they are revealed in order)."""
    return conn.execute("SELECT COUNT(*) FROM hint_reveals WHERE exercise = ?", (exercise,)).fetchone()[0]


def reveal_next(conn: sqlite3.Connection, exercise: str, available: int) -> int | None:
    """Record the next hint as revealed; its number, or None when all ``available`` are out."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        count = revealed(conn, exercise)
        if count >= available:
            conn.execute("COMMIT")
            return None
        conn.execute("INSERT INTO hint_reveals (exercise, hint_number, revealed_at) VALUES (?, ?, ?)",
                     (exercise, count + 1, now()))
        conn.execute("COMMIT")
        return count + 1
    except BaseException:
        conn.execute("ROLLBACK")
        raise
