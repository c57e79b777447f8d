"""Full-text search over the bank in Chinese and English.

SQLite FTS5 ranks with BM25 over pre-tokenised text: Chinese runs are cut with jieba's
search mode (words plus their sub-words, with topic titles and aliases added to its
dictionary), English is lower-cased words matched by prefix, so "batch norm" finds
"Batch Normalization" and "批标准化" finds the topic whose alias it is. Topics that are
not written yet are still found through their slug and seed questions.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from functools import cache

from dlprep.bank.loader import Bank
from dlprep.bank.seedmap import seeds_for

_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")
_STOP = frozenset(
    "的 了 是 在 和 与 及 中 如何 什么 怎么 怎样 哪些 为什么 吗 呢 有 对 一个 进行 实现 使用 "
    "a an and are as at be by do does for from how in is it of on or the to what when which why with".split()
)
# Column weights for bm25(): slug, title, aliases, seed questions, body.
_WEIGHTS = (6.0, 10.0, 8.0, 8.0, 1.0)


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenize(text: str) -> list[str]:
    out: list[str] = []
    for m in _RUN.finditer(text):
        run = m.group()
        if run[0].isascii():
            words = [run.lower()]
        else:
            words = [w for w in _jieba().cut_for_search(run) if w.strip()]
        out += [w for w in words if w not in _STOP]
    return out


@dataclass(frozen=True)
class Hit:
    slug: str
    title_zh: str
    title_en: str
    status: str
    score: float
    summary: str


def _normal(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


def _summary(text: str, limit: int = 90) -> str:
    first = text.strip().split("\n\n")[0].replace("\n", " ")
    return first if len(first) <= limit else first[: limit - 1] + "…"


class SearchIndex:
    def __init__(self, bank: Bank):
        self.bank = bank
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(slug, title, aliases, seeds, body, tokenize='unicode61')"
        )
        jieba = _jieba()
        for topic in bank.topics.values():
            for word in [topic.meta.title.zh, *topic.meta.aliases]:
                if not word.isascii():
                    jieba.add_word(word, freq=20000)
        self.meta: dict[str, tuple[str, str, str, str]] = {}
        self.names: dict[str, set[str]] = {}  # slug and titles: a query equal to one ranks it first
        rows = []
        for slug in bank.slugs:
            seeds = " ".join(e.title for e in seeds_for(slug))
            topic = bank.topics.get(slug)
            if topic is None:
                title_zh, title_en, aliases, body = "", slug.replace("-", " "), "", ""
                summary = seeds_for(slug)[0].title
            else:
                title_zh, title_en = topic.meta.title.zh, topic.meta.title.en
                aliases = " ".join(topic.meta.aliases + topic.meta.tags)
                body = "\n".join(
                    sec.prose() for part in topic.parts.values() for sec in part.sections.values()
                )
                answer = topic.section("en", "answer") or topic.section("zh", "answer")
                summary = _summary(answer.prose()) if answer else ""
            self.meta[slug] = (title_zh, title_en, bank.status(slug), summary)
            # Aliases are left out: a topic may list a neighbour's name as an alias.
            names = {slug, title_zh, title_en}
            self.names[slug] = {_normal(n) for n in names if n}
            rows.append(tuple(" ".join(tokenize(t)) for t in (slug, f"{title_zh} {title_en}", aliases, seeds, body)))
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
        self._slug_of_rowid = {i + 1: slug for i, slug in enumerate(bank.slugs)}

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        terms = list(dict.fromkeys(tokenize(query)))
        if not terms:
            return []
        quoted = [f'"{t}"*' if t.isascii() and len(t) >= 3 else f'"{t}"' for t in terms]
        for joiner in (" AND ", " OR "):  # all terms first; any term if that finds nothing
            rows = self.db.execute(
                f"SELECT rowid, bm25(docs, {', '.join(map(str, _WEIGHTS))}) AS score FROM docs "
                "WHERE docs MATCH ? ORDER BY score",
                (joiner.join(quoted),),
            ).fetchall()
            if rows:
                break
        exact = _normal(query)
        hits = []
        for rowid, score in rows:
            slug = self._slug_of_rowid[rowid]
            title_zh, title_en, status, summary = self.meta[slug]
            hits.append(Hit(slug, title_zh, title_en, status, -score, summary))
        hits.sort(key=lambda h: exact not in self.names[h.slug])  # stable: BM25 order otherwise
        return hits[:limit]

