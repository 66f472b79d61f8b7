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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from storyline.model import Article, Brief, Quote

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
        self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(self.path)
        self._con.execute(_SCHEMA)

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
        with self._lock:
            row = self.connection.execute("SELECT record FROM briefs WHERE id = ?", [brief_id]).fetchone()
        if row is None:
            raise KeyError(brief_id)
        return Brief.from_dict(json.loads(row[0]))

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
