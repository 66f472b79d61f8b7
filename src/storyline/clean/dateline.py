"""The publication date an article states about itself (its dateline), never one from boilerplate.

Why so narrow: scraped pages are full of dates that are not the article's — a donation banner's "Since
July 1, 2024", "© 2023 WRVO", a list of 2014 related stories, "Updated" stamps. Only two places are
trusted: stretches the cleaner removed *as a dateline* ("July 6, 2012 -- Updated 0256 GMT (1056 HKT)";
the first date wins, so an "Updated" stamp after it is ignored), and the first lines of the cleaned body
("PARIS, July 6, 2012 (Reuters) -", "March 12, 2012"). A dateline without a year ("March 12 (Bloomberg)
--") does not give a date: the year would be a guess, so it returns None.

Only day-precise dates are returned, because ``Article.published`` is documented as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import re

from storyline.analyse.dates import find_dates
from storyline.model import Removed

HEAD_LINES = 6
HEAD_CHARS = 600
# A dateline line is short and mostly the date (plus a place, an agency, "Updated ..."), unlike a sentence.
_MAX_DATELINE_CHARS = 160
# "PARIS, July 6, 2012 (Reuters) -", "Paris, France, 6 July 2012 (AFP) --": place, full date, agency, dash
_AGENCY_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,3},\s*){0,2}"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+[A-Z][a-z]{2,8},?\s+\d{4}))"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:-{1,2}|—|–)"
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


def _stated_days(text: str) -> list[tuple[int, dt.date]]:
    """Fully stated day dates (with a year) in ``text``, as (offset, date)."""
    out = []
    for mention in find_dates(text, None):
        if mention.granularity == "day" and not mention.inferred:
            out.append((mention.span.start, dt.date.fromisoformat(mention.value)))
    return out


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
    the first paragraph. Never raises.
    """
    try:
        datelines = sorted((item for item in removed if item.reason == "dateline"), key=lambda r: r.start)
        for item in datelines:
            day = _pick(item.text)
            if day is not None:
                return day.isoformat(), "day"
        for line in _head_lines(text):
            stripped = line.strip()
            if len(stripped) <= _MAX_DATELINE_CHARS and _is_dateline(stripped):
                day = _pick(stripped)
                if day is not None:
                    return day.isoformat(), "day"
            match = _AGENCY_DATELINE.match(stripped)
            if match:
                day = _pick(match["date"])
                if day is not None:
                    return day.isoformat(), "day"
    except Exception:  # messy text must never stop the pipeline
        return None
    return None


def _is_dateline(line: str) -> bool:
    """A line that is mostly its date (a heading-like "March 12, 2012", "Updated: 6 July 2012 10:00")."""
    days = find_dates(line, None)
    covered = sum(m.span.end - m.span.start for m in days if m.granularity == "day")
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
