"""The progress service: topic reading progress, and export/import of everything a learner did.

Reading progress: a visit is recorded when a topic page is opened (reloading the topic you
are on within ``VISIT_DEBOUNCE`` is not a new visit); a topic can be marked read.

Export writes one JSON document (``FORMAT``, ``VERSION``) with the attempts, hint reveals,
review cards and review log, topic progress and mock interviews. Import merges such a file
into a database: it is idempotent (importing the same file twice adds nothing), it never
deletes or overwrites newer data, and a file that is not a valid export is refused with the
reason before anything is written. Rows are matched by natural keys, not ids:

| table | a row is the same row when | on a match |
|---|---|---|
| attempts | exercise, created_at and code are equal | kept as is (a pending one is completed) |
| hint reveals | exercise and hint number | kept |
| review log | card and reviewed_at | kept |
| review cards | card | the state with the later last review wins |
| topic progress | topic | visits max, first seen min, last seen max, read at the earliest |
| mock interviews | started_at | missing ratings and finish time filled in |
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dlprep.store import db
from dlprep.store import progress as store
from dlprep.store.connections import Connections
from dlprep.store.progress import TopicRow

FORMAT = "dlprep-progress"
VERSION = 1
VISIT_DEBOUNCE = timedelta(minutes=10)


@dataclass(frozen=True)
class TopicProgress:
    topic: str
    status: str  # 'new', 'started' or 'read'
    visits: int
    last_seen_at: str | None
    read_at: str | None


class ProgressService:
    def __init__(self, db_path: Path | None = None, connections: Connections | None = None):
        self.db_path = db_path or db.default_path()
        self._connections = connections
        self._last_visit: tuple[str, datetime] | None = None

    def _connect(self):
        return self._connections.connect() if self._connections else db.connect(self.db_path)

    def visit(self, topic: str, now: datetime | None = None) -> bool:
        """Record a visit to ``topic``; False when it is a reload of the topic last visited."""
        now = (now or datetime.now(UTC)).astimezone(UTC)
        last = self._last_visit  # remembered: reloading a page costs no query
        if last is not None and last[0] == topic and timedelta(0) <= now - last[1] < VISIT_DEBOUNCE:
            return False
        with self._connect() as conn:
            row = store.latest(conn)
            if row is not None and row.topic == topic and row.last_seen_at and \
                    now - datetime.fromisoformat(row.last_seen_at) < VISIT_DEBOUNCE:
                self._last_visit = (topic, datetime.fromisoformat(row.last_seen_at))
                return False
            store.visit(conn, topic, db_iso(now))
        self._last_visit = (topic, now)
        return True

    def mark_read(self, topic: str, read: bool = True, now: datetime | None = None) -> None:
        with self._connect() as conn:
            store.set_read(conn, topic, db_iso((now or datetime.now(UTC)).astimezone(UTC)) if read else None)

    def topics(self) -> dict[str, TopicProgress]:
        with self._connect() as conn:
            rows = store.all_topics(conn)
        return {slug: _progress(r) for slug, r in rows.items()}

    def topic(self, slug: str) -> TopicProgress:
        return self.topics().get(slug) or TopicProgress(slug, "new", 0, None, None)

    def last_topic(self) -> TopicProgress | None:
        with self._connect() as conn:
            row = store.latest(conn)
        return _progress(row) if row else None


def db_iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="milliseconds")


def _progress(row: TopicRow) -> TopicProgress:
    status = "read" if row.read_at else "started" if row.visits else "new"
    return TopicProgress(row.topic, status, row.visits, row.last_seen_at or None, row.read_at)


# ---- export / import -------------------------------------------------------------------------

class ProgressFileError(ValueError):
    """The file is not a dlprep progress export; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _timestamp(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"not an ISO 8601 timestamp: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {value!r}")
    return value


class AttemptIn(_Strict):
    exercise: str = Field(min_length=1)
    code: str
    status: Literal["pending", "done"]
    verdict: str | None = None
    passed: int | None = None
    total: int | None = None
    time_ms: float | None = None
    result: dict[str, Any] | None = None
    created_at: str
    finished_at: str | None = None
    _ts = field_validator("created_at", "finished_at")(_timestamp)


class HintIn(_Strict):
    exercise: str = Field(min_length=1)
    hint_number: int = Field(ge=1)
    revealed_at: str
    _ts = field_validator("revealed_at")(_timestamp)


class CardIn(_Strict):
    card_key: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    state: int = Field(ge=1, le=3)
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: str
    last_review: str | None = None
    reps: int = Field(ge=0)
    lapses: int = Field(ge=0)
    created_at: str
    updated_at: str
    _ts = field_validator("due", "last_review", "created_at", "updated_at")(_timestamp)


class LogIn(_Strict):
    card_key: str = Field(min_length=1)
    rating: int = Field(ge=1, le=4)
    reviewed_at: str
    duration_ms: int | None = None
    due_before: str | None = None
    due_after: str
    _ts = field_validator("reviewed_at", "due_before", "due_after")(_timestamp)


