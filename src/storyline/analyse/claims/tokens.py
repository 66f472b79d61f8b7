"""Two questions about the parse that every part of the claim analyser asks: which token is at a
character span, and which verb a token hangs from."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def token_at(doc: Doc, start: int, end: int) -> Token | None:
    """The last token of the characters ``[start, end)`` (the head word of "2.4 million", "on Friday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[-1]


def verb_of(token: Token) -> Token | None:
    """The nearest verb (or auxiliary) at or above ``token``, not counting participles used as adjectives."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") and current.dep_ != "amod":
            return current
        if current.head is current:
            return None
        current = current.head
    return None
