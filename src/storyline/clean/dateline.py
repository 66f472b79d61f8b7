"""The publication date an article states about itself (its dateline), never one from boilerplate.

Why so narrow: scraped pages are full of dates that are not the article's — a donation banner's "Since
July 1, 2024", "© 2023 WRVO", a list of 2014 related stories, "Updated" stamps. Only two places are
trusted: stretches the cleaner removed *as a dateline* ("July 6, 2012 -- Updated 0256 GMT (1056 HKT)";
the first date wins, so an "Updated" stamp after it is ignored), and the first lines of the cleaned body
("PARIS, July 6, 2012 (Reuters) -", "March 12, 2012", "1/8/08", "DENVER, 08.01.2008 --").

Numeric datelines: slashes and dashes are read month first ("1/8/08" is 8 January 2008, the US order
of the wire services this tool mostly reads), dots day first ("08.01.2008", the European order); when the
default order gives no valid date and the other does ("25/12/2008"), the other is taken. A two-digit year
follows the POSIX ``strptime`` pivot: 69-99 are 1969-1999, 00-68 are 2000-2068.

A dateline without a year ("March 12 (Bloomberg) --", "NEW YORK, July 17 (Xinhua) --") gives the
publication date only when the year can be read from context: the full dates the article itself states
within ``YEAR_WINDOW_DAYS`` of it here (``find_publication_date``), the other articles' dates later in
``relate.dates``. Never from today's date: an old article must not become this year's. Without such
context it gives nothing — a guessed year is worse than an honest "undated".

Only day-precise dates are returned, because ``Article.published`` is documented as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from storyline.analyse.dates import MONTHS, find_dates
from storyline.model import Removed

HEAD_LINES = 6
HEAD_CHARS = 600
# A dateline line is short and mostly the date (plus a place, an agency, "Updated ..."), unlike a sentence.
_MAX_DATELINE_CHARS = 160
# A yearless dateline takes the year of stated dates at most this far from it (a news story's dates sit
# within weeks of its filing; a quarter allows for a look back at last month's events).
YEAR_WINDOW_DAYS = 92
_NUMERIC_TEXT = r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}"
_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
# "PARIS, July 6, 2012 (Reuters) -", "Paris, France, 6 July 2012 (AFP) --", "DENVER, 1/8/08 --": place,
# full date, agency, dash
_AGENCY_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3},\s*){0,2}"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+[A-Z][a-z]{2,8},?\s+\d{4})|"
    + _NUMERIC_TEXT + r")"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:-{1,2}|—|–)"
)
# The same opening with a yearless date: "March 12 (Bloomberg) --", "NEW YORK, July 17 (Xinhua) --".
# The agency in brackets or the dash after the date is what makes it a dateline and not a sentence.
_PARTIAL_AGENCY_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3},\s*){0,3}"
    r"(?P<date>" + _MONTH_NAME + r"\s+\d{1,2}|\d{1,2}\s+" + _MONTH_NAME + r")(?![\d,]|\s+\d)"
    r"\s*(?:\([^)]{1,40}\)\s*(?:-{1,2}|—|–|:)?|(?:-{1,2}|—|–))"
)
# A line that is nothing but a yearless date, maybe with a weekday, a place and a time:
# "March 12", "Tuesday, March 12", "WASHINGTON, March 12", "March 12, 10:30 a.m."
_PARTIAL_LINE = re.compile(
    r"^\s*(?:(?:[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3}),\s*){0,2}"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?P<date>" + _MONTH_NAME + r"\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r")"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*[.:]?\s*$"
)
_MONTH_DAY = re.compile(
    r"(?P<m1>[A-Z][a-z]{2,8})\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"|\b(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m2>[A-Z][a-z]{2,8})\b"
)
# Numeric dates: "2008-01-08", "2008/1/8" (year first); "1/8/08", "01-08-2008" (US month first);
# "08.01.2008" (day first). Not inside longer runs of digits and separators ("1.2.10.4", "12/3/4/5").
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<ymd_y>(?:19|20)\d{2})(?P<ymd_s>[-/.])(?P<ymd_m>\d{1,2})(?P=ymd_s)(?P<ymd_d>\d{1,2})"
    r"|(?P<mdy_m>\d{1,2})(?P<mdy_s>[/-])(?P<mdy_d>\d{1,2})(?P=mdy_s)(?P<mdy_y>(?:19|20)\d{2}|\d{2})"
    r"|(?P<dmy_d>\d{1,2})\.(?P<dmy_m>\d{1,2})\.(?P<dmy_y>(?:19|20)\d{2}|\d{2})"
    r")(?![\w/-]|\.\d)"
)
# The opening of a wire story's first sentence: "Paris, France (CNN) -- ", "HOLLINS FORD, England, Nov 14
# (Meridian Press) - ", "PARIS, July 6, 2012 (Reuters) - ". An agency in brackets and a dash are required,
# so an ordinary sentence ("Paris, France, hosted ...") is never cut.
_LEADING_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3},\s*){0,3}"
    r"(?:[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3}\s*)?"
    r"(?:(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}(?:,?\s+\d{4})?)\s*)?"
    r"\([A-Z][^()]{0,38}\)\s*(?:-{1,2}|—|–)\s*(?=\S)"
)
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|date)\b[^\n]{0,20}$", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|last updated|edited)\b[^\n]{0,20}$", re.IGNORECASE)


def _two_digit_year(text: str) -> int:
    """A year as written: four digits as they are, two by the POSIX pivot (69-99 -> 19xx, else 20xx)."""
    number = int(text)
    if len(text) == 4:
        return number
    return 1900 + number if number >= 69 else 2000 + number


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def numeric_days(text: str) -> list[tuple[int, int, dt.date]]:
    """Numeric dates in ``text`` as (start, end, date): "1/8/08", "08.01.2008", "2008-01-08".

    Slashes and dashes are month first, dots day first; the other order is taken only when the default
    gives no valid date ("25/12/2008"). Used for datelines only: in running text "3/4" is a fraction
    and "1.5.2" a version, so ``analyse.dates`` leaves numbers alone.
    """
    out: list[tuple[int, int, dt.date]] = []
    for match in _NUMERIC_DATE.finditer(text):
        if match["ymd_y"]:
            day = _valid(int(match["ymd_y"]), int(match["ymd_m"]), int(match["ymd_d"]))
        elif match["mdy_y"]:
            year, first, second = _two_digit_year(match["mdy_y"]), int(match["mdy_m"]), int(match["mdy_d"])
            day = _valid(year, first, second) or _valid(year, second, first)
        else:
            year, first, second = _two_digit_year(match["dmy_y"]), int(match["dmy_d"]), int(match["dmy_m"])
            day = _valid(year, second, first) or _valid(year, first, second)
        if day is not None:
            out.append((match.start(), match.end(), day))
    return out


def _stated_days(text: str) -> list[tuple[int, dt.date]]:
    """Fully stated day dates (with a year, in words or numbers) in ``text``, as (offset, date)."""
    out: list[tuple[int, dt.date]] = []
    spans: list[tuple[int, int]] = []
    for mention in find_dates(text, None):
        if mention.granularity == "day" and not mention.inferred:
            out.append((mention.span.start, dt.date.fromisoformat(mention.value)))
            spans.append((mention.span.start, mention.span.end))
    for start, end, day in numeric_days(text):
        if not any(start < e and s < end for s, e in spans):
            out.append((start, day))
    return sorted(out, key=lambda item: item[0])


def _pick(text: str) -> dt.date | None:
    """The publication date in a dateline-like snippet: a "published" one, else the first not "updated"."""
    days = _stated_days(text)
    if not days:
        return None
    for offset, day in days:
        if _PUBLISHED.search(text[max(0, offset - 30):offset]):
            return day
    for offset, day in days:
        if not _UPDATED.search(text[max(0, offset - 30):offset]):
            return day
    return days[0][1]


def _head_lines(text: str) -> list[str]:
    lines = [line for line in text[:HEAD_CHARS].splitlines() if line.strip()]
    return lines[:HEAD_LINES]


def find_publication_date(raw: str, removed: list[Removed], text: str) -> tuple[str, str] | None:
    """(ISO date, granularity) the article states as its publication date, or None when it does not.

    ``removed`` items count only when their reason is "dateline"; the earliest such item (by offset into
    ``raw``) that holds a full date wins, since a page's own dateline precedes any list of other dates.
    Then the first lines of ``text``: a short line that is mostly a date, or an agency dateline opening
    the first paragraph. A yearless dateline ("March 12") counts when the article's own stated dates
    give its year (``year_from_context``). Never raises.
    """
    try:
        found = _full_dateline(removed, text)
        if found is not None:
            return found.isoformat(), "day"
        partial = find_partial_dateline(removed, text)
        if partial is not None:
            year = year_from_context(*partial, stated_references(text))
            day = _valid(year, *partial) if year is not None else None
            if day is not None:
                return day.isoformat(), "day"
    except Exception:  # messy text must never stop the pipeline
        return None
    return None


def _full_dateline(removed: list[Removed], text: str) -> dt.date | None:
    datelines = sorted((item for item in removed if item.reason == "dateline"), key=lambda r: r.start)
    for item in datelines:
        day = _pick(item.text)
        if day is not None:
            return day
    for line in _head_lines(text):
        stripped = line.strip()
        if len(stripped) <= _MAX_DATELINE_CHARS and _is_dateline(stripped):
            day = _pick(stripped)
            if day is not None:
                return day
        match = _AGENCY_DATELINE.match(stripped)
        if match:
            day = _pick(match["date"])
            if day is not None:
                return day
    return None


def _month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of the first yearless "March 12" / "12 March" in ``text`` that is a real date."""
    for match in _MONTH_DAY.finditer(text):
        name, number = (match["m1"], match["d1"]) if match["m1"] else (match["m2"], match["d2"])
        month = MONTHS.get(name.lower().rstrip("."))
        if month is not None and _valid(2000, month, int(number)):  # 2000: a leap year allows 29 February
            return month, int(number)
    return None


