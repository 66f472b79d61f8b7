"""Reporting verbs: one speech list for quote cues, a narrower test of saying, figure sources on both."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from storyline.grammar import reporting
from storyline.grammar.reporting import (
    FIGURE_MAKING_VERBS,
    FIGURE_SOURCE_VERBS,
    SAYING_VERBS,
    SPEECH_VERBS,
    is_speech_cue,
)

# The verbs the claim analyser attributed figures with when it kept its own list: switching it to
# ``FIGURE_SOURCE_VERBS`` must not lose one.
CLAIMS_REPORTING_BEFORE = {
    "say", "tell", "report", "claim", "estimate", "announce", "state", "add", "confirm", "count", "record",
    "document", "put", "write", "insist", "note", "warn", "show", "find", "reveal", "accord", "boast",
    "acknowledge", "admit", "declare", "explain", "argue", "allege", "predict", "tweet", "concede", "stress",
    "brag", "calculate", "tally",
}  # fmt: skip


def test_figure_sources_keep_every_verb_the_claims_used() -> None:
    assert CLAIMS_REPORTING_BEFORE <= FIGURE_SOURCE_VERBS


def test_figure_sources_are_words_of_saying_plus_the_verbs_that_make_figures() -> None:
    assert FIGURE_SOURCE_VERBS - FIGURE_MAKING_VERBS <= SPEECH_VERBS | SAYING_VERBS
    assert not FIGURE_MAKING_VERBS & SPEECH_VERBS  # counting is not speech: "the census counted"
    assert {"say", "report", "estimate", "accord"} <= FIGURE_SOURCE_VERBS


def test_requests_stances_and_insults_source_no_figure() -> None:
    for verb in ("urge", "demand", "endorse", "support", "mock", "praise", "thank"):
        assert verb in SPEECH_VERBS, verb  # a cue for a quote ...
        assert verb not in FIGURE_SOURCE_VERBS, verb  # ... but nobody's figure


def test_speech_cues_are_verbs_and_nouns_of_saying_in_any_case() -> None:
    for word in ("say", "SAY", " warn ", "according", "Remarks", "statement"):
        assert is_speech_cue(word), word
    for word in ("reject", "endorse", "estimate", "believe", "plan", "poll", ""):
        assert not is_speech_cue(word), word


def test_stances_cue_a_quote_but_are_not_speech() -> None:
    stances = {"reject", "endorse", "support", "agree", "blame"}
    assert stances <= SPEECH_VERBS
    assert not any(is_speech_cue(verb) for verb in stances)


def test_the_module_is_a_leaf_of_the_standard_library() -> None:
    tree = ast.parse(Path(reporting.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