class TopicIn(_Strict):
    topic: str = Field(min_length=1)
    visits: int = Field(ge=0)
    first_seen_at: str
    last_seen_at: str
    read_at: str | None = None
    _ts = field_validator("first_seen_at", "last_seen_at", "read_at")(_timestamp)


class MockItemIn(_Strict):
    position: int = Field(ge=1)
    topic: str
    question_key: str
    rating: int | None = Field(default=None, ge=1, le=4)
    rated_at: str | None = None
    _ts = field_validator("rated_at")(_timestamp)


class MockIn(_Strict):
    lang: Literal["zh", "en"]
    minutes: int = Field(ge=1)
    exercise: str | None = None
    started_at: str
    finished_at: str | None = None
    items: list[MockItemIn] = Field(default_factory=list)
    _ts = field_validator("started_at", "finished_at")(_timestamp)


class ProgressFile(_Strict):
    format: Literal["dlprep-progress"]
    version: Literal[1]
    exported_at: str
    attempts: list[AttemptIn] = Field(default_factory=list)
    hint_reveals: list[HintIn] = Field(default_factory=list)
    review_cards: list[CardIn] = Field(default_factory=list)
    review_logs: list[LogIn] = Field(default_factory=list)
    topic_progress: list[TopicIn] = Field(default_factory=list)
    mock_sessions: list[MockIn] = Field(default_factory=list)
    _ts = field_validator("exported_at")(_timestamp)


TABLES = ("attempts", "hint_reveals", "review_cards", "review_logs", "topic_progress", "mock_sessions")


@dataclass
class ImportReport:
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))

    def summary(self) -> str:
        parts = [f"{t.replace('_', ' ')}: {self.added[t]} added, {self.updated[t]} updated, "
                 f"{self.unchanged[t]} already there" for t in TABLES]
        return "; ".join(parts)


def export_progress(db_path: Path | None = None) -> dict[str, Any]:
    """Everything the learner did, as a JSON-ready dict (stable order: oldest first)."""
    with db.connect(db_path) as conn:
        attempts = [{
            "exercise": r["exercise"], "code": r["code"], "status": r["status"], "verdict": r["verdict"],
            "passed": r["passed"], "total": r["total"], "time_ms": r["time_ms"],
            "result": json.loads(r["result_json"]) if r["result_json"] else None,
            "created_at": r["created_at"], "finished_at": r["finished_at"],
        } for r in conn.execute("SELECT * FROM attempts ORDER BY created_at, id")]
        hints = [dict(r) for r in conn.execute(
            "SELECT exercise, hint_number, revealed_at FROM hint_reveals ORDER BY revealed_at, id")]
        cards = [{k: r[k] for k in r.keys()} for r in conn.execute("SELECT * FROM review_cards ORDER BY card_key")]
        logs = [dict(r) for r in conn.execute(
            "SELECT card_key, rating, reviewed_at, duration_ms, due_before, due_after FROM review_logs "
            "ORDER BY reviewed_at, id")]
        topics = [dict(r) for r in conn.execute("SELECT * FROM topic_progress ORDER BY topic")]
        sessions = []
        for s in conn.execute("SELECT * FROM mock_sessions ORDER BY started_at, id").fetchall():
            items = [dict(r) for r in conn.execute(
                "SELECT position, topic, question_key, rating, rated_at FROM mock_items WHERE session_id = ? "
                "ORDER BY position", (s["id"],))]
            sessions.append({"lang": s["lang"], "minutes": s["minutes"], "exercise": s["exercise"],
                             "started_at": s["started_at"], "finished_at": s["finished_at"], "items": items})
    return {"format": FORMAT, "version": VERSION, "exported_at": db_iso(datetime.now(UTC)),
            "attempts": attempts, "hint_reveals": hints, "review_cards": cards, "review_logs": logs,
            "topic_progress": topics, "mock_sessions": sessions}


