"""The quote ledger across articles: also_in, story-wide speaker ids, weak copies filtered first."""

from __future__ import annotations

from storyline.analyse.entities import extract_entities
from storyline.analyse.nlp import get_nlp
from storyline.analyse.quotes import extract_quotes
from storyline.engine.pipeline import compose_brief
from storyline.model import Article, Entity, Quote, QuoteKind, Span, Speaker
from storyline.relate.entities import link_entities
from storyline.relate.quotes import merge_quotes, quoted_phrases


def analyse(text: str, article_id: str) -> Article:
    article = Article(id=article_id, source=article_id, text=text)
    doc = get_nlp()(text)
    article.entities = extract_entities(article, doc)
    article.quotes = extract_quotes(article, doc, article.entities)
    return article


FIRST = (
    "Harbour Minister Petra Lindqvist visited the docks on Monday.\n\n"
    '"We will not let the old cranes rust while families wait for work," Lindqvist said.'
)
SECOND = (
    "Petra Lindqvist toured the port.\n\n"
    "Lindqvist said the government would not let the old cranes rust while families wait, and promised "
    'money. "Every berth will reopen," she said.'
)


def test_also_in_links_outlets_and_speakers_point_at_story_entities() -> None:
    first, second = analyse(FIRST, "a1"), analyse(SECOND, "a2")
    entities = link_entities([first, second])
    ledger = merge_quotes([first, second], entities, min_confidence=0.5)
    cranes = [q for q in ledger if "cranes rust" in q.content[0].text]
    assert len(cranes) == 1 and cranes[0].article == "a1" and cranes[0].also_in == ["a2"]
    ids = {entity.id: entity for entity in entities}
    for quote in ledger:
        assert quote.speaker.entity in ids and ids[quote.speaker.entity].key == "lindqvist"
    assert len({quote.speaker.entity for quote in ledger}) == 1  # one person across both articles
    per_article = {q.speaker.entity for q in first.quotes + second.quotes}
    assert per_article <= {e.id for e in first.entities + second.entities}  # articles keep their own ids
    assert all(quote.also_in == [] for quote in first.quotes + second.quotes)


def quote(article: str, words: str, name: str, kind: QuoteKind = "direct", confidence: float = 0.9) -> Quote:
    return Quote(
        article, kind, Speaker(name), Span(0, 1, "x"), [Span(0, len(words), words)], confidence=confidence
    )


def test_shared_phrase_merges_but_names_and_other_speakers_do_not() -> None:
    one = Article(
        "a1", "a1", "", quotes=[quote("a1", "the harbour will never be sold to anyone", "Ana Ruiz")]
    )
    two = Article(
        "a2", "a2", "", quotes=[quote("a2", "I promise the harbour will never be sold", "Ana Ruiz")]
    )
    other = Article("a3", "a3", "", quotes=[quote("a3", "the harbour will never be sold", "Leo Marsh")])
    ledger = merge_quotes([one, two, other])
    assert [(q.article, q.also_in) for q in ledger] == [("a1", ["a2"]), ("a3", [])]
    assert quoted_phrases(quote("a1", "President Ana Maria Ruiz Lopez", "x")) == set()


def test_weak_copies_are_filtered_before_merging() -> None:
    strong = Article("a1", "a1", "", quotes=[quote("a1", "the port stays open", "Ana Ruiz", "partial", 0.8)])
    weak = Article(
        "a2", "a2", "", quotes=[quote("a2", "the port stays open all year", "Ana Ruiz", "direct", 0.4)]
    )
    ledger = merge_quotes([strong, weak], min_confidence=0.5)
    assert [(q.article, q.kind, q.also_in) for q in ledger] == [("a1", "partial", [])]


def test_compose_brief_lists_story_entities_the_speakers_point_at() -> None:
    brief = compose_brief([analyse(FIRST, "a1"), analyse(SECOND, "a2")], words=40)
    ids = {entity.id for entity in brief.entities}
    assert ids and all(quote.speaker.entity in ids for quote in brief.quotes if quote.speaker.entity)
    assert any(quote.also_in for quote in brief.quotes)
    data = brief.to_dict()
    assert {mention["article"] for entity in data["entities"] for mention in entity["mentions"]} == {
        "a1",
        "a2",
    }


def test_entities_of_unrelated_records_do_not_break_merging() -> None:
    article = Article("a1", "a1", "", entities=[Entity("e1", "Ana Ruiz", "PERSON", "ruiz")])
    article.quotes = [quote("a1", "the port stays open", "Ana Ruiz")]
    article.quotes[0].speaker.entity = "e9"  # an id the article does not have
    ledger = merge_quotes([article], link_entities([article]))
    assert ledger[0].speaker.entity is None  # never a dangling id in the briefing
