"""The practice service: what the CLI and the web app call to work on exercises.

List exercises, read a problem and its starter, reveal hints one at a time, submit code
to the sandboxed judge, and read the history and progress back. Every submission is
stored before it is graded and completed afterwards, so a crash of the judge (or a
Ctrl-C) never loses it.
"""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from dlprep.exercises.catalog import Exercise, catalogue, get_exercise
from dlprep.judge.grader import Judge
from dlprep.judge.limits import Limits
from dlprep.judge.sandbox import SandboxUnavailable
from dlprep.judge.verdict import Status, Verdict
from dlprep.store import attempts as attempt_store
from dlprep.store import db
from dlprep.store import hints as hint_store
from dlprep.store.attempts import AttemptRecord

MAX_CODE_BYTES = 64 * 1024
LANGS = ("zh", "en")


class SubmissionTooLarge(ValueError):
    pass


@dataclass(frozen=True)
class ExerciseInfo:
    slug: str
    title: dict[str, str]  # lang -> title
    topic: str
    difficulty: int
    tags: list[str]
    attempts: int
    solved: bool
    last_verdict: str | None
    last_at: str | None  # when it was last submitted (ISO 8601, UTC)


@dataclass(frozen=True)
class Hints:
    shown: list[str]  # the hints revealed so far, in order
    total: int
    new: int | None  # the number of the hint revealed by this call, if any


@dataclass(frozen=True)
class Submission:
    attempt_id: int
    verdict: Verdict


@dataclass(frozen=True)
class Progress:
    exercises: list[ExerciseInfo]
    solved: int
    attempted: int
    attempts: int


class Practice:
    def __init__(self, db_path: Path | None = None, pool_size: int = 2, limits: Limits | None = None):
        """``pool_size`` warm sandboxes, started with the first submission; 0 starts one per
        submission (for one-shot use, like the CLI)."""
        self.db_path = db_path or db.default_path()
        self.pool_size, self.limits = pool_size, limits
        self._judge: Judge | None = None
        self._judge_lock = threading.Lock()

    # ---- reading ------------------------------------------------------------------------

    def exercises(self) -> list[ExerciseInfo]:
        with db.connect(self.db_path) as conn:
            stats = attempt_store.stats(conn)
        return [self._info(ex, stats.get(slug)) for slug, ex in catalogue().items()]

    def exercise(self, slug: str) -> ExerciseInfo:
        ex = get_exercise(slug)
        with db.connect(self.db_path) as conn:
            return self._info(ex, attempt_store.stats(conn).get(slug))

    def problem(self, slug: str, lang: str = "zh") -> str:
        return get_exercise(slug).problem[_check_lang(lang)]

    def starter(self, slug: str) -> str:
        return get_exercise(slug).starter

    @staticmethod
    def starter_filename(slug: str) -> str:
        return f"{slug.replace('-', '_')}.py"

    def hints(self, slug: str, lang: str = "zh") -> Hints:
        available = get_exercise(slug).meta.hints.model_dump()[_check_lang(lang)]
        with db.connect(self.db_path) as conn:
            count = hint_store.revealed(conn, slug)
        return Hints(available[:count], len(available), None)

    def reveal_hint(self, slug: str, lang: str = "zh") -> Hints:
        """Reveal the next hint (the reveal is stored); ``new`` is None when all are out."""
        available = get_exercise(slug).meta.hints.model_dump()[_check_lang(lang)]
        with db.connect(self.db_path) as conn:
            new = hint_store.reveal_next(conn, slug, len(available))
            count = hint_store.revealed(conn, slug)
        return Hints(available[:count], len(available), new)

    def attempts(self, slug: str | None = None, limit: int | None = 20) -> list[AttemptRecord]:
        if slug is not None:
            get_exercise(slug)
        with db.connect(self.db_path) as conn:
            return attempt_store.history(conn, slug, limit)

    def progress(self) -> Progress:
        infos = self.exercises()
        return Progress(infos, sum(i.solved for i in infos), sum(i.attempts > 0 for i in infos),
                        sum(i.attempts for i in infos))

    # ---- submitting ---------------------------------------------------------------------

    def submit(self, slug: str, code: str) -> Submission:
        """Store, grade, store the verdict. Raises only for an unknown slug or oversized code."""
        exercise = get_exercise(slug)
        size = len(code.encode("utf-8"))
        if size > MAX_CODE_BYTES:
            raise SubmissionTooLarge(f"the submission is {size / 1024:.1f} KB; the limit is "
                                     f"{MAX_CODE_BYTES // 1024} KB. Nothing was stored.")
        with db.connect(self.db_path) as conn:
            attempt_id = attempt_store.start(conn, slug, code)
        try:
            verdict = self._grade(exercise, code)
        except BaseException as exc:  # Ctrl-C: record it, then let it stop the program
            self._finish(attempt_id, Verdict(Status.JUDGE_ERROR, f"grading interrupted ({type(exc).__name__})"))
            raise
        self._finish(attempt_id, verdict)
        return Submission(attempt_id, verdict)

    def close(self) -> None:
        with self._judge_lock:
            if self._judge is not None:
                self._judge.close()
                self._judge = None

    def __enter__(self) -> Practice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _grade(self, exercise: Exercise, code: str) -> Verdict:
        try:
            with self._judge_lock:
                if self._judge is None:
                    self._judge = Judge(self.pool_size, self.limits)
                judge = self._judge
            return judge.grade(exercise, code)
        except SandboxUnavailable as exc:
            return Verdict(Status.JUDGE_ERROR, str(exc))
        except Exception as exc:  # a bug in the judge or in the exercise's tests: keep the attempt
            return Verdict(Status.JUDGE_ERROR, f"the judge failed: {type(exc).__name__}: {exc}",
                           detail=traceback.format_exc())

    def _finish(self, attempt_id: int, verdict: Verdict) -> None:
        with db.connect(self.db_path) as conn:
            attempt_store.finish(conn, attempt_id, verdict.status.value, verdict.passed, len(verdict.cases),
                            verdict.time_ms, verdict.to_dict())

    @staticmethod
    def _info(ex: Exercise, stats: attempt_store.ExerciseStats | None) -> ExerciseInfo:
        m = ex.meta
        return ExerciseInfo(ex.slug, m.title.model_dump(), m.topic, m.difficulty, list(m.tags),
                            stats.attempts if stats else 0, bool(stats and stats.solved),
                            stats.last_verdict if stats else None, stats.last_at if stats else None)


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', not '{lang}'")
    return lang
