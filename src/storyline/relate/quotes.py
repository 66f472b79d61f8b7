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

Each quote joins the first earlier group it matches. Only the groups an inverted index finds (groups with
a member that shares a rare content token or a quoted phrase with it, and a speaker key it may join) are
tried, which gives exactly the ledger of trying every group (``_group_items`` says why) without the
quadratic cost on a story of thousands of articles.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain

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

# one ledger candidate: speaker key, content tokens, quoted phrases, the copy, the article's story order
_Item = tuple[str, set[str], set[tuple[str, ...]], Quote, int]
# what the blocking index is keyed by: a content token or a quoted phrase
_Feature = str | tuple[str, ...]


def content_tokens(quote: Quote) -> set[str]:
    """Folded content words of a quote (accents, case and punctuation ignored; stop words dropped)."""
    folded = _fold(" ".join(span.text for span in quote.content))
    return {token for token in _TOKEN.findall(folded) if token not in _STOP}


def same_quote(a: set[str], b: set[str]) -> bool:
    """Token containment of the shorter in the longer, or Jaccard for similar lengths."""
    if len(a) < MIN_TOKENS or len(b) < MIN_TOKENS:
        return a == b and bool(a)
    common = len(a & b)  # the union's size is counted, not built: this runs for every candidate pair
    return common / min(len(a), len(b)) >= CONTAINMENT or common / (len(a) + len(b) - common) >= JACCARD


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
    items: list[_Item] = []
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
    groups = _group_items(items)
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


def _group_items(items: Sequence[_Item]) -> list[list[int]]:
    """The groups of ``items`` (lists of item indices, in creation order): each item joins the first
    group, in creation order, that has no quote of its article, whose first member's speaker key equals
    the item's (or either key is empty), and that has a member whose tokens pass ``same_quote`` with the
    item's or that shares a quoted phrase with it; else it starts a new group.

    Why an index: comparing every quote with every group is quadratic (83 of 338 s of a 1,000-article
    story). Both ways to match need something shared, so each item is compared only with the members an
    index finds for it, among the groups whose speaker key it may join (``_Postings``), and the lowest
    matching group among them is taken. Every member the old scan could match is found (see
    ``_prefixes`` for the tokens; phrases are indexed whole: they are matched exactly and need not be
    content tokens, a non-Latin quotation has phrases but no token), so a group left out cannot match and
    the choice is the old scan's. A quote with neither tokens nor phrases finds nothing and starts its
    own group, as before (``same_quote`` of an empty set is false).
    """
    rank = _token_order(items)
    heads, bodies, quoted = _Postings(), _Postings(), _Postings()
    groups: list[list[int]] = []
    group_articles: list[set[str]] = []
    for index, (key, tokens, phrases, quote, _order) in enumerate(items):
        head, body = _prefixes(tokens, rank)
        phrase_list = sorted(phrases)
        candidates: dict[int, list[list[int]]] = {}  # group -> lists of its members found
        found = chain(bodies.lookup(key, head), heads.lookup(key, body), quoted.lookup(key, phrase_list))
        for posting in found:
            for group, members in posting.items():
                candidates.setdefault(group, []).append(members)
        chosen = -1
        for group in sorted(candidates):
            if quote.article in group_articles[group]:
                continue  # one article does not repeat itself; keep both of its quotes
            found_members = dict.fromkeys(m for members in candidates[group] for m in members)
            if any(same_quote(tokens, items[m][1]) or phrases & items[m][2] for m in found_members):
                chosen = group
                break
        if chosen < 0:
            chosen = len(groups)
            groups.append([])
            group_articles.append(set())
        groups[chosen].append(index)
        group_articles[chosen].add(quote.article)
        group_key = items[groups[chosen][0]][0]
        heads.add(group_key, head, chosen, index)
        bodies.add(group_key, body, chosen, index)
        quoted.add(group_key, phrase_list, chosen, index)
    return groups


