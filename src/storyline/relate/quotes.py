"""The cross-outlet quote ledger: every quote of a story once, with the other outlets that carried it.

Why token containment and not exact text: outlets trim, splice and re-punctuate the same words ("get off
the sidelines" in one, a full sentence in another, curly or straight marks), so two quotes are the same
when most of the shorter one's words appear in the longer one (containment), with a Jaccard fallback for
paraphrases of similar length. Only quotes whose speakers agree (same ``Entity.key``, or either speaker
unknown) are compared, so two people saying "we will not submit" stay apart.

The entry kept for a group is the best one: a direct quote before a partial, indirect or transcript
one, then the higher confidence, then the longer content; ``also_in`` lists the other articles.
The ledger is grouped by speaker key (speakers with most quotes first), then in story order.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence

from storyline.model import Article, Entity, Quote

CONTAINMENT = 0.7
JACCARD = 0.5
MIN_TOKENS = 3
KIND_RANK = {"direct": 0, "transcript": 1, "partial": 2, "indirect": 3}
_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "of", "to", "and", "in", "that", "is", "it", "for", "on", "be", "will", "with"}


def content_tokens(quote: Quote) -> set[str]:
    """Folded content words of a quote (accents, case and punctuation ignored; stop words dropped)."""
    text = " ".join(span.text for span in quote.content)
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    return {token for token in _TOKEN.findall(folded) if token not in _STOP}


def same_quote(a: set[str], b: set[str]) -> bool:
    """Token containment of the shorter in the longer, or Jaccard for similar lengths."""
    if len(a) < MIN_TOKENS or len(b) < MIN_TOKENS:
        return a == b and bool(a)
    common = len(a & b)
    return common / min(len(a), len(b)) >= CONTAINMENT or common / len(a | b) >= JACCARD


def speaker_key(quote: Quote, entities: dict[str, Entity]) -> str:
    """The speaker's cross-article key: the entity key when resolved, else the folded speaker name."""
    entity = entities.get(quote.speaker.entity or "")
    if entity is not None:
        return entity.key
    name = unicodedata.normalize("NFKD", quote.speaker.name)
    name = "".join(char for char in name if not unicodedata.combining(char)).lower()
    return re.sub(r"^(the|a|an) ", "", re.sub(r"\s+", " ", name).strip())


def merge_quotes(articles: list[Article]) -> list[Quote]:
    """All quotes of ``articles``, one entry per quote carried by several outlets, grouped by speaker.

    Returned quotes are copies; the articles' own ``quotes`` are not modified.
    """
    items: list[tuple[str, set[str], Quote, int]] = []
    for order, article in enumerate(articles):
        entities = {entity.id: entity for entity in article.entities}
        for quote in article.quotes:
            if not quote.content:
                continue
            copy = dataclasses.replace(quote, also_in=list(quote.also_in))
            items.append((speaker_key(quote, entities), content_tokens(quote), copy, order))
    groups: list[list[int]] = []
    for index, (key, tokens, quote, _order) in enumerate(items):
        placed = False
        for group in groups:
            head_key, head_tokens, _head, _ = items[group[0]]
            if any(items[member][2].article == quote.article for member in group):
                continue  # one article does not repeat itself; keep both of its quotes
            if (key == head_key or not key or not head_key) and same_quote(tokens, head_tokens):
                group.append(index)
                placed = True
                break
        if not placed:
            groups.append([index])
    merged: list[tuple[str, int, Quote]] = []
    for group in groups:
        best = min(group, key=lambda member: _rank(items[member][2]))
        quote = items[best][2]
        others = [items[member][2].article for member in group if member != best]
        quote.also_in = sorted(set(quote.also_in) | set(others) - {quote.article})
        merged.append((items[best][0], _position(items[group[0]]), quote))
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for key, position, _quote in merged:
        counts[key] = counts.get(key, 0) + 1
        first[key] = min(first.get(key, position), position)
    merged.sort(key=lambda item: (-counts[item[0]], first[item[0]], item[0], item[1]))
    return [quote for _key, _position_, quote in merged]


def _rank(quote: Quote) -> tuple[int, float, int]:
    length = sum(span.end - span.start for span in quote.content)
    return KIND_RANK.get(quote.kind, 9), -quote.confidence, -length


def _position(item: tuple[str, set[str], Quote, int]) -> int:
    _key, _tokens, quote, order = item
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
