"""The HTTP server: a small web page and ``POST /api/brief``, thin over the Python API.

Why so thin: the CLI, the server and library users must get the same brief from the same input, so the
server only does what is specific to HTTP — size limits enforced *before* a large body is held in memory,
validation with one-line JSON errors, and the guarantee that nothing in a request is ever used as a path
(articles go through ``storyline.api.brief_records``, which never touches the file system).

Admission and the time budget. The pipeline is CPU-bound, so a brief runs in a worker thread and at most
``max_concurrent`` (``MAX_CONCURRENT_BRIEFS``) run at once. A request that finds every slot busy waits in a
bounded FIFO queue of ``max_queued`` places (an asyncio wait in the event loop, so a waiting request costs
no thread); only when the queue is full is the answer an immediate 503 with ``Retry-After``. Turning
callers away at once when two briefs are running made most requests of a modest load fail although each
brief takes about a second; a queue turns that load into latency, and its bound keeps memory and
waiting time bounded when the load is more than the machine can do.

Every request has a time budget (``time_budget_seconds``) that starts when the request arrives and covers
reading the body, waiting for a slot and making the brief. When it runs out the client gets, at the
deadline:

* **503** (with ``Retry-After``) if the brief never started — the budget went on reading the body or on
  waiting for a slot, nothing was done, and asking again later is safe and may well succeed;
* **504** if the brief started but did not finish within the budget — the input is probably too costly to
  brief within the budget (e.g. a multi-megabyte article), so the same request is likely to time out again.

A running brief cannot be stopped (a Python thread cannot be killed), so after a 504 its thread keeps its
slot until it really finishes and the result is then thrown away. That keeps the number of briefing threads,
and so the CPU and memory they use, bounded by ``max_concurrent`` however many requests time out; while such
a thread runs, one slot fewer serves new requests. Brief threads are daemon threads, so stopping the server
does not wait for one whose client has already been answered. A request whose client disconnects while it
waits leaves the queue without starting a brief (logged as 499).

Input that is not a brief request is refused with the most specific status: 415 for a body that is not JSON
by its ``Content-Type``, 413 for a body over ``max_body_bytes`` (by ``Content-Length``, or counted while a
chunked body streams in) or more than ``max_articles`` articles, 400 for bytes that are not UTF-8 JSON or
JSON nested deeper than ``MAX_JSON_DEPTH``, 422 for JSON of the wrong shape (naming the field). Lone UTF-16
surrogates (``"\\ud800"``) are valid JSON escapes but cannot be encoded as UTF-8; they become U+FFFD in every
string of the request, so such a request is briefed rather than failing in the pipeline or the response.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import re
import secrets
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.engine.pipeline import describe_counts
from storyline.model import Brief
from storyline.server.apidocs import install_openapi, reference
from storyline.server.security import page_headers

if TYPE_CHECKING:
    from storyline.store.duckdb import Store

MAX_ARTICLES = 200
MAX_CONCURRENT_BRIEFS = 2
MAX_QUEUED_BRIEFS = 32
TIME_BUDGET_SECONDS = 120.0
RETRY_AFTER_SECONDS = 5
MAX_JSON_DEPTH = 32
MIN_WORDS, MAX_WORDS = 20, 5000
MAX_QUERY_CHARS = 500
API_DESCRIPTION = """\
Versioned under `/api/v1`. Reads need nothing; every `POST` needs the server's token when it has one
(`Authorization: Bearer <token>`), and a browser's cross-site `POST` is always refused. Errors are
`{"error": "<one line>"}` with the status code saying which kind. Lists are paginated with `page` and
`per_page`; story briefs carry an `ETag` (send `If-None-Match` for a `304`). Nothing in a request is ever
opened as a path."""
MAX_ADDED_ARTICLES = 100
STORE_WAIT_SECONDS = 30.0
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
BRIEF_CSS = Path(__file__).parent.parent / "render" / "templates" / "brief.css"


@functools.cache
def _file_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


#: the only files ``/static/`` serves, by name (a request never names a path)
STATIC_FILES: dict[str, tuple[Callable[[], str], str]] = {
    "newsroom.css": (lambda: _file_text(STATIC / "newsroom.css"), "text/css; charset=utf-8"),
    "brief.css": (lambda: _file_text(BRIEF_CSS), "text/css; charset=utf-8"),
}

_MEDIA_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
# After json.loads every surrogate left in a str is a lone one: escaped pairs are joined into one code point.
_LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")
_log = logging.getLogger(__name__)


class ArticleIn(BaseModel):
    """One article of a request: its text or HTML, plus what the caller knows about it."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    url: Annotated[str | None, Field(max_length=2048)] = None
    title: Annotated[str | None, Field(max_length=1000)] = None
    outlet: Annotated[str | None, Field(max_length=300)] = None
    published: Annotated[str | None, Field(max_length=64)] = None

    @model_validator(mode="after")
    def _has_body(self) -> ArticleIn:
        if not (self.html or "").strip() and not (self.text or "").strip():
            raise ValueError('each article needs a non-empty "text" or "html"')
        return self

    @property
    def body(self) -> str:
        return self.html if self.html and self.html.strip() else self.text or ""


