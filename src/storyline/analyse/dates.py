"""Dates stated or implied in an article, resolved against its publication date.

Why rules and not spaCy's DATE entities: news dates follow a handful of patterns ("July 6, 2012", "on
March 9", "Feb. 3", "Thursday night", "yesterday", "last year"), and the same resolver must run in three
places that do not all have a parse: here, when ``relate.dates`` re-resolves an article whose publication
date it inferred, and in the Timeline17 harness over thousands of pre-tokenised articles. A regex pass
gives identical answers in all three and costs milliseconds.

Conventions
-----------
* ``value`` is ISO 8601 truncated to the granularity: "2012-07-06" (day), "2012-03" (month), "2011"
  (year), so plain string order is chronological and a coarser date sorts before the days inside it.
* ``inferred`` is True when anything was taken from the publication date (a weekday, "yesterday",
  "last year", a day-month without a year).
* A weekday name means the most recent such day on or before the publication date, the coming one
  (on or after it) when the clause is in the future tense ("will meet Friday"); "last Friday" is
  strictly before, "next Friday" strictly after.
* Durations ("16 months", "for three weeks") are not dates. The model has no week granularity, so
  "last week", "a week ago", "the weekend" resolve to their month only when the whole period lies in
  that month, and to nothing when it straddles two: in an article of Friday 6 July 2012 "last week's
  agreement" (Monday 25 June to Sunday 1 July) gives no date rather than a "June 2012" half wrong.
  "the past week/month/year" (also "the last ...") is the span ending at the anchor, not the previous
  calendar period, so "the past year" is never read as last calendar year. See ``_period_days``.
* Without a publication date, only fully stated dates (with a year) are returned; relative ones are
  re-resolved by ``relate.dates`` once a date is inferred.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.model import Article, DateMention, Granularity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

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

_NAMED_OFFSETS = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "last night": -1}

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


def parse_iso(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` (or longer) to a date; None for anything else, never raises."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _iso(day: dt.date, granularity: Granularity) -> str:
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _closest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The year putting day-month closest to the anchor (news talks of the recent past and near future)."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor))


def _tense(text: str, start: int, end: int) -> str:
    """"future", "past" (a past-tense verb in the sentence, no future marker) or "" (cannot tell)."""
    if is_future(text, start, end):
        return "future"
    left, right = _sentence_around(text, start, end)
    return "past" if _PAST.search(text[left:start] + " " + text[end:right]) else ""


def _tensed_year(month: int, day: int, anchor: dt.date, tense: str) -> dt.date | None:
    """Like ``_closest_year``, but a past-tense sentence does not put a date months ahead, nor a future
    one months back: "the inspection carried out in May" in a November piece is last May, not next."""
    closest = _closest_year(month, day, anchor)
    if closest is None:
        return None
    gap = (closest - anchor).days
    if gap > 31 and tense == "past":
        return _safe_date(closest.year - 1, month, day) or closest
    if gap < -31 and tense == "future":
        return _safe_date(closest.year + 1, month, day) or closest
    return closest


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


def _month_of(month_text: str) -> int | None:
    return MONTHS.get(month_text.lower().rstrip("."))


def relative_days(text: str) -> list[RelativeDay]:
    """Every weekday name, today/yesterday/tomorrow and present-tense "N days after" mention, with tense,
    whether or not a date is known."""
    found: list[RelativeDay] = []
    taken = _absolute_day_spans(text)
    for kind in ("named", "weekday"):
        pattern = dict(_PATTERNS)[kind]
        for match in pattern.finditer(text):
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


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence holding ``[start, end)`` by punctuation (no parse needed)."""
    edges = [m.end() for m in _SENTENCE_EDGE.finditer(text, 0, start)]
    left = edges[-1] if edges else 0
    right_match = _SENTENCE_EDGE.search(text, end)
    return left, (right_match.end() if right_match else len(text))


