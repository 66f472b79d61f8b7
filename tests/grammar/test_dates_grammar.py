"""The date grammar: a scan without an anchor plus a later resolution equals a scan with the anchor; the
expressions resolve as documented; datelines are recognised as each rule says; messy text never raises."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from storyline.analyse.dates import extract_dates
from storyline.grammar.datelines import (
    AGENCY_ONLY_DATELINE,
    CAPITALS_DATELINE,
    dateline_prefix,
    find_full_dateline,
    find_partial_dateline,
    is_bare_dateline,
    looks_like_capitals_dateline,
    numeric_days,
)
from storyline.grammar.dates import (
    find_dates,
    past_event_days,
    relative_days,
    resolve_expression,
    resolve_mention,
    scan_dates,
)
from storyline.model import Article, DateMention, Removed

FRIDAY = dt.date(2012, 7, 6)

# --- a scan without an anchor, resolved later, is a scan with the anchor ------------------------------------

_PHRASES = [
    "Friday", "last Friday", "next Monday", "on Tuesday night", "until Monday", "by Sunday", "Wednesday's",
    "yesterday", "today", "tonight", "tomorrow", "the day before yesterday", "last night", "this morning",
    "three days ago", "a week ago", "2 weeks ago", "five months ago", "a year ago", "a couple of days ago",
    "last week", "this week", "next week", "earlier this week", "later this week", "last weekend",
    "this weekend", "next weekend", "over the weekend", "the past week", "the last month", "the past year",
    "the past weekend", "last month", "this month", "next year", "last year", "earlier this year",
    "July 17", "17 July", "Feb. 29", "29 February", "Feb 31", "Jan. 5", "in March", "last March",
    "next May", "mid-July", "early March", "in May", "by May", "this June", "March 2011", "July 6, 2012",
    "Friday, July 6, 2012", "Friday 6 July", "6 July 2012", "2012-07-06", "in 2011", "since 1999",
    "1000 days ago", "Three days after the flood", "1/8/08",
]
_WORDS = [
    "He said", "they will meet", "the talks were held", "ministers met", "the vote is due to take place",
    "the couple had planned to attend", "the line is shut", "families are still waiting", "the", "of",
    ".", ",", "and", "but", "when", ";", "\n", "(AP) --", "police found",
]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(_PHRASES if rng.random() < 0.45 else _WORDS) for _ in range(rng.randint(3, 18))]
        texts.append(" ".join(parts))
    return texts


def _anchors(count: int, seed: int) -> list[dt.date]:
    rng = random.Random(seed)
    edges = [dt.date(2014, 3, 1), dt.date(2012, 2, 29), dt.date(2012, 12, 31), dt.date(2013, 1, 1),
             dt.date(2012, 6, 30), dt.date(2012, 7, 1), dt.date(2010, 2, 28)]
    return edges + [dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 36500)) for _ in range(count)]


def _resolved_later(text: str, anchor: dt.date) -> list[DateMention]:
    """The dates of ``text`` as an undated article keeps them, through JSON, then resolved on ``anchor``."""
    article = Article(id="a", source="a", text=text)
    article.dates, article.unresolved_dates = extract_dates(article)
    stored = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    later = [found for m in stored.unresolved_dates if (found := resolve_mention(m, anchor)) is not None]
    return sorted([*stored.dates, *later], key=lambda m: m.span.start)


def _key(mentions: list[DateMention]) -> list[tuple[int, int, str, str, str, bool]]:
    return [(m.span.start, m.span.end, m.span.text, m.value, m.granularity, m.inferred) for m in mentions]


def test_resolving_the_unresolved_later_equals_reading_with_the_date() -> None:
    anchors = _anchors(40, seed=2)
    checked = 0
    for number, text in enumerate(_texts(400, seed=1)):
        for anchor in anchors[number % 5 :: 5]:
            assert _key(_resolved_later(text, anchor)) == _key(find_dates(text, anchor)), (text, anchor)
            checked += 1
    assert checked > 3000


def test_resolving_later_equals_reading_with_the_date_on_the_example_corpus(example_corpus: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(example_corpus.glob("*.txt"))]
    assert texts
    for text in texts:
        for anchor in _anchors(6, seed=3):
            assert _key(_resolved_later(text, anchor)) == _key(find_dates(text, anchor)), anchor


def test_without_a_date_the_relative_mentions_wait_with_their_recipe() -> None:
    text = "Ministers will meet on Friday; they met last Friday and on July 17, as on July 6, 2012."
    mentions = scan_dates(text)
    assert [(m.span.text, m.value, m.expression) for m in mentions] == [
        ("Friday", "", "weekday friday future"),
        ("last Friday", "", "weekday friday last"),
        ("July 17", "", "day-month 07-17 past"),
        ("July 6, 2012", "2012-07-06", None),
    ]
    assert all(m.inferred == (m.expression is not None) for m in mentions)


def test_a_mention_keeps_its_place_when_the_date_does_not_resolve_it() -> None:
    """29 February exists in no year near 2014: the mention names nothing, and its "Feb" is not a month."""
    text = "Entries close in Feb 29 at noon."
    assert find_dates(text, dt.date(2014, 6, 1)) == []
    (leap,) = find_dates(text, dt.date(2012, 6, 1))
    assert (leap.span.text, leap.value) == ("Feb 29", "2012-02-29")


def test_an_old_record_without_expressions_still_reads() -> None:
    old = {"id": "a", "source": "a", "text": "Friday", "published": "2012-07-06",
           "dates": [{"span": {"start": 0, "end": 6, "text": "Friday"}, "value": "2012-07-06",
                      "granularity": "day", "inferred": True}]}
    article = Article.from_dict(old)
    assert article.unresolved_dates == [] and article.dates[0].expression is None
    assert Article.from_dict(json.loads(json.dumps(article.to_dict()))) == article


# --- expressions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "anchor", "value"),
    [
        ("days -1", FRIDAY, "2012-07-05"),
        ("days +0", FRIDAY, "2012-07-06"),
        ("weekday friday past", FRIDAY, "2012-07-06"),
        ("weekday friday last", FRIDAY, "2012-06-29"),
        ("weekday friday next", FRIDAY, "2012-07-13"),
        ("weekday monday future", FRIDAY, "2012-07-09"),
        ("weekday monday past", FRIDAY, "2012-07-02"),
        ("day-month 12-20 past", dt.date(2025, 11, 15), "2024-12-20"),
        ("day-month 12-20 future", dt.date(2025, 11, 15), "2025-12-20"),
        ("day-month 12-20 untensed", dt.date(2025, 11, 15), "2025-12-20"),
        ("day-month 02-29 untensed", dt.date(2012, 6, 1), "2012-02-29"),
        ("day-month 02-29 untensed", dt.date(2014, 6, 1), None),
        ("month 05 past", dt.date(2025, 11, 15), "2025-05"),
        ("month 05 future", dt.date(2025, 11, 15), "2026-05"),
        ("month 03 last", dt.date(2012, 3, 12), "2011-03"),
        ("month 03 next", dt.date(2012, 3, 12), "2013-03"),
        ("weeks-ago 1", FRIDAY, None),  # 25 June - 1 July
        ("weeks-ago 1", dt.date(2012, 7, 18), "2012-07"),
        ("months-ago 3", FRIDAY, "2012-04"),
        ("years-ago 2", FRIDAY, "2010"),
        ("calendar-week -1", FRIDAY, None),
        ("calendar-week -1", dt.date(2012, 7, 20), "2012-07"),
        ("calendar-week earlier-this", FRIDAY, "2012-07"),
        ("calendar-week later-this", dt.date(2012, 7, 30), None),  # 30 July - 5 August
        ("calendar-weekend +0", FRIDAY, "2012-07"),
        ("calendar-month -1", FRIDAY, "2012-06"),
        ("calendar-year +1", FRIDAY, "2013"),
        ("recent-weekend past", FRIDAY, None),  # 30 June - 1 July
        ("recent-weekend future", FRIDAY, "2012-07"),
        ("past-week", FRIDAY, None),
        ("past-week", dt.date(2012, 7, 20), "2012-07"),
        ("past-month", dt.date(2012, 7, 31), "2012-07"),
        ("past-year", dt.date(2012, 12, 31), "2012"),  # a leap year: 1 January to 31 December
        ("past-year", FRIDAY, None),
        # at the calendar's ends an expression names nothing rather than raising
        ("days -1", dt.date.min, None),
        ("weekday friday next", dt.date.max, None),
        ("calendar-year +1", dt.date.max, None),
        ("years-ago 100", dt.date(50, 1, 1), None),
        ("months-ago 100", dt.date(5, 1, 1), None),
    ],
)
def test_expressions_resolve_as_documented(expression: str, anchor: dt.date, value: str | None) -> None:
    assert resolve_expression(expression, anchor) == value


def test_an_unknown_expression_is_an_error_not_a_silent_miss() -> None:
    with pytest.raises(ValueError, match="not a date expression"):
        resolve_expression("fortnight -1", FRIDAY)


# --- messy text ---------------------------------------------------------------------------------------------

_MESSY = [
    "1" * 5000 + " days ago, on Friday",  # int() refuses more than 4300 digits
    "\x00 May 99, 2012 Feb. 31 ) ( 0256 GMT \ufffd",
    "٣/٤/٢٠١٢ — ٢٠١٢ on ١٥ July, in March ١٩٩٩",  # digits of other scripts
    "DENVER, 99999999/99/99 -- (" + "X" * 500 + ") --",
    "((((((((((((((((AP) --" * 50,
    "Jan. " * 2000,
    "",
]


@pytest.mark.parametrize("text", _MESSY)
@pytest.mark.parametrize("anchor", [None, FRIDAY, dt.date.min, dt.date.max])
def test_messy_text_and_extreme_dates_never_raise(text: str, anchor: dt.date | None) -> None:
    mentions = find_dates(text, anchor)
    assert all(m.value for m in mentions)
    relative_days(text)
    if anchor is not None:
        past_event_days(text, anchor)
    removed = [Removed(0, len(text), text, "dateline")]
    find_full_dateline(removed, text)
    find_partial_dateline(removed, text)
    numeric_days(text)
    dateline_prefix(text)
    is_bare_dateline(text)


def test_a_huge_number_does_not_cost_the_dates_after_it() -> None:
    (friday,) = find_dates("1" * 5000 + " days ago, on Friday", FRIDAY)
    assert (friday.span.text, friday.value) == ("Friday", "2012-07-06")


# --- datelines ----------------------------------------------------------------------------------------------


def test_the_timeline_cuts_a_dateline_only_with_an_agency_in_brackets() -> None:
    sentence = "Paris, France (CNN) -- Ministers met on Friday."
    assert sentence[dateline_prefix(sentence):] == "Ministers met on Friday."
    assert dateline_prefix("BOSTON -- Ministers met on Friday.") == 0
    assert dateline_prefix("Paris, France, hosted the meeting.") == 0


def test_the_summary_trims_a_capitals_dateline_only_when_it_looks_like_one() -> None:
    match = CAPITALS_DATELINE.match("MOBILE, Ala. (AP) -- Crews worked overnight.")
    assert match and looks_like_capitals_dateline(match.group(0))
    clause = CAPITALS_DATELINE.match("THE Plan Was Drafted Here -- and it failed.")
    assert clause and not looks_like_capitals_dateline(clause.group(0)), "mostly lower case: a clause"
    agency = AGENCY_ONLY_DATELINE.match("(Bloomberg) Shares fell.")
    assert agency and agency.group(0) == "(Bloomberg) ", "every wire service the other rules know"


def test_a_bare_dateline_is_not_an_event() -> None:
    assert is_bare_dateline("LONDON, August 26 (Xinhua) --")
    assert is_bare_dateline("NEW YORK, July 17 (Bloomberg)")
    assert not is_bare_dateline("Ministers met in London on August 26 to agree a plan.")


def test_scan_dates_and_sentence_bounds_equal_the_plain_scans_they_replace() -> None:
    """The bisection over taken spans and the windowed look-back give exactly what scanning every
    mention, and the text from its start, gave (seeded random texts dense with dates and edges)."""
    import random

    import storyline.grammar.dates as dates

    def scan_reference(text: str) -> list[tuple[int, int, str]]:
        mentions: list = []
        for kind, pattern in dates._PATTERNS:
            for match in pattern.finditer(text):
                if any(match.start() < m.span.end and m.span.start < match.end() for m in mentions):
                    continue
                mention = dates._READERS[kind](match, text)
                if mention is not None and not any(
                    mention.span.start < m.span.end and m.span.start < mention.span.end for m in mentions
                ):
                    mentions.append(mention)
        return sorted((m.span.start, m.span.end, str(m)) for m in mentions)

    def bounds_reference(text: str, start: int, end: int) -> tuple[int, int]:
        edges = [m.end() for m in dates._SENTENCE_EDGE.finditer(text, 0, start)]
        right = dates._SENTENCE_EDGE.search(text, end)
        return (edges[-1] if edges else 0), (right.end() if right else len(text))

    rng = random.Random(5)
    pieces = ["on Monday", "March 3, 2014", "in June 2015", "last week", "yesterday", "2021-03-03",
              "3 March 2021", "two weeks ago", "next month", "the 1990s", "on 13 November", "since 2012",
              " and ", " the council said. ", "\n\n", " 12 ", "!", "x" * 700]  # fmt: skip
    for _ in range(200):
        text = "".join(rng.choice(pieces) + rng.choice([" ", ", ", ". "]) for _ in range(rng.randint(3, 60)))
        found = sorted((m.span.start, m.span.end, str(m)) for m in dates.scan_dates(text))
        assert found == scan_reference(text)
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert dates._sentence_around(text, start, end) == bounds_reference(text, start, end)
