"""Terms, concepts and weights for extractive summarisation.

Why concepts (stemmed content words and bigrams) weighted by how many *articles* use them: a fact several
outlets report is what a multi-document summary should say first (Gillick & Favre's concept coverage,
the strongest simple objective on DUC). Counting articles rather than occurrences stops one long or
repetitive article from dominating, and weighting each article by how close it is to the rest of the story
silences off-topic pages that scraping let in (error pages, "related stories").

Everything here is linear in the number of tokens: no sentence-by-sentence similarity matrix.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from storyline.grammar.stopwords import STOP_WORDS as SPACY_STOP_WORDS

_TOKEN = re.compile(r"[a-z0-9]+")
# Built on spaCy's list (a kept copy in storyline.grammar, so this step never imports spaCy; importing
# scikit-learn for its list would cost a second of start-up).
# The adjustments were measured on the ROUGE harness: verbs such as "make" and "used"
# carry topic in news, while generic nouns ("system", "detail", "interest") and abbreviations do not.
_TOPICAL = frozenset(
    {"doing", "make", "quite", "really", "regarding", "unless", "used", "using", "various", "ca"}
)
_GENERIC = frozenset(
    [
        "bill",
        "cant",
        "co",
        "con",
        "couldnt",
        "cry",
        "de",
        "describe",
        "detail",
        "eg",
        "etc",
        "fill",
        "find",
        "fire",
        "found",
        "hasnt",
        "ie",
        "inc",
        "interest",
        "ltd",
        "mill",
        "sincere",
        "system",
        "thick",
        "thin",
        "un",
    ]
)
_SPACY = frozenset(word for word in SPACY_STOP_WORDS if word.isalpha())
STOP_WORDS = (
    (_SPACY - _TOPICAL)
    | _GENERIC
    | frozenset(
        {
            "said",
            "says",
            "say",
            "told",
            "according",
            "mr",
            "mrs",
            "ms",
            "dr",
            "s",
            "t",
            "just",
            "like",
            "also",
            "year",
            "years",
            "new",
            "time",
            "people",
            "did",
            "does",
            "don",
            "got",
            "going",
            "way",
        }
    )
)
# words a query uses to ask rather than to name what it wants
QUERY_STOP_WORDS = STOP_WORDS | frozenset(
    {
        "describe",
        "discuss",
        "explain",
        "identify",
        "include",
        "including",
        "information",
        "specific",
        "activities",
        "activity",
        "involved",
        "involvement",
        "provide",
        "details",
        "detail",
        "report",
        "reports",
        "happened",
        "aspects",
        "efforts",
        "effects",
        "events",
        "kind",
        "kinds",
        "type",
        "types",
        "known",
        "give",
        "examples",
        "example",
        "list",
        "role",
        "roles",
        "issues",
        "issue",
        "impact",
        "nature",
        "status",
        "taken",
        "steps",
        "current",
        "reasons",
        "reason",
        "various",
        "reported",
        "factors",
        "associated",
    }
)


@functools.lru_cache(maxsize=200_000)
@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem of a lower-case word (words of three letters or fewer kept), as rouge-score stems.

    The Snowball project's implementation of the original Porter algorithm is used rather than NLTK's:
    importing NLTK cost 0.6 s of every command's start-up, and the two agree on 98% of news words.
    """
    if len(word) <= 3:
        return word
    return str(_porter().stemWord(word))


@functools.cache
def _porter() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


def tokens(text: str) -> list[str]:
    """Lower-case alphanumeric stems of ``text``, stop words included (they matter for bigrams)."""
    return [stem(word) for word in _TOKEN.findall(text.lower())]


def content_terms(toks: Sequence[str], stop: frozenset[str] = STOP_WORDS) -> list[str]:
    """Stems that carry content: not stop words, not bare numbers of one digit."""
    return [tok for tok in toks if tok not in stop and not (tok.isdigit() and len(tok) == 1)]


def concepts(toks: Sequence[str]) -> set[str]:
    """Content unigrams plus bigrams that contain at least one content word."""
    out = set(content_terms(toks))
    for first, second in itertools.pairwise(toks):
        if first not in STOP_WORDS or second not in STOP_WORDS:
            out.add(first + " " + second)
    return out


def query_terms(query: str | None) -> set[str]:
    """Stems of the content words of a query, without the words that only frame the request."""
    if not query:
        return set()
    stems_of_stop = {stem(word) for word in QUERY_STOP_WORDS}
    words = _TOKEN.findall(query.lower())
    return {stem(w) for w in words if w not in QUERY_STOP_WORDS and stem(w) not in stems_of_stop}


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine of two sparse count vectors."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(key, 0) for key, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def article_weights(term_bags: Sequence[Counter[str]]) -> list[float]:
    """How central each article is: cosine of its terms to the summed terms of all the *other* articles.

    Scaled so the most central article weighs 1. A lone article weighs 1. Off-topic pages score near 0.
    """
    if len(term_bags) <= 1:
        return [1.0] * len(term_bags)
    document_frequency: Counter[str] = Counter()
    for bag in term_bags:
        document_frequency.update(bag.keys())
    n = len(term_bags)
    idf = {term: math.log((n + 1) / (df + 0.5)) for term, df in document_frequency.items()}
    weighted = [Counter({t: (1 + math.log(c)) * idf[t] for t, c in bag.items()}) for bag in term_bags]
    total: Counter[str] = Counter()
    for bag in weighted:
        total.update(bag)
    total_sq = sum(v * v for v in total.values())
    sims = []
    for bag in weighted:
        # cosine(bag, total - bag) from dot products with the total: linear in the article's own terms
        dot = sum(v * total[t] for t, v in bag.items())
        own = sum(v * v for v in bag.values())
        others_sq = total_sq - 2 * dot + own
        denominator = math.sqrt(own) * math.sqrt(max(others_sq, 0.0))
        sims.append((dot - own) / denominator if denominator > 1e-12 else 0.0)
    best = max(sims) or 1.0
    return [s / best for s in sims]


def concept_weights(
    sentence_concepts: Iterable[tuple[int, int, set[str]]],
    weights: Sequence[float],
    position_decay: float,
) -> dict[str, float]:
    """Weight of each concept: sum over articles of the article's weight times how early it appears there.

    ``sentence_concepts`` yields ``(article_index, rank_in_article, concepts)``. Within one article a
    concept is valued at its earliest position (news puts what matters first), once per article however
    often it repeats (counting repeats measured worse on the ROUGE harness).
    """
    best: dict[tuple[int, str], float] = {}
    for article, rank, found in sentence_concepts:
        prior = 1.0 / (1.0 + rank / position_decay) if position_decay > 0 else 1.0
        for concept in found:
            key = (article, concept)
            if best.get(key, 0.0) < prior:
                best[key] = prior
    out: defaultdict[str, float] = defaultdict(float)
    for (article, concept), prior in best.items():
        out[concept] += weights[article] * prior
    return dict(out)
