"""Shared pieces of the web tests: one app over a temporary database, an in-process client."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette's TestClient announces its httpx successor on import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from dlprep.web import create_app

CORRECT_SOFTMAX = """import numpy as np


def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
"""

WRONG_SOFTMAX = """import numpy as np


def softmax(z, axis=-1):
    e = np.exp(z)  # not shifted: overflows on large inputs
    return e / e.sum()
"""


@pytest.fixture(scope="session")
def web_dirs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("web")
    (root / "results").mkdir()
    return {"db": root / "web.db", "results": root / "results", "root": root}


@pytest.fixture(scope="session")
def app(web_dirs):
    return create_app(web_dirs["db"], results_dir=web_dirs["results"], pool_size=1)


@pytest.fixture(scope="session")
def client(app):
    with TestClient(app, follow_redirects=True) as c:
        c.cookies.set("dlprep_lang", "en")
        yield c


@pytest.fixture(scope="session")
def svc(app):
    return app.state.svc


def text_of(page: str) -> str:
    """The visible text of an HTML page (tags removed, entities decoded, spaces collapsed)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