def find_partial_dateline(removed: list[Removed], text: str) -> tuple[int, int] | None:
    """(month, day) of a dateline without a year, or None (also when the dateline has a full date).

    Same places as ``find_publication_date``: a stretch the cleaner removed as a dateline ("March 12"
    under a byline), a first line that is only a date ("Tuesday, March 12"), or a wire opening
    ("NEW YORK, July 17 (Xinhua) --"). Never raises.
    """
    try:
        if _full_dateline(removed, text) is not None:
            return None
        datelines = sorted((item for item in removed if item.reason == "dateline"), key=lambda r: r.start)
        for item in datelines:
            found = _month_day(item.text)
            if found is not None:
                return found
        for line in _head_lines(text):
            stripped = line.strip()
            match = _PARTIAL_LINE.match(stripped) or _PARTIAL_AGENCY_DATELINE.match(stripped)
            if match:
                found = _month_day(match["date"])
                if found is not None:
                    return found
    except Exception:  # messy text must never stop the pipeline
        return None
    return None


def stated_references(text: str) -> list[dt.date]:
    """The day dates ``text`` states in full ("July 16, 1999", "2008-01-08"): context for a year."""
    try:
        return [dt.date.fromisoformat(m.value) for m in find_dates(text, None)
                if m.granularity == "day" and not m.inferred]
    except Exception:  # never raise on messy text
        return []


