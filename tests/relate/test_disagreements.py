"""Disagreements between outlets' numbers: conflict, different counts and trends."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.model import Article, Claim, Disagreement, Span, Tally
from storyline.relate.disagreements import compatible, disagreement_faults, find_disagreements

_EVENTS = {"killed", "wounded", "missing", "rescued", "evacuated", "detained", "displaced"}


def claim(
    article: str,
    value: float,
    qualifier: str,
    what: str,
    date: str | None,
    source: str | None = None,
    subject: str | None = None,
    tally: Tally | None = None,
) -> Claim:
    text = f"{qualifier} {value:g}".strip()
    if subject is None and what == "countries":
        subject = "attending"  # "107 nations came together", "100 countries represented"
    if tally is None and what.split()[-1] in _EVENTS:
        tally = "standing" if what.endswith(" missing") else "event"
    span = Span(0, len(text), text)
    return Claim(article, value, text, qualifier, what, span, source, date, subject=subject, tally=tally)


def article(article_id: str, outlet: str | None, *claims: Claim, title: str | None = None) -> Article:
    return Article(id=article_id, source=article_id, text="", outlet=outlet, title=title, claims=list(claims))


def test_ranges() -> None:
    assert compatible(claim("a", 100, "about", "x", None), claim("b", 107, "", "x", None))
    assert not compatible(claim("a", 100, "about", "x", None), claim("b", 120, "", "x", None))
    assert compatible(claim("a", 90, "more than", "x", None), claim("b", 70, "at least", "x", None))
    assert not compatible(claim("a", 51, "", "x", None), claim("b", 108, "at least", "x", None))
    assert not compatible(claim("a", 22, "up to", "x", None), claim("b", 22, "more than", "x", None))
    assert compatible(claim("a", 22, "up to", "x", None), claim("b", 22, "at least", "x", None))


def test_different_counts_for_compatible_ranges_from_different_outlets() -> None:
    hollande = claim("rfi", 100, "about", "countries", "2012-07-06", "Hollande")
    rfi = article("rfi", None, hollande, title="RFI story")
    npr = article("npr", "NPR", claim("npr", 107, "", "countries", "2012-07-06"))
    (found,) = find_disagreements([rfi, npr])
    assert found.kind == "different_counts"
    assert found.what == "countries"
    assert "about 100 (Hollande, via RFI story)" in found.explanation
    assert "107 (NPR)" in found.explanation
    assert len(found.claims) == 2


def test_conflict_for_incompatible_ranges_on_the_same_day() -> None:
    a = article("a", "Al Arabiya", claim("a", 51, "", "people killed", "2012-03-12"))
    b = article("b", "LCC", claim("b", 108, "at least", "people killed", "2012-03-12"))
    (found,) = find_disagreements([a, b])
    assert found.kind == "conflict"
    assert "2012-03-12" in found.explanation


def test_different_days_are_not_compared() -> None:
    a = article("a", "A", claim("a", 51, "", "people killed", "2012-03-12"))
    b = article("b", "B", claim("b", 90, "more than", "people killed", "2012-07-05"))
    assert find_disagreements([a, b]) == []


def test_running_totals_at_different_dates_are_a_trend() -> None:
    un = claim("b", 7500, "more than", "people killed", "2012-03-12", "UN", tally="running_total")
    bloomberg = article("b", "Bloomberg", un)
    cnn = article(
        "c",
        "CNN",
        claim("c", 16700, "more than", "people killed", "2012-07-04", "SOHR", tally="running_total"),
        claim("c", 12000, "more than", "people killed", "2012-07-06", "Amnesty", tally="running_total"),
    )
    (found,) = find_disagreements([bloomberg, cnn])
    assert (found.kind, found.what, found.tally, found.measure) == (
        "trend", "people killed", "running_total", "people killed in total"
    )
    assert found.explanation.startswith("people killed, running total: more than 7,500 by 2012-03-12")
    assert [c.value for c in found.claims] == [7500, 16700, 12000], "in date order"
    assert found.explanation.index("7,500") < found.explanation.index("16,700")


def test_a_days_deaths_are_never_set_against_a_running_total() -> None:
    day = article("a", "A", claim("a", 30, "", "people killed", "2024-02-02"))
    toll = article("b", "B", claim("b", 45, "", "people killed", "2024-02-02", tally="running_total"))
    assert find_disagreements([day, toll]) == [], "30 killed that day and a toll of 45 count different things"
    other = article("c", "C", claim("c", 60, "", "people killed", "2024-02-02", tally="running_total"))
    (found,) = find_disagreements([day, toll, other])
    assert (found.kind, found.tally) == ("conflict", "running_total")
    assert {c.value for c in found.claims} == {45, 60}
    assert found.explanation.startswith("people killed in total on 2024-02-02: 45 (B) vs 60 (C)")


def test_agreement_same_source_and_far_apart_values_are_not_disagreements() -> None:
    a = article("a", "A", claim("a", 107, "", "countries", "2012-07-06"))
    b = article("b", "B", claim("b", 107, "", "countries", "2012-07-06"))
    assert find_disagreements([a, b]) == [], "the same figure is agreement"
    one_source = article("c", "C", claim("c", 11, "", "votes", None), claim("c", 15, "", "votes", None))
    assert find_disagreements([one_source]) == []
    far = article("d", "D", claim("d", 2, "", "countries", "2012-07-06"))
    assert find_disagreements([a, far]) == [], "2 vs 107 countries count different things"
    months = article("e", "E", claim("e", 16, "nearly", "months", "2012-07-06"))
    months_b = article("f", "F", claim("f", 16, "more than", "months", "2012-07-06"))
    assert find_disagreements([months, months_b]) == [], "durations are not compared"


@pytest.mark.slow
def test_seed_disagreements(seeds_dir: Path) -> None:
    from storyline.analyse.claims import extract_claims
    from storyline.analyse.dates import extract_dates
    from storyline.analyse.nlp import get_nlp
    from storyline.analyse.sentences import split_sentences
    from storyline.clean.dateline import find_publication_date
    from storyline.relate.dates import infer_publication_dates

    outlets = {"000": "RFI", "001": "CNN", "002": "NPR", "003": "Bloomberg", "004": "The Moscow Times"}
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        stated = find_publication_date(raw, [], raw)
        item = Article(id=path.name[:3], source=str(path), text=raw, outlet=outlets[path.name[:3]])
        item.published = stated[0] if stated else None
        doc = get_nlp()(raw)
        item.sentences = split_sentences(raw, doc)
        item.dates, item.unresolved_dates = extract_dates(item, doc)
        item.claims = extract_claims(item, doc)
        articles.append(item)
    infer_publication_dates(articles)
    found = {(d.measure, d.kind): d for d in find_disagreements(articles)}
    countries = found[("countries", "different_counts")]
    assert {(c.article, c.value) for c in countries.claims} >= {("000", 100.0), ("002", 107.0)}
    assert "Hollande" in countries.explanation
    killed = found[("people killed", "different_counts")]
    assert {(c.article, c.value, c.date) for c in killed.claims} == {
        ("000", 90.0, "2012-07-05"),
        ("001", 70.0, "2012-07-05"),
    }
    assert "Syrian Observatory" in killed.explanation
    assert "Local Coordination Committees" in killed.explanation
    trend = found[("people killed in total", "trend")]
    assert [c.value for c in trend.claims][:1] == [7500.0]


# --- measures of a disaster: only the same measure at the same time is compared -------------------------


def _from_text(article_id: str, outlet: str, text: str, published: str) -> Article:
    """An article whose claims come from the real extractor, so the pairing is tested end to end."""
    from storyline.analyse.claims import extract_claims
    from storyline.analyse.dates import extract_dates
    from storyline.analyse.nlp import get_nlp

    item = Article(id=article_id, source=article_id, text=text, outlet=outlet, published=published)
    item.dates, item.unresolved_dates = extract_dates(item)
    item.claims = extract_claims(item, get_nlp()(text))
    return item


def test_missing_rescued_dead_and_evacuated_are_never_paired() -> None:
    friday = _from_text(
        "wire",
        "Kestrel Wire",
        "The bridge collapsed late on Thursday, killing at least 9 people, police said on Friday. "
        "About 30 people are still missing, according to Kestrel County Police. "
        "Fire chief Ada Voss said crews had pulled 64 people from flooded homes overnight.",
        "2024-02-02",
    )
    radio = _from_text(
        "radio",
        "Radio Kestrel",
        "Police said on Friday that 31 people had been rescued from the river. "
        "Officials said about 1,500 people had been evacuated.",
        "2024-02-02",
    )
    found = find_disagreements([friday, radio])
    for disagreement in found:
        assert len({c.what for c in disagreement.claims}) == 1
    pairs = {frozenset(c.value for c in d.claims) for d in found}
    assert not any({30.0, 64.0} <= pair or {9.0, 30.0} <= pair or {30.0, 31.0} <= pair for pair in pairs)
    rescued = [d for d in found if d.what == "people rescued"]
    assert [sorted(c.value for c in d.claims) for d in rescued] == [[31.0, 64.0]]


def test_missing_counts_at_different_dates_are_a_trend() -> None:
    wire = article("w", "Kestrel Wire", claim("w", 30, "about", "people missing", "2024-02-02", "Police"))
    sunday = article(
        "s", "The Millbrook Echo", claim("s", 41, "at least", "people missing", "2024-02-04", "Ada Voss")
    )
    monday = article(
        "m",
        "Kestrel Wire",
        claim("m", 27, "", "people missing", "2024-02-05", "Police"),
        claim("m", 30, "about", "people missing", "2024-02-02", "Police"),  # a recap of Friday's figure
        claim("m", 41, "at least", "people missing", "2024-02", "the co-ordinator"),  # "at the weekend"
    )
    (found,) = find_disagreements([wire, sunday, monday])
    assert (found.kind, found.what) == ("trend", "people missing")
    assert [(c.value, c.date) for c in found.claims] == [
        (30.0, "2024-02-02"),
        (41.0, "2024-02-04"),
        (27.0, "2024-02-05"),
    ]
    assert found.explanation.startswith("people missing, over time: about 30 on 2024-02-02 (Police, via")


def test_a_standing_count_still_conflicts_on_one_day() -> None:
    police = article("p", "A", claim("p", 30, "about", "people missing", "2024-02-04", "Police"))
    vance = article("v", "B", claim("v", 41, "at least", "people missing", "2024-02-04", "Ada Voss"))
    later = article("l", "C", claim("l", 27, "", "people missing", "2024-02-05", "Police"))
    kinds = sorted(d.kind for d in find_disagreements([police, vance, later]))
    assert kinds == ["conflict", "trend"]


def test_evacuated_figures_conflict_only_across_articles() -> None:
    ledger = _from_text(
        "ledger",
        "The Millbrook Echo",
        "Police said about 1,500 people had been evacuated. "
        "The mayor of Millbrook, Ana Kerr, said the true figure was more than 2,800.",
        "2024-02-03",
    )
    assert find_disagreements([ledger]) == [], "an article is never set against itself"
    radio = _from_text(
        "radio", "Radio Kestrel", "The mayor said more than 2,800 people had been evacuated.", "2024-02-03"
    )
    police = _from_text(
        "wire", "Kestrel Wire", "Police said about 1,500 people had been evacuated.", "2024-02-03"
    )
    (found,) = find_disagreements([police, radio])
    assert (found.kind, found.what, found.date) == ("conflict", "people evacuated", "2024-02-03")
    assert "about 1,500 (Police, via Kestrel Wire)" in found.explanation
    assert "more than 2,800" in found.explanation


def test_bare_people_counts_are_not_compared() -> None:
    a = article("a", "A", claim("a", 900, "about", "people", "2024-02-04"))
    b = article("b", "B", claim("b", 1200, "", "people", "2024-02-04"))
    assert find_disagreements([a, b]) == []


def test_a_source_named_in_the_title_is_still_shown_and_the_outlet_is_not_repeated() -> None:
    rfi = article(
        "rfi",
        None,
        claim("rfi", 100, "about", "countries", "2012-07-06", "Hollande"),
        title="Clinton, Hollande lash Russia",
    )
    npr = article("npr", "NPR", claim("npr", 107, "", "countries", "2012-07-06", "NPR"))
    (found,) = find_disagreements([rfi, npr])
    assert "about 100 (Hollande, via Clinton, Hollande lash Russia)" in found.explanation
    assert "107 (NPR)" in found.explanation


@pytest.mark.slow
def test_example_corpus_disagreements_pair_only_the_same_measure(example_corpus: Path) -> None:
    import storyline

    brief = storyline.brief(str(example_corpus))
    found = {(d.measure, d.kind): d for d in brief.disagreements}
    missing = found[("people missing", "trend")]
    expected = [(40.0, "about"), (52.0, "at least"), (31.0, "")]
    assert [(c.value, c.qualifier) for c in missing.claims] == expected
    assert [c.date for c in missing.claims] == sorted(c.date or "" for c in missing.claims)
    # The Ledger's police-vs-mayor evacuation dispute is inside one article, so it is not shown.
    assert ("people evacuated", "conflict") not in found
    toll = found[("people killed in total", "trend")]
    assert sorted({c.value for c in toll.claims}) == [12.0, 19.0, 21.0, 23.0]
    for disagreement in brief.disagreements:
        assert len({c.what for c in disagreement.claims}) == 1
        values = {c.value for c in disagreement.claims}
        assert not ({40.0, 86.0} <= values or {21.0, 52.0} <= values)


# --- what must hold: the same quantity of the same thing at the same time, from different articles --------


def _brief_of(*texts: str, published: str = "2024-03-08") -> tuple[list[Disagreement], dict[str, Article]]:
    items = [_from_text(f"a{i}", f"Outlet {i}", text, published) for i, text in enumerate(texts)]
    return find_disagreements(items), {item.id: item for item in items}


def test_victims_ages_are_not_death_counts() -> None:
    found, _ = _brief_of(
        "Tom Reyes, 41, his wife, 39, and her brother, 36, were killed when the plane crashed on Friday.",
        "Killed were Tom Reyes, 44, his wife, Dana Reyes, 38, and her 36-year-old brother.",
    )
    assert found == []


def test_readings_during_a_flight_are_never_compared() -> None:
    found, _ = _brief_of(
        "The plane was flying at 5,500 feet when it passed the coast, 20 miles from the airport.",
        "Radar last picked up the plane at 2,500 feet, about 12 miles west of the airport.",
        "It fell at more than 4,000 feet per minute and hit the water 7 miles off the island.",
    )
    assert found == []


def test_options_of_a_product_are_never_compared() -> None:
    found, _ = _brief_of(
        "The new laptop runs at up to 3.4 GHz and sells for $1,299 with various options.",
        "A 2.6 GHz model is also offered, for $999, and the battery can hold 72 watt-hours.",
    )
    assert found == []


def test_a_groups_membership_is_not_a_conferences_attendance() -> None:
    found, _ = _brief_of(
        "The coalition includes officials from aid agencies and more than 50 countries.",
        "Delegates from 96 nations came together in Lisbon on Friday.",
        "The host said the summit was the largest yet, with about 90 countries represented.",
    )
    (countries,) = found
    assert sorted(c.value for c in countries.claims) == [90.0, 96.0]
    assert countries.kind == "different_counts"


def test_one_article_is_never_compared_with_itself_and_undated_claims_are_not_compared() -> None:
    found, _ = _brief_of(
        "Searchers found the wreck 3 miles away. Later 4 more bodies were found, and 6 more bodies on Friday."
    )
    assert found == []
    undated = [
        Article(id="u", source="u", text="", claims=[claim("u", 12, "", "people killed", None)]),
        Article(id="v", source="v", text="", claims=[claim("v", 19, "", "people killed", None)]),
    ]
    assert find_disagreements(undated) == [], "without a date nothing says the figures are of one moment"


def test_the_same_figure_under_different_qualifiers_is_agreement() -> None:
    a = article("a", "A", claim("a", 300_000, "", "dollars", "2024-03-08", subject="paid"))
    b = article("b", "B", claim("b", 300_000, "about", "dollars", "2024-03-08", subject="paid"))
    assert find_disagreements([a, b]) == []
    price = article("c", "C", claim("c", 420_000, "", "dollars", "2024-03-08", subject="price"))
    assert find_disagreements([a, price]) == [], "a list price is not the price paid"


def test_disagreement_faults_read_the_sentences_not_the_fields() -> None:
    first = _from_text("a", "A", "Tom Reyes, 41, was killed on Friday.", "2024-03-08")
    second = _from_text("b", "B", "The coalition includes more than 50 countries.", "2024-03-08")
    third = _from_text("c", "C", "Delegates from 96 nations came together on Friday.", "2024-03-09")
    fourth = _from_text("d", "D", "The plane was flying at 5,500 feet, 3 miles off the coast.", "2024-03-08")
    articles = {item.id: item for item in (first, second, third, fourth)}

    def forged(*claims: Claim, kind: str = "conflict") -> Disagreement:
        return Disagreement(what=claims[0].what, kind=kind, explanation="", claims=list(claims))

    def at(item: Article, number: str, what: str, date: str | None = "2024-03-08") -> Claim:
        start = item.text.index(number)
        return Claim(
            item.id,
            float(number.replace(",", "")),
            number,
            "",
            what,
            Span.of(item.text, start, start + len(number)),
            date=date,
        )

    age = at(first, "41", "people killed")
    assert "age" in disagreement_faults(forged(age, at(third, "96", "people killed")), articles)
    members, attending = at(second, "50", "countries"), at(third, "96", "countries", "2024-03-09")
    faults = disagreement_faults(forged(members, attending), articles)
    assert {"membership vs attendance", "different dates"} <= set(faults)
    altitude, distance = at(fourth, "5,500", "ft"), at(fourth, "3", "ft")
    faults = disagreement_faults(forged(altitude, distance), articles)
    assert {"one article", "moment of a process (a reading, not a count)", "different units"} <= set(faults)
    wrong_span = Claim("a", 7, "7", "", "people killed", Span(0, 1, "7"), date="2024-03-08")
    assert "span does not match the article" in disagreement_faults(forged(wrong_span, age), articles)


def test_disagreement_faults_pass_a_true_disagreement() -> None:
    found, articles = _brief_of(
        "At least 70 people died on Thursday across the country, activists said.",
        "More than 90 people were killed on Thursday, according to a monitoring group.",
    )
    (killed,) = found
    assert (killed.what, killed.kind) == ("people killed", "different_counts")
    assert disagreement_faults(killed, articles) == []


def test_a_trend_mixing_far_apart_figures_on_one_day_is_not_shown() -> None:
    total: Tally = "running_total"
    early = article("a", "A", claim("a", 600, "at least", "people killed", "2024-05-02", tally=total))
    old_quake = article("b", "B", claim("b", 20000, "", "people killed", "2024-05-02", tally=total))
    later = article("c", "C", claim("c", 7000, "", "people killed", "2024-05-05", tally=total))
    assert find_disagreements([early, old_quake, later]) == []
    forged = Disagreement("people killed", "trend", "", [*early.claims, *old_quake.claims], tally=total)
    assert disagreement_faults(forged, {}) != []
    assert find_disagreements([early, later])[0].kind == "trend"
