"""The columnar path of the store: Arrow tables of articles, the bulk insert, and Parquet parts.

Why a copy of the old ``executemany`` save lives here: the bulk insert replaced it for speed only, so
the one thing that matters is that both leave the very same rows, which is checked on real analyses
(spaCy quotes and claims of the shared test texts) and on hand-made edge cases, including an upsert.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fixtures_brief import COURIER_TEXT, NORTHLINE_TEXT, WEEKLY_TEXT
from fixtures_stories import COURT_CASE, QUAKE_A_FOLLOW_UP, QUAKE_A_SECOND_OUTLET, QUAKE_A_WIRE, QUAKE_B
from test_store import make_article

from storyline.engine.pipeline import analyse_article
from storyline.model import Article, Claim, Quote, Span, Speaker
from storyline.store import Store, StoreError
from storyline.store import tables as tables_module
from storyline.store.tables import (
    ARTICLE_SCHEMA,
    CLAIM_SCHEMA,
    QUOTE_SCHEMA,
    ArticleTables,
    article_tables,
    write_parquet,
)

TABLES = {"articles": "id", "quotes": "article, position", "claims": "article, position"}


# -- the old save, kept verbatim as the reference ------------------------------------------------------


def _old_quote_row(article_id: str, position: int, quote: Quote) -> tuple[Any, ...]:
    starts = [span.start for span in quote.content]
    ends = [span.end for span in quote.content]
    return (
        article_id,
        position,
        quote.kind,
        quote.speaker.name,
        quote.speaker.entity,
        " … ".join(span.text for span in quote.content),
        quote.cue.text if quote.cue else None,
        min(starts) if starts else None,
        max(ends) if ends else None,
        list(quote.also_in),
        quote.confidence,
    )


def save_the_old_way(store: Store, articles: Iterable[Article]) -> None:
    """``Store.save_articles`` as it was before the bulk insert (commit e24774f)."""
    latest = {article.id: article for article in articles}
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
        _old_quote_row(a.id, position, quote)
        for a in latest.values()
        for position, quote in enumerate(a.quotes)
    ]
    claim_rows = [
        (
            a.id,
            position,
            c.value,
            c.unit,
            c.measure,
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
    con = store.connection
    con.execute("BEGIN TRANSACTION")
    for table, column in (("articles", "id"), ("quotes", "article"), ("claims", "article")):
        con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))", [ids])
    con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
    if quote_rows:
        con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", quote_rows)
    if claim_rows:
        con.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claim_rows)
    con.execute("COMMIT")


def rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: store.connection.execute(f"SELECT * FROM {name} ORDER BY {order}").fetchall()
        for name, order in TABLES.items()
    }


def counts(store: Store) -> tuple[int, ...]:
    return tuple(
        int(store.connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0])  # type: ignore[index]
        for name in TABLES
    )


# -- articles -----------------------------------------------------------------------------------------

TEXTS = {
    "quake-wire": QUAKE_A_WIRE,
    "quake-second": QUAKE_A_SECOND_OUTLET,
    "quake-b": QUAKE_B,
    "court": COURT_CASE,
    "quake-follow-up": QUAKE_A_FOLLOW_UP,
    "courier": COURIER_TEXT,
    "northline": NORTHLINE_TEXT,
    "weekly": WEEKLY_TEXT,
}


@pytest.fixture(scope="module")
def analysed() -> list[Article]:
    """The shared test texts through the real analysis: quotes and claims as the pipeline finds them."""
    articles = [
        analyse_article(
            Article(
                id=name,
                source=f"feed/{name}.txt",
                text=text,
                raw=text,
                outlet=name.split("-")[0].title(),
                published="2025-03-04" if number % 2 else None,
                published_from="text" if number % 2 else "none",
                lang="en",
            )
        )
        for number, (name, text) in enumerate(TEXTS.items())
    ]
    assert sum(len(a.quotes) for a in articles) >= 8 and sum(len(a.claims) for a in articles) >= 8
    return articles


def edge_cases() -> list[Article]:
    """What real analyses rarely give: no layers, a quote with no cue or content, a running total,
    non-ASCII text, a duplicate id in one batch (the last must win)."""
    text = "Zoë Brontë said: “Ça va.” 1,234 people have died in total. 🚧"

    def span(phrase: str) -> Span:
        return Span.of(text, text.index(phrase), text.index(phrase) + len(phrase))

    bare = Article(id="bare", source="bare.txt", text="Nothing here.")
    odd = Article(
        id="odd",
        source="odd.txt",
        text=text,
        title="Ünïcode ‘title’",
        quotes=[
            Quote("odd", "indirect", Speaker("Zoë Brontë"), None, [], confidence=0.25),
            Quote("odd", "direct", Speaker("Zoë Brontë", "e9"), span("said"), [span("“Ça va.”")]),
        ],
        claims=[
            Claim(
                "odd",
                1234.0,
                "1,234 people",
                "",
                "people killed",
                span("1,234 people"),
                tally="running_total",
            ),
            Claim("odd", 0.5, "Ça", "about", "share", span("Ça"), unit="%", role="reading"),
        ],
    )
    first = make_article("twice", title="first version")
    second = make_article("twice", title="second version")
    second.claims = second.claims[:1]
    return [bare, first, odd, make_article("wire-1"), second]


def test_the_bulk_insert_leaves_the_rows_executemany_left(analysed: list[Article]) -> None:
    first_batch = [*analysed, *edge_cases()]
    changed = make_article("wire-1", title="Toll rises")
    changed.quotes = []
    renamed = analyse_article(Article(id="court", source="feed/court-2.txt", text=COURT_CASE + "\n\nMore."))
    second_batch = [changed, renamed, analysed[0]]  # an upsert: replaced rows, dropped quotes, one unchanged
    with Store(":memory:") as old, Store(":memory:") as new:
        for batch in (first_batch, second_batch):
            save_the_old_way(old, batch)
            new.save_articles(batch)
            assert rows(new) == rows(old)
        assert counts(new)[1] > 10 and counts(new)[2] > 10  # the comparison was not over empty tables
        assert new.load_articles() == old.load_articles()


def test_the_schemas_are_the_store_tables_column_for_column() -> None:
    """The bulk insert goes by position, so a column out of order would land in its neighbour."""
    with Store(":memory:") as store:
        con = store.connection
        for name, schema in {
            "articles": ARTICLE_SCHEMA,
            "quotes": QUOTE_SCHEMA,
            "claims": CLAIM_SCHEMA,
        }.items():
            con.register("probe", schema.empty_table())
            probe = [row[:2] for row in con.execute("DESCRIBE probe").fetchall()]
            con.unregister("probe")
            table = [
                (row[0], "VARCHAR" if row[1] == "JSON" else row[1])
                for row in con.execute(f"DESCRIBE {name}").fetchall()
            ]
            assert probe == table


def test_article_tables_keeps_the_last_article_of_an_id_and_its_layers_only() -> None:
    first, second = make_article("wire-1", title="first"), make_article("wire-1", title="second")
    second.claims = []
    built = article_tables([first, make_article("copy-1"), second])
    assert built.articles.column("id").to_pylist() == ["wire-1", "copy-1"]
    assert built.articles.column("title").to_pylist() == ["second", "Dam gives way"]
    assert built.claims.column("article").to_pylist() == ["copy-1", "copy-1"]
    assert json.loads(built.articles.column("record")[0].as_py()) == second.to_dict()
    empty = article_tables([])
    assert (empty.articles.schema, empty.quotes.schema, empty.claims.schema) == (
        ARTICLE_SCHEMA,
        QUOTE_SCHEMA,
        CLAIM_SCHEMA,
    )
    assert empty.articles.num_rows == empty.quotes.num_rows == empty.claims.num_rows == 0


def test_a_value_its_column_cannot_hold_names_the_article_and_nothing_is_written() -> None:
    with Store(":memory:") as store:
        store.save_articles([make_article("wire-1")])
        broken = make_article("wire-1", title="never stored")
        broken.claims[0].value = "not a number"  # type: ignore[assignment]
        with pytest.raises(ValueError, match=r"claims\.value: article 'wire-1' has 'not a number'"):
            store.save_articles([make_article("copy-1"), broken])
        assert [a.title for a in store.load_articles()] == ["Dam gives way"]


def test_a_failed_insert_rolls_back_the_deletes_and_unregisters_its_views(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure inside the transaction (here DuckDB refusing the claims table, after the deletes and the
    quote rows) must leave the previous rows, and the next save must still work."""

    def bad_claims(articles: Iterable[Article]) -> ArticleTables:
        good = article_tables(articles)
        values = pa.array(["not a number"] * good.claims.num_rows)
        return ArticleTables(good.articles, good.quotes, good.claims.set_column(2, "value", values))

    with Store(":memory:") as store:
        store.save_articles([make_article("wire-1")])
        before = rows(store)
        with monkeypatch.context() as patched:
            patched.setattr("storyline.store.duckdb.article_tables", bad_claims)
            with pytest.raises(duckdb.Error):
                store.save_articles([make_article("wire-1", title="never stored")])
        assert rows(store) == before
        with pytest.raises(duckdb.CatalogException):
            store.connection.execute("SELECT * FROM new_articles")
        store.save_articles([make_article("wire-1", title="stored")])
        assert store.load_articles()[0].title == "stored"


