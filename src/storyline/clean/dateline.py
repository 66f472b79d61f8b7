"""The publication date an article states about itself (its dateline), never one from boilerplate.

Why so narrow: a scraped page is full of dates that are not the article's (banners, copyright lines,
related stories, "Updated" stamps), so only the dateline counts: what the cleaner removed as one, or the
first lines of the cleaned body (``storyline.grammar.datelines`` says where and how it is read). A
dateline without a year ("March 12 (Bloomberg) --") counts only when the article's own fully stated dates
give its year (``year_from_context``); the other articles' dates are tried later, in ``relate.dates``.
Never from today's date: an old article must not become this year's, and a guessed year is worse than an
honest "undated".

Only day-precise dates are returned, because ``Article.published`` is documented as ``YYYY-MM-DD``.
"""

from __future__ import annotations

from storyline.grammar.datelines import (
    find_full_dateline,
    find_partial_dateline,
    stated_references,
    year_from_context,
)
from storyline.grammar.dates import safe_date
from storyline.model import Removed


def find_publication_date(raw: str, removed: list[Removed], text: str) -> tuple[str, str] | None:
    """(ISO date, granularity) the article states as its publication date, or None when it does not.

    ``raw`` is the input as read (``removed`` offsets point into it); ``removed`` items count only when
    their reason is "dateline". A full dateline wins; a yearless one takes the year of the dates ``text``
    states in full.
    """
    found = find_full_dateline(removed, text)
    if found is not None:
        return found.isoformat(), "day"
    partial = find_partial_dateline(removed, text)
    if partial is None:
        return None
    month, day_number = partial
    year = year_from_context(month, day_number, stated_references(text))
    day = safe_date(year, month, day_number) if year is not None else None
    return (day.isoformat(), "day") if day is not None else None
