"""Load the bank: every topic file parsed, plus the seed map's view of what is missing."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from dlprep.bank.parser import Problem, Topic, parse_topic
from dlprep.bank.paths import topics_dir as default_topics_dir
from dlprep.bank.seedmap import SeedEntry, seeds_for, topic_slugs


class UnknownTopicError(LookupError):
    def __init__(self, slug: str, suggestions: list[str]):
        self.slug = slug
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown topic '{slug}'{hint}")


@dataclass
class Bank:
    root: Path
    topics: dict[str, Topic] = field(default_factory=dict)
    parse_problems: dict[Path, list[Problem]] = field(default_factory=dict)

    @property
    def slugs(self) -> tuple[str, ...]:
        return topic_slugs()

    def status(self, slug: str) -> str:
        """'written', 'broken' (file exists but does not parse) or 'not written'."""
        if slug in self.topics:
            return "written"
        return "broken" if (self.root / f"{slug}.md").exists() else "not written"

    def require_known(self, slug: str) -> None:
        if slug not in self.slugs:
            raise UnknownTopicError(slug, difflib.get_close_matches(slug, self.slugs, n=3, cutoff=0.5))

    def get(self, slug: str) -> Topic | None:
        """The topic, or None when it is known but not written yet. Unknown -> UnknownTopicError."""
        self.require_known(slug)
        return self.topics.get(slug)

    def seeds(self, slug: str) -> list[SeedEntry]:
        return seeds_for(slug)


def load_bank(root: Path | None = None) -> Bank:
    root = Path(root) if root is not None else default_topics_dir()
    bank = Bank(root)
    for path in sorted(root.glob("*.md")):
        topic, problems = parse_topic(path)
        if problems:
            bank.parse_problems[path] = problems
        if topic is not None:
            bank.topics[path.stem] = topic  # by file name; the validator checks it equals meta.slug
    return bank
