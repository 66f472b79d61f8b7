"""Datelines: the place, date and agency a news story is filed under, where they stand and how to read them.

Why one module: the cleaner reads the publication date from a dateline, the summary and the timeline cut
the dateline off the sentence they show, and the timeline skips a line that is nothing but a dateline.
Each kept its own patterns, and briefing/ imported clean/ to share one. They are all here now; where two
steps follow genuinely different rules (a summary trims "BOSTON --" without an agency, the timeline's
``dateline_prefix`` needs one), each rule has its own pattern, named for what it accepts.

Reading a date (``find_full_dateline`` / ``find_partial_dateline``). Scraped pages are full of dates that
are not the article's: a donation banner's "Since July 1, 2024", "© 2023 WRVO", a list of 2014 related
stories, "Updated" stamps. Only two places are trusted: stretches the cleaner removed *as a dateline*
(``Removed.reason == "dateline"``: "July 6, 2012 -- Updated 0256 GMT (1056 HKT)"; the first date wins,
so an "Updated" stamp after it is ignored), and the first lines of the cleaned body ("PARIS, July 6, 2012
(Reuters) -", "March 12, 2012", "1/8/08", "DENVER, 08.01.2008 --").

Numeric dates: slashes and dashes are read month first ("1/8/08" is 8 January 2008, the US order of the
wire services this tool mostly reads), dots day first ("08.01.2008", the European order); when the default
order gives no valid date and the other does ("25/12/2008"), the other is taken. A two-digit year follows
the POSIX ``strptime`` pivot: 69-99 are 1969-1999, 00-68 are 2000-2068. Only in datelines: in running text
"3/4" is a fraction and "1.5.2" a version, so ``storyline.grammar.dates`` leaves numbers alone.

A dateline without a year ("March 12 (Bloomberg) --", "NEW YORK, July 17 (Xinhua) --") gives a date only
with a year from context (``year_from_context``): the full dates the article itself states, or the other
articles' dates. Never today's: an old article must not become this year's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from storyline.grammar.dates import MONTHS, find_dates, safe_date
from storyline.model import Removed

__all__ = [
    "AGENCY_ONLY_DATELINE",
    "CAPITALS_DATELINE",
    "PLACE_AGENCY_DATELINE",
    "YEAR_WINDOW_DAYS",
    "dateline_prefix",
    "find_full_dateline",
    "find_partial_dateline",
    "is_bare_dateline",
    "looks_like_capitals_dateline",
    "numeric_days",
    "stated_references",
    "year_from_context",
]

# The dateline of a cleaned body stands in its first lines.
HEAD_LINES = 6
HEAD_CHARS = 600
# A dateline line is short and mostly the date (plus a place, an agency, "Updated ..."), unlike a sentence.
_MAX_DATELINE_CHARS = 160
# A yearless dateline takes the year of stated dates at most this far from it (a news story's dates sit
# within weeks of its filing; a quarter allows for a look back at last month's events).
YEAR_WINDOW_DAYS = 92

# --- the pieces ---------------------------------------------------------------------------------------------

# Wire services named in brackets after the place: "(AP)", "(Reuters)".
_AGENCY = r"(?:AP|AFP|Reuters|CNN|UPI|dpa|Xinhua|Bloomberg)"
# ... or any short run of capitals, as the summary and the timeline accept: "(WSJ)", "(KTLA)".
_AGENCY_OR_INITIALS = r"(?:AP|AFP|Reuters|CNN|UPI|dpa|Xinhua|Bloomberg|[A-Z]{2,6})"
# One place name of up to four capitalised words, as a date-reading dateline has it: "NEW YORK", "Paris".
_PLACE = r"[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3}"
# The dash closing a dateline: "-", "--", an en or an em dash.
_DASH = r"(?:-{1,2}|—|–)"
_NUMERIC_TEXT = r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}"
_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)

# --- datelines that give the publication date ---------------------------------------------------------------

# "PARIS, July 6, 2012 (Reuters) -", "Paris, France, 6 July 2012 (AFP) --", "DENVER, 1/8/08 --": up to two
# places, a full date, an optional agency, a dash.
_FULL_DATELINE = re.compile(
    r"^\s*(?:" + _PLACE + r",\s*){0,2}"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+[A-Z][a-z]{2,8},?\s+\d{4})|"
    + _NUMERIC_TEXT + r")"
    r"\s*(?:\([^)]{1,40}\))?\s*" + _DASH
)
# The same opening with a yearless date: "March 12 (Bloomberg) --", "NEW YORK, July 17 (Xinhua) --".
# The agency in brackets or the dash after the date is what makes it a dateline and not a sentence.
_YEARLESS_DATELINE = re.compile(
    r"^\s*(?:" + _PLACE + r",\s*){0,3}"
    r"(?P<date>" + _MONTH_NAME + r"\s+\d{1,2}|\d{1,2}\s+" + _MONTH_NAME + r")(?![\d,]|\s+\d)"
    r"\s*(?:\([^)]{1,40}\)\s*(?:-{1,2}|—|–|:)?|" + _DASH + r")"
)
# A line that is nothing but a yearless date, maybe with a weekday, a place and a time:
# "March 12", "Tuesday, March 12", "WASHINGTON, March 12", "March 12, 10:30 a.m."
_YEARLESS_DATE_LINE = re.compile(
    r"^\s*(?:(?:" + _PLACE + r"),\s*){0,2}"
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
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|date)\b[^\n]{0,20}$", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|last updated|edited)\b[^\n]{0,20}$", re.IGNORECASE)

# --- datelines cut off a sentence before it is shown --------------------------------------------------------

# The timeline's rule (``dateline_prefix``): the opening of a wire story's first sentence, up to three
# places, an optional (yearless or full) date and an agency in brackets, then a dash: "Paris, France (CNN)
# -- ", "HOLLINS FORD, England, Nov 14 (Meridian Press) - ", "PARIS, July 6, 2012 (Reuters) - ". The
# bracket is required, so an ordinary sentence ("Paris, France, hosted ...") is never cut.
_WIRE_DATELINE = re.compile(
    r"^\s*(?:" + _PLACE + r",\s*){0,3}"
    r"(?:" + _PLACE + r"\s*)?"
    r"(?:(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}(?:,?\s+\d{4})?)\s*)?"
    r"\([A-Z][^()]{0,38}\)\s*" + _DASH + r"\s*(?=\S)"
)
# The summary's rules (``storyline.briefing.filters.trim_span``), tried in this order:
# "(AP) -- ": an agency alone, the dash optional.
AGENCY_ONLY_DATELINE = re.compile(r"^\(" + _AGENCY + r"\)\s*(?:--|—|–|-)?\s*")
# "Paris, France (CNN) -- ": a place in ordinary capitals (a day number may follow) is a dateline only with
# a known agency after it.
PLACE_AGENCY_DATELINE = re.compile(
    r"^[A-Z][\w.'’-]+(?:,? (?:[A-Z][\w.'’-]+|\d{1,2}))"
    r"{0,4}\s*\(" + _AGENCY + r"\)\s*"
    r"(?:--|—|–|-)\s+"
)
# "MOBILE, Ala. (AP) -- ", "BOSTON -- ": a place in capitals, any agency or none, a dash (or "_") and a
# space. Only with ``looks_like_capitals_dateline``: "The plan -- " is a clause, not a dateline.
CAPITALS_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}\s*)?"
    r"(?:\(" + _AGENCY_OR_INITIALS + r"\)\s*)?"
    r"(?:--|—|–|_|-)\s+"
)
# A sentence that is only a dateline ("LONDON, August 26 (Xinhua) --"): up to 80 characters without a
# sentence end, then an agency (an optional dash after it) or a double, en or em dash (or "_") at the end.
_BARE_DATELINE = re.compile(
    r"^[^.!?]{0,80}(?:\(" + _AGENCY_OR_INITIALS + r"\)\s*(?:--|—|–|-|_)?|(?:--|—|–|_))$"
)


# --- numbers and stated days --------------------------------------------------------------------------------


def _two_digit_year(text: str) -> int:
    """A year as written: four digits as they are, two by the POSIX pivot (69-99 -> 19xx, else 20xx)."""
    number = int(text)
    if len(text) == 4:
        return number
    return 1900 + number if number >= 69 else 2000 + number


def numeric_days(text: str) -> list[tuple[int, int, dt.date]]:
    """Numeric dates in ``text`` as (start, end, date): "1/8/08", "08.01.2008", "2008-01-08".

    Slashes and dashes are month first, dots day first; the other order is taken only when the default
    gives no valid date ("25/12/2008"). For datelines only (see the module docstring).
    """
    out: list[tuple[int, int, dt.date]] = []
    for match in _NUMERIC_DATE.finditer(text):
        if match["ymd_y"]:
            day = safe_date(int(match["ymd_y"]), int(match["ymd_m"]), int(match["ymd_d"]))
        elif match["mdy_y"]:
            year, first, second = _two_digit_year(match["mdy_y"]), int(match["mdy_m"]), int(match["mdy_d"])
            day = safe_date(year, first, second) or safe_date(year, second, first)
        else:
            year, first, second = _two_digit_year(match["dmy_y"]), int(match["dmy_d"]), int(match["dmy_m"])
            day = safe_date(year, second, first) or safe_date(year, first, second)
        if day is not None:
            out.append((match.start(), match.end(), day))
    return out


def stated_references(text: str) -> list[dt.date]:
    """The day dates ``text`` states in full ("July 16, 1999", "2008-01-08"): context for a year."""
    return [dt.date.fromisoformat(m.value) for m in find_dates(text, None) if m.granularity == "day"]


def _stated_days(text: str) -> list[tuple[int, dt.date]]:
    """Fully stated day dates (with a year, in words or numbers) in ``text``, as (offset, date)."""
    out: list[tuple[int, dt.date]] = []
    spans: list[tuple[int, int]] = []
    for mention in find_dates(text, None):
        if mention.granularity == "day":
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


def _is_date_line(line: str) -> bool:
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


# --- where a dateline stands --------------------------------------------------------------------------------


def _removed_datelines(removed: Iterable[Removed]) -> list[Removed]:
    """What the cleaner removed as a dateline, in input order (a page's own dateline comes first)."""
    return sorted((item for item in removed if item.reason == "dateline"), key=lambda item: item.start)


def _head_lines(text: str) -> list[str]:
    lines = [line for line in text[:HEAD_CHARS].splitlines() if line.strip()]
    return [line.strip() for line in lines[:HEAD_LINES]]


def find_full_dateline(removed: Iterable[Removed], text: str) -> dt.date | None:
    """The full date (with a year) of the article's dateline, or None.

    First the earliest stretch removed as a dateline that holds one; then the first lines of ``text``: a
    short line that is mostly a date, or an agency dateline opening the first paragraph.
    """
    for item in _removed_datelines(removed):
        day = _pick(item.text)
        if day is not None:
            return day
    for line in _head_lines(text):
        if len(line) <= _MAX_DATELINE_CHARS and _is_date_line(line):
            day = _pick(line)
            if day is not None:
                return day
        match = _FULL_DATELINE.match(line)
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
        if month is not None and safe_date(2000, month, int(number)):  # 2000: a leap year has 29 February
            return month, int(number)
    return None


def find_partial_dateline(removed: Iterable[Removed], text: str) -> tuple[int, int] | None:
    """(month, day) of a dateline without a year, or None (also when the dateline has a full date).

    Same places as ``find_full_dateline``: a stretch removed as a dateline ("March 12" under a byline), a
    first line that is only a date ("Tuesday, March 12"), or a wire opening ("NEW YORK, July 17 (Xinhua)
    --").
    """
    removed = list(removed)
    if find_full_dateline(removed, text) is not None:
        return None
    for item in _removed_datelines(removed):
        found = _month_day(item.text)
        if found is not None:
            return found
    for line in _head_lines(text):
        match = _YEARLESS_DATE_LINE.match(line) or _YEARLESS_DATELINE.match(line)
        if match:
            found = _month_day(match["date"])
            if found is not None:
                return found
    return None


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
                   if (d := safe_date(y, month, day)) is not None]
        if not options:
            continue
        nearest = min(options, key=lambda d: abs((d - reference).days))
        if abs((nearest - reference).days) <= YEAR_WINDOW_DAYS:
            votes[nearest.year] += 1
    if not votes:
        return None
    year, count = max(votes.items(), key=lambda item: (item[1], item[0]))
    return year if count >= max(1, min_votes) else None


# --- cutting a dateline off a shown sentence ----------------------------------------------------------------


def dateline_prefix(sentence: str) -> int:
    """Length of a wire dateline with an agency in brackets opening ``sentence`` ("Paris, France (CNN) --
    "), 0 when there is none or no word follows it.

    Why: a timeline or summary line should start with the news, not with where and for whom it was
    filed; callers cut the prefix from the text they show and keep citing the whole sentence.
    """
    match = _WIRE_DATELINE.match(sentence)
    if match is None or not sentence[match.end():match.end() + 1].isalnum():
        return 0
    return match.end()


def looks_like_capitals_dateline(prefix: str) -> bool:
    """Whether a ``CAPITALS_DATELINE`` match is a dateline: short and mostly capitals ("MOBILE, Ala. (AP)
    --"), not an ordinary clause before a dash."""
    head = prefix.split("(")[0]
    letters = [ch for ch in head if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return len(prefix.split()) <= 8 and (not letters or upper / len(letters) > 0.5 or "(" in prefix)


def is_bare_dateline(line: str) -> bool:
    """Whether ``line`` (stripped) is only a dateline ("LONDON, August 26 (Xinhua) --"): when the article
    was filed, not an event it reports."""
    return _BARE_DATELINE.match(line) is not None
