"""Datelines, relative dates and publication dates inferred across articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.analyse.dates import extract_dates
from storyline.clean.dateline import find_publication_date
from storyline.grammar.dates import (
    days_after,
    find_dates,
    is_future,
    past_event_days,
    relative_days,
    resolve_weekday,
)
from storyline.model import Article, Removed
from storyline.relate.dates import figures, infer_publication_date, infer_publication_dates

FRIDAY = dt.date(2012, 7, 6)


def values(text: str, anchor: dt.date | None) -> dict[str, tuple[str, str, bool]]:
    return {m.span.text: (m.value, m.granularity, m.inferred) for m in find_dates(text, anchor)}


# --- datelines ---------------------------------------------------------------------------------------------


def test_dateline_from_removed_item_ignores_updated_stamp() -> None:
    raw = "Title\nJuly 6, 2012 -- Updated 0256 GMT (1056 HKT)\nBody"
    removed = [Removed(6, 49, "July 6, 2012 -- Updated 0256 GMT (1056 HKT)", "dateline")]
    assert find_publication_date(raw, removed, "Body text about Syria.") == ("2012-07-06", "day")


def test_published_beats_updated_in_a_dateline() -> None:
    removed = [Removed(0, 40, "Updated: 7 July 2012, published 6 July 2012", "dateline")]
    assert find_publication_date("", removed, "Body.") == ("2012-07-06", "day")


def test_boilerplate_dates_are_never_the_publication_date() -> None:
    raw = "Since July 1, 2024, we have disabled all ads.\n© 2023 WRVO Public Media\nJune 26, 2014 -- Updated"
    removed = [
        Removed(0, 45, "Since July 1, 2024, we have disabled all ads.", "appeal"),
        Removed(46, 70, "© 2023 WRVO Public Media", "copyright"),
        Removed(71, 100, "June 26, 2014 -- Updated 1243 GMT (2043 HKT)", "related-links"),
    ]
    text = "The third gathering of the Friends of Syria took place in Paris today."
    assert find_publication_date(raw, removed, text) is None


def test_dateline_in_first_lines_of_text() -> None:
    text = "PARIS, July 6, 2012 (Reuters) - Clinton laid into Russia and China on Friday for backing Assad."
    assert find_publication_date(text, [], text) == ("2012-07-06", "day")
    heading = "Clinton Clashes With Lavrov\n\nMarch 12, 2012\n\nRussia came under renewed attack today."
    assert find_publication_date(heading, [], heading) == ("2012-03-12", "day")


def test_yearless_dateline_gives_no_date() -> None:
    text = "March 12 (Bloomberg) -- Russia came under renewed attack at the United Nations today."
    assert find_publication_date(text, [], text) is None


def test_a_date_inside_a_body_sentence_is_not_a_dateline() -> None:
    text = "The talks, which began on July 6, 2012 in Paris after months of delay, were the third of a kind."
    assert find_publication_date(text, [], text) is None


# --- relative and partial dates ----------------------------------------------------------------------------


def test_cnn_seed_weekdays() -> None:
    text = (
        "U.S. Secretary of State Hillary Clinton arrived Thursday night in Paris to attend Friday's "
        '"Friends of Syria" meeting, the third time the forum will have met in 16 months.'
    )
    found = values(text, FRIDAY)
    assert found["Thursday night"] == ("2012-07-05", "day", True)
    assert found["Friday"] == ("2012-07-06", "day", True)
    assert not any("16" in key for key in found), "a duration is not a date"


def test_future_tense_weekday_is_the_coming_day() -> None:
    wednesday = dt.date(2012, 7, 4)
    assert values("Ministers will meet Friday in Paris.", wednesday)["Friday"][0] == "2012-07-06"
    assert values("Ministers met Friday in Paris.", wednesday)["Friday"][0] == "2012-06-29"
    assert values("He left last Friday.", FRIDAY)["last Friday"][0] == "2012-06-29"
    assert resolve_weekday(FRIDAY, 4, future=False) == FRIDAY


def test_named_relative_days_and_periods() -> None:
    found = values("He said yesterday and today that talks last week failed. Last year was worse.", FRIDAY)
    assert found["yesterday"] == ("2012-07-05", "day", True)
    assert found["today"] == ("2012-07-06", "day", True)
    assert "last week" not in found, "25 June - 1 July straddles two months: no month is right"
    assert found["Last year"] == ("2011", "year", True)
    later = values("Talks last week failed.", dt.date(2012, 7, 20))
    assert later["last week"] == ("2012-07", "month", True), "9-15 July lies in July"


def test_partial_and_absolute_dates() -> None:
    monday = dt.date(2012, 3, 12)
    found = values("Protests started in March 2011. On March 9 talks broke down; they met on Feb. 3.", monday)
    assert found["March 2011"] == ("2011-03", "month", False)
    assert found["March 9"] == ("2012-03-09", "day", True)
    assert found["Feb. 3"] == ("2012-02-03", "day", True)
    found = values("On 20 April 2010 a well exploded ; Chapter 7 was used in 2011 .", None)
    assert found["20 April 2010"] == ("2010-04-20", "day", False)
    assert found["2011"] == ("2011", "year", False)
    assert "7" not in found


def test_tense_picks_the_year_and_deadlines_are_ahead() -> None:
    saturday = dt.date(2025, 11, 15)
    assert values("The inspection carried out in May was thorough.", saturday)["May"][0] == "2025-05"
    assert values("The inquiry will report in May.", saturday)["May"][0] == "2026-05"
    assert values("He met her on 20 December.", saturday)["20 December"][0] == "2024-12-20"
    assert values("The 20 December vote will decide it.", saturday)["20 December"][0] == "2025-12-20"
    assert values("The line is shut until at least Monday.", saturday)["Monday"][0] == "2025-11-17"
    assert values("The line was shut on Monday.", saturday)["Monday"][0] == "2025-11-10"


def test_without_anchor_only_stated_dates() -> None:
    found = values("On Friday, as on July 6, 2012 and yesterday, they met.", None)
    assert set(found) == {"July 6, 2012"}
    days = relative_days("On Friday, as yesterday, they met.")
    assert [(d.weekday, d.offset) for d in days] == [(4, None), (None, -1)]


def test_messy_text_never_raises() -> None:
    assert find_dates("\x00 May 99, 2012 Feb. 31 ) ( 0256 GMT", FRIDAY) == []
    article = Article(id="a", source="x", text="Monday", published="not a date")
    dates, unresolved = extract_dates(article, None)
    assert dates == [], "an unreadable publication date is no anchor"
    assert [(m.span.text, m.value, m.expression) for m in unresolved] == [
        ("Monday", "", "weekday monday past")
    ]


def test_the_layer_keeps_what_it_cannot_resolve_without_a_date() -> None:
    text = "On July 6, 2012, a day after Thursday's talks, ministers said they had met last week."
    undated = Article(id="a", source="x", text=text)
    dates, unresolved = extract_dates(undated)
    assert [m.span.text for m in dates] == ["July 6, 2012"]
    assert [(m.span.text, m.value, m.expression) for m in unresolved] == [
        ("Thursday", "", "weekday thursday past"),
        ("last week", "", "calendar-week -1"),
    ]
    dated = Article(id="b", source="x", text=text, published="2012-07-06")
    dates, unresolved = extract_dates(dated)
    assert [(m.span.text, m.value) for m in dates] == [
        ("July 6, 2012", "2012-07-06"),
        ("Thursday", "2012-07-05"),
    ]
    # 25 June - 1 July names no single month, but stays on the record: another date may resolve it
    assert [(m.span.text, m.value) for m in unresolved] == [("last week", "")]


# --- publication dates inferred across articles -------------------------------------------------------------


def _article(article_id: str, text: str, published: str | None) -> Article:
    article = Article(id=article_id, source=article_id, text=text, published=published)
    article.published_from = "text" if published else "none"
    article.dates, article.unresolved_dates = extract_dates(article)
    return article


def test_inference_from_shared_event_and_weekday() -> None:
    dated = _article("cnn", "Clinton came to attend Friday's Friends of Syria conference.", "2012-07-06")
    undated = _article("rfi", "Clinton hit Russia at Friday's Friends of Syria conference in Paris.", None)
    unrelated = _article("mt", "Juppe said on Tuesday that the veto threat remained.", None)
    infer_publication_dates([dated, undated, unrelated])
    assert (undated.published, undated.published_from) == ("2012-07-06", "inferred")
    assert any(m.value == "2012-07-06" and m.inferred for m in undated.dates), "relative dates re-resolved"
    assert unrelated.published is None and unrelated.published_from == "none"


def test_weekday_disagreement_gives_no_date() -> None:
    dated = _article("a", "Clinton came to attend Friday's Friends of Syria conference.", "2012-07-06")
    undated = _article("b", "Clinton hit Russia at Wednesday's Friends of Syria conference in Paris.", None)
    assert infer_publication_date(undated, [dated]) is None


def test_today_means_published_that_day() -> None:
    dated = _article("a", "On Thursday the Friends of Syria gathered in Paris, ministers said.", "2012-07-06")
    undated = _article("b", "The Friends of Syria gathered in Paris today with envoys.", None)
    assert infer_publication_date(undated, [dated]) == "2012-07-05"


@pytest.mark.slow
def test_seed_articles_inference(seeds_dir: Path) -> None:
    from storyline.analyse.nlp import get_nlp
    from storyline.analyse.sentences import split_sentences

    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        stated = find_publication_date(raw, [], raw)
        article = _article(path.name[:3], raw, stated[0] if stated else None)
        article.sentences = split_sentences(raw, get_nlp()(raw))
        articles.append(article)
    by_id = {a.id: a for a in articles}
    assert by_id["001"].published == "2012-07-06" and by_id["003"].published == "2012-03-12"
    infer_publication_dates(articles)
    assert by_id["000"].published == "2012-07-06"  # RFI: "Friday's Friends of Syria conference in Paris"
    assert by_id["002"].published == "2012-07-06"  # NPR: "took place in Paris today"
    assert by_id["004"].published is None  # The Moscow Times: no shared dated event, so no guess


# --- an undated article written days after the event (the example corpus' Sunday piece) -------------------

WIRE = (
    "Part of the Calder Ridge Dam gave way late on Thursday, flooding the town of Hollins Ford and "
    "killing at least 12 people, police said on Friday. "
    "The Wenlow Water Authority said engineers had been watching the embankment since Wednesday, when heavy "
    "rain fell on the valley. "
    "The community fund passed 410,000 pounds on Friday morning, its organisers said."
)
SUNDAY = (
    "Three days after the Calder Ridge Dam gave way, families in Hollins Ford are still waiting for news. "
    "According to the Wenlow Water Authority, its engineers had been watching the embankment since "
    "Wednesday, when heavy rain fell. "
    "The community fund passed 300,000 pounds this morning, its organisers said. "
    "The 13 November breach is the first fatal dam failure in the county, the council said."
)


def test_days_after_needs_a_present_tense_clause() -> None:
    (found,) = days_after("Three days after the dam gave way, families are still waiting.")
    assert (found.offset, found.relation, found.span.text) == (-3, "after", "Three days after")
    assert days_after("Three days after the dam gave way, police found a body.") == []
    assert days_after("Two days after the vote, ministers will meet.") == []
    assert any(d.relation == "after" for d in relative_days("It has been 4 days since the breach."))


def test_past_event_days_bound_the_publication_date() -> None:
    sunday = dt.date(2025, 11, 16)
    assert [m.value for m in past_event_days(SUNDAY, sunday)] == ["2025-11-13"]
    assert past_event_days("The inquiry will report on 20 November.", sunday) == []
    assert past_event_days("Lights switch-on\n14 November 2023\n", sunday) == [], "no past-tense verb"


def test_figures_ignore_times_days_and_years() -> None:
    assert figures("Police said on 14 November 2025 at 10.30pm that 21 people died, and 1,200 fled.") == {
        "21",
        "1200",
    }
    assert figures("The fund passed £300,000 this morning.") == {"300000"}


def test_weekday_in_the_past_means_published_on_or_after_that_day() -> None:
    dated = _article("wire", WIRE, "2025-11-14")
    undated = _article("sun", SUNDAY, None)
    # "Three days after [the Thursday failure]" pins Sunday; "since Wednesday" only says 12-18 November;
    # "this morning" matches the fund sentence, but 300,000 vs 410,000 is another day's figure.
    assert infer_publication_date(undated, [dated]) == "2025-11-16"


def test_never_earlier_than_an_event_reported_in_the_past() -> None:
    dated = _article("wire", WIRE, "2025-11-14")
    # Only a weekday-name window (12-18 November) and a stated past event on the 13th: the earliest day
    # the evidence allows is the 12th, which the "13 November breach" rules out.
    undated = _article(
        "sun",
        "Engineers at the Wenlow Water Authority had been watching the embankment since Wednesday. "
        "The 13 November breach killed 21 people, the council said.",
        None,
    )
    assert infer_publication_date(undated, [dated]) == "2025-11-13"
    without_bound = _article("sun2", undated.text.split(". ")[0] + ".", None)
    assert infer_publication_date(without_bound, [dated]) == "2025-11-12"


@pytest.mark.slow
def test_example_corpus_sunday_article_is_dated_sunday(example_corpus: Path) -> None:
    import storyline

    brief = storyline.brief(str(example_corpus))
    published = {Path(a.source).name: (a.published, a.published_from) for a in brief.articles}
    assert published["courier-sunday-valley.txt"] == ("2025-11-16", "inferred")
    assert published["meridian-wire-dam-breach.txt"] == ("2025-11-14", "text")
    sunday = next(a for a in brief.articles if Path(a.source).name == "courier-sunday-valley.txt")
    assert any(m.span.text == "yesterday" and m.value == "2025-11-15" for m in sunday.dates)


def test_a_plan_in_the_past_perfect_is_not_the_future() -> None:
    text = "The couple had planned to attend the wedding Saturday on the island."
    at = text.index("Saturday")
    assert not is_future(text, at, at + len("Saturday"))
    text = "The couple plan to attend the wedding Saturday on the island."
    at = text.index("Saturday")
    assert is_future(text, at, at + len("Saturday"))
