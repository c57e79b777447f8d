"""The exercise catalogue: problem statements, starters, and (judge side only) tests and solutions."""

from __future__ import annotations

import copy
import difflib
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from dlprep.exercises._harness import Case, compare

ROOT = Path(__file__).parent
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Hints(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: list[str] = Field(min_length=1, max_length=3)
    en: list[str] = Field(min_length=1, max_length=3)


class Title(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class ExerciseMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: str = Field(pattern=SLUG)
    title: Title
    topic: str = Field(pattern=SLUG, description="the topic that links this exercise")
    function: str = Field(pattern=r"^[A-Za-z_]\w*$", description="the function the submission defines")
    difficulty: int = Field(ge=1, le=5)
    tags: list[str] = Field(default_factory=list)
    hints: Hints


class UnknownExerciseError(LookupError):
    def __init__(self, slug: str, suggestions: list[str]):
        self.slug, self.suggestions = slug, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown exercise '{slug}'{hint}")


@dataclass(frozen=True)
class Exercise:
    meta: ExerciseMeta
    folder: Path
    problem: dict[str, str]  # lang -> Markdown

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def starter(self) -> str:
        return (self.folder / "starter.py").read_text(encoding="utf-8")


_PART = re.compile(r"^# (中文|English)\s*$", re.M)


def _load(folder: Path) -> Exercise:
    text = (folder / "problem.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = ExerciseMeta.model_validate(yaml.safe_load(front))
    if meta.slug != folder.name.replace("_", "-"):
        raise ValueError(f"{folder}/problem.md: slug '{meta.slug}' does not match the folder name")
    pieces = _PART.split(body)
    parts = {("zh" if pieces[i] == "中文" else "en"): pieces[i + 1].strip() for i in range(1, len(pieces), 2)}
    if set(parts) != {"zh", "en"}:
        raise ValueError(f"{folder}/problem.md needs '# 中文' and '# English' parts")
    return Exercise(meta, folder, parts)


@cache
def catalogue() -> dict[str, Exercise]:
    folders = sorted(p for p in ROOT.iterdir() if (p / "problem.md").is_file())
    return {ex.slug: ex for ex in map(_load, folders)}


def get_exercise(slug: str) -> Exercise:
    exercises = catalogue()
    if slug not in exercises:
        raise UnknownExerciseError(slug, difflib.get_close_matches(slug, list(exercises), n=3, cutoff=0.5))
    return exercises[slug]


def _import_file(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_cases(ex: Exercise) -> list[Case]:
    """The hidden cases (judge side only)."""
    tests = _import_file(ex.folder / "tests.py", f"dlprep_hidden_tests_{ex.folder.name}")
    cases = tests.cases()
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise ValueError(f"{ex.slug}: case names must be unique")
    return cases


def reference(ex: Exercise):
    """The reference solution's function (judge side only)."""
    return getattr(_import_file(ex.folder / "solution.py", f"dlprep_solution_{ex.folder.name}"), ex.meta.function)


def expected_value(ex: Exercise, case: Case) -> Any:
    if case.expected is None:  # copies: a reference that writes into its inputs must not alter the case
        return reference(ex)(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
    return case.expected() if callable(case.expected) else case.expected


def judge_answer(case: Case, got: Any, expected: Any) -> str | None:
    """None if ``got`` is right for this case, else the reason."""
    if case.check is not None:
        return case.check(got, expected)
    return compare(got, expected, case.rtol, case.atol)
