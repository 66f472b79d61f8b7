"""Lines of (reflowed) plain text with the features the boilerplate classifier uses.

Why lines: scraped plain text keeps one block element per line (paragraph, menu item, caption, teaser),
so a line is the natural unit to keep or drop. Features are cheap and language-light, in the spirit of
jusText: length, density of function words, whether the line ends a sentence, capitalisation, bullets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.clean.lexicon import match_kind, normalise
from storyline.clean.metadata import has_date, is_byline, is_date_stamp, is_stamp_line, outlet_line

__all__ = [
    "Line",
    "Quality",
    "boilerplate_kind",
    "boilerplate_lines",
    "is_pipe_menu",
    "sentence_bounds",
    "split_cells",
    "split_lines",
    "table_cells",
]

Quality = str  # "good" | "near" | "short"

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A compact English function-word list: prose is dense in these, menus and headlines are not.
STOPWORDS = _wordset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says would could may might must shall whose since
    though although yet still even ago"""
)

_LONG_LINE = 1000  # characters: a line this long with several sentences is the article's text
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.]*")
_BULLET = re.compile(r"^(?:[•▪●◦·‣∙*]|(?:--|[-–—])(?=\s)|\d{1,2}[.)](?=\s))\s*")
_TERMINAL = re.compile(r"""[.!?:;…]["'”’»)\]]*$|["”]$""")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SENTENCE_BREAK = re.compile(r"""[.!?…]["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")


@dataclass(slots=True)
class Line:
    """One non-blank line: its span in the reflowed text and its features."""

    index: int
    start: int
    end: int
    text: str
    norm: str = ""
    words: int = 0
    chars: int = 0
    stop_density: float = 0.0
    terminal: bool = False
    bullet: bool = False
    sentences: int = 0
    quality: Quality = "short"
    kind: str | None = None  # why the line is dropped (a ``Removed.reason``), None while it is kept
    meta: str | None = None  # metadata the line carries ("dateline", "byline", "title", "outlet", "head")

    @property
    def is_sentence(self) -> bool:
        return self.terminal and self.words >= 3


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one line (a cheap splitter: punctuation, space, capital or digit)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for found in _SENTENCE_BREAK.finditer(text):
        end = found.start() + len(found.group(0).rstrip())
        spans.append((start, end))
        start = found.end()
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return [span for span in spans if span[1] > span[0]]


def _quality(line: Line) -> Quality:
    """jusText-like length/density classes: "good" prose, "near" (could be prose) or "short"."""
    if line.words >= 4:
        dense = line.stop_density >= 0.3
        long_prose = line.chars >= _LONG_LINE and line.stop_density >= 0.1
        if long_prose and len(_SENTENCE_BREAK.findall(line.text)) >= 3:
            # Pages of names and figures (results, listings) are thin in function words, but no menu or
            # teaser runs to several sentences over a thousand characters.
            return "good"
        if line.chars >= 120 and line.stop_density >= 0.25:
            return "good"
        if line.chars >= 60 and dense and line.terminal:
            return "good"
        if line.words >= 8 and dense and line.terminal:
            return "good"
    if line.words >= 3 and line.stop_density >= 0.15 and (line.terminal or line.chars >= 40):
        return "near"
    return "short"


def split_lines(text: str) -> list[Line]:
    """Non-blank lines of ``text`` with features (spans exclude surrounding whitespace)."""
    lines: list[Line] = []
    pos = 0
    for piece in text.split("\n"):
        stripped = piece.strip()
        if stripped:
            start = pos + (len(piece) - len(piece.lstrip()))
            line = Line(len(lines), start, start + len(stripped), stripped)
            _fill(line)
            lines.append(line)
        pos += len(piece) + 1
    return lines


def _fill(line: Line) -> None:
    text = _SPACES.sub(" ", line.text)
    line.norm = normalise(text)
    tokens = _TOKEN.findall(line.norm)
    line.words = len(tokens)
    line.chars = len(text)
    alpha = [tok for tok in tokens if not tok[0].isdigit()]
    line.stop_density = sum(1 for tok in alpha if tok in STOPWORDS) / len(alpha) if alpha else 0.0
    line.terminal = bool(_TERMINAL.search(text))
    line.bullet = bool(_BULLET.match(text)) and line.words >= 1
    line.sentences = len(sentence_bounds(text)) if line.terminal else 0
    line.quality = _quality(line)


def display(text: str) -> str:
    """The text a kept line contributes to the body: single spaces, bullets as "• "."""
    text = _SPACES.sub(" ", text).strip()
    found = _BULLET.match(text)
    if found and found.group(0).strip() in {"•", "▪", "●", "◦", "·", "‣", "∙", "*"}:
        text = "• " + text[found.end():]
    return text


# A cell separator in a one-line menu or a flattened table row: "Home | RSS | Archives", "| a | b |".
_SEPARATOR = re.compile(r"\s*(?:(?<=\s)|^)[|·•»](?:(?=\s)|$)\s*")
_MENU_CELL_WORDS = 5  # a menu entry is a few words; a longer cell is content (a table of prose)
_PROPER_MINUTES = re.compile(r"\b\d+ Minutes\b")
_NUMERIC_CELL = re.compile(r"^[\d.,:%$€£+/-]+$")


def split_cells(text: str) -> list[str]:
    """The non-empty cells of a table row or one-line menu ("| a |  | b |" -> ["a", "b"]).

    A line without separators is one cell. Why: trafilatura renders table rows as "| cell | cell |" and
    old news pages lay the whole article out in tables, so the cell, not the row, is the unit of content.
    """
    return [cell.strip() for cell in _SEPARATOR.split(text.strip()) if cell.strip()]


def table_cells(text: str) -> list[str] | None:
    """The cells of a line that is a table row (it starts or ends with "|"), else None."""
    stripped = text.strip()
    if not (stripped.startswith("|") or stripped.endswith("|")):
        return None
    return split_cells(stripped)


def is_pipe_menu(text: str) -> bool:
    """A one-line menu or empty table row: two or more separators, every cell a few words, no sentence.

    "| Home | RSS | Archives |", "News · Sport · Weather", "|  |  |". A row of numbers (a data table:
    scores, prices) is not a menu.
    """
    stripped = text.strip()
    separators = len(_SEPARATOR.findall(stripped))
    if separators < 2:
        return False
    cells = split_cells(stripped)
    if not cells:
        return True
    numeric = sum(1 for cell in cells if _NUMERIC_CELL.match(cell.replace(" ", "")))
    if len(cells) >= 2 and numeric * 2 >= len(cells):
        return False
    return all(len(_TOKEN.findall(cell)) <= _MENU_CELL_WORDS and not _TERMINAL.search(cell) for cell in cells)


def boilerplate_kind(line: Line) -> str | None:
    """Why a line is boilerplate judged by its own content alone, or None when it may be article text.

    One classifier for every path: the plain-text cleaner starts from it (then adds position rules), the
    HTML cleaner runs it over trafilatura's output, and evaluation counts what it still finds in any
    output. Kinds: the lexicon's (menus, copyright, newsletters, credits, sign-offs, ...), a pipe menu,
    a date/time stamp or relative time ("59 minutes ago") as "dateline", an author line as "byline" (or
    "dateline" when it carries the date), a line that is only an outlet name as "outlet", and a short
    stamp of names and a date ("Westfield Gazette 1/8/08 Ann Roe") as "dateline".
    """
    kind = match_kind(line.norm, line.words)
    if kind == "reading-time" and _PROPER_MINUTES.search(line.text) and "read" not in line.norm:
        kind = None  # "60 Minutes" is a programme's name; a reading time says "min read" or "minutes"
    if kind is not None:
        return kind
    if is_pipe_menu(line.text):
        return "menu"
    if line.quality != "good":
        if is_date_stamp(line.text) or is_stamp_line(line.text):
            return "dateline"
        if is_byline(line.text):
            # "By Jane Doe | March 3, 2008": the date makes it the line the date finder must read.
            return "dateline" if has_date(line.text) else "byline"
        if outlet_line(line.text):
            return "outlet"
    return None


def _table_rows(lines: list[Line]) -> set[int]:
    """Indices of lines in a data table: three or more consecutive lines with the same number of "|"."""
    rows: set[int] = set()
    counts = [line.text.count(" | ") for line in lines]
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and counts[j + 1] == counts[i]:
            j += 1
        if counts[i] >= 1 and j - i + 1 >= _TABLE_ROWS:
            rows.update(range(i, j + 1))
        i = j + 1
    return rows


_TABLE_ROWS = 3


def boilerplate_lines(text: str) -> list[str]:
    """Lines (or table cells) of a cleaned article text that the line classifier calls boilerplate.

    For evaluating any output text, ours or another extractor's: what is returned is a byline, a
    "N minutes ago" or date stamp, a pipe menu, a masthead line, a copyright, share or subscribe line,
    and so on (see ``boilerplate_kind``). A table row ("| By Ann Roe | 2 hours ago |") is judged cell
    by cell, unless the whole row is a menu; rows of a data table (three or more lines with as many
    cells each) are not menus.
    """
    found: list[str] = []
    lines = split_lines(text or "")
    table = _table_rows(lines)
    for line in lines:
        kind = boilerplate_kind(line)
        if kind == "menu" and line.index in table and match_kind(line.norm, line.words) is None:
            kind = None
        if kind is not None:
            found.append(line.text)
            continue
        cells = table_cells(line.text)
        if cells:
            found.extend(cell.text for cell in split_lines("\n".join(cells)) if boilerplate_kind(cell))
    return found
