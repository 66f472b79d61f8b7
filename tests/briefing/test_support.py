"""The "also in" rule: a passage supports a summary sentence only when it states the same fact."""

from __future__ import annotations

from storyline.briefing import support

SENTENCE = "Mayor Lena Voss and two aides died in March when their helicopter crashed near Harlow Bay."


def test_the_same_fact_in_other_words_supports() -> None:
    passage = "Lena Voss and two of her aides died in March after their helicopter crashed off Harlow Bay."
    assert support.states_same_fact(SENTENCE, passage)


def test_shared_names_alone_do_not_support() -> None:
    assert not support.states_same_fact(
        SENTENCE, "Lena Voss had flown to Harlow Bay twice that winter to open the new ferry terminal."
    )
    assert not support.states_same_fact(
        SENTENCE, "Lena Voss was reported missing on Sunday after her helicopter left Harlow Bay."
    )


def test_a_question_or_an_aside_never_supports() -> None:
    assert not support.states_same_fact(
        SENTENCE, "What kind of licence did the pilot of the helicopter that crashed near Harlow Bay hold?"
    )
    aside = "(Lena Voss and two aides died in March when their helicopter crashed near Harlow Bay.)"
    assert not support.states_same_fact(SENTENCE, aside)
    assert support.is_question_or_aside("two aides died in March.", before=" (")


def test_other_numbers_do_not_support() -> None:
    sentence = "The storm killed 41 people in the coastal villages, officials said on Monday."
    assert support.states_same_fact(
        sentence, "Officials said on Monday the storm killed 41 people in coastal villages."
    )
    assert not support.states_same_fact(
        sentence, "Officials said on Monday the storm killed 12 people in coastal villages."
    )


def test_fact_terms_leave_out_names_and_numbers() -> None:
    terms = support.fact_terms("Yesterday Lena Voss opened 3 new schools in Harlow.")
    assert not any(term.startswith(("lena", "voss", "harlow")) for term in terms)
    assert "3" not in terms and "school" in terms
