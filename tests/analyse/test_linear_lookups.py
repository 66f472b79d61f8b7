"""The analysis's indexed lookups answer exactly as the scans they replaced (issue 11: long articles).

Each lookup that used to walk the whole text, every mention or every cue per question (and so made a long
article quadratic) is compared here with that walk, written out plainly, on generated inputs: random but
seeded, with the ties, overlaps and edge offsets where an index could go wrong.
"""

from __future__ import annotations

import random
import re

import pytest

from storyline.analyse.claims import _paragraph_start
from storyline.analyse.claims.attribution import _entities_within
from storyline.analyse.entities import EntityIndex, _LowerCaseUse, _one_person_near, _Timelines, entity_at
from storyline.analyse.nlp import get_nlp
from storyline.analyse.quotes import _Mentions, _nested, _Regions, _widen
from storyline.analyse.quotes.cues import Cue
from storyline.analyse.quotes.headlines import is_headline_line
from storyline.analyse.quotes.lines import Lines
from storyline.analyse.quotes.marks import _Inside, _looks_possessive, find_quotations
from storyline.model import Entity, Span


def _text(rng: random.Random, size: int) -> str:
    pieces = ["word", "Name", " ", " ", "\n", "\n\n", ".", ":", "\u201c", "\u201d", "'", '"', "a b c"]
    return "".join(rng.choice(pieces) for _ in range(size))


def _entities(rng: random.Random, length: int, count: int) -> list[Entity]:
    entities = []
    for number in range(count):
        mentions = []
        for _ in range(rng.randint(1, 6)):
            start = rng.randrange(length)
            size = rng.choice([1, 3, 8, 20, 100])  # a few longer than the index's short mentions
            mentions.append(Span(start, min(length, start + size), "x"))
        if rng.random() < 0.7:
            mentions.sort(key=lambda m: (m.start, m.end))
        label = rng.choice(["PERSON", "ORG", "GPE"])
        entities.append(Entity(f"e{number}", f"n{number}", label, f"k{number % 5}", mentions))
    return entities


# ------------------------------------------------------------------------------------------------- lines


def test_line_bounds_are_those_of_rfind_and_find() -> None:
    rng = random.Random(1)
    for _ in range(30):
        text = _text(rng, rng.randint(0, 60))
        lines = Lines(text)
        for offset in range(len(text) + 1):
            assert lines.start(offset) == text.rfind("\n", 0, offset) + 1
            end = text.find("\n", offset)
            assert lines.end(offset) == (len(text) if end < 0 else end)
            stripped = len(text[lines.start(offset) : lines.end(offset)].strip())
            assert lines.stripped_length(lines.start(offset), lines.end(offset)) == stripped
            assert is_headline_line(text, offset, lines) == is_headline_line(text, offset)


# ---------------------------------------------------------------------------------------------- entities


def test_the_entity_index_finds_what_entity_at_finds_ties_and_long_mentions_included() -> None:
    rng = random.Random(2)
    for _ in range(40):
        entities = _entities(rng, 300, rng.randint(0, 12))
        every, named = EntityIndex(entities), EntityIndex(entities, ("PERSON", "ORG"))
        named_list = [e for e in entities if e.label in ("PERSON", "ORG")]
        for _ in range(60):
            start = rng.randrange(-5, 305)
            end = start + rng.choice([0, 1, 2, 5, 30, -1])
            assert every.at(start, end) is entity_at(entities, start, end)
            assert named.at(start, end) is entity_at(named_list, start, end)
            low, high = start, max(start, end)
            expected = [(e, m) for e in named_list for m in e.mentions if low <= m.start < high]
            assert named.starting_in(low, high) == expected


def test_widening_a_speaker_over_sorted_mentions_is_the_walk_through_all_of_them() -> None:
    rng = random.Random(3)
    for _ in range(300):
        (entity,) = _entities(rng, 200, 1)
        entity.mentions = sorted(entity.mentions, key=lambda m: m.start)
        mentions = _Mentions(entity.mentions)
        start = rng.randrange(200)
        end = start + rng.randint(0, 30)
        assert mentions.widen(start, end, 60) == _widen(entity.mentions, start, end, 60)
        overlapping = [m for m in entity.mentions if m.start < end and start < m.end]
        assert sorted(map(id, mentions.overlapping(start, end))) == sorted(map(id, overlapping))


def test_lower_case_use_is_the_whole_word_search_of_the_text() -> None:
    text = "The risky recipes were risky. Kestrel-bay boats; the new port and Port Selwyn."
    use = _LowerCaseUse(text)
    names = ["Risky Recipes", "Kestrel-Bay", "New Port", "Port Selwyn", "Risky Recipe", "Ew Port", "A Risky"]
    for name in names:
        lower = name.lower()
        expected = lower in text and re.search(r"\b" + re.escape(lower) + r"\b", text) is not None
        assert use(lower) is expected, name


