"""Author's check, in process and unsandboxed (trusted code only): every reference passes its own
cases and every starter fails them. ``python -m dlprep.exercises.selfcheck [slug ...]``.

Submissions from users go through ``dlprep.judge``, never through this module.
"""

from __future__ import annotations

import copy
import sys

from dlprep.bank.seedmap import topic_slugs
from dlprep.exercises.catalog import Exercise, catalogue, expected_value, judge_answer, load_cases, reference


def _function_from_source(source: str, name: str):
    namespace: dict = {}
    exec(compile(source, "<starter>", "exec"), namespace)  # noqa: S102 - trusted package source
    return namespace[name]


def failures(ex: Exercise, fn) -> list[str]:
    """Names and reasons of the cases ``fn`` gets wrong."""
    out = []
    for case in load_cases(ex):
        try:
            got = fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except Exception as exc:  # noqa: BLE001 - any error is a failed case
            out.append(f"{case.name}: {type(exc).__name__}: {exc}")
            continue
        reason = judge_answer(case, got, expected_value(ex, case))
        if reason:
            out.append(f"{case.name}: {reason}")
    return out


def check(ex: Exercise) -> list[str]:
    problems = []
    if ex.meta.topic not in topic_slugs():
        problems.append(f"topic '{ex.meta.topic}' is not a topic of the bank")
    problems += [f"reference fails {f}" for f in failures(ex, reference(ex))]
    starter = _function_from_source(ex.starter, ex.meta.function)
    if not failures(ex, starter):
        problems.append("the starter passes every case; the tests do not test anything")
    return problems


def main(argv: list[str]) -> int:
    exercises = catalogue()
    slugs = argv or list(exercises)
    bad = 0
    for slug in slugs:
        problems = check(exercises[slug])
        bad += bool(problems)
        print(f"{'FAIL' if problems else 'ok  '} {slug}")
        for p in problems:
            print(f"     {p}")
    print(f"{len(slugs) - bad} of {len(slugs)} exercises ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
