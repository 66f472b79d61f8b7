"""Article text and metadata from an HTML page, through trafilatura (and htmldate for the date).

Why trafilatura: the best published F1 among open extractors, and it reads title, site name and date from
the page's metadata. What it drops is recovered here as ``Removed`` items (visible text blocks of the page
that are not in the article) with offsets into the HTML, so a user can audit the cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from storyline.model import Removed

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head"}
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
        self.hidden = 0
        self.blocks: list[tuple[int, int, str]] = []
        self.source = source

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.hidden or not data.strip():
            return
        start = self._offset()
        end = start + len(data)
        if self.source[start:end] == data:
            self.blocks.append((start, end, data))


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def dropped_blocks(html: str, kept_text: str) -> list[Removed]:
    """Visible text blocks of ``html`` that do not appear in ``kept_text``."""
    parser = _TextBlocks(html)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # the stdlib parser is lenient; a failure only costs the audit trail
        return []
    kept = _norm(kept_text)
    removed: list[Removed] = []
    for start, end, data in parser.blocks:
        words = _norm(data)
        if len(words) < 2 or words in kept:
            continue
        leading = len(data) - len(data.lstrip())
        trailing = len(data) - len(data.rstrip())
        removed.append(Removed(start + leading, end - trailing, data.strip(), "html-boilerplate"))
    return removed


def clean_html(html: str, url: str | None = None) -> HtmlResult:
    """Extract the article of ``html``; text is empty when the page holds no article."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        return HtmlResult(text="", removed=[])
    lines = [line.strip() for line in (document.text or "").splitlines() if line.strip()]
    title = (document.title or "").strip() or None
    if title and lines and _norm(lines[0]) == _norm(title):
        lines = lines[1:]
    text = "\n\n".join(lines)
    if len(text) < _MIN_ARTICLE_CHARS:
        return HtmlResult(text="", title=title, removed=[])
    outlet = (document.sitename or "").strip() or None
    return HtmlResult(
        text=text,
        title=title,
        outlet=outlet,
        published=_iso_date(document.date),
        removed=dropped_blocks(html, text),
    )


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", value)
    return match.group(0) if match else None
