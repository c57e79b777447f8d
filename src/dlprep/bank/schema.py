"""Topic front matter schema and the fixed section layout of a topic body.

A topic file is YAML front matter followed by two parts, ``# 中文`` then ``# English``,
each with the same ``##`` sections in the same order (see ``SECTIONS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

LANGS = ("zh", "en")
LANG_HEADINGS = {"zh": "中文", "en": "English"}


@dataclass(frozen=True)
class SectionSpec:
    key: str
    zh: str
    en: str
    required: bool = True

    def heading(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("answer", "答案", "Answer"),
    SectionSpec("key_points", "要点", "Key points"),
    SectionSpec("formulas", "公式", "Formulas"),
    SectionSpec("code", "代码", "Code"),
    # Required only when the topic links a lab (its numbers belong here).
    SectionSpec("measured", "实测", "Measured", required=False),
    SectionSpec("pitfalls", "常见错误", "Pitfalls"),
    SectionSpec("follow_ups", "追问", "Follow-ups"),
    SectionSpec("further_reading", "延伸阅读", "Further reading"),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)

KEY_POINTS_RANGE = (4, 8)
MIN_FOLLOW_UPS = 3


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class TopicMeta(BaseModel):
    """The YAML front matter of a topic."""

    model_config = ConfigDict(extra="forbid")

    slug: str = Field(pattern=SLUG)
    title: Bilingual
    seeds: list[str] = Field(min_length=1, description="seed refs such as '000#13'")
    tags: list[str] = Field(min_length=1)
    difficulty: int = Field(ge=1, le=5, description="1 = every candidate must know, 5 = research level")
    aliases: list[str] = Field(default_factory=list, description="other names, zh or en, for search")
    prerequisites: list[str] = Field(default_factory=list)
    exercises: list[str] = Field(default_factory=list)
    labs: list[str] = Field(default_factory=list)

    @field_validator("seeds")
    @classmethod
    def _seed_refs(cls, refs: list[str]) -> list[str]:
        bad = [r for r in refs if not re.fullmatch(r"\d{3}#\d+", r)]
        if bad:
            raise ValueError(f"seed refs must look like '000#13', got {bad}")
        if len(set(refs)) != len(refs):
            raise ValueError("seed refs are listed more than once")
        return refs

    @field_validator("prerequisites", "exercises", "labs", "tags")
    @classmethod
    def _slugs(cls, values: list[str]) -> list[str]:
        bad = [v for v in values if not re.fullmatch(SLUG, v)]
        if bad:
            raise ValueError(f"must be lower-case-hyphenated names, got {bad}")
        return values
