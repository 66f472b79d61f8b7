"""The newsroom: pages and ``/api/v1`` over a store of stories — list, story, search, entity, add articles.

Why it is thin: every answer is a query of ``store.browse`` or ``store.search`` or a stored brief rendered
by ``storyline.render``; adding articles is ``engine.stories.update_stories``, the code ``storyline
stories`` runs. What is here is HTTP: parameters, pagination, ETags, caching, limits and the write rules of
``server.security``.

Threads. Pages are plain ``def`` routes, so Starlette runs them in its thread pool; each read takes its
own DuckDB cursor (``Store.reading``), so reads run in parallel. Writes (adding articles) are serialised
by one lock — the grouper sees stories in order — and run in a worker thread, so a long ingest never
blocks the event loop.

Caching. A story's brief changes only when articles join it, and then its ``updated`` stamp changes, so
``(id, updated)`` keys the ETag and a small LRU of parsed stories and rendered sections: a cached entry
can be stale only under a key nobody asks for any more.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from markupsafe import Markup, escape

from storyline.config import Settings
from storyline.engine.stories import StoriesUpdate, update_stories
from storyline.ingest.document import RawDocument
from storyline.ingest.readers import document_from_record, read_upload
from storyline.model import Article, Problem, Story
from storyline.render.common import carriers, format_date, is_web_url
from storyline.render.html import brief_context
from storyline.server.security import page_headers, write_refusal
from storyline.server.views import (
    SEEN_COOKIE,
    group_hits,
    highlight,
    page_links,
    read_seen,
    sparkline,
    write_seen,
)
from storyline.store import browse, search
from storyline.store.duckdb import Store

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_QUERY_CHARS = 500
MAX_NAME_CHARS = 300
CACHED_STORIES = 16  # parsed stories (with every article's text): the renderers' input
CACHED_VIEWS = 512  # rendered story pages and JSON documents, some 50-100 KB each
SEEN_MAX_AGE = 365 * 24 * 3600
Sort = Literal["newest", "active", "largest"]
# An empty value is "not given": a browser sends the empty fields of a form as ``name=``.
Day = Annotated[str | None, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="an ISO day, YYYY-MM-DD")]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]
Text = Annotated[str | None, Query(max_length=MAX_NAME_CHARS)]
Kind = Annotated[Literal["sentence", "quote", "claim", "title", ""] | None, Query()]
Q = Annotated[str, Query(max_length=MAX_QUERY_CHARS)]
_T = TypeVar("_T")


class _Cache(OrderedDict[tuple[Any, ...], Any]):
    """A small thread-safe LRU."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size
        self.guard = threading.Lock()

    def get_or_make(self, key: tuple[Any, ...], make: Callable[[], _T]) -> _T:
        with self.guard:
            if key in self:
                self.move_to_end(key)
                return self[key]  # type: ignore[no-any-return]
        value = make()
        with self.guard:
            self[key] = value
            while len(self) > self.size:
                self.popitem(last=False)
        return value


@dataclass(frozen=True)
class StoryView:
    """What a story page shows that changes only with the story's brief, kept rendered: the briefing's
    sections, the per-passage style rules, each article's line and each quote with its carriers (for
    "since your last visit", the one part that depends on the visitor)."""

    title: str | None
    sections: Markup
    continued: list[str]
    lines: dict[str, dict[str, Any]]
    quotes: list[tuple[frozenset[str], dict[str, str]]]


@dataclass
class Added:
    """What one request's articles did: where each went, what was skipped."""

    update: StoriesUpdate
    story_of: dict[str, str]
    titles: dict[str, dict[str, Any]]
    sources: dict[str, Article]


