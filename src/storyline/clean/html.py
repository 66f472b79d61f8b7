"""Article text and metadata from an HTML page, through trafilatura (and htmldate for the date).

Why trafilatura: the best published F1 among open extractors, and it reads title, site name and date from
the page's metadata. But what it keeps as the article still holds the furniture printed inside the
article's container: bylines, "59 minutes ago" stamps, "| Home | RSS |" menus, mastheads, copyright lines,
related-story lists. So its output is cleaned again by the plain-text cleaner (``storyline.clean.text``),
the same line classifier (``storyline.clean.lines.boilerplate_kind``) and position rules as for scraped
text, after two repairs of the extraction's form: table rows (trafilatura writes "| cell | cell |", and old
pages lay their whole page out in tables) are split into cells unless the table holds data, and lines kept
hard-wrapped are joined. What that drops keeps its reason ("byline", "dateline", "copyright", ...), and
date stamps stay available to the date finder.

What trafilatura dropped is recovered as ``Removed`` items too (visible text blocks of the page that are not
in the article) with offsets into the HTML, so a user can audit the cut.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from storyline.clean.lines import boilerplate_kind, split_lines, table_cells
from storyline.clean.text import clean_plain_text
from storyline.ingest.reflow import is_hard_wrapped, reflow
from storyline.model import Removed

if TYPE_CHECKING:
    from trafilatura.settings import Document

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "title"}
# Tags that can only sit in a page's body: an unclosed <head> (common on old pages) ends at the first one.
_BODY_START = {
    "body", "div", "p", "table", "h1", "h2", "h3", "span", "a", "img", "center", "font", "form", "ul",
}
_HEAD_TAGS = {"head", "title"}
_WS = re.compile(r"\s+")
_MIN_ARTICLE_CHARS = 40  # below this trafilatura has found a menu or a caption, not an article


@dataclass(slots=True)
class HtmlResult:
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    removed: list[Removed] = field(default_factory=list)


class _TextBlocks(HTMLParser):
    """Visible text nodes of a page with their character offsets in the HTML source."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [match.end() for match in re.finditer(r"\n", source)]
        # Open invisible elements, innermost last. A stack, not a counter: pages leave <head> or
        # <noscript> unclosed, and one missing end tag must not hide the rest of the page.
        self.hidden: list[str] = []
        self.blocks: list[tuple[int, int, str]] = []
        self.source = source

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BODY_START and "head" in self.hidden:
            self.hidden = []  # the body has begun: whatever the head left open is closed
        if tag in _INVISIBLE:
            self.hidden.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BODY_START and "head" in self.hidden:
            self.hidden = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:
            while self.hidden and self.hidden.pop() != tag:
                pass  # elements left open inside it close with it
        elif tag == "head" or (tag in _HEAD_TAGS and "head" in self.hidden):
            self.hidden = [name for name in self.hidden if name not in _HEAD_TAGS]

    def handle_data(self, data: str) -> None:
        if self.hidden or not data.strip():
            return
        start = self._offset()
        end = start + len(data)
        if self.source[start:end] == data:
            self.blocks.append((start, end, data))


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def dropped_blocks(html: str, kept_text: str, reasons: dict[str, str] | None = None) -> list[Removed]:
    """Visible text blocks of ``html`` that do not appear in ``kept_text``.

    ``reasons`` maps the normalised text of lines the classifier dropped from the extraction to their
    reason; a block that is (or lies inside) such a line is removed with that reason, any other block as
    "html-boilerplate" (trafilatura left it out of the article).
    """
    parser = _TextBlocks(html)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # the stdlib parser is lenient; a failure only costs the audit trail
        return []
    kept = _norm(kept_text)
    known = reasons or {}
    removed: list[Removed] = []
    for start, end, data in parser.blocks:
        words = _norm(html_lib.unescape(data))
        if len(words) < 2 or words in kept:
            continue
        leading = len(data) - len(data.lstrip())
        trailing = len(data) - len(data.rstrip())
        reason = known.get(words) or next(
            (why for line, why in known.items() if len(words) >= 8 and words in line), "html-boilerplate"
        )
        removed.append(Removed(start + leading, end - trailing, data.strip(), reason))
    return removed


@dataclass(slots=True)
class _Unit:
    """One line of the extraction as the cleaner sees it; ``table`` marks a row of a data table."""

    text: str
    table: bool = False


