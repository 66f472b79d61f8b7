"""Extractive multi-document summary with citations: central, non-redundant sentences under a word budget.

How it works, and why:

1. Candidates are the sentences :mod:`storyline.briefing.filters` accepts (no headings, captions, teasers,
   fragments, unresolved pronouns), from every article that is not a near-duplicate of another.
2. Each candidate covers *concepts* (stemmed content words and bigrams). A concept is worth the sum, over
   the articles using it, of the article's centrality times a prior for how early the article uses it
   (:mod:`storyline.briefing.scoring`). A query, when given, multiplies the worth of its own terms and of
   the sentences that use them.
3. Sentences are chosen greedily by new-concept worth per word (a monotone submodular objective, so the
   lazy greedy below returns the same picks as plain greedy while re-scoring only a few candidates per
   step). Worth already covered counts nothing, which is what keeps the summary from repeating itself.
   Cost grows with the number of tokens times the few picks, never with pairs of sentences.
4. Each pick is cited to its own span and to the most similar sentence of every other article that says
   the same thing (found through an inverted index, again without all pairs, then checked by
   :mod:`storyline.briefing.support`: the same fact, not merely the same names), then the picks are ordered
   as the story is told (:func:`_story_order`): by article date, then every report's opening before any
   report's details, the most central article first on a tie; with a query, input order.
5. An update summary (``earlier``: articles the reader has already seen, which ``since=`` resolves to)
   discounts what the earlier articles said and skips sentences that restate them; it summarises and
   cites only the newer articles.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.briefing import filters, scoring, support
from storyline.model import Article, Citation, SummarySentence

# Tuned on the first half of multinews-dev100 and duc2007-main-dev23 (see benchmarks/summarise.py);
# AGREE_POWER and REDUNDANT re-tuned in issue 14 on the first 50 Multi-News clusters, checked on the rest.
POSITION_DECAY = 4.0  # rank at which a sentence's lead prior has halved
LENGTH_EXPONENT = 0.6  # gain per word**exponent: 1 favours short sentences, 0 long ones
AGREE_POWER = 1.25  # >1 rewards concepts several articles share more than linearly (1.5 before issue 14)
QUERY_BOOST = 3.0  # extra worth of concepts containing a query term (+1.5 R1 on DUC)
QUERY_SENTENCE_BOOST = 1.0  # extra worth of a sentence by the share of the query it matches
QUERY_FACTOR = 2.0  # multiplies a sentence's worth by 1 + factor * the share of the query it matches
REDUNDANT = 0.5  # cosine to an already chosen sentence above which a candidate is skipped (was 0.6)
CITE_SIMILARITY = 0.5  # cosine above which another article's sentence "says the same thing"
# Update summaries, tuned on the first 10 update sets (B, C) of duc2007-update-dev30, checked on the other 10
KNOWN_DISCOUNT = 0.7  # how much of a concept's worth an earlier article's mention of it takes away
KNOWN_REDUNDANT = 0.5  # cosine to an earlier article's sentence above which a candidate is old news
# Measured and dropped as neutral or harmful (see benchmarks/RESULTS.md history): a lead-sentence bonus, a
# bigram weight other than 1, sharpened article weights, partial credit for covered concepts, and counting
# a concept's repeats within an article.


@dataclass(slots=True)
class _Candidate:
    article: int
    rank: int
    usable: filters.Usable
    concepts: set[str]
    bag: Counter[str]
    bonus: float = 0.0
    factor: float = 1.0
    order: tuple[object, ...] = field(default_factory=tuple)


def summarise(
    articles: list[Article],
    *,
    words: int = 250,
    query: str | None = None,
    earlier: Sequence[Article] = (),
) -> list[SummarySentence]:
    """The most central, least redundant sentences of ``articles`` within ``words`` words, with citations.

    ``query`` (a question or topic narrative) focuses the choice on sentences about it. Articles marked as
    ``duplicate_of`` another article present in the list (or in ``earlier``) are not summarised, only cited.

    ``earlier`` makes an update summary: articles the reader has already seen. They are never chosen from
    or cited; what they said is known (:func:`_discount_known`), so a sentence of ``articles`` is worth only
    what it adds, and one that restates an earlier sentence is skipped.
    """
    if words <= 0 or not articles:
        return []
    present = {article.id for article in (*articles, *earlier)}
    sources = [a for a in articles if not (a.duplicate_of and a.duplicate_of in present)]
    candidates = _candidates(sources)
    if not candidates:
        return []
    qterms = scoring.query_terms(query)
    weights = _article_weights(sources, qterms)
    worth = scoring.concept_weights(
        ((c.article, c.rank, c.concepts) for c in candidates), weights, POSITION_DECAY
    )
    if AGREE_POWER != 1.0:
        for concept in worth:
            worth[concept] **= AGREE_POWER
    if qterms:
        _apply_query(worth, candidates, qterms)
    old = _SentenceIndex(list(earlier)) if earlier else None
    if earlier:
        _discount_known(worth, earlier)
    chosen = _story_order(_select(candidates, sources, worth, words, old), weights, bool(qterms))
    background = _background_dates(sources)
    chosen.sort(key=lambda c: c.article in background)  # stable: the story first, then its background
    index = _SentenceIndex(articles)
    summary = [_cite(c, sources[c.article], articles, index) for c in chosen]
    some_dated = any(article.published for article in sources)
    for candidate, sentence in zip(chosen, summary, strict=True):
        sentence.background = background.get(candidate.article)
        sentence.undated = some_dated and not sources[candidate.article].published
    return summary


def _story_order(chosen: list[_Candidate], weights: list[float], queried: bool) -> list[_Candidate]:
    """The picks in the order a reader follows the story: by date, then by how early each stands in its
    own article (every report's opening before any report's details: news puts the event first and
    reaction, history and background later), the most central article first on a tie, then source order.

    Interleaving by rank rather than reading one article out after another raised ROUGE-L on Multi-News
    dev by 0.03 on its first half and 0.44 on the second. With a query the picks answer a question, not
    retell the event: they keep input order, then source order (DUC RL fell 0.3 by rank, 0.5 by
    query-weighted centrality).
    """
    if queried:
        return sorted(chosen, key=lambda c: c.order)
    return sorted(chosen, key=lambda c: (c.order[0], c.order[1], c.rank, -weights[c.article], *c.order[2:]))


BACKGROUND_DAYS = 14


def _background_dates(sources: list[Article]) -> dict[int, str]:
    """Articles published well before the story's main day, with their date as a reader would say it.

    Why: a briefing of a 6 July conference that opens with a March report reads as if March were the news.
    The main day is the publication day most articles share (the latest on a tie); articles more than
    ``BACKGROUND_DAYS`` older are background, shown after the story and marked as such.
    """
    days: dict[int, date] = {}
    for index, article in enumerate(sources):
        try:
            days[index] = date.fromisoformat((article.published or "")[:10])
        except ValueError:
            continue
    if len(days) < 2:
        return {}
    counts = Counter(days.values())
    main = max(counts, key=lambda day: (counts[day], day))
    return {
        index: f"{day.day} {day.strftime('%B')} {day.year}"
        for index, day in days.items()
        if (main - day).days > BACKGROUND_DAYS
    }


def _candidates(sources: list[Article]) -> list[_Candidate]:
    out: list[_Candidate] = []
    seen: set[str] = set()
    for index, article in enumerate(sources):
        date = article.published or ""
        rank = 0
        for _, usable in filters.usable_spans(article):
            key = usable.text.lower()
            if key in seen:
                continue
            seen.add(key)
            toks = scoring.tokens(usable.text)
            bag = Counter(scoring.content_terms(toks))
            if not bag:
                continue
            order = (article.published is None, date, index, usable.start)
            out.append(_Candidate(index, rank, usable, scoring.concepts(toks), bag, order=order))
            rank += 1
    return out


def _article_weights(sources: list[Article], qterms: set[str]) -> list[float]:
    """Centrality of each article; with a query, an article answering it is central whatever the rest say."""
    bags = [Counter(scoring.content_terms(scoring.tokens(article.text))) for article in sources]
    weights = [0.05 + 0.95 * w for w in scoring.article_weights(bags)]
    if qterms:
        weights = [
            max(w, len(qterms.intersection(bag)) / len(qterms)) for w, bag in zip(weights, bags, strict=True)
        ]
    return weights


def _apply_query(worth: dict[str, float], candidates: list[_Candidate], qterms: set[str]) -> None:
    """Raise the worth of concepts naming a query term, and give sentences a bonus for query overlap."""
    for concept in worth:
        if any(part in qterms for part in concept.split(" ")):
            worth[concept] *= 1.0 + QUERY_BOOST
    mean = sum(worth.values()) / max(len(worth), 1)
    for candidate in candidates:
        share = len(qterms.intersection(candidate.bag)) / len(qterms)
        candidate.bonus += QUERY_SENTENCE_BOOST * share * mean * math.sqrt(len(candidate.concepts))
        candidate.factor = 1.0 + QUERY_FACTOR * share


def _discount_known(worth: dict[str, float], earlier: Sequence[Article]) -> None:
    """Lower the worth of concepts the earlier articles already gave the reader.

    A concept's known share is the share of the earlier articles that use it: what every earlier report
    said is old news, what one of them mentioned is still mostly news. Its worth is multiplied by
    ``1 - KNOWN_DISCOUNT * share``, never to zero, so the update still says whom and what it is about.
    (Measured on the first half of the DUC 2007 update sets: the share beat the largest lead prior of
    the concept in any earlier article, which discounted a name mentioned once at the top as fully known.)
    """
    counts: Counter[str] = Counter()
    for article in earlier:
        used: set[str] = set()
        for sentence in article.sentences:
            used |= scoring.concepts(scoring.tokens(sentence.text))
        counts.update(used)
    for concept, count in counts.items():
        if concept in worth:
            worth[concept] *= 1.0 - KNOWN_DISCOUNT * count / len(earlier)


def _gain(candidate: _Candidate, worth: dict[str, float], covered: Counter[str]) -> float:
    value = sum(worth.get(c, 0.0) for c in candidate.concepts if c not in covered)
    value += candidate.bonus
    return candidate.factor * value / (candidate.usable.words**LENGTH_EXPONENT)


def _select(
    candidates: list[_Candidate],
    sources: list[Article],
    worth: dict[str, float],
    budget: int,
    old: _SentenceIndex | None = None,
) -> list[_Candidate]:
    """Lazy greedy: pop the best stale bound, re-score it, take it if it still beats the next bound.

    A pick must have a verb (read off the analysed sentence), not repeat an earlier pick, and not repeat a
    sentence of the earlier articles indexed in ``old`` (an update summary)."""
    covered: Counter[str] = Counter()
    chosen: list[_Candidate] = []
    used = 0
    indexes: dict[int, filters.ArticleIndex] = {}  # per article, built when a verb is first looked for
    heap = [(-_gain(c, worth, covered), i) for i, c in enumerate(candidates)]
    heapq.heapify(heap)
    fresh: dict[int, int] = {}
    step = 0
    while heap and used < budget:
        negative, index = heapq.heappop(heap)
        candidate = candidates[index]
        if used + candidate.usable.words > budget:
            continue
        if fresh.get(index) != step:
            gain = _gain(candidate, worth, covered)
            fresh[index] = step
            if heap and gain < -heap[0][0]:
                heapq.heappush(heap, (-gain, index))
                continue
            negative = -gain
        if -negative <= 0:
            break
        if _redundant(candidate, chosen):
            continue
        if old is not None and old.best_per_article(candidate.bag, KNOWN_REDUNDANT):
            continue
        article = sources[candidate.article]
        if candidate.article not in indexes:
            indexes[candidate.article] = filters.ArticleIndex(article)
        if not filters.has_verb(article, candidate.usable, indexes[candidate.article]):
            continue
        chosen.append(candidate)
        covered.update(candidate.concepts)
        used += candidate.usable.words
        step += 1
    return chosen


def _redundant(candidate: _Candidate, chosen: list[_Candidate]) -> bool:
    return any(scoring.cosine(candidate.bag, other.bag) >= REDUNDANT for other in chosen)


class _SentenceIndex:
    """Inverted index of every sentence of every article, for finding which sentences say the same thing.

    Why an index: a chosen sentence only shares terms with a few other sentences, so accumulating dot
    products over its terms' postings costs far less than comparing it with every sentence.
    """

    def __init__(self, articles: list[Article]) -> None:
        self.spans: list[tuple[int, int, int]] = []
        self.norms: list[float] = []
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for a, article in enumerate(articles):
            for sentence in article.sentences:
                bag = Counter(scoring.content_terms(scoring.tokens(sentence.text)))
                row = len(self.spans)
                self.spans.append((a, sentence.start, sentence.end))
                self.norms.append(math.sqrt(sum(v * v for v in bag.values())))
                for term, count in bag.items():
                    self.postings[term].append((row, count))

    def best_per_article(self, bag: Counter[str], threshold: float) -> dict[int, tuple[float, int, int]]:
        """For each article, its sentence most similar to ``bag`` if the cosine reaches ``threshold``."""
        norm = math.sqrt(sum(v * v for v in bag.values()))
        if not norm:
            return {}
        dots: Counter[int] = Counter()
        for term, count in bag.items():
            for row, other in self.postings.get(term, ()):
                dots[row] += count * other
        best: dict[int, tuple[float, int, int]] = {}
        for row, dot in dots.items():
            similarity = dot / (norm * self.norms[row])
            article, start, end = self.spans[row]
            if similarity >= threshold and similarity > best.get(article, (0.0, 0, 0))[0]:
                best[article] = (similarity, start, end)
        return best


def _cite(
    candidate: _Candidate, article: Article, articles: list[Article], index: _SentenceIndex
) -> SummarySentence:
    """Cite the chosen span first, then the closest sentence of each other article that says the same."""
    usable = candidate.usable
    citations = [Citation(article.id, usable.start, usable.end)]
    for a, (_, start, end) in sorted(index.best_per_article(candidate.bag, CITE_SIMILARITY).items()):
        other = articles[a]
        if other.id == article.id:
            continue
        passage = filters.normalise_space(other.text[start:end])
        if support.states_same_fact(usable.text, passage, other.text[max(0, start - 3) : start]):
            citations.append(Citation(other.id, start, end))
    return SummarySentence(usable.text, citations)
