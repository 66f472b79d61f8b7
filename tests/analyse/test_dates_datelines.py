"""Numeric and yearless datelines: read as the publication date where a dateline stands, the year of a
yearless one taken from context (the article's own dates, then the other articles'), never from today."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyse.dates import extract_dates
from storyline.clean.dateline import find_publication_date
from storyline.engine.pipeline import clean_documents
from storyline.grammar.datelines import find_partial_dateline, numeric_days, year_from_context
from storyline.grammar.dates import find_dates
from storyline.ingest.document import RawDocument
from storyline.model import Article, Removed
from storyline.relate.dates import dateline_year_from_story, infer_publication_dates

BODY = (
    "Heavy snow closed the main pass through the mountains on Tuesday, stranding hundreds of drivers "
    "overnight, state highway officials said. Crews expect to reopen the road by the weekend if the storm "
    "eases as forecast, and shelters in three towns stayed open."
)


def _clean(*texts: str) -> list[Article]:
    articles, problems = clean_documents([RawDocument(f"input:{i}", t, "text") for i, t in enumerate(texts)])
    assert not problems
    return articles


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("1/8/08", "2008-01-08"),  # US month/day/year by default
        ("01/08/2008", "2008-01-08"),
        ("08.01.2008", "2008-01-08"),  # day.month.year with dots
        ("2008-01-08", "2008-01-08"),
        ("25/12/2008", "2008-12-25"),  # no 25th month: the other order
        ("7/17/99", "1999-07-17"),  # POSIX pivot: 99 is 1999
    ],
)
def test_numeric_dateline_line_of_a_text_file(stamp: str, expected: str) -> None:
    (article,) = _clean(f"Snow closes mountain pass\n{stamp}\nDENVER -- {BODY}\n")
    assert (article.published, article.published_from) == (expected, "text")


def test_numeric_dateline_after_a_place_and_in_a_removed_stamp() -> None:
    text = f"DENVER, 08.01.2008 -- {BODY}"
    assert find_publication_date(text, [], text) == ("2008-01-08", "day")
    removed = [Removed(0, 24, "By Ann Lee | 1/8/08", "dateline")]
    assert find_publication_date("", removed, BODY) == ("2008-01-08", "day")


def test_numbers_in_the_body_are_not_a_dateline() -> None:
    text = f"{BODY} The vote was 3/4 in favour and version 1.2.10 of the plan passed on 1/8/08."
    assert find_publication_date(text, [], text) is None
    assert numeric_days("version 1.2.10.4 and 12/3/4/5") == []
    assert find_dates("The score was 1/8/08 at the end.", None) == [], "running text keeps numbers"


def test_yearless_dateline_takes_the_year_of_the_articles_own_dates() -> None:
    (article,) = _clean(
        "Snow closes mountain pass\nBy Ann Lee\nMarch 12\n"
        f"DENVER -- {BODY} The storm began on March 10, 2008, forecasters said.\n"
    )
    assert (article.published, article.published_from) == ("2008-03-12", "text")


def test_yearless_dateline_near_new_year_takes_the_nearest_year() -> None:
    text = f"DENVER, Jan. 3 (Mountain Wire) -- {BODY} The storm began on Dec. 28, 2007, forecasters said."
    assert find_publication_date(text, [], text) == ("2008-01-03", "day")


def test_yearless_dateline_without_context_gives_nothing_not_this_year() -> None:
    text = f"DENVER, March 12 (Mountain Wire) -- {BODY}"
    assert find_partial_dateline([], text) == (3, 12)
    assert find_publication_date(text, [], text) is None
    old_dates = f"DENVER, March 12 (Mountain Wire) -- {BODY} He was born on Nov. 25, 1960, in Ohio."
    assert find_publication_date(old_dates, [], old_dates) is None, "a birth date is too far to give a year"


def test_year_from_context_votes_and_ties_go_to_the_later_year() -> None:
    assert year_from_context(7, 17, [dt.date(1999, 7, 16), dt.date(1999, 7, 21)]) == 1999
    assert year_from_context(7, 17, [dt.date(1999, 7, 16), dt.date(2004, 7, 16)]) == 2004
    assert year_from_context(7, 17, [dt.date(1999, 7, 16), dt.date(1999, 7, 1), dt.date(2004, 7, 16)]) == 1999
    assert year_from_context(7, 17, [dt.date(1960, 11, 25)]) is None
    assert year_from_context(7, 17, [dt.date(1999, 7, 16)], min_votes=2) is None
    assert year_from_context(2, 29, [dt.date(2008, 3, 1)]) == 2008
    assert year_from_context(7, 17, []) is None


def test_a_sentence_opening_with_a_month_is_not_a_dateline() -> None:
    text = "July 17 was the day the ferry sank off the coast, and survivors still gather there each year."
    assert find_partial_dateline([], text) is None


def _article(article_id: str, text: str, published: str | None) -> Article:
    article = Article(id=article_id, source=article_id, text=text, published=published)
    article.published_from = "text" if published else "none"
    article.dates, article.unresolved_dates = extract_dates(article)
    return article


def test_yearless_dateline_takes_the_year_of_the_other_articles() -> None:
    wire = _article("wire", "BAYPORT, May 3 (Coast Wire) -- Divers searched the bay on Saturday.", None)
    dated = _article("daily", "The ferry sank on Thursday in the bay, the coast guard said.", "2014-05-02")
    infer_publication_dates([wire, dated])
    assert (wire.published, wire.published_from) == ("2014-05-03", "inferred")
    assert any(m.span.text == "Saturday" and m.value == "2014-05-03" for m in wire.dates), "re-resolved"


def test_without_dated_siblings_their_stated_dates_give_the_year_one_vote_each() -> None:
    wire = _article("wire", "BAYPORT, May 3 (Coast Wire) -- Divers searched the bay.", None)
    story = [
        _article("a", "The ferry sank on May 1, 2014, in the bay.", None),
        _article("b", "Since the May 1, 2014, sinking, divers have found two bodies.", None),
        _article("c", "The captain, born on May 9, 1961, had sailed the route for years.", None),
    ]
    assert dateline_year_from_story(wire, [wire, *story]) == "2014-05-03"
    assert dateline_year_from_story(wire, [wire, story[2]]) is None, "one biography date cannot date a story"
    assert dateline_year_from_story(wire, [wire, story[0]]) is None, "one article is one vote, too few"


def test_an_article_without_any_date_stays_undated() -> None:
    text = "The minister, who held talks in Moscow last week, said on Tuesday it wavered."
    lone = _article("lone", text, None)
    infer_publication_dates([lone])
    assert lone.published is None and lone.published_from == "none"
    assert lone.dates == [], "no 'last week' or 'Tuesday' resolved against any anchor"
