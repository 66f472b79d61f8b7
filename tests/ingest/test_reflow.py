"""Reflowing hard-wrapped newswire: one line per paragraph, offsets back into the input."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from storyline.ingest.reflow import is_hard_wrapped, reflow, reflow_with_map

WRAPPED_BLANK_LINES = """\tLISBON (WNS) -- Ferry crews on the Tagus walked out on Monday in a
dispute over night-shift pay, leaving thousands of commuters to find
other ways across the river.

\tThe union said the strike would last three days unless the operator
returned to talks.

\t``We are ready to talk tomorrow,'' a union spokesman said.
"""

WRAPPED_INDENTED = """   BERLIN (WNS) _ The city's transport authority said Thursday that it
would add night buses on six routes from next month, after a trial
on two routes drew more riders than expected.
   The authority said the extra buses would cost about 2 million euros
a year.
   Passenger groups welcomed the plan but said the timetable was still
too thin outside the centre.
"""

SCRAPED = """Skip to main content
Ferry crews strike on the Tagus

Ferry crews on the Tagus walked out on Monday in a dispute over night-shift pay, leaving thousands of \
commuters to find other ways across the river.
Short line.
"""


def _check_map(text: str) -> None:
    out, offsets = reflow_with_map(text)
    assert len(offsets) == len(out) + 1
    assert offsets[-1] == len(text)
    for index, char in enumerate(out):
        if not char.isspace():
            assert text[offsets[index]] == char
    assert offsets == sorted(offsets)


def test_blank_line_paragraphs_become_one_line_each() -> None:
    assert is_hard_wrapped(WRAPPED_BLANK_LINES)
    assert reflow(WRAPPED_BLANK_LINES).split("\n\n") == [
        "LISBON (WNS) -- Ferry crews on the Tagus walked out on Monday in a dispute over night-shift pay, "
        "leaving thousands of commuters to find other ways across the river.",
        "The union said the strike would last three days unless the operator returned to talks.",
        "``We are ready to talk tomorrow,'' a union spokesman said.",
    ]
    _check_map(WRAPPED_BLANK_LINES)


def test_indentation_marks_paragraphs_without_blank_lines() -> None:
    paragraphs = reflow(WRAPPED_INDENTED).split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1] == "The authority said the extra buses would cost about 2 million euros a year."
    _check_map(WRAPPED_INDENTED)


@pytest.mark.parametrize("text", [SCRAPED, "", "one line", "a\nb\nc\nd\ne", "x" * 300 + "\n" + "y" * 300])
def test_text_that_is_not_hard_wrapped_is_unchanged(text: str) -> None:
    assert not is_hard_wrapped(text)
    assert reflow(text) == text
    _check_map(text)


def test_windows_line_endings() -> None:
    text = WRAPPED_BLANK_LINES.replace("\n", "\r\n")
    assert reflow(text) == reflow(WRAPPED_BLANK_LINES)
    _check_map(text)


@pytest.mark.slow
def test_duc_newswire_is_reflowed(seeds_dir: Path) -> None:
    path = seeds_dir.parent / "mds" / "duc2007-main-dev23.jsonl"
    with path.open(encoding="utf-8") as handle:
        documents = [doc for line in list(handle)[:4] for doc in json.loads(line)["documents"]]
    wrapped = [doc for doc in documents if len(doc) > 800]
    assert sum(is_hard_wrapped(doc) for doc in wrapped) >= 0.95 * len(wrapped)
    mid_sentence = total = 0
    for doc in wrapped:
        _check_map(doc)
        paragraphs = reflow(doc).split("\n\n")
        assert all("\n" not in paragraph for paragraph in paragraphs)
        for here, nxt in itertools.pairwise(paragraphs):
            total += 1
            # A paragraph break inside a sentence: no closing punctuation and a lower-case continuation.
            if not here.rstrip().endswith((".", '"', "'", "?", "!", ":", ")")) and nxt[:1].islower():
                mid_sentence += 1
    assert total > 100
    assert mid_sentence <= 0.02 * total
