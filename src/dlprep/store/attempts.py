"""Attempts: every submission, stored before it is graded and completed after."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from dlprep.store.db import now


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    exercise: str
    code: str
    status: str  # 'pending' while grading (or if the grader died), then 'done'
    verdict: str | None
    passed: int | None
    total: int | None
    time_ms: float | None
    result: dict[str, Any] | None
    created_at: str
    finished_at: str | None


@dataclass(frozen=True)
class ExerciseStats:
    exercise: str
    attempts: int
    solved: bool
    last_verdict: str | None
    last_at: str


def start(conn: sqlite3.Connection, exercise: str, code: str) -> int:
    cursor = conn.execute(
        "INSERT INTO attempts (exercise, code, status, created_at) VALUES (?, ?, 'pending', ?)",
        (exercise, code, now()))
    return int(cursor.lastrowid)


def finish(conn: sqlite3.Connection, attempt_id: int, verdict: str, passed: int, total: int,
           time_ms: float, result: dict[str, Any]) -> None:
    conn.execute(
        """UPDATE attempts SET status = 'done', verdict = ?, passed = ?, total = ?, time_ms = ?,
           result_json = ?, finished_at = ? WHERE id = ?""",
        (verdict, passed, total, time_ms, json.dumps(result, ensure_ascii=False), now(), attempt_id))


def history(conn: sqlite3.Connection, exercise: str | None = None, limit: int | None = None) -> list[AttemptRecord]:
    """Newest first."""
    where, params = ("WHERE exercise = ?", [exercise]) if exercise else ("", [])
    rows = conn.execute(f"SELECT * FROM attempts {where} ORDER BY id DESC LIMIT ?", [*params, limit or -1])
    return [_record(r) for r in rows]


def stats(conn: sqlite3.Connection) -> dict[str, ExerciseStats]:
    rows = conn.execute(
        """SELECT exercise, COUNT(*) AS attempts, MAX(verdict = 'Accepted') AS solved,
                  MAX(created_at) AS last_at,
                  (SELECT verdict FROM attempts AS newest WHERE newest.exercise = a.exercise
                   ORDER BY id DESC LIMIT 1) AS last_verdict
           FROM attempts AS a GROUP BY exercise""")
    return {r["exercise"]: ExerciseStats(r["exercise"], r["attempts"], bool(r["solved"]), r["last_verdict"],
                                         r["last_at"]) for r in rows}


def _record(row: sqlite3.Row) -> AttemptRecord:
    result = json.loads(row["result_json"]) if row["result_json"] else None
    return AttemptRecord(row["id"], row["exercise"], row["code"], row["status"], row["verdict"], row["passed"],
                         row["total"], row["time_ms"], result, row["created_at"], row["finished_at"])