def test_one_person_near_is_the_count_over_the_whole_timeline() -> None:
    rng = random.Random(4)
    for _ in range(200):
        timeline = []
        sentence = 0
        for offset in range(0, rng.randint(1, 200), 3):
            sentence += rng.random() < 0.3
            recorded = 0 if rng.random() < 0.05 else sentence  # no token found: placed in sentence 0
            timeline.append((offset, recorded, rng.randrange(4), rng.random() < 0.5))
        timeline.sort()
        offset = rng.randrange(0, 210)
        here = rng.randint(0, sentence + 1)
        people = {item[2] for item in timeline if item[0] < offset and here - item[1] <= 1}
        assert _one_person_near(timeline, offset, here) is (len(people) == 1)
        ours = _Timelines(timeline)
        chosen = frozenset(rng.sample(range(4), rng.randint(1, 4)))
        bound = (offset, -1, -1, False)
        before = [item for item in timeline if item < bound and item[2] in chosen]
        assert ours.last_before(chosen, bound) == (before[-1] if before else None)


# ------------------------------------------------------------------------------------------------ quotes


def test_the_first_claimed_region_overlapping_a_range_is_the_least_start_among_all() -> None:
    rng = random.Random(5)
    for _ in range(200):
        starts = [rng.randrange(200) for _ in range(rng.randint(0, 15))]
        regions = [(start, start + rng.randint(0, 40)) for start in starts]
        index = _Regions(regions)
        for _ in range(20):
            start = rng.randrange(210)
            end = start + rng.randint(0, 50)
            overlapping = [s for s, e in regions if s < end and start < e]
            assert index.first_overlapping(start, end) == (min(overlapping) if overlapping else None)
            assert index.end_around(start) == max([start] + [e for s, e in regions if s < start < e])


def _reference_nested(cues: list[Cue]) -> set[int]:
    inside: set[int] = set()
    spans = [(min(c.content), max(c.content)) if c.content else (-1, -2) for c in cues]
    for index, cue in enumerate(cues):
        if cue.according:
            continue
        position = cue.tokens[0]
        for other, (low, high) in enumerate(spans):
            stronger = cues[other].strength >= cue.strength or cues[other].according
            if other != index and low <= position <= high and stronger:
                inside.add(index)
                break
    return inside


def test_nested_cues_are_those_the_pairwise_comparison_finds() -> None:
    rng = random.Random(6)
    for _ in range(300):
        cues = []
        for _ in range(rng.randint(0, 12)):
            first = rng.randrange(60)
            content = sorted(rng.sample(range(60), rng.randint(0, 6)))
            cues.append(
                Cue([first], [first], first, content, rng.choice([1.0, 0.6, 0.36]), rng.random() < 0.15)
            )
        assert _nested(cues) == _reference_nested(cues)


def _reference_looks_possessive(line: str, pos: int) -> bool:
    rest = line[pos + 1 :].lstrip()
    return bool(rest) and rest[0].islower() and not re.match(r"(?:said|says|told|added|he|she)\b", rest)


def test_mark_helpers_answer_as_the_copies_they_replaced() -> None:
    line = "the countries' borders, the ministers'  said, the boys'\tHe, the girls' saidx x'"
    for pos in [i for i, char in enumerate(line) if char == "'"]:
        assert _looks_possessive(line, pos) is _reference_looks_possessive(line, pos)
    rng = random.Random(7)
    for _ in range(100):
        cuts = sorted(rng.sample(range(100), 2 * rng.randint(0, 5)))
        spans = list(zip(cuts[::2], cuts[1::2], strict=True))
        inside = _Inside(spans)
        for pos in range(-1, 102):
            assert inside(pos) is any(s <= pos < e for s, e in spans)


def test_quotations_of_one_long_line_are_those_of_its_pieces_on_lines_of_their_own() -> None:
    """Pairing is per line, and these sentences close every mark they open, so a line of 200 of them
    pairs as each sentence alone: the same quotations, shifted."""
    sentence = "Aides said \u201cwe will rebuild\u201d and \u2018soon\u2019 on Monday, the aide's boss said. "
    alone = find_quotations(sentence)
    assert len(alone) == 2
    quotes = find_quotations(sentence * 200)
    shift = len(sentence)
    expected = [
        (q.start + n * shift, q.end + n * shift, q.inner_start + n * shift, q.closed, q.single)
        for n in range(200)
        for q in alone
    ]
    assert [(q.start, q.end, q.inner_start, q.closed, q.single) for q in quotes] == expected


# ------------------------------------------------------------------------------------------------ claims


def test_paragraph_start_is_that_of_rfind() -> None:
    rng = random.Random(8)
    for _ in range(50):
        text = _text(rng, rng.randint(0, 50))
        breaks = [found.start() for found in re.finditer(r"(?=\n\n)", text)]
        for offset in range(len(text) + 1):
            paragraph = text.rfind("\n\n", 0, offset)
            assert _paragraph_start(breaks, offset) == (paragraph + 2 if paragraph >= 0 else 0)


@pytest.mark.parametrize("label", ["ORG", "PERSON", "GPE"])
def test_entities_within_a_phrase_are_those_of_doc_ents(label: str) -> None:
    doc = get_nlp()(
        "Ana Kerr of the Harbour Council and the Wenlow Water Board met Felix Quint, head of Quint Holdings, "
        "in Port Selwyn on Monday, as the Kestrel Bay Ferry Company and Ada Morrow of Ardmoor looked on."
    )
    for first in range(len(doc)):
        for last in range(first, len(doc), 3):
            ents = [e for e in doc.ents if e.label_ == label]
            expected = [e.text for e in ents if first <= e.start and e.end - 1 <= last]
            assert _entities_within(doc, first, last, label) == expected
