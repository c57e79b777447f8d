"""The web app: ``create_app(db_path=None, ...)`` returns a FastAPI application.

Server-rendered pages (Jinja2), small vanilla JavaScript, every asset served from the package
(``static/vendor``: KaTeX, CodeMirror), so it works with the network off. The routes call the
services (bank, search, practice, review, progress, mock interviews, labs) and never the CLI.
``dlprep serve`` runs it with uvicorn; tests run it in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import functools
import gzip
import json
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from dlprep.bank.loader import Bank, UnknownTopicError, load_bank
from dlprep.bank.search import SearchIndex
from dlprep.exercises.catalog import UnknownExerciseError, catalogue
from dlprep.judge.limits import Limits
from dlprep.judge.verdict import Verdict
from dlprep.mock import RATING_LABELS, MockInterviews, UnknownSessionError
from dlprep.practice import MAX_CODE_BYTES, ExerciseInfo, Practice, SubmissionTooLarge
from dlprep.practice import Progress as PracticeProgress
from dlprep.progress import ProgressFileError, ProgressService, export_progress, import_progress, parse_progress_file
from dlprep.review import RATING_NAMES, Review, UnknownCardError, humanize
from dlprep.review import card_keys as topic_card_keys
from dlprep.store import attempts as attempt_store
from dlprep.store import db
from dlprep.store.connections import Connections
from dlprep.web import markdown
from dlprep.web.i18n import COOKIE, LANGS, pick_lang, t
from dlprep.web.labs import LabService, UnknownLab

HERE = Path(__file__).parent
MAX_FORM_BYTES = 1024 * 1024  # a request body larger than this is refused unread (413)
ASSET_VERSION = "1"


@dataclass
class Services:
    db_path: Path
    conns: Connections
    bank: Bank
    search: SearchIndex
    practice: Practice
    review: Review
    progress: ProgressService
    mock: MockInterviews
    labs: LabService
    env: Environment
    topic_html: dict[tuple[str, str], markdown.RenderedTopic]
    problem_html: dict[tuple[str, str], str]
    pages: PageCache
    render_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def exercise_infos(self) -> list[ExerciseInfo]:
        """``Practice.exercises()`` read through the app's open connection (no connection per call)."""
        with self.conns.connect() as conn:
            stats = attempt_store.stats(conn)
        out = []
        for slug, ex in catalogue().items():
            m, st = ex.meta, stats.get(slug)
            out.append(ExerciseInfo(slug, {"zh": m.title.zh, "en": m.title.en}, m.topic, m.difficulty, list(m.tags),
                                    st.attempts if st else 0, bool(st and st.solved), st.last_verdict if st else None,
                                    st.last_at if st else None))
        return out


