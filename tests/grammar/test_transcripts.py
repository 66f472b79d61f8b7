"""Transcript speaker labels: the three patterns and what each accepts.

The cases of ``LEADING_SPEAKER_LABEL`` are what ``briefing.filters`` (``_SPEAKER_LABEL``) and
``briefing.timeline`` (``_SPEAKER``) cut from a sentence; those of ``TRANSCRIPT_TURN`` what
``analyse.claims`` (``_TURN``) took as a paragraph's speaker.
"""

from __future__ import annotations

import pytest

from storyline.grammar.transcripts import (
    LEADING_SPEAKER_LABEL,
    TRANSCRIPT_LABEL,
    TRANSCRIPT_TURN,
    transcript_labels,
)

# ------------------------------------------------------------------------------ transcript_labels


def test_labels_give_title_case_names_roles_and_offsets() -> None:
    text = "Intro line.\nELEANOR BEARDSLEY, BYLINE: It was busy.\n  AL-ASSAD: No.\nO\u2019BRIEN: Yes."
    labels = transcript_labels(text)
    assert [(name, role) for _, _, name, role in labels] == [
        ("Eleanor Beardsley", "byline"),
        ("al-Assad", ""),
        ("O\u2019Brien", ""),
    ]
    start, end, _, _ = labels[1]
    assert text[start:end] == "AL-ASSAD"  # leading blanks are not part of the name


@pytest.mark.parametrize(
    "text",
    [
        "NOTE: The story was updated.",  # a generic word
        "Q: Why now?",  # one letter
        "FIX IS IN: The vote was rigged.",  # a headline kicker
        "WHY IT MATTERS: Prices rise.",
        "BEARDSLEY:\nIt was busy.",  # the colon ends the line
        "Beardsley: It was busy.",  # not upper case
        "in the text BEARDSLEY: mid-line",  # not at a line start
    ],
)
def test_labels_that_name_no_speaker_are_skipped(text: str) -> None:
    assert transcript_labels(text) == []


def test_transcript_label_takes_one_letter_words_the_others_do_not() -> None:
    assert TRANSCRIPT_LABEL.search("Q: Why now?") is not None
    assert LEADING_SPEAKER_LABEL.match("Q: Why now?") is None
    assert TRANSCRIPT_TURN.match("Q: Why now?") is None


# ---------------------------------------------------------------------- LEADING_SPEAKER_LABEL


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("BEARDSLEY: It was busy.", "BEARDSLEY: "),
        ("HILLARY CLINTON:  We will act.", "HILLARY CLINTON:  "),
        ("ELEANOR BEARDSLEY, BYLINE: It was busy.", "ELEANOR BEARDSLEY, BYLINE: "),
        ("JOHN SMITH, U.S. ENVOY: Talks go on.", "JOHN SMITH, U.S. ENVOY: "),
        ("O\u2019BRIEN: Yes.", "O\u2019BRIEN: "),
        ("(UNIDENTIFIED MAN): Get out!", "(UNIDENTIFIED MAN): "),
        ("BEARDSLEY:\nIt was busy.", "BEARDSLEY:\n"),
        ("ONE TWO THREE FOUR FIVE: text", "ONE TWO THREE FOUR FIVE: "),
    ],
)
def test_leading_label_is_cut_from_a_sentence(sentence: str, label: str) -> None:
    match = LEADING_SPEAKER_LABEL.match(sentence)
    assert match is not None and match.group() == label


@pytest.mark.parametrize(
    "sentence",
    [
        "ONE TWO THREE FOUR FIVE SIX: too many words",
        "Beardsley: not upper case",
        "A: one-letter word",
        "The BEARDSLEY: not at the start",
        "BEARDSLEY:no space",
        "(unidentified man): lower case",
    ],
)
def test_leading_label_needs_upper_case_words_at_the_start(sentence: str) -> None:
    assert LEADING_SPEAKER_LABEL.match(sentence) is None


# --------------------------------------------------------------------------- TRANSCRIPT_TURN


def test_turn_gives_the_name_and_role_of_a_paragraph_speaker() -> None:
    text = "Intro.\n\nELEANOR BEARDSLEY, BYLINE: It was busy.\n\nDANIEL MERCER: Twelve people have left."
    first = TRANSCRIPT_TURN.match(text, text.index("ELEANOR"))
    second = TRANSCRIPT_TURN.match(text, text.index("DANIEL"))
    assert first is not None and (first["name"], first["role"]) == ("ELEANOR BEARDSLEY", "BYLINE")
    assert second is not None and (second["name"], second["role"]) == ("DANIEL MERCER", None)


@pytest.mark.parametrize(
    ("paragraph", "name", "role"),
    [
        ("LAHORE:\nA bomb went off.", "LAHORE", None),  # a line break after the colon
        (
            "JOHN SMITH, SECRETARY OF STATE OF THE UNITED STATES: No.",
            "JOHN SMITH",
            "SECRETARY OF STATE OF THE UNITED STATES",
        ),
        ("JOHN SMITH, A REPORTER: No.", "JOHN SMITH", "A REPORTER"),
        ("O\u2019BRIEN: Yes.", "O\u2019BRIEN", None),
    ],
)
def test_turn_accepts(paragraph: str, name: str, role: str | None) -> None:
    match = TRANSCRIPT_TURN.match(paragraph)
    assert match is not None and (match["name"], match["role"]) == (name, role)


@pytest.mark.parametrize(
    "paragraph",
    [
        "JOHN SMITH, U.S. ENVOY: a full stop in the role",
        "ONE TWO THREE FOUR FIVE: five name words",
        "JOHN  SMITH: two spaces",
        "(UNIDENTIFIED MAN): a description",
        "Smith: lower case",
    ],
)
def test_turn_rejects(paragraph: str) -> None:
    assert TRANSCRIPT_TURN.match(paragraph) is None
