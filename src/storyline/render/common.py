"""What every renderer needs to agree on: title, date display, article numbers, passage ids, quote groups.

Why one module: Markdown, HTML and the terminal must show the same briefing. Keeping the decisions here
(which title wins, how a citation becomes a passage id, how a month-granularity date reads, how quotes
group by speaker) means the formats can only differ in markup, never in content.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from storyline.model import Article, Brief, Claim, Quote, TimelineEntry

PROVENANCE = {
    "text": "stated in text",
    "html": "from HTML metadata",
    "inferred": "inferred from other articles",
    "none": "no date found or inferred",
}

DISAGREEMENT_KINDS = {"conflict": "Conflict", "different_counts": "Different counts", "trend": "Trend"}

EMPTY = {
    "summary": "No summary sentences.",
    "timeline": "No dated events found.",
    "quotes": "No quotes found.",
    "claims": "No claims found.",
    "disagreements": "No disagreements found.",
    "articles": "No articles.",
}

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def brief_title(brief: Brief) -> str:
    """The headline of the story's centre of gravity.

    A headline several articles share (syndicated copies) wins; otherwise the title of the article the
    summary cites most, so a background piece from months earlier never names the briefing.
    """
    titled = [(article.id, " ".join(article.title.split())) for article in brief.articles if article.title]
    titled = [(article_id, title) for article_id, title in titled if title]
    if not titled:
        return "Untitled story"
    counts = Counter(title for _, title in titled)
    cited = Counter(citation.article for sentence in brief.summary for citation in sentence.citations)
    lead = Counter(sentence.citations[0].article for sentence in brief.summary if sentence.citations)
    return max(titled, key=lambda item: (counts[item[1]], cited[item[0]], lead[item[0]]))[1]


def parse_date(value: str | None) -> tuple[int, int | None, int | None] | None:
    """Year, month and day of an ISO-ish date (``2012``, ``2012-03``, ``2012-07-06T10:00Z``), else None."""
    if not value:
        return None
    match = _ISO.match(value.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            date(year, month or 1, day)
        except ValueError:
            return None
    return year, month, day


def format_date(value: str | None, granularity: str | None = None) -> str:
    """Human date at the stated granularity: "6 July 2012", "March 2012", "2011".

    Without a granularity, it is read off the value's precision. A value that is not an ISO date is
    shown as given rather than dropped: a wrong-looking date is still evidence for the reader.
    """
    parsed = parse_date(value)
    if parsed is None:
        return (value or "").strip() or "undated"
    year, month, day = parsed
    if granularity is None:
        granularity = "day" if day is not None else "month" if month is not None else "year"
    if granularity == "year" or month is None:
        return str(year)
    if granularity == "month" or day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def format_datetime(value: str | None) -> str:
    """A publication date as a day (times are noise in a briefing; the ISO value stays in the JSON).

    A missing date reads "undated", the word the JSON uses, so a reader knows that article's "last week"
    or "on Friday" cannot be placed in time.
    """
    return format_date(value) if value else "undated"


def timeline_notes(entry: TimelineEntry) -> list[str]:
    """What a timeline entry's date needs said beside it: "background" for a date well before the story,
    "date inferred" for one resting on relative words in articles whose date was inferred."""
    notes = []
    if entry.background:
        notes.append("background")
    if entry.inferred:
        notes.append("date inferred")
    return notes


def date_range(brief: Brief) -> str:
    """The span of publication dates, e.g. "7–8 July 2026", or "" when no article has a usable date."""
    days: list[date] = []
    for article in brief.articles:
        parsed = parse_date(article.published)
        if parsed and parsed[1] and parsed[2]:
            days.append(date(parsed[0], parsed[1], parsed[2]))
    if not days:
        return ""
    first, last = min(days), max(days)
    if first == last:
        return format_date(first.isoformat())
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} – {format_date(last.isoformat())}"
    return f"{format_date(first.isoformat())} – {format_date(last.isoformat())}"


def format_value(value: float) -> str:
    """A claim's normalised number with thousands separators (1200.0 -> "1,200")."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"


def kind_label(kind: str) -> str:
    return DISAGREEMENT_KINDS.get(kind, kind.replace("_", " ").capitalize() or "Unknown")


def is_web_url(source: str) -> bool:
    """Only http(s) sources become links: a ``javascript:`` or ``data:`` source must stay plain text."""
    return bool(re.match(r"^https?://[^\s<>\"']+$", source.strip(), flags=re.IGNORECASE))


@dataclass(frozen=True, slots=True)
class Passage:
    """A cited stretch of one article, addressed by ``a{number}-{start}-{end}`` in every output."""

    number: int
    article: Article
    start: int
    end: int

    @property
    def id(self) -> str:
        return f"a{self.number}-{self.start}-{self.end}"

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]


@dataclass(slots=True)
class Mark:
    """A passage to highlight in an article's text, with why it is cited (summary, quote, claim...)."""

    passage: Passage
    kinds: set[str] = field(default_factory=set)


