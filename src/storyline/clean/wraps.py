"""Join the soft line breaks a scraper copied from the HTML source, so one paragraph is one line again.

Why: a scraper that takes an element's ``text_content()`` keeps the line breaks of the HTML *source*, and
many pages wrap their paragraphs there at 60-80 columns. The cleaner judges lines, and a wrapped
paragraph's pieces look like short lines without closing punctuation: like menu entries or teaser links.
``storyline.ingest.reflow`` undoes wrapping only when nearly the whole text is wrapped at one column;
scraped pages mix wrapped paragraphs with menus, so this works break by break instead, joining a line to
the next only when the break falls plainly inside a sentence:

* the next line starts in lower case ("...a system that allows / wireless storage ..."), or
* the line ends on a dash or a word no sentence ends on ("... allied with the / Government").

Only lines of three words or more that fit a source column (up to 150 characters), are not in Title
Case and are not a signature or a date stamp are joined.

Lines that end a sentence, bullets and pipe menus are never joined, so text with one block a line (what
a careful scraper saves) passes through almost unchanged.

The same flattener glues blocks that the source put on one line ("Email this storyPrint this pageThe
board met ..."): ``split_glued`` cuts there, so that the cleaner can drop the menu and keep the paragraph.
"""

from __future__ import annotations

import re
from array import array

from storyline.clean.lines import is_pipe_menu
from storyline.clean.metadata import has_date, is_byline, is_date_stamp

__all__ = ["join_soft_wraps", "split_glued"]

_ENDS_SENTENCE = re.compile(r"""[.!?:;…]["'”’»)\]]*$|["”]$""")
_BULLET = re.compile(r"^(?:[•▪●◦·‣∙*]|(?:--|[-–—])(?=\s)|\d{1,2}[.)](?=\s))")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_OPEN_PUNCT = ("-", "–", "—", "(", "/", "&")
# Words a sentence cannot end on: articles, prepositions, conjunctions, auxiliaries ("... allied with the").
_OPEN_END = frozenset(
    """a an the and or but nor of to in on at for from with by as that which who whose whom than into
    onto over under about after before between through during against among upon their its his her our
    your my this these those is are was were be been being has have had will would could should can may
    might must shall not very""".split()  # noqa: SIM905 - a word list reads better as prose
)
_SOURCE_COLUMN = 150  # HTML source is wrapped at 60-100 columns: a longer line is a whole block already
_STAMP_WORDS = 12  # a dated line this short is a signature or a stamp, not a sentence running on
_TITLE_CASE = 0.5  # more than this share of capitalised words: a headline or menu entry


def _continues(line: str, after: str) -> bool:
    """Whether the break between ``line`` and the line ``after`` it falls inside a sentence."""
    if _ENDS_SENTENCE.search(line) or _BULLET.match(after) or is_pipe_menu(line) or is_pipe_menu(after):
        return False
    words, next_words = _WORD.findall(line), _WORD.findall(after)
    if len(words) < 3 or not next_words or len(line) > _SOURCE_COLUMN or line == after:
        return False
    if sum(1 for word in words if word[0].isupper()) > _TITLE_CASE * len(words):
        return False  # Title Case: a menu entry or a headline, which a sentence does not run on from
    if is_date_stamp(line) or is_byline(line) or (has_date(line) and len(words) <= _STAMP_WORDS):
        return False  # a signature or time stamp ("Posted by: X on 8:21pm"): what follows is a new block
    first = after[0]
    if "." in after.split()[0] or "@" in after.split()[0]:
        return False  # "tnr.com: ...": an address opens a new item
    if first.islower():
        return len(next_words) >= 2 or bool(_ENDS_SENTENCE.search(after))
    if not (first.isalnum() or first in "\"'“‘("):
        return False
    last = line.split()[-1].lower()  # ("... doubled in 2007" ends on a number, not on "in")
    return last in _OPEN_END or line.endswith(_OPEN_PUNCT)


def join_soft_wraps(text: str) -> tuple[str, array[int] | None]:
    """``text`` with in-sentence line breaks made spaces, and the input offset of each output character.

    The offsets array has one extra entry (the input length), like ``reflow_offsets``; it is None when
    nothing was joined.
    """
    joins: list[tuple[int, int]] = []  # [end of a line's text, start of the next line's text)
    previous: tuple[int, str] | None = None  # end offset and text of the line just above, if not blank
    pos = 0
    for piece in text.split("\n"):
        stripped = piece.strip()
        if stripped:
            start = pos + len(piece) - len(piece.lstrip())
            if previous is not None and _continues(previous[1], stripped):
                joins.append((previous[0], start))
            previous = (start + len(stripped), stripped)
        else:
            previous = None
        pos += len(piece) + 1
    if not joins:
        return text, None
    out: list[str] = []
    offsets: array[int] = array("q")
    cursor = 0
    for end, start in joins:
        out += (text[cursor:end], " ")
        offsets.extend(range(cursor, end + 1))  # the space stands for the line break after ``end``
        cursor = start
    out.append(text[cursor:])
    offsets.extend(range(cursor, len(text) + 1))
    return "".join(out), offsets


# Where a naive flattener glued two blocks together: a word run straight into a capitalised one
# ("...reservesNew York", "Email to a friendPrinter friendly"), or a number into a word ("2008Young").
_GLUE = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])|(?<=[a-z][.!?])(?=[A-Z][a-z])|(?<=\d)(?=[A-Z][a-z]{2})")


def _glued_at(line: str, cut: int) -> bool:
    """Whether the capital at ``cut`` starts a glued block rather than the inner capital of a name.

    Names with inner capitals start with a capital ("PlayStation", "RealClearPolitics"); a lower-case
    word running into a capitalised one ("reservesNew", "friendPrinter") is two blocks glued together.
    A number running into a word ("2008Young") or a sentence end into the next ("said.The") is too.
    """
    start = cut
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    return start == cut or line[start].islower()


def split_glued(text: str) -> tuple[str, array[int] | None, frozenset[int]]:
    """``text`` with a line break at every point where two blocks were glued without a space.

    Returns the text, the input offset of each output character (plus one entry for the input length;
    None when nothing was split) and the output offsets of the inserted breaks: the cleaner judges the
    pieces as lines of their own, and puts two pieces it keeps back together as they were, so a word
    with inner capitals ("PlayStation") that was split comes out whole.
    """
    cuts = [found.start() for found in _GLUE.finditer(text) if _glued_at(text, found.start())]
    if not cuts:
        return text, None, frozenset()
    out: list[str] = []
    offsets: array[int] = array("q")
    breaks: list[int] = []
    cursor = 0
    length = 0
    for cut in cuts:
        out.append(text[cursor:cut])
        offsets.extend(range(cursor, cut))
        length += cut - cursor
        breaks.append(length)
        out.append("\n")
        offsets.append(cut)
        length += 1
        cursor = cut
    out.append(text[cursor:])
    offsets.extend(range(cursor, len(text) + 1))
    return "".join(out), offsets, frozenset(breaks)
