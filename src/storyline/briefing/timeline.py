"""The story's timeline: dated events, one entry per date, each citing every outlet that reported it.

Why date-first (as in news-tls' "datewise" approach): in news, how many *different* articles refer to a
day is the best single signal that something happened on it, and a day referred to by later articles
(a look back) matters more than one only mentioned in passing. So dates are ranked first, then each
date's text is picked among the sentences that mention it: the sentence closest to the TF-IDF centroid
of all of them (what most outlets say about that day), favouring an article's lead and complete,
self-contained sentences about that day alone, skipping near-repeats and sentences already shown for (or
naming) a better-supported date. An entry shows its sentence without a wire dateline ("Paris, France
(CNN) --") or a transcript's speaker label; its citations still span the whole sentence.

A sentence is about a date when it mentions it (``Article.dates``, relative dates already resolved).
Sentences without a date are not placed on the publication date by default: a briefing's timeline must
not claim an event happened on the day a story was filed; the Timeline17 harness measures that option,
where they also stand (weighted by ``AFTERMATH_FACTOR``) for the day before, whose news is filed the day
after. With ``max_dates`` (a timeline of fixed length) each picked day discounts its neighbours, so the
timeline spreads over the span instead of spending itself on one event's eve and morrow (``_spread``).
Timeline17, 11 timelines (issue 14): date F1 0.655 -> 0.657, AR-1 0.136 -> 0.143, AR-2 0.036 -> 0.038.

The story's own days come before its background: a date more than ``BACKGROUND_DAYS`` before the nearest
publication date (an obituary's birth date, the year a licence was earned) has its score scaled down by
its distance, is marked ``background`` and only the best ``MAX_BACKGROUND`` such dates are kept — else a
crash week's timeline, where every report recalls the pilot's life, would be his biography. Timeline17
(11 timelines) is unchanged by this: date F1 0.656, AR-1 0.136, AR-2 0.037 before and after.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from storyline.briefing.filters import is_caption_or_boilerplate, trim_span
from storyline.grammar.datelines import dateline_prefix, is_bare_dateline
from storyline.grammar.transcripts import LEADING_SPEAKER_LABEL
from storyline.model import Article, Citation, Granularity, Sentence, TimelineEntry

MIN_WORDS = 6
MAX_WORDS = 45
SIMILAR = 0.5  # cosine above which two sentences say the same thing
CITE_SIMILAR = 0.15  # cosine above which another outlet's sentence about the date reports the same event
DATED_BONUS = 1.0  # weight of a sentence that names the date over one only published that day
# Timeline17 harness only (``undated_to_published``): news of a day is largely filed the day after
# (overnight pieces, "yesterday" reports whose other sentences carry no date), so an article's undated
# sentences also stand for the day before its publication, weighted by this factor against the day's own.
# Tuned on the bpoil and H1N1 timelines (0.6 / 0.8 / 1.0 in an experiment: AR-1 0.140 / 0.142 / 0.141).
# As built, 0.8 moves AR-1 0.136 -> 0.144 there and 0.137 -> 0.139 on the held-out haiti, MJ, IraqWar.
AFTERMATH_FACTOR = 0.8
# A sentence in an article's lead (first ~800 characters, two or three sentences) states the news; lead
# sentences get 1.3 x their centrality (Timeline17 AR-1 0.124 -> 0.133 averaged over 11 timelines).
LEAD_BONUS = 1.3
LEAD_CHARS = 800
FRAGMENT_FACTOR = 0.5
# A sentence naming another day too ("arrived Thursday night to attend Friday's meeting") tells that day's
# story only in part; one opening with a back-reference ("That plan ...", "But ...") needs the sentence
# before it. Both are kept as a last resort but rank lower.
OTHER_DAY_FACTOR = 0.8
DANGLING_FACTOR = 0.7
_DANGLING = re.compile(
    r"^(?:That|This|These|Those|It|Its|They|Their|He|His|She|Her|But|And|Or|So|Also|However|Meanwhile|"
    r"Still|Yet|Then|There)\b"
)
RETROSPECTIVE_DAYS = 2  # a mention this many days after the date is a look back, not the day's news
# A date whose period ends more than this many days before the nearest publication date of the story is
# background (a birth, a licence earned years ago), not one of the story's days: its score is scaled by
# BACKGROUND_DAYS / distance, the briefing marks it and shows at most MAX_BACKGROUND of them.
BACKGROUND_DAYS = 31
MAX_BACKGROUND = 4
# With ``max_dates``, each picked day discounts the days within SPREAD_DAYS of it by SPREAD_FACTOR (see
# ``_spread``). Tuned on the bpoil and H1N1 timelines of Timeline17 (radius 1..3, factor 0.5..0.9):
# date F1 0.671 -> 0.673 there, 0.611 -> 0.615 on the three held-out timelines, AR-1 unchanged.
SPREAD_DAYS = 1
SPREAD_FACTOR = 0.75
_COMPLETE = re.compile(r"[.!?][\"'”’)]*$")
_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(slots=True)
class _Candidate:
    article: Article
    sentence: Sentence
    order: int
    dated: bool = True
    aftermath: bool = False  # an undated sentence of an article published the day after
    days_named: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Day:
    value: str
    granularity: Granularity
    candidates: list[_Candidate] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    later: set[str] = field(default_factory=set)
    retrospective: set[str] = field(default_factory=set)
    published: int = 0
    firm: set[str] = field(default_factory=set)  # articles dating it without an inferred anchor
    sentences: set[tuple[str, int]] = field(default_factory=set)  # (article id, start) of the candidates


def _sentence_index(sentences: list[Sentence]) -> list[int]:
    return [s.start for s in sentences]


def _sentence_of(sentences: list[Sentence], starts: list[int], offset: int) -> Sentence | None:
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and sentences[index].start <= offset < sentences[index].end:
        return sentences[index]
    return None


def _in_range(value: str, start: str | None, end: str | None) -> bool:
    if start and value[: len(start)] < start[: len(value)]:
        return False
    return not (end and value[: len(end)] > end[: len(value)])


def collect_days(
    articles: Iterable[Article],
    *,
    granularities: tuple[str, ...] = ("day", "month", "year"),
    start: str | None = None,
    end: str | None = None,
    undated_to_published: bool = False,
) -> dict[str, _Day]:
    """Every date the articles mention, with the sentences that mention it.

    With ``undated_to_published``, an article's undated sentences also stand for its publication day
    and, as its aftermath (see ``AFTERMATH_FACTOR``), for the day before when that day is a candidate.
    """
    days: dict[str, _Day] = {}
    order = 0
    undated: list[tuple[Article, list[Sentence]]] = []
    for article in articles:
        if article.duplicate_of:
            continue
        sentences = article.sentences
        starts = _sentence_index(sentences)
        dated_sentences: set[int] = set()
        for mention in article.dates:
            if mention.granularity not in granularities or not _in_range(mention.value, start, end):
                continue
            sentence = _sentence_of(sentences, starts, mention.span.start)
            if sentence is None:
                continue
            dated_sentences.add(sentence.start)
            _add(days, mention.value, mention.granularity, article, sentence, order)
            if mention.value in days and not (mention.inferred and article.published_from == "inferred"):
                days[mention.value].firm.add(article.id)
            order += 1
        if undated_to_published and article.published and _in_range(article.published, start, end):
            undated.append((article, [s for s in sentences if s.start not in dated_sentences]))
            for sentence in undated[-1][1]:
                _add(days, article.published[:10], "day", article, sentence, order, mention=False)
                order += 1
        if article.published and article.published[:10] in days:
            days[article.published[:10]].published += 1
        _count_other_days(days, article)
    for article, sentences in undated:  # after every article: the day before must already be a candidate
        before = _day_before(article.published or "")
        if before in days and _in_range(before, start, end):
            for sentence in sentences:
                _add(days, before, "day", article, sentence, order, mention=False, aftermath=True)
                order += 1
    return days


def _day_before(value: str) -> str | None:
    """The ISO day before a day-precision ISO date, None for anything else."""
    try:
        return (dt.date.fromisoformat(value[:10]) - dt.timedelta(days=1)).isoformat()
    except ValueError:
        return None


def _count_other_days(days: dict[str, _Day], article: Article) -> None:
    """Record, for each candidate sentence of ``article``, every day the sentence names."""
    named: dict[int, set[str]] = defaultdict(set)
    starts = _sentence_index(article.sentences)
    for mention in article.dates:
        if mention.granularity == "day":
            sentence = _sentence_of(article.sentences, starts, mention.span.start)
            if sentence is not None:
                named[sentence.start].add(mention.value)
    if not named:
        return
    for value in {v for values in named.values() for v in values}:
        for candidate in days[value].candidates if value in days else ():
            if candidate.article.id == article.id:
                candidate.days_named = frozenset(named.get(candidate.sentence.start, set()))


def _add(
    days: dict[str, _Day],
    value: str,
    granularity: Granularity,
    article: Article,
    sentence: Sentence,
    order: int,
    *,
    mention: bool = True,
    aftermath: bool = False,
) -> None:
    if is_bare_dateline(sentence.text.strip()) or is_caption_or_boilerplate(sentence.text.strip()):
        return  # "LONDON, August 26 (Xinhua) --": when the article was filed, not an event of the story
    day = days.setdefault(value, _Day(value, granularity))
    if (article.id, sentence.start) in day.sentences:  # a set: a day named 1,000 times is not quadratic
        return
    day.sentences.add((article.id, sentence.start))
    day.candidates.append(_Candidate(article, sentence, order, mention, aftermath))
    if mention:
        day.articles.add(article.id)
        if article.published and article.published[:10] > value[:10]:
            day.later.add(article.id)
            if _looks_back(value, article.published[:10]):
                day.retrospective.add(article.id)


def _looks_back(value: str, published: str) -> bool:
    """Whether an article published on ``published`` refers to ``value`` as past news, not the day's:
    at least ``RETROSPECTIVE_DAYS`` later for a day, after the period for a month or a year."""
    if len(value) < 10:
        return published[: len(value)] > value
    try:
        return (dt.date.fromisoformat(published) - dt.date.fromisoformat(value)).days >= RETROSPECTIVE_DAYS
    except ValueError:
        return False


def date_score(day: _Day) -> float:
    """Distinct articles mentioning the day, plus half a point per later article mentioning it and a full
    point more when it looks back from two or more days later, plus half a point per article published
    that day.

    Why: a day still referred to after the news cycle moved on (a look back: "since the April 20
    explosion") is an event that mattered, whereas the day after any date carries routine follow-ups
    ("yesterday's meeting"). Measured on Timeline17 (python -m storyline.evaluate.timeline, 11 topics):
    counting every later article once (the previous rule) gave date F1 0.649 / AR-1 0.133; this split
    gives 0.656 / 0.137, no topic losing more than 0.01 date F1 (AR-1 0.135 with the readability rules
    of ``_pick``, which serve the briefing rather than the metric).
    """
    return len(day.articles) + 0.5 * len(day.later) + len(day.retrospective) + 0.5 * day.published


class _Vectoriser:
    """A small TF-IDF over the candidate sentences (no sklearn fit per date: one vocabulary for all)."""

    def __init__(self, texts: Iterable[str]) -> None:
        df: dict[str, int] = defaultdict(int)
        count = 0
        for text in texts:
            count += 1
            for word in set(self.words(text)):
                df[word] += 1
        self.idf = {word: math.log((count + 1) / (n + 1)) + 1 for word, n in df.items()}

    @staticmethod
    def words(text: str) -> list[str]:
        return [w.lower() for w in _WORD.findall(text) if len(w) > 2]

    def vector(self, text: str) -> dict[str, float]:
        weights: dict[str, float] = defaultdict(float)
        for word in self.words(text):
            weights[word] += self.idf.get(word, 1.0)
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        return {word: value / norm for word, value in weights.items()}


def _cosine(first: dict[str, float], second: dict[str, float]) -> float:
    if len(first) > len(second):
        first, second = second, first
    return sum(value * second.get(word, 0.0) for word, value in first.items())


def _pick(
    day: _Day,
    vectoriser: _Vectoriser,
    count: int,
    used: set[tuple[str, int]] | None = None,
    done: set[str] | None = None,
) -> list[tuple[_Candidate, dict[str, float]]]:
    """The ``count`` sentences nearest the centroid of the day's sentences, without near-repeats.

    A sentence already shown for a better-supported date (``used``), or naming one (``done``, the dates
    already placed), is taken only when nothing else is left: "arrived Thursday night ... to attend
    Friday's meeting" tells Friday's story, not Thursday's.
    """
    used = used or set()
    done = done or set()
    vectors = [vectoriser.vector(c.sentence.text) for c in day.candidates]
    centroid: dict[str, float] = defaultdict(float)
    for vector in vectors:
        for word, value in vector.items():
            centroid[word] += value
    scored = []
    for candidate, vector in zip(day.candidates, vectors, strict=True):
        words = len(candidate.sentence.text.split())
        if not MIN_WORDS <= words <= MAX_WORDS and len(day.candidates) > 1:
            continue
        bonus = DATED_BONUS if candidate.dated else AFTERMATH_FACTOR if candidate.aftermath else 1.0
        if candidate.sentence.start < LEAD_CHARS:
            bonus *= LEAD_BONUS
        if not _COMPLETE.search(candidate.sentence.text):
            bonus *= FRAGMENT_FACTOR  # a heading or a bullet point, not a sentence of the story
        if candidate.days_named - {day.value}:
            bonus *= OTHER_DAY_FACTOR
        if _DANGLING.match(_shown(candidate)):
            bonus *= DANGLING_FACTOR
        scored.append((bonus * _cosine(vector, centroid), -candidate.order, candidate, vector))
    if not scored:
        scored = [(0.0, -c.order, c, v) for c, v in zip(day.candidates, vectors, strict=True)]

    def fresh(candidate: _Candidate) -> bool:
        shown = (candidate.article.id, candidate.sentence.start) in used
        return not shown and not candidate.days_named & done

    scored.sort(key=lambda item: (fresh(item[2]), item[0], item[1]), reverse=True)
    chosen: list[tuple[_Candidate, dict[str, float]]] = []
    for _, _, candidate, vector in scored:
        if any(_cosine(vector, other) > SIMILAR for _, other in chosen):
            continue
        chosen.append((candidate, vector))
        if len(chosen) >= count:
            break
    return chosen


def _citations(
    day: _Day, chosen: list[tuple[_Candidate, dict[str, float]]], vectoriser: _Vectoriser
) -> list[Citation]:
    """The chosen sentences, then each other article's sentence about the day reporting the same event."""
    citations = [Citation(c.article.id, c.sentence.start, c.sentence.end) for c, _ in chosen]
    cited_articles = {c.article.id for c, _ in chosen}
    best: dict[str, tuple[float, _Candidate]] = {}
    for candidate in day.candidates:
        if candidate.article.id in cited_articles:
            continue
        vector = vectoriser.vector(candidate.sentence.text)
        similarity = max((_cosine(vector, other) for _, other in chosen), default=0.0)
        if similarity >= CITE_SIMILAR and similarity > best.get(candidate.article.id, (-1.0, candidate))[0]:
            best[candidate.article.id] = (similarity, candidate)
    for _, candidate in sorted(best.values(), key=lambda item: item[1].order):
        citations.append(Citation(candidate.article.id, candidate.sentence.start, candidate.sentence.end))
    return citations


def _shown(candidate: _Candidate) -> str:
    """The candidate's sentence as shown, trimmed with its article around it (a Q-and-A piece's "A."
    is a label only when a "Q." paragraph came before)."""
    sentence, text = candidate.sentence, candidate.article.text
    start, end = trim_span(text, sentence.start, sentence.end)
    return shown_text(text[start:end] if start < end else sentence.text)


def shown_text(sentence: str) -> str:
    """A sentence as a timeline line shows it: without a wire dateline ("Paris, France (CNN) -- ").
    Citations still span the whole sentence, so the reader can check where it came from."""
    text = sentence[dateline_prefix(sentence) :].strip()
    speaker = LEADING_SPEAKER_LABEL.match(text)  # "BEARDSLEY: " (transcripts)
    text = text[speaker.end() :] if speaker and speaker.end() < len(text) else text
    start, _ = trim_span(text, 0, len(text))  # "BOSTON -- ", a Q-and-A piece's "A. "
    return text[start:]


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of an ISO date at its precision ("2012" -> 1 January..31 December)."""
    try:
        if len(value) >= 10:
            day = dt.date.fromisoformat(value[:10])
            return day, day
        if len(value) == 7:
            first = dt.date(int(value[:4]), int(value[5:7]), 1)
            last = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1)
            return first, last
        year = int(value[:4])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def story_days(articles: Iterable[Article], days: dict[str, _Day] | None = None) -> list[dt.date]:
    """The days the story happens on: its articles' publication dates.

    Without any publication date, the stated days the most articles mention (at least two), so that a
    batch of undated reports on one crash still has a centre; none when even that is missing.
    """
    found: set[dt.date] = set()
    for article in articles:
        if article.duplicate_of or not article.published:
            continue
        period = _period(article.published[:10])
        if period is not None and len(article.published) >= 10:
            found.add(period[0])
    if found or not days:
        return sorted(found)
    support = {value: len(day.articles) for value, day in days.items() if day.granularity == "day"}
    best = max(support.values(), default=0)
    if best < 2:
        return []
    return sorted(p[0] for value, count in support.items() if count == best and (p := _period(value)))


def background_distance(value: str, story: list[dt.date]) -> int:
    """Days from the end of ``value``'s period back to the nearest story day after it; 0 when the period
    reaches a story day or lies after them all (a plan is not background), or without story days."""
    period = _period(value)
    if period is None or not story:
        return 0
    first, last = period
    index = bisect.bisect_left(story, first)
    if index < len(story) and story[index] <= last:
        return 0
    if index >= len(story):
        return 0  # after every publication date: a plan or a follow-up, not background
    return (story[index] - last).days


def _proximity(distance: int) -> float:
    return 1.0 if distance <= BACKGROUND_DAYS else BACKGROUND_DAYS / distance


def _spread(ranked: list[_Day], limit: int, scores: dict[str, float]) -> list[_Day]:
    """The ``limit`` best days of ``ranked`` (best first), each pick discounting its neighbours.

    Why: the days either side of an event inherit its mentions ("yesterday's blast", the follow-up
    reports), so a plain top-k spends a short timeline on one event's eve and morrow and misses quieter
    days elsewhere in the span. After a day is picked, every day within ``SPREAD_DAYS`` of it has its
    score multiplied by ``SPREAD_FACTOR``; ties keep ``ranked``'s order.
    """
    if SPREAD_FACTOR >= 1.0 or len(ranked) <= limit:
        return ranked[:limit]
    ordinal = {d.value: _ordinal(d.value) for d in ranked}
    weight = {d.value: 1.0 for d in ranked}
    position = {d.value: index for index, d in enumerate(ranked)}
    left = list(ranked)
    chosen: list[_Day] = []
    while left and len(chosen) < limit:
        best = max(left, key=lambda d: (scores[d.value] * weight[d.value], -position[d.value]))
        chosen.append(best)
        left.remove(best)
        centre = ordinal[best.value]
        if centre is None:
            continue
        for day in left:
            other = ordinal[day.value]
            if other is not None and abs(other - centre) <= SPREAD_DAYS:
                weight[day.value] *= SPREAD_FACTOR
    return chosen


def _ordinal(value: str) -> int | None:
    """The day number of a day-precision ISO date; None for a month or a year (never discounted)."""
    if len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def build_timeline(
    articles: list[Article],
    *,
    max_dates: int | None = None,
    sentences_per_date: int = 1,
    granularities: tuple[str, ...] = ("day", "month", "year"),
    start: str | None = None,
    end: str | None = None,
    undated_to_published: bool = False,
    max_background: int | None = MAX_BACKGROUND,
) -> list[TimelineEntry]:
    """Dated events of the story in date order, one entry per date merging every outlet's sentences.

    ``max_dates`` keeps the best-supported dates (see ``date_score``, scaled down for background dates
    by ``BACKGROUND_DAYS`` / their distance from the story's days); ``start``/``end`` (ISO, inclusive)
    limit the dates considered; ``granularities`` limits them to day/month/year precision. Background
    dates (more than ``BACKGROUND_DAYS`` before the nearest publication date: a birth, an old licence)
    are marked ``background`` and at most ``max_background`` of them (the best-supported) are kept,
    so a crash week's timeline tells the week and not the pilot's biography. Entries that rest only on
    relative dates of articles whose publication date was inferred are marked ``inferred``.
    """
    days = collect_days(
        articles, granularities=granularities, start=start, end=end, undated_to_published=undated_to_published
    )
    story = story_days(articles, days)
    distance = {value: background_distance(value, story) for value in days}
    ranked = sorted(
        days.values(),
        key=lambda d: (date_score(d) * _proximity(distance[d.value]), -min(c.order for c in d.candidates)),
        reverse=True,
    )
    ranked = [d for d in ranked if d.articles or undated_to_published]
    if max_background is not None:
        background = [d for d in ranked if distance[d.value] > BACKGROUND_DAYS]
        dropped = {d.value for d in background[max_background:]}
        ranked = [d for d in ranked if d.value not in dropped]
    if max_dates is not None:
        ranked = _spread(
            ranked, max_dates, {d.value: date_score(d) * _proximity(distance[d.value]) for d in ranked}
        )
    vectoriser = _Vectoriser(c.sentence.text for d in ranked for c in d.candidates)
    entries = []
    used: set[tuple[str, int]] = set()
    done: set[str] = set()
    for day in ranked:
        chosen = _pick(day, vectoriser, max(1, sentences_per_date), used, done)
        done.add(day.value)
        if not chosen or all((c.article.id, c.sentence.start) in used for c, _ in chosen):
            continue  # nothing new to say: the sentence already stands under a better-supported date
        used.update((c.article.id, c.sentence.start) for c, _ in chosen)
        text = " ".join(_shown(c) for c, _ in chosen)
        entries.append(
            TimelineEntry(
                day.value,
                day.granularity,
                text,
                _citations(day, chosen, vectoriser),
                background=distance[day.value] > BACKGROUND_DAYS,
                inferred=bool(day.articles) and not day.firm,
            )
        )
    return sorted(entries, key=lambda e: e.date)
