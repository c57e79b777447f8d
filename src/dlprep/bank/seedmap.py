"""The acceptance list: every seed question and the topic that must answer it.

``seed_map.tsv`` is copied into the package from the project's shared folder so an
installed wheel never reads outside itself.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

SEED_REF = re.compile(r"^(\d{3})#(\d+)$")


@dataclass(frozen=True)
class SeedEntry:
    file: str  # e.g. "000_53affcce17da805f.txt"
    number: int  # question number inside that article
    topic: str  # slug of the topic that answers it
    title: str  # the seed's question, in Chinese

    @property
    def ref(self) -> str:
        """Short reference used in topic front matter, e.g. ``000#13``."""
        return f"{self.file[:3]}#{self.number}"


def seed_map_path() -> Path:
    return Path(str(resources.files("dlprep") / "content" / "seed_map.tsv"))


@cache
def load_seed_map() -> tuple[SeedEntry, ...]:
    with seed_map_path().open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return tuple(
            SeedEntry(r["seed_file"], int(r["number"]), r["topic"], r["seed_title"]) for r in rows
        )


@cache
def topic_slugs() -> tuple[str, ...]:
    """All topic slugs in order of first appearance in the seed map."""
    return tuple(dict.fromkeys(e.topic for e in load_seed_map()))


@cache
def seeds_by_ref() -> dict[str, SeedEntry]:
    return {e.ref: e for e in load_seed_map()}


def seeds_for(slug: str) -> list[SeedEntry]:
    return [e for e in load_seed_map() if e.topic == slug]
