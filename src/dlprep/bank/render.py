"""Render a topic part as plain Markdown, with ``include`` blocks replaced by real source."""

from __future__ import annotations

import re

from dlprep.bank.includes import IncludeError, resolve_include
from dlprep.bank.parser import Topic
from dlprep.bank.schema import SECTIONS

_FENCE = re.compile(r"^(`{3,})\s*(.*)$")


def render_markdown(topic: Topic, lang: str) -> str:
    """Markdown for one language: title, then the sections in canonical order."""
    title = topic.meta.title.zh if lang == "zh" else topic.meta.title.en
    out = [f"# {title}", ""]
    part = topic.parts.get(lang)
    if part is None:
        return "\n".join(out)
    for spec in SECTIONS:
        sec = part.sections.get(spec.key)
        if sec is None:
            continue
        out += [f"## {sec.heading}", ""]
        out += render_lines(sec.lines, lang)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_lines(lines: list[str], lang: str) -> list[str]:
    """Rewrite special fences: include -> python source, python run -> python, output -> text."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        fence, info = m.group(1), m.group(2).split()
        j = i + 1
        while j < len(lines) and lines[j].strip() != fence:
            j += 1
        body = lines[i + 1 : j]
        if info[:1] == ["include"]:
            ref = "\n".join(body).strip()
            caption = "源码" if lang == "zh" else "Source"
            try:
                source = resolve_include(ref).rstrip("\n").splitlines()
            except IncludeError as exc:
                source = [f"# {exc}"]
            out += [f"*{caption}: `{ref}`*", "", "```python", *source, "```"]
        elif info[:2] == ["python", "run"]:
            out += ["```python", *body, "```"]
        elif info[:1] == ["output"]:
            caption = "输出" if lang == "zh" else "Output"
            out += [f"*{caption}:*", "", "```text", *body, "```"]
        else:
            out += lines[i : j + 1]
        i = j + 1
    return out
