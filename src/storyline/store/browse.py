"""What the newsroom reads from a store: story listings with filters, a story's members, who said what.

Why a module of its own: these are read models — queries shaped for pages and the HTTP API — over tables
the pipeline writes. The one table it fills, ``entity_mentions`` (which article names which person or
organisation, and how often; created with the store's schema in ``store.duckdb``, which drops an
article's rows when it is replaced), is derived from the articles' JSON records like the search index
(``store.search``) and refreshed with it by ``refresh_indexes``: the analysis never has to know a
newsroom exists, and an archive loaded from Parquet parts is indexed on first use.

Every query takes its values as parameters, never formatted into SQL; table names are fixed strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import pyarrow as pa

from storyline.grammar.names import fold
from storyline.model import Article
from storyline.store import search
from storyline.store.duckdb import Store

StorySort = Literal["newest", "active", "largest"]
SORTS: tuple[StorySort, ...] = ("newest", "active", "largest")
#: "most active" counts the articles of the last week up to the newest article in the store (an archive's
#: "now" is its newest day, not today's date)
ACTIVE_DAYS = 7
ENTITY_LABELS = ("PERSON", "ORG", "NORP", "GPE")

_ENTITY_SCHEMA = pa.schema(
    [
        ("article", pa.string()),
        ("entity", pa.string()),
        ("key", pa.string()),
        ("name", pa.string()),
        ("label", pa.string()),
        ("mentions", pa.int32()),
    ]
)
_STORY_COLUMNS = ("id", "topic", "title", "articles", "outlets", "first", "last", "undated", "updated")


@dataclass(frozen=True)
class StoryFilter:
    """What a story listing is narrowed to. Dates are ISO days; a story matches when its span of
    publication dates overlaps ``start``–``end`` (undated stories match no date filter)."""

    start: str | None = None
    end: str | None = None
    outlet: str | None = None
    entity: str | None = None


@dataclass
class StoryPage:
    """One page of a story listing, with the total so pages can be numbered."""

    stories: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class EntityProfile:
    """A person or organisation across stories: the names it goes by, its quotes, its stories."""

    query: str
    names: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    stories: list[dict[str, Any]]
    total_quotes: int
    keys: list[str] = field(default_factory=list)


# -- the derived tables --------------------------------------------------------------------------------


def _entity_rows(articles: Iterable[Article]) -> pa.Table:
    rows = [
        (article.id, entity.id, entity.key, entity.name, entity.label, len(entity.mentions))
        for article in articles
        for entity in article.entities
        if entity.key
    ]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in _ENTITY_SCHEMA]
    arrays = [pa.array(column, type=item.type) for column, item in zip(columns, _ENTITY_SCHEMA, strict=True)]
    return pa.Table.from_arrays(arrays, schema=_ENTITY_SCHEMA)


def _index_entities(con: duckdb.DuckDBPyConnection, articles: Sequence[Article]) -> None:
    ids = [article.id for article in articles]
    con.execute("DELETE FROM entity_mentions WHERE article IN (SELECT unnest(?))", [ids])
    table = _entity_rows(articles)
    if table.num_rows:
        con.register("new_entity_mentions", table)
        try:
            con.execute("INSERT INTO entity_mentions SELECT * FROM new_entity_mentions")
        finally:
            con.unregister("new_entity_mentions")


def refresh_indexes(store: Store, batch: int = 200) -> int:
    """Index every article not yet in the search index and the entity table; return how many.

    Each batch is one transaction, so a reader sees an article fully indexed or not at all.
    """
    done = 0
    while True:
        with store.reading() as con:
            ids = search.unindexed_ids(con, limit=batch)
        if not ids:
            return done
        articles = store.load_articles(ids)
        with store.writing() as con:
            search.index_articles(con, articles)
            _index_entities(con, articles)
            # an id whose record vanished meanwhile must not be retried for ever
            missing = sorted(set(ids) - {article.id for article in articles})
            if missing:
                search.forget_articles(con, missing)
        done += len(articles)
        if len(ids) < batch:
            return done


# -- stories -------------------------------------------------------------------------------------------


def entity_keys(name: str) -> list[str]:
    """The cross-article keys a typed name may have: a person's folded surname, or the folded name
    (without a leading "the") of an organisation or place; see ``analyse.entities.entity_key``."""
    from storyline.analyse.entities import entity_key

    keys = {entity_key(name, "PERSON"), entity_key(name, "ORG"), fold(name)}
    return sorted(key for key in keys if key)


def _filter_sql(filters: StoryFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    values: list[Any] = []
    if filters.start:
        clauses.append("s.last IS NOT NULL AND substr(s.last, 1, 10) >= ?")
        values.append(filters.start[:10])
    if filters.end:
        clauses.append("s.first IS NOT NULL AND substr(s.first, 1, 10) <= ?")
        values.append(filters.end[:10])
    if filters.outlet:
        clauses.append("list_contains(s.outlets, ?)")
        values.append(filters.outlet)
    if filters.entity:
        clauses.append(
            "s.id IN (SELECT sa.story FROM story_articles sa JOIN entity_mentions em "
            "ON em.article = sa.article WHERE em.key IN (SELECT unnest(?)))"
        )
        values.append(entity_keys(filters.entity))
    return (" WHERE " + " AND ".join(f"({clause})" for clause in clauses)) if clauses else "", values


def list_stories(
    store: Store,
    filters: StoryFilter | None = None,
    *,
    sort: StorySort = "newest",
    page: int = 1,
    per_page: int = 20,
) -> StoryPage:
    """One page of stories with their articles-per-day counts (``days``, for a sparkline).

    ``newest``: by the latest publication date; ``active``: by articles in the last ``ACTIVE_DAYS`` days
    up to the store's newest article; ``largest``: by article count. Ties go to the lower story number.
    """
    where, values = _filter_sql(filters or StoryFilter())
    order = {
        "newest": "s.last DESC NULLS LAST",
        "active": "recent DESC, s.last DESC NULLS LAST",
        "largest": "s.articles DESC, s.last DESC NULLS LAST",
    }[sort]
    columns = ", ".join(f"s.{name}" for name in _STORY_COLUMNS)
    recent = (
        "(SELECT count(*) FROM story_articles sa JOIN articles a ON a.id = sa.article "
        "WHERE sa.story = s.id AND a.published IS NOT NULL AND CAST(substr(a.published, 1, 10) AS DATE) > "
        f"(SELECT max(CAST(substr(published, 1, 10) AS DATE)) FROM articles) - INTERVAL {ACTIVE_DAYS} DAY)"
        if sort == "active"
        else "0"
    )
    offset = (max(page, 1) - 1) * per_page
    with store.reading() as con:
        counted = con.execute(f"SELECT count(*) FROM stories s{where}", values).fetchone()
        rows = con.execute(
            f"SELECT {columns}, {recent} AS recent FROM stories s{where} "
            f"ORDER BY {order}, CAST(substr(s.id, 2) AS INTEGER) LIMIT ? OFFSET ?",
            [*values, per_page, offset],
        ).fetchall()
        stories = [dict(zip((*_STORY_COLUMNS, "recent"), row, strict=True)) for row in rows]
        days = _days(con, [story["id"] for story in stories])
    for story in stories:
        story["outlets"] = list(story["outlets"] or [])
        story["days"] = days.get(story["id"], [])
    return StoryPage(stories, int(counted[0]) if counted else 0, max(page, 1), per_page)


def _days(con: duckdb.DuckDBPyConnection, story_ids: list[str]) -> dict[str, list[tuple[str, int]]]:
    """Articles per publication day of each story, oldest day first (undated articles left out)."""
    if not story_ids:
        return {}
    rows = con.execute(
        "SELECT sa.story, substr(a.published, 1, 10) AS day, count(*) FROM story_articles sa "
        "JOIN articles a ON a.id = sa.article WHERE sa.story IN (SELECT unnest(?)) "
        "AND a.published IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
        [story_ids],
    ).fetchall()
    days: dict[str, list[tuple[str, int]]] = {}
    for story, day, count in rows:
        days.setdefault(story, []).append((day, int(count)))
    return days


def story_summary(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story's listing columns and the ``position`` of its newest member (what a visit has seen)."""
    columns = ", ".join(f"s.{name}" for name in _STORY_COLUMNS)
    with store.reading() as con:
        row = con.execute(
            f"SELECT {columns}, (SELECT max(position) FROM story_articles WHERE story = s.id) "
            "FROM stories s WHERE s.id = ?",
            [story_id],
        ).fetchone()
    if row is None:
        return None
    story = dict(zip((*_STORY_COLUMNS, "position"), row, strict=True))
    story["outlets"] = list(story["outlets"] or [])
    return story