class Newsroom:
    """The state the newsroom's routes share: the store, the templates, the caches and the write lock."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        pages: Environment,
        *,
        token: str | None = None,
        max_articles: int = 100,
        max_body_bytes: int = 5_000_000,
    ) -> None:
        self.store = store
        self.settings = settings
        self.pages = pages
        self.token = token
        self.max_articles = max_articles
        self.max_body_bytes = max_body_bytes
        self.stories = _Cache(CACHED_STORIES)
        self.views = _Cache(CACHED_VIEWS)
        self.write_lock = threading.Lock()
        #: articles indexed for search when the newsroom opened (those stored by ``storyline ingest``, say)
        self.indexed_at_start = browse.refresh_indexes(store)

    # -- reading ---------------------------------------------------------------------------------------

    def story(self, story_id: str, updated: str | None) -> Story:
        return self.stories.get_or_make((story_id, updated), lambda: self.store.load_story(story_id))

    def story_json(self, story_id: str, summary: Mapping[str, Any]) -> bytes:
        """The API's story document: the listing's columns, the member ids and the stored brief JSON
        (read as stored, not rebuilt through the records: the brief is already its public JSON)."""
        record = self.store.story_record(story_id)
        body = {
            **_story_json(summary),
            "article_ids": record.get("articles", []),
            "brief": record.get("brief"),
        }
        return json.dumps(body, ensure_ascii=False).encode("utf-8")

    def story_view(self, story_id: str, updated: str | None, speaker: str) -> StoryView | None:
        """The cached parts of a story page (see ``StoryView``); None for a story without a brief."""
        return self.views.get_or_make(
            (story_id, updated, "page", speaker), lambda: self._make_view(story_id, updated, speaker)
        )

    def _make_view(self, story_id: str, updated: str | None, speaker: str) -> StoryView | None:
        story = self.story(story_id, updated)
        brief = story.brief
        if brief is None:
            return None
        context = brief_context(brief)
        context["entity_links"] = True
        for item in context["articles"]:
            item["source"] = shown_source(item["source"])
        names = [group["name"] for group in context["speakers"]]
        context["speaker_options"], context["speaker"] = names, speaker or None
        if speaker:
            context["speakers"] = [group for group in context["speakers"] if group["name"] == speaker]
            context["n_quotes"] = sum(len(group["quotes"]) for group in context["speakers"])
        sections = Markup(self.pages.get_template("brief_sections.html.j2").render(**context))
        quotes = [
            (
                frozenset(carriers(quote)),
                {
                    "speaker": quote.speaker.name,
                    "text": " … ".join(span.text for span in quote.content),
                    "kind": quote.kind,
                },
            )
            for quote in brief.quotes
        ]
        lines = {article.id: _article_line(article) for article in brief.articles}
        return StoryView(story.title, sections, list(context["continued"]), lines, quotes)

    def render(
        self, template: str, status: int = 200, style_nonce: str | None = None, **values: Any
    ) -> Response:
        values.setdefault("writes_need_token", self.token is not None)
        html = self.pages.get_template(template).render(style_nonce=style_nonce, **values)
        return HTMLResponse(html, status_code=status, headers=dict(page_headers(style_nonce)))

    def error_page(self, status: int, message: str) -> Response:
        return self.render("error.html", status=status, status_code=status, message=message, title="Error")

    # -- writing ---------------------------------------------------------------------------------------

    def add(self, documents: Sequence[RawDocument], problems: list[Problem]) -> Added:
        """Group ``documents`` into the stored stories and index them for search (one writer at a time)."""
        with self.write_lock:
            update = update_stories(documents, self.store, settings=self.settings, problems=problems)
            browse.refresh_indexes(self.store)
        story_of = browse.stories_of_articles(self.store, update.articles)
        titles = browse.story_titles(self.store, story_of.values())
        sources = {article.id: article for article in self.store.load_articles(update.articles)}
        return Added(update, story_of, titles, sources)


@dataclass(frozen=True)
class Listing:
    """What a story listing asks for (the same parameters for the page and the API)."""

    page: int
    per_page: int
    sort: Sort
    filters: browse.StoryFilter

    def run(self, store: Store) -> browse.StoryPage:
        return browse.list_stories(
            store, self.filters, sort=self.sort, page=self.page, per_page=self.per_page
        )

    def query(self) -> dict[str, Any]:
        """The parameters as a page's links and filter form keep them (defaults left out)."""
        return {
            "sort": self.sort,
            "from": self.filters.start,
            "to": self.filters.end,
            "outlet": self.filters.outlet,
            "entity": self.filters.entity,
            "per_page": self.per_page if self.per_page != DEFAULT_PER_PAGE else None,
        }