class BriefRequest(BaseModel):
    """The body of ``POST /api/brief``."""

    model_config = ConfigDict(extra="forbid")

    articles: Annotated[list[ArticleIn], Field(min_length=1)]
    # Strict: lax mode would read true as 1 and "150" as 150, hiding a client's bug behind a brief.
    words: Annotated[int, Field(ge=MIN_WORDS, le=MAX_WORDS, strict=True)] = DEFAULT_SETTINGS.words
    query: Annotated[str | None, Field(max_length=MAX_QUERY_CHARS)] = None
    format: Literal["json", "html", "md"] = "json"


class ArticlesRequest(BaseModel):
    """The body of ``POST /api/v1/articles``: articles to add to the store's stories."""

    model_config = ConfigDict(extra="forbid")

    articles: Annotated[list[ArticleIn], Field(min_length=1)]


class RequestTooLarge(Exception):
    """The body is over the limit; raised while reading so the rest is never buffered."""


class JsonTooDeep(Exception):
    """The JSON nests deeper than any brief request can (``MAX_JSON_DEPTH``)."""


def _fix_text(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text)


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """Every error is ``{"error": "<one line>"}`` so clients need one code path for failures.

    The message is cleaned of lone surrogates because it may quote the request (a field name), and a
    message that cannot be encoded would turn a 4xx into a 500.
    """
    line = _fix_text(" ".join(message.split()))
    return JSONResponse({"error": line}, status_code=status, headers=dict(headers or {}))


_FRIENDLY = {
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
    "model_attributes_type": "must be a JSON object",
    "list_type": "must be a list",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "missing": "is required",
    "extra_forbidden": "is not a known field",
}


def _validation_message(error: ValidationError | RequestValidationError) -> str:
    """The first problem as ``field.path: what is wrong``, so the caller knows which field to fix."""
    errors = error.errors()
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body", "__root__"))
    message = _FRIENDLY.get(str(first.get("type")), str(first.get("msg", "invalid request")))
    message = message.removeprefix("Value error, ")
    extra = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {message}{extra}" if where else f"{message}{extra}"


