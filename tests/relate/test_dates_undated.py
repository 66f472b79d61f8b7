"""Undated articles are marked everywhere and warned about; weeks resolve only to a month they fit in;
an inferred publication date keeps an article's weekdays on the story's days."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from rich.console import Console

from storyline.analyse.dates import extract_dates
from storyline.engine.pipeline import compose_brief
from storyline.grammar.dates import find_dates
from storyline.model import Article, Brief, Sentence
from storyline.relate.dates import infer_publication_date, redate, undated_warning
from storyline.render import print_brief, render_html, render_json, render_markdown

FRIDAY = dt.date(2012, 7, 6)


def values(text: str, anchor: dt.date) -> dict[str, tuple[str, str]]:
    return {m.span.text: (m.value, m.granularity) for m in find_dates(text, anchor)}


def _article(
    article_id: str, text: str, published: str | None, *, outlet: str | None = None, title: str | None = None
) -> Article:
    source = f"/data/{article_id}.txt"
    article = Article(id=article_id, source=source, text=text, published=published)
    article.outlet, article.title = outlet, title
    article.published_from = "text" if published else "none"
    found = re.finditer(r"[^.\s][^.]*\.?", text)
    article.sentences = [Sentence(m.start(), m.end(), m.group(0)) for m in found]
    article.dates, article.unresolved_dates = extract_dates(article)
    return article


# --- weeks, weekends and spans --------------------------------------------------------------------------


def test_a_week_straddling_two_months_gives_no_month() -> None:
    found = values("It breaks last week's agreement in Geneva, reached over the weekend.", FRIDAY)
    assert "last week" not in found and "over the weekend" not in found  # 25 June-1 July; 30 June-1 July
    wednesday = dt.date(2012, 7, 18)
    found = values("It breaks last week's agreement, reached over the weekend, a week ago.", wednesday)
    assert found["last week"] == ("2012-07", "month")  # 9-15 July
    assert found["over the weekend"] == ("2012-07", "month")  # 14-15 July
    assert found["a week ago"] == ("2012-07", "month")


def test_the_past_year_is_a_span_not_last_calendar_year() -> None:
    found = values("Prices rose in the past year and over the last month; last year was calmer.", FRIDAY)
    assert "past year" not in found and "last month" not in found  # 6 July 2011-; 6 June-6 July
    assert found["last year"] == ("2011", "year")
    assert values("Exports fell last month.", FRIDAY)["last month"] == ("2012-06", "month")
    assert values("Talks resume earlier this week.", FRIDAY)["earlier this week"] == ("2012-07", "month")


# --- undated: no anchor, a warning, a mark in every format -------------------------------------------------


def test_undated_article_gets_no_relative_dates_and_a_warning() -> None:
    undated = _article(
        "old",
        "The minister, who held talks in Moscow last week, said on Tuesday that it wavered.",
        None,
        outlet="Harbour Times",
    )
    dated = _article(
        "new",
        "Ministers met in Paris on Friday, 6 July 2012, for a conference on the war.",
        "2012-07-06",
        outlet="Daily Wire",
    )
    brief = compose_brief([dated, undated])
    assert undated.published is None and undated.dates == []
    assert brief.warnings == ["1 article has no date: [2] Harbour Times"]
    assert brief.to_dict()["warnings"] == brief.warnings
    assert [a["undated"] for a in brief.to_dict()["articles"]] == [False, True]


def test_warning_names_every_undated_article_and_counts_them() -> None:
    articles = [
        _article("a", "Text.", None, title="Ferry sinks off the coast"),
        _article("b", "Text.", "2014-05-02"),
        _article("c", "Text.", None),
    ]
    assert undated_warning(articles) == "2 articles have no date: [1] Ferry sinks off the coast, [3] c.txt"
    assert undated_warning([articles[1]]) is None


def _brief() -> Brief:
    undated = _article(
        "old",
        "The minister, who held talks in Moscow last week, said Russia wavered.",
        None,
        outlet="Harbour Times",
    )
    dated = _article(
        "new",
        "Ministers met in Paris on 6 July 2012 for a conference on the war.",
        "2012-07-06",
        outlet="Daily Wire",
    )
    return compose_brief([dated, undated])


def test_markdown_and_terminal_mark_undated_articles_and_show_the_warning() -> None:
    brief = _brief()
    markdown = render_markdown(brief)
    assert "**Warning:** 1 article has no date: \\[2\\] Harbour Times" in markdown
    assert "- **Published:** undated" in markdown
    assert markdown.count("- **Published:** undated") == 1
    buffer = io.StringIO()
    print_brief(brief, Console(file=buffer, width=200, color_system=None))
    shown = buffer.getvalue()
    assert "Published: undated" in shown and "1 article has no date" in shown


def test_html_marks_undated_articles_and_shows_the_warning() -> None:
    html = render_html(_brief())
    warning = "<strong>Warning:</strong> 1 article has no date: [2] Harbour Times"
    assert warning in html
    assert "<dt>Published</dt><dd>undated<" in html
    assert json.loads(render_json(_brief()))["warnings"] == ["1 article has no date: [2] Harbour Times"]


# --- the inferred publication date keeps weekdays on the story's days --------------------------------------

WIRE = (
    "The ferry Marlin sank in the bay late on Friday with 40 passengers aboard, the coast guard said. "
    "Divers from the navy resumed the search on Sunday morning."
)


def test_inferred_date_puts_the_articles_weekdays_on_the_storys_days() -> None:
    dated = _article("wire", WIRE, "2014-05-05")  # Monday; it names Friday 2 May and Sunday 4 May
    # Only "Friday" matches the wire (the sinking), allowing 2-8 May; read on the earliest, the 2nd, the
    # unmatched "Sunday" would be 27 April, before the story; read on the 4th it is a day the wire names.
    undated = _article(
        "local",
        "The ferry Marlin sank in the bay late on Friday with 40 passengers aboard. "
        "On Sunday relatives gathered at the harbour chapel to pray.",
        None,
    )
    assert infer_publication_date(undated, [dated]) == "2014-05-04"


def test_inferred_date_stays_earliest_when_weekdays_do_not_tell() -> None:
    dated = _article("wire", WIRE, "2014-05-05")
    text = "The ferry Marlin sank in the bay late on Friday with 40 passengers aboard."
    undated = _article("local", text, None)
    assert infer_publication_date(undated, [dated]) == "2014-05-02"


# --- re-dating reads the records, not the text -------------------------------------------------------------


def test_redate_resolves_the_waiting_mentions_from_the_records_alone() -> None:
    text = (
        "Divers searched the bay on Saturday, a day after the ferry sank on May 2, 2014. "
        "Talks resume next week."
    )
    article = _article("local", text, None)
    assert [m.span.text for m in article.dates] == ["May 2, 2014"]
    stored = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    stored.text = ""  # nothing left to read again: only the records can say what "Saturday" was
    stored.published = "2014-05-04"
    redate(stored)
    assert stored.dates == find_dates(text, dt.date(2014, 5, 4))
    assert [(m.span.text, m.value) for m in stored.dates] == [
        ("Saturday", "2014-05-03"),
        ("May 2, 2014", "2014-05-02"),
        ("next week", "2014-05"),
    ]
    assert stored.unresolved_dates == []
    stored.published = "2014-04-27"  # dated again: next week is 28 April - 4 May, no single month
    redate(stored)
    assert stored.dates == find_dates(text, dt.date(2014, 4, 27))
    assert [(m.span.text, m.value) for m in stored.unresolved_dates] == [("next week", "")]