def listing_asked(
    page: Page = 1,
    per_page: PerPage = DEFAULT_PER_PAGE,
    sort: Sort = "newest",
    start: Annotated[Day, Query(alias="from")] = None,
    end: Annotated[Day, Query(alias="to")] = None,
    outlet: Text = None,
    entity: Text = None,
) -> Listing:
    """The listing parameters of a request; an empty value (a form's empty field) is "not given"."""
    filters = browse.StoryFilter(
        start=start or None, end=end or None, outlet=outlet or None, entity=entity or None
    )
    return Listing(page, per_page, sort, filters)


def _etag(story_id: str, updated: str | None, variant: str) -> str:
    digest = hashlib.sha1(f"{story_id}\n{updated}\n{variant}".encode()).hexdigest()[:20]
    return f'"{digest}"'


def _not_modified(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return etag in {tag.strip() for tag in wanted.split(",")} or wanted.strip() == "*"


def _json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": " ".join(message.split())}, status_code=status)


def _story_json(story: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("id", "topic", "title", "articles", "outlets", "first", "last", "undated", "updated")
    out = {key: story.get(key) for key in keep}
    if "days" in story:
        out["days"] = [{"date": day, "articles": count} for day, count in story["days"]]
    return out


def _hit_json(hit: search.SearchHit, story_of: Mapping[str, str]) -> dict[str, Any]:
    story = story_of.get(hit.article)
    return {
        "kind": hit.kind,
        "article": hit.article,
        "story": story,
        "text": hit.text,
        "speaker": hit.speaker,
        "start": hit.start,
        "end": hit.end,
        "score": round(hit.score, 4),
        "href": _passage_href(hit.article, hit.start, hit.end),
    }


def _passage_href(article_id: str, start: int, end: int) -> str:
    return f"/articles/{article_id}?start={start}&end={end}#passage"


def add_newsroom(app: FastAPI, room: Newsroom) -> None:
    """Register the newsroom's pages and its ``/api/v1`` routes on ``app``."""
    api = APIRouter(prefix="/api/v1", tags=["newsroom"])

    # -- stories ---------------------------------------------------------------------------------------

    @api.get("/stories", summary="Stories, newest or most active first, filtered and paginated")
    def api_stories(asked: Annotated[Listing, Depends(listing_asked)]) -> dict[str, Any]:
        listing = asked.run(room.store)
        return {
            "stories": [_story_json(story) for story in listing.stories],
            "page": listing.page,
            "per_page": listing.per_page,
            "total": listing.total,
            "pages": listing.pages,
        }

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(asked: Annotated[Listing, Depends(listing_asked)]) -> Response:
        listing = asked.run(room.store)
        for story in listing.stories:
            story["spark"] = sparkline(story["days"])
            story["span"] = _span(story["first"], story["last"])
        query = asked.query()
        return room.render(
            "stories.html",
            title="Stories",
            listing=listing,
            links=page_links("/", query, listing.page, listing.pages),
            filters=query,
            outlets=browse.outlets(room.store),
            sorts=browse.SORTS,
        )

    def _summary_or_none(story_id: str) -> dict[str, Any] | None:
        return browse.story_summary(room.store, story_id) if len(story_id) <= 20 else None

    @api.get("/stories/{story_id}", summary="A story with its brief (storyline.brief/3 JSON); ETag")
    def api_story(story_id: str, request: Request) -> Response:
        summary = _summary_or_none(story_id)
        if summary is None:
            return _json_error(404, f"no story {story_id!r}")
        etag = _etag(story_id, summary["updated"], "json")
        if _not_modified(request, etag):
            return Response(status_code=304, headers={"ETag": etag})
        body = room.views.get_or_make(
            (story_id, summary["updated"], "json"), lambda: room.story_json(story_id, summary)
        )
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        return Response(body, media_type="application/json", headers=headers)

    @api.get("/stories/{story_id}/brief.{fmt}", summary="A story's brief as html, md or json; ETag")
    def api_story_brief(story_id: str, fmt: Literal["html", "md", "json"], request: Request) -> Response:
        from storyline.render import render

        summary = _summary_or_none(story_id)
        if summary is None:
            return _json_error(404, f"no story {story_id!r}")
        etag = _etag(story_id, summary["updated"], fmt)
        if _not_modified(request, etag):
            return Response(status_code=304, headers={"ETag": etag})
        story = room.story(story_id, summary["updated"])
        if story.brief is None:
            return _json_error(404, f"story {story_id!r} has no brief")
        media = {
            "html": "text/html; charset=utf-8",
            "md": "text/markdown; charset=utf-8",
            "json": "application/json",
        }[fmt]
        brief = story.brief
        text = room.views.get_or_make(
            (story_id, summary["updated"], "file", fmt),
            lambda: render(brief, fmt),  # type: ignore[arg-type]
        )
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if fmt == "html":  # the standalone page's own policy: no scripts, inline styles only
            headers["Content-Security-Policy"] = (
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
            )
        return Response(text, media_type=media, headers=headers)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str, request: Request, speaker: Text = None) -> Response:
        summary = _summary_or_none(story_id)
        if summary is None:
            return room.error_page(404, f"There is no story {story_id}.")
        view = room.story_view(story_id, summary["updated"], speaker or "")
        if view is None:
            return room.error_page(404, f"Story {story_id} has no brief yet.")
        positions = browse.member_positions(room.store, story_id)
        seen = read_seen(request.cookies.get(SEEN_COOKIE))
        since = seen.get(story_id)
        new_ids = {
            article for article, position in positions.items() if since is not None and position > since
        }
        nonce = secrets.token_urlsafe(12)
        response = room.render(
            "story.html",
            style_nonce=nonce,
            title=view.title or story_id,
            story=summary,
            span=_span(summary["first"], summary["last"]),
            sections=view.sections,
            continued=view.continued,
            first_visit=since is None,
            new_articles=[
                view.lines[article] for article in positions if article in new_ids and article in view.lines
            ],
            new_quotes=[line for carried, line in view.quotes if new_ids & carried],
        )
        newest = max(positions.values(), default=since or 0)
        response.set_cookie(
            SEEN_COOKIE,
            write_seen(seen, story_id, newest),
            max_age=SEEN_MAX_AGE,
            httponly=True,
            samesite="lax",
            path="/",
        )
        return response

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(
        article_id: str,
        start: Annotated[int | None, Query(ge=0)] = None,
        end: Annotated[int | None, Query(ge=0)] = None,
    ) -> Response:
        found = room.store.load_articles([article_id]) if len(article_id) <= 64 else []
        if not found:
            return room.error_page(404, f"There is no article {article_id}.")
        article = found[0]
        story_id = browse.stories_of_articles(room.store, [article.id]).get(article.id)
        text = article.text
        if start is not None and end is not None and 0 <= start < end <= len(text):
            marked = Markup(
                f'{escape(text[:start])}<mark id="passage" class="passage">{escape(text[start:end])}</mark>'
                f"{escape(text[end:])}"
            )
        else:
            marked = Markup(escape(text))
        story = browse.story_titles(room.store, [story_id]).get(story_id) if story_id else None
        return room.render(
            "article.html",
            title=article.title or article.id,
            article=_article_line(article),
            text=marked,
            story=story,
        )

    # -- search ----------------------------------------------------------------------------------------

    def _search(q: str, kind: str | None, page: int, per_page: int) -> tuple[list[search.SearchHit], int]:
        kinds = [kind] if kind else None
        return browse.search_passages(
            room.store, q, kinds=kinds, limit=per_page, offset=(page - 1) * per_page
        )

    @api.get("/search", summary="Full-text search over articles, quotes and claims, grouped by story")
    def api_search(q: Q = "", kind: Kind = None, page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
        hits, total = _search(q, kind, page, per_page) if q.strip() else ([], 0)
        story_of = browse.stories_of_articles(room.store, sorted({hit.article for hit in hits}))
        titles = browse.story_titles(room.store, story_of.values())
        groups = group_hits(hits, story_of, per_story=per_page)
        return {
            "query": q,
            "total": total,
            "page": page,
            "per_page": per_page,
            "stories": [
                {
                    "story": titles.get(group["story"]) if group["story"] else None,
                    "hits": [_hit_json(hit, story_of) for hit in group["hits"]],
                }
                for group in groups
            ],
        }

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: Q = "", kind: Kind = None, page: Page = 1) -> Response:
        per_page = 50
        hits, total = _search(q, kind, page, per_page) if q.strip() else ([], 0)
        story_of = browse.stories_of_articles(room.store, sorted({hit.article for hit in hits}))
        titles = browse.story_titles(room.store, story_of.values())
        outlets = {
            article.id: article for article in room.store.load_articles(sorted({h.article for h in hits}))
        }
        groups = []
        for group in group_hits(hits, story_of, per_story=8):
            groups.append(
                {
                    "story": titles.get(group["story"]) if group["story"] else None,
                    "more": group["more"],
                    "hits": [
                        {
                            "kind": hit.kind,
                            "speaker": hit.speaker,
                            "text": highlight(hit.text, q),
                            "href": _passage_href(hit.article, hit.start, hit.end),
                            "article": _article_line(outlets[hit.article])
                            if hit.article in outlets
                            else None,
                        }
                        for hit in group["hits"]
                    ],
                }
            )
        pages = max(1, -(-total // per_page))
        return room.render(
            "search.html",
            title=f"Search: {q}" if q else "Search",
            q=q,
            kind=kind,
            total=total,
            groups=groups,
            links=page_links("/search", {"q": q, "kind": kind}, page, pages) if total else [],
        )

    # -- entities --------------------------------------------------------------------------------------

    def _profile(name: str) -> browse.EntityProfile | None:
        return (
            browse.entity_profile(room.store, name) if name.strip() and len(name) <= MAX_NAME_CHARS else None
        )

    @api.get("/entities/{name}", summary="A person or organisation: its quotes across stories, its stories")
    def api_entity(name: str) -> Response:
        profile = _profile(name)
        if profile is None:
            return _json_error(404, f"no person or organisation named {name[:MAX_NAME_CHARS]!r} in the store")
        return JSONResponse(
            {
                "query": profile.query,
                "names": profile.names,
                "quotes": [
                    {**quote, "href": _passage_href(quote["article"], quote["start"] or 0, quote["end"] or 0)}
                    for quote in profile.quotes
                ],
                "total_quotes": profile.total_quotes,
                "stories": profile.stories,
            }
        )

    @app.get("/entities/{name}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(name: str) -> Response:
        profile = _profile(name)
        if profile is None:
            return room.error_page(
                404, f"No person or organisation named “{name[:MAX_NAME_CHARS]}” is in the store."
            )
        quotes = [
            {
                **quote,
                "date": format_date(quote["published"]) if quote["published"] else None,
                "href": _passage_href(quote["article"], quote["start"] or 0, quote["end"] or 0),
            }
            for quote in profile.quotes
        ]
        return room.render(
            "entity.html",
            title=profile.names[0]["name"] if profile.names else name,
            profile=profile,
            quotes=quotes,
        )

    # -- adding articles -------------------------------------------------------------------------------

    async def _added(documents: list[RawDocument], problems: list[Problem]) -> Added:
        return await asyncio.to_thread(room.add, documents, problems)

    @api.post("/articles", summary="Add articles: they are analysed, grouped into stories and indexed")
    async def api_add(request: Request) -> Response:
        from storyline.server.app import ArticlesRequest, read_json_body

        refused = write_refusal(request, room.token)
        if refused:
            return _json_error(*refused)
        payload = await read_json_body(
            request, room.max_body_bytes, max_articles=room.max_articles, model=ArticlesRequest
        )
        if isinstance(payload, Response):
            return payload
        documents, problems = _documents_from_records(
            [article.model_dump(exclude_none=True) for article in payload.articles], room.settings
        )
        added = await _added(documents, problems)
        return JSONResponse(_added_json(added), status_code=200 if added.update.articles else 422)

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page() -> Response:
        return room.render(
            "add.html",
            title="Add articles",
            result=None,
            max_articles=room.max_articles,
            max_bytes=room.max_body_bytes,
        )

    @app.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add_form(request: Request) -> Response:
        declared = request.headers.get("content-length")
        if declared is None or not declared.isdigit():
            return room.error_page(411, "The upload needs a Content-Length.")
        if int(declared) > room.max_body_bytes:
            return room.error_page(413, f"The upload is over the limit of {room.max_body_bytes:,} bytes.")
        try:
            form = await request.form(
                max_files=room.max_articles, max_fields=20, max_part_size=room.max_body_bytes
            )
        except Exception as error:  # a malformed multipart body: one line, not a traceback
            return room.error_page(400, f"The form could not be read ({type(error).__name__}).")
        token_field = form.get("token")
        refused = write_refusal(request, room.token, token_field if isinstance(token_field, str) else None)
        if refused:
            return room.error_page(*refused)
        documents: list[RawDocument] = []
        problems: list[Problem] = []
        text = form.get("text")
        if isinstance(text, str) and text.strip():
            record = {key: form.get(key) for key in ("url", "title", "outlet", "published")}
            record = {
                key: value.strip()
                for key, value in record.items()
                if isinstance(value, str) and value.strip()
            }
            found, lost = _documents_from_records([{**record, "text": text}], room.settings, prefix="pasted")
            documents += found
            problems += lost
        for upload in form.getlist("files"):
            if isinstance(upload, str) or not upload.filename:
                continue
            data = await upload.read()
            for item in read_upload(upload.filename, data, room.settings):
                (problems if isinstance(item, Problem) else documents).append(item)  # type: ignore[arg-type]
        if len(documents) > room.max_articles:
            return room.error_page(413, f"Too many articles: {len(documents)} (at most {room.max_articles}).")
        if not documents and not problems:
            return room.error_page(400, "Paste an article's text or choose files to upload.")
        added = await _added(documents, problems)
        result = _added_json(added)
        return room.render(
            "add.html",
            title="Articles added",
            result=result,
            max_articles=room.max_articles,
            max_bytes=room.max_body_bytes,
            status=200 if added.update.articles else 422,
        )

    app.include_router(api)


def _documents_from_records(
    records: Sequence[Mapping[str, object]], settings: Settings, prefix: str = "input"
) -> tuple[list[RawDocument], list[Problem]]:
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    for index, record in enumerate(records):
        item = document_from_record(dict(record), f"{prefix}:{index}", settings)
        (problems if isinstance(item, Problem) else documents).append(item)  # type: ignore[arg-type]
    return documents, problems


def _added_json(added: Added) -> dict[str, Any]:
    created = set(added.update.created)
    articles = []
    for article_id in dict.fromkeys(added.update.articles):
        article = added.sources.get(article_id)
        story = added.story_of.get(article_id)
        articles.append(
            {
                "id": article_id,
                "source": article.source if article else None,
                "title": article.title if article else None,
                "outlet": article.outlet if article else None,
                "published": article.published if article else None,
                "story": story,
                "story_title": (added.titles.get(story) or {}).get("title") if story else None,
                "new_story": story in created,
            }
        )
    return {
        "articles": articles,
        "skipped": [
            {"source": problem.source, "reason": problem.reason}
            for problem in added.update.problems
            if problem.layer is None
        ],
        "stories": sorted(
            {item["story"] for item in articles if item["story"]},
            key=lambda sid: int(sid[1:]) if sid[1:].isdigit() else 0,
        ),
        "created": sorted(created),
        "already_grouped": added.update.already_grouped,
    }


def _article_line(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title or "(untitled)",
        "outlet": article.outlet or "unknown outlet",
        "published": format_date(article.published) if article.published else None,
        "iso": article.published,
        "source": shown_source(article.source),
    }


def shown_source(source: str) -> str:
    """A source as the newsroom shows it: a web address whole, a file by its name only — the folders it
    was read from on the server are no business of a visitor's."""
    if is_web_url(source):
        return source
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


def _span(first: str | None, last: str | None) -> str | None:
    if not first:
        return None
    start, end = format_date(first[:10]), format_date((last or first)[:10])
    return start if start == end else f"{start} – {end}"
