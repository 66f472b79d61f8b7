"""Time saving analysed articles to a DuckDB store: the old row-by-row ``executemany`` against the bulk
insert from Arrow tables, and the Parquet route executors use (``write_parquet`` + ``import_parquet``).

Why: ``executemany`` cost 86 of 490 s of a 3,000-article ingest. The articles are real: ~50 short
Multi-News documents (``../shared/data/mds/multinews-dev100.jsonl``; the example corpus if that is
missing) cleaned and analysed once, outside the clock, then copied under new ids to reach ``--articles``
(the copies keep every layer, so the rows are as many and as large as real ones). Each run saves all of
them in one call into a new store file, as ``storyline ingest`` does; the clock includes building the
rows. Both paths are checked to leave identical rows.

Usage: ``python benchmarks/store.py [--articles 3000] [--texts 50] [--runs 3]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from unittest import mock

from storyline.engine.pipeline import analyse_article, clean_documents
from storyline.ingest.document import RawDocument
from storyline.model import Article, Quote
from storyline.store import Store
from storyline.store.tables import article_tables, write_parquet

ROOT = Path(__file__).resolve().parents[1]
MULTINEWS = ROOT.parent / "shared" / "data" / "mds" / "multinews-dev100.jsonl"
EXAMPLES = ROOT / "examples" / "corpus"


# -- the old save, kept as the reference ------------------------------------------------------------

Row = tuple[Any, ...]
OldRows = tuple[list[str], list[Row], list[Row], list[Row]]  # ids, article rows, quote rows, claim rows


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


def old_rows(articles: Iterable[Article]) -> OldRows:
    """The rows the old ``Store.save_articles`` built (commit e24774f): ids, articles, quotes, claims."""
    latest = {article.id: article for article in articles}
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
    return list(latest), article_rows, quote_rows, claim_rows


def old_insert(store: Store, rows: OldRows) -> None:
    """The old save's writes, row by row with ``executemany``, in its transaction."""
    ids, article_rows, quote_rows, claim_rows = rows
    if not ids:
        return
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


# -- the articles -----------------------------------------------------------------------------------


def _documents(count: int) -> tuple[str, list[RawDocument]]:
    """Up to ``count`` short real documents (500–4,000 characters) and where they came from."""
    if MULTINEWS.exists():
        documents: list[RawDocument] = []
        with MULTINEWS.open(encoding="utf-8") as handle:
            for line_number, line in enumerate(handle, 1):
                for number, text in enumerate(json.loads(line)["documents"]):
                    if 500 <= len(text) <= 4000 and len(documents) < count:
                        documents.append(
                            RawDocument(f"{MULTINEWS.name}:{line_number}#{number}", text, "text")
                        )
        return str(MULTINEWS), documents
    paths = sorted(EXAMPLES.glob("*.txt"))[:count]
    return str(EXAMPLES), [RawDocument(str(p), p.read_text(encoding="utf-8"), "text") for p in paths]


def _copies(articles: list[Article], total: int) -> list[Article]:
    """``total`` articles: the analysed ones again and again under new ids, every layer kept."""
    copies = []
    for number in range(total):
        record = articles[number % len(articles)].to_dict()
        record["id"] = f"{record['id']}-{number:05d}"
        for layer in ("quotes", "claims"):
            for item in record[layer]:
                item["article"] = record["id"]
        copies.append(Article.from_dict(record))
    return copies


def _old_save(articles: list[Article], path: Path) -> tuple[float, float]:
    """Seconds the old save spent building its rows and inserting them, into a new store file."""
    with Store(path) as store:
        started = time.perf_counter()
        rows = old_rows(articles)
        built = time.perf_counter()
        old_insert(store, rows)
        return built - started, time.perf_counter() - built


def _new_save(articles: list[Article], path: Path) -> float:
    """Seconds of ``Store.save_articles`` of all ``articles`` into a new store file (opening untimed)."""
    with Store(path) as store:
        started = time.perf_counter()
        store.save_articles(articles)
        return time.perf_counter() - started


