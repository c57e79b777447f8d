"""Every page over HTTP, in-process: topics, search, language, 404s, labs, static assets."""

from __future__ import annotations

import re
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from dlprep.bank.includes import resolve_include
from tests.web.conftest import text_of

TOPIC = "batch-normalization"


def includes_of(topic, lang="en"):
    return [b.text.strip() for sec in topic.parts[lang].sections.values() for b in sec.blocks if b.kind == "include"]


def test_home_shows_progress_and_the_way_back(client):
    r = client.get("/")
    assert r.status_code == 200
    body = text_of(r.text)
    for words in ("Topics read", "Exercises solved", "Cards due", "Continue where you left off", "Export JSON"):
        assert words in body


def test_topic_page_renders_sections_math_and_the_included_library_source(client, svc):
    r = client.get(f"/topics/{TOPIC}")
    assert r.status_code == 200
    page = r.text
    for key in ("answer", "key_points", "formulas", "code", "pitfalls", "follow_ups", "further_reading"):
        assert f'id="{key}"' in page
    assert '<span class="math inline">' in page and '<div class="math block">' in page
    article = page.split('<article', 1)[1].split("</article>", 1)[0]
    outside_math = re.sub(r'<(span|div) class="math (inline|block)">.*?</\1>', "", article, flags=re.S)
    assert "$$" not in outside_math and not re.search(r"\$[^$<]+\$", text_of(outside_math))
    assert '<pre class="highlight" data-lang="python">' in page and 'class="k">def</span>' in page
    code_text = "".join(text_of(page).split())  # spans split the tokens: compare without spaces
    topic = svc.bank.topics[TOPIC]
    refs = includes_of(topic)
    assert refs
    for ref in refs:  # the real source of every include, e.g. dlprep.nn.norm:_normalize_backward
        source = resolve_include(ref).strip().splitlines()
        assert "".join(source[0].split()) in code_text and "".join(source[-1].split()) in code_text, ref
    for ex in topic.meta.exercises:  # links to its exercises
        assert f'href="/exercises/{ex}"' in page


def test_reading_progress_is_recorded_and_a_topic_can_be_marked_read(client, svc):
    client.get("/topics/backpropagation")
    assert svc.progress.last_topic().topic == "backpropagation"
    r = client.post("/topics/backpropagation/read", data={"read": "1"})
    assert r.status_code == 200 and "Mark as unread" in r.text
    assert svc.progress.topic("backpropagation").status == "read"
    assert "backpropagation" in client.get("/topics?status=read").text
    assert 'href="/topics/backpropagation"' in client.get("/").text  # continue where you left off
    client.post("/topics/backpropagation/read", data={"read": "0"})
    assert svc.progress.topic("backpropagation").status == "started"


