"""Topic reading progress: visits (first, last, how many) and when a topic was marked read."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class TopicRow:
    topic: str
    visits: int
    first_seen_at: str
    last_seen_at: str
    read_at: str | None


FIELDS = ("topic", "visits", "first_seen_at", "last_seen_at", "read_at")


def all_topics(conn: sqlite3.Connection) -> dict[str, TopicRow]:
    return {r["topic"]: TopicRow(*(r[f] for f in FIELDS)) for r in conn.execute("SELECT * FROM topic_progress")}


def latest(conn: sqlite3.Connection) -> TopicRow | None:
    row = conn.execute("SELECT * FROM topic_progress ORDER BY last_seen_at DESC LIMIT 1").fetchone()
    return TopicRow(*(row[f] for f in FIELDS)) if row else None


def visit(conn: sqlite3.Connection, topic: str, at: str) -> None:
    conn.execute(
        """INSERT INTO topic_progress (topic, visits, first_seen_at, last_seen_at) VALUES (?, 1, ?, ?)
           ON CONFLICT (topic) DO UPDATE SET visits = visits + 1, last_seen_at = excluded.last_seen_at""",
        (topic, at, at))


def set_read(conn: sqlite3.Connection, topic: str, at: str | None) -> None:
    """Mark read at ``at``, or unread again with None. Marking read counts as a visit."""
    if at is None:
        conn.execute("UPDATE topic_progress SET read_at = NULL WHERE topic = ?", (topic,))
        return
    conn.execute(
        """INSERT INTO topic_progress (topic, visits, first_seen_at, last_seen_at, read_at) VALUES (?, 1, ?, ?, ?)
           ON CONFLICT (topic) DO UPDATE SET read_at = excluded.read_at, last_seen_at = excluded.last_seen_at""",
        (topic, at, at, at))