_GAP = re.compile(r"[ \t\u00a0]*\t[ \t\u00a0]*|[ \u00a0]{4,}")
_RULE_ROW = re.compile(r"^[|:\-\s]+$")  # a Markdown table's header rule ("|---|---|")
_NUMERIC = re.compile(r"^[\d\s.,:%$€£+/()-]+$")
_TABLE_MIN_ROWS = 3
_WRAP_MIN_CHARS = 40  # a hard-wrapped line reaches the wrap column; a short line is a heading or a label
_WRAP_MAX_CHARS = 100
_OPEN_END = frozenset(
    re.findall(
        r"\w+",
        "a an the and or but of to in on at for from with by as that which who whose than into over under "
        "about after before between their its his her our your this these those is are was were be been "
        "has have had will would could should can may might must not",
    )
)


def _raw_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def _units(text: str) -> list[_Unit]:
    """Lines of an extraction; table rows are split into cells unless the table holds data.

    Why: trafilatura writes table rows as "| cell | cell |", and old pages lay out the whole page in
    tables, putting the byline, the date stamp and the story in cells of one row; each cell must be
    judged alone. A data table (a scorecard, prices: three or more rows of the same width, few empty
    cells) is content and stays one line per row.
    """
    if is_hard_wrapped(text):
        text = reflow(text)  # a wire story in <pre>: the whole extraction is wrapped at one column
    # A run of blanks or tabs inside a line is where a layout put two text nodes side by side (a byline
    # cell and the story cell, "59 minutes ago" and the first paragraph): prose never has one.
    lines = [part.strip() for line in text.splitlines() for part in _GAP.split(line) if part.strip()]
    units: list[_Unit] = []
    i = 0
    while i < len(lines):
        if table_cells(lines[i]) is None:
            units.append(_Unit(lines[i]))
            i += 1
            continue
        j = i
        while j < len(lines) and table_cells(lines[j]) is not None:
            j += 1
        rows = [_raw_cells(line) for line in lines[i:j] if not _RULE_ROW.match(line)]
        widths = Counter(len(row) for row in rows)
        width, count = widths.most_common(1)[0] if widths else (0, 0)
        empty = sum(1 for row in rows for cell in row if not cell)
        cells = sum(len(row) for row in rows)
        data = width >= 2 and count >= _TABLE_MIN_ROWS and count >= 0.8 * len(rows) and empty <= 0.25 * cells
        for row in rows:
            filled = [cell for cell in row if cell]
            numeric = sum(1 for cell in filled if _NUMERIC.match(cell))
            if filled and (data or (len(filled) >= 2 and numeric * 2 >= len(filled))):
                units.append(_Unit(" | ".join(filled), table=True))
            else:
                units.extend(_Unit(cell) for cell in filled)
        i = j
    return _join_wrapped(units)


def _join_wrapped(units: list[_Unit]) -> list[_Unit]:
    """Join lines that trafilatura kept hard-wrapped (a <pre> press release, <br> at the column).

    A line is continued by the next when it is column-length (40 to 100 characters), does not end a
    sentence, and either ends on a word that cannot end a heading ("and", "the", "should") or the next
    line starts in lower case.
    """
    joined: list[_Unit] = []
    piece = ""  # the last original line of joined[-1]
    for unit in units:
        if joined and not unit.table and not joined[-1].table:
            words = piece.split()
            tail = words[-1].lower() if words else ""
            if (
                _WRAP_MIN_CHARS <= len(piece) <= _WRAP_MAX_CHARS
                and len(words) >= 6
                and not piece.endswith((".", "!", "?", ":", ";", '"', "”", "|"))
                and (tail in _OPEN_END or tail.endswith((",", "-")) or unit.text[:1].islower())
                and unit.text[:1].isalnum()
            ):
                glue = "" if tail.endswith("-") and unit.text[:1].islower() else " "
                joined[-1] = _Unit(f"{joined[-1].text}{glue}{unit.text}")
                piece = unit.text
                continue
        joined.append(unit)
        piece = unit.text
    return joined


