"""Numeric claims: normalised values, qualifiers, what is counted, who says so, and when."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.analyse.claims import extract_claims, parse_number, redate_claims
from storyline.analyse.dates import extract_dates
from storyline.analyse.nlp import get_nlp
from storyline.model import Article, Claim


def claims_of(text: str, published: str | None = "2012-07-06") -> list[Claim]:
    article = Article(id="a", source="a", text=text, published=published)
    article.dates, article.unresolved_dates = extract_dates(article)
    return extract_claims(article, get_nlp()(text))


def one(text: str, published: str | None = "2012-07-06") -> Claim:
    found = claims_of(text, published)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("16,700", 16700.0),
        ("2.4 million", 2_400_000.0),
        ("two dozen", 24.0),
        ("a dozen", 12.0),
        ("twenty-five", 25.0),
        ("one hundred and five", 105.0),
        ("$87m", 87_000_000.0),
        ("1.5bn", 1_500_000_000.0),
        ("seventeen", 17.0),
        ("three thousand", 3000.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_parse_number_rejects_words() -> None:
    assert parse_number("dozens") is None
    assert parse_number("several") is None


def test_qualifier_what_source_and_event_date() -> None:
    claim = one("At least 70 people died Thursday across the country, the Local Coordination Committees said")
    assert (claim.value, claim.qualifier, claim.text) == (70.0, "at least", "At least 70")
    assert (claim.what, claim.tally) == ("people killed", "event")
    assert claim.source == "the Local Coordination Committees"
    assert claim.date == "2012-07-05"


def test_according_to_and_running_total() -> None:
    text = "More than 7,500 people have died since protests started in March 2011, according to UN estimates."
    claim = one(text, "2012-03-12")
    assert (claim.value, claim.qualifier) == (7500.0, "more than")
    assert (claim.what, claim.tally) == ("people killed", "running_total"), "a toll since a month"
    assert claim.measure == "people killed in total"
    assert claim.source == "UN estimates"
    assert claim.date == "2012-03-12", "March 2011 dates the protests, not the toll"


def test_reporting_date_and_appositive_source() -> None:
    text = (
        "One opposition group, the Syrian Observatory for Human Rights, said Wednesday that more than "
        "16,700 have been killed in nearly 16 months of unrest. "
        "More than 11,000 of them were civilians, it said."
    )
    toll, months, civilians = claims_of(text)
    assert (toll.value, toll.measure, toll.date) == (16700.0, "people killed in total", "2012-07-04")
    assert toll.source == "the Syrian Observatory for Human Rights"
    assert (months.value, months.qualifier, months.what, months.unit) == (16.0, "nearly", "months", "months")
    assert (civilians.value, civilians.what, civilians.tally) == (11000.0, "civilians", None)
    assert civilians.source == toll.source, "'it said' carries the previous source"


def test_nations_normalise_to_countries_and_about() -> None:
    assert one("Envoys from 107 nations came together in Paris.").what == "countries"
    claim = one("Hollande boasted that the conference was the biggest with about 100 countries represented.")
    assert (claim.value, claim.qualifier, claim.what) == (100.0, "about", "countries")
    assert claim.source == "Hollande"


def test_money_and_large_numbers() -> None:
    dollars = claims_of("Syrians have been paid the equivalent of $10 to $100, al-Assad said.")
    assert [(c.value, c.what, c.unit) for c in dollars] == [(10, "dollars", "USD"), (100, "dollars", "USD")]
    emails = one("Wikileaks releases 2.4 million e-mails from Syrian officials.")
    assert (emails.value, emails.what) == (2_400_000.0, "e-mails")
    assert one("Nearly two dozen soldiers were wounded.").value == 24.0


def test_numbers_that_do_not_count_are_skipped() -> None:
    text = (
        "The US favours invoking Chapter 7 and Paragraph 4, backs the six-point plan at the third conference "
        "in 2012, updated at 0256 GMT, call +44 20 7946 0958, a 50-year-old man said."
    )
    assert claims_of(text) == []


def test_undated_article_gives_undated_claims() -> None:
    claim = one("Syrian forces shot dead up to 22 people in Hama on Wednesday, activists said.", None)
    assert (claim.value, claim.qualifier, claim.what, claim.date) == (22.0, "up to", "people killed", None)
    assert claim.source == "activists"


def test_messy_text_never_raises() -> None:
    assert isinstance(claims_of("“ 3 ” ( , 4,, 5.5.5 $ % ..."), list)


# --- what is counted: a disaster story counts the dead, the missing, the rescued and the evacuated ------


def test_missing_dead_rescued_and_evacuated_are_different_measures() -> None:
    text = (
        "About 30 people are still missing, according to Kestrel County Police. "
        "Crews pulled 64 people from flooded homes overnight, the fire service said. "
        "Police said on Friday that 9 people had been killed. "
        "Police said about 1,500 residents spent the night in schools after being moved from streets near "
        "the river. "
        "Officials said at least 18 were unaccounted for."
    )
    found = {c.value: c for c in claims_of(text, "2024-02-03")}
    assert (found[30].what, found[30].tally) == ("people missing", "standing")
    assert (found[64].what, found[64].tally) == ("people rescued", "event")
    assert found[9].what.startswith("people killed")
    assert found[1500].what == "people evacuated", "residents moved from their streets were evacuated"
    assert found[18].what == "people missing", "a bare number takes its measure from its predicate"
    assert len({c.what for c in found.values()}) == 4


def test_counter_nouns_give_the_measure_and_a_running_toll() -> None:
    text = (
        "The number of people killed when the bridge fell has risen to 17, police said on Saturday. "
        "Officials later raised the death toll to 20."
    )
    seventeen, twenty = claims_of(text, "2024-02-03")
    assert (seventeen.measure, seventeen.source) == ("people killed in total", "police")
    assert seventeen.date == "2024-02-03"
    assert (twenty.value, twenty.what, twenty.tally) == (20.0, "people killed", "running_total")


def test_a_toll_dated_only_by_its_report_is_a_running_total() -> None:
    claim = one(
        "The wall gave way late on Thursday, killing at least 12 people, police said on Friday.", "2024-02-03"
    )
    assert (claim.measure, claim.date, claim.source) == ("people killed in total", "2024-02-02", "police")
    daily = one("Soldiers killed 30 people across the country, activists said on Friday.", "2024-02-03")
    assert (daily.what, daily.tally, daily.date) == ("people killed", "event", "2024-02-02"), "a day's count"


def test_the_figure_refers_back_to_the_last_count() -> None:
    text = (
        "Police said about 1,500 people had been evacuated. "
        "The mayor of Millbrook, Ana Kerr, said the true figure was more than 2,800."
    )
    police, mayor = claims_of(text, "2024-02-03")
    assert (police.what, police.source) == ("people evacuated", "Police")
    assert (mayor.value, mayor.qualifier, mayor.what) == (2800.0, "more than", "people evacuated")
    assert mayor.source in ("The mayor of Millbrook", "Ana Kerr")


def test_nearest_reporting_verb_dates_and_attributes_each_count() -> None:
    text = (
        "Police had said on Friday that about 30 people were missing, while the county's emergency "
        "co-ordinator said on Sunday that at least 41 were unaccounted for."
    )
    police, coordinator = claims_of(text, "2024-02-05")
    assert (police.value, police.date, police.source) == (30.0, "2024-02-02", "Police")
    assert (coordinator.value, coordinator.what, coordinator.date) == (41.0, "people missing", "2024-02-04")
    assert coordinator.source == "the county's emergency co-ordinator", "a hyphenated noun is one word"


def test_reporting_participles_and_verbs_of_estimate_and_warning() -> None:
    saying = one("Police published a single figure, saying 27 people were still missing.", "2024-02-05")
    assert (saying.what, saying.source) == ("people missing", "Police")
    warned = one("The agency warned that up to 5,000 people could be displaced.", "2024-02-05")
    assert (warned.qualifier, warned.what, warned.source) == ("up to", "people displaced", "The agency")
    estimated = one("Engineers estimated that about 40 homes were destroyed.", "2024-02-05")
    assert (estimated.what, estimated.source) == ("homes", "Engineers")


def test_a_recap_list_takes_its_measure_and_dates_from_the_count_before() -> None:
    text = (
        "The death toll has risen to 23, police said on Monday. "
        "The count has climbed every day since the collapse: 12 on Friday, 19 on Saturday, 21 on Sunday."
    )
    found = claims_of(text, "2024-02-05")
    assert [(c.value, c.measure, c.date) for c in found] == [
        (23.0, "people killed in total", "2024-02-05"),
        (12.0, "people killed in total", "2024-02-02"),
        (19.0, "people killed in total", "2024-02-03"),
        (21.0, "people killed in total", "2024-02-04"),
    ]


def test_transcript_turns_name_the_speaker_but_not_the_programme_staff() -> None:
    text = (
        "JANE ROE, HOST: Tonight nine families are waiting for news, and 14 roads are closed.\n\n"
        "TOM DALE: Nine people have now been confirmed dead. My crews brought 40 people out overnight.\n\n"
        "ROE: Three bridges are shut too."
    )
    found = claims_of(text, "2024-02-02")
    by_value = {c.value: c for c in found}
    assert by_value[9].source == "Tom Dale" and by_value[9].measure == "people killed in total"
    assert (by_value[40].source, by_value[40].what) == ("Tom Dale", "people rescued")
    assert by_value[14].source is None and by_value[3].source is None


def test_state_words_tolls_and_names_that_keep_themselves() -> None:
    found = claims_of("The floods left 12 dead and 40 missing, officials said.", "2024-02-07")
    assert [(c.value, c.what, c.source) for c in found] == [
        (12.0, "people killed", "officials"),
        (40.0, "people missing", "officials"),
    ]
    assert one("The toll rose to 31.", "2024-02-07").tally == "running_total"
    graves = one("Robert Graves, a geophysicist with the USGS, said 10 earthquakes occurred.", "2024-02-07")
    assert graves.source is not None and graves.source.startswith("Robert Graves")


def test_a_capitalised_dateline_is_not_a_transcript_speaker() -> None:
    text = "LAHORE: A mob attacked the kiln on Tuesday.\n\nThe town lies some 60 kilometres from the city."
    claim = one(text, "2024-02-07")
    assert (claim.what, claim.source) == ("km", None)


# --- numbers that are not counts, or not comparable counts ------------------------------------------------


def test_ages_in_apposition_and_ranks_are_not_claims() -> None:
    found = claims_of("Tom Reyes, 41, his wife, 39, and her brother, 36, were killed when the plane crashed.")
    assert found == [], [c.text for c in found]
    found = claims_of("Killed were Tom Reyes, 41, his wife, Dana Reyes, 39, and her 36-year-old brother.")
    assert found == [], [c.text for c in found]
    assert claims_of("The club, ranked 4 in the league, lost again.") == []
    kept = one("In Harwick, 45 people were killed on Thursday.")
    assert (kept.value, kept.what, kept.role) == (45.0, "people killed", "count")


def test_readings_of_a_flight_and_ends_of_ranges_are_not_counts() -> None:
    found = claims_of(
        "Radar last tracked the jet at 2,300 feet, about 12 miles south of the island, as it fell "
        "4,000 feet per minute."
    )
    assert found and all(c.role == "reading" for c in found), [(c.text, c.role) for c in found]
    assert one("The tremor lasted about 40 seconds.").role == "reading"
    assert [c.role for c in claims_of("Depths there run from 50 to 90 feet, or 17 or 18 metres.")] != []
    assert {c.role for c in claims_of("Between 30 and 45 people were hurt.")} == {"range"}
    size = one("The oil slick is 12 miles long.")
    assert (size.role, size.subject) == ("count", "slick")


def test_options_and_capacities_are_not_counts() -> None:
    found = claims_of("The laptop runs at up to 3.4 GHz, and a 2.6 GHz model costs less.")
    roles = {c.text: c.role for c in found}
    assert roles == {"up to 3.4": "option", "2.6": "option"}
    assert one("The tank can carry about 90 gallons of fuel.").role == "option"
    assert one("The base model sells for $31,000, with various options available.").role == "option"


def test_subjects_tell_members_from_attendance_and_prices_from_payments() -> None:
    assert one("The coalition includes more than 50 countries.").subject == "members"
    assert one("Delegates from 96 nations came together in Lisbon.").subject == "attending"
    represented = one("The host said the summit was the largest yet, with about 90 countries represented.")
    assert represented.subject == "attending"
    assert one("She bought the house for $450,000 last spring.").subject == "paid"
    assert one("The list price of the new boat is $520,000.").subject == "price"
    assert one("About 80 percent of the debris has been recovered.").subject == "debris"


# --- dating again from the records: an undated article whose publication date is found later -----------


def _key(claim: Claim) -> tuple[Any, ...]:
    return (claim.span.start, claim.value, claim.what, claim.tally, claim.source, claim.date, claim.dated_by,
            claim.role, claim.subject)


def _dated_then_redated(text: str, published: str) -> tuple[list[Claim], list[Claim], list[Claim]]:
    """(claims analysed with ``published`` known, the same analysed undated, those re-dated later).

    The re-dating works on the JSON records alone: no parse, and the evidence must survive a round trip.
    """
    doc = get_nlp()(text)
    dated = Article(id="a", source="a", text=text, published=published)
    dated.dates, dated.unresolved_dates = extract_dates(dated)
    expected = extract_claims(dated, doc)
    undated = Article(id="a", source="a", text=text)
    undated.dates, undated.unresolved_dates = extract_dates(undated)
    undated.claims = extract_claims(undated, doc)
    first = [Claim.from_dict(c.to_dict()) for c in undated.claims]
    stored = Article.from_dict(json.loads(json.dumps(undated.to_dict())))
    stored.published = published
    stored.dates, stored.unresolved_dates = extract_dates(stored)
    redate_claims(stored)
    return expected, first, stored.claims


def test_claims_dated_later_equal_claims_dated_from_the_start() -> None:
    text = (
        "The bridge gave way late on Thursday, killing at least 12 people, police said on Friday. "
        "Rescuers pulled 40 people from the river on Friday. "
        "The count has climbed every day: 14 on Saturday, 19 on Sunday. "
        "By Sunday, 30 people were missing. "
        "Soldiers killed 25 people across the country, activists said on Sunday. "
        "The true figure was 45, the mayor said. "
        "About 200 people have been evacuated. Seven were hurt on July 17."
    )
    expected, undated, redated = _dated_then_redated(text, "2024-02-05")
    assert [_key(c) for c in redated] == [_key(c) for c in expected]
    assert redated == expected, "the recorded evidence is the same too"
    assert [Claim.from_dict(json.loads(json.dumps(c.to_dict()))) for c in redated] == redated
    assert {c.dated_by for c in undated} == {"none"}, "nothing dates them while the article is undated"
    by_value = {c.value: c for c in redated}
    assert (by_value[12].date, by_value[12].dated_by, by_value[12].tally) == (
        "2024-02-02", "as_of_after_event", "running_total"
    ), "Friday's toll of Thursday's collapse"
    assert {c.value: c.tally for c in undated}[12] == "event", "undated, nothing says it is a later toll"
    assert (by_value[14].date, by_value[19].date) == ("2024-02-03", "2024-02-04")
    assert (by_value[30].date, by_value[30].dated_by) == ("2024-02-04", "as_of")
    assert (by_value[25].tally, by_value[25].dated_by) == ("event", "as_of")
    assert (by_value[200].date, by_value[200].dated_by) == ("2024-02-05", "published")
    assert (by_value[7].date, by_value[7].dated_by) == ("2023-07-17", "event")
    assert 17 not in by_value, "a number inside a date that needs the publication date is still no count"


def test_a_figure_that_takes_a_running_totals_measure_follows_it_when_redated() -> None:
    text = (
        "The dam gave way on Thursday, killing at least 12 people, police said on Friday. "
        "The true figure was more than 20, the mayor said."
    )
    expected, undated, redated = _dated_then_redated(text, "2024-02-03")
    assert [c.tally for c in undated] == ["event", "event"]
    assert [(c.value, c.measure) for c in redated] == [
        (12.0, "people killed in total"),
        (20.0, "people killed in total"),
    ]
    assert [_key(c) for c in redated] == [_key(c) for c in expected]
    assert redated[1].dating.measure_from == redated[0].span


@pytest.mark.slow
def test_real_articles_dated_later_equal_articles_dated_from_the_start(
    example_corpus: Path, seeds_dir: Path
) -> None:
    paths = sorted(example_corpus.glob("*.txt")) + sorted(seeds_dir.glob("*.txt"))
    dated_by_mentions = tallies_changed = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for published in ("2025-11-15", "2012-07-06"):
            expected, undated, redated = _dated_then_redated(text, published)
            assert [_key(c) for c in redated] == [_key(c) for c in expected], (path.name, published)
            pairs = list(zip(undated, redated, strict=True))
            dated_by_mentions += sum(a.dated_by == "none" and b.dated_by.startswith(("event", "as_of"))
                                     for a, b in pairs if b.dated_by)
            tallies_changed += sum(a.tally != b.tally for a, b in pairs)
    # the check must cover claims that a mention resolved only later dates, and tolls it makes running totals
    assert dated_by_mentions >= 20
    assert tallies_changed >= 2