def test_language_toggle_is_remembered_in_a_cookie(app):
    with TestClient(app) as c:
        r = c.get(f"/lang/zh?next=/topics/{TOPIC}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/topics/{TOPIC}"
        assert "dlprep_lang=zh" in r.headers["set-cookie"]
        zh = c.get(f"/topics/{TOPIC}").text
        assert "<h1>批归一化</h1>" in zh and 'id="answer">答案</h2>' in zh and 'lang="zh-CN"' in zh
        c.get("/lang/en?next=/")
        en = c.get(f"/topics/{TOPIC}").text
        assert "<h1>Batch Normalization</h1>" in en and 'id="answer">Answer</h2>' in en
        assert "<h1>批归一化</h1>" in c.get(f"/topics/{TOPIC}?lang=zh").text  # ?lang= for one page
        assert "<h1>Batch Normalization</h1>" in c.get(f"/topics/{TOPIC}").text  # ...the cookie still says en
        assert c.get("/lang/en?next=//evil.example", follow_redirects=False).headers["location"] == "/"


def test_first_visit_follows_the_browser_language(app):
    with TestClient(app) as c:
        assert "<h1>批归一化</h1>" in c.get(f"/topics/{TOPIC}", headers={"Accept-Language": "zh-CN,zh"}).text
        assert "<h1>Batch Normalization</h1>" in c.get(f"/topics/{TOPIC}", headers={"Accept-Language": "en-US"}).text


@pytest.mark.parametrize("query", ["批标准化", "batch norm", "BN"])
def test_search_finds_topics_in_chinese_and_english(client, query):
    r = client.get("/topics", params={"q": query})
    assert r.status_code == 200
    first = re.search(r'class="topic-card[^"]*" href="/topics/([a-z0-9-]+)"', r.text)
    assert first and first.group(1) == TOPIC


def test_search_with_no_hit_says_so(client):
    assert "No topic matches" in client.get("/topics", params={"q": "zzzqqqxxx"}).text


def test_topic_filters_by_tag_difficulty_and_status(client, svc):
    written = [s for s in svc.bank.slugs if s in svc.bank.topics]
    page = client.get("/topics", params={"tag": "normalization"}).text
    shown = set(re.findall(r'class="topic-card[^"]*" href="/topics/([a-z0-9-]+)"', page))
    assert TOPIC in shown and all("normalization" in svc.bank.topics[s].meta.tags for s in shown)
    level = svc.bank.topics[TOPIC].meta.difficulty
    shown = set(re.findall(r'href="/topics/([a-z0-9-]+)"',
                           client.get("/topics", params={"difficulty": level}).text.split('id="topic-results"')[1]))
    assert TOPIC in shown and all(svc.bank.topics[s].meta.difficulty == level for s in shown)
    not_written = client.get("/topics", params={"status": "not_written"}).text.split('id="topic-results"')[1]
    assert not set(re.findall(r'href="/topics/([a-z0-9-]+)"', not_written)) & set(written)


def test_a_known_topic_not_written_yet_lists_its_seed_questions(client, svc):
    missing = next(s for s in svc.bank.slugs if s not in svc.bank.topics)
    r = client.get(f"/topics/{missing}")
    assert r.status_code == 200 and "not written yet" in r.text
    assert svc.bank.seeds(missing)[0].title in r.text


@pytest.mark.parametrize("url, suggestion", [
    ("/topics/batchnorm", "/topics/batch-normalization"),
    ("/exercises/sofmax", "/exercises/softmax"),
    ("/labs/cnnn", "/labs/cnn"),
    ("/batch-normalization", "/topics/batch-normalization"),
])
def test_unknown_names_get_a_styled_404_page_with_suggestions(client, url, suggestion):
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert 'class="error-page"' in r.text and "Page not found" in r.text and "/static/app.css" in r.text
    assert f'href="{suggestion}"' in r.text


@pytest.mark.parametrize("url", ["/mock/999999", "/mock/not-a-number", "/labs/cnn/figures/quick/../../x.png",
                                 "/labs/cnn/figures/quick/nothing.png", "/static/nope.js"])
def test_other_missing_things_are_404(client, url):
    assert client.get(url).status_code == 404


def test_exercise_list_links_every_exercise_with_its_status(client, svc):
    r = client.get("/exercises")
    assert r.status_code == 200
    slugs = set(re.findall(r'class="ex-link" href="/exercises/([a-z0-9-]+)"', r.text))
    assert slugs == {i.slug for i in svc.practice.exercises()}
    assert client.get("/exercises", params={"topic": "activation-functions"}).text.count('class="ex-link"') >= 1


def test_exercise_page_has_the_problem_in_both_languages_and_the_starter_in_an_editor(app, client, svc):
    r = client.get("/exercises/softmax")
    assert r.status_code == 200
    assert "Numerically stable softmax" in r.text and 'id="code"' in r.text
    assert "codemirror-5.65.21/lib/codemirror.js" in r.text and "mode/python/python.js" in r.text
    assert "raise NotImplementedError" in r.text or "def softmax" in r.text
    zh = client.get("/exercises/softmax?lang=zh").text
    assert "数值稳定的 Softmax" in zh and '<span class="math inline">' in zh


def test_pages_use_no_network_assets(client):
    for url in ("/", "/topics", f"/topics/{TOPIC}", "/exercises/softmax", "/review", "/mock", "/labs"):
        page = client.get(url).text
        assert not re.search(r'(src|href)="(https?:)?//', page), url
    for asset in ("/static/vendor/katex-0.16.47/katex.min.js", "/static/vendor/katex-0.16.47/katex.min.css",
                  "/static/vendor/katex-0.16.47/fonts/KaTeX_Main-Regular.woff2",
                  "/static/vendor/codemirror-5.65.21/lib/codemirror.js", "/static/app.js", "/static/app.css",
                  "/assets/pygments.css"):
        assert client.get(asset).status_code == 200, asset
    css = client.get("/static/vendor/katex-0.16.47/katex.min.css").text
    assert "url(fonts/" in css and "http" not in css.replace("http://www.w3.org", "")


def test_cached_pages_follow_writes_from_other_connections_and_processes(client, svc):
    from dlprep.store import attempts, db

    def status_of(slug):
        page = client.get("/exercises").text
        row = page.split(f'href="/exercises/{slug}"', 1)[1].split("</tr>", 1)[0]
        return "solved" if ">Solved<" in row else "tried" if "Tried" in row else "new"

    assert status_of("adamw") == "new"
    assert status_of("adamw") == "new"  # served from the page cache
    with db.connect(svc.db_path) as conn:  # as `dlprep submit` in another terminal would
        attempt = attempts.start(conn, "adamw", "code")
        attempts.finish(conn, attempt, "Accepted", 1, 1, 1.0, {})
    assert status_of("adamw") == "solved"


def test_dlprep_serve_starts_the_app(tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dlprep = Path(sys.executable).with_name("dlprep")
    env = {**os.environ, "DLPREP_RESULTS_DIR": str(tmp_path / "results")}
    server = subprocess.Popen([str(dlprep), "serve", "--port", str(port), "--db", str(tmp_path / "s.db")], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, page = time.time() + 60, None
        while time.time() < deadline and server.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/topics/batch-normalization", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        assert page is not None and "批归一化".encode() in page, server.stdout.read1().decode() if server.stdout else ""
        assert (tmp_path / "s.db").exists()
    finally:
        server.terminate()
        server.wait(10)


def test_a_post_from_another_site_is_refused(client, svc):
    before = len(svc.practice.attempts("softmax", limit=None))
    r = client.post("/exercises/softmax/submit", data={"code": "x = 1"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and len(svc.practice.attempts("softmax", limit=None)) == before
    ok = client.post("/topics/dense-layer/read", data={"read": "1"}, headers={"Origin": "http://testserver"})
    assert ok.status_code == 200
