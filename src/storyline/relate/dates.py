"""Publication dates inferred across the articles of one story, only from shared evidence.

Why: scraped articles often lose their date (RFI's page, an NPR transcript), yet a sibling that has one
reports the same event with a day. When an undated article names a day relative to its own date
("at Friday's Friends of Syria conference", "took place in Paris today") and a dated sibling names a day
in a sentence about the same event ("to attend Friday's 'Friends of Syria' meeting" -> 2012-07-06), the
undated article was published on (or just after) that day:

* "today"/"tonight" -> published that day; "yesterday" -> the day after;
* a past or neutral weekday name -> published on that day (the earliest date consistent with "the most
  recent such day on or before publication"); the sibling's date must fall on that weekday;
* future-tense mentions and weekday names with "last"/"next" give no evidence (too loose).

"Same event" means the two sentences share at least ``MIN_SHARED`` content words whose story-level
rarity (smoothed idf over the story's articles) sums to at least ``MIN_WEIGHT``: words every article uses
("Syria") count for nothing. Candidate dates are voted on; a tie between different dates, or no
evidence, leaves the article undated — unknown is an honest answer, a guess is not.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter

from storyline.analyse.dates import RelativeDay, find_dates, parse_iso, relative_days
from storyline.model import Article, DateMention

MIN_SHARED = 3
MIN_WEIGHT = 1.0
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight",
    "yesterday", "tomorrow", "night", "morning", "evening", "afternoon", "week", "weekend", "month", "year",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}


def _stop_words() -> frozenset[str]:
    try:
        from spacy.lang.en.stop_words import STOP_WORDS

        return frozenset(STOP_WORDS)
    except Exception:  # spaCy is a dependency, but the rule must not die with it
        return frozenset({"the", "a", "an", "of", "in", "on", "at", "to", "and", "or", "for", "with", "was"})


_STOP = _stop_words()


def content_words(text: str) -> set[str]:
    """Lower-cased content words of a sentence, without stop words and date words."""
    words = {w.lower().removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text)}
    return {w for w in words if w not in _STOP and w not in _DATE_WORDS}


def _sentence_bounds(article: Article, start: int) -> tuple[int, int]:
    for sentence in article.sentences:
        if sentence.start <= start < sentence.end:
            return sentence.start, sentence.end
    text = article.text
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0]
    return left, (min(right_candidates) if right_candidates else len(text))


def _idf(articles: list[Article]) -> dict[str, float]:
    """Smoothed story-level rarity: log((n + 1) / df)."""
    df: Counter[str] = Counter()
    for article in articles:
        df.update(content_words(article.text))
    n = len(articles)
    return {word: math.log((n + 1) / count) for word, count in df.items()}


def _publication_from(mention: RelativeDay, event: dt.date) -> dt.date | None:
    """The publication date implied if ``mention`` refers to ``event`` (None when it gives no evidence)."""
    if mention.future or mention.relation in ("last", "next", "this"):
        return None
    if mention.offset is not None:
        return event - dt.timedelta(days=mention.offset)
    if mention.weekday is not None and event.weekday() == mention.weekday:
        return event
    return None


def _distance(text: str, words: set[str], idf: dict[str, float], position: int) -> float:
    """How far ``position`` is from the shared words: idf-weighted distance to each word's nearest use."""
    nearest: dict[str, int] = {}
    for match in _WORD.finditer(text):
        word = match.group(0).lower().removesuffix("'s").removesuffix("’s")
        if word in words:
            gap = abs(match.start() - position)
            nearest[word] = min(gap, nearest.get(word, gap))
    return sum(idf.get(word, 0.0) * gap for word, gap in nearest.items())


def infer_publication_date(
    article: Article, siblings: list[Article], idf: dict[str, float] | None = None
) -> str | None:
    """The publication date of an undated ``article`` from dated ``siblings``, or None without evidence.

    Each (relative mention, sibling sentence about the same event) pair casts one vote, for the sibling
    mention that is consistent with it and nearest to the shared words (a sentence may hold two days:
    "arrived Thursday night ... to attend Friday's meeting").
    """
    dated = [s for s in siblings if s.id != article.id and parse_iso(s.published)]
    if not dated:
        return None
    idf = idf if idf is not None else _idf([article, *dated])
    sibling_sentences: list[tuple[str, int, list[DateMention]]] = []
    for sibling in dated:
        mentions = [m for m in (sibling.dates or find_dates(sibling.text, parse_iso(sibling.published)))
                    if m.granularity == "day"]
        by_sentence: dict[tuple[int, int], list[DateMention]] = {}
        for stated in mentions:
            by_sentence.setdefault(_sentence_bounds(sibling, stated.span.start), []).append(stated)
        for (left, right), group in by_sentence.items():
            sibling_sentences.append((sibling.text[left:right], left, group))
    votes: Counter[dt.date] = Counter()
    for mention in relative_days(article.text):
        left, right = _sentence_bounds(article, mention.span.start)
        words = content_words(article.text[left:right])
        for text, offset, group in sibling_sentences:
            shared = words & content_words(text)
            if len(shared) < MIN_SHARED or sum(idf.get(w, 0.0) for w in shared) < MIN_WEIGHT:
                continue
            options = []
            for candidate in group:
                published = _publication_from(mention, dt.date.fromisoformat(candidate.value))
                if published is not None:
                    gap = _distance(text, shared, idf, candidate.span.start - offset)
                    options.append((gap, published))
            if options:
                votes[min(options)[1]] += 1
    if not votes:
        return None
    ranked = votes.most_common(2)
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0].isoformat()


def redate(article: Article) -> None:
    """Re-resolve an article's dates and claims after its publication date changed."""
    article.dates = find_dates(article.text, parse_iso(article.published))
    if article.claims:
        try:
            from storyline.analyse.claims import extract_claims
            from storyline.analyse.nlp import get_nlp

            article.claims = extract_claims(article, get_nlp()(article.text))
        except Exception:  # keep the old claims (dated by the article) rather than none
            pass


def infer_publication_dates(articles: list[Article]) -> None:
    """Fill ``published`` (``published_from="inferred"``) where no date is known, then re-resolve those
    articles' relative dates (and the dates of their claims). Mutates ``articles`` in place."""
    undated = [a for a in articles if not parse_iso(a.published)]
    if not undated:
        return
    stated = [a for a in articles if parse_iso(a.published)]
    idf = _idf(articles)
    inferred: dict[str, str] = {}
    for article in undated:
        value = infer_publication_date(article, stated, idf)
        if value is not None:
            inferred[article.id] = value
    for article in undated:
        if article.id in inferred:
            article.published = inferred[article.id]
            article.published_from = "inferred"
            redate(article)


def day_mentions(article: Article) -> list[DateMention]:
    """Day-precise date mentions of an article (what inference and timelines can use)."""
    return [m for m in article.dates if m.granularity == "day"]
