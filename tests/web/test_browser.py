"""Browser tests: Debian's chromium driven by Playwright against the app served by uvicorn.

They check what only a browser shows: KaTeX-rendered math, the language switch, the CodeMirror
editor submitting to the judge, the review card flow, and pages that load with no console error
and no failed request. Screenshots go to results/screenshots/ (CI keeps them as an artifact).
Without chromium these tests fail with the install command; they are never skipped.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web.conftest import CORRECT_SOFTMAX, WRONG_SOFTMAX

SHOTS = Path(__file__).resolve().parents[2] / "results" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("chromium is not installed, so the browser tests cannot run. Install it with "
                "`sudo apt-get install chromium` (or `make setup` as root); Playwright cannot download one here.",
                pytrace=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from dlprep.web import create_app

    root = tmp_path_factory.mktemp("browser")
    app = create_app(root / "b.db", results_dir=root / "results", pool_size=1)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: .venv/bin/pip install -e '.[dev]'", pytrace=False)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="en-US")
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    pg.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    pg.on("response", lambda res: problems.append(f"HTTP {res.status}: {res.url}")
          if res.status >= 400 and "/submit" not in res.url else None)
    pg.set_default_timeout(15000)
    yield pg
    context.close()
    assert not problems, problems


def test_topic_math_is_rendered_by_katex_and_the_language_switches(page, server):
    page.goto(f"{server}/topics/batch-normalization")
    page.wait_for_selector(".katex")
    assert page.locator("h1").first.inner_text() == "Batch Normalization"
    counts = page.evaluate("""() => ({
        katex: document.querySelectorAll('article .katex').length,
        math: document.querySelectorAll('article .math').length,
        unrendered: document.querySelectorAll('article .math:not([data-rendered])').length,
        errors: document.querySelectorAll('article .katex-error').length})""")
    assert counts["katex"] > 20 and counts["unrendered"] == 0 and counts["errors"] == 0, counts
    text = page.locator("article").inner_text()
    assert "$$" not in text and "\\frac" not in text
    page.screenshot(path=SHOTS / "topic-en.png")
    page.click("#lang-toggle")
    page.wait_for_selector("h1:has-text('批归一化')")
    page.wait_for_selector("article .katex")
    assert "答案" in page.locator("#answer").inner_text()
    page.screenshot(path=SHOTS / "topic-zh.png")
    page.goto(f"{server}/topics")  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.click("#lang-toggle")
    page.wait_for_selector("html[lang='en']")


def test_the_editor_submits_correct_and_wrong_solutions_and_shows_both_verdicts(page, server):
    page.goto(f"{server}/exercises/softmax")
    page.wait_for_selector(".CodeMirror")
    page.evaluate("() => window.dlprepEditor.setValue('def f(x):\\nreturn x')")
    page.click(".CodeMirror-line >> nth=1")
    page.keyboard.press("Home")
    page.keyboard.press("Tab")  # Tab indents with four spaces
    assert page.evaluate("() => window.dlprepEditor.getValue()") == "def f(x):\n    return x"
    page.evaluate(f"() => window.dlprepEditor.setValue({CORRECT_SOFTMAX!r})")
    page.click("#submit-btn")
    page.wait_for_selector(".verdict-status")
    assert page.locator(".verdict-status").inner_text() == "Accepted"
    assert page.locator(".cases tbody tr").count() == 8
    page.evaluate("() => window.scrollTo(0, 0)")  # a sticky header would land mid-page in a full-page shot
    page.screenshot(path=SHOTS / "exercise-accepted.png", full_page=True)
    page.evaluate(f"() => {{ window.dlprepEditor.setValue({WRONG_SOFTMAX!r}); window.dlprepEditor.focus(); }}")
    page.keyboard.press("Control+Enter")  # the editor's shortcut submits too
    page.wait_for_selector(".verdict-status:has-text('Wrong Answer')")
    assert page.locator(".case-fail").count() >= 1
    page.click("a.tab[data-tab='history']")
    assert page.locator(".attempts li").count() == 2
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=SHOTS / "exercise-wrong.png", full_page=True)


def test_a_review_card_is_revealed_rated_and_its_next_due_date_shown(page, server):
    page.goto(f"{server}/review")
    page.wait_for_selector("#card")
    assert page.locator("#card-back").is_hidden()
    page.keyboard.press("Space")
    page.wait_for_selector("#card-back:visible")
    page.wait_for_selector("#ratings button.rate-good")
    page.screenshot(path=SHOTS / "review-card.png")
    page.click("#ratings button.rate-good")
    page.wait_for_selector("#next-due")
    assert "Next review" in page.locator("#next-due").inner_text()
    page.screenshot(path=SHOTS / "review-rated.png")


def test_every_page_loads_cleanly(page, server, browser):
    for url, name in [("/", "home"), ("/topics", "topics"), ("/topics?q=%E6%A2%AF%E5%BA%A6", "search"),
                      ("/exercises", "exercises"), ("/labs", "labs"), ("/labs/cnn", "lab"), ("/mock", "mock-start")]:
        page.goto(f"{server}{url}")
        page.screenshot(path=SHOTS / f"{name}.png", full_page=name in ("home", "exercises"))
    other = browser.new_page(viewport={"width": 1360, "height": 900}, locale="en-US")  # a 404 on purpose
    response = other.goto(f"{server}/topics/batchnorm")
    assert response.status == 404 and other.locator(".error-page a[href='/topics/batch-normalization']").count() == 1
    other.screenshot(path=SHOTS / "not-found.png")
    other.close()
    page.goto(f"{server}/mock")
    page.fill("input[name=questions]", "2")
    page.click("#mock-start")
    page.wait_for_selector("#timer")
    page.click("#q1 summary")
    page.click("#q1 .self-rate button.rate-3")
    page.wait_for_selector("#q1.is-rated")
    page.screenshot(path=SHOTS / "mock.png")
    page.click("#mock-finish")
    page.wait_for_selector("#summary")
    page.screenshot(path=SHOTS / "mock-summary.png")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{server}/topics/batch-normalization")
    page.wait_for_selector(".katex")
    page.screenshot(path=SHOTS / "topic-phone.png")