def days_after(text: str) -> list[RelativeDay]:
    """"N days after <event>" in a present-tense sentence: the event happened N days before publication.

    ``offset`` is -N (as "yesterday" is -1); the tense is read from the rest of the sentence, so a
    narrative "Three days after the breach, police found a body" gives nothing.
    """
    found: list[RelativeDay] = []
    for match in _DAYS_AFTER.finditer(text):
        raw = match["n"].lower()
        count = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 0)
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
    out: list[DateMention] = []
    try:
        spans = {span for span in _absolute_day_spans(text)}
        for mention in find_dates(text, anchor):
            if mention.granularity != "day" or (mention.span.start, mention.span.end) not in spans:
                continue
            if is_future(text, mention.span.start, mention.span.end):
                continue
            left, right = _sentence_around(text, mention.span.start, mention.span.end)
            if _PAST.search(text[left:right]):
                out.append(mention)
    except Exception:  # never raise on messy text
        return out
    return out


def _absolute_day_spans(text: str) -> list[tuple[int, int]]:
    """Spans of stated day-month dates, so "Friday, July 6" is not also read as a bare weekday."""
    patterns = dict(_PATTERNS)
    return [match.span() for kind in ("iso", "mdy", "dmy") for match in patterns[kind].finditer(text)]


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


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def find_dates(text: str, anchor: dt.date | None) -> list[DateMention]:
    """All date mentions in ``text`` resolved against ``anchor`` (the publication date, or None)."""
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    def add(start: int, end: int, day: dt.date | None, granularity: Granularity, inferred: bool) -> None:
        if day is None or not free(start, end):
            return
        taken.append((start, end))
        mentions.append(DateMention(Span.of(text, start, end), _iso(day, granularity), granularity, inferred))

    try:
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(text):
                start, end = match.span()
                if not free(start, end):
                    continue
                _resolve(kind, match, text, anchor, add)
    except Exception:  # never raise on messy text: a date we cannot read is a date we skip
        pass
    return sorted(mentions, key=lambda item: item.span.start)


