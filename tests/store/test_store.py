"""The DuckDB store against a real database file: round trips, upserts, SQL, Parquet, reopening.

The articles are built by hand with every layer filled in, so a column or layer the store forgot to keep
shows up as a failed equality rather than passing unnoticed on empty lists.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from storyline.model import (
    Article,
    Brief,
    Citation,
    Claim,
    DateMention,
    Disagreement,
    Entity,
    Quote,
    Removed,
    Sentence,
    Span,
    Speaker,
    SummarySentence,
    TimelineEntry,
)
from storyline.store import Store

TEXT = (
    'Part of the Calder Ridge Dam gave way on Thursday, killing at least 12 people. "Nobody should have '
    'to wonder," Ruth Okafor said, "whether the wall will hold." About 40 people are missing.'
)


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase))


def make_article(article_id: str = "wire-1", *, title: str = "Dam gives way", text: str = TEXT) -> Article:
    """An article with every layer set, spans computed from the text so they stay valid."""
    okafor = _span(text, "Ruth Okafor")
    return Article(
        id=article_id,
        source=f"corpus/{article_id}.txt",
        text=text,
        raw="Skip to main content\n" + text,
        outlet="Meridian Press Agency",
        title=title,
        published="2025-11-14",
        published_from="text",
        lang="en",
        removed=[Removed(0, 21, "Skip to main content\n", "menu")],
        duplicate_of=None,
        sentences=[Sentence(0, text.index(".") + 1, text[: text.index(".") + 1], 0)],
        entities=[Entity("e1", "Ruth Okafor", "PERSON", "okafor", [okafor])],
        dates=[DateMention(_span(text, "Thursday"), "2025-11-13", "day", inferred=True)],
        quotes=[
            Quote(
                article=article_id,
                kind="direct",
                speaker=Speaker("Ruth Okafor", "e1", okafor),
                cue=_span(text, "said"),
                content=[
                    _span(text, "Nobody should have to wonder,"),
                    _span(text, "whether the wall will hold."),
                ],
                also_in=["copy-1"],
                confidence=0.9,
            )
        ],
        claims=[
            Claim(
                article=article_id,
                value=12.0,
                text="at least 12 people",
                qualifier="at least",
                what="killed",
                span=_span(text, "at least 12 people"),
                source="police",
                date="2025-11-13",
                unit="people",
            ),
            Claim(article_id, 40.0, "About 40 people", "about", "missing", _span(text, "About 40 people")),
        ],
    )


def make_brief(article: Article) -> Brief:
    citation = Citation(article.id, 0, 20)
    return Brief(
        articles=[article],
        summary=[SummarySentence("Part of the dam gave way.", [citation])],
        quotes=list(article.quotes),
        claims=list(article.claims),
        disagreements=[Disagreement("missing", "different_counts", "40 vs 52", list(article.claims[1:]))],
        timeline=[TimelineEntry("2025-11-13", "day", "The dam gave way.", [citation])],
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "storyline.duckdb"


def test_articles_round_trip_losslessly_through_a_file(db_path: Path) -> None:
    first, second = make_article("wire-1"), make_article("copy-1", title="Copy")
    second.duplicate_of = "wire-1"
    with Store(db_path) as store:
        store.save_articles([first, second])
    assert db_path.exists()
    with Store(db_path) as store:
        loaded = store.load_articles()
        assert [a.id for a in loaded] == ["copy-1", "wire-1"]
        assert loaded[1] == first and loaded[0] == second
        assert store.load_articles(["wire-1", "missing", "copy-1"]) == [first, second]
        assert store.load_articles([]) == []


def test_upsert_replaces_article_and_its_flat_rows(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save_articles([make_article("wire-1")])
        updated = make_article("wire-1", title="Toll rises")
        updated.claims = updated.claims[:1]
        store.save_articles([updated])
        con = store.connection
        assert con.execute("SELECT count(*), any_value(title) FROM articles").fetchone() == (1, "Toll rises")
        assert con.execute("SELECT count(*) FROM claims WHERE article = 'wire-1'").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM quotes WHERE article = 'wire-1'").fetchone() == (1,)
        assert store.load_articles() == [updated]


def test_flat_tables_answer_sql_questions(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save_articles([make_article("wire-1"), make_article("copy-1")])
        rows = store.connection.execute(
            "SELECT a.outlet, q.speaker, q.kind, q.cue, q.content, q.also_in FROM quotes q "
            "JOIN articles a ON a.id = q.article WHERE q.article = 'wire-1'"
        ).fetchall()
        assert rows == [
            (
                "Meridian Press Agency",
                "Ruth Okafor",
                "direct",
                "said",
                "Nobody should have to wonder, … whether the wall will hold.",
                ["copy-1"],
            )
        ]
        claim = store.connection.execute(
            'SELECT value, what, qualifier, source, date, text, start, "end" FROM claims '
            "WHERE article = 'wire-1' ORDER BY position LIMIT 1"
        ).fetchone()
        assert claim is not None
        start, end = claim[6], claim[7]
        assert claim[:6] == (12.0, "killed", "at least", "police", "2025-11-13", "at least 12 people")
        assert TEXT[start:end] == "at least 12 people"
        record = store.connection.execute(
            "SELECT record ->> '$.entities[0].key' FROM articles WHERE id = 'wire-1'"
        ).fetchone()
        assert record == ("okafor",)


def test_briefs_save_load_and_list(db_path: Path) -> None:
    brief = make_brief(make_article())
    with Store(db_path) as store:
        first = store.save_brief(brief, name="dam, day one")
        second = store.save_brief(brief, name="dam, again")
        assert first != second
    with Store(db_path) as store:
        loaded = store.load_brief(first)
        assert loaded.to_dict() == brief.to_dict()
        listed = store.list_briefs()
        assert [item["id"] for item in listed] == [first, second]
        assert listed[0]["name"] == "dam, day one" and listed[0]["articles"] == 1
        assert listed[0]["created"].endswith("Z")
        with pytest.raises(KeyError):
            store.load_brief("nope")


def test_parquet_export_is_readable_by_duckdb(db_path: Path, tmp_path: Path) -> None:
    with Store(db_path) as store:
        store.save_articles([make_article("wire-1"), make_article("copy-1")])
        paths = store.export_parquet(tmp_path / "export")
    assert [p.name for p in paths] == ["articles.parquet", "quotes.parquet", "claims.parquet"]
    con = duckdb.connect()
    articles = con.execute(f"SELECT id, outlet, text FROM read_parquet('{paths[0]}') ORDER BY id").fetchall()
    assert articles == [("copy-1", "Meridian Press Agency", TEXT), ("wire-1", "Meridian Press Agency", TEXT)]
    assert con.execute(f"SELECT count(*) FROM read_parquet('{paths[1]}')").fetchone() == (2,)
    assert con.execute(f"SELECT sum(value) FROM read_parquet('{paths[2]}')").fetchone() == (104.0,)


def test_two_stores_on_one_file_see_each_other_and_another_process_reads_after_close(db_path: Path) -> None:
    writer = Store(db_path)
    reader = Store(db_path)
    try:
        writer.save_articles([make_article("wire-1")])
        assert [a.id for a in reader.load_articles()] == ["wire-1"]
    finally:
        writer.close()
        reader.close()
    script = (
        "import json, sys\nfrom storyline.store import Store\n"
        "with Store(sys.argv[1]) as s:\n    print(json.dumps([a.to_dict() for a in s.load_articles()]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(db_path)], check=True, capture_output=True, text=True
    )
    assert [Article.from_dict(item) for item in json.loads(out.stdout)] == [make_article("wire-1")]


def test_failed_save_rolls_back(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save_articles([make_article("wire-1")])
        broken = make_article("wire-1", title="never stored")
        broken.claims[0].value = "not a number"  # type: ignore[assignment]
        with pytest.raises(ValueError, match=r"claims\.value"):  # refused before the transaction writes
            store.save_articles([broken])
        assert store.load_articles()[0].title == "Dam gives way"


def test_memory_store_and_closed_store(tmp_path: Path) -> None:
    store = Store(":memory:")
    store.save_articles(article for article in [make_article(), make_article("copy-1")])  # any iterable
    store.save_articles([])
    assert [a.id for a in store.load_articles()] == ["copy-1", "wire-1"]
    store.close()
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        store.load_articles()
