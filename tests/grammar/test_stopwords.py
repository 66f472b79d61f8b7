"""The stop-word file is spaCy's English list, kept in a file so that later steps need not import spaCy.

``python tests/grammar/test_stopwords.py --write`` rewrites the file from the installed spaCy.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

from storyline.grammar.stopwords import STOP_WORDS


def test_the_file_equals_the_installed_spacy_list() -> None:
    assert frozenset(SPACY_STOP_WORDS) == STOP_WORDS


def test_common_function_words_are_stop_words_and_news_words_are_not() -> None:
    assert {"the", "of", "and", "was", "n't"} <= STOP_WORDS
    assert not {"killed", "president", "flood", "minister"} & STOP_WORDS


def _write() -> None:
    from importlib import resources

    import spacy

    path = resources.files("storyline.grammar").joinpath("data", "stop_words_en.txt")
    header = (
        f"# English stop words: spaCy {spacy.__version__}'s list (spacy/lang/en/stop_words.py, MIT\n"
        "# licence), one per line, sorted. Regenerate with\n"
        "# `python tests/grammar/test_stopwords.py --write`; a test checks that this file still equals\n"
        "# the installed spaCy's list.\n"
    )
    with resources.as_file(path) as file:
        file.write_text(header + "\n".join(sorted(SPACY_STOP_WORDS)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    if "--write" in sys.argv:
        _write()