def member_positions(store: Store, story_id: str) -> dict[str, int]:
    """Each member article of a story and its place in the order articles joined stories (store-wide,
    increasing), so "new since the last visit" is a comparison with the position seen then."""
    with store.reading() as con:
        rows = con.execute(
            "SELECT article, position FROM story_articles WHERE story = ? ORDER BY position", [story_id]
        ).fetchall()
    return {row[0]: int(row[1]) for row in rows}


def outlets(store: Store, limit: int = 200) -> list[tuple[str, int]]:
    """The outlets of the stored stories with how many stories each is in, most first."""
    with store.reading() as con:
        rows = con.execute(
            "SELECT outlet, count(*) FROM (SELECT unnest(outlets) AS outlet FROM stories) "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
            [limit],
        ).fetchall()
    return [(row[0], int(row[1])) for row in rows]


def stories_of_articles(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """The story each of ``article_ids`` belongs to (ids in no story are left out)."""
    if not article_ids:
        return {}
    with store.reading() as con:
        rows = con.execute(
            "SELECT article, story FROM story_articles WHERE article IN (SELECT unnest(?))",
            [list(article_ids)],
        ).fetchall()
    return {row[0]: row[1] for row in rows}


def story_titles(store: Store, story_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Id, title, size and dates of each of ``story_ids`` (unknown ids left out)."""
    wanted = sorted(set(story_ids))
    if not wanted:
        return {}
    with store.reading() as con:
        rows = con.execute(
            "SELECT id, title, articles, first, last FROM stories WHERE id IN (SELECT unnest(?))", [wanted]
        ).fetchall()
    return {
        row[0]: {"id": row[0], "title": row[1], "articles": int(row[2] or 0), "first": row[3], "last": row[4]}
        for row in rows
    }


def search_passages(
    store: Store, query: str, *, kinds: Sequence[str] | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[search.SearchHit], int]:
    """A page of full-text hits for ``query`` and the total (``store.search.search`` on a cursor)."""
    with store.reading() as con:
        return search.search(con, query, kinds=kinds, limit=limit, offset=offset)


# -- entities ------------------------------------------------------------------------------------------


def entity_profile(store: Store, name: str, *, limit: int = 200) -> EntityProfile | None:
    """Everything stored about the person or organisation ``name``: the quotes attributed to it (newest
    first, at most ``limit``) with outlet, date and story, and the stories that mention it.

    A name of several words matches entities of exactly that name (folded: accents and case ignored),
    so "Hillary Clinton" is not "Bill Clinton"; if there is none, or for one word ("Clinton"), every
    entity of its key matches and ``names`` lists the full names found, for the reader to narrow down.
    None when nothing matches.
    """
    folded = fold(name)
    keys = entity_keys(name)
    with store.reading() as con:
        matches = con.execute(
            "SELECT article, entity, key, name, label, mentions FROM entity_mentions "
            "WHERE key IN (SELECT unnest(?))",
            [keys],
        ).fetchall()
        if len(folded.split()) > 1:
            exact = [row for row in matches if fold(row[3]) == folded]
            matches = exact or matches
        if not matches:
            return None
        # the match as SQL: these keys, and of them only these names
        match = "FROM entity_mentions m WHERE m.key IN (SELECT unnest(?)) AND m.name IN (SELECT unnest(?))"
        chosen = [sorted({row[2] for row in matches}), sorted({row[3] for row in matches})]
        joined = (
            "FROM quotes q JOIN (SELECT DISTINCT m.article, m.entity " + match + ") e "
            "ON e.article = q.article AND e.entity = q.speaker_entity"
        )
        counted = con.execute(f"SELECT count(*) {joined}", chosen).fetchone()
        quote_rows = con.execute(
            'SELECT q.article, q.position, q.kind, q.speaker, q.content, q.start, q."end", a.outlet, '
            f"a.published, a.title, sa.story {joined} JOIN articles a ON a.id = q.article "
            "LEFT JOIN story_articles sa ON sa.article = q.article "
            "ORDER BY a.published DESC NULLS LAST, q.article, q.position LIMIT ?",
            [*chosen, limit],
        ).fetchall()
        story_rows = con.execute(
            "SELECT sa.story, count(DISTINCT m.article) FROM story_articles sa JOIN entity_mentions m "
            "ON sa.article = m.article WHERE m.key IN (SELECT unnest(?)) AND m.name IN (SELECT unnest(?)) "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            chosen,
        ).fetchall()
    names: dict[tuple[str, str], dict[str, Any]] = {}
    for _, _, key, entity_name, label, mentions in matches:
        item = names.setdefault(
            (entity_name, label),
            {"name": entity_name, "label": label, "key": key, "articles": 0, "mentions": 0},
        )
        item["articles"] += 1
        item["mentions"] += int(mentions or 0)
    quote_names = (
        "article",
        "position",
        "kind",
        "speaker",
        "content",
        "start",
        "end",
        "outlet",
        "published",
        "title",
        "story",
    )
    titles = story_titles(store, [row[0] for row in story_rows] + [row[10] for row in quote_rows if row[10]])
    quotes = [dict(zip(quote_names, row, strict=True)) for row in quote_rows]
    for quote in quotes:
        quote["story_title"] = (titles.get(quote["story"]) or {}).get("title")
    stories = [
        {**titles.get(row[0], {"id": row[0], "title": None}), "mentioning": int(row[1])} for row in story_rows
    ]
    return EntityProfile(
        query=name,
        names=sorted(names.values(), key=lambda item: (-item["mentions"], item["name"])),
        quotes=quotes,
        stories=stories,
        total_quotes=int(counted[0]) if counted else 0,
        keys=keys,
    )
