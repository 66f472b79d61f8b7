"""The cross-outlet quote ledger: every quote of a story once, with the other outlets that carried it.

Why token overlap and not exact text: outlets trim, splice and re-punctuate the same words ("get off
the sidelines" in one, a full sentence in another, curly or straight marks), so two quotes are the same
when their content words overlap (Jaccard ≥ 0.5), when most of the shorter one's words appear in the
longer one (containment ≥ 0.7), or when they share a phrase of at least four words, two of them content
words that are not part of a name ("will not take him in", not "President Bashar al-Assad"). Only quotes
of the same speaker are compared, so two people saying "we will not submit" stay apart: the same story
entity (``relate.entities``) when the speakers were resolved, else the same folded speaker name.

Given the story's entities, each ledger quote's ``speaker.entity`` is the story-wide id (``e1`` …) that
``Brief.entities`` lists; the articles' own quotes keep their per-article ids (they are copies).

The entry kept for a group is the best one: a direct quote before a partial, indirect or transcript
one, then the higher confidence, then the longer content; ``also_in`` lists the other articles.
The ledger is grouped by speaker key (speakers with most quotes first), then in story order.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping, Sequence

from storyline.model import Article, Entity, Quote, StoryEntity
from storyline.relate.entities import member_index, story_entity_of

CONTAINMENT = 0.7
JACCARD = 0.5
MIN_TOKENS = 3
PHRASE_WORDS = 4  # a shared run of this many words is the same quotation
PHRASE_CONTENT = 2  # of which at least this many are lower-case content words (not a name)
KIND_RANK = {"direct": 0, "transcript": 1, "partial": 2, "indirect": 3}
_TOKEN = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")
_STOP = {"the", "a", "an", "of", "to", "and", "in", "that", "is", "it", "for", "on", "be", "will", "with"}
# function words that never make a shared phrase distinctive ("but was told that")
_FUNCTION = _STOP | {
    "but", "or", "not", "no", "was", "were", "are", "am", "been", "being", "has", "have", "had", "do",
    "does", "did", "this", "these", "those", "there", "then", "than", "he", "she", "we", "they", "i",
    "you", "him", "her", "us", "them", "his", "its", "our", "their", "my", "your", "at", "by", "from",
    "as", "so", "if", "would", "could", "should", "can", "may", "might", "must", "shall", "said", "told",
}
QUOTED_KINDS = {"direct", "partial", "transcript"}


def content_tokens(quote: Quote) -> set[str]:
    """Folded content words of a quote (accents, case and punctuation ignored; stop words dropped)."""
    folded = _fold(" ".join(span.text for span in quote.content))
    return {token for token in _TOKEN.findall(folded) if token not in _STOP}


def same_quote(a: set[str], b: set[str]) -> bool:
    """Token containment of the shorter in the longer, or Jaccard for similar lengths."""
    if len(a) < MIN_TOKENS or len(b) < MIN_TOKENS:
        return a == b and bool(a)
    common = len(a & b)
    return common / min(len(a), len(b)) >= CONTAINMENT or common / len(a | b) >= JACCARD


def quoted_phrases(quote: Quote) -> set[tuple[str, ...]]:
    """Every run of ``PHRASE_WORDS`` folded words of a quotation (direct, partial or transcript: the
    speaker's own words, not a reporter's paraphrase) with ``PHRASE_CONTENT`` content words written in
    lower case (so a run of capitalised names, "President Bashar al-Assad", does not count)."""
    phrases: set[tuple[str, ...]] = set()
    if quote.kind not in QUOTED_KINDS:
        return phrases
    for span in quote.content:
        words = _WORD.findall(span.text)
        folded = [_fold(word) for word in words]
        for index in range(len(words) - PHRASE_WORDS + 1):
            run = range(index, index + PHRASE_WORDS)
            content = sum(1 for i in run if words[i][:1].islower() and folded[i] not in _FUNCTION)
            if content >= PHRASE_CONTENT:
                phrases.add(tuple(folded[i] for i in run))
    return phrases


def speaker_key(quote: Quote, entities: dict[str, Entity], story: Mapping[str, str] | None = None) -> str:
    """The speaker's cross-article key: the story entity id when ``story`` (``member_index``) resolves
    the speaker, else the per-article entity key, else the folded speaker name."""
    if story is not None:
        linked = story_entity_of(story, quote.article, quote.speaker.entity)
        if linked is not None:
            return f"#{linked}"
    entity = entities.get(quote.speaker.entity or "")
    if entity is not None:
        return entity.key
    name = _fold(quote.speaker.name)
    return re.sub(r"^(the|a|an) ", "", re.sub(r"\s+", " ", name).strip())


def merge_quotes(
    articles: list[Article],
    entities: Sequence[StoryEntity] | None = None,
    *,
    min_confidence: float = 0.0,
) -> list[Quote]:
    """All quotes of ``articles`` of at least ``min_confidence``, one entry per quote carried by several
    outlets, grouped by speaker.

    Filtering comes before merging so that a weak copy (a stance cue, an infinitive) never stands for a
    group and then drops out of the ledger with it. With ``entities`` (``link_entities(articles)``),
    speakers are compared and pointed at by story-wide id. Returned quotes (and their speakers) are
    copies; the articles' own ``quotes`` are not modified.
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
            if any(same_quote(tokens, items[m][1]) or phrases & items[m][2] for m in group):
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


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(char for char in folded if not unicodedata.combining(char)).lower()


def _rank(quote: Quote) -> tuple[int, float, int]:
    length = sum(span.end - span.start for span in quote.content)
    return KIND_RANK.get(quote.kind, 9), -quote.confidence, -length


def _position(quote: Quote, order: int) -> int:
    return order * 10_000_000 + (quote.content[0].start if quote.content else 0)


def ledger(quotes: Sequence[Quote]) -> list[tuple[str, list[Quote]]]:
    """Consecutive quotes of ``merge_quotes`` output grouped under their speaker's name."""
    groups: list[tuple[str, list[Quote]]] = []
    for quote in quotes:
        if groups and groups[-1][0] == quote.speaker.name:
            groups[-1][1].append(quote)
        else:
            groups.append((quote.speaker.name, [quote]))
    return groups
