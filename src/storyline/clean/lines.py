"""Lines of (reflowed) plain text with the features the boilerplate classifier uses.

Why lines: scraped plain text keeps one block element per line (paragraph, menu item, caption, teaser),
so a line is the natural unit to keep or drop. Features are cheap and language-light, in the spirit of
jusText: length, density of function words, whether the line ends a sentence, capitalisation, bullets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.clean.lexicon import normalise

__all__ = ["Line", "Quality", "sentence_bounds", "split_lines"]

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

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.]*")
_BULLET = re.compile(r"^(?:[•▪●◦·‣∙*]|[-–—](?=\s)|\d{1,2}[.)](?=\s))\s*")
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
