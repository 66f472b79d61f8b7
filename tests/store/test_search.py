"""Full-text search over the store: passages and terms in the store's DuckDB file, BM25 ranking in SQL.

Two kinds of articles, all invented for these tests: a few run through the real analysis pipeline (so the
quotes, speakers and claims searched for are the ones the pipeline finds, with real spans), and a few built
by hand from sentences alone, where ranking and paging need passages whose terms are known exactly.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from storyline.engine.pipeline import analyse_articles
from storyline.model import Article, Sentence
from storyline.store import Store
from storyline.store.search import (
    SEARCH_SCHEMA,
    SearchHit,
    forget_articles,
    index_articles,
    refresh_index,
    search,
    terms,
    unindexed_ids,
    words,
)

HARBOUR = (
    "The harbour at Port Selwyn was closed on Thursday after a storm killed three dock workers, the port "
    'authority said. "We will not reopen until every berth is inspected," harbour master Ana Ruiz said. '
    "Mayor Renée Juppé said the council would send a message to the ministry. About 3,500 residents lost "
    "power overnight."
)
MINISTER = (
    "Transport minister Piet Dorrance resigned on Monday after the ferry collapse at Kerrin. "
    '"I take full responsibility and I resign today," Dorrance told parliament. '
    "Critics said the resignation came too late. Officials said 107 passengers were rescued from the water."
)
BORDER = (
    "Police said the gunmen kept killing until the army arrived in Brenmoor. A second attack kills two "
    "guards at the border post, the army said. Organisers had planned to send the message by radio."
)


@pytest.fixture(scope="module")
def analysed() -> dict[str, Article]:
    """The three pipeline articles, analysed once for the module (the spaCy model loads once)."""
    inputs = [
        Article(id="harbour", source="input:harbour", text=HARBOUR, title="Storm closes Port Selwyn harbour"),
        Article(id="minister", source="input:minister", text=MINISTER, title="Dorrance quits over ferry"),
        Article(id="border", source="input:border", text=BORDER),
    ]
    return {article.id: article for article in analyse_articles(inputs)}


def _store(articles: list[Article]) -> Store:
    """An in-memory store holding ``articles``, with the search tables (not yet filled)."""
    store = Store(":memory:")
    store.connection.execute(SEARCH_SCHEMA)
    store.save_articles(articles)
    return store


@pytest.fixture()
def store(analysed: dict[str, Article]) -> Store:
    """A store of the pipeline articles, fully indexed."""
    opened = _store(list(analysed.values()))
    assert refresh_index(opened.connection, opened.load_articles) == 3
    return opened


def plain(article_id: str, sentences: list[str], title: str | None = None) -> Article:
    """An article of ``sentences`` only (no quotes or claims), with their spans into its text."""
    text = " ".join(sentences)
    built: list[Sentence] = []
    start = 0
    for sentence in sentences:
        built.append(Sentence(start, start + len(sentence), sentence))
        start += len(sentence) + 1
    return Article(id=article_id, source=f"input:{article_id}", text=text, title=title, sentences=built)


def texts(hits: list[SearchHit]) -> list[str]:
    return [hit.text for hit in hits]


def count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    assert row is not None
    return int(row[0])


# -- terms ----------------------------------------------------------------------------------------------


def test_terms_fold_stem_and_drop_stop_words() -> None:
    assert terms("The KILLINGS of the workers") == ["kill", "worker"]
    assert terms("killed kills killing") == ["kill", "kill", "kill"]
    assert terms("Juppé") == terms("Juppe") == terms("JUPPE")
    assert terms("3,500 people, 1,000,000 dollars, 6.4 magnitude, 107") == [
        "3500",
        "peopl",
        "1000000",
        "dollar",
        "6.4",
        "magnitud",
        "107",
    ]
    assert terms("Marrow's plan") == terms("Marrow’s plan") == ["marrow", "plan"]
    assert terms("we don't know, it’s not") == ["know"]
    assert terms("") == terms("the of and") == terms("'; --") == []
    # a phrase is compared as written: stop words kept, nothing stemmed
    assert words("Send a Message, “now”!") == ["send", "a", "message", "now"]


# -- finding things -------------------------------------------------------------------------------------


def test_a_quote_is_found_by_some_of_its_words_with_its_speaker(
    store: Store, analysed: dict[str, Article]
) -> None:
    quotes = analysed["harbour"].quotes
    assert any(quote.speaker.name == "Ana Ruiz" and "berth" in quote.content[0].text for quote in quotes)
    hits, total = search(store.connection, "reopen berth inspected", kinds=["quote"])
    assert total == 1
    (hit,) = hits
    assert (hit.article, hit.kind, hit.speaker) == ("harbour", "quote", "Ana Ruiz")
    assert hit.text.startswith("We will not reopen")
    assert HARBOUR[hit.start : hit.end].startswith("We will not reopen")  # offsets point into the text
    assert hit.score > 0
    # without the filter the sentence holding the quote is a hit too, with no speaker
    hits, total = search(store.connection, "reopen berth inspected")
    assert total == 2
    assert {(hit.kind, hit.speaker) for hit in hits} == {("quote", "Ana Ruiz"), ("sentence", None)}


def test_sentence_offsets_point_into_the_article(store: Store, analysed: dict[str, Article]) -> None:
    hits, _ = search(store.connection, "ferry collapse", kinds=["sentence"])
    (hit,) = hits
    assert hit.article == "minister"
    assert MINISTER[hit.start : hit.end] == hit.text
    assert hit.position == 0


def test_stemming_finds_other_forms(store: Store) -> None:
    found = " ".join(texts(search(store.connection, "killed", kinds=["sentence"])[0]))
    assert "killed three dock workers" in found
    assert "kept killing" in found
    assert "attack kills two" in found


def test_every_term_must_match(store: Store) -> None:
    hits, total = search(store.connection, "Dorrance resign", kinds=["sentence"])
    assert total == 2
    assert all("Dorrance" in text and "resign" in text for text in texts(hits))
    # "resign" alone also finds the critics' sentence, which does not name Dorrance
    alone = texts(search(store.connection, "resign", kinds=["sentence"])[0])
    assert "Critics said the resignation came too late." in alone
    assert search(store.connection, "Dorrance harbour") == ([], 0)


def test_title_is_a_passage(store: Store) -> None:
    hits, total = search(store.connection, "quits", kinds=["title"])
    assert total == 1
    assert (hits[0].article, hits[0].kind, hits[0].position, hits[0].text) == (
        "minister",
        "title",
        0,
        "Dorrance quits over ferry",
    )
    assert search(store.connection, "quits", kinds=["sentence"]) == ([], 0)


def test_claims_are_passages(store: Store, analysed: dict[str, Article]) -> None:
    claim = next(claim for claim in analysed["minister"].claims if claim.value == 107)
    hits, total = search(store.connection, "107", kinds=["claim"])
    assert total == 1
    assert (hits[0].article, hits[0].text, hits[0].start, hits[0].end) == (
        "minister",
        claim.text,
        claim.span.start,
        claim.span.end,
    )


def test_kinds_filter(store: Store) -> None:
    every = search(store.connection, "berth")[0]
    assert {hit.kind for hit in every} == {"quote", "sentence"}
    assert {hit.kind for hit in search(store.connection, "berth", kinds={"quote"})[0]} == {"quote"}
    assert search(store.connection, "berth", kinds=["claim", "title"]) == ([], 0)
    assert search(store.connection, "berth", kinds=[])[1] == len(every)  # empty: every kind


def test_accents_are_folded_both_ways(store: Store) -> None:
    for query in ("Juppe", "Juppé", "JUPPÉ", "renee juppe"):
        hits, _ = search(store.connection, query, kinds=["sentence"])
        assert texts(hits) == ["Mayor Renée Juppé said the council would send a message to the ministry."]
    article = plain("plain-accent", ["The Juppe report was published."])
    index_articles(store.connection, [article])
    assert "The Juppe report was published." in texts(search(store.connection, "Juppé")[0])


def test_numbers_with_and_without_thousands_separators(store: Store) -> None:
    for query in ("3,500", "3500", "3,500 residents"):
        hits, _ = search(store.connection, query, kinds=["sentence"])
        assert texts(hits) == ["About 3,500 residents lost power overnight."], query
    assert search(store.connection, "350") == ([], 0)


def test_excluded_words(store: Store) -> None:
    hits, _ = search(store.connection, "resign -Dorrance", kinds=["sentence"])
    assert texts(hits) == ["Critics said the resignation came too late."]
    assert search(store.connection, "-Dorrance") == ([], 0)  # nothing to look for


# -- phrases --------------------------------------------------------------------------------------------


def test_a_quoted_phrase_must_be_contiguous(store: Store) -> None:
    hits, total = search(store.connection, '"send a message"')
    assert total == len(hits) >= 1
    assert all("send a message" in hit.text for hit in hits)
    assert {hit.article for hit in hits} == {"harbour"}
    # the same terms, in the border article as "send the message": the terms match, the phrase does not
    assert {hit.article for hit in search(store.connection, "send message")[0]} == {"harbour", "border"}
    assert search(store.connection, '"message send"') == ([], 0)
    other, _ = search(store.connection, '"send the message" radio')
    assert other
    assert all(hit.article == "border" and "send the message by radio" in hit.text for hit in other)
    # curly quotes work as straight ones, and case, accents and punctuation do not matter
    assert search(store.connection, "“SEND A MESSAGE”")[1] == total
    assert search(store.connection, '"Renee Juppe said"')[1] >= 1


def test_a_phrase_of_stop_words_alone(store: Store) -> None:
    hits, total = search(store.connection, '"will not"')
    assert total >= 1
    assert all("will not" in hit.text for hit in hits)
    assert all(hit.score == 0 for hit in hits)
    assert search(store.connection, '"not will"') == ([], 0)
    assert search(store.connection, "will not") == ([], 0)  # unquoted, they are only stop words


def test_empty_and_meaningless_queries(store: Store) -> None:
    for query in ("", "   ", "the of and", "...", '""', "- -- ---", '"'):
        assert search(store.connection, query) == ([], 0), query


# -- ranking and paging ---------------------------------------------------------------------------------

RANKED = [
    plain(
        "ranked",
        [
            "The lighthouse keeper saw the lighthouse lamp fail at dawn.",
            "The lighthouse stood above the harbour beside the quay.",
            "A quiet harbour quay with fishing boats and nets.",
            "The harbour quay was quiet with boats and nets.",
            "Nets and boats filled the busy harbour quay.",
            "Gulls circled the crowded harbour at noon.",
            "A rare kestrel nested beside the crowded quay.",
        ],
    )
]


def test_a_repeated_term_ranks_higher() -> None:
    store = _store(RANKED)
    refresh_index(store.connection, store.load_articles)
    hits, total = search(store.connection, "lighthouse")
    assert total == 2
    assert hits[0].text.startswith("The lighthouse keeper saw the lighthouse")
    assert hits[0].score > hits[1].score > 0


def test_a_rare_term_scores_higher_than_a_common_one() -> None:
    store = _store(RANKED)
    refresh_index(store.connection, store.load_articles)
    rare, _ = search(store.connection, "kestrel")
    common, _ = search(store.connection, "gulls harbour")
    crowded, _ = search(store.connection, "crowded")
    assert len(rare) == 1
    assert len(crowded) == 2
    # "A rare kestrel nested beside the crowded quay": the rare word outweighs the one shared with gulls
    kestrel = next(hit for hit in crowded if "kestrel" in hit.text)
    assert rare[0].score > kestrel.score
    # two terms add up: gulls (rare) and harbour (common) score more than the rare word alone of a
    # passage as long, but harbour adds less than gulls
    gulls_only, _ = search(store.connection, "gulls")
    harbour, _ = search(store.connection, "harbour")
    harbour_in_gulls = next(hit for hit in harbour if "Gulls" in hit.text)
    assert common[0].score == pytest.approx(gulls_only[0].score + harbour_in_gulls.score)
    assert gulls_only[0].score > harbour_in_gulls.score


def test_paging_is_complete_and_totals_are_exact() -> None:
    sentences = [f"Boat number {n} of the lantern fleet left port at dawn." for n in range(1, 8)]
    sentences.insert(3, "The lantern fleet sent a message to the harbour.")
    store = _store([plain("fleet", sentences), plain("other", ["A lantern was lit."])])
    refresh_index(store.connection, store.load_articles)
    everything, total = search(store.connection, "lantern fleet", limit=100)
    assert total == len(everything) == 8
    pages = [search(store.connection, "lantern fleet", limit=3, offset=offset) for offset in (0, 3, 6, 9)]
    assert [page_total for _, page_total in pages] == [8, 8, 8, 8]
    assert [len(hits) for hits, _ in pages] == [3, 3, 2, 0]
    assert [hit for hits, _ in pages for hit in hits] == everything
    scores = [hit.score for hit in everything]
    assert scores == sorted(scores, reverse=True)
    assert search(store.connection, "lantern fleet", limit=0) == ([], 8)
    # a phrase query's total counts only the passages the phrase check kept, on every page
    phrase = '"lantern fleet left"'
    assert search(store.connection, phrase, limit=2)[1] == 7
    assert len(search(store.connection, phrase, limit=2, offset=6)[0]) == 1
    assert search(store.connection, phrase, limit=2, offset=20) == ([], 7)
    with pytest.raises(ValueError, match="limit and offset"):
        search(store.connection, "lantern", offset=-1)


def test_ties_are_ordered_by_article_then_position() -> None:
    store = _store([plain(name, ["Same words here.", "Same words here."]) for name in ("b", "a")])
    refresh_index(store.connection, store.load_articles)
    hits, _ = search(store.connection, "same words")
    assert [(hit.article, hit.position) for hit in hits] == [("a", 0), ("a", 1), ("b", 0), ("b", 1)]


# -- keeping the index in step with the store ------------------------------------------------------------


def _passage_rows(con: duckdb.DuckDBPyConnection, article: str) -> int:
    return count(con, "SELECT count(*) FROM search_passages WHERE article = ?", [article])


def _orphan_terms(con: duckdb.DuckDBPyConnection) -> int:
    return count(
        con,
        "SELECT count(*) FROM search_terms t WHERE NOT EXISTS "
        "(SELECT 1 FROM search_passages p WHERE p.id = t.passage)",
    )


def test_reindexing_replaces_an_articles_passages() -> None:
    first = plain(
        "story", ["The bridge over the Vell river was closed.", "Engineers found cracks."], "Bridge"
    )
    store = _store([first, plain("other", ["The Vell river rose again."])])
    con = store.connection
    assert refresh_index(con, store.load_articles) == 2
    assert _passage_rows(con, "story") == 3  # title and two sentences
    changed = plain("story", ["The ferry across the Vell river was cancelled."])
    assert index_articles(con, [changed, changed]) == 1  # one id, indexed once
    assert _passage_rows(con, "story") == 1
    assert _orphan_terms(con) == 0
    assert search(con, "bridge") == ([], 0)
    assert search(con, "cracks") == ([], 0)
    assert texts(search(con, "ferry")[0]) == ["The ferry across the Vell river was cancelled."]
    assert search(con, "Vell river")[1] == 2  # one passage of each article, none left over
    ids = [row[0] for row in con.execute("SELECT id FROM search_passages").fetchall()]
    assert len(ids) == len(set(ids))


def test_forget_articles_removes_them_and_they_become_unindexed() -> None:
    store = _store(
        [plain("keep", ["Floods reached Harrowgate."]), plain("drop", ["Floods reached Oskarby."])]
    )
    con = store.connection
    refresh_index(con, store.load_articles)
    assert unindexed_ids(con) == []
    forget_articles(con, ["drop", "unknown"])
    assert _passage_rows(con, "drop") == 0
    assert _orphan_terms(con) == 0
    assert texts(search(con, "floods")[0]) == ["Floods reached Harrowgate."]
    assert unindexed_ids(con) == ["drop"]
    forget_articles(con, [])  # nothing to do
    assert refresh_index(con, store.load_articles) == 1
    assert search(con, "floods")[1] == 2


def test_unindexed_ids_and_refresh_in_batches() -> None:
    articles = [plain(f"n{n}", [f"Report {n} on the drought in Cala."]) for n in (3, 1, 5, 2, 4)]
    store = _store(articles)
    con = store.connection
    index_articles(con, [articles[0]])  # n3
    assert unindexed_ids(con) == ["n1", "n2", "n4", "n5"]
    assert unindexed_ids(con, limit=2) == ["n1", "n2"]
    asked: list[list[str]] = []

    def load(ids: list[str]) -> list[Article]:
        asked.append(list(ids))
        return [article for article in store.load_articles(ids) if article.id != "n4"]  # n4 goes missing

    assert refresh_index(con, load, batch=2) == 3
    assert asked == [["n1", "n2"], ["n4", "n5"]]  # never asks for n4 twice, so the loop ends
    assert unindexed_ids(con) == ["n4"]
    assert search(con, "drought Cala")[1] == 4
    assert refresh_index(con, store.load_articles) == 1
    assert refresh_index(con, store.load_articles) == 0
    assert unindexed_ids(con) == []


def test_indexing_joins_the_callers_transaction() -> None:
    """No transaction of its own: a rollback by the caller takes the index rows back with it."""
    store = _store([plain("t1", ["The tunnel under Marle flooded."])])
    con = store.connection
    con.execute("BEGIN TRANSACTION")
    assert index_articles(con, store.load_articles(["t1"])) == 1
    assert search(con, "tunnel")[1] == 1
    con.execute("ROLLBACK")
    assert search(con, "tunnel") == ([], 0)
    assert unindexed_ids(con) == ["t1"]


def test_works_on_a_plain_connection() -> None:
    con = duckdb.connect()
    con.execute(SEARCH_SCHEMA)
    assert index_articles(con, [plain("x", ["The quarry at Dunmere closed."])]) == 1
    assert index_articles(con, []) == 0
    assert texts(search(con, "quarry")[0]) == ["The quarry at Dunmere closed."]
    con.close()


def test_the_index_lives_in_the_store_file(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    with Store(path) as first:
        first.connection.execute(SEARCH_SCHEMA)
        first.save_articles([plain("q", ["The quarry at Dunmere closed."])])
        refresh_index(first.connection, first.load_articles)
    with Store(path, read_only=True) as again:
        hits, total = search(again.connection, "Dunmere quarry")
        assert (total, hits[0].article) == (1, "q")
        assert unindexed_ids(again.connection) == []


def test_passage_ids_stay_unique_across_batches() -> None:
    store = _store([])
    con = store.connection
    for n in range(3):
        index_articles(con, [plain(f"b{n}", ["One sentence.", "Another sentence."])])
    index_articles(con, [plain("b2", ["Replaced sentence."])])
    ids = [row[0] for row in con.execute("SELECT id FROM search_passages ORDER BY id").fetchall()]
    assert len(ids) == len(set(ids)) == 5


# -- hostile input --------------------------------------------------------------------------------------


def test_sql_in_the_query_is_only_text(store: Store) -> None:
    con = store.connection
    before = count(con, "SELECT count(*) FROM search_terms")
    for query in (
        "'; DROP TABLE articles; --",
        '" OR 1=1 --',
        "%",
        "_",
        "? ?",
        "\\",
        "'",
        '"unbalanced phrase',
        "$1 :name",
        "x" * 5000,
        "killed " * 300,
    ):
        hits, total = search(con, query)
        assert len(hits) <= total
    assert count(con, "SELECT count(*) FROM articles") == 3
    assert count(con, "SELECT count(*) FROM search_terms") == before
    assert search(con, "killed " * 300)[1] == search(con, "killed")[1]