class _Postings:
    """Per feature, the groups whose members have it and those members, in the order they came.

    Why by group and keyed by the group's speaker key: a candidate is a group (the first matching one is
    wanted, and one member of it that matches is enough), so a posting list of a group of fifty copies is
    one entry, not fifty; and a quote of speaker key ``k`` may join only a group whose first member's key
    is ``k`` or empty, while a quote of no key may join any group, so it looks features up alone.
    """

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, _Feature], dict[int, list[int]]] = {}
        self.by_feature: dict[_Feature, dict[int, list[int]]] = {}

    def add(self, group_key: str, features: Iterable[_Feature], group: int, member: int) -> None:
        for feature in features:
            self.by_key.setdefault((group_key, feature), {}).setdefault(group, []).append(member)
            self.by_feature.setdefault(feature, {}).setdefault(group, []).append(member)

    def lookup(self, key: str, features: Iterable[_Feature]) -> Iterator[dict[int, list[int]]]:
        """Per feature, the groups a quote of speaker ``key`` may join that have it, with the members."""
        empty: dict[int, list[int]] = {}
        for feature in features:
            if key:
                yield self.by_key.get((key, feature), empty)
                yield self.by_key.get(("", feature), empty)
            else:
                yield self.by_feature.get(feature, empty)


def _token_order(items: Sequence[_Item]) -> dict[str, tuple[int, str]]:
    """A total order of all content tokens, rarest first (ties by the token), fixed before grouping.

    Why fixed and shared: the prefix filter (``_prefixes``) is exact only when every set is cut in the
    same order; rarest first keeps the frequent words ("we", "not", "people"), whose posting lists would
    be the longest, out of the prefixes.
    """
    counts: dict[str, int] = {}
    for item in items:
        for token in item[1]:
            counts[token] = counts.get(token, 0) + 1
    return {token: (count, token) for token, count in counts.items()}


def _prefixes(tokens: set[str], rank: Mapping[str, tuple[int, str]]) -> tuple[list[str], list[str]]:
    """The head and the body of a token set: its first ``n - _fewest_shared(n, True) + 1`` and first
    ``n - _fewest_shared(n) + 1`` tokens (``n`` of them) in ``rank`` order.

    Why these find every pair (the prefix filter): if two sets share at least ``c`` tokens, the first
    shared one in the global order is among the first ``len - c + 1`` tokens of each (the other ``c - 1``
    shared ones follow it). Of a pair ``same_quote`` accepts, the smaller set shares at least
    ``_fewest_shared(size, True)`` tokens with the larger (its head holds the first shared token) and
    each shares at least ``_fewest_shared(size)`` (its body holds it). So a quote looks its head up among
    the bodies already indexed (partners as large as it) and its body among the heads (partners as small).
    The head is short for a long quote: its rarest third, not the common words.
    """
    ordered = sorted(tokens, key=rank.__getitem__)
    size = len(ordered)
    return ordered[: size - _fewest_shared(size, True) + 1], ordered[: size - _fewest_shared(size) + 1]


@functools.cache
def _fewest_shared(size: int, larger: bool = False) -> int:
    """The fewest tokens a set of ``size`` tokens shares with a set ``same_quote`` accepts beside it: any
    set, or (``larger``) any set at least as large (``size + 1``: none is accepted, as for the empty set).

    Why computed from ``same_quote`` itself: the index stays exact if the thresholds change. The
    predicate depends only on the two sizes and the overlap, and a partner larger than ``size`` is never
    easier to accept than one of ``size`` (below ``MIN_TOKENS`` it must be equal; above, containment is
    the same and Jaccard lower), so partners up to ``size`` (exactly ``size`` for ``larger``) are tried.
    """
    ours = [f"a{i}" for i in range(size)]
    partners = [size] if larger else list(range(size + 1))
    for common in range(1, size + 1):
        for other in partners:
            if other >= common:
                partner = set(ours[:common]) | {f"b{i}" for i in range(other - common)}
                if same_quote(set(ours), partner):
                    return common
    return size + 1


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