# -- Parquet parts ------------------------------------------------------------------------------------


def test_write_parquet_writes_three_files_of_the_store_schemas_even_when_empty(tmp_path: Path) -> None:
    write_parquet(article_tables([make_article("wire-1")]), tmp_path, "p~0000")
    write_parquet(article_tables([Article(id="bare", source="b", text="Bare.")]), tmp_path, "p~0001")
    schemas = {"articles": ARTICLE_SCHEMA, "quotes": QUOTE_SCHEMA, "claims": CLAIM_SCHEMA}
    sizes = {"articles": (1, 1), "quotes": (1, 0), "claims": (2, 0)}  # rows of p~0000, p~0001
    for name, schema in schemas.items():
        assert sorted(os.listdir(tmp_path / name)) == ["p~0000.parquet", "p~0001.parquet"]  # no temp files
        for part, size in zip(("p~0000", "p~0001"), sizes[name], strict=True):
            table = pq.read_table(tmp_path / name / f"{part}.parquet")
            assert table.schema.equals(schema, check_metadata=False) and table.num_rows == size


def test_write_parquet_refuses_a_part_that_is_not_a_file_name_or_a_foreign_schema(tmp_path: Path) -> None:
    built = article_tables([make_article()])
    for part in ("", ".", "..", "a/b", "../up", "a\\b"):
        with pytest.raises(ValueError, match="plain file name"):
            write_parquet(built, tmp_path, part)
    foreign = ArticleTables(built.articles.drop_columns(["record"]), built.quotes, built.claims)
    with pytest.raises(ValueError, match="articles table does not have the store's schema"):
        write_parquet(foreign, tmp_path, "p")
    assert not tmp_path.joinpath("articles").exists()


