"""DuckDB persistence of articles (with every analysis layer) and briefs.

Why DuckDB: one file, no server, SQL for ad-hoc questions ("which outlets quote this minister?") and
Parquet export for anything bigger. Each article is kept twice on purpose: as its full JSON record
(``Article.to_dict()``), which is the lossless source of truth that ``load_articles`` rebuilds from, and as
flat columns plus ``quotes``/``claims`` rows, which exist only so people can query them with SQL. The flat
rows are rewritten from the record on every save, so they can never drift from it.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import duckdb

from storyline.model import Article, Brief, Story
from storyline.store.errors import StoreError
from storyline.store.search import SEARCH_SCHEMA, forget_articles
from storyline.store.tables import SCHEMAS, article_tables

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
CREATE TABLE IF NOT EXISTS entity_mentions (
    article VARCHAR,
    entity VARCHAR,
    key VARCHAR,
    name VARCHAR,
    label VARCHAR,
    mentions INTEGER
);
"""




def _forget_derived(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> None:
    """Drop what was derived from these articles' records (search passages, entity rows) before they are
    replaced, so the next ``store.browse.refresh_indexes`` indexes them again from the new records."""
    forget_articles(con, ids)
    con.execute("DELETE FROM entity_mentions WHERE article IN (SELECT unnest(?))", [list(ids)])


def _reason(error: BaseException) -> str:
    """The first line of an error's message (DuckDB's run on with the SQL and a caret), or its type."""
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _parquet_names(folder: Path) -> list[str]:
    """The names of the Parquet files directly in ``folder``, sorted; none if it is not a folder."""
    if not folder.is_dir():
        return []
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".parquet") and path.is_file())


def _glob_literal(path: Path) -> str:
    """``path`` as a DuckDB file pattern matching only itself.

    ``read_parquet`` takes every path as a glob, so a folder named ``run[1]`` would silently read
    ``run1``'s files; a bracket class (``[[]``) matches the character literally. The path goes to DuckDB
    as a query parameter, so quotes in it need no escaping.
    """
    return "".join(f"[{char}]" if char in "*?[" else char for char in str(path.absolute()))


_STAGED = "storyline_import_"  # prefix of the import's temporary tables (fixed names, never input)


def _columns(name: str, prefix: str = "") -> str:
    """The store columns of table ``name``, quoted, in table order (``end`` is an SQL keyword)."""
    return ", ".join(f'{prefix}"{column}"' for column in SCHEMAS[name].names)


def _import_parts(con: duckdb.DuckDBPyConnection, root: Path, files: dict[str, list[Path]]) -> int:
    """The body of ``Store.import_parquet`` inside its transaction: stage, check, replace; the count.

    Every file is read once into a temporary table with the part it came from, so the checks, the
    deletes and the inserts all see the same rows, and a bad part fails before the store is touched.
    """
    for name in SCHEMAS:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_STAGED}{name} AS SELECT {_columns(name)}, "
            "parse_filename(filename, true) AS part FROM read_parquet(?, filename = true)",
            [[_glob_literal(path) for path in files[name]]],
        )
    mismatch = con.execute(
        f"SELECT part, id, json_extract_string(record, '$.id') FROM {_STAGED}articles "
        "WHERE id IS NULL OR json_extract_string(record, '$.id') IS DISTINCT FROM id LIMIT 1"
    ).fetchone()
    if mismatch is not None:
        raise StoreError(
            f"{root}: part {mismatch[0]!r} has article {mismatch[1]!r} with the record of {mismatch[2]!r}"
        )
    for name in ("quotes", "claims"):
        orphan = con.execute(
            f"SELECT r.part, r.article FROM {_STAGED}{name} r WHERE NOT EXISTS (SELECT 1 FROM "
            f"{_STAGED}articles a WHERE a.id = r.article AND a.part = r.part) LIMIT 1"
        ).fetchone()
        if orphan is not None:
            raise StoreError(
                f"{root}: part {orphan[0]!r} has {name} of article {orphan[1]!r}, not in its articles file"
            )
    # Of an article in several parts, the last part (by name) wins, with its own quotes and claims.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_STAGED}chosen AS "
        f"SELECT id, max(part) AS part FROM {_STAGED}articles GROUP BY id"
    )
    replaced = [row[0] for row in con.execute(f"SELECT id FROM {_STAGED}chosen").fetchall()]
    _forget_derived(con, replaced)
    for name, key in (("articles", "id"), ("quotes", "article"), ("claims", "article")):
        con.execute(f"DELETE FROM {name} WHERE {key} IN (SELECT id FROM {_STAGED}chosen)")
        con.execute(
            f"INSERT INTO {name} SELECT {_columns(name, 'r.')} FROM {_STAGED}{name} r "
            f"JOIN {_STAGED}chosen c ON r.{key} = c.id AND r.part = c.part"
        )
    counted = con.execute(f"SELECT count(*) FROM {_STAGED}chosen").fetchone()
    for name in (*SCHEMAS, "chosen"):
        con.execute(f"DROP TABLE {_STAGED}{name}")
    return int(counted[0]) if counted else 0


