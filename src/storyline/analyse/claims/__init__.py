"""Numeric claims: every number that counts something, with what it counts, who says so and when.

Why regex first, parse second: numbers have a closed grammar ("more than 16,700", "2.4 million", "two
dozen", "$87m", "40%") that a regex reads exactly (``numbers``: values, qualifiers, and the numbers that
count nothing, such as dates, times, labels, ranks and ages), while *what* is counted ("107 nations" ->
countries, "at least 70 people died" -> people killed; ``counted``), *who* says so ("..., the Local
Coordination Committees said", "according to UN estimates"; ``attribution``) and *when* ("killed on
Thursday" vs "said Wednesday that 16,700 have been killed"; ``dating``) need the dependency parse.

How figures of one measure at different dates relate is a typed fact of each claim, ``Claim.tally``
("event", "running_total", "standing"), never a suffix of ``what``: ``relate.disagreements`` compares
counts of one event per day and shows running totals and standing counts as trends.

The date of a claim is decided from evidence kept on the claim (``Claim.dating``), so that
``dating.redate_claims`` can date the claims again, without the parse, once ``relate.dates`` has inferred
an undated article's publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, NamedTuple

from storyline.analyse.claims.attribution import source_of, turn_speakers
from storyline.analyse.claims.counted import (
    NOTHING,
    Counted,
    apposed_age,
    counted_as,
    counted_by,
    counter_of,
    governing_noun,
    role_of,
    subject_of,
)
from storyline.analyse.claims.dating import date_claim, date_cues, mention_key, redate_claims
from storyline.analyse.claims.numbers import NUMBER, counts_nothing, parse_number, qualifier_before, value_of
from storyline.analyse.claims.tokens import token_at
from storyline.analyse.lexicons.claims import CUMULATIVE, MEASURES, RISING
from storyline.model import Article, Claim, DateMention, DatingEvidence, Span, Tally, TotalRule

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = ["extract_claims", "parse_number", "redate_claims"]

_MEASURE_NAMES = frozenset(MEASURES.values())


class _Before(NamedTuple):
    """The last count of the sentences just before, for a bare "the true figure was ..." to refer to."""

    counted: Counted
    span: Span


def extract_claims(article: Article, doc: Doc) -> list[Claim]:
    """Every counting number in ``article.text`` as a Claim (``article.dates`` must already be filled).

    Date mentions that could not be resolved yet (``article.unresolved_dates``, for an undated article)
    are read too: a number inside one is part of a date, and a claim keeps them as evidence to be dated
    by once they are resolved (see ``dating``).
    """
    text = article.text
    turns = turn_speakers(text)
    known = sorted([*article.dates, *article.unresolved_dates], key=lambda m: m.span.start)
    known_starts = [m.span.start for m in known]  # sentences take their mentions by bisection: linear
    breaks = [found.start() for found in re.finditer(r"(?=\n\n)", text)] if turns else []
    resolved = {mention_key(m): m for m in article.dates}
    claims: list[Claim] = []
    earlier: dict[int, Claim] = {}
    last_source: tuple[int, str | None] = (-9, None)
    last_count: tuple[int, _Before | None] = (-9, None)
    for index, sent in enumerate(doc.sents):
        first, last = bisect_left(known_starts, sent.start_char), bisect_left(known_starts, sent.end_char)
        sent_dates = known[first:last]
        carried = last_source[1] if last_source[0] >= index - 1 else None
        before = last_count[1] if last_count[0] >= index - 2 else None
        speaker = turns.get(_paragraph_start(breaks, sent.start_char)) if turns else None
        for match in NUMBER.finditer(text, sent.start_char, sent.end_char):
            found = _claim(article, doc, sent, match, sent_dates, carried, before)
            if found is None:
                continue
            claim, counted = found
            if claim.source is None and speaker:
                claim.source = speaker  # a transcript turn: the speaker says so
            date_claim(claim, resolved, article.published, earlier)
            claims.append(claim)
            earlier[claim.span.start] = claim
            if claim.source:
                last_source = (index, claim.source)
            if claim.unit is None and claim.what not in _MEASURE_NAMES:
                before = _Before(counted, claim.span)
                last_count = (index, before)
    return claims


def _paragraph_start(breaks: list[int], offset: int) -> int:
    """Where the paragraph holding ``offset`` starts, from the positions of every blank line (``"\\n\\n"``,
    overlapping ones included): just after the last that ends at or before ``offset``, else 0."""
    index = bisect_right(breaks, offset - 2) - 1
    return breaks[index] + 2 if index >= 0 else 0


def _claim(
    article: Article,
    doc: Doc,
    sent: SpacySpan,
    match: re.Match[str],
    sent_dates: list[DateMention],
    carried: str | None,
    before: _Before | None = None,
) -> tuple[Claim, Counted] | None:
    """One claim (not yet dated) and what it counts, from a number match; None when the number does not
    count anything.

    ``sent_dates`` are the sentence's date mentions, resolved or not; ``carried`` is the source of the
    sentence before (for "..., it said"); ``before`` the last count of the two sentences before (for "the
    true figure was more than 3,500").
    """
    text = article.text
    start, end = match.span()
    raw = match.group(0)
    end = start + len(raw.rstrip())
    start += len(raw) - len(raw.lstrip())
    if start >= end or counts_nothing(text, start, end, match, sent_dates):
        return None
    value = value_of(match)
    if value is None:
        return None
    qualifier, q_start = qualifier_before(text, start)
    number = token_at(doc, start, end)
    if number is None:
        return None
    cur = match["cur"].strip() if match["cur"] else None
    noun = governing_noun(number)
    if not cur and not match["pct"] and value <= 120 and apposed_age(number, noun):
        return None
    counter, counter_verb = (None, None) if noun is not None or cur else counter_of(number)
    measure_from: Span | None = None
    if counter is not None:
        counted = counted_by(counter, number)
        if counted is None:  # "the true figure was ...": the measure of the count just before
            counted, measure_from = (before.counted, before.span) if before is not None else (NOTHING, None)
    else:
        counted = counted_as(noun, number, cur)
    if match["pct"]:
        counted = Counted("percent", "%")
    if not counted.what:
        return None
    role = role_of(text, q_start, end, counted, number, sent)
    sentence = text[sent.start_char:sent.end_char]
    claim = Claim(
        article=article.id,
        value=value,
        text=text[q_start:end],
        qualifier=qualifier,
        what=counted.what,
        span=Span.of(text, q_start, end),
        source=source_of(number, sent, counter_verb, carried),
        unit=counted.unit,
        role=role,
        subject=subject_of(noun, number) if role == "count" else None,
        tally=_tally(counted),
        dating=DatingEvidence(
            cues=date_cues(number, sent_dates, doc),
            running_total=_running_total_rule(counted, counter, counter_verb, sentence),
            measure_from=measure_from,
        ),
    )
    return claim, counted


def _tally(counted: Counted) -> Tally | None:
    """How figures of this measure at different dates relate (a death count's may change once dated)."""
    if counted.event is None:
        return None
    return "standing" if counted.event == "missing" else "event"


def _running_total_rule(
    counted: Counted, counter: Token | None, counter_verb: Token | None, sentence: str
) -> TotalRule | None:
    """When a death count is a running total (``DatingEvidence.running_total``); None for other counts."""
    if counted.event != "killed":
        return None
    if counter is not None and (
        counter.lemma_.lower() == "toll" or (counter_verb is not None and counter_verb.lemma_ in RISING)
    ):
        return "always"  # "the death toll has risen to 23", "the number of people killed has risen to 19"
    # A death count dated by its report after the event ("the wall gave way late on Thursday, killing at
    # least 12 people, police said on Friday") is the toll as of that day, like one "risen to 19".
    return "unless_day_dated" if CUMULATIVE.search(sentence) else "if_reported_after_event"
