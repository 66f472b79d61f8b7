"""Articles as Arrow tables with exactly the store's flat columns, and as Parquet parts of a folder.

Why columnar: ``Store.save_articles`` inserting row by row (``executemany``) cost 86 of 490 s of a
3,000-article ingest; DuckDB loads a registered Arrow table in one bulk scan, 60–90× faster with the same
rows. Why Parquet parts: an executor (a Spark task, a worker process) can build these tables and write
them without a DuckDB connection, each task its own ``part``, and the driver loads the folder with
``Store.import_parquet``.

The three schemas mirror the ``articles``, ``quotes`` and ``claims`` tables of ``store.duckdb`` column for
column and in order (the store inserts by position); ``tests/store`` checks they stay in step.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from storyline.model import Article, Claim, Quote

#: One row per article. ``record`` is the JSON text of ``Article.to_dict()``, the lossless source of truth
#: (the store's column is DuckDB ``JSON``; Arrow and Parquet carry it as a string).
ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("published_from", pa.string()),
        ("lang", pa.string()),
        ("duplicate_of", pa.string()),
        ("text", pa.string()),
        ("record", pa.string()),
    ]
)

#: One row per quote; ``position`` is its index in ``Article.quotes``.
QUOTE_SCHEMA = pa.schema(
    [
        ("article", pa.string()),
        ("position", pa.int32()),
        ("kind", pa.string()),
        ("speaker", pa.string()),
        ("speaker_entity", pa.string()),
        ("content", pa.string()),
        ("cue", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("also_in", pa.list_(pa.string())),
        ("confidence", pa.float64()),
    ]
)

#: One row per claim; ``position`` is its index in ``Article.claims``.
CLAIM_SCHEMA = pa.schema(
    [
        ("article", pa.string()),
        ("position", pa.int32()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("what", pa.string()),
        ("qualifier", pa.string()),
        ("source", pa.string()),
        ("date", pa.string()),
        ("text", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
    ]
)

# Joins the parts of a mixed quote ("...," she said, "...") in the flat ``content`` column.
CONTENT_JOINER = " … "


@dataclass(frozen=True)
class ArticleTables:
    """The flat rows of a batch of articles, one Arrow table per store table (schemas above)."""

    articles: pa.Table
    quotes: pa.Table
    claims: pa.Table

    def by_name(self) -> dict[str, pa.Table]:
        """The tables keyed by their store table name (and Parquet subfolder), the articles last: the
        order ``write_parquet`` writes them in, so an article part on disk means its quote and claim
        parts were written before it."""
        return {"quotes": self.quotes, "claims": self.claims, "articles": self.articles}


SCHEMAS: dict[str, pa.Schema] = {"articles": ARTICLE_SCHEMA, "quotes": QUOTE_SCHEMA, "claims": CLAIM_SCHEMA}


def _article_row(article: Article) -> tuple[Any, ...]:
    return (
        article.id,
        article.source,
        article.outlet,
        article.title,
        article.published,
        article.published_from,
        article.lang,
        article.duplicate_of,
        article.text,
        json.dumps(article.to_dict(), ensure_ascii=False),
    )


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


def _claim_row(article_id: str, position: int, claim: Claim) -> tuple[Any, ...]:
    return (
        article_id,
        position,
        claim.value,
        claim.unit,
        claim.measure,  # what is counted with its tally ("people killed in total"), as SQL users read it
        claim.qualifier,
        claim.source,
        claim.date,
        claim.text,
        claim.span.start,
        claim.span.end,
    )


def _table(name: str, rows: Sequence[tuple[Any, ...]], schema: pa.Schema) -> pa.Table:
    """``rows`` turned into columns of ``schema``; a value a column cannot hold is a ValueError naming the
    table, the column and the article (every row's first field is its article id)."""
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    arrays = []
    for column, field in zip(columns, schema, strict=True):
        try:
            arrays.append(pa.array(column, type=field.type))
        except (pa.ArrowException, OverflowError) as error:
            raise ValueError(f"{name}.{field.name}: {_bad_value(rows, column, field)}") from error
    return pa.Table.from_arrays(arrays, schema=schema)


def _bad_value(rows: Sequence[tuple[Any, ...]], column: Sequence[Any], field: pa.Field) -> str:
    """Which row's value ``field`` cannot hold, and why (only called once a conversion has failed)."""
    for row, value in zip(rows, column, strict=True):
        try:
            pa.array([value], type=field.type)
        except (pa.ArrowException, OverflowError) as error:
            return f"article {row[0]!r} has {value!r}, not {field.type} ({error})"
    return f"cannot be stored as {field.type}"  # pragma: no cover - the whole column failed, no one value


def article_tables(articles: Iterable[Article]) -> ArticleTables:
    """The store's flat rows of ``articles`` as Arrow tables; of several articles with one id the last
    wins (a batch may carry an article and its re-analysis), as in ``Store.save_articles``.

    Quote and claim rows are computed from the articles here, never taken from elsewhere, so the flat
    rows cannot drift from the JSON ``record`` they sit beside.
    """
    latest = {article.id: article for article in articles}
    chosen = list(latest.values())
    quote_rows = [
        _quote_row(a.id, position, quote) for a in chosen for position, quote in enumerate(a.quotes)
    ]
    claim_rows = [
        _claim_row(a.id, position, claim) for a in chosen for position, claim in enumerate(a.claims)
    ]
    return ArticleTables(
        articles=_table("articles", [_article_row(a) for a in chosen], ARTICLE_SCHEMA),
        quotes=_table("quotes", quote_rows, QUOTE_SCHEMA),
        claims=_table("claims", claim_rows, CLAIM_SCHEMA),
    )


def write_parquet(tables: ArticleTables, folder: Path, part: str) -> None:
    """Write ``folder/articles/{part}.parquet``, ``folder/quotes/{part}.parquet`` and
    ``folder/claims/{part}.parquet`` (subfolders created; an empty table is still written, schema only).

    Each file is written under a hidden temporary name that does not end in ``.parquet`` and then renamed
    over the final name (``os.replace``, atomic within a folder), so a killed writer never leaves a half
    file where ``Store.import_parquet`` reads, and a retried task simply replaces its own part. The article
    file is written last: an article part present means its quote and claim parts are complete. (A killed
    writer may leave its temporary files behind; a power loss is not covered, nothing is fsynced.)

    A ``part`` that is not a plain file name, or a table whose schema is not the store's, is a ValueError:
    such a part would be refused only later, at import, far from the code that wrote it.
    """
    if not part or part in {".", ".."} or Path(part).name != part or "\\" in part:
        raise ValueError(f"part must be a plain file name, not {part!r}")
    for name, table in tables.by_name().items():
        if not table.schema.equals(SCHEMAS[name], check_metadata=False):
            raise ValueError(f"{name} table does not have the store's schema: {table.schema}")
    for name, table in tables.by_name().items():
        target = Path(folder) / name
        target.mkdir(parents=True, exist_ok=True)
        temporary = target / f".{part}.{uuid.uuid4().hex}.tmp"
        try:
            pq.write_table(table, temporary)
            os.replace(temporary, target / f"{part}.parquet")
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