def filter_boilerplate(units: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Split extracted lines into kept article lines and dropped ``(line, reason)`` pairs.

    The judge is the plain-text cleaner's line classifier alone (no position rules): the fallback when
    the cleaner finds no article in what trafilatura extracted.
    """
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    for line in split_lines("\n".join(units)):
        reason = boilerplate_kind(line)
        if reason is None:
            kept.append(line.text)
        else:
            dropped.append((line.text, reason))
    return kept, dropped


def _clean_units(units: list[_Unit]) -> tuple[list[str], list[tuple[str, str]], str | None]:
    """Run the plain-text cleaner over the extraction's lines: (kept lines, dropped (text, reason), outlet).

    trafilatura found the article's container; the plain-text cleaner then does inside it what it does on
    scraped text: the line classifier (bylines, stamps, menus, copyright) plus its position rules (page
    head above the first paragraph, related-story lists and comment threads below the article). Rows of
    a data table that continue the article stay (the cleaner would call short rows a menu). When the
    cleaner keeps nothing, trafilatura's lines are kept less what the classifier alone condemns.
    """
    # Data tables are set aside while the cleaner reads the prose: their short rows would look like a
    # menu between two paragraphs and split the article into blocks.
    prose = [unit for unit in units if not unit.table]
    joined = "\n\n".join(unit.text for unit in prose)
    result = clean_plain_text(joined)
    if len(result.text) < _MIN_ARTICLE_CHARS:
        return (*filter_boilerplate([unit.text for unit in units]), result.outlet)
    spans = sorted((item.start, item.end, item.reason) for item in result.removed)
    kept_units: list[tuple[_Unit, str]] = []
    dropped: list[tuple[str, str]] = []
    pos = 0
    for unit in units:
        if unit.table:
            kept_units.append((unit, ""))
            continue
        start, end = pos, pos + len(unit.text)
        pos = end + 2
        pieces: list[str] = []
        cursor = start
        reason: str | None = None
        for a, b, why in spans:
            if b <= start or a >= end:
                continue
            if a > cursor:
                pieces.append(joined[cursor:a])
            cursor = max(cursor, b)
            reason = reason or why
        if cursor < end:
            pieces.append(joined[cursor:end])
        text = " ".join(piece.strip() for piece in pieces if piece.strip())
        if reason is not None:
            removed_text = unit.text if not text else unit.text[len(text):].strip() or unit.text
            dropped.append((removed_text, reason))
        kept_units.append((unit, text))
    # A data table belongs to the article when the text line above it is kept.
    kept: list[str] = []
    above_kept = False
    for unit, text in kept_units:
        if unit.table:
            if above_kept:
                text = unit.text
            else:
                dropped.append((unit.text, "related-links"))
        else:
            above_kept = bool(text)
        if text:
            kept.append(text)
    return kept, dropped, result.outlet


def _extract(html: str, url: str | None) -> Document | None:
    """trafilatura's extraction of ``html``, or None when it found no text."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        # Reader comments are not the article; extracting them (trafilatura's default) also pulls whole
        # pages of furniture into the text on some sites.
        include_comments=False,
        include_tables=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        return None
    return document


def clean_html(html: str, url: str | None = None) -> HtmlResult:
    """Extract the article of ``html``; text is empty when the page holds no article.

    A fragment (a feed's ``content:encoded``, a CMS body: ``<p>...</p>`` with no ``<html>``) is read as the
    body of a page when trafilatura rejects it as it is: its sanity check discards any input without
    "html" in its first 50 characters whose parse has fewer than two top-level elements, so a one-paragraph
    article, or one wrapped in a single ``<article>`` or ``<body>``, was lost whole. Removed offsets are
    still computed on ``html`` itself.
    """
    document = _extract(html, url)
    if document is None and "html" not in html[:50].lower():
        document = _extract(f"<html><body>{html}</body></html>", url)
    if document is None:
        return HtmlResult(text="", removed=[])
    units = _units(document.text or "")
    title = (document.title or "").strip() or None
    if title and units:
        # The headline repeated as the first line, or run into the first paragraph of a layout cell.
        first = units[0].text
        if _norm(first) == _norm(title):
            units = units[1:]
        elif not units[0].table and len(title) >= 20 and first.startswith(title):
            units[0] = _Unit(first[len(title):].strip())
    lines, dropped, found_outlet = _clean_units(units)
    text = "\n\n".join(lines)
    if len(text) < _MIN_ARTICLE_CHARS:
        return HtmlResult(text="", title=title, removed=[])
    outlet = (document.sitename or "").strip() or found_outlet
    reasons = {_norm(line): reason for line, reason in dropped}
    return HtmlResult(
        text=text,
        title=title,
        outlet=outlet,
        published=_iso_date(document.date),
        removed=dropped_blocks(html, text, reasons),
    )


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value)
    return match.group(0) if match else None