def test_a_writer_failing_half_way_leaves_no_file_under_a_final_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = pq.write_table

    def half_write(table: pa.Table, where: Any, **kwargs: Any) -> None:
        if "articles" in str(where):  # the last of the three files
            Path(where).write_bytes(b"PAR1 half a file")
            raise OSError("disk full")
        real_write(table, where, **kwargs)

    monkeypatch.setattr(tables_module.pq, "write_table", half_write)
    with pytest.raises(OSError, match="disk full"):
        write_parquet(article_tables([make_article()]), tmp_path, "p~0000")
    assert os.listdir(tmp_path / "articles") == []
    assert os.listdir(tmp_path / "quotes") == ["p~0000.parquet"]  # a part without its article file ...
    monkeypatch.undo()
    with Store(":memory:") as store:
        assert store.import_parquet(tmp_path) == 0  # ... is an unfinished part, left out


def parts(folder: Path, *batches: list[Article]) -> None:
    for number, batch in enumerate(batches):
        write_parquet(article_tables(batch), folder, f"part~{number:04d}")


def test_import_loads_parts_losslessly_and_twice_is_once(tmp_path: Path, analysed: list[Article]) -> None:
    first, second = analysed[:5], [*analysed[5:], *edge_cases()]
    parts(tmp_path, first, second, [])
    (tmp_path / "articles" / ".part~0009.3f2a.tmp").write_bytes(b"PAR1 a killed writer's leftovers")
    expected = {a.id: a for a in [*first, *second]}  # "twice" appears twice: the last wins
    with Store(tmp_path / "store.duckdb") as store:
        assert store.import_parquet(tmp_path) == len(expected)
        once = rows(store)
        assert store.import_parquet(str(tmp_path)) == len(expected)
        assert rows(store) == once
        loaded = store.load_articles()
        assert [a.to_dict() for a in loaded] == [expected[i].to_dict() for i in sorted(expected)]
    with Store(":memory:") as saved:  # the rows are those save_articles writes for the same articles
        saved.save_articles(expected.values())
        assert rows(saved) == once


def test_import_replaces_stored_articles_and_an_article_in_two_parts_comes_from_the_last(
    tmp_path: Path,
) -> None:
    old, new = make_article("wire-1", title="old"), make_article("wire-1", title="new")
    new.quotes, new.claims = [], new.claims[:1]
    parts(tmp_path, [old, make_article("copy-1")], [new])
    with Store(":memory:") as store:
        store.save_articles([make_article("wire-1", title="stored"), make_article("kept")])
        assert store.import_parquet(tmp_path) == 2
        assert [(a.id, a.title) for a in store.load_articles()] == [
            ("copy-1", "Dam gives way"),
            ("kept", "Dam gives way"),
            ("wire-1", "new"),
        ]
        per_article = store.connection.execute(
            "SELECT a.id, (SELECT count(*) FROM quotes q WHERE q.article = a.id), "
            "(SELECT count(*) FROM claims c WHERE c.article = a.id) FROM articles a ORDER BY a.id"
        ).fetchall()
        assert per_article == [("copy-1", 1, 2), ("kept", 1, 2), ("wire-1", 0, 1)]


