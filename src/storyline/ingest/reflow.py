"""Undo hard wrapping in newswire text (lines of ~70 characters) so one paragraph is one line.

Why: the plain-text cleaner judges *lines*. In hard-wrapped copy (DUC/TDT newswire, e-mail digests) a
paragraph's last line is often three words long and would look like a short boilerplate line. Reflowing
first turns each paragraph back into one line.

Detection is deliberately conservative: text is treated as wrapped only when almost every line fits a
narrow column *and* many line breaks fall mid-sentence. Anything else (scraped text with one paragraph per
line, short notes) is returned unchanged, so the function is safe to call on every input.

``reflow_with_map`` also returns, for every character of the output, the offset of the input character
it came from; the cleaner needs this to report removed stretches as offsets into the raw input.
"""

from __future__ import annotations

import itertools
import re
from array import array
from dataclasses import dataclass

__all__ = ["is_hard_wrapped", "reflow", "reflow_offsets", "reflow_with_map"]

_TERMINAL = tuple(".!?:;\"'”’)")
_BULLET = re.compile(r"^\s*(?:[•▪●◦·*\-–—]|\d{1,2}[.)])\s+")
_MIN_LINES = 4


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first character of the line in the input
    end: int  # offset just past the last character (newline excluded)
    text: str  # the line without its newline / carriage return

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" \t\u00a0"))


def _split(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for piece in text.split("\n"):
        end = pos + len(piece)
        body = piece[:-1] if piece.endswith("\r") else piece
        lines.append(_Line(pos, pos + len(body), body))
        pos = end + 1
    return lines


def _column(lines: list[_Line]) -> int:
    """The wrap column: the length most lines reach but do not exceed (90th percentile)."""
    lengths = sorted(len(line.text.rstrip()) for line in lines if line.stripped)
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def is_hard_wrapped(text: str) -> bool:
    """True when ``text`` looks like copy wrapped at a fixed column (with high confidence)."""
    lines = [line for line in _split(text) if line.stripped]
    if len(lines) < _MIN_LINES:
        return False
    width = _column(lines)
    if not 30 <= width <= 100:
        return False
    too_long = sum(1 for line in lines if len(line.text.rstrip()) > width + 15)
    if too_long > max(1, len(lines) // 20):
        return False
    # Breaks that fall mid-sentence: the line is near the column and does not end a sentence.
    all_lines = _split(text)
    mid = 0
    candidates = 0
    for here, nxt in itertools.pairwise(all_lines):
        if not here.stripped or not nxt.stripped:
            continue
        candidates += 1
        near_column = len(here.text.rstrip()) >= 0.6 * width
        if near_column and not here.stripped.endswith(_TERMINAL):
            mid += 1
    return candidates >= 3 and mid >= 0.3 * candidates


def _paragraph_breaks(lines: list[_Line], width: int) -> set[int]:
    """Indices ``i`` such that a new paragraph starts at non-blank line ``i``."""
    nonblank = [line for line in lines if line.stripped]
    indents = [line.indent for line in nonblank]
    # Indentation marks paragraphs only when some lines are indented more than the common continuation.
    base = min(indents) if indents else 0
    indented_share = sum(1 for value in indents if value > base) / max(1, len(indents))
    indentation_marks = 0 < indented_share < 0.7
    starts: set[int] = set()
    previous: _Line | None = None
    for index, line in enumerate(lines):
        if not line.stripped:
            previous = None
            continue
        if previous is None or (indentation_marks and line.indent > base) or _BULLET.match(line.text):
            starts.add(index)
        elif len(previous.text.rstrip()) < 0.5 * width and previous.stripped.endswith(_TERMINAL):
            starts.add(index)  # a short line that ends a sentence ends its paragraph
        previous = line
    return starts


def reflow_with_map(text: str) -> tuple[str, list[int]]:
    """Reflow ``text``; also return ``offsets`` with ``offsets[i]`` = input offset of output char ``i``.

    ``offsets`` has one extra entry at the end (the input length) so that an output span ``[a, b)`` maps
    to the input span ``[offsets[a], offsets[b - 1] + 1)``.
    """
    flowed, offsets = reflow_offsets(text)
    return flowed, ([*range(len(text)), len(text)] if offsets is None else offsets.tolist())


def reflow_offsets(text: str) -> tuple[str, array[int] | None]:
    """Like ``reflow_with_map`` but compact: offsets as an ``array``, or None when text is unchanged.

    The cleaner keeps many documents in memory at once (``clean_corpus``); a list of Python ints per
    character would cost ~36 bytes a character, an array 8, and unchanged text needs no map at all.
    """
    if not is_hard_wrapped(text):
        return text, None
    lines = _split(text)
    width = _column([line for line in lines if line.stripped])
    starts = _paragraph_breaks(lines, width)
    out: list[str] = []
    offsets: array[int] = array("q")
    for index, line in enumerate(lines):
        if not line.stripped:
            continue
        lead = line.indent
        body = line.text.strip(" \t\u00a0")
        first = line.start + lead
        if out:
            if index in starts:
                out.append("\n\n")
                offsets.extend((line.start - 1, line.start - 1))
            else:
                out.append(" ")
                offsets.append(line.start - 1)
        out.append(body)
        offsets.extend(range(first, first + len(body)))
    offsets.append(len(text))
    return "".join(out), offsets


def reflow(text: str) -> str:
    """Return ``text`` with hard-wrapped paragraphs joined into one line each (unchanged if not wrapped).

    Paragraphs of wrapped text are separated by one blank line; their indentation is dropped.
    """
    return reflow_offsets(text)[0]
