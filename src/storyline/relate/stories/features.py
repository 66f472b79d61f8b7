"""What the story grouper knows of one article: weighted terms of two kinds, a day, a title, a fingerprint.

Why two kinds of terms: two earthquakes are told with the same words ("magnitude", "epicentre",
"aftershock") and differ in who and where; one earthquake told by two outlets shares both. So the words
*outside* named entities say what kind of event it is (the topic level), and the entities (people count most,
then organisations and places), the numbers and the stated dates say which event it is (the story level).

Everything here is a function of one analysed article, so any executor can compute it; the grouping that
follows is the only sequential step.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline.analyse.entities import entity_key
from storyline.clean.dedupe import BANDS, ROWS, signature
from storyline.grammar.dates import parse_iso
from storyline.grammar.stopwords import STOP_WORDS
from storyline.model import Article

# How much one mention of an entity weighs against one content word, by spaCy label. People identify an
# event best; places and organisations recur across events of one kind (police, a country) a little more.
ENTITY_WEIGHTS = {"PERSON": 3.0, "ORG": 2.0, "GPE": 2.0, "LOC": 2.0, "FAC": 2.0, "NORP": 1.0}
NUMBER_WEIGHT = 1.5  # "magnitude 6.1", "12 dead": numbers of the event, weighed like a place
DATE_WEIGHT = 1.5  # an event day stated in the text ("on 13 November")

ENTITY_PREFIX, NUMBER_PREFIX, DATE_PREFIX = "e:", "n:", "d:"

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*[^\W_]|[^\W\d_]", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,:])\d[\d,]*(?:\.\d+)?(?![\w:])")  # not clock times ("4:12")


@dataclass(slots=True)
class StoryFeatures:
    """One article as the grouper compares it.

    ``content`` and ``specific`` hold raw weights (``1 + log tf`` times the kind's weight) before inverse
    document frequencies, which the grouper applies because they change as the stream grows. ``day`` is the
    publication date as an ordinal (None when the article is undated: it is then grouped by content alone).
    ``bands`` are the MinHash LSH band keys of the text, so a syndicated copy always joins its original.
    """

    article_id: str
    day: int | None
    content: dict[str, float]
    specific: dict[str, float]
    bands: list[int] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None

    def terms(self) -> dict[str, float]:
        """Both kinds of terms together (the story level)."""
        return {**self.content, **self.specific}

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "day": self.day,
            "content": self.content,
            "specific": self.specific,
            "bands": self.bands,
            "title": self.title,
            "outlet": self.outlet,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryFeatures:
        return cls(
            article_id=str(data["article_id"]),
            day=data.get("day"),
            content={str(k): float(v) for k, v in data.get("content", {}).items()},
            specific={str(k): float(v) for k, v in data.get("specific", {}).items()},
            bands=[int(b) for b in data.get("bands", [])],
            title=data.get("title"),
            outlet=data.get("outlet"),
        )


@functools.cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word (cached: news vocabulary repeats heavily)."""
    return str(_stemmer().stemWord(word))


def content_terms(text: str) -> Counter[str]:
    """Stems of the words of ``text`` that are not stop words (at least three letters)."""
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("\u2019", "'")
        if len(word) < 3 or word in STOP_WORDS:
            continue
        counts[stem(word)] += 1
    return counts


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans blanked out (offsets kept), so names do not count as content words."""
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            start = position
        if start >= end:
            continue
        pieces.append(text[position:start])
        pieces.append(" " * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _weighted(counts: Counter[str], weight: float = 1.0) -> dict[str, float]:
    return {term: weight * (1.0 + math.log(count)) for term, count in counts.items()}


def band_keys(text: str) -> list[int]:
    """One 64-bit key per MinHash LSH band (the same banding as ``clean.dedupe``)."""
    minhash = signature(text)
    keys: list[int] = []
    for band in range(BANDS):
        chunk = np.ascontiguousarray(minhash[band * ROWS : (band + 1) * ROWS]).tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()  # stable across processes
        keys.append(int.from_bytes(digest, "little") >> 1)  # fits a signed 64-bit column
    return keys


def grouping_key(name: str) -> str:
    """The key an entity is matched by across articles: its full folded name, whatever its label.

    Why not ``Entity.key``: that is a person's surname, and the label comes from one article's parse, so a
    town that one parse calls a person ("Hollins Ford" -> "ford") would miss itself in the next article.
    An entity's name is its longest mention, which news writes in full at first mention in every article.
    """
    return entity_key(name, "")


def story_features(article: Article) -> StoryFeatures:
    """The grouper's view of one analysed article (entities must have been found; other layers optional)."""
    spans = [(m.start, m.end) for entity in article.entities for m in entity.mentions]
    content = content_terms(_masked(article.text, spans))
    if article.title:
        for term, count in content_terms(_masked(article.title, [])).items():
            content[term] += count  # a title word counts once more than the same word in the body
    weights = _weighted(content)
    specific: dict[str, float] = {}
    for entity in article.entities:
        weight = ENTITY_WEIGHTS.get(entity.label)
        name_key = grouping_key(entity.name)
        if weight is None or not name_key:
            continue
        key = ENTITY_PREFIX + name_key
        value = weight * (1.0 + math.log(max(1, len(entity.mentions))))
        specific[key] = max(specific.get(key, 0.0), value)
    numbers = Counter(
        NUMBER_PREFIX + match.group().replace(",", "")
        for match in _NUMBER.finditer(article.text)
        if match.group() not in {"0", "1"}
    )
    specific.update(_weighted(numbers, NUMBER_WEIGHT))
    days = Counter(DATE_PREFIX + mention.value[:10] for mention in article.dates if len(mention.value) >= 10)
    specific.update(_weighted(days, DATE_WEIGHT))
    published = parse_iso(article.published)
    return StoryFeatures(
        article_id=article.id,
        day=published.toordinal() if published else None,
        content=weights,
        specific=specific,
        bands=band_keys(article.text),
        title=article.title,
        outlet=article.outlet,
    )