def _resolve(kind: str, match: re.Match[str], text: str, anchor: dt.date | None, add) -> None:
    start, end = match.span()
    if kind == "iso":
        add(start, end, _safe_date(int(match["y"]), int(match["m"]), int(match["d"])), "day", False)
    elif kind in ("mdy", "dmy"):
        month = _month_of(match["m"])
        if month is None:
            return
        day_number = int(match["d"])
        year = match["y"]
        if year:
            add(start, end, _safe_date(int(year), month, day_number), "day", False)
        elif anchor is not None:
            add(start, end, _tensed_year(month, day_number, anchor, _tense(text, start, end)), "day", True)
    elif kind == "my":
        month_text = match["m"]
        if not month_text[0].isupper():
            return
        month = _month_of(month_text)
        if month is None:
            return
        pre = (match["pre"] or "").lower()
        year = match["y"]
        if not year and not pre:
            return  # a bare "March" or "May" is too often a noun or a verb
        if month_text == "May" and not year and pre not in ("in", "since", "by", "until", "early", "mid"):
            return
        m_start = match.start("m")
        if pre == "mid":
            m_start = start
        if year:
            add(m_start, end, dt.date(int(year), month, 1), "month", False)
        elif anchor is not None:
            if pre == "last":
                year_number = anchor.year - 1 if month >= anchor.month else anchor.year
            elif pre == "next":
                year_number = anchor.year + 1 if month <= anchor.month else anchor.year
            else:
                guess = _tensed_year(month, 15, anchor, _tense(text, start, end))
                year_number = guess.year if guess else anchor.year
            add(m_start if pre not in ("last", "next", "this") else start, end,
                dt.date(year_number, month, 1), "month", True)
    elif kind == "year":
        year = match["y"] or match["y2"]
        group = "y" if match["y"] else "y2"
        add(match.start(group), match.end(group), dt.date(int(year), 1, 1), "year", False)
    elif anchor is None:
        return
    elif kind == "ago":
        raw = match["n"].lower()
        count = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 0)
        unit = match["unit"].lower()
        if count <= 0 or count > 100:
            return
        if unit == "day":
            add(start, end, anchor - dt.timedelta(days=count), "day", True)
        elif unit == "week":
            monday = anchor - dt.timedelta(days=anchor.weekday() + 7 * count)
            if (monday + dt.timedelta(days=6)).month == monday.month:
                add(start, end, monday, "month", True)  # the whole week lies in one month
        elif unit == "month":
            add(start, end, _shift_months(anchor, -count), "month", True)
        else:
            add(start, end, dt.date(anchor.year - count, 1, 1), "year", True)
    elif kind == "named":
        word = match["w"].lower()
        offset = _NAMED_OFFSETS.get(word, 0)
        add(start, end, anchor + dt.timedelta(days=offset), "day", True)
    elif kind == "period":
        period = _period_days(match, text, anchor)
        if period is not None:
            unit = "year" if (match["unit"] or "").lower() == "year" else "month"
            first, last = period
            if unit == "year" and first.year == last.year:
                add(start, end, first, "year", True)
            elif unit == "month" and (first.year, first.month) == (last.year, last.month):
                add(start, end, first, "month", True)
    elif kind == "weekday":
        rel = (match["rel"] or "").lower()
        wd_start = match.start("wd")
        span_start = start if rel in ("last", "next") else wd_start
        # "shut until Monday", "by Friday": a deadline is still to come
        deadline = _DEADLINE.search(text, max(0, wd_start - 30), wd_start)
        future = rel in ("until", "till") or deadline is not None or is_future(text, wd_start, end)
        day = resolve_weekday(anchor, WEEKDAYS[match["wd"].lower()], future=future, relation=rel)
        add(span_start, end, day, "day", True)


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def _period_days(match: re.Match[str], text: str, anchor: dt.date) -> tuple[dt.date, dt.date] | None:
    """First and last day of the period a "last week" / "this month" / "the weekend" phrase names.

    Weeks run Monday to Sunday: "last week" is the previous calendar week, "this week" the current one,
    "earlier this week" its days up to the anchor. "the past week" / "the last week" (with "the") is the
    seven days before the anchor, "the past month" the thirty before, "the past year" the 365 before:
    spans ending now, not a calendar period. "the weekend" is the most recent Saturday and Sunday (the
    coming ones in a future-tense clause).
    """
    start = match.start()
    monday = anchor - dt.timedelta(days=anchor.weekday())
    day = dt.timedelta(days=1)
    if match["wkend"]:
        saturday = resolve_weekday(anchor, 5, future=is_future(text, start, match.end()))
        return saturday, saturday + day
    rel = match["rel"].lower()
    unit = match["unit"].lower()
    spanning = rel == "past" or (rel == "last" and _THE_BEFORE.search(text, max(0, start - 6), start))
    if spanning:
        length = {"week": 7, "weekend": 7, "month": 30}.get(unit, 365)
        if unit == "weekend":
            saturday = resolve_weekday(anchor, 5, future=False)
            return saturday, saturday + day
        return anchor - dt.timedelta(days=length), anchor
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "week":
        first = monday + dt.timedelta(days=7 * step)
        last = first + dt.timedelta(days=6)
        if rel == "earlier this":
            last = anchor
        elif rel == "later this":
            first = anchor
        return first, last
    if unit == "weekend":
        saturday = monday + dt.timedelta(days=5 + 7 * step)
        return saturday, saturday + day
    if unit == "month":
        first = _shift_months(anchor, step)
        return first, _shift_months(first, 1) - day
    return dt.date(anchor.year + step, 1, 1), dt.date(anchor.year + step, 12, 31)


def extract_dates(article: Article, doc: Doc | None = None) -> list[DateMention]:
    """Date mentions of ``article.text`` resolved against ``article.published``.

    ``doc`` is accepted for the pipeline contract but not needed: see the module docstring for why.
    """
    return find_dates(article.text, parse_iso(article.published))


def date_at(mentions: list[DateMention], start: int, end: int) -> list[DateMention]:
    """Mentions lying inside ``[start, end)`` (e.g. one sentence)."""
    return [m for m in mentions if start <= m.span.start and m.span.end <= end]