class Store:
    """One DuckDB file holding articles, their quotes and claims, and saved briefs.

    A single connection is shared by the methods and guarded by a lock, because a DuckDB connection
    must not be used from two threads at once (the server may call the store from a thread pool).
    Opening the same path twice in one process shares DuckDB's database instance, so both see each
    other's committed writes.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, wait_seconds: float = 0.0) -> None:
        """Open (or create) the store at ``path``.

        DuckDB lets one process write a file, or several read it, never both: a store another process
        has open is retried for up to ``wait_seconds`` (an ingest holds it only while it loads its parts,
        so readers and a second writer wait seconds, not the whole analysis), then it is a StoreError
        naming the process that holds it. ``read_only`` opens an existing store without creating tables.
        """
        self.path = str(path)
        if self.path != ":memory:" and not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        if read_only and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such store")
        deadline = time.monotonic() + max(0.0, wait_seconds)
        while True:
            try:
                self._con = duckdb.connect(self.path, read_only=read_only)
                if not read_only:
                    self._con.execute(_SCHEMA + SEARCH_SCHEMA)
                return
            except (duckdb.Error, OSError) as error:
                reason = _reason(error)
                locked = "Could not set lock" in reason
                if locked and time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                if locked:
                    holder = re.search(r"\(PID (\d+)\)", reason)
                    by = f"process {holder.group(1)}" if holder else "another process"
                    waited = f" (waited {wait_seconds:g} s)" if wait_seconds else ""
                    raise StoreError(f"{self.path}: in use by {by}{waited}; try again when it ends") from None
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

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection of its own for a block of reads, so threads (the server's) read in parallel.

        DuckDB's cursors are connections to the same database: each sees committed data, and none
        waits for another's query; only making the cursor takes the store's lock.
        """
        with self._lock:
            cursor = self.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A transaction on the store's connection for a block of writes (see ``_transaction``)."""
        with self._transaction() as con:
            yield con

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
        """Insert or replace ``articles`` by id, rewriting their quote and claim rows.

        The rows are built as Arrow tables (``store.tables.article_tables``; the last article of an id
        wins) and bulk-inserted from them: row-by-row ``executemany`` was 60–90× slower for the same rows.
        A value a column cannot hold is a ValueError naming the article, raised before anything is written.
        """
        tables = article_tables(articles)
        if tables.articles.num_rows == 0:
            return
        ids = tables.articles.column("id").to_pylist()
        with self._transaction() as con:
            for table, column in (("articles", "id"), ("quotes", "article"), ("claims", "article")):
                con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))", [ids])
            _forget_derived(con, ids)
            for name, rows in tables.by_name().items():
                if rows.num_rows == 0:
                    continue
                view = f"new_{name}"  # a fixed name, never input; visible to this connection only
                con.register(view, rows)
                try:
                    # By position: the schemas in store.tables list the table's columns in order.
                    con.execute(f"INSERT INTO {name} SELECT * FROM {view}")
                finally:
                    con.unregister(view)

    def load_articles(self, ids: list[str] | None = None) -> list[Article]:
        """Articles rebuilt losslessly from their JSON records; all of them (by id) or those in ``ids``.

        With ``ids`` the result follows the order of ``ids``; unknown ids are skipped.
        """
        with self.reading() as con:
            if ids is None:
                rows = con.execute("SELECT id, record FROM articles ORDER BY id").fetchall()
            else:
                rows = con.execute(
                    "SELECT id, record FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
                ).fetchall()
        records = {row[0]: Article.from_dict(json.loads(row[1])) for row in rows}
        order = list(records) if ids is None else [i for i in dict.fromkeys(ids) if i in records]
        return [records[i] for i in order]

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are articles in the store."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        with self._lock:
            rows = self.connection.execute(
                "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [wanted]
            ).fetchall()
        return {row[0] for row in rows}

    def import_parquet(self, folder: str | Path) -> int:
        """Load the Parquet parts ``store.tables.write_parquet`` wrote under ``folder`` (by executors, say)
        in one transaction, replacing stored articles of the same ids with their quote and claim rows;
        return how many articles were imported (0 for a folder without article parts).

        A part is a name ``P`` with ``folder/articles/P.parquet``; its rows are that file and
        ``quotes/P.parquet`` and ``claims/P.parquet``. Only names ending in ``.parquet`` count, so the
        writer's temporary files never do; quote or claim files without an article file are a part whose
        writer was killed before it finished (the article file is written last) and are left out. An
        article in several parts (the same input in two partitions) is taken from the last part in name
        order, with that part's quotes and claims, as the last article of an id wins in ``save_articles``.

        The folder is not what ``export_parquet`` writes (that has no JSON records to rebuild from).
        Anything wrong (no such folder, a part's file missing or unreadable, columns missing or of the
        wrong type, quote rows of an article the part lacks, a record of another id) is a StoreError
        naming the folder, and the store is left as it was.
        """
        root = Path(folder)
        try:
            if not root.is_dir():
                raise StoreError(f"{root}: not a folder of Parquet parts")
            parts = _parquet_names(root / "articles")
            if not parts:
                return 0
            files = {"articles": [root / "articles" / part for part in parts]}
            for name in ("quotes", "claims"):
                files[name] = [root / name / part for part in parts]
                missing = next((path for path in files[name] if not path.is_file()), None)
                if missing is not None:
                    raise StoreError(f"{root}: part {missing.stem!r} has no {name} file ({missing})")
        except OSError as error:
            raise StoreError(f"{root}: cannot list Parquet parts ({_reason(error)})") from None
        try:
            with self._transaction() as con:
                return _import_parts(con, root, files)
        except duckdb.Error as error:
            raise StoreError(f"{root}: cannot import Parquet parts ({_reason(error)})") from None

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

    def story_record(self, story_id: str) -> dict[str, Any]:
        """The stored JSON of story ``story_id`` (``Story.to_dict()``, the brief as its public JSON);
        a KeyError if there is none."""
        return self._record("stories", story_id)

    def load_story(self, story_id: str) -> Story:
        """The story saved as ``story_id`` with its brief; a KeyError if there is none."""
        return Story.from_dict(self._record("stories", story_id))

    def _record(self, table: Literal["briefs", "stories"], record_id: str) -> dict[str, Any]:
        """The JSON ``record`` column of ``table``'s row ``record_id`` (a fixed table name, never input)."""
        with self.reading() as con:
            row = con.execute(f"SELECT record FROM {table} WHERE id = ?", [record_id]).fetchone()
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
