"""Numeric claims: normalised values, qualifiers, what is counted, who says so, and when."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.analyse.claims import extract_claims, parse_number
from storyline.analyse.dates import find_dates
from storyline.analyse.nlp import get_nlp
from storyline.model import Article, Claim


def claims_of(text: str, published: str | None = "2012-07-06") -> list[Claim]:
    article = Article(id="a", source="a", text=text, published=published)
    article.dates = find_dates(text, dt.date.fromisoformat(published) if published else None)
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
    assert claim.what == "people killed"
    assert claim.source == "the Local Coordination Committees"
    assert claim.date == "2012-07-05"


def test_according_to_and_running_total() -> None:
    text = "More than 7,500 people have died since protests started in March 2011, according to UN estimates."
    claim = one(text, "2012-03-12")
    assert (claim.value, claim.qualifier) == (7500.0, "more than")
    assert claim.what == "people killed in total"
    assert claim.source == "UN estimates"
    assert claim.date == "2012-03-12", "March 2011 dates the protests, not the toll"


def test_reporting_date_and_appositive_source() -> None:
    text = (
        "One opposition group, the Syrian Observatory for Human Rights, said Wednesday that more than "
        "16,700 have been killed in nearly 16 months of unrest. "
        "More than 11,000 of them were civilians, it said."
    )
    toll, months, civilians = claims_of(text)
    assert (toll.value, toll.what, toll.date) == (16700.0, "people killed in total", "2012-07-04")
    assert toll.source == "the Syrian Observatory for Human Rights"
    assert (months.value, months.qualifier, months.what, months.unit) == (16.0, "nearly", "months", "months")
    assert (civilians.value, civilians.what) == (11000.0, "civilians")
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
