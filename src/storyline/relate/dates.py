"""Publication dates inferred across the articles of one story, only from shared evidence.

Why: scraped articles often lose their date (RFI's page, an NPR transcript), yet a sibling that has one
reports the same event with a day. When an undated article names a day relative to its own date
("at Friday's Friends of Syria conference", "took place in Paris today") and a dated sibling names a day
in a sentence about the same event ("to attend Friday's 'Friends of Syria' meeting" -> 2012-07-06), that
bounds the undated article's publication date:

* "today"/"tonight" -> published that day; "yesterday" -> the day after; "three days after the dam gave
  way, families are still waiting" -> three days after;
* a past or neutral weekday name -> published on that day or within the six days after it ("on
  Thursday" in a piece written on Sunday); the sibling's date must fall on that weekday;
* future-tense mentions and weekday names with "last"/"next" give no evidence (too loose).

"Same event" means the two sentences share at least ``MIN_SHARED`` content words whose story-level
rarity (smoothed idf over the story's articles) sums to at least ``MIN_WEIGHT`` (words every article uses,
"Syria", count for nothing), and do not state different figures ("toll reaches 21" is not the morning
the toll "has risen to 23"). Every mention's window is weighted by that rarity; the day most windows
agree on wins, the earliest of a run of equally supported days (the RFI piece on "Friday's conference"
was filed that Friday, as far as the evidence goes), and never a day before an event the article reports
in the past tense ("the 13 November breach"). Conflicting evidence (two separate best days), or none,
leaves the article undated — unknown is an honest answer, a guess is not.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter
from itertools import pairwise

from storyline.grammar.datelines import find_partial_dateline, year_from_context
from storyline.grammar.dates import (
    RelativeDay,
    parse_iso,
    past_event_days,
    relative_days,
    resolve_mentions,
    resolve_weekday,
    safe_date,
)
from storyline.grammar.stopwords import STOP_WORDS
from storyline.model import Article, DateMention, Sentence

MIN_SHARED = 3
MIN_WEIGHT = 1.0
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight",
    "yesterday", "tomorrow", "night", "morning", "evening", "afternoon", "week", "weekend", "month", "year",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}


def content_words(text: str) -> set[str]:
    """Lower-cased content words of a sentence, without stop words and date words."""
    words = {w.lower().removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text)}
    return {w for w in words if w not in STOP_WORDS and w not in _DATE_WORDS}


class _Sentences:
    """An article's sentences by start, to find the one holding an offset by bisection.

    Why: looking through every sentence for each date mention was quadratic in a long article. When the
    sentences are in order and do not overlap (as the analysis makes them), the only one that can hold an
    offset is the last starting at or before it; otherwise every sentence is looked at, as before.
    """

    def __init__(self, article: Article) -> None:
        self.sentences = article.sentences
        self.starts = [sentence.start for sentence in self.sentences]
        self.ordered = all(first.end <= second.start for first, second in pairwise(self.sentences))

    def holding(self, offset: int) -> Sentence | None:
        """The first sentence with ``start <= offset < end``, or None."""
        if self.ordered:
            index = bisect.bisect_right(self.starts, offset) - 1
            found = self.sentences[index] if index >= 0 else None
            return found if found is not None and found.start <= offset < found.end else None
        return next((s for s in self.sentences if s.start <= offset < s.end), None)


def _sentence_bounds(article: Article, start: int, sentences: _Sentences | None = None) -> tuple[int, int]:
    sentence = (sentences or _Sentences(article)).holding(start)
    if sentence is not None:
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


def _publication_window(mention: RelativeDay, event: dt.date) -> tuple[dt.date, dt.date] | None:
    """Publication dates possible if ``mention`` refers to ``event`` (None when it gives no evidence).

    "today"/"yesterday"/"three days after" pin one day; a past or neutral weekday name only says the
    event is the most recent such day on or before publication, i.e. publication within the six days
    after it ("on Thursday" in an article written on Sunday).
    """
    if mention.future or mention.relation in ("last", "next", "this"):
        return None
    if mention.offset is not None:
        day = event - dt.timedelta(days=mention.offset)
        return day, day
    if mention.weekday is not None and event.weekday() == mention.weekday:
        return event, event + dt.timedelta(days=6)
    return None


_FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w.]|,\d)")
_NOT_FIGURE = re.compile(
    r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|GMT|BST|UTC)\b"  # times
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"  # day-month dates
    r"|\b(?:1[89]|20)\d{2}\b",  # years
    re.IGNORECASE,
)


def figures(text: str) -> set[str]:
    """Counts and amounts in a sentence ("21", "300000"), leaving out times, days of the month and years."""
    cleaned = _NOT_FIGURE.sub(" ", text)
    return {match.group(0).replace(",", "") for match in _FIGURE.finditer(cleaned)}


def _same_moment(first: str, second: str) -> bool:
    """False when both sentences state figures and share none: a running count ("toll reaches 21" vs "has
    risen to 23", "£300,000" vs "£410,000") moved between them, so they were written on different days."""
    mine, theirs = figures(first), figures(second)
    return not (mine and theirs and not mine & theirs)


def _distance(text: str, words: set[str], idf: dict[str, float], position: int) -> float:
    """How far ``position`` is from the shared words: idf-weighted distance to each word's nearest use."""
    nearest: dict[str, int] = {}
    for match in _WORD.finditer(text):
        word = match.group(0).lower().removesuffix("'s").removesuffix("’s")
        if word in words:
            gap = abs(match.start() - position)
            nearest[word] = min(gap, nearest.get(word, gap))
    return sum(idf.get(word, 0.0) * gap for word, gap in nearest.items())


def _sibling_sentences(dated: list[Article]) -> list[tuple[str, int, list[DateMention]]]:
    """(sentence text, its offset, its day mentions) for every dated sentence of the dated siblings."""
    out: list[tuple[str, int, list[DateMention]]] = []
    for sibling in dated:
        mentions = [m for m in sibling.dates if m.granularity == "day"]
        by_sentence: dict[tuple[int, int], list[DateMention]] = {}
        sentences = _Sentences(sibling)
        for stated in mentions:
            by_sentence.setdefault(_sentence_bounds(sibling, stated.span.start, sentences), []).append(stated)
        for (left, right), group in by_sentence.items():
            out.append((sibling.text[left:right], left, group))
    return out


def _evidence(
    article: Article, sibling_sentences: list[tuple[str, int, list[DateMention]]], idf: dict[str, float]
) -> list[tuple[dt.date, dt.date, float, dt.date]]:
    """Per relative mention of ``article``, the publication window its best-matching sibling sentence
    allows, weighted by the rare vocabulary the two sentences share.

    One match per mention, because a mention refers to one event: the sibling sentence sharing the most
    rare words, then the one whose day sits nearest those words ("the Dam gave way late on Thursday"
    beats "the toll since the Dam gave way has risen to 19, police said on Saturday"). Near-duplicate
    siblings therefore cannot vote twice.
    """
    found: list[tuple[dt.date, dt.date, float, dt.date]] = []
    sentences = _Sentences(article)
    # Each sibling sentence's words and figures once, and which sentences use each word: a mention is
    # compared only with the sentences sharing MIN_SHARED words with it, in their order (ties go to the
    # first, as when every sentence was compared), and nothing is read twice.
    theirs = [(content_words(text), figures(text)) for text, _, _ in sibling_sentences]
    using: dict[str, list[int]] = {}
    for index, (their_words, _) in enumerate(theirs):
        for word in their_words:
            using.setdefault(word, []).append(index)
    for mention in relative_days(article.text):
        left, right = _sentence_bounds(article, mention.span.start, sentences)
        sentence = article.text[left:right]
        words = content_words(sentence)
        mine = figures(sentence)
        best: tuple[float, float, tuple[dt.date, dt.date], dt.date] | None = None
        sharing = Counter(index for word in words for index in using.get(word, ()))
        for index in sorted(index for index, count in sharing.items() if count >= MIN_SHARED):
            text, offset, group = sibling_sentences[index]
            their_words, their_figures = theirs[index]
            shared = words & their_words
            weight = sum(idf.get(w, 0.0) for w in shared)
            moved = bool(mine and their_figures and not mine & their_figures)  # ``not _same_moment``
            if len(shared) < MIN_SHARED or weight < MIN_WEIGHT or moved:
                continue
            for candidate in group:
                event = dt.date.fromisoformat(candidate.value)
                window = _publication_window(mention, event)
                if window is None:
                    continue
                gap = _distance(text, shared, idf, candidate.span.start - offset)
                if best is None or (round(weight, 9), -gap) > (round(best[0], 9), -best[1]):
                    best = (weight, gap, window, event)
        if best is not None:
            found.append((best[2][0], best[2][1], best[0], best[3]))
    return found


def _earliest_possible(text: str, day: dt.date) -> bool:
    """Whether ``day`` is on or after every stated date ``text`` reports as past (resolved against it)."""
    return all(dt.date.fromisoformat(m.value) <= day for m in past_event_days(text, day))


def infer_publication_date(
    article: Article, siblings: list[Article], idf: dict[str, float] | None = None
) -> str | None:
    """The publication date of an undated ``article`` from dated ``siblings``, or None without evidence.

    Each relative mention ("on Thursday", "yesterday", "three days after the dam gave way") is matched to
    its best sibling sentence about the same event (shared rare words, no disagreeing figures); the
    sibling's day nearest the shared words allows a window of publication dates (one day for "yesterday",
    a week for a weekday name). A candidate day scores the weights of the windows holding it; the
    best-scoring days win, the earliest of them when they are consecutive (news is written
    soon after the event) under which the article's own weekday names fall on days the siblings name
    (see ``_best_for_weekdays``), none when they are not consecutive (the evidence conflicts). A day earlier
    than a date the article reports in the past tense ("the 13 November breach") is never a candidate.
    """
    dated = [s for s in siblings if s.id != article.id and parse_iso(s.published) and not s.duplicate_of]
    if not dated:
        return None
    idf = idf if idf is not None else _idf([article, *dated])
    evidence = _evidence(article, _sibling_sentences(dated), idf)
    candidates = sorted({low + dt.timedelta(days=i) for low, high, _, _ in evidence
                         for i in range((high - low).days + 1)})
    scores: dict[dt.date, float] = {}
    for day in candidates:
        score = sum(weight for low, high, weight, _ in evidence if low <= day <= high)
        if score > 0 and _earliest_possible(article.text, day):
            scores[day] = score
    if not scores:
        return None
    best = max(scores.values())
    top = sorted(day for day, score in scores.items() if score >= best - 1e-9)
    if (top[-1] - top[0]).days != len(top) - 1:
        return None
    floor = min(event for _, _, _, event in evidence)
    return _best_for_weekdays(article.text, top, dated, floor).isoformat()


def _best_for_weekdays(text: str, days: list[dt.date], dated: list[Article], floor: dt.date) -> dt.date:
    """Of equally supported publication ``days`` (consecutive, earliest first), the one under which the
    article's own weekday names fall on days the dated siblings also talk about; on a tie, the earliest
    under which none of them falls before ``floor`` (the earliest event the evidence matched), else the
    earliest.

    Why: "Friday night" matched to a sibling's 16 July allows publication from that Friday to the next
    Thursday, and the earliest of those would make the same article's "officials Sunday ended their
    search" the Sunday *before* the crash. Read against the right day, an article's weekdays land on the
    days the other reports of the story name (each such day counts once per sibling naming it or
    published on it). When the siblings do not tell, an article about a story does not, as a rule, name a
    weekday before the story began.
    """
    support: Counter[dt.date] = Counter()
    for sibling in dated:
        named = {dt.date.fromisoformat(m.value) for m in sibling.dates if m.granularity == "day"}
        if (published := parse_iso(sibling.published)) is not None:
            named.add(published)
        support.update(named)
    weekdays = [m for m in relative_days(text)
                if m.weekday is not None and not m.future and m.relation not in ("last", "next")]
    best, best_score = days[0], (-1, False)
    for day in days:
        resolved = [resolve_weekday(day, m.weekday, future=False) for m in weekdays if m.weekday is not None]
        score = (sum(support[value] for value in resolved), all(value >= floor for value in resolved))
        if score > best_score:
            best, best_score = day, score
    return best


def redate(article: Article) -> None:
    """Re-resolve an article's dates and claims after its publication date changed.

    From the records alone: every mention with an ``expression`` (resolved against the old date, or
    waiting in ``unresolved_dates``) is resolved against the new one, as a scan of the text with that
    date would have resolved it (``storyline.grammar.dates.resolve_mentions``).
    """
    article.dates, article.unresolved_dates = resolve_mentions(
        [*article.dates, *article.unresolved_dates], parse_iso(article.published)
    )
    if article.claims:
        _redate_claims(article)


def _redate_claims(article: Article) -> None:
    """Date the article's claims again, now that its dates are resolved: from the evidence each claim
    recorded at analysis time (``Claim.dating``), by the claims layer's own pure rule — no parse."""
    from storyline.analyse.claims.dating import redate_claims

    redate_claims(article)


def dateline_year_from_story(article: Article, others: list[Article]) -> str | None:
    """The publication date of ``article`` from its yearless dateline ("NEW YORK, July 17 (Xinhua) --"),
    the year read from the other articles, or None.

    Why from the others: a wire story dated "July 17" in a batch of reports on one event was filed in
    the event's year, and the other articles say which year that is — first by their publication dates,
    then (when none has one) by the full dates they state ("the July 16, 1999, accident"), one vote per
    article and year and at least two votes, so that a single biography cannot date the story. Dates
    further than ``grammar.datelines.YEAR_WINDOW_DAYS`` from the dateline ("born on Nov. 25, 1960") do
    not vote; a tie goes to the later year. Never today's year.
    """
    partial = find_partial_dateline(article.removed, article.text)
    if partial is None:
        return None
    month, day = partial
    siblings = [o for o in others if o.id != article.id]
    published = [d for o in siblings if (d := parse_iso(o.published)) is not None]
    year = year_from_context(month, day, published)
    if year is None:
        votes: list[dt.date] = []
        for other in siblings:
            years = {d.year: d for d in _stated_days(other) if year_from_context(month, day, [d]) is not None}
            votes.extend(years.values())
        year = year_from_context(month, day, votes, min_votes=2)
    found = safe_date(year, month, day) if year is not None else None
    return found.isoformat() if found is not None else None


def _stated_days(article: Article) -> list[dt.date]:
    """The day dates ``article`` states in full ("the July 16, 1999, accident"), from its records."""
    return [
        dt.date.fromisoformat(m.value) for m in article.dates if m.granularity == "day" and not m.inferred
    ]


def infer_publication_dates(articles: list[Article]) -> None:
    """Fill ``published`` (``published_from="inferred"``) where no date is known, then re-resolve those
    articles' relative dates (and the dates of their claims). Mutates ``articles`` in place.

    First a yearless dateline takes its year from the other articles (``dateline_year_from_story``);
    those articles then count as dated siblings for the shared-event inference of the rest. An article
    neither step dates keeps ``published=None``: its relative dates ("last week") stay unresolved rather
    than being read against today or a guess.
    """
    undated = [a for a in articles if not parse_iso(a.published)]
    if not undated:
        return
    from_datelines: dict[str, str] = {}
    for article in undated:
        value = dateline_year_from_story(article, articles)
        if value is not None:
            from_datelines[article.id] = value
    for article in undated:
        if article.id in from_datelines:
            article.published = from_datelines[article.id]
            article.published_from = "inferred"
            redate(article)
    undated = [a for a in undated if a.id not in from_datelines]
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


def article_label(number: int, article: Article) -> str:
    """How a warning names an article: its number in the briefing's article list and its outlet, else its
    headline (shortened), else the file it came from — the same names the rendered article list shows."""
    title = " ".join((article.title or "").split())
    if len(title) > 48:
        title = title[:47].rstrip() + "…"
    name = article.outlet or title or article.source.rsplit("/", 1)[-1] or article.id
    return f"[{number}] {name}"


def undated_warning(articles: list[Article]) -> str | None:
    """One line naming the articles left without a publication date, or None when every one has a date.

    Why a warning: an undated article's "last week" or "on Friday" cannot be placed, and a reader who
    does not know a source is undated reads its present tense as current. "No date" is what the JSON's
    ``undated`` says (``published`` is None); numbers follow the order of ``articles`` (the briefing's
    article list).
    """
    undated = [article_label(n, a) for n, a in enumerate(articles, start=1) if a.published is None]
    if not undated:
        return None
    noun = "article has" if len(undated) == 1 else "articles have"
    return f"{len(undated)} {noun} no date: {', '.join(undated)}"