def test_import_reads_the_folder_it_is_given_even_with_glob_characters_and_quotes(tmp_path: Path) -> None:
    wanted, decoy = tmp_path / "run[1] it's", tmp_path / "run1 it's"
    parts(wanted, [make_article("wanted")])
    parts(decoy, [make_article("decoy")])
    with Store(":memory:") as store:
        assert store.import_parquet(wanted) == 1
        assert [a.id for a in store.load_articles()] == ["wanted"]


def test_a_folder_without_parts_imports_nothing(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "notes.txt").write_text("not a part")
    with Store(":memory:") as store:
        assert store.import_parquet(tmp_path) == 0
        assert store.import_parquet(tmp_path / "articles") == 0  # no articles/ folder in it at all
        parts(tmp_path / "empty", [], [])
        assert store.import_parquet(tmp_path / "empty") == 0
        assert counts(store) == (0, 0, 0)


def _write_rows(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda root: None, "not a folder of Parquet parts"),
        (
            lambda root: (root / "claims" / "part~0001.parquet").unlink(),
            "part 'part~0001' has no claims file",
        ),
        (lambda root: (root / "quotes" / "part~0000.parquet").write_bytes(b"PAR1 half"), "cannot import"),
        (
            lambda root: _write_rows(
                root / "claims" / "part~0001.parquet",
                article_tables([make_article()]).claims.drop_columns(["unit"]),
            ),
            "cannot import",
        ),
        (
            lambda root: _write_rows(
                root / "quotes" / "part~0001.parquet", article_tables([make_article("stray")]).quotes
            ),
            "part 'part~0001' has quotes of article 'stray', not in its articles file",
        ),
        (
            lambda root: _write_rows(
                root / "articles" / "part~0001.parquet",
                article_tables([Article(id="b", source="b", text="B.")]).articles.set_column(
                    0, "id", pa.array(["c"])
                ),
            ),
            "article 'c' with the record of 'b'",
        ),
        (
            lambda root: _write_rows(
                root / "articles" / "part~0001.parquet",
                article_tables([make_article("b")]).articles.set_column(9, "record", pa.array(["{not json"])),
            ),
            "cannot import",
        ),
    ],
    ids=[
        "no-folder",
        "missing-file",
        "half-file",
        "missing-column",
        "stray-quote",
        "wrong-record",
        "bad-json",
    ],
)
def test_a_bad_folder_is_a_one_line_store_error_and_the_store_is_untouched(
    tmp_path: Path, spoil: Any, message: str
) -> None:
    root = tmp_path / "parts"
    if message != "not a folder of Parquet parts":
        parts(root, [make_article("a")], [make_article("b")])
    spoil(root)
    with Store(":memory:") as store:
        store.save_articles([make_article("a", title="stored")])
        before = rows(store)
        with pytest.raises(StoreError) as caught:
            store.import_parquet(root)
        assert message in str(caught.value)
        assert str(caught.value).startswith(f"{root}: ") and "\n" not in str(caught.value)
        assert rows(store) == before
        (tmp_path / "empty").mkdir()
        assert store.import_parquet(tmp_path / "empty") == 0  # the store still works


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="PySpark or a Java runtime is not installed",
)
def test_parts_written_by_spark_executors_import(
    tmp_path: Path, analysed: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("storyline-store-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )

    def write_part(batch: tuple[str, str, list[Article]]) -> None:
        """What a Spark task does: build its articles' tables and write its part (runs in a worker; a
        nested function, so Spark ships it by value rather than importing this test module there)."""
        from storyline.store.tables import article_tables, write_parquet

        folder, part, articles = batch
        write_parquet(article_tables(articles), Path(folder), part)

    batches = [(str(tmp_path), f"part-{n:05d}", analysed[n::3]) for n in range(3)]
    try:
        spark.sparkContext.parallelize(batches, 3).foreach(write_part)
    finally:
        spark.stop()
    with Store(":memory:") as store:
        assert store.import_parquet(tmp_path) == len(analysed)
        assert [a.to_dict() for a in store.load_articles()] == [
            a.to_dict() for a in sorted(analysed, key=lambda a: a.id)
        ]