class PageCache:
    """Rendered pages by (URL, language, database version, 30-second slot): a page is rendered again
    after any write to the database, by this app or another process, and at least every 30 s
    (the review counts in the header depend on the clock)."""

    SLOT_S = 30
    SIZE = 512

    def __init__(self, conns: Connections):
        self.conns = conns
        self._pages: dict[tuple, tuple[bytes, bytes]] = {}  # key -> (body, gzipped body)

    def key(self, request: Request, lang: str) -> tuple:
        return self.raw_key(request.scope["path"], request.scope["query_string"], lang)

    def raw_key(self, path: str, query: bytes, lang: str) -> tuple:
        return (path, query, lang, self.conns.version(), int(time.time() // self.SLOT_S))

    def get(self, key: tuple) -> HTMLResponse | None:
        entry = self._pages.get(key)
        return HTMLResponse(entry[0]) if entry is not None else None

    def entry(self, key: tuple) -> tuple[bytes, bytes] | None:
        return self._pages.get(key)

    def put(self, key: tuple, response: HTMLResponse) -> HTMLResponse:
        if response.status_code == 200:
            if len(self._pages) >= self.SIZE:
                self._pages.clear()
            self._pages[key] = (bytes(response.body), gzip.compress(response.body, compresslevel=6, mtime=0))
        return response


class NotFound(Exception):
    def __init__(self, what: str, name: str, suggestions: list[tuple[str, str]] | None = None):
        self.what, self.name, self.suggestions = what, name, suggestions or []


def create_app(db_path: Path | str | None = None, *, results_dir: Path | str | None = None,
               topics_dir: Path | str | None = None, pool_size: int = 2, judge_limits: Limits | None = None,
               new_cards_per_day: int | None = None) -> FastAPI:
    """The dlprep web app over the database at ``db_path`` (default: ``$DLPREP_DB`` or the user's)."""
    db_path = Path(db_path) if db_path else db.default_path()
    conns = Connections(db_path)  # creates and migrates the database now, not in the first request
    bank = load_bank(Path(topics_dir) if topics_dir else None)
    review_kwargs = {"new_per_day": new_cards_per_day} if new_cards_per_day is not None else {}
    svc = Services(
        db_path=db_path, conns=conns, bank=bank, search=SearchIndex(bank),
        practice=Practice(db_path, pool_size=pool_size, limits=judge_limits),
        review=Review(db_path, bank, connections=conns, **review_kwargs),
        progress=ProgressService(db_path, conns), mock=MockInterviews(db_path, bank, conns),
        labs=LabService(bank, Path(results_dir) if results_dir else None),
        env=_environment(), topic_html={}, problem_html={}, pages=PageCache(conns))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        svc.practice.close()
        svc.labs.close()

    app = FastAPI(title="dlprep", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.svc = svc
    app.add_middleware(CachedPageMiddleware, svc=svc)
    app.add_middleware(SameOriginPosts)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _routes(app, svc)
    return app


class CachedPageMiddleware:
    """Serves a cached page before routing: the same answer the route would give (same key), at a
    fraction of the cost. A topic page's visit is still recorded first. Static files pass through."""

    def __init__(self, app, svc: Services):
        self.app, self.svc = app, svc

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["path"].startswith(_UNCACHED):
            headers = dict(scope["headers"])
            query = scope["query_string"]
            lang_arg = parse_qs(query.decode("latin-1")).get("lang", [None])[-1] if b"lang=" in query else None
            lang = pick_lang(lang_arg, _cookie(headers.get(b"cookie", b""), COOKIE),
                             headers.get(b"accept-language", b"").decode("latin-1"))
            path = scope["path"]
            if path.startswith("/topics/") and path.count("/") == 2:
                slug = path[len("/topics/"):]
                if slug not in self.svc.bank.topics:
                    await self.app(scope, receive, send)
                    return
                self.svc.progress.visit(slug)
            entry = self.svc.pages.entry(self.svc.pages.raw_key(path, query, lang))
            if entry is not None:
                zipped = b"gzip" in headers.get(b"accept-encoding", b"")
                body = entry[1] if zipped else entry[0]
                out = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                       (b"vary", b"accept-encoding, accept-language, cookie")]
                if zipped:
                    out.append((b"content-encoding", b"gzip"))
                await send({"type": "http.response.start", "status": 200, "headers": out})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


class SameOriginPosts:
    """Refuses a POST whose Origin header names another site: a page elsewhere cannot submit code,
    rate cards or import progress into the learner's local app (browsers send Origin on POSTs)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST":
            headers = dict(scope["headers"])
            origin = headers.get(b"origin")
            if origin and origin != b"null" and origin.split(b"://", 1)[-1] != headers.get(b"host", b""):
                body = b"cross-site POST refused"
                await send({"type": "http.response.start", "status": 403, "headers": [
                    (b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


_UNCACHED = ("/static/", "/assets/", "/labs/", "/review", "/mock", "/export", "/lang/", "/healthz")


def _cookie(raw: bytes, name: str) -> str | None:
    for part in raw.decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def app_from_env() -> FastAPI:
    """The factory ``dlprep serve`` gives uvicorn: the database comes from ``$DLPREP_DB``."""
    return create_app(os.environ.get("DLPREP_DB") or None)


# ---- templates ---------------------------------------------------------------------------------

def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters["md"] = lambda text: Markup(_md(text or ""))
    env.filters["md_inline"] = lambda text: Markup(_md_inline(text or ""))
    env.filters["summary"] = lambda text: Markup(_md_inline(_tidy_summary(text or "")))
    env.filters["stars"] = lambda n: "●" * int(n) + "○" * (5 - int(n))
    env.filters["local_time"] = _local_time
    env.globals["asset_version"] = ASSET_VERSION
    return env


@functools.lru_cache(maxsize=4096)
def _md(text: str) -> str:
    return markdown.render(text)


@functools.lru_cache(maxsize=4096)
def _md_inline(text: str) -> str:
    return markdown.render_inline(text)


def _tidy_summary(text: str) -> str:
    """A summary cut at N characters may end inside ``$...$`` or ``**...**``: drop the open piece."""
    if text.count("$") % 2:
        text = text[: text.rfind("$")].rstrip() + " …"
    if text.count("**") % 2:
        cut = text.rfind("**")
        text = text[:cut] + text[cut + 2:]
    return text


def _local_time(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if not value:
        return ""
    dt = datetime.fromisoformat(value) if isinstance(value, str) else value
    return dt.astimezone().strftime(fmt)


def _lang(request: Request) -> str:
    return pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE),
                     request.headers.get("accept-language"))


def _page(svc: Services, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = context.pop("lang", None) or _lang(request)
    nav_due = context.pop("nav_due", None)
    if nav_due is None:
        stats = svc.review.stats()
        nav_due = stats.due_now
    html = svc.env.get_template(template).render(
        request=request, lang=lang, t=lambda key, **fmt: t(key, lang, **fmt), nav_due=nav_due,
        path=request.url.path, query=str(request.url.query), **context)
    return HTMLResponse(html, status_code=status_code)


def _title(obj: Any, lang: str) -> str:
    title = obj.title if hasattr(obj, "title") else obj
    if isinstance(title, dict):
        return title.get(lang) or title.get("en", "")
    return title.zh if lang == "zh" else title.en


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def _read_form(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, str] | None:
    """The urlencoded form, or None when the body is larger than ``limit`` (read no further)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        return None
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# ---- routes ------------------------------------------------------------------------------------

def _routes(app: FastAPI, svc: Services) -> None:  # noqa: C901 - one place that lists every page
    bank = svc.bank

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return _page(svc, request, "error.html", 404, what=exc.what, name=exc.name, suggestions=exc.suggestions,
                     status=404)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            words = request.url.path.strip("/").replace("/", " ").replace("-", " ")
            hits = svc.search.search(words, limit=5) if words else []
            suggestions = [(f"/topics/{h.slug}", _title({"zh": h.title_zh or h.slug, "en": h.title_en}, _lang(request)))
                           for h in hits]
            return _page(svc, request, "error.html", 404, what="page", name=request.url.path,
                         suggestions=suggestions, status=404)
        return _page(svc, request, "error.html", exc.status_code, what="error", name=str(exc.detail), suggestions=[],
                     status=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        if any(err.get("loc", ("",))[0] == "path" for err in exc.errors()):  # /mock/abc: no such page
            return _page(svc, request, "error.html", 404, what="page", name=request.url.path, suggestions=[],
                         status=404)
        bad = ", ".join(".".join(str(p) for p in err.get("loc", ())) for err in exc.errors())
        return _page(svc, request, "error.html", 400, what="error", name=f"bad parameter: {bad}", suggestions=[],
                     status=400)

    def topic_suggestions(slugs: list[str], lang: str) -> list[tuple[str, str]]:
        out = []
        for slug in slugs:
            topic = bank.topics.get(slug)
            out.append((f"/topics/{slug}", _title(topic.meta, lang) if topic else slug))
        return out

    # -- home ------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request, notice: str | None = None):
        lang = _lang(request)
        key = svc.pages.key(request, lang)
        if notice is None and (cached := svc.pages.get(key)):
            return cached
        progress = svc.progress.topics()
        infos = svc.exercise_infos()
        practice = PracticeProgress(infos, sum(i.solved for i in infos), sum(i.attempts > 0 for i in infos),
                                    sum(i.attempts for i in infos))
        stats = svc.review.stats()
        last_topic = svc.progress.last_topic()
        attempts = svc.practice.attempts(limit=1)
        last_attempt = attempts[0] if attempts else None
        written = [s for s in bank.slugs if s in bank.topics]
        unread = [s for s in written if progress.get(s) is None or progress[s].status != "read"]
        started = [s for s in unread if progress.get(s) and progress[s].status == "started"]
        suggestions = (started + [s for s in unread if s not in started])[:4]
        read_topics = {s for s, p in progress.items() if p.status == "read"}
        unsolved = [e for e in practice.exercises if not e.solved]
        unsolved.sort(key=lambda e: (e.topic not in read_topics, e.attempts == 0, e.difficulty))
        page = _page(svc, request, "home.html", lang=lang, nav_due=stats.due_now, stats=stats, practice=practice,
                     n_read=len(read_topics & set(written)), n_written=len(written), n_topics=len(bank.slugs),
                     last_topic=last_topic,
                     last_topic_meta=bank.topics[last_topic.topic].meta
                     if last_topic and last_topic.topic in bank.topics else None,
                     last_attempt=last_attempt, exercises=catalogue(), suggestions=suggestions, topics=bank.topics,
                     unsolved=unsolved[:4], notice=notice, mocks=svc.mock.recent(3, lang))
        return page if notice is not None else svc.pages.put(key, page)

    # -- topics ----------------------------------------------------------------------------

    @app.get("/topics", response_class=HTMLResponse)
    async def topics(request: Request, q: str = "", tag: str = "", difficulty: str = "", status: str = ""):
        lang = _lang(request)
        key = svc.pages.key(request, lang)
        if cached := svc.pages.get(key):
            return cached
        progress = svc.progress.topics()
        hits = svc.search.search(q, limit=67) if q.strip() else None
        # search: best match first; else the written topics first, each group in the seed map's order
        order = [h.slug for h in hits] if hits is not None else \
            sorted(bank.slugs, key=lambda slug: slug not in bank.topics)
        summaries = {h.slug: h.summary for h in hits} if hits else {}
        rows = []
        for slug in order:
            topic = bank.topics.get(slug)
            reading = progress[slug].status if slug in progress else "new"
            state = "not_written" if topic is None else reading
            if tag and (topic is None or tag not in topic.meta.tags):
                continue
            if difficulty and (topic is None or str(topic.meta.difficulty) != difficulty):
                continue
            if status == "written" and topic is None or status == "not_written" and topic is not None:
                continue
            if status in ("new", "started", "read") and (topic is None or reading != status):
                continue
            rows.append({"slug": slug, "topic": topic, "state": state, "summary": summaries.get(slug),
                         "seeds": bank.seeds(slug)})
        tags = sorted({tg for tp in bank.topics.values() for tg in tp.meta.tags})
        return svc.pages.put(key, _page(
            svc, request, "topics.html", lang=lang, rows=rows, q=q, tag=tag, difficulty=difficulty, status=status,
            tags=tags, searched=hits is not None, n_written=len(bank.topics), n_topics=len(bank.slugs)))

    @app.get("/topics/{slug}", response_class=HTMLResponse)
    async def topic_page(request: Request, slug: str):
        lang = _lang(request)
        try:
            topic = bank.get(slug)
        except UnknownTopicError as exc:
            raise NotFound("topic", slug, topic_suggestions(exc.suggestions or _search_slugs(svc, slug), lang)) \
                from None
        if topic is None:
            return _page(svc, request, "topic_missing.html", lang=lang, slug=slug, seeds=bank.seeds(slug))
        rendered = svc.topic_html.get((slug, lang))
        if rendered is None:
            async with svc.render_lock:  # many first requests at once: render once (100 ms), not once each
                rendered = svc.topic_html.get((slug, lang))
                if rendered is None:
                    rendered = await run_in_threadpool(markdown.render_topic, topic, lang)
                    svc.topic_html[(slug, lang)] = rendered
        svc.progress.visit(slug)  # before the cache: a visit is a write, and the page shows it
        key = svc.pages.key(request, lang)
        if cached := svc.pages.get(key):
            return cached
        exercises = catalogue()
        solved = {i.slug: i for i in svc.exercise_infos()} if topic.meta.exercises else {}
        ex_rows = [(e, exercises.get(e), solved.get(e)) for e in topic.meta.exercises]
        return svc.pages.put(key, _page(
            svc, request, "topic.html", lang=lang, topic=topic, meta=topic.meta, rendered=rendered,
            progress=svc.progress.topic(slug), ex_rows=ex_rows, labs=topic.meta.labs,
            n_cards=len(topic_card_keys(topic)), prereqs=[(p, bank.topics.get(p)) for p in topic.meta.prerequisites]))

    @app.post("/topics/{slug}/read")
    async def topic_read(request: Request, slug: str):
        if slug not in bank.topics:
            raise NotFound("topic", slug, topic_suggestions(_search_slugs(svc, slug), _lang(request)))
        form = await _read_form(request) or {}
        svc.progress.mark_read(slug, form.get("read", "1") == "1")
        return _redirect(f"/topics/{slug}")

    # -- exercises -------------------------------------------------------------------------

    @app.get("/exercises", response_class=HTMLResponse)
    async def exercises(request: Request, topic: str = "", tag: str = "", status: str = ""):
        lang = _lang(request)
        key = svc.pages.key(request, lang)
        if cached := svc.pages.get(key):
            return cached
        infos = svc.exercise_infos()
        rows = [i for i in infos if (not topic or i.topic == topic) and (not tag or tag in i.tags)
                and (not status or status == _ex_status(i))]
        tags = sorted({tg for i in infos for tg in i.tags})
        return svc.pages.put(key, _page(
            svc, request, "exercises.html", lang=lang, rows=rows, infos=infos, topics=bank.topics, tag=tag,
            topic=topic, status=status, tags=tags, solved=sum(i.solved for i in infos)))

    def exercise_page(request: Request, slug: str, *, code: str | None = None, source: str = "",
                      verdict: Verdict | None = None, attempt_id: int | None = None, error: str | None = None,
                      status_code: int = 200) -> HTMLResponse:
        lang = _lang(request)
        try:
            info = svc.practice.exercise(slug)
        except UnknownExerciseError as exc:
            raise NotFound("exercise", slug, [(f"/exercises/{s}", _title(catalogue()[s].meta, lang))
                                              for s in exc.suggestions]) from None
        history = svc.practice.attempts(slug, limit=50)
        if code is None:
            if history:
                code, source = history[0].code, "last"
            else:
                code, source = svc.practice.starter(slug), "starter"
        problem = svc.problem_html.get((slug, lang))
        if problem is None:
            problem = svc.problem_html[(slug, lang)] = markdown.render(svc.practice.problem(slug, lang))
        topic = bank.topics.get(info.topic)
        return _page(svc, request, "exercise.html", status_code, lang=lang, info=info, problem=Markup(problem),
                     code=code, source=source, starter=svc.practice.starter(slug), verdict=verdict,
                     attempt_id=attempt_id, history=history, hints=svc.practice.hints(slug, lang), error=error,
                     topic=topic, max_kb=MAX_CODE_BYTES // 1024, max_bytes=MAX_CODE_BYTES)

    @app.get("/exercises/{slug}", response_class=HTMLResponse)
    async def exercise(request: Request, slug: str, attempt: int | None = None):
        if attempt is not None:
            try:
                record = next((a for a in svc.practice.attempts(slug, limit=None) if a.id == attempt), None)
            except UnknownExerciseError:
                record = None
            if record is not None:
                verdict = Verdict.from_dict(record.result) if record.result else None
                return exercise_page(request, slug, code=record.code, source="attempt", verdict=verdict,
                                     attempt_id=record.id)
        return exercise_page(request, slug)

    @app.post("/exercises/{slug}/submit")
    async def submit(request: Request, slug: str):
        lang = _lang(request)
        if slug not in catalogue():
            return exercise_page(request, slug)  # raises NotFound with suggestions
        form = await _read_form(request)
        if form is None:
            return exercise_page(request, slug, code="", source="draft", status_code=413,
                                 error=t("too_large_title", lang) + f": > {MAX_FORM_BYTES // 1024} KB. "
                                 + _too_large_tail(lang))
        code = form.get("code", "")
        try:
            submission = await run_in_threadpool(svc.practice.submit, slug, code)
        except SubmissionTooLarge as exc:
            size = len(code.encode("utf-8"))
            msg = (f"代码有 {size / 1024:.1f} KB，上限是 {MAX_CODE_BYTES // 1024} KB。这次没有保存。"
                   if lang == "zh" else str(exc))
            return exercise_page(request, slug, code=code, source="submitted", status_code=413,
                                 error=t("too_large_title", lang) + ": " + msg)
        return _redirect(f"/exercises/{slug}?attempt={submission.attempt_id}#verdict")

    @app.post("/exercises/{slug}/hint")
    async def hint(request: Request, slug: str):
        lang = _lang(request)
        try:
            svc.practice.reveal_hint(slug, lang)
        except UnknownExerciseError:
            return exercise_page(request, slug)
        return _redirect(f"/exercises/{slug}#hints")

    # -- labs ------------------------------------------------------------------------------

    def lab_info(name: str, lang: str):
        try:
            return svc.labs.info(name)
        except UnknownLab as exc:
            raise NotFound("lab", name, [(f"/labs/{s}", s) for s in exc.suggestions]) from None

    @app.get("/labs", response_class=HTMLResponse)
    async def labs(request: Request):
        lang = _lang(request)
        infos = [svc.labs.info(n) for n in svc.labs.names()]
        return _page(svc, request, "labs.html", lang=lang, infos=infos, running=svc.labs.running())

    @app.get("/labs/{name}", response_class=HTMLResponse)
    async def lab(request: Request, name: str, busy: int = 0):
        lang = _lang(request)
        info = lab_info(name, lang)
        return _page(svc, request, "lab.html", lang=lang, info=info, job=svc.labs.status(name), busy=busy,
                     topics=bank.topics)

    @app.post("/labs/{name}/run")
    async def lab_run(request: Request, name: str):
        info = lab_info(name, _lang(request))
        if not info.exists:
            return _redirect(f"/labs/{name}")
        started = svc.labs.start(name)
        return _redirect(f"/labs/{name}" + ("" if started else "?busy=1"))

    @app.get("/labs/{name}/status")
    async def lab_status(request: Request, name: str):
        lab_info(name, _lang(request))
        return JSONResponse(svc.labs.status(name))

    @app.get("/labs/{name}/figures/{mode}/{filename}")
    async def lab_figure(request: Request, name: str, mode: str, filename: str):
        lab_info(name, _lang(request))
        path = svc.labs.figure_path(name, mode, filename)
        if path is None:
            raise NotFound("figure", f"{name}/{mode}/{filename}", [(f"/labs/{name}", name)])
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": "no-cache"})

    # -- review ----------------------------------------------------------------------------

    @app.get("/review", response_class=HTMLResponse)
    async def review(request: Request, card: str | None = None, show: int = 0, rated: str | None = None,
                     r: int | None = None, topic: str | None = None):
        lang = _lang(request)
        now = datetime.now(UTC)
        view = None
        if card:
            try:
                view = svc.review.card(card, lang)
            except UnknownCardError:
                view = None
        if view is None:
            view = svc.review.next_card(lang, now)
        last = None
        if rated:
            with contextlib.suppress(UnknownCardError):
                rv = svc.review.card(rated, lang)
                if rv.due is not None and r in RATING_NAMES:
                    last = {"view": rv, "rating": t(RATING_NAMES[r].lower(), lang), "due": rv.due,
                            "delta": humanize(rv.due - now, lang)}
        preview = {}
        if view is not None:
            preview = {k: humanize(v - now, lang) for k, v in svc.review.preview(view.text.key, now).items()}
        stats = svc.review.stats(now)
        return _page(svc, request, "review.html", lang=lang, nav_due=stats.due_now, view=view, show=bool(show),
                     last=last, preview=preview, stats=stats, ratings=RATING_NAMES,
                     topic_meta=bank.topics.get(view.text.topic).meta if view else None,
                     next_due_delta=humanize(stats.next_due - now, lang) if stats.next_due else None)

    @app.post("/review/rate")
    async def review_rate(request: Request):
        form = await _read_form(request) or {}
        key = form.get("card", "")
        try:
            rating = int(form.get("rating", ""))
        except ValueError:
            rating = 0
        duration = form.get("duration_ms", "")
        try:
            svc.review.rate(key, rating, duration_ms=int(duration) if duration.isdigit() else None)
        except UnknownCardError:
            raise NotFound("card", key, []) from None
        except ValueError:
            return _redirect(f"/review?card={quote(key)}&show=1")
        return _redirect(f"/review?rated={quote(key)}&r={rating}")

    # -- mock interview --------------------------------------------------------------------

    @app.get("/mock", response_class=HTMLResponse)
    async def mock_start(request: Request, error: str | None = None):
        lang = _lang(request)
        return _page(svc, request, "mock_start.html", lang=lang, recent=svc.mock.recent(10, lang), error=error,
                     pool=len(svc.mock.question_pool()))

    @app.post("/mock")
    async def mock_create(request: Request):
        lang = _lang(request)
        form = await _read_form(request) or {}
        try:
            session_id = svc.mock.start(int(form.get("questions", 5)), int(form.get("minutes", 30)), lang)
        except ValueError as exc:
            return _redirect(f"/mock?error={quote(str(exc))}")
        return _redirect(f"/mock/{session_id}")

    def mock_or_404(session_id: int, lang: str):
        try:
            return svc.mock.get(session_id, lang)
        except UnknownSessionError:
            raise NotFound("mock", str(session_id), [("/mock", t("mock_title", lang))]) from None

    @app.get("/mock/{session_id}", response_class=HTMLResponse)
    async def mock_session(request: Request, session_id: int):
        lang = _lang(request)
        session = mock_or_404(session_id, lang)
        summary = svc.mock.summary(session_id, lang) if session.finished else None
        now = datetime.now(UTC)
        return _page(svc, request, "mock.html", lang=lang, s=session, summary=summary, labels=RATING_LABELS,
                     remaining=int(session.remaining(now).total_seconds()), now=now)

    @app.post("/mock/{session_id}/rate")
    async def mock_rate(request: Request, session_id: int):
        lang = _lang(request)
        mock_or_404(session_id, lang)
        form = await _read_form(request) or {}
        try:
            position = int(form.get("position", ""))
            svc.mock.rate(session_id, position, int(form.get("rating", "")))
        except ValueError:
            return _redirect(f"/mock/{session_id}")
        return _redirect(f"/mock/{session_id}#q{position}")

    @app.post("/mock/{session_id}/finish")
    async def mock_finish(request: Request, session_id: int):
        mock_or_404(session_id, _lang(request))
        svc.mock.finish(session_id)
        return _redirect(f"/mock/{session_id}#summary")

    # -- data, language, assets --------------------------------------------------------------

    @app.get("/export")
    async def export(request: Request):
        data = await run_in_threadpool(export_progress, svc.db_path)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="dlprep-progress-{stamp}.json"'})

    @app.post("/import", response_class=HTMLResponse)
    async def import_(request: Request):
        lang = _lang(request)
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > 64 * MAX_FORM_BYTES:
            return await home(request, notice=f"{t('import_failed', lang)}: the file is over 64 MB")
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return await home(request, notice=f"{t('import_failed', lang)}: no file")
        raw = await upload.read()
        try:
            parsed = parse_progress_file(raw, upload.filename or "the file")
            report = await run_in_threadpool(import_progress, parsed, svc.db_path)
        except ProgressFileError as exc:
            response = await home(request, notice=f"{t('import_failed', lang)}: {exc}")
            response.status_code = 400
            return response
        return await home(request, notice=f"{t('imported', lang)}: {report.summary()}")

    @app.get("/lang/{lang}")
    async def set_lang(lang: str, next: str = "/"):
        response = _redirect(_safe_next(next))
        if lang in LANGS:
            response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="lax")
        return response

    pygments_css = markdown.pygments_css()

    @app.get("/assets/pygments.css")
    async def pygments_stylesheet():
        return Response(pygments_css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/healthz")
    async def healthz():
        return {"ok": True, "time": time.time()}


def _ex_status(info) -> str:
    return "solved" if info.solved else "tried" if info.attempts else "new"


def _search_slugs(svc: Services, text: str) -> list[str]:
    return [h.slug for h in svc.search.search(text.replace("-", " "), limit=3)] or \
        difflib.get_close_matches(text, list(svc.bank.slugs), n=3, cutoff=0.3)


def _too_large_tail(lang: str) -> str:
    return ("没有保存这次提交；编辑器里的代码还在。" if lang == "zh"
            else "Nothing was stored; your code is still in the editor.")
