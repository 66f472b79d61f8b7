"""Quotation-mark pairing that survives messy news text.

Why not "every second mark closes": scraped articles mix straight and curly marks, use ``` `` ``` and
``''`` (newswire/PTB style), leave a quote open at the end of a paragraph when it continues in the next
one, and are full of apostrophes (Syria's, countries' borders, '90s). One unbalanced mark must not shift
every later pairing (textacy gives up on the whole document), so marks are paired per line, each mark is
classed as opening or closing by the characters around it, and an opening mark left unclosed at the end
of its line yields a quote to the end of the line, flagged ``closed=False``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

DOUBLE_OPEN = {"\u201c", "\u201e", "\u00ab", "``"}
DOUBLE_CLOSE = {"\u201d", "\u00bb", "''"}
SINGLE_OPEN = {"\u2018", "`"}
SINGLE_AMBIGUOUS = {"\u2019", "'"}
_MARK = re.compile(r"``|''|[\u201c\u201d\u201e\u00ab\u00bb\"\u2018\u2019'`]")
_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:;,") | {""}
_CLOSE_AFTER = set(" \t\n)]}.,;:!?\u2014\u2013-/") | {""}
MAX_SINGLE = 250


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """One quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    single: bool = False


def find_quotations(text: str) -> list[QuoteMarks]:
    """All double-quoted stretches of ``text``, plus single-quoted ones not inside a double quote."""
    found: list[QuoteMarks] = []
    offset = 0
    for line in text.split("\n"):
        doubles = _pair_doubles(line, offset)
        found.extend(doubles)
        found.extend(_pair_singles(line, offset, doubles))
        offset += len(line) + 1
    found.sort(key=lambda quote: quote.start)
    return found


def _pair_doubles(line: str, offset: int) -> list[QuoteMarks]:
    quotes: list[QuoteMarks] = []
    open_at: tuple[int, int] | None = None  # (position, mark length)
    for match in _MARK.finditer(line):
        mark = match.group()
        if mark in SINGLE_OPEN or mark in SINGLE_AMBIGUOUS:
            continue
        pos, size = match.start(), len(mark)
        before = line[pos - 1] if pos > 0 else ""
        after = line[pos + size] if pos + size < len(line) else ""
        misprinted = open_at is not None and before.strip() != "" and (after == "" or after.isspace())
        if mark in DOUBLE_OPEN and misprinted:
            role = "close"  # a misprinted closing mark: 'problems for her here,“ said Jim Clyburn'
        elif mark in DOUBLE_OPEN:
            role = "open"
        elif mark == "''" and open_at is None and before in _OPEN_BEFORE and after not in _CLOSE_AFTER:
            role = "open"  # newswire text that opens with '' as well as closing with it: ''It's nonsense,''
        elif mark in DOUBLE_CLOSE or (
            open_at is not None and (after in _CLOSE_AFTER or before not in _OPEN_BEFORE)
        ):
            role = "close"
        elif before in _OPEN_BEFORE and after not in _CLOSE_AFTER:
            role = "open"
        else:
            role = "close" if open_at is not None else "open"
        if role == "open":
            if open_at is not None:
                # two openings in a row: the first quote was never closed; end it before this one
                quotes.append(_make(line, offset, open_at, pos, 0, closed=False))
            open_at = (pos, size)
        elif open_at is not None:
            quotes.append(_make(line, offset, open_at, pos, size, closed=True))
            open_at = None
        # a closing mark with nothing open is a stray mark: ignored
    if open_at is not None:
        quotes.append(_make(line, offset, open_at, len(line.rstrip()), 0, closed=False))
    return [quote for quote in quotes if quote.inner_end > quote.inner_start]


def _make(
    line: str, offset: int, open_at: tuple[int, int], close: int, size: int, closed: bool
) -> QuoteMarks:
    start, open_size = open_at
    inner_start, inner_end = start + open_size, close
    while inner_end > inner_start and line[inner_end - 1].isspace():
        inner_end -= 1
    return QuoteMarks(offset + start, offset + close + size, offset + inner_start, offset + inner_end, closed)


def _pair_singles(line: str, offset: int, doubles: list[QuoteMarks]) -> list[QuoteMarks]:
    """Single quotes: an opening mark after a space, then the nearest closing mark not inside a word."""
    inside = _Inside([(q.start - offset, q.end - offset) for q in doubles])
    quotes: list[QuoteMarks] = []
    marks = [m for m in _MARK.finditer(line) if m.group() in SINGLE_OPEN or m.group() in SINGLE_AMBIGUOUS]
    used_until = -1
    for index, match in enumerate(marks):
        pos = match.start()
        if pos < used_until or inside(pos):
            continue
        before = line[pos - 1] if pos > 0 else ""
        after = line[pos + 1] if pos + 1 < len(line) else ""
        if (before not in _OPEN_BEFORE and before not in '\u201c"') or not (after.isalnum()):
            continue
        if re.match(r"(?:\d0s|em\b|til\b|n\b)", line[pos + 1 : pos + 5]):
            continue  # '90s, 'em, 'til, rock 'n' roll
        for later in range(index + 1, len(marks)):  # no copy of the rest: a line may hold thousands
            close = marks[later]
            cpos = close.start()
            if cpos - pos > MAX_SINGLE or inside(cpos):
                break
            if close.group() not in SINGLE_AMBIGUOUS:
                continue
            cbefore = line[cpos - 1]
            cafter = line[cpos + 1] if cpos + 1 < len(line) else ""
            if cbefore.isspace() or cafter.isalnum():
                continue  # an apostrophe inside a word (Syria's) or an opening mark
            if cbefore == "s" and cafter == " " and _looks_possessive(line, cpos):
                continue
            quotes.append(QuoteMarks(offset + pos, offset + cpos + 1, offset + pos + 1, offset + cpos))
            used_until = cpos + 1
            break
    return quotes


def _looks_possessive(line: str, pos: int) -> bool:
    """``countries' borders``: a plural possessive is followed by a lower-case noun, a quote end rarely."""
    rest = pos + 1  # where ``line[pos + 1 :].lstrip()`` starts, found without copying the rest of the line
    while rest < len(line) and line[rest].isspace():
        rest += 1
    return rest < len(line) and line[rest].islower() and not _SPEECH_WORD.match(line, rest)


_SPEECH_WORD = re.compile(r"(?:said|says|told|added|he|she)\b")


class _Inside:
    """Whether a position is inside one of a line's double quotations (sorted and disjoint, as paired)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [start for start, _ in spans]
        self.ordered = all(a[1] <= b[0] for a, b in pairwise(spans))

    def __call__(self, pos: int) -> bool:
        if not self.ordered:
            return any(start <= pos < end for start, end in self.spans)
        index = bisect_right(self.starts, pos) - 1
        return index >= 0 and pos < self.spans[index][1]
