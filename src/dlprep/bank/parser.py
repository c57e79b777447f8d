"""Parse a topic file into front matter, language parts, sections and code blocks.

The parser is line based so every problem can point at a line of the file. It only
checks structure it needs to build a ``Topic``; content rules live in the validator.

Fenced blocks that carry meaning:

```include            the body is ``module:qualname``; rendered as that object's source
```python run         executed by ``dlprep validate --run``
```output             what the preceding ``python run`` block prints, checked by --run
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from dlprep.bank.schema import LANG_HEADINGS, SECTIONS, TopicMeta


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Block:
    """A fenced code block."""

    info: str  # the info string after the backticks, e.g. "python run"
    text: str
    line: int  # line of the opening fence, 1-based, in the file

    @property
    def kind(self) -> str:
        words = self.info.split()
        if words[:1] == ["include"]:
            return "include"
        if words[:1] == ["output"]:
            return "output"
        if words[:2] == ["python", "run"]:
            return "run"
        return "code"

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""


@dataclass
class Section:
    key: str
    heading: str
    line: int
    lines: list[str] = field(default_factory=list)  # raw body lines, fences included
    blocks: list[Block] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return "\n".join(self.lines).strip()

    def prose(self) -> str:
        """The section text outside fenced blocks."""
        out, fence = [], None
        for raw in self.lines:
            m = _FENCE.match(raw)
            if fence is None and m:
                fence = m.group(1)
            elif fence is not None and raw.strip() == fence:
                fence = None
            elif fence is None:
                out.append(raw)
        return "\n".join(out).strip()


@dataclass
class Part:
    lang: str
    line: int
    sections: dict[str, Section] = field(default_factory=dict)


@dataclass
class Topic:
    meta: TopicMeta
    path: Path
    parts: dict[str, Part]

    @property
    def slug(self) -> str:
        return self.meta.slug

    def section(self, lang: str, key: str) -> Section | None:
        part = self.parts.get(lang)
        return part.sections.get(key) if part else None

    def key_points(self, lang: str) -> list[str]:
        sec = self.section(lang, "key_points")
        return bullet_items(sec.lines) if sec else []

    def follow_ups(self, lang: str) -> list[tuple[str, str]]:
        sec = self.section(lang, "follow_ups")
        return question_items(sec.lines) if sec else []


_FENCE = re.compile(r"^(`{3,})\s*(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_HEADING_TO_KEY = {spec.heading(lang): spec.key for spec in SECTIONS for lang in ("zh", "en")}
_LANG_BY_HEADING = {v: k for k, v in LANG_HEADINGS.items()}


def bullet_items(lines: list[str]) -> list[str]:
    """Top-level ``- `` items; continuation lines (indented) are joined to their item."""
    items: list[str] = []
    for raw in lines:
        if raw.startswith(("- ", "* ")):
            items.append(raw[2:].strip())
        elif items and raw.startswith("  ") and raw.strip():
            items[-1] += " " + raw.strip()
    return items


def question_items(lines: list[str]) -> list[tuple[str, str]]:
    """``### question`` headings, each followed by its answer text."""
    items: list[tuple[str, list[str]]] = []
    for raw in lines:
        if raw.startswith("### "):
            items.append((raw[4:].strip(), []))
        elif items:
            items[-1][1].append(raw)
    return [(q, "\n".join(a).strip()) for q, a in items]


def split_front_matter(text: str) -> tuple[str | None, list[str], int]:
    """Return (yaml text or None, body lines, line number of the first body line)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, lines, 1
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), lines[i + 1 :], i + 2
    return None, lines, 1


def parse_topic(path: Path) -> tuple[Topic | None, list[Problem]]:
    """Parse one topic file. Returns the topic (None if unusable) and structural problems."""
    p = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(p, 1, f"cannot read file: {exc}")]

    front, body, first = split_front_matter(text)
    if front is None:
        return None, [Problem(p, 1, "missing YAML front matter (a '---' line, the fields, a '---' line)")]
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return None, [Problem(p, line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(data, dict):
        return None, [Problem(p, 2, "front matter must be a mapping of fields")]
    try:
        meta = TopicMeta.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(x) for x in err["loc"])
            problems.append(Problem(p, _front_line(front, str(err["loc"][0])), f"front matter '{loc}': {err['msg']}"))
        return None, problems

    problems: list[Problem] = []
    parts: dict[str, Part] = {}
    part: Part | None = None
    section: Section | None = None
    fence: str | None = None
    block: Block | None = None
    for offset, raw in enumerate(body):
        lineno = first + offset
        if fence is not None:
            if raw.strip() == fence:
                fence = None
                if block is not None and section is not None:
                    section.blocks.append(block)
                block = None
            elif block is not None:
                block.text += raw + "\n"
            if section is not None:
                section.lines.append(raw)
            continue
        m = _FENCE.match(raw)
        if m:
            fence = m.group(1)
            block = Block(info=m.group(2).strip(), text="", line=lineno)
            if section is None:
                problems.append(Problem(p, lineno, "code block outside any section"))
            else:
                section.lines.append(raw)
            continue
        h = _HEADING.match(raw)
        if h and len(h.group(1)) == 1:
            lang = _LANG_BY_HEADING.get(h.group(2))
            if lang is None:
                problems.append(Problem(p, lineno, f"unknown part '# {h.group(2)}' (use '# 中文' or '# English')"))
                part = section = None
            elif lang in parts:
                problems.append(Problem(p, lineno, f"part '# {h.group(2)}' appears twice"))
                part = section = None
            else:
                part = parts[lang] = Part(lang, lineno)
                section = None
            continue
        if h and len(h.group(1)) == 2:
            key = _HEADING_TO_KEY.get(h.group(2))
            if part is None:
                problems.append(Problem(p, lineno, f"section '## {h.group(2)}' is outside '# 中文' / '# English'"))
                section = None
            elif key is None:
                problems.append(Problem(p, lineno, f"unknown section '## {h.group(2)}'"))
                section = None
            elif key in part.sections:
                problems.append(Problem(p, lineno, f"section '## {h.group(2)}' appears twice"))
                section = None
            else:
                section = part.sections[key] = Section(key, h.group(2), lineno)
            continue
        if section is not None:
            section.lines.append(raw)
        elif raw.strip() and part is not None:
            problems.append(Problem(p, lineno, "text before the first '##' section of a part"))
        elif raw.strip():
            problems.append(Problem(p, lineno, "text outside '# 中文' / '# English'"))
    if fence is not None and block is not None:
        problems.append(Problem(p, block.line, "code block is never closed"))
    return Topic(meta, path, parts), problems


def _front_line(front: str, field_name: str) -> int:
    """Line in the file where a front matter field starts (front matter begins on line 2)."""
    for i, raw in enumerate(front.splitlines()):
        if raw.startswith(f"{field_name}:"):
            return i + 2
    return 2