def write_export(path: Path, db_path: Path | None = None) -> dict[str, int]:
    data = export_progress(db_path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return {t: len(data[t]) for t in TABLES}


def parse_progress_file(text: str | bytes, source: str = "the file") -> ProgressFile:
    """Validate an export; ``ProgressFileError`` names the first problems found."""
    try:
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProgressFileError(f"{source} is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressFileError(f"{source} is not a dlprep progress export (no \"format\": \"{FORMAT}\" field)")
    if data.get("version") != VERSION:
        raise ProgressFileError(f"{source} is a version {data.get('version')!r} export; "
                                f"this dlprep reads version {VERSION}")
    try:
        return ProgressFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:5]:
            loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
            problems.append(f"{loc}: {err['msg']}")
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise ProgressFileError(f"{source} is not a valid progress export: " + "; ".join(problems) + more) from None


def import_progress(data: ProgressFile | dict[str, Any] | str | bytes, db_path: Path | None = None) -> ImportReport:
    """Merge an export into the database in one transaction (see the module docstring)."""
    if not isinstance(data, ProgressFile):
        data = parse_progress_file(json.dumps(data) if isinstance(data, dict) else data)
    report = ImportReport()
    with db.connect(db_path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _merge(conn, data, report)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return report


def _count(report: ImportReport, table: str, outcome: str) -> None:
    getattr(report, outcome)[table] += 1


def _merge(conn, data: ProgressFile, report: ImportReport) -> None:
    for a in data.attempts:
        row = conn.execute("SELECT id, status FROM attempts WHERE exercise = ? AND created_at = ? AND code = ?",
                           (a.exercise, a.created_at, a.code)).fetchone()
        values = (a.status, a.verdict, a.passed, a.total, a.time_ms,
                  json.dumps(a.result, ensure_ascii=False) if a.result is not None else None, a.finished_at)
        if row is None:
            conn.execute("""INSERT INTO attempts (exercise, code, created_at, status, verdict, passed, total, time_ms,
                            result_json, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                         (a.exercise, a.code, a.created_at, *values))
            _count(report, "attempts", "added")
        elif row["status"] == "pending" and a.status == "done":
            conn.execute("""UPDATE attempts SET status = ?, verdict = ?, passed = ?, total = ?, time_ms = ?,
                            result_json = ?, finished_at = ? WHERE id = ?""", (*values, row["id"]))
            _count(report, "attempts", "updated")
        else:
            _count(report, "attempts", "unchanged")
    for h in data.hint_reveals:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO hint_reveals (exercise, hint_number, revealed_at) VALUES (?, ?, ?)",
            (h.exercise, h.hint_number, h.revealed_at))
        _count(report, "hint_reveals", "added" if cursor.rowcount else "unchanged")
    for log in data.review_logs:
        cursor = conn.execute(
            """INSERT OR IGNORE INTO review_logs (card_key, rating, reviewed_at, duration_ms, due_before, due_after)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (log.card_key, log.rating, log.reviewed_at, log.duration_ms, log.due_before, log.due_after))
        _count(report, "review_logs", "added" if cursor.rowcount else "unchanged")
    for c in data.review_cards:
        row = conn.execute("SELECT last_review, created_at FROM review_cards WHERE card_key = ?",
                           (c.card_key,)).fetchone()
        values = c.model_dump()
        if row is not None:
            if _later(c.last_review, row["last_review"]):
                values["created_at"] = min(row["created_at"], c.created_at)
                outcome = "updated"
            else:
                _count(report, "review_cards", "unchanged")
                continue
        else:
            outcome = "added"
        cols = list(values)
        conn.execute(f"INSERT OR REPLACE INTO review_cards ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     [values[k] for k in cols])
        _count(report, "review_cards", outcome)
    for t in data.topic_progress:
        row = conn.execute("SELECT * FROM topic_progress WHERE topic = ?", (t.topic,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO topic_progress VALUES (?, ?, ?, ?, ?)",
                         (t.topic, t.visits, t.first_seen_at, t.last_seen_at, t.read_at))
            _count(report, "topic_progress", "added")
            continue
        merged = (max(row["visits"], t.visits), min(row["first_seen_at"], t.first_seen_at),
                  max(row["last_seen_at"], t.last_seen_at), min(x for x in (row["read_at"], t.read_at) if x)
                  if (row["read_at"] or t.read_at) else None)
        if merged == (row["visits"], row["first_seen_at"], row["last_seen_at"], row["read_at"]):
            _count(report, "topic_progress", "unchanged")
        else:
            conn.execute("""UPDATE topic_progress SET visits = ?, first_seen_at = ?, last_seen_at = ?, read_at = ?
                            WHERE topic = ?""", (*merged, t.topic))
            _count(report, "topic_progress", "updated")
    for s in data.mock_sessions:
        row = conn.execute("SELECT id, finished_at FROM mock_sessions WHERE started_at = ?", (s.started_at,)).fetchone()
        if row is None:
            session_id = conn.execute(
                "INSERT INTO mock_sessions (lang, minutes, exercise, started_at, finished_at) VALUES (?, ?, ?, ?, ?)",
                (s.lang, s.minutes, s.exercise, s.started_at, s.finished_at)).lastrowid
            conn.executemany(
                """INSERT INTO mock_items (session_id, position, topic, question_key, rating, rated_at)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                [(session_id, i.position, i.topic, i.question_key, i.rating, i.rated_at) for i in s.items])
            _count(report, "mock_sessions", "added")
            continue
        changed = 0
        if row["finished_at"] is None and s.finished_at is not None:
            changed += conn.execute("UPDATE mock_sessions SET finished_at = ? WHERE id = ?",
                                    (s.finished_at, row["id"])).rowcount
        for i in s.items:
            if i.rating is not None:
                changed += conn.execute(
                    """UPDATE mock_items SET rating = ?, rated_at = ?
                       WHERE session_id = ? AND position = ? AND rating IS NULL""",
                    (i.rating, i.rated_at, row["id"], i.position)).rowcount
        _count(report, "mock_sessions", "updated" if changed else "unchanged")


def _later(a: str | None, b: str | None) -> bool:
    """Is timestamp ``a`` later than ``b`` (None is the earliest)?"""
    if a is None:
        return False
    if b is None:
        return True
    return datetime.fromisoformat(a) > datetime.fromisoformat(b)