class ArticleIndex:
    """Article look-up by id and its 1-based number in ``brief.articles`` (the citation marker)."""

    def __init__(self, brief: Brief) -> None:
        self._by_id: dict[str, tuple[int, Article]] = {}
        for number, article in enumerate(brief.articles, start=1):
            self._by_id.setdefault(article.id, (number, article))

    def number(self, article_id: str) -> int | None:
        found = self._by_id.get(article_id)
        return found[0] if found else None

    def get(self, article_id: str) -> Article | None:
        found = self._by_id.get(article_id)
        return found[1] if found else None

    def outlet(self, article_id: str) -> str:
        article = self.get(article_id)
        if article is None:
            return f"unknown article {article_id}"
        if article.outlet:
            return article.outlet
        if article.title:  # a headline says more to a reader than a file path
            title = " ".join(article.title.split())
            return title if len(title) <= 48 else title[:47].rstrip() + "…"
        return article.source.rsplit("/", 1)[-1] or article.id

    def passage(self, article_id: str, start: int, end: int) -> Passage | None:
        """The passage, clipped to the text; None when the article is unknown or nothing is left.

        Clipping (not rejecting) keeps a slightly-off citation useful; the same function builds both the
        link and the anchor, so a link can never point at an id the page does not contain.
        """
        found = self._by_id.get(article_id)
        if found is None:
            return None
        number, article = found
        start, end = max(0, int(start)), min(len(article.text), int(end))
        if start >= end:
            return None
        return Passage(number, article, start, end)


def cited_marks(brief: Brief, index: ArticleIndex) -> dict[str, list[Mark]]:
    """Every passage any section points at, per article id, merged by passage id."""
    marks: dict[str, dict[str, Mark]] = {}

    def add(article_id: str, start: int, end: int, kind: str) -> None:
        passage = index.passage(article_id, start, end)
        if passage is None:
            return
        mark = marks.setdefault(passage.article.id, {}).setdefault(passage.id, Mark(passage))
        mark.kinds.add(kind)

    for sentence in brief.summary:
        for citation in sentence.citations:
            add(citation.article, citation.start, citation.end, "summary")
    for entry in brief.timeline:
        for citation in entry.citations:
            add(citation.article, citation.start, citation.end, "timeline")
    for quote in brief.quotes:
        for content in quote.content:
            add(quote.article, content.start, content.end, "quote")
    for claim in all_claims(brief):
        add(claim.article, claim.span.start, claim.span.end, "claim")
    return {article_id: list(by_id.values()) for article_id, by_id in marks.items()}


def all_claims(brief: Brief) -> list[Claim]:
    """Claims of the table plus those only named in disagreements (they are cited there too)."""
    claims = list(brief.claims)
    for disagreement in brief.disagreements:
        claims.extend(disagreement.claims)
    return claims


@dataclass(slots=True)
class SpeakerGroup:
    name: str
    quotes: list[Quote]


def speaker_groups(brief: Brief) -> list[SpeakerGroup]:
    """Quotes grouped by speaker (case- and space-insensitive), in order of each speaker's first quote."""
    groups: dict[str, SpeakerGroup] = {}
    for quote in brief.quotes:
        name = " ".join(quote.speaker.name.split()) or "Unknown speaker"
        groups.setdefault(name.casefold(), SpeakerGroup(name, [])).quotes.append(quote)
    return list(groups.values())


def carriers(quote: Quote) -> list[str]:
    """The article ids that carried a quote: its own first, then ``also_in`` without repeats."""
    seen: list[str] = []
    for article_id in [quote.article, *quote.also_in]:
        if article_id not in seen:
            seen.append(article_id)
    return seen


def quote_text(quote: Quote, index: ArticleIndex) -> list[tuple[str, Passage | None]]:
    """Each content part of a quote with its passage (for the link), preferring the article's own text."""
    parts: list[tuple[str, Passage | None]] = []
    for content in quote.content:
        passage = index.passage(quote.article, content.start, content.end)
        text = content.text or (passage.text if passage else "")
        parts.append((" ".join(text.split()), passage))
    return parts


@dataclass(frozen=True, slots=True)
class Token:
    """One step of a marked-up article text: literal text, or opening/closing a passage element."""

    kind: str  # "text", "open" or "close"
    text: str = ""
    mark: Mark | None = None
    first: bool = True


def nest_marks(text: str, marks: list[Mark]) -> list[Token]:
    """Turn possibly overlapping passages into properly nested open/close tokens over ``text``.

    Longer passages open first, so a quote inside a cited sentence nests. When two passages cross, the
    inner one is closed and reopened as a continuation (``first=False``) so the markup stays well formed.
    """
    starts: dict[int, list[Mark]] = {}
    boundaries = {0, len(text)}
    for mark in marks:
        starts.setdefault(mark.passage.start, []).append(mark)
        boundaries.update((mark.passage.start, mark.passage.end))
    tokens: list[Token] = []
    stack: list[Mark] = []
    position = 0
    for boundary in sorted(boundaries):
        if boundary > position:
            tokens.append(Token("text", text[position:boundary]))
            position = boundary
        if any(mark.passage.end == boundary for mark in stack):
            reopen: list[Mark] = []
            while any(mark.passage.end == boundary for mark in stack):
                top = stack.pop()
                tokens.append(Token("close", mark=top))
                if top.passage.end != boundary:
                    reopen.append(top)
            for mark in reversed(reopen):
                tokens.append(Token("open", mark=mark, first=False))
                stack.append(mark)
        for mark in sorted(starts.get(boundary, []), key=lambda item: -item.passage.end):
            tokens.append(Token("open", mark=mark))
            stack.append(mark)
    return tokens
