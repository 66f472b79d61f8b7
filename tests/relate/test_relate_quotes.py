"""The quote ledger across articles: also_in, story-wide speaker ids, weak copies filtered first."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

import pytest

from storyline.analyse.entities import extract_entities
from storyline.analyse.nlp import get_nlp
from storyline.analyse.quotes import extract_quotes
from storyline.engine.pipeline import compose_brief
from storyline.model import Article, Entity, Quote, QuoteKind, Span, Speaker, StoryEntity
from storyline.relate.entities import link_entities, member_index, story_entity_of
from storyline.relate.quotes import (
    CONTAINMENT,
    JACCARD,
    MIN_TOKENS,
    _fewest_shared,
    _position,
    _rank,
    content_tokens,
    merge_quotes,
    quoted_phrases,
    same_quote,
    speaker_key,
)


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


# --- the blocked grouping gives exactly the old all-pairs scan's ledger ---------------------------------


def _old_same_quote(a: set[str], b: set[str]) -> bool:
    """``same_quote`` as it was (it now counts the union instead of building it), for the old loop."""
    if len(a) < MIN_TOKENS or len(b) < MIN_TOKENS:
        return a == b and bool(a)
    common = len(a & b)
    return common / min(len(a), len(b)) >= CONTAINMENT or common / len(a | b) >= JACCARD


def reference_merge_quotes(
    articles: list[Article],
    entities: Sequence[StoryEntity] | None = None,
    *,
    min_confidence: float = 0.0,
) -> list[Quote]:
    """A verbatim copy of ``merge_quotes`` before the blocking index: every quote against every group.

    Kept here only as the oracle the indexed version must equal, group for group and in the same order.
    """
    story = member_index(entities) if entities is not None else None
    items: list[tuple[str, set[str], set[tuple[str, ...]], Quote, int]] = []
    for order, article in enumerate(articles):
        by_id = {entity.id: entity for entity in article.entities}
        for quote in article.quotes:
            if not quote.content or quote.confidence < min_confidence:
                continue
            key = speaker_key(quote, by_id, story)
            speaker = dataclasses.replace(quote.speaker)
            if story is not None:
                speaker.entity = story_entity_of(story, quote.article, quote.speaker.entity)
            copy = dataclasses.replace(quote, speaker=speaker, also_in=list(quote.also_in))
            items.append((key, content_tokens(quote), quoted_phrases(quote), copy, order))
    groups: list[list[int]] = []
    for index, (key, tokens, phrases, quote, _order) in enumerate(items):
        placed = False
        for group in groups:
            if any(items[member][3].article == quote.article for member in group):
                continue  # one article does not repeat itself; keep both of its quotes
            if items[group[0]][0] != key and key and items[group[0]][0]:
                continue
            if any(_old_same_quote(tokens, items[m][1]) or phrases & items[m][2] for m in group):
                group.append(index)
                placed = True
                break
        if not placed:
            groups.append([index])
    merged: list[tuple[str, int, Quote]] = []
    for group in groups:
        best = min(group, key=lambda member: _rank(items[member][3]))
        quote = items[best][3]
        others = [items[member][3].article for member in group if member != best]
        quote.also_in = sorted(set(quote.also_in) | set(others) - {quote.article})
        merged.append((items[best][0], _position(items[group[0]][3], items[group[0]][4]), quote))
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for key, position, _quote in merged:
        counts[key] = counts.get(key, 0) + 1
        first[key] = min(first.get(key, position), position)
    merged.sort(key=lambda item: (-counts[item[0]], first[item[0]], item[0], item[1]))
    return [quote for _key, _position_, quote in merged]


# common words (long posting lists), stop words (no token), accented and non-Latin words (a phrase but no
# content token: "мы не сдадим порт никогда" is matched by its phrases alone), and names
VOCABULARY = " ".join(
    (
        "we will not let the old cranes rust while families wait for work harbour port stays open all year",
        "people government must never be sold to anyone promise every berth reopen money docks ships",
        "workers strike talks continue tomorrow minister said told them café juppé straße naïve 2012",
        "мы не сдадим порт никогда рабочие ждут",
    )
).split()
STOP_ONLY = ("the of and", "to be a", "it is on", "")
SPEAKERS = ("Ana Ruiz", "ana  RUIZ", "Ána Ruiz", "Leo Marsh", "the Minister", "Minister", "", "P. Lindqvist")
KINDS: tuple[QuoteKind, ...] = ("direct", "partial", "indirect", "transcript")


def synthetic_story(seed: int, articles: int = 40, longest: int = 14) -> list[Article]:
    """A story of ``articles`` articles with 0-12 quotes each (a few hundred in all) built to exercise
    every path of the matching: re-trimmed copies of a pool of statements of 1 to ``longest`` words
    (overlapping tokens, shared phrases), 1-2 token quotes (equality only), stop-word-only and non-Latin
    quotes (no tokens), empty contents, several quotes of one article, speakers resolved to entities or
    not, unattributed ones."""
    rng = random.Random(seed)
    statements = [
        " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, longest))) for _ in range(30)
    ] + ["мы не сдадим порт никогда", "рабочие ждут мы не сдадим порт", "port", "open port"]
    story: list[Article] = []
    for number in range(articles):
        article_id = f"a{number}"
        entities = [
            Entity("e1", "Ana Ruiz", "PERSON", "ruiz"),
            Entity("e2", "Leo Marsh", "PERSON", "marsh"),
            Entity("e3", "Petra Lindqvist", "PERSON", "lindqvist"),
        ][: rng.randint(0, 3)]
        quotes: list[Quote] = []
        for _ in range(rng.randint(0, 12)):
            roll = rng.random()
            if roll < 0.06:
                content: list[Span] = []
            elif roll < 0.12:
                words = rng.choice(STOP_ONLY)
                content = [Span(0, len(words), words)]
            else:
                words_list = rng.choice(statements).split()
                start = rng.randint(0, len(words_list) // 3)
                end = rng.randint(max(start + 1, len(words_list) * 2 // 3), len(words_list))
                kept = [w for w in words_list[start:end] if rng.random() > 0.1] or words_list[start:end]
                if rng.random() < 0.2:
                    kept = [w.capitalize() for w in kept]
                if rng.random() < 0.3:
                    kept.append(rng.choice(VOCABULARY))
                content = []
                offset = rng.randint(0, 500)
                for part in ([kept] if rng.random() < 0.8 or len(kept) < 4 else [kept[:3], kept[3:]]):
                    text = " ".join(part) + rng.choice(("", ",", ".", "!"))
                    content.append(Span(offset, offset + len(text), text))
                    offset += len(text) + 1
            speaker = Speaker(rng.choice(SPEAKERS))
            if entities and rng.random() < 0.5:
                speaker.entity = rng.choice([*(e.id for e in entities), "e9"])
            quotes.append(
                Quote(
                    article_id,
                    rng.choice(KINDS),
                    speaker,
                    None,
                    content,
                    also_in=rng.choice(([], [], ["a0"], ["x1"])),
                    confidence=rng.choice((0.3, 0.6, 0.9, 0.9)),
                )
            )
        story.append(Article(article_id, article_id, "", entities=entities, quotes=quotes))
    return story


@pytest.mark.parametrize(("seed", "longest"), [*((seed, 14) for seed in range(8)), (8, 40), (9, 60)])
def test_blocked_merge_equals_the_all_pairs_scan(seed: int, longest: int) -> None:
    """Token sets of up to ~45 words (``longest`` 60) reach prefixes that drop many frequent tokens."""
    story = synthetic_story(seed, longest=longest)
    assert sum(len(article.quotes) for article in story) >= 150
    linked = link_entities(story)
    merged_any = False
    for entities, min_confidence in ((None, 0.0), (None, 0.5), (linked, 0.0), (linked, 0.5)):
        reference = reference_merge_quotes(story, entities, min_confidence=min_confidence)
        expected = [q.to_dict() for q in reference]
        got = [q.to_dict() for q in merge_quotes(story, entities, min_confidence=min_confidence)]
        assert got == expected
        merged_any = merged_any or any(len(q["also_in"]) > 1 for q in got)
    assert merged_any  # the story exercises merging, not only singletons


def test_non_latin_quotes_merge_by_phrase_alone() -> None:
    one = Article("a1", "a1", "", quotes=[quote("a1", "мы не сдадим порт никогда", "Ana Ruiz")])
    two = Article("a2", "a2", "", quotes=[quote("a2", "рабочие ждут мы не сдадим порт", "Ana Ruiz")])
    assert content_tokens(one.quotes[0]) == set()  # no Latin token: only the phrase index finds the pair
    ledger = merge_quotes([one, two])
    assert ledger == reference_merge_quotes([one, two])
    assert [(q.article, q.also_in) for q in ledger] == [("a2", ["a1"])]  # the longer one stands for both


@pytest.mark.parametrize("size", range(25))
def test_fewest_shared_is_what_same_quote_accepts_of_any_partner_size(size: int) -> None:
    """The index's bounds, checked against partners up to three times larger than the shortcut tries."""
    ours = {f"a{i}" for i in range(size)}
    accepted = [
        (other, common)
        for other in range(3 * size + 4)
        for common in range(min(size, other) + 1)
        if same_quote(ours, set(sorted(ours)[:common]) | {f"b{i}" for i in range(other - common)})
    ]
    assert _fewest_shared(size) == min((c for _o, c in accepted), default=size + 1)
    assert _fewest_shared(size, True) == min((c for o, c in accepted if o >= size), default=size + 1)
