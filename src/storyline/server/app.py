"""The HTTP server: a small web page and ``POST /api/brief``, thin over the Python API.

Why so thin: the CLI, the server and library users must get the same brief from the same input, so the
server only does what is specific to HTTP — size limits enforced *before* a large body is held in memory,
validation with one-line JSON errors, and the guarantee that nothing in a request is ever used as a path
(articles go through ``storyline.api.brief_records``, which never touches the file system). The pipeline is
CPU-bound, so it runs in a worker thread and at most ``MAX_CONCURRENT_BRIEFS`` run at once.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.engine.pipeline import describe_counts
from storyline.model import Brief

MAX_ARTICLES = 200
MAX_CONCURRENT_BRIEFS = 2
MIN_WORDS, MAX_WORDS = 20, 5000
MAX_QUERY_CHARS = 500
TEMPLATES = Path(__file__).parent / "templates"

_MEDIA_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


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
    words: Annotated[int, Field(ge=MIN_WORDS, le=MAX_WORDS)] = DEFAULT_SETTINGS.words
    query: Annotated[str | None, Field(max_length=MAX_QUERY_CHARS)] = None
    format: Literal["json", "html", "md"] = "json"


class RequestTooLarge(Exception):
    """The body is over the limit; raised while reading so the rest is never buffered."""


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """Every error is ``{"error": "<one line>"}`` so clients need one code path for failures."""
    return JSONResponse({"error": " ".join(message.split())}, status_code=status, headers=dict(headers or {}))


def _validation_message(error: ValidationError | RequestValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("body", "__root__"))
    message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
    extra = f" (and {len(error.errors()) - 1} more)" if len(error.errors()) > 1 else ""
    return f"{where}: {message}{extra}" if where else f"{message}{extra}"


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


def create_app(
    settings: Settings | None = None,
    *,
    max_body_bytes: int | None = None,
    max_articles: int = MAX_ARTICLES,
    runner: BriefRunner = run_brief,
) -> FastAPI:
    """The storyline web app.

    ``max_body_bytes`` defaults to ``settings.max_file_bytes``: a request may carry at most as much as one
    input file may hold. ``runner`` is the function that turns articles into a Brief; it is a parameter so
    an embedding application can route briefs elsewhere (e.g. a process pool), not for mocking.
    """
    current = settings or DEFAULT_SETTINGS
    body_limit = max_body_bytes if max_body_bytes is not None else current.max_file_bytes
    slots = threading.BoundedSemaphore(MAX_CONCURRENT_BRIEFS)
    pages = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    app = FastAPI(title="storyline", summary="Cited briefings from many outlets' coverage of one story")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        return _error(error.status_code, str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(error))

    @app.exception_handler(Exception)
    async def _crash(_: Request, error: Exception) -> JSONResponse:
        return _error(500, f"internal error: {type(error).__name__}")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    async def index() -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        page = pages.get_template("index.html").render(
            nonce=nonce,
            max_articles=max_articles,
            max_body_bytes=body_limit,
            default_words=current.words,
            min_words=MIN_WORDS,
            max_words=MAX_WORDS,
        )
        policy = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
            "connect-src 'self'; img-src 'self' data:; frame-src 'self' blob:; base-uri 'none'; "
            "form-action 'self'"
        )
        headers = {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"}
        return HTMLResponse(page, headers=headers)

    @app.post("/api/brief")
    async def api_brief(request: Request) -> Response:
        content_type = request.headers.get("content-type", "")
        if content_type and not content_type.split(";")[0].strip().endswith("json"):
            return _error(415, "send the request as JSON (Content-Type: application/json)")
        try:
            raw = await _read_limited(request, body_limit)
        except RequestTooLarge:
            return _error(413, f"request body is over the limit of {body_limit:,} bytes")
        try:
            payload: Any = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            return _error(400, f"body is not valid JSON: {getattr(error, 'msg', error)}")
        listed = payload.get("articles") if isinstance(payload, dict) else None
        if isinstance(listed, list) and len(listed) > max_articles:
            return _error(413, f"too many articles: {len(listed)} (at most {max_articles})")
        try:
            spec = BriefRequest.model_validate(payload)
        except ValidationError as error:
            return _error(422, _validation_message(error))
        if not slots.acquire(blocking=False):
            busy = "busy: too many briefs are being made; try again shortly"
            return _error(503, busy, {"Retry-After": "5"})
        try:
            result = await run_in_threadpool(runner, spec.articles, spec.words, spec.query, current)
            if not result.articles:
                reasons = "; ".join(str(problem) for problem in result.problems) or "no usable article"
                return _error(422, f"nothing could be briefed: {reasons}")
            rendered = await run_in_threadpool(_render, result, spec.format)
        finally:
            slots.release()
        skipped = sum(1 for problem in result.problems if problem.layer is None)
        problems = describe_counts(result.problems)
        headers = {"X-Storyline-Skipped": str(skipped), "X-Storyline-Problems": problems}
        return Response(rendered, media_type=_MEDIA_TYPES[spec.format], headers=headers)

    return app


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted (``storyline serve``)."""
    import uvicorn

    uvicorn.run(create_app(), host=host, port=port, log_level="info")
