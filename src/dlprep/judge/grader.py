"""The judge: grade a submission against an exercise's hidden cases, in a sandboxed worker.

Expected values are computed here, in the judge process, from the reference solution or
the case itself, and never leave it. The worker receives one input at a time and sends
back what the submission returned; this module compares (``catalog.judge_answer``) and
decides. Nothing the worker says can produce "Accepted" other than values that compare
equal to the expected ones.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

from dlprep.exercises._harness import Case
from dlprep.exercises.catalog import Exercise, expected_value, judge_answer, load_cases
from dlprep.judge.limits import Limits, MiB
from dlprep.judge.pool import WorkerPool
from dlprep.judge.process import Exchange, SandboxedWorker
from dlprep.judge.sandbox import TMPFS_BYTES, Sandbox
from dlprep.judge.verdict import CaseResult, Status, Verdict, max_abs_error, mismatch_kind, summarize

SIGXCPU_EXIT = 128 + 24  # bwrap exits with 128 + the signal that killed the worker
HIDDEN_MESSAGE_CHARS = 200  # an exception message in a hidden case could quote its input
SHOWN_OUTPUT_CHARS = 4000  # of what the submission printed, kept in the verdict
REPLY_TEXT_CHARS = 20_000  # of any text the worker sends (it could send megabytes)


class Judge:
    def __init__(self, pool_size: int = 2, limits: Limits | None = None, sandbox: Sandbox | None = None):
        self.limits = limits or Limits()
        self.sandbox = sandbox or Sandbox.detect()
        self.tag = f"dlprep-judge-{uuid.uuid4().hex[:12]}"  # marks this judge's sandboxes in `ps`
        self.pool = WorkerPool(self.sandbox, pool_size, self.tag, self.limits.result_mb * MiB)
        self._prepared: dict[str, list[tuple[Case, Any]]] = {}
        self._lock = threading.Lock()

    def cases(self, exercise: Exercise) -> list[tuple[Case, Any]]:
        """The hidden cases with their expected values, computed once per exercise."""
        with self._lock:
            if exercise.slug not in self._prepared:
                cases = load_cases(exercise)
                self._prepared[exercise.slug] = [(c, expected_value(exercise, c)) for c in cases]
            return self._prepared[exercise.slug]

    def grade(self, exercise: Exercise, code: str, limits: Limits | None = None) -> Verdict:
        cases = self.cases(exercise)
        worker = self.pool.acquire()
        try:
            return _Grading(worker, exercise, code, cases, limits or self.limits).run()
        finally:
            self.pool.release(worker)

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> Judge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Grading:
    """One submission in one worker: load it, run each case, stop at the first failure."""

    def __init__(self, worker: SandboxedWorker, exercise: Exercise, code: str, cases: list, limits: Limits):
        self.worker, self.exercise, self.code, self.cases, self.limits = worker, exercise, code, cases, limits
        self.results = [CaseResult(i, c.name, c.public, None) for i, (c, _) in enumerate(cases, 1)]
        self.output = ""
        self.show_output = True  # until the first hidden case runs
        self.started = time.monotonic()

    def run(self) -> Verdict:
        limits = self.limits
        self.worker.limit(limits.memory_mb * MiB, limits.pids, limits.output_kb * 1024, 2 * TMPFS_BYTES)
        load = {"kind": "load", "code": self.code, "function": self.exercise.meta.function,
                "limits": limits.for_worker()}
        reply = self._exchange(load)
        if failed := self._failure(reply, None, {"loaded", "compile_error", "missing"}):
            return failed
        kind = reply.message["kind"]
        if kind == "compile_error":
            line = reply.message.get("line")
            where = f"line {line}: " if type(line) is int else ""
            return self._verdict(Status.COMPILE_ERROR, where + _text(reply.message.get("message"), 500),
                                 detail=_text(reply.message.get("text")))
        if kind == "missing":
            return self._verdict(Status.COMPILE_ERROR, _text(reply.message.get("message"), 500))
        for result, (case, expected) in zip(self.results, self.cases, strict=True):
            self.show_output = self.show_output and case.public
            if case.public:
                parts = [summarize(a) for a in case.args] + [f"{k}={summarize(v)}" for k, v in case.kwargs.items()]
                result.input = ", ".join(parts)
            reply = self._exchange({"kind": "call", "args": tuple(case.args), "kwargs": dict(case.kwargs)})
            result.time_ms = round(reply.elapsed_s * 1000, 3)
            result.passed = False  # until the answer is checked
            if failed := self._failure(reply, result, {"value", "unsupported"}):
                return failed
            if reply.message["kind"] == "unsupported":
                result.reason = f"the returned value cannot be graded: {_text(reply.message.get('message'), 500)}"
                return self._verdict(Status.WRONG_ANSWER, f"case {result.number} ({case.name}): {result.reason}")
            got = reply.message.get("value")
            try:
                reason = judge_answer(case, got, expected)
            except Exception as exc:  # a case's own check() meeting a value it did not foresee
                reason = f"the returned value could not be compared ({type(exc).__name__})"
            if reason is not None:
                self._describe_wrong(result, case, got, expected, reason)
                return self._verdict(Status.WRONG_ANSWER, f"case {result.number} ({case.name}): {result.reason}")
            result.passed = True
        return self._verdict(Status.ACCEPTED, f"all {len(self.results)} cases passed")

    def _exchange(self, message: dict) -> Exchange:
        left = self.limits.wall_total_s - (time.monotonic() - self.started)
        reply = self.worker.exchange(message, max(0.0, min(self.limits.wall_per_call_s, left)))
        printed = self.worker.take_output().decode(errors="replace")
        if self.show_output and len(self.output) < SHOWN_OUTPUT_CHARS:
            self.output += printed
            if len(self.output) > SHOWN_OUTPUT_CHARS:
                self.output = self.output[:SHOWN_OUTPUT_CHARS] + "\n[... output cut]"
        return reply

    def _failure(self, reply: Exchange, result: CaseResult | None, expected_kinds: set[str]) -> Verdict | None:
        """The verdict when the exchange did not bring an expected reply; None when it did."""
        where = "while loading the module" if result is None else f"in case {result.number} ({result.name})"
        if reply.outcome == "timeout":
            return self._verdict(Status.TIME_LIMIT, f"no answer {where} within the time limit")
        if reply.outcome == "output_limit":
            return self._verdict(Status.OUTPUT_LIMIT, f"printed more than {self.limits.output_kb} KB {where}")
        if reply.outcome == "too_large":
            return self._verdict(Status.OUTPUT_LIMIT, f"returned a value larger than the cap {where} ({reply.detail})")
        if reply.outcome == "malformed":
            return self._verdict(Status.RUNTIME_ERROR, f"the sandbox sent a malformed reply {where}: {reply.detail}")
        if reply.outcome == "exited":
            return self._exited(where)
        message = reply.message
        if message["kind"] == "error":
            return self._error(message, result, where)
        if message["kind"] not in expected_kinds:
            return self._verdict(Status.RUNTIME_ERROR,
                                 f"the sandbox sent an unexpected '{message['kind']}' reply {where}")
        return None

    def _exited(self, where: str) -> Verdict:
        code = self.worker.exit_code()
        if self.worker.cgroup and self.worker.cgroup.oom_killed():
            return self._verdict(Status.MEMORY_LIMIT, f"killed for using more than {self.limits.memory_mb} MB {where}")
        if code == SIGXCPU_EXIT:
            return self._verdict(Status.TIME_LIMIT, f"used more than {self.limits.cpu_s:g} s of CPU time {where}")
        how = "closed its reply channel" if code is None else (
            f"was killed by signal {code - 128}" if code > 128 else f"exited with code {code}")
        return self._verdict(Status.RUNTIME_ERROR, f"the submission's process {how} {where} before answering")

    def _error(self, message: dict, result: CaseResult | None, where: str) -> Verdict:
        kind = _text(message.get("type", "Exception"), 100)
        text = _text(message.get("traceback"))
        if result is not None and not result.public:
            text = _clip_last_line(text, HIDDEN_MESSAGE_CHARS)
        if result is not None:
            result.reason = f"raised {kind}"
        if message.get("memory") is True:
            return self._verdict(Status.MEMORY_LIMIT, f"ran out of its {self.limits.memory_mb} MB {where}", text)
        return self._verdict(Status.RUNTIME_ERROR, f"{kind} {where}", text)

    def _describe_wrong(self, result: CaseResult, case: Case, got: Any, expected: Any, reason: str) -> None:
        if not case.public:
            try:
                result.reason = mismatch_kind(got, expected)
            except Exception:  # odd structures: say no more than a hidden case may
                result.reason = "wrong values"
            return
        result.reason = reason
        result.expected, result.got = summarize(expected), summarize(got)
        result.max_abs_error = max_abs_error(got, expected)

    def _verdict(self, status: Status, message: str, detail: str | None = None) -> Verdict:
        return Verdict(status, message, self.results, detail, self.output or None,
                       round((time.monotonic() - self.started) * 1000, 3))


def _text(value: Any, limit: int = REPLY_TEXT_CHARS) -> str:
    """Text from the worker, clipped: it comes from the submission's process."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + " [...]"


def _clip_last_line(traceback_text: str, limit: int) -> str:
    lines = traceback_text.rstrip("\n").split("\n")
    if lines and len(lines[-1]) > limit:
        lines[-1] = lines[-1][:limit] + " [cut: hidden case]"
    return "\n".join(lines) + "\n"
