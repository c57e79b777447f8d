"""The review service: spaced repetition (FSRS) over cards made from the topics.

Every written topic gives one card per key point (``<slug>/kp/<n>``) and one per follow-up
question (``<slug>/fu/<n>``), numbered from 1 in the topic's order; the text comes from the
topic in the language asked for, so a card is the same card in zh and en. A card gets a row
in the store the first time it is rated; every rating is appended to the review log.

The queue: cards due now (most overdue first), then new cards, at most ``new_per_day`` a
(local) day, from the topics read most recently first, then in the bank's order. The web app
and ``dlprep review`` both call this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Card, Rating, Scheduler, State

from dlprep.bank.loader import Bank, load_bank
from dlprep.bank.parser import Topic
from dlprep.store import db
from dlprep.store import progress as progress_store
from dlprep.store import reviews as store
from dlprep.store.connections import Connections
from dlprep.store.reviews import CardRow

RATINGS = {1: Rating.Again, 2: Rating.Hard, 3: Rating.Good, 4: Rating.Easy}
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
NEW_PER_DAY = 20
_KEY = re.compile(r"^([a-z0-9-]+)/(kp|fu)/([1-9]\d*)$")
_LEAD = re.compile(r"^([^$:：]{1,24})[:：]")


class UnknownCardError(LookupError):
    pass


@dataclass(frozen=True)
class CardText:
    key: str
    topic: str
    kind: str  # 'key_point' or 'follow_up'
    number: int
    total: int  # cards of this kind in the topic
    topic_title: str
    front: str  # Markdown
    back: str  # Markdown


@dataclass(frozen=True)
class CardView:
    text: CardText
    state: str  # 'new', 'learning', 'review' or 'relearning'
    due: datetime | None  # None for a new card
    reps: int
    lapses: int
    last_review: datetime | None


@dataclass(frozen=True)
class Rated:
    key: str
    rating: int
    reviewed_at: datetime
    due: datetime  # when the card comes back
    interval: timedelta
    log_id: int


@dataclass(frozen=True)
class ReviewStats:
    due_now: int  # started cards due now
    new_available: int  # new cards that may still be shown today
    reviewed_today: int
    started: int  # cards with a row
    total: int  # cards in the bank
    next_due: datetime | None  # the earliest due date of a started card that is not due yet


def utc(dt: datetime | None = None) -> datetime:
    return (dt or datetime.now(UTC)).astimezone(UTC)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="milliseconds")


def parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def start_of_local_day(now: datetime) -> datetime:
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def humanize(delta: timedelta, lang: str = "en") -> str:
    """'10 min', '3 d', '2 mo' (zh: '10 分钟', '3 天', ...)."""
    s = max(delta.total_seconds(), 0)
    units = [(60, "min", "分钟"), (3600, "h", "小时"), (86400, "d", "天"), (86400 * 30, "mo", "个月"),
             (86400 * 365, "y", "年")]
    value, en, zh = round(s / 60), "min", "分钟"
    for size, unit_en, unit_zh in units:
        if s >= size:
            value, en, zh = round(s / size), unit_en, unit_zh
    value = max(value, 1)
    return f"{value} {zh}" if lang == "zh" else f"{value} {en}"


def cue_of(text: str, lang: str) -> str:
    """The opening of a key point: up to the first comma-like stop after a few words (en) or
    characters (zh), else a fixed number of them; never cut inside ``$...$`` (a formula counts 2)."""
    least, most = (4, 9) if lang == "zh" else (3, 5)
    stops = "，；：。、" if lang == "zh" else ",;:"
    units, in_math = 0, False
    for i, ch in enumerate(text):
        if ch == "$":
            in_math = not in_math
            units += 0 if in_math else 2
            continue
        if in_math:
            continue
        if ch in stops and units >= least:
            return text[:i]
        if lang == "zh" and not ch.isspace() or lang == "en" and ch == " ":
            units += 1
        if units >= most and (lang == "zh" or ch == " "):
            return text[: i + (1 if lang == "zh" else 0)].rstrip(" ,;:，；：、")
    return text


def card_keys(topic: Topic) -> list[str]:
    kp = len(topic.key_points("en") or topic.key_points("zh"))
    fu = len(topic.follow_ups("en") or topic.follow_ups("zh"))
    return [f"{topic.slug}/kp/{i}" for i in range(1, kp + 1)] + [f"{topic.slug}/fu/{i}" for i in range(1, fu + 1)]


class Review:
    def __init__(self, db_path: Path | None = None, bank: Bank | None = None, *, new_per_day: int = NEW_PER_DAY,
                 scheduler: Scheduler | None = None, connections: Connections | None = None):
        """``connections`` (a long-running app's) reuses open connections instead of opening one per call."""
        self.db_path = db_path or db.default_path()
        self._connections = connections
        self.bank = bank or load_bank()
        self.new_per_day = new_per_day
        self.scheduler = scheduler or Scheduler()
        self._keys = [k for slug in self.bank.slugs if slug in self.bank.topics
                      for k in card_keys(self.bank.topics[slug])]
        self._key_set = set(self._keys)

    def _connect(self):
        return self._connections.connect() if self._connections else db.connect(self.db_path)

    # ---- the cards ------------------------------------------------------------------------

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    def text(self, key: str, lang: str = "zh") -> CardText:
        m = _KEY.match(key)
        if not m or key not in self._key_set:
            raise UnknownCardError(f"unknown review card '{key}'")
        slug, kind, number = m.group(1), m.group(2), int(m.group(3))
        topic = self.bank.topics[slug]
        title = topic.meta.title.zh if lang == "zh" else topic.meta.title.en
        if kind == "kp":
            items = topic.key_points(lang) or topic.key_points("en" if lang == "zh" else "zh")
            point = items[number - 1] if number <= len(items) else ""
            lead = _LEAD.match(point)
            prompt = "补全这条要点" if lang == "zh" else "Complete this key point"
            cue = lead.group(1).strip() if lead else cue_of(point, lang)
            front = f"*{prompt}*\n\n**{cue}** …"
            return CardText(key, slug, "key_point", number, len(items), title, front, point)
        items_fu = topic.follow_ups(lang) or topic.follow_ups("en" if lang == "zh" else "zh")
        question, answer = items_fu[number - 1] if number <= len(items_fu) else ("", "")
        return CardText(key, slug, "follow_up", number, len(items_fu), title, question, answer)

    def card(self, key: str, lang: str = "zh") -> CardView:
        text = self.text(key, lang)
        with self._connect() as conn:
            row = store.card(conn, key)
        return _view(text, row)

    # ---- the queue ------------------------------------------------------------------------

    def next_card(self, lang: str = "zh", now: datetime | None = None, skip: tuple[str, ...] = ()) -> CardView | None:
        """The card to show now: the most overdue, else a new one (within today's allowance), else None."""
        now = utc(now)
        with self._connect() as conn:
            for key in store.due_keys(conn, iso(now)):
                if key in self._key_set and key not in skip:
                    return _view(self.text(key, lang), store.card(conn, key))
            if store.started_since(conn, iso(start_of_local_day(now))) >= self.new_per_day:
                return None
            started = set(store.cards(conn))
            key = next((k for k in self._new_order(conn) if k not in started and k not in skip), None)
        return _view(self.text(key, lang), None) if key else None

    def stats(self, now: datetime | None = None) -> ReviewStats:
        now = utc(now)
        with self._connect() as conn:
            rows = [r for r in store.cards(conn).values() if r.card_key in self._key_set]
            new_today = store.started_since(conn, iso(start_of_local_day(now)))
            reviewed_today = len(store.logs(conn, since=iso(start_of_local_day(now))))
        due_now = sum(1 for r in rows if r.due <= iso(now))
        later = [r.due for r in rows if r.due > iso(now)]
        unseen = len(self._keys) - len(rows)
        return ReviewStats(due_now, max(0, min(self.new_per_day - new_today, unseen)), reviewed_today, len(rows),
                           len(self._keys), parse(min(later)) if later else None)

    def _new_order(self, conn) -> list[str]:
        """New cards from the topics visited most recently first, then the rest in bank order."""
        visited = sorted(progress_store.all_topics(conn).values(), key=lambda r: r.last_seen_at, reverse=True)
        first = [r.topic for r in visited if r.topic in self.bank.topics]
        order = first + [s for s in self.bank.slugs if s in self.bank.topics and s not in first]
        by_topic: dict[str, list[str]] = {}
        for key in self._keys:
            by_topic.setdefault(key.split("/", 1)[0], []).append(key)
        return [k for slug in order for k in by_topic.get(slug, [])]

    # ---- rating ---------------------------------------------------------------------------

    def preview(self, key: str, now: datetime | None = None) -> dict[int, datetime]:
        """When the card would come back for each rating (nothing is stored)."""
        now = utc(now)
        self.text(key)
        with self._connect() as conn:
            card = _fsrs_card(store.card(conn, key), now)
        return {r: self.scheduler.review_card(card, RATINGS[r], review_datetime=now)[0].due for r in RATINGS}

    def rate(self, key: str, rating: int, now: datetime | None = None, duration_ms: int | None = None) -> Rated:
        """Rate a card 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy); store its new state and the log entry."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be 1, 2, 3 or 4, not {rating!r}")
        self.text(key)
        now = utc(now)
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = store.card(conn, key)
                before = _fsrs_card(row, now)
                after, _ = self.scheduler.review_card(before, RATINGS[rating], review_datetime=now)
                lapse = row is not None and State(row.state) is State.Review and rating == 1
                store.save(conn, CardRow(
                    key, key.split("/", 1)[0], int(after.state), after.step, after.stability, after.difficulty,
                    iso(after.due), iso(after.last_review) if after.last_review else None,
                    (row.reps if row else 0) + 1, (row.lapses if row else 0) + int(lapse),
                    row.created_at if row else iso(now), iso(now)))
                log_id = store.log(conn, key, rating, iso(now), duration_ms, row.due if row else None,
                                   iso(after.due))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        due = parse(iso(after.due))
        return Rated(key, rating, now, due, due - now, log_id)

    def history(self, key: str | None = None) -> list[store.LogRow]:
        with self._connect() as conn:
            return store.logs(conn, key)


def _fsrs_card(row: CardRow | None, now: datetime) -> Card:
    if row is None:
        return Card(card_id=0, due=now)
    return Card(card_id=0, state=State(row.state), step=row.step, stability=row.stability,
                difficulty=row.difficulty, due=parse(row.due), last_review=parse(row.last_review))


def _view(text: CardText, row: CardRow | None) -> CardView:
    if row is None:
        return CardView(text, "new", None, 0, 0, None)
    return CardView(text, State(row.state).name.lower(), parse(row.due), row.reps, row.lapses,
                    parse(row.last_review))
