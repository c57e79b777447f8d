"""``dlprep validate``: check every topic against the seed map, the format and the library.

Checks, each reported as ``file:line: message``:
- the file name is a slug from seed_map.tsv and matches the front matter slug;
- every seed entry is referenced by exactly the topic it maps to;
- both parts (中文, English) have every required section, non-empty, in order;
  key points and follow-ups have the expected shape;
- ``include`` blocks resolve to library source; Python code is never pasted
  (a python block is either an include or a ``python run`` block with its ``output``);
- prerequisites, exercises and labs named in the front matter exist, and every exercise whose
  problem.md names this topic is linked from it;
- with ``run=True``: every ``python run`` block executes within the time limit and
  prints exactly its ``output`` block.
Topics in the seed map with no file are counted as "not written yet", not errors.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dlprep.bank.includes import IncludeError, resolve_include
from dlprep.bank.loader import load_bank
from dlprep.bank.parser import Block, Problem, Section, Topic
from dlprep.bank.paths import exercise_topics, lab_names
from dlprep.bank.schema import KEY_POINTS_RANGE, LANG_HEADINGS, LANGS, MIN_FOLLOW_UPS, SECTIONS
from dlprep.bank.seedmap import seeds_by_ref, seeds_for, topic_slugs

DEFAULT_BLOCK_TIMEOUT = 120.0


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    not_written: list[str] = field(default_factory=list)
    blocks_run: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_bank(
    root: Path | None = None,
    *,
    run: bool = False,
    timeout: float = DEFAULT_BLOCK_TIMEOUT,
    only: Iterable[str] | None = None,
    on_block: Callable[[str, int], None] | None = None,
) -> Report:
    bank = load_bank(root)
    report = Report()
    wanted = set(only) if only else None
    known = set(topic_slugs())
    for path, problems in bank.parse_problems.items():
        if wanted is None or path.stem in wanted:
            report.problems += problems
    for path in sorted(bank.root.glob("*.md")):
        if path.stem not in known and (wanted is None or path.stem in wanted):
            report.problems.append(Problem(str(path), 1, f"'{path.stem}' is not a topic of seed_map.tsv"))
    cache: dict[str, tuple[int, str, str]] = {}
    for slug in topic_slugs():
        if wanted is not None and slug not in wanted:
            continue
        topic = bank.topics.get(slug)
        if topic is None:
            if not (bank.root / f"{slug}.md").exists():
                report.not_written.append(slug)
            continue
        report.written.append(slug)
        report.problems += check_topic(topic)
        if run:
            report.blocks_run += run_blocks(topic, report.problems, timeout, cache, on_block)
    return report


def check_topic(topic: Topic) -> list[Problem]:
    path = str(topic.path)
    meta = topic.meta
    problems: list[Problem] = []

    def add(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    if topic.path.stem != meta.slug:
        add(2, f"front matter slug '{meta.slug}' does not match the file name '{topic.path.stem}.md'")

    # Seeds: exactly the entries mapped to this topic.
    by_ref = seeds_by_ref()
    for ref in meta.seeds:
        entry = by_ref.get(ref)
        if entry is None:
            add(2, f"seed '{ref}' is not in seed_map.tsv")
        elif entry.topic != meta.slug:
            add(2, f"seed '{ref}' ({entry.title}) belongs to topic '{entry.topic}', not '{meta.slug}'")
    missing = [e.ref for e in seeds_for(meta.slug) if e.ref not in meta.seeds]
    if missing:
        add(2, f"seed entries mapped to this topic but not referenced: {', '.join(missing)}")

    # Links.
    known = set(topic_slugs())
    for pre in meta.prerequisites:
        if pre == meta.slug:
            add(2, "a topic cannot be its own prerequisite")
        elif pre not in known:
            add(2, f"prerequisite '{pre}' is not a topic")
    exercises, labs = exercise_topics(), lab_names()
    for ex in meta.exercises:
        if ex not in exercises:
            add(2, f"exercise '{ex}' does not exist (dlprep/exercises/{ex.replace('-', '_')}/problem.md)")
    unlinked = sorted(ex for ex, t in exercises.items() if t == meta.slug and ex not in meta.exercises)
    if unlinked:
        add(2, f"exercises made for this topic are not linked in 'exercises': {', '.join(unlinked)}")
    for lab in meta.labs:
        if lab not in labs:
            add(2, f"lab '{lab}' does not exist (dlprep/labs/{lab.replace('-', '_')}.py)")

    # Parts and sections.
    order = [lang for lang in topic.parts]
    for lang in LANGS:
        if lang not in topic.parts:
            add(1, f"missing part '# {LANG_HEADINGS[lang]}'")
    if order and order != [lang for lang in LANGS if lang in topic.parts]:
        add(topic.parts[order[0]].line, "parts must come in the order '# 中文' then '# English'")
    for lang, part in topic.parts.items():
        keys = list(part.sections)
        expected = [s.key for s in SECTIONS if s.key in part.sections]
        if keys != expected:
            first_bad = next(part.sections[k] for k, e in zip(keys, expected, strict=True) if k != e)
            wanted = " > ".join(s.heading(lang) for s in SECTIONS)
            add(first_bad.line, f"sections are out of order; the order is {wanted}")
        for spec in SECTIONS:
            sec = part.sections.get(spec.key)
            required = spec.required or (spec.key == "measured" and meta.labs)
            if sec is None:
                if required:
                    add(part.line, f"{lang}: missing section '## {spec.heading(lang)}'")
                continue
            if not sec.markdown:
                add(sec.line, f"{lang}: section '## {sec.heading}' is empty")
        _check_content(topic, lang, add)
    return problems


def _check_content(topic: Topic, lang: str, add: Callable[[int, str], None]) -> None:
    part = topic.parts[lang]
    kp = part.sections.get("key_points")
    if kp is not None:
        n = len(topic.key_points(lang))
        lo, hi = KEY_POINTS_RANGE
        if not lo <= n <= hi:
            add(kp.line, f"{lang}: key points need {lo}-{hi} '- ' bullets, found {n}")
    fu = part.sections.get("follow_ups")
    if fu is not None:
        items = topic.follow_ups(lang)
        if len(items) < MIN_FOLLOW_UPS:
            add(fu.line, f"{lang}: follow-ups need at least {MIN_FOLLOW_UPS} '### question' items, found {len(items)}")
        for q, a in items:
            if not a:
                add(fu.line, f"{lang}: follow-up '{q}' has no answer")
    code = part.sections.get("code")
    if code is not None:
        kinds = [b.kind for b in code.blocks]
        if "include" not in kinds:
            add(code.line, f"{lang}: the code section needs at least one ```include block of library source")
        if "run" not in kinds:
            add(code.line, f"{lang}: the code section needs at least one ```python run block with its ```output")
    for sec in part.sections.values():
        _check_blocks(sec, lang, add)
        if sec.prose().count("$$") % 2:
            add(sec.line, f"{lang}: unbalanced $$ in section '## {sec.heading}'")


def _check_blocks(sec: Section, lang: str, add: Callable[[int, str], None]) -> None:
    for i, block in enumerate(sec.blocks):
        nxt = sec.blocks[i + 1] if i + 1 < len(sec.blocks) else None
        prev = sec.blocks[i - 1] if i > 0 else None
        if block.kind == "include":
            try:
                resolve_include(block.text)
            except IncludeError as exc:
                add(block.line, str(exc))
        elif block.kind == "run" and (nxt is None or nxt.kind != "output"):
            add(block.line, "a ```python run block must be followed by its ```output block")
        elif block.kind == "output" and (prev is None or prev.kind != "run"):
            add(block.line, "an ```output block must follow a ```python run block")
        elif block.kind == "code" and block.language in {"python", "py", "python3"}:
            add(block.line, "pasted Python code: use ```include for library source or ```python run (checked)")


def runnable_blocks(topic: Topic) -> list[tuple[Block, Block]]:
    pairs = []
    for part in topic.parts.values():
        for sec in part.sections.values():
            for a, b in zip(sec.blocks, sec.blocks[1:], strict=False):
                if a.kind == "run" and b.kind == "output":
                    pairs.append((a, b))
    return pairs


def normalise_output(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()).strip("\n")


def execute(code: str, timeout: float) -> tuple[int, str, str]:
    """Run code in a fresh interpreter (cwd: a temp dir); returns (returncode, stdout, stderr)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg"}
    with tempfile.TemporaryDirectory(prefix="dlprep-block-") as tmp:
        try:
            proc = subprocess.run(
                [sys.executable, "-I", "-c", code], capture_output=True, text=True,
                timeout=timeout, cwd=tmp, env=env,
            )
        except subprocess.TimeoutExpired:
            return -1, "", f"timed out after {timeout:g} s"
    return proc.returncode, proc.stdout, proc.stderr


def run_blocks(
    topic: Topic, problems: list[Problem], timeout: float,
    cache: dict[str, tuple[int, str, str]], on_block: Callable[[str, int], None] | None,
) -> int:
    """Execute each runnable block (identical code is run once) and compare with its output."""
    ran = 0
    for block, expected in runnable_blocks(topic):
        if on_block:
            on_block(topic.slug, block.line)
        if block.text not in cache:
            cache[block.text] = execute(block.text, timeout)
            ran += 1
        code, out, err = cache[block.text]
        where = str(topic.path)
        if code != 0:
            tail = "\n".join(err.strip().splitlines()[-6:])
            problems.append(Problem(where, block.line, f"runnable block failed (exit {code}):\n{tail}"))
        elif normalise_output(out) != normalise_output(expected.text):
            problems.append(Problem(where, expected.line, _diff(expected.text, out)))
    return ran


def _diff(expected: str, got: str) -> str:
    lines = difflib.unified_diff(
        normalise_output(expected).splitlines(), normalise_output(got).splitlines(),
        "shown in the topic", "printed by the code", lineterm="", n=1,
    )
    return "output block does not match what the code prints:\n" + "\n".join(list(lines)[:20])
