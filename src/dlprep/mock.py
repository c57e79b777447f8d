"""The mock interview service: a timed session of N random questions and one coding exercise.

Questions are the follow-up questions of written topics (each has a model answer to compare
with); the learner answers aloud or on paper, reveals the model answer and rates themself
1-4. The coding exercise is graded by the judge as usual: the session counts the attempts
made on it between its start and its end. ``finish`` closes the session; ``summary`` gives
the time used, the ratings, the topics to go back to and the exercise's best verdict.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dlprep.bank.loader import Bank, load_bank
from dlprep.exercises.catalog import catalogue
from dlprep.store import attempts as attempt_store
from dlprep.store import db
from dlprep.store import mock as store
from dlprep.store.connections import Connections

RATING_LABELS = {
    1: {"zh": "答不上", "en": "Blank"},
    2: {"zh": "部分", "en": "Partial"},
    3: {"zh": "基本答对", "en": "Good"},
    4: {"zh": "完整流畅", "en": "Excellent"},
}
DEFAULT_QUESTIONS, DEFAULT_MINUTES = 5, 30
MAX_QUESTIONS, MAX_MINUTES = 20, 180


class UnknownSessionError(LookupError):
    pass


@dataclass(frozen=True)
class MockItem:
    position: int
    topic: str
    topic_title: str
    key: str
    question: str  # Markdown
    answer: str  # Markdown
    rating: int | None


@dataclass(frozen=True)
class ExerciseOutcome:
    slug: str
    title: str
    attempts: int
    best: str | None  # 'Accepted' if any attempt was, else the latest verdict
    passed: int | None
    total: int | None


@dataclass(frozen=True)
class MockSession:
    id: int
    lang: str
    minutes: int
    started_at: datetime
    deadline: datetime
    finished_at: datetime | None
    items: list[MockItem]
    exercise: ExerciseOutcome | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def remaining(self, now: datetime | None = None) -> timedelta:
        return self.deadline - (now or datetime.now(UTC))


@dataclass(frozen=True)
class MockSummary:
    session: MockSession
    elapsed: timedelta
    overtime: bool
    rated: int
    average: float | None
    by_rating: dict[int, int]
    weak_topics: list[tuple[str, str]]  # (slug, title) of questions rated 1-2


class MockInterviews:
    def __init__(self, db_path: Path | None = None, bank: Bank | None = None, connections: Connections | None = None):
        self.db_path = db_path or db.default_path()
        self.bank = bank or load_bank()
        self._connections = connections

    def _connect(self):
        return self._connections.connect() if self._connections else db.connect(self.db_path)

    def question_pool(self) -> list[tuple[str, str]]:
        """(topic, key) of every follow-up question of a written topic."""
        out = []
        for slug in self.bank.slugs:
            topic = self.bank.topics.get(slug)
            if topic is not None:
                out += [(slug, f"{slug}/fu/{i}") for i in range(1, len(topic.follow_ups("en")) + 1)]
        return out

    def start(self, questions: int = DEFAULT_QUESTIONS, minutes: int = DEFAULT_MINUTES, lang: str = "zh",
              seed: int | None = None, now: datetime | None = None) -> int:
        """Draw the questions (one per topic while topics last) and an exercise; the session's id."""
        if not 1 <= questions <= MAX_QUESTIONS:
            raise ValueError(f"questions must be between 1 and {MAX_QUESTIONS}")
        if not 1 <= minutes <= MAX_MINUTES:
            raise ValueError(f"minutes must be between 1 and {MAX_MINUTES}")
        if lang not in ("zh", "en"):
            raise ValueError("lang must be 'zh' or 'en'")
        rng = random.Random(seed)
        pool = self.question_pool()
        if not pool:
            raise ValueError("no written topic has follow-up questions yet")
        rng.shuffle(pool)
        picked, topics = [], set()
        for topic, key in pool:  # different topics first, then repeats if N is larger than the topic count
            if topic not in topics and len(picked) < questions:
                picked.append((topic, key))
                topics.add(topic)
        picked += [p for p in pool if p not in picked][: questions - len(picked)]
        exercises = sorted(catalogue())
        exercise = rng.choice(exercises) if exercises else None
        started = (now or datetime.now(UTC)).astimezone(UTC)
        with self._connect() as conn:
            return store.create(conn, lang, minutes, exercise, started.isoformat(timespec="milliseconds"), picked)

    def get(self, session_id: int, lang: str = "zh") -> MockSession:
        with self._connect() as conn:
            row = store.get(conn, session_id)
            if row is None:
                raise UnknownSessionError(f"no mock interview #{session_id}")
            items = store.items(conn, session_id)
            history = attempt_store.history(conn, row.exercise) if row.exercise else []
        started = datetime.fromisoformat(row.started_at)
        finished = datetime.fromisoformat(row.finished_at) if row.finished_at else None
        return MockSession(row.id, row.lang, row.minutes, started, started + timedelta(minutes=row.minutes),
                           finished, [self._item(i, lang) for i in items],
                           self._outcome(row.exercise, history, row.started_at, row.finished_at, lang))

    def recent(self, limit: int = 10, lang: str = "zh") -> list[MockSession]:
        with self._connect() as conn:
            ids = [r.id for r in store.recent(conn, limit)]
        return [self.get(i, lang) for i in ids]

    def rate(self, session_id: int, position: int, rating: int, now: datetime | None = None) -> None:
        if rating not in RATING_LABELS:
            raise ValueError("rating must be 1, 2, 3 or 4")
        at = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
        with self._connect() as conn:
            if store.get(conn, session_id) is None:
                raise UnknownSessionError(f"no mock interview #{session_id}")
            if not store.rate(conn, session_id, position, rating, at):
                raise ValueError(f"mock interview #{session_id} has no question {position}")

    def finish(self, session_id: int, now: datetime | None = None) -> MockSummary:
        at = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
        with self._connect() as conn:
            if store.get(conn, session_id) is None:
                raise UnknownSessionError(f"no mock interview #{session_id}")
            store.finish(conn, session_id, at)
        return self.summary(session_id)

    def summary(self, session_id: int, lang: str = "zh", now: datetime | None = None) -> MockSummary:
        s = self.get(session_id, lang)
        end = s.finished_at or (now or datetime.now(UTC))
        elapsed = end - s.started_at
        ratings = [i.rating for i in s.items if i.rating is not None]
        by_rating = {r: ratings.count(r) for r in RATING_LABELS}
        weak = list(dict.fromkeys((i.topic, i.topic_title) for i in s.items if i.rating is not None and i.rating <= 2))
        return MockSummary(s, elapsed, elapsed > timedelta(minutes=s.minutes), len(ratings),
                           round(sum(ratings) / len(ratings), 2) if ratings else None, by_rating, weak)

    def _item(self, row: store.ItemRow, lang: str) -> MockItem:
        topic = self.bank.topics.get(row.topic)
        number = int(row.question_key.rsplit("/", 1)[-1])
        if topic is None:  # the topic was removed since: keep the rating, say so
            return MockItem(row.position, row.topic, row.topic, row.question_key, row.question_key, "", row.rating)
        items = topic.follow_ups(lang) or topic.follow_ups("en")
        question, answer = items[number - 1] if number <= len(items) else (row.question_key, "")
        title = topic.meta.title.zh if lang == "zh" else topic.meta.title.en
        return MockItem(row.position, row.topic, title, row.question_key, question, answer, row.rating)

    @staticmethod
    def _outcome(slug: str | None, history, started: str, finished: str | None, lang: str) -> ExerciseOutcome | None:
        if slug is None:
            return None
        ex = catalogue().get(slug)
        title = ex.meta.title.zh if ex and lang == "zh" else ex.meta.title.en if ex else slug
        mine = [a for a in history if a.created_at >= started and (finished is None or a.created_at <= finished)]
        accepted = next((a for a in mine if a.verdict == "Accepted"), None)
        best = accepted or (mine[0] if mine else None)  # history is newest first
        return ExerciseOutcome(slug, title, len(mine), best.verdict if best else None,
                               best.passed if best else None, best.total if best else None)
