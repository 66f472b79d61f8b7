"""Women's given names read from gender-guesser's dictionary agree with gender-guesser's own detector."""

from __future__ import annotations

import gender_guesser.detector as gender_guesser

from storyline.analyse.given_names import female_given_names, is_female_name


def test_every_name_of_the_dictionary_gets_the_detectors_answer() -> None:
    detector = gender_guesser.Detector(case_sensitive=False)
    wrong = [n for n in detector.names if is_female_name(n) != (detector.get_gender(n) == "female")]
    assert not wrong, wrong[:10]
    assert len(detector.names) > 40_000 and len(female_given_names()) > 10_000


def test_answers_are_case_insensitive_and_only_clear_womens_names_count() -> None:
    assert is_female_name("ANGELA") and is_female_name("angela")
    assert not is_female_name("John")
    assert not is_female_name("Kim")  # "mostly female": often a man's name (or a Korean surname)
    assert not is_female_name("Qwxzv") and not is_female_name("")
