"""DuckDB persistence of articles (with every analysis layer) and briefs.

Why DuckDB: one file, no server, SQL for ad-hoc questions ("which outlets quote this minister?") and
Parquet export for anything bigger. Each article is kept twice on purpose: as its full JSON record
(``Article.to_dict()``), which is the lossless source of truth that ``load_articles`` rebuilds from, and as
flat columns plus ``quotes``/``claims`` rows, which exist only so people can query them with SQL. The flat
rows are rewritten from the record on every save, so they can never drift from it.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import duckdb

from storyline.model import Article, Brief, Quote, Story

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    source VARCHAR,
    outlet VARCHAR,
    title VARCHAR,
    published VARCHAR,
    published_from VARCHAR,
    lang VARCHAR,
    duplicate_of VARCHAR,
    text VARCHAR,
    record JSON
);
CREATE TABLE IF NOT EXISTS quotes (
    article VARCHAR,
    position INTEGER,
    kind VARCHAR,
    speaker VARCHAR,
    speaker_entity VARCHAR,
    content VARCHAR,
    cue VARCHAR,
    start INTEGER,
    "end" INTEGER,
    also_in VARCHAR[],
    confidence DOUBLE
);
CREATE TABLE IF NOT EXISTS claims (
    article VARCHAR,
    position INTEGER,
    value DOUBLE,
    unit VARCHAR,
    what VARCHAR,
    qualifier VARCHAR,
    source VARCHAR,
    date VARCHAR,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER
);
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY,
    topic VARCHAR,
    title VARCHAR,
    first VARCHAR,
    last VARCHAR,
    articles INTEGER,
    outlets VARCHAR[],
    undated INTEGER,
    updated VARCHAR,
    record JSON
);
CREATE TABLE IF NOT EXISTS story_articles (
    article VARCHAR PRIMARY KEY,
    story VARCHAR,
    topic VARCHAR,
    how VARCHAR,
    score DOUBLE,
    position BIGINT
);
CREATE TABLE IF NOT EXISTS grouping_state (
    name VARCHAR PRIMARY KEY,
    record JSON
);
CREATE TABLE IF NOT EXISTS briefs (
    id VARCHAR PRIMARY KEY,
    name VARCHAR,
    created TIMESTAMP,
    record JSON
);
"""

# Joins the parts of a mixed quote ("...," she said, "...") in the flat ``content`` column.
CONTENT_JOINER = " … "


def _quote_row(article_id: str, position: int, quote: Quote) -> tuple[Any, ...]:
    starts = [span.start for span in quote.content]
    ends = [span.end for span in quote.content]
    return (
        article_id,
        position,
        quote.kind,
        quote.speaker.name,
        quote.speaker.entity,
        CONTENT_JOINER.join(span.text for span in quote.content),
        quote.cue.text if quote.cue else None,
        min(starts) if starts else None,
        max(ends) if ends else None,
        list(quote.also_in),
        quote.confidence,
    )


class StoreError(ValueError):
    """The store file cannot be opened (not a DuckDB file, a folder, locked, unreadable): one line."""