def year_from_context(month: int, day: int, references: Iterable[dt.date], min_votes: int = 1) -> int | None:
    """The year a yearless ``month``/``day`` dateline most likely has, given dates known from context.

    Each reference within ``YEAR_WINDOW_DAYS`` of the dateline in some year (the nearest such year, so
    "Jan 3" beside "Dec. 28, 2007" is 2008) votes for that year; the year with the most votes wins, the
    latest on a tie (an article postdates the past events it cites: a story from 2014 may recall a 1987
    sinking, not the other way round). Fewer than ``min_votes`` votes give None. References are the
    article's own stated dates, or the other articles' dates (see ``relate.dates``), never today's.
    """
    votes: Counter[int] = Counter()
    for reference in references:
        options = [d for y in (reference.year - 1, reference.year, reference.year + 1)
                   if (d := _valid(y, month, day)) is not None]
        if not options:
            continue
        nearest = min(options, key=lambda d: abs((d - reference).days))
        if abs((nearest - reference).days) <= YEAR_WINDOW_DAYS:
            votes[nearest.year] += 1
    if not votes:
        return None
    year, count = max(votes.items(), key=lambda item: (item[1], item[0]))
    return year if count >= max(1, min_votes) else None


def _is_dateline(line: str) -> bool:
    """A line that is mostly its date (a heading-like "March 12, 2012", "Updated: 6 July 2012 10:00",
    "1/8/08")."""
    days = find_dates(line, None)
    covered = sum(m.span.end - m.span.start for m in days if m.granularity == "day")
    covered += sum(end - start for start, end, _ in numeric_days(line))
    if covered == 0:
        return False
    words_outside = len(re.findall(r"[A-Za-z]{3,}", line)) - sum(
        len(re.findall(r"[A-Za-z]{3,}", m.span.text)) for m in days
    )
    return words_outside <= 6


def dateline_prefix(sentence: str) -> int:
    """Length of a wire dateline opening ``sentence`` ("Paris, France (CNN) -- "), 0 when there is none.

    Why: a timeline or summary line should start with the news, not with where and for whom it was
    filed; callers cut the prefix from the text they show and keep citing the whole sentence.
    """
    try:
        match = _LEADING_DATELINE.match(sentence)
    except Exception:  # never raise on messy text
        return 0
    if match is None or not sentence[match.end():match.end() + 1].isalnum():
        return 0
    return match.end()