def _new_save_parts(articles: list[Article], path: Path) -> tuple[float, float]:
    """The same save split in two: ``article_tables`` alone, then ``save_articles`` handed those tables
    (its own ``article_tables`` swapped for them), so the insert is timed as it runs, not by subtraction."""
    started = time.perf_counter()
    tables = article_tables(articles)
    built = time.perf_counter() - started
    with Store(path) as store, mock.patch("storyline.store.duckdb.article_tables", lambda _: tables):
        started = time.perf_counter()
        store.save_articles(articles)
        return built, time.perf_counter() - started


def _rows(path: Path) -> list[list[tuple[Any, ...]]]:
    orders = {"articles": "id", "quotes": "article, position", "claims": "article, position"}
    with Store(path) as store:
        return [
            store.connection.execute(f"SELECT * FROM {t} ORDER BY {o}").fetchall() for t, o in orders.items()
        ]


def _parquet_route(
    articles: list[Article], folder: Path, store_path: Path, part_size: int
) -> tuple[float, float]:
    """Seconds to write the articles as parts of ``part_size`` (as executors do) and to import them."""
    started = time.perf_counter()
    for number, start in enumerate(range(0, len(articles), part_size)):
        write_parquet(article_tables(articles[start : start + part_size]), folder, f"part~{number:04d}")
    written = time.perf_counter() - started
    with Store(store_path) as store:
        started = time.perf_counter()
        store.import_parquet(folder)
        return written, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--texts", type=int, default=50, help="real documents analysed (then copied)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--part-size", type=int, default=256, help="articles per Parquet part")
    args = parser.parse_args(argv)

    source, documents = _documents(args.texts)
    started = time.perf_counter()
    cleaned, _ = clean_documents(documents)
    analysed = [analyse_article(article) for article in cleaned]
    articles = _copies(analysed, args.articles)
    quotes, claims = sum(len(a.quotes) for a in articles), sum(len(a.claims) for a in articles)
    chars = sum(len(a.text) for a in articles)
    print(
        f"{len(analysed)} documents from {source} analysed in {time.perf_counter() - started:.1f}s; "
        f"saving {len(articles):,} articles ({chars:,} chars), {quotes:,} quotes, {claims:,} claims"
    )

    names = ("old_rows", "old_insert", "new", "new_rows", "new_insert", "write", "import")
    times: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for run in range(args.runs):  # alternate, so drift in the machine's speed hits both paths alike
            for name, seconds in zip(
                names,
                (
                    *_old_save(articles, folder / f"old-{run}.duckdb"),
                    _new_save(articles, folder / f"new-{run}.duckdb"),
                    *_new_save_parts(articles, folder / f"parts-{run}.duckdb"),
                    *_parquet_route(
                        articles, folder / f"parts-{run}", folder / f"import-{run}.duckdb", args.part_size
                    ),
                ),
                strict=True,
            ):
                times[name].append(seconds)
            print(
                f"run {run + 1}: executemany save {times['old_rows'][-1] + times['old_insert'][-1]:7.2f}s | "
                f"bulk save {times['new'][-1]:6.2f}s | "
                f"write_parquet {times['write'][-1]:5.2f}s + import_parquet {times['import'][-1]:5.2f}s"
            )
        paths = [folder / f"{name}-0.duckdb" for name in ("old", "new", "parts", "import")]
        reference = _rows(paths[0])
        same = all(_rows(path) == reference for path in paths[1:])
    median = {name: statistics.median(values) for name, values in times.items()}
    old_whole = statistics.median(r + i for r, i in zip(times["old_rows"], times["old_insert"], strict=True))
    print(f"median of {args.runs} runs, {len(articles):,} articles:")
    print(
        f"  whole save      executemany {old_whole:7.2f}s   bulk {median['new']:6.2f}s   "
        f"{old_whole / median['new']:5.1f}x faster"
    )
    print(
        f"  building rows   tuples      {median['old_rows']:7.2f}s   Arrow {median['new_rows']:5.2f}s   "
        "(mostly Article.to_dict + json.dumps, in both)"
    )
    print(
        f"  inserting       executemany {median['old_insert']:7.2f}s   bulk {median['new_insert']:6.2f}s   "
        f"{median['old_insert'] / median['new_insert']:5.0f}x faster"
    )
    print(
        f"  Parquet route   write_parquet {median['write']:.2f}s (parts of {args.part_size}) + "
        f"import_parquet {median['import']:.2f}s"
    )
    print(f"  identical rows (executemany, bulk, bulk from built tables, import): {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
