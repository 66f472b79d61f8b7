"""Dates stated or implied in news text, read once and resolved against a publication date (the anchor).

Why rules and not spaCy's DATE entities: news dates follow a handful of patterns ("July 6, 2012", "on
March 9", "Feb. 3", "Thursday night", "yesterday", "last year"), and the same reading is needed where no
parse exists (the cleaner's datelines, the Timeline17 harness over thousands of pre-tokenised articles).
A regex pass gives identical answers everywhere and costs milliseconds.

Why two stages: ``scan_dates`` reads the text without an anchor. A fully stated date ("July 6, 2012")
gets its value there. A mention whose value depends on the publication date ("Friday", "yesterday",
"last week", "July 17") gets an ``expression``: an anchor-free recipe holding everything the text
decides (which weekday, the tense of its clause, "last" or "next"), and an empty value.
``resolve_mentions`` then resolves the expressions against an anchor, or keeps them unresolved when
there is none. So an article analysed before its publication date was known is re-dated later from its
records alone, with exactly the answer a scan with that date gives (``find_dates``).

Conventions
-----------
* ``value`` is ISO 8601 truncated to the granularity: "2012-07-06" (day), "2012-03" (month), "2011"
  (year), so plain string order is chronological and a coarser date sorts before the days inside it.
* ``inferred`` is True when anything was taken from the publication date (a weekday, "yesterday",
  "last year", a day-month without a year); exactly those mentions carry an ``expression``.
* A weekday name means the most recent such day on or before the publication date, the coming one
  (on or after it) when the clause is in the future tense ("will meet Friday"); "last Friday" is
  strictly before, "next Friday" strictly after.
* Durations ("16 months", "for three weeks") are not dates. The model has no week granularity, so
  "last week", "a week ago", "the weekend" resolve to their month only when the whole period lies in
  that month, and to nothing when it straddles two: in an article of Friday 6 July 2012 "last week's
  agreement" (Monday 25 June to Sunday 1 July) gives no date rather than a "June 2012" half wrong.
  "the past week/month/year" (also "the last ...") is the span ending at the anchor, not the previous
  calendar period, so "the past year" is never read as last calendar year.
* A mention holds its place in the text whether or not it resolves: "Feb 29" in a piece from 2014
  names no date, and the "Feb" inside it is not then read as the month.

Expressions (``DateMention.expression``), as written by ``scan_dates``
-----------------------------------------------------------------------
=========================  =====================================================================  =====
``days -1``                the anchor plus N days ("today" +0, "yesterday" -1, "3 days ago" -3)    day
``weekday friday past``    the most recent Friday on or before the anchor; ``future``: the coming  day
                           one on or after it; ``last``: strictly before; ``next``: strictly after
``day-month 07-17 past``   17 July of the year putting it nearest the anchor; in a ``past``        day
                           sentence never months ahead, in a ``future`` one never months back
                           (``untensed``: simply the nearest)
``month 03 past``          March of the year chosen the same way; ``last``: the last March before   month
                           the anchor's month, ``next``: the next one after it
``weeks-ago 2``            the Monday-to-Sunday week two weeks before the anchor's                 month
``months-ago 3``           the month three months before the anchor's                              month
``years-ago 1``            the year one year before the anchor's                                   year
``calendar-week -1``       the previous (``+0`` this, ``+1`` next) Monday-to-Sunday week;          month
                           ``earlier-this`` / ``later-this``: this week up to / from the anchor
``calendar-weekend -1``    the Saturday and Sunday of the previous (``+0``, ``+1``) week            month
``calendar-month -1``      the previous (``+0``, ``+1``) calendar month                            month
``calendar-year -1``       the previous (``+0``, ``+1``) calendar year                             year
``recent-weekend past``    the most recent Saturday and Sunday (``future``: the coming ones)       month
``past-week``              the 7 days up to the anchor (``past-month`` 30, ``past-year`` 365)      month
                                                                                                   (year)
=========================  =====================================================================  =====

A period resolves only when it lies inside one unit of its granularity (see above).
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from storyline.model import DateMention, Granularity, Span

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "RelativeDay",
    "days_after",
    "find_dates",
    "granularity_of",
    "is_future",
    "parse_iso",
    "past_event_days",
    "relative_days",
    "resolve_expression",
    "resolve_mention",
    "resolve_mentions",
    "resolve_weekday",
    "safe_date",
    "scan_dates",
]

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}

_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<{g}>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>1[89][0-9]{{2}}|20[0-9]{{2}})"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3,
}

# In the order they are tried: a stretch read by one kind is not read again by a later one.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)[0-9]{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])\b")),
    # "Friday, July 6, 2012", "July 6, 2012", "July 6 2012", "July 6" (+ optional weekday before)
    (
        "mdy",
        re.compile(
            r"\b(?:" + _WEEKDAY + r",?\s+)?" + _MONTH.format(g="m") + r"\s+" + _DAY.format(g="d")
            + r"(?![0-9:])(?:\s*,?\s*" + _YEAR.format(g="y") + r")?(?![0-9])"
        ),
    ),
    # "Friday 6 July 2012", "6 July 2012", "6 July"
    (
        "dmy",
        re.compile(
            r"\b(?:" + _WEEKDAY + r",?\s+)?" + _DAY.format(g="d") + r"\s+(?:of\s+)?" + _MONTH.format(g="m")
            + r"(?:\s*,?\s*" + _YEAR.format(g="y") + r")?(?![0-9])"
        ),
    ),
    # "March 2011", "in March", "mid-July", "early March"
    (
        "my",
        re.compile(
            r"\b(?P<pre>in|since|by|until|till|from|during|before|after|of|early|late|mid|last|next|this|"
            r"through|throughout|between|and|to)?[\s-]*" + _MONTH.format(g="m")
            + r"(?:\s*,?\s*" + _YEAR.format(g="y") + r")?(?![\w-])",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?P<pre>[Ii]n|since|by|until|till|from|during|before|after|of|early|late|mid|between|and|"
            r"to|year|summer|winter|spring|autumn|fall|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring)[\s-]+"
            + _YEAR.format(g="y") + r"(?![\d,.]\d|\s*(?:GMT|BST|EST|UTC|HKT)\b)(?![\w-])"
            r"|^\s*" + _YEAR.format(g="y2") + r"\s*:"
        , re.MULTILINE),
    ),
    ("ago", re.compile(
        r"\b(?P<n>[0-9]+|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
        r"twelve)"
        r"\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE)),
    ("named", re.compile(
        r"\b(?P<w>the day before yesterday|yesterday|today|tonight|tomorrow|this morning|this afternoon|"
        r"this evening|last night)\b", re.IGNORECASE)),
    ("period", re.compile(
        r"\b(?P<rel>last|this|next|earlier this|later this|past)\s+(?P<unit>week|weekend|month|year)\b"
        r"|\b(?P<wkend>(?:over|at|during) the weekend)\b", re.IGNORECASE)),
    ("weekday", re.compile(
        r"\b(?P<rel>(?i:last|next|this|on|by|until|since|from|late|early))?\s*"
        r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"(?:\s+(?P<part>night|morning|afternoon|evening))?\b")),
]
_PATTERN = dict(_PATTERNS)

_NAMED_OFFSETS = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "last night": -1}
# More than this many days, weeks, months or years ago is not a date news resolves ("1000 years ago").
_MAX_AGO = 100

# "Three days after the dam gave way, families are still waiting": the event was N days before publication.
# Only a present-tense main clause ties it to the publication day ("Three days after the breach, police
# found ..." narrates the past and says nothing about when the article was written).
_DAYS_AFTER = re.compile(
    r"\b(?P<n>[0-9]{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s+(?:full\s+)?days?\s+(?:after|since)\b",
    re.IGNORECASE,
)
_PRESENT = re.compile(
    r"\b(?:is|are|am|has|have|remains?|continues?|still)\b|\b\w+(?:'s|’s)\s+(?:still|now|been)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|gave|came|went|began|fell|met|made|took|saw|found|left|broke|hit|"
    r"struck|died|killed|[A-Za-z]{3,}ed)\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(r"\b(?:until|till)\s+(?:at\s+(?:the\s+)?(?:least|earliest)\s+)?$", re.IGNORECASE)
_SENTENCE_EDGE = re.compile(r"[.!?](?=\s)|\n")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)

_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|is due to|are due to|due to|(?:is|are) (?:set|scheduled|expected|slated|going) to|"
    r"plans? to|planned for|scheduled for|to be held|upcoming|to meet|to attend|to visit|would)\b"
    r"|\bwon't\b",
    re.IGNORECASE,
)
_PAST_PLAN = re.compile(
    r"\bhad (?:been )?(?:planned|planning|intended|hoped|expected|wanted|meant|due|scheduled|set|going)\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[.;:!?\n]|,\s*(?:but|and|while|when)\b")


# --- small date helpers -------------------------------------------------------------------------------------


def parse_iso(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` (or longer) to a date; None for anything else."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist ("31 February", year 0 or 10000)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _iso(day: dt.date, granularity: Granularity) -> str:
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _count(raw: str) -> int:
    """A count as written ("3", "three", "a couple of"); 0 when it is none, or too long to be a count."""
    raw = raw.lower()
    if raw.isdigit():
        return int(raw) if len(raw) <= 3 else 0
    return _NUMBER_WORDS.get(raw, 0)


def _month_of(month_text: str) -> int | None:
    return MONTHS.get(month_text.lower().rstrip("."))


def _shift_months(day: dt.date, months: int) -> dt.date | None:
    """The first day of the month ``months`` after ``day``'s (None beyond the calendar's ends)."""
    index = day.year * 12 + day.month - 1 + months
    return safe_date(index // 12, index % 12 + 1, 1)


def _closest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The year putting day-month closest to the anchor (news talks of the recent past and near future)."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := safe_date(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor))


def _tensed_year(month: int, day: int, anchor: dt.date, tense: str) -> dt.date | None:
    """Like ``_closest_year``, but a past-tense sentence does not put a date months ahead, nor a future
    one months back: "the inspection carried out in May" in a November piece is last May, not next."""
    closest = _closest_year(month, day, anchor)
    if closest is None:
        return None
    gap = (closest - anchor).days
    if gap > 31 and tense == "past":
        return safe_date(closest.year - 1, month, day) or closest
    if gap < -31 and tense == "future":
        return safe_date(closest.year + 1, month, day) or closest
    return closest


def resolve_weekday(anchor: dt.date, weekday: int, *, future: bool, relation: str = "") -> dt.date:
    """The date a weekday name refers to in an article published on ``anchor`` (see module doc)."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if relation == "last":
        return anchor - dt.timedelta(days=back or 7)
    if relation == "next":
        return anchor + dt.timedelta(days=ahead or 7)
    if future:
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