def _is_json(content_type: str) -> bool:
    """``application/json`` or a ``+json`` type; not ``application/x-ndjson``, which is many documents."""
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _clean_json(payload: Any) -> Any:
    """``payload`` with lone surrogates replaced by U+FFFD in every string and key, checked for depth.

    Iterative, so a deep document cannot exhaust the stack here; ``json.loads`` itself stops at the
    interpreter's recursion limit, which the caller also turns into a 400.
    """
    holder: list[Any] = [payload]
    stack: list[tuple[list[Any] | dict[str, Any], int]] = [(holder, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise JsonTooDeep
        if isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, str):
                    node[index] = _fix_text(item)
                elif isinstance(item, list | dict):
                    stack.append((item, depth + 1))
            continue
        for key in list(node):
            item = node[key]
            if isinstance(item, str):
                item = _fix_text(item)
            elif isinstance(item, list | dict):
                stack.append((item, depth + 1))
            fixed = _fix_text(key)
            if fixed != key:
                del node[key]
            node[fixed] = item
    return holder[0]


async def _read_limited(request: Request, limit: int) -> bytes:
    """The request body, refusing early when Content-Length or the bytes actually sent exceed ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise RequestTooLarge
        except ValueError:
            raise RequestTooLarge from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def _disconnected(request: Request) -> None:
    """Return when the client goes away. Only for after the body is read: later messages are disconnects."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


_Model = TypeVar("_Model", bound=BaseModel)


async def read_json_body(
    request: Request,
    limit: int,
    *,
    max_articles: int,
    model: type[_Model],
    timeout: float = TIME_BUDGET_SECONDS,
    retry: Mapping[str, str] | None = None,
) -> _Model | Response:
    """The request's JSON body validated as ``model``, or the error response that says why not.

    415 for a body that is not JSON by its type, 413 over ``limit`` bytes or ``max_articles`` articles,
    503 when it does not arrive in ``timeout`` seconds, 400 for bytes that are not UTF-8 JSON or nest too
    deep, 422 for the wrong shape (naming the field). Lone surrogates become U+FFFD first.
    """
    if not _is_json(request.headers.get("content-type", "")):
        return _error(415, "send the request as JSON (Content-Type: application/json)")
    try:
        raw = await asyncio.wait_for(_read_limited(request, limit), timeout=max(timeout, 0))
    except RequestTooLarge:
        return _error(413, f"request body is over the limit of {limit:,} bytes")
    except TimeoutError:
        return _error(503, f"the body did not arrive within the {timeout:g} s budget", retry)
    try:
        payload: Any = _clean_json(json.loads(raw.decode("utf-8-sig")))
    except UnicodeDecodeError:
        return _error(400, "body is not valid JSON: it is not UTF-8 text")
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        return _error(400, f"body is not valid JSON: {error.msg} at {where}")
    except (RecursionError, JsonTooDeep):
        return _error(400, f"body is not a valid request: JSON nests over {MAX_JSON_DEPTH} levels deep")
    if not isinstance(payload, dict):
        kind = {list: "an array", str: "a string", type(None): "null"}.get(type(payload), "a number")
        return _error(422, f'the body must be a JSON object with an "articles" list, not {kind}')
    listed = payload.get("articles")
    if isinstance(listed, list) and len(listed) > max_articles:
        return _error(413, f"too many articles: {len(listed)} (at most {max_articles})")
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        return _error(422, _validation_message(error))


Admission = Literal["ok", "full", "timeout", "gone"]


class BriefGate:
    """At most ``slots`` briefs at once and at most ``max_queued`` requests waiting, first come first served.

    Event-loop only: ``enter`` and ``release`` run on the loop; the worker thread hands its slot back with
    ``loop.call_soon_threadsafe(gate.release)``. A freed slot passes straight to the oldest waiter, so a
    newcomer cannot overtake the queue.
    """

    def __init__(self, slots: int, max_queued: int) -> None:
        self.slots = slots
        self.max_queued = max_queued
        self.held = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def queued(self) -> int:
        return sum(1 for waiter in self._waiters if not waiter.done())

    async def enter(self, timeout: float, gone: asyncio.Future[None] | None = None) -> Admission:
        """``"ok"`` with a slot held; ``"full"``, ``"timeout"`` or ``"gone"`` (client left) without one."""
        if self.held < self.slots and not self.queued:
            self.held += 1
            return "ok"
        if self.queued >= self.max_queued:
            return "full"
        ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(ticket)
        outcome: Admission = "timeout"
        try:
            waits = [ticket] if gone is None else [ticket, gone]
            await asyncio.wait(waits, timeout=max(timeout, 0.0), return_when=asyncio.FIRST_COMPLETED)
            if gone is not None and gone.done():
                outcome = "gone"
            elif ticket.done():
                outcome = "ok"
        finally:  # also on cancellation: a slot handed to this ticket must not be lost
            if not ticket.done():
                ticket.cancel()
                self._waiters.remove(ticket)
            elif outcome != "ok":
                self.release()
        return outcome

    def release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.held -= 1


@dataclass(frozen=True)
class Made:
    """What a worker thread produced: the brief and, when it has articles, its rendering."""

    brief: Brief
    rendered: str | None


BriefRunner = Callable[[Sequence[ArticleIn], int, str | None, Settings], Brief]


def run_brief(articles: Sequence[ArticleIn], words: int, query: str | None, settings: Settings) -> Brief:
    """Brief request articles without ever reading the file system.

    ``storyline.api.brief_records`` keeps each article's url, title, outlet and published date.
    """
    from storyline.api import brief_records

    records = [article.model_dump(exclude_none=True) for article in articles]
    return brief_records(records, words=words, query=query, settings=settings)


def _render(brief: Brief, fmt: str) -> str:
    from storyline.render import render

    return render(brief, fmt)  # type: ignore[arg-type]


def _make(runner: BriefRunner, spec: BriefRequest, settings: Settings) -> Made:
    """Brief and render in the worker thread, so the slot covers all the CPU work of a request."""
    result = runner(spec.articles, spec.words, spec.query, settings)
    rendered = _fix_text(_render(result, spec.format)) if result.articles else None
    return Made(result, rendered)


def _in_thread(work: Callable[[], Made]) -> Future[Made]:
    """Run ``work`` in a new daemon thread and return its future.

    Not a thread pool: the gate already bounds how many run, and a pool's threads are joined at interpreter
    exit, so stopping the server would wait for a brief whose client was answered (504) long ago.
    """
    future: Future[Made] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(work())
        except BaseException as error:  # handed to the request, which answers a JSON 500
            future.set_exception(error)

    threading.Thread(target=run, daemon=True, name="storyline-brief").start()
    return future


def create_app(
    settings: Settings | None = None,
    *,
    max_body_bytes: int | None = None,
    max_articles: int = MAX_ARTICLES,
    runner: BriefRunner = run_brief,
    max_concurrent: int = MAX_CONCURRENT_BRIEFS,
    max_queued: int = MAX_QUEUED_BRIEFS,
    time_budget_seconds: float = TIME_BUDGET_SECONDS,
    store: str | Path | Store | None = None,
    token: str | None = None,
    max_added_articles: int = MAX_ADDED_ARTICLES,
) -> FastAPI:
    """The storyline web app: the paste-and-brief page and ``/api/v1/brief``, and with a ``store`` the
    newsroom over it (``server.newsroom``: stories, search, entities, adding articles).

    ``store`` is a DuckDB path (opened for writing and held while the app lives: DuckDB lets one process
    write a file) or an open ``Store``. ``token``, when given, is needed by every ``POST``
    (``server.security``); ``serve`` insists on one for a non-loopback address.

    ``max_body_bytes`` defaults to ``settings.max_file_bytes``: a request may carry at most as much as one
    input file may hold. ``runner`` is the function that turns articles into a Brief; it is a parameter so
    an embedding application can route briefs elsewhere (e.g. a process pool), not for mocking.
    ``max_concurrent``, ``max_queued`` and ``time_budget_seconds`` are the admission rules of the module
    docstring; ``max_queued=0`` is the old behaviour (503 as soon as every slot is busy).
    """
    current = settings or DEFAULT_SETTINGS
    body_limit = max_body_bytes if max_body_bytes is not None else current.max_file_bytes
    gate = BriefGate(max_concurrent, max_queued)
    pages = Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATES), PackageLoader("storyline.render", "templates")]),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )

    app = FastAPI(
        title="storyline",
        summary="Cited briefings from many outlets' coverage of one story",
        description=API_DESCRIPTION,
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    bodies: dict[tuple[str, str], type[BaseModel]] = {
        ("post", "/api/v1/brief"): BriefRequest,
        ("post", "/api/v1/articles"): ArticlesRequest,
    }
    install_openapi(app, bodies)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        page = pages.get_template("docs.html").render(
            title="API",
            operations=reference(app.openapi()),
            style_nonce=None,
            writes_need_token=token is not None,
        )
        return HTMLResponse(page, headers=dict(page_headers()))
    app.state.gate = gate  # read by tests and operators: held slots and queue length

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _wants_page(request):
            return app.state.newsroom.error_page(error.status_code, str(error.detail))
        return _error(error.status_code, str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        if _wants_page(request):
            return app.state.newsroom.error_page(400, f"Bad request: {_validation_message(error)}")
        return _error(422, _validation_message(error))

    def _wants_page(request: Request) -> bool:
        """A newsroom page (not the API) answers errors with a page."""
        path = request.url.path
        api = ("/api/", "/static/", "/docs", "/openapi")
        return hasattr(app.state, "newsroom") and not path.startswith(api)

    @app.exception_handler(Exception)
    async def _crash(_: Request, error: Exception) -> JSONResponse:
        return _error(500, f"internal error: {type(error).__name__}")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        found = STATIC_FILES.get(name)
        if found is None:
            return _error(404, f"no static file {name[:80]!r}")
        text, media = found
        headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
        return Response(text(), media_type=media, headers=headers)

    async def index() -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        page = pages.get_template("index.html").render(
            nonce=nonce,
            max_articles=max_articles,
            max_body_bytes=body_limit,
            default_words=current.words,
            min_words=MIN_WORDS,
            max_words=MAX_WORDS,
            time_budget=round(time_budget_seconds),
        )
        policy = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
            "connect-src 'self'; img-src 'self' data:; frame-src 'self' blob:; base-uri 'none'; "
            "form-action 'self'"
        )
        headers = {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"}
        return HTMLResponse(page, headers=headers)

    app.add_api_route("/brief", index, methods=["GET"], response_class=HTMLResponse, include_in_schema=False)
    if store is None:
        app.add_api_route("/", index, methods=["GET"], response_class=HTMLResponse, include_in_schema=False)

    def _left(deadline: float) -> float:
        return deadline - time.monotonic()

    def _release_when_done(loop: asyncio.AbstractEventLoop, started: float) -> Callable[[Future[Made]], None]:
        def done(_: Future[Made]) -> None:
            took = time.monotonic() - started
            if took > time_budget_seconds:
                _log.warning("a brief finished after %.1f s, over its budget; its slot is free again", took)
            # RuntimeError: the loop is closed, the server has stopped and nobody waits for the slot.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(gate.release)

        return done

    @app.post("/api/v1/brief", summary="Brief articles sent in the request (nothing is stored)")
    @app.post("/api/brief", include_in_schema=False)
    async def api_brief(request: Request) -> Response:
        """Answer every failure here, as a JSON 500 with a logged traceback.

        Starlette's handler for ``Exception`` re-raises after sending its 500, and uvicorn then closes the
        connection, which a client may see as a reset instead of the answer.
        """
        try:
            return await _brief(request)
        except Exception as error:
            _log.exception("a brief request failed")
            return _error(500, f"internal error: {type(error).__name__}")

    async def _brief(request: Request) -> Response:
        deadline = time.monotonic() + time_budget_seconds
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        parsed = await read_json_body(
            request, body_limit, max_articles=max_articles, model=BriefRequest,
            timeout=time_budget_seconds, retry=retry,
        )
        if isinstance(parsed, Response):
            return parsed
        spec = parsed

        gone = asyncio.ensure_future(_disconnected(request))
        try:
            admitted = await gate.enter(_left(deadline), gone)
        finally:
            gone.cancel()
        if admitted == "full":
            return _error(503, "busy: too many briefs are being made or waiting; try again shortly", retry)
        if admitted == "gone":
            return _error(499, "the client closed the connection while the request waited")
        if admitted == "ok" and _left(deadline) <= 0:  # a slot came free just as the budget ran out
            gate.release()
            admitted = "timeout"
        if admitted == "timeout":
            message = f"busy: no brief slot came free within the {time_budget_seconds:g} s budget"
            return _error(503, message, retry)

        loop = asyncio.get_running_loop()
        try:
            job = _in_thread(lambda: _make(runner, spec, current))
        except BaseException:
            gate.release()
            raise
        job.add_done_callback(_release_when_done(loop, time.monotonic()))
        waiting = asyncio.wrap_future(job)
        # Retrieve the outcome even when nobody awaits it any more (after a 504), so asyncio does not warn.
        waiting.add_done_callback(lambda future: future.cancelled() or future.exception())
        finished, _ = await asyncio.wait([waiting], timeout=max(_left(deadline), 0))
        if not finished:
            message = (
                f"the brief did not finish within the {time_budget_seconds:g} s budget; "
                "fewer or shorter articles brief faster"
            )
            return _error(504, message)
        made = waiting.result()
        if made.rendered is None:
            reasons = "; ".join(str(problem) for problem in made.brief.problems) or "no usable article"
            return _error(422, f"nothing could be briefed: {reasons}")
        skipped = sum(1 for problem in made.brief.problems if problem.layer is None)
        problems = describe_counts(made.brief.problems)
        headers = {"X-Storyline-Skipped": str(skipped), "X-Storyline-Problems": problems}
        return Response(made.rendered, media_type=_MEDIA_TYPES[spec.format], headers=headers)

    if store is not None:
        from storyline.server.newsroom import Newsroom, add_newsroom
        from storyline.store import Store as StoreClass

        waited = STORE_WAIT_SECONDS
        opened = store if isinstance(store, StoreClass) else StoreClass(store, wait_seconds=waited)
        room = Newsroom(
            opened, current, pages, token=token, max_articles=max_added_articles, max_body_bytes=body_limit
        )
        app.state.newsroom = room
        add_newsroom(app, room)
        if opened is not store:
            app.router.on_shutdown.append(opened.close)
    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    store: str | Path | None = None,
    token: str | None = None,
    settings: Settings | None = None,
) -> None:
    """Run the app with uvicorn until interrupted (``storyline serve``).

    On an address other than loopback a token is required (``server.security.token_for``): an
    ``InsecureBinding`` error otherwise, before anything listens.
    """
    import uvicorn

    from storyline.server.security import token_for

    needed = token_for(host, token)
    started = time.monotonic()
    app = create_app(settings, store=store, token=needed)
    indexed = getattr(getattr(app.state, "newsroom", None), "indexed_at_start", 0)
    if indexed:
        took = time.monotonic() - started
        print(f"storyline: indexed {indexed:,} articles for search in {took:.1f} s", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="info")
