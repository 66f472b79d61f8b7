"""English stop words, read from a data file that is a kept copy of spaCy's list.

Why a copy and not ``spacy.lang.en.stop_words``: the briefing and relate steps need the list but must not
import spaCy (they work on records, and importing spaCy there hid a second model load). The file is
spaCy's list verbatim; ``tests/grammar/test_stopwords.py`` fails when the installed spaCy's list differs,
and ``python tests/grammar/test_stopwords.py --write`` regenerates it (spaCy is imported only there).
"""

from __future__ import annotations

from importlib import resources

_FILE = "stop_words_en.txt"


def _read() -> frozenset[str]:
    text = resources.files("storyline.grammar").joinpath("data", _FILE).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


#: spaCy's English stop words (lower case; includes a few with apostrophes such as "n't").
STOP_WORDS: frozenset[str] = _read()