# --- tense, from the words around a mention -----------------------------------------------------------------


def is_future(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``[start, end)`` talks about the future ("will meet Friday").

    Looks back to the clause start (at most 80 characters) and two words ahead for a future marker.
    """
    window_start = max(0, start - 80)
    before = text[window_start:start]
    cuts = list(_CLAUSE_START.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    after = " ".join(text[end:end + 30].split()[:2])
    if _PAST_PLAN.search(before):
        return False  # "had planned to attend the wedding Saturday": a plan made in the past, for a past day
    return bool(_FUTURE.search(before)) or bool(re.match(r"(?:'s\s+)?(?:will|'ll)\b", after))


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding ``[start, end)`` by punctuation (no parse needed).

    The left edge is the last sentence edge before ``start``, looked for in windows that double back
    from it: an edge is one character (its lookahead bounded by ``start`` either way), so a window finds
    exactly the edges a scan from 0 finds in it, and a long text costs the sentence, not the text so far.
    """
    left, window = 0, 256
    while True:
        low = max(0, start - window)
        edges = [m.end() for m in _SENTENCE_EDGE.finditer(text, low, start)]
        if edges or low == 0:
            left = edges[-1] if edges else 0
            break
        window *= 4
    right_match = _SENTENCE_EDGE.search(text, end)
    return left, (right_match.end() if right_match else len(text))


def _tense(text: str, start: int, end: int) -> str:
    """"future", "past" (a past-tense verb in the sentence, no future marker) or "untensed"."""
    if is_future(text, start, end):
        return "future"
    left, right = _sentence_around(text, start, end)
    return "past" if _PAST.search(text[left:start] + " " + text[end:right]) else "untensed"


# --- reading the text: stated dates and expressions ---------------------------------------------------------

_Reader = Callable[[re.Match[str], str], DateMention | None]


def _stated(
    text: str, start: int, end: int, day: dt.date | None, granularity: Granularity
) -> DateMention | None:
    """A fully stated date (None when the day does not exist: "May 32, 2012")."""
    if day is None:
        return None
    return DateMention(Span.of(text, start, end), _iso(day, granularity), granularity)


def _relative(text: str, start: int, end: int, expression: str) -> DateMention:
    """A mention the anchor must resolve: no value yet, the recipe in ``expression``."""
    return DateMention(Span.of(text, start, end), "", granularity_of(expression), True, expression)


def _read_iso(match: re.Match[str], text: str) -> DateMention | None:
    day = safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return _stated(text, match.start(), match.end(), day, "day")


def _read_day_month(match: re.Match[str], text: str) -> DateMention | None:
    """ "July 6, 2012", "6 July" (mdy and dmy)."""
    month = _month_of(match["m"])
    if month is None:
        return None
    start, end = match.span()
    day_number = int(match["d"])
    if match["y"]:
        return _stated(text, start, end, safe_date(int(match["y"]), month, day_number), "day")
    if safe_date(2000, month, day_number) is None:  # "Feb. 31" is in no year (2000 has a 29 February)
        return None
    return _relative(text, start, end, f"day-month {month:02d}-{day_number:02d} {_tense(text, start, end)}")


def _read_month(match: re.Match[str], text: str) -> DateMention | None:
    """ "March 2011", "in March", "mid-July", "last March"."""
    month_text = match["m"]
    if not month_text[0].isupper():
        return None
    month = _month_of(month_text)
    if month is None:
        return None
    pre = (match["pre"] or "").lower()
    year = match["y"]
    if not year and not pre:
        return None  # a bare "March" or "May" is too often a noun or a verb
    if month_text == "May" and not year and pre not in ("in", "since", "by", "until", "early", "mid"):
        return None
    start, end = match.span()
    month_start = start if pre == "mid" else match.start("m")
    if year:
        return _stated(text, month_start, end, dt.date(int(year), month, 1), "month")
    how = pre if pre in ("last", "next") else _tense(text, start, end)
    span_start = start if pre in ("last", "next", "this") else month_start
    return _relative(text, span_start, end, f"month {month:02d} {how}")


def _read_year(match: re.Match[str], text: str) -> DateMention | None:
    group = "y" if match["y"] else "y2"
    return _stated(text, match.start(group), match.end(group), dt.date(int(match[group]), 1, 1), "year")


def _read_ago(match: re.Match[str], text: str) -> DateMention | None:
    """ "three days ago", "a week ago", "two years ago"."""
    count = _count(match["n"])
    if not 0 < count <= _MAX_AGO:
        return None
    unit = match["unit"].lower()
    expression = f"days {-count:+d}" if unit == "day" else f"{unit}s-ago {count}"
    return _relative(text, match.start(), match.end(), expression)


def _read_named(match: re.Match[str], text: str) -> DateMention | None:
    """ "yesterday", "today", "tonight", "last night"."""
    offset = _NAMED_OFFSETS.get(match["w"].lower(), 0)
    return _relative(text, match.start(), match.end(), f"days {offset:+d}")


def _read_period(match: re.Match[str], text: str) -> DateMention | None:
    """ "last week", "this month", "the past year", "over the weekend"."""
    start, end = match.span()
    if match["wkend"]:
        how = "future" if is_future(text, start, end) else "past"
        return _relative(text, start, end, f"recent-weekend {how}")
    rel, unit = match["rel"].lower(), match["unit"].lower()
    if rel == "past" or (rel == "last" and _THE_BEFORE.search(text, max(0, start - 6), start)):
        # "the past week", "the last month": the span ending now, not a calendar period
        expression = "recent-weekend past" if unit == "weekend" else f"past-{unit}"
    elif unit == "week" and rel in ("earlier this", "later this"):
        expression = f"calendar-week {rel.replace(' ', '-')}"
    else:
        expression = f"calendar-{unit} {({'last': -1, 'next': 1}.get(rel, 0)):+d}"
    return _relative(text, start, end, expression)


def _read_weekday(match: re.Match[str], text: str) -> DateMention | None:
    """ "Friday", "Thursday night", "last Monday", "until Monday"."""
    rel = (match["rel"] or "").lower()
    weekday_start, end = match.start("wd"), match.end()
    if rel in ("last", "next"):
        return _relative(text, match.start(), end, f"weekday {match['wd'].lower()} {rel}")
    # "shut until Monday", "by Friday": a deadline is still to come
    deadline = _DEADLINE.search(text, max(0, weekday_start - 30), weekday_start)
    future = rel in ("until", "till") or deadline is not None or is_future(text, weekday_start, end)
    how = "future" if future else "past"
    return _relative(text, weekday_start, end, f"weekday {match['wd'].lower()} {how}")


_READERS: dict[str, _Reader] = {
    "iso": _read_iso,
    "mdy": _read_day_month,
    "dmy": _read_day_month,
    "my": _read_month,
    "year": _read_year,
    "ago": _read_ago,
    "named": _read_named,
    "period": _read_period,
    "weekday": _read_weekday,
}


def scan_dates(text: str) -> list[DateMention]:
    """Every date mention in ``text``, in text order: stated ones with their value, those that depend on
    the publication date with an ``expression`` and an empty value (``resolve_mentions`` fills it)."""
    mentions: list[DateMention] = []
    # The taken spans, sorted: they never overlap, so their ends are sorted too and only the last span
    # starting before ``end`` can overlap ``[start, end)`` — a bisection, not a scan of every mention
    # (which made a long article's dates quadratic).
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        before = bisect.bisect_left(taken, (end, -1))
        return before == 0 or taken[before - 1][1] <= start

    for kind, pattern in _PATTERNS:
        read = _READERS[kind]
        for match in pattern.finditer(text):
            if not free(*match.span()):
                continue
            mention = read(match, text)
            if mention is not None and free(mention.span.start, mention.span.end):
                mentions.append(mention)
                bisect.insort(taken, (mention.span.start, mention.span.end))
    return sorted(mentions, key=lambda item: item.span.start)


# --- resolving expressions against an anchor ----------------------------------------------------------------

_Period = tuple[dt.date, dt.date]
_DAY_DELTA = dt.timedelta(days=1)


def _days(anchor: dt.date, offset: str) -> _Period:
    day = anchor + dt.timedelta(days=int(offset))
    return day, day


def _weekday(anchor: dt.date, name: str, how: str) -> _Period:
    day = resolve_weekday(anchor, WEEKDAYS[name], future=how == "future", relation=how)
    return day, day


def _day_month(anchor: dt.date, month_day: str, tense: str) -> _Period | None:
    month, day_number = (int(part) for part in month_day.split("-"))
    day = _tensed_year(month, day_number, anchor, tense)
    return None if day is None else (day, day)


def _month(anchor: dt.date, month_text: str, how: str) -> _Period | None:
    month = int(month_text)
    if how == "last":
        year = anchor.year - 1 if month >= anchor.month else anchor.year
    elif how == "next":
        year = anchor.year + 1 if month <= anchor.month else anchor.year
    else:
        guess = _tensed_year(month, 15, anchor, how)
        year = guess.year if guess else anchor.year
    first = safe_date(year, month, 1)
    return None if first is None else (first, first)


def _weeks_ago(anchor: dt.date, count: str) -> _Period:
    monday = anchor - dt.timedelta(days=anchor.weekday() + 7 * int(count))
    return monday, monday + dt.timedelta(days=6)


def _months_ago(anchor: dt.date, count: str) -> _Period | None:
    first = _shift_months(anchor, -int(count))
    return None if first is None else (first, first)


def _years_ago(anchor: dt.date, count: str) -> _Period | None:
    first = safe_date(anchor.year - int(count), 1, 1)
    return None if first is None else (first, first)


def _calendar_week(anchor: dt.date, which: str) -> _Period:
    monday = anchor - dt.timedelta(days=anchor.weekday())
    if which == "earlier-this":
        return monday, anchor
    if which == "later-this":
        return anchor, monday + dt.timedelta(days=6)
    first = monday + dt.timedelta(days=7 * int(which))
    return first, first + dt.timedelta(days=6)


def _calendar_weekend(anchor: dt.date, step: str) -> _Period:
    saturday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(days=5 + 7 * int(step))
    return saturday, saturday + _DAY_DELTA


def _calendar_month(anchor: dt.date, step: str) -> _Period | None:
    first, after = _shift_months(anchor, int(step)), _shift_months(anchor, int(step) + 1)
    return None if first is None or after is None else (first, after - _DAY_DELTA)


def _calendar_year(anchor: dt.date, step: str) -> _Period | None:
    first = safe_date(anchor.year + int(step), 1, 1)
    return None if first is None else (first, dt.date(first.year, 12, 31))


def _recent_weekend(anchor: dt.date, how: str) -> _Period:
    saturday = resolve_weekday(anchor, 5, future=how == "future")
    return saturday, saturday + _DAY_DELTA


def _span_ending_at(days: int) -> Callable[[dt.date], _Period]:
    def span(anchor: dt.date) -> _Period:
        return anchor - dt.timedelta(days=days), anchor

    return span


_RESOLVERS: dict[str, tuple[Granularity, Callable[..., _Period | None]]] = {
    "days": ("day", _days),
    "weekday": ("day", _weekday),
    "day-month": ("day", _day_month),
    "month": ("month", _month),
    "weeks-ago": ("month", _weeks_ago),
    "months-ago": ("month", _months_ago),
    "years-ago": ("year", _years_ago),
    "calendar-week": ("month", _calendar_week),
    "calendar-weekend": ("month", _calendar_weekend),
    "calendar-month": ("month", _calendar_month),
    "calendar-year": ("year", _calendar_year),
    "recent-weekend": ("month", _recent_weekend),
    "past-week": ("month", _span_ending_at(7)),
    "past-month": ("month", _span_ending_at(30)),
    "past-year": ("year", _span_ending_at(365)),
}


def _resolver(expression: str) -> tuple[Granularity, Callable[..., _Period | None], list[str]]:
    kind, *args = expression.split()
    if kind not in _RESOLVERS:
        raise ValueError(f"not a date expression: {expression!r}")
    granularity, resolve = _RESOLVERS[kind]
    return granularity, resolve, args


def granularity_of(expression: str) -> Granularity:
    """The granularity of the date ``expression`` names, whatever the anchor."""
    return _resolver(expression)[0]


def resolve_expression(expression: str, anchor: dt.date) -> str | None:
    """The ISO value ``expression`` names in an article published on ``anchor``, or None: when its period
    does not lie inside one unit of its granularity (a week across two months), when the day is in no
    year near the anchor (29 February), or when the anchor is too near the calendar's ends."""
    granularity, resolve, args = _resolver(expression)
    try:
        period = resolve(anchor, *args)
    except OverflowError:  # an anchor in year 1 or 9999: "yesterday" is off the calendar
        return None
    if period is None:
        return None
    first, last = period
    if granularity == "month" and (first.year, first.month) != (last.year, last.month):
        return None
    if granularity == "year" and first.year != last.year:
        return None
    return _iso(first, granularity)


def resolve_mention(mention: DateMention, anchor: dt.date | None) -> DateMention | None:
    """``mention`` with the value its expression has on ``anchor``; a stated one as it is; None when it
    does not resolve (no anchor, or see ``resolve_expression``)."""
    if mention.expression is None:
        return mention
    value = resolve_expression(mention.expression, anchor) if anchor is not None else None
    return None if value is None else dataclasses.replace(mention, value=value, inferred=True)


def resolve_mentions(
    mentions: Iterable[DateMention], anchor: dt.date | None
) -> tuple[list[DateMention], list[DateMention]]:
    """(resolved, unresolved), each in text order: the stated mentions and the expressions ``anchor``
    resolves, and the expressions it does not (all of them without an anchor), with an empty value.

    Any earlier value of a mention with an expression is ignored, so re-dating an article is this call on
    its ``dates`` and ``unresolved_dates`` with the new anchor.
    """
    resolved: list[DateMention] = []
    unresolved: list[DateMention] = []
    for mention in mentions:
        found = resolve_mention(mention, anchor)
        if found is not None:
            resolved.append(found)
        else:
            unresolved.append(dataclasses.replace(mention, value=""))
    resolved.sort(key=lambda item: item.span.start)
    unresolved.sort(key=lambda item: item.span.start)
    return resolved, unresolved


def find_dates(text: str, anchor: dt.date | None) -> list[DateMention]:
    """All date mentions in ``text`` resolved against ``anchor`` (the publication date, or None: then only
    the fully stated ones)."""
    return resolve_mentions(scan_dates(text), anchor)[0]


# --- days relative to an unknown publication date (evidence for inferring it) -------------------------------


@dataclass(frozen=True, slots=True)
class RelativeDay:
    """A day named relative to the publication date ("Friday", "today"), kept even when no anchor exists.

    ``offset`` is set for today/yesterday/tomorrow; ``weekday`` (0=Monday) for weekday names. Used by
    ``relate.dates`` to infer an undated article's publication date from a sibling's dated mention.
    """

    span: Span
    weekday: int | None
    offset: int | None
    future: bool
    relation: str


def _absolute_day_spans(text: str) -> list[tuple[int, int]]:
    """Spans of stated day-month dates, so "Friday, July 6" is not also read as a bare weekday."""
    return [match.span() for kind in ("iso", "mdy", "dmy") for match in _PATTERN[kind].finditer(text)]


def relative_days(text: str) -> list[RelativeDay]:
    """Every weekday name, today/yesterday/tomorrow and present-tense "N days after" mention, with tense,
    whether or not a date is known."""
    found: list[RelativeDay] = []
    taken = _absolute_day_spans(text)
    for kind in ("named", "weekday"):
        for match in _PATTERN[kind].finditer(text):
            start, end = match.start(), match.end()
            if any(s <= start < e or s < end <= e for s, e in taken):
                continue
            if kind == "named":
                word = match.group("w").lower()
                offset = _NAMED_OFFSETS.get(word, 0)
                found.append(RelativeDay(Span.of(text, start, end), None, offset, offset > 0, word))
            else:
                rel = (match.group("rel") or "").lower()
                wd_start = match.start("wd")
                found.append(
                    RelativeDay(
                        Span.of(text, wd_start, end),
                        WEEKDAYS[match.group("wd").lower()],
                        None,
                        is_future(text, wd_start, end) or rel == "next",
                        rel,
                    )
                )
    found.extend(days_after(text))
    return sorted(found, key=lambda item: item.span.start)


def days_after(text: str) -> list[RelativeDay]:
    """"N days after <event>" in a present-tense sentence: the event happened N days before publication.

    ``offset`` is -N (as "yesterday" is -1); the tense is read from the rest of the sentence, so a
    narrative "Three days after the breach, police found a body" gives nothing.
    """
    found: list[RelativeDay] = []
    for match in _DAYS_AFTER.finditer(text):
        count = _count(match["n"])
        if not 1 <= count <= 31:
            continue
        left, right = _sentence_around(text, match.start(), match.end())
        rest = text[match.end():right]
        # the main clause: before the phrase ("It has been 4 days since ..."), or after its comma
        clause = text[left:match.start()] + " " + (rest.split(",", 1)[1] if "," in rest else "")
        if not _PRESENT.search(clause) or _FUTURE.search(clause):
            continue
        found.append(RelativeDay(Span.of(text, match.start(), match.end()), None, -count, False, "after"))
    return found


def past_event_days(text: str, anchor: dt.date) -> list[DateMention]:
    """Stated day dates ("13 November", "July 6, 2012") the text reports as past events.

    Why: an article cannot be older than an event it reports in the past tense, so these bound an
    inferred publication date from below. A yearless date is resolved against ``anchor`` (a candidate
    publication date); a clause in the future tense, or a sentence without a past-tense verb, does not
    count ("the vote on 20 November" may be still to come).
    """
    spans = set(_absolute_day_spans(text))
    out: list[DateMention] = []
    for mention in find_dates(text, anchor):
        if mention.granularity != "day" or (mention.span.start, mention.span.end) not in spans:
            continue
        if is_future(text, mention.span.start, mention.span.end):
            continue
        left, right = _sentence_around(text, mention.span.start, mention.span.end)
        if _PAST.search(text[left:right]):
            out.append(mention)
    return out
