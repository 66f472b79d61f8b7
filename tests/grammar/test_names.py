"""Name folding: one person written many ways gets one key."""

from __future__ import annotations

import pytest

from storyline.grammar.names import fold, surname_of, title_case_word


def test_fold_drops_accents_case_curly_apostrophes_and_extra_space() -> None:
    assert fold("Alain JUPPÉ") == "alain juppe"
    assert fold("  Ségolène\n  Royal ") == "segolene royal"
    assert fold("O\u2019Brien") == "o'brien"


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("Bashar al-Assad", "assad"),
        ("AL-ASSAD", "assad"),
        ("Farouk ash-Shara", "shara"),
        ("Alain Juppé", "juppe"),
        ("Martin Luther King Jr.", "king"),
        ("Henry Ford III", "ford"),
        ("Juppe,", "juppe"),
        ("al-", "al-"),  # a particle alone is not stripped to nothing
        ("", ""),
        ("Jr.", ""),
    ],
)
def test_surname_of_skips_particles_and_suffixes(name: str, surname: str) -> None:
    assert surname_of(name) == surname


def test_title_case_word_keeps_particles_lower_and_capitalises_each_part() -> None:
    assert title_case_word("AL-ASSAD") == "al-Assad"
    assert title_case_word("EL-SISI") == "el-Sisi"
    assert title_case_word("O'BRIEN") == "O'Brien"
    assert title_case_word("SMITH-JONES") == "Smith-Jones"
    assert title_case_word("BEARDSLEY") == "Beardsley"
