"""Sentences of an article, as spans of its cleaned text, each with its paragraph number and verbs.

Why paragraphs matter: a summary must never pick a heading or a caption, and cleaned text keeps one
paragraph per block separated by a blank line, so a sentence never crosses a paragraph boundary here.
Why verbs: the briefing rejects verbless fragments; the tagger already ran as part of this parse, so the
verb offsets are kept on the record instead of tagging the text again downstream.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from storyline.model import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: Penn Treebank tags of verbs and modals.
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})


def paragraph_starts(text: str) -> list[int]:
    """Offsets at which each paragraph of ``text`` starts."""
    return [0] + [match.end() for match in _PARAGRAPH_BREAK.finditer(text)]


def split_sentences(text: str, doc: Doc) -> list[Sentence]:
    """Sentences from spaCy's parse, cut again at paragraph breaks and stripped of outer white space, each
    with the offsets of its verb tokens."""
    starts = paragraph_starts(text)
    verbs = [token.idx for token in doc if token.tag_ in VERB_TAGS]
    breaks = [match.start() for match in _PARAGRAPH_BREAK.finditer(text)]
    sentences: list[Sentence] = []
    for sent in doc.sents:
        pieces = [(sent.start_char, sent.end_char)]
        # the breaks strictly inside the sentence, found by bisection (not every break per sentence)
        first, last = bisect.bisect_right(breaks, sent.start_char), bisect.bisect_left(breaks, sent.end_char)
        for cut in breaks[first:last]:
            start, end = pieces.pop()
            pieces.extend([(start, cut), (cut, end)])
        for start, end in pieces:
            chunk = text[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            begin = start + (len(chunk) - len(chunk.lstrip()))
            finish = begin + len(stripped)
            paragraph = _paragraph_of(starts, begin)
            inside = verbs[bisect.bisect_left(verbs, begin) : bisect.bisect_left(verbs, finish)]
            sentences.append(Sentence(begin, finish, text[begin:finish], paragraph, inside))
    return sentences


def _paragraph_of(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low