class Store:
    """One DuckDB file holding articles, their quotes and claims, and saved briefs.

    A single connection is shared by the methods and guarded by a lock, because a DuckDB connection
    must not be used from two threads at once (the server may call the store from a thread pool).
    Opening the same path twice in one process shares DuckDB's database instance, so both see each
    other's committed writes.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(self.path)
            self._con.execute(_SCHEMA)
        except (duckdb.Error, OSError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise StoreError(f"{self.path}: not a usable storyline store ({reason})") from None

    # -- plumbing ---------------------------------------------------------------------------------

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection, for ad-hoc SQL over the tables."""
        if self._con is None:
            raise RuntimeError("store is closed")
        return self._con

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block atomically: a crash half-way through a save leaves the previous state intact."""
        with self._lock:
            con = self.connection
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- articles ---------------------------------------------------------------------------------

    def save_articles(self, articles: Iterable[Article]) -> None:
        """Insert or replace ``articles`` by id, rewriting their quote and claim rows."""
        latest = {article.id: article for article in articles}  # last one wins within a batch too
        if not latest:
            return
        ids = list(latest)
        article_rows = [
            (
                a.id,
                a.source,
                a.outlet,
                a.title,
                a.published,
                a.published_from,
                a.lang,
                a.duplicate_of,
                a.text,
                json.dumps(a.to_dict(), ensure_ascii=False),
            )
            for a in latest.values()
        ]
        quote_rows = [
            _quote_row(a.id, position, quote)
            for a in latest.values()
            for position, quote in enumerate(a.quotes)
        ]
        claim_rows = [
            (
                a.id,
                position,
                c.value,
                c.unit,
                c.measure,  # what is counted with its tally ("people killed in total"), as SQL users read it
                c.qualifier,
                c.source,
                c.date,
                c.text,
                c.span.start,
                c.span.end,
            )
            for a in latest.values()
            for position, c in enumerate(a.claims)
        ]
        with self._transaction() as con:
            for table, column in (("articles", "id"), ("quotes", "article"), ("claims", "article")):
                con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))", [ids])
            con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
            if quote_rows:
                con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", quote_rows)
            if claim_rows:
                con.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claim_rows)

    def load_articles(self, ids: list[str] | None = None) -> list[Article]:
        """Articles rebuilt losslessly from their JSON records; all of them (by id) or those in ``ids``.

        With ``ids`` the result follows the order of ``ids``; unknown ids are skipped.
        """
        with self._lock:
            if ids is None:
                rows = self.connection.execute("SELECT id, record FROM articles ORDER BY id").fetchall()
            else:
                rows = self.connection.execute(
                    "SELECT id, record FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
                ).fetchall()
        records = {row[0]: Article.from_dict(json.loads(row[1])) for row in rows}
        order = list(records) if ids is None else [i for i in dict.fromkeys(ids) if i in records]
        return [records[i] for i in order]

    # -- briefs -----------------------------------------------------------------------------------

    def save_brief(self, brief: Brief, *, name: str) -> str:
        """Store ``brief`` (its public JSON, ``Brief.to_dict()``) under a new id, which is returned."""
        brief_id = uuid.uuid4().hex[:16]
        created = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC
        record = json.dumps(brief.to_dict(), ensure_ascii=False)
        with self._transaction() as con:
            con.execute("INSERT INTO briefs VALUES (?, ?, ?, ?)", [brief_id, name, created, record])
        return brief_id

    def load_brief(self, brief_id: str) -> Brief:
        """The brief saved as ``brief_id``; a KeyError if there is none."""
        return Brief.from_dict(self._record("briefs", brief_id))

    def list_briefs(self) -> list[dict[str, Any]]:
        """Saved briefs, oldest first: id, name, created (ISO, UTC) and how many articles each cites."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT id, name, created, json_array_length(record -> '$.articles') "
                "FROM briefs ORDER BY created, id"
            ).fetchall()
        return [
            {"id": row[0], "name": row[1], "created": row[2].isoformat() + "Z", "articles": int(row[3] or 0)}
            for row in rows
        ]

    # -- stories ----------------------------------------------------------------------------------

    def grouped(self, article_ids: Iterable[str]) -> set[str]:
        """Which of ``article_ids`` already belong to a story (a rerun must not add them twice)."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return set()
        with self._lock:
            rows = self.connection.execute(
                "SELECT article FROM story_articles WHERE article IN (SELECT unnest(?))", [ids]
            ).fetchall()
        return {row[0] for row in rows}

    def story_members(self, story_id: str) -> list[str]:
        """The article ids of one story, in the order they joined it."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT article FROM story_articles WHERE story = ? ORDER BY position", [story_id]
            ).fetchall()
        return [row[0] for row in rows]

    def load_grouping_state(self, name: str = "stories") -> dict[str, Any] | None:
        """The grouper's saved state (active stories, term frequencies), or None before the first batch."""
        with self._lock:
            query = "SELECT record FROM grouping_state WHERE name = ?"
            row = self.connection.execute(query, [name]).fetchone()
        return json.loads(row[0]) if row else None

    def save_grouping(
        self,
        members: Sequence[tuple[str, str, str, str, float]],
        state: dict[str, Any],
        stories: list[Story],
        *,
        name: str = "stories",
    ) -> None:
        """Record one batch atomically: new members ``(article, story, topic, how, score)``, the grouper's
        state and the stories whose briefs were recomputed. A crash leaves the previous batch intact."""
        with self._transaction() as con:
            start = con.execute("SELECT coalesce(max(position), -1) + 1 FROM story_articles").fetchone()
            offset = int(start[0]) if start else 0
            if members:
                con.executemany(
                    "INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?, ?, ?, ?)",
                    [(*member, offset + index) for index, member in enumerate(members)],
                )
            con.execute(
                "INSERT OR REPLACE INTO grouping_state VALUES (?, ?)", [name, json.dumps(state)]
            )
            for story in stories:
                con.execute("DELETE FROM stories WHERE id = ?", [story.id])
                con.execute(
                    "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        story.id,
                        story.topic,
                        story.title,
                        story.first,
                        story.last,
                        len(story.articles),
                        list(story.outlets),
                        story.undated,
                        story.updated,
                        json.dumps(story.to_dict(), ensure_ascii=False),
                    ],
                )

    def load_story(self, story_id: str) -> Story:
        """The story saved as ``story_id`` with its brief; a KeyError if there is none."""
        return Story.from_dict(self._record("stories", story_id))

    def _record(self, table: Literal["briefs", "stories"], record_id: str) -> dict[str, Any]:
        """The JSON ``record`` column of ``table``'s row ``record_id`` (a fixed table name, never input)."""
        with self._lock:
            query = f"SELECT record FROM {table} WHERE id = ?"
            row = self.connection.execute(query, [record_id]).fetchone()
        if row is None:
            raise KeyError(record_id)
        return dict(json.loads(row[0]))

    def list_stories(self) -> list[dict[str, Any]]:
        """Every story without its brief (the listing's columns), most recently active first."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT id, topic, title, articles, outlets, first, last, undated, updated FROM stories "
                "ORDER BY last DESC NULLS LAST, CAST(substr(id, 2) AS INTEGER)"
            ).fetchall()
        names = ("id", "topic", "title", "articles", "outlets", "first", "last", "undated", "updated")
        return [dict(zip(names, row, strict=True)) for row in rows]

    # -- export -----------------------------------------------------------------------------------

    def export_parquet(self, folder: str | Path) -> list[Path]:
        """Write articles, quotes and claims as flat Parquet files into ``folder``; return their paths.

        The article files leave out the JSON record (it nests every layer, which Parquet readers handle
        poorly); the quotes and claims files carry those layers as rows instead.
        """
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        queries = {
            "articles": "SELECT id, source, outlet, title, published, published_from, lang, duplicate_of, "
            "text FROM articles ORDER BY id",
            "quotes": "SELECT * FROM quotes ORDER BY article, position",
            "claims": "SELECT * FROM claims ORDER BY article, position",
        }
        written: list[Path] = []
        with self._lock:
            for name, query in queries.items():
                path = target / f"{name}.parquet"
                literal = str(path).replace("'", "''")
                self.connection.execute(f"COPY ({query}) TO '{literal}' (FORMAT parquet)")
                written.append(path)
        return written
