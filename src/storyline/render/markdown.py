"""A Brief as Markdown (CommonMark + GitHub's raw-HTML anchors and ``<details>``).

Why this shape: citation markers are article numbers (``[1]``) like footnotes in a printed briefing, and
each marker links to a passage anchor ``#a1-120-245`` listed under its article with the offsets, so the
Markdown carries the same citations as the JSON. Everything taken from articles is escaped: a headline
containing ``#``, ``|`` or ``<script>`` must not change the document's structure.

``terminal_markdown`` is the same briefing without raw HTML and full texts, for Rich in a terminal, where
anchors cannot be followed and a thousand lines of article text would bury the briefing.
"""

from __future__ import annotations

import re

from storyline.model import Article, Brief, Citation, Claim, Quote
from storyline.render.common import (
    EMPTY,
    PROVENANCE,
    ArticleIndex,
    Mark,
    Passage,
    brief_title,
    carriers,
    cited_marks,
    date_range,
    format_date,
    format_datetime,
    format_value,
    is_web_url,
    kind_label,
    quote_text,
    speaker_groups,
    timeline_notes,
)

_ACTIVE = re.compile(r"([\\`*_\[\]{}<>#|~&!$])")
_LINE_START = re.compile(r"^(\s*)(?:([-+=>])|(\d+)([.)]))")
SECTIONS = ("Summary", "Timeline", "Quotes", "Claims", "Disagreements", "Articles")


def _escape_chars(text: str) -> str:
    return _ACTIVE.sub(r"\\\1", text)


def _escape_block_start(line: str) -> str:
    """Neutralise a list, quote or setext marker at the start of a line ("- x", "1. x", "> x")."""

    def fix(match: re.Match[str]) -> str:
        indent, symbol, digits, dot = match.groups()
        return f"{indent}\\{symbol}" if symbol else f"{indent}{digits}\\{dot}"

    return _LINE_START.sub(fix, line)


def escape(text: str | None) -> str:
    """Escape Markdown-active characters in one line of untrusted text (newlines become spaces)."""
    return _escape_block_start(_escape_chars(" ".join((text or "").split())))


class _Writer:
    """Builds one Markdown document; ``html`` switches anchors, ``<details>`` and full texts on."""

    def __init__(self, brief: Brief, *, html: bool) -> None:
        self.brief = brief
        self.html = html
        self.index = ArticleIndex(brief)
        self.marks = cited_marks(brief, self.index)
        self.lines: list[str] = []

    def out(self, *lines: str) -> None:
        self.lines.extend(lines)

    def marker(self, passage: Passage | None, article_id: str) -> str:
        """``[1]`` linked to the passage anchor, with the outlet and offsets as the link title."""
        if passage is None:
            number = self.index.number(article_id)
            return f"\\[{number}\\]" if number else "\\[?\\]"
        if not self.html:
            return f"\\[{passage.number}\\]"
        outlet = self.index.outlet(passage.article.id)
        where = f"{outlet}, characters {passage.start}–{passage.end}"
        title = _escape_chars(where).replace('"', '\\"')
        return f'[\\[{passage.number}\\]](#{passage.id} "{title}")'

    def citations(self, citations: list[Citation]) -> str:
        return "".join(
            self.marker(self.index.passage(c.article, c.start, c.end), c.article) for c in citations
        )

    def claim_marker(self, claim: Claim) -> str:
        passage = self.index.passage(claim.article, claim.span.start, claim.span.end)
        return self.marker(passage, claim.article)

    def document(self) -> str:
        brief = self.brief
        self.out(f"# {escape(brief_title(brief))}", "")
        outlets = {self.index.outlet(article.id) for article in brief.articles}
        meta = f"Briefing from {len(brief.articles)} article(s) by {len(outlets)} outlet(s)"
        span = date_range(brief)
        self.out(f"*{meta}{', published ' + span if span else ''}.*", "")
        for warning in brief.warnings:
            self.out(f"> **Warning:** {escape(warning)}", "")
        if self.html:
            self.out(" · ".join(f"[{name}](#{name.lower()})" for name in SECTIONS), "")
        self.summary()
        self.timeline()
        self.quotes()
        self.claims()
        self.disagreements()
        self.articles()
        return "\n".join(self.lines).rstrip() + "\n"

    def section(self, name: str) -> None:
        self.out(f"## {name}", "")

    def summary(self) -> None:
        self.section("Summary")
        if self.brief.since:
            self.out(f"*What is new since {escape(format_date(self.brief.since))}.*", "")
        if not self.brief.summary:
            self.out(EMPTY["summary"], "")
        for sentence in self.brief.summary:
            marker = f"*Background ({escape(sentence.background)}):* " if sentence.background else ""
            marker += "*Undated source:* " if sentence.undated else ""
            self.out(f"{marker}{escape(sentence.text)} {self.citations(sentence.citations)}".rstrip(), "")

    def timeline(self) -> None:
        self.section("Timeline")
        if not self.brief.timeline:
            self.out(EMPTY["timeline"], "")
        for entry in self.brief.timeline:
            when = format_date(entry.date, entry.granularity)
            notes = timeline_notes(entry)
            note = f" *({', '.join(notes)})*" if notes else ""
            cites = self.citations(entry.citations)
            self.out(f"- **{escape(when)}**{note} — {escape(entry.text)} {cites}".rstrip())
        self.out("")

    def quotes(self) -> None:
        self.section("Quotes")
        if not self.brief.quotes:
            self.out(EMPTY["quotes"], "")
        for group in speaker_groups(self.brief):
            self.out(f"### {escape(group.name)}", "")
            for quote in group.quotes:
                self.out(self.quote_line(quote))
            self.out("")

    def quote_line(self, quote: Quote) -> str:
        # reported speech is the outlet's paraphrase: no quotation marks, which would make it verbatim
        marks = ("", "") if quote.kind == "indirect" else ("“", "”")
        parts = [
            f"{marks[0]}{escape(text)}{marks[1]} {self.marker(passage, quote.article)}"
            for text, passage in quote_text(quote, self.index)
        ]
        carried = ", ".join(
            f"\\[{self.index.number(article_id) or '?'}\\] {escape(self.index.outlet(article_id))}"
            for article_id in carriers(quote)
        )
        return f"- *{escape(quote.kind)}* — {' … '.join(parts) or '(no text)'} — carried by {carried}"

    def claims(self) -> None:
        self.section("Claims")
        if not self.brief.claims:
            self.out(EMPTY["claims"], "")
            return
        self.out(
            "| Claim | Value | What | Qualifier | Source | Date | Outlet |",
            "| --- | ---: | --- | --- | --- | --- | --- |",
        )
        for claim in self.brief.claims:
            cells = [
                escape(claim.text),
                format_value(claim.value) + (f" {escape(claim.unit)}" if claim.unit else ""),
                escape(claim.measure),
                escape(claim.qualifier) or "—",
                escape(claim.source) or "—",
                escape(format_date(claim.date)) if claim.date else "—",
                f"{escape(self.index.outlet(claim.article))} {self.claim_marker(claim)}",
            ]
            self.out("| " + " | ".join(cells) + " |")
        self.out("")

    def disagreements(self) -> None:
        self.section("Disagreements")
        if not self.brief.disagreements:
            self.out(EMPTY["disagreements"], "")
        for item in self.brief.disagreements:
            self.out(f"### {escape(item.measure)} — {escape(kind_label(item.kind))}", "")
            if item.explanation:
                self.out(escape(item.explanation), "")
            for claim in item.claims:
                details = ", ".join(
                    escape(part)
                    for part in (claim.measure, claim.source, format_date(claim.date) if claim.date else None)
                    if part
                )
                self.out(
                    f"- “{escape(claim.text)}” ({details}) — "
                    f"{escape(self.index.outlet(claim.article))} {self.claim_marker(claim)}"
                )
            self.out("")

    def articles(self) -> None:
        self.section("Articles")
        if not self.brief.articles:
            self.out(EMPTY["articles"], "")
        for number, article in enumerate(self.brief.articles, start=1):
            self.article(number, article)

    def article(self, number: int, article: Article) -> None:
        self.out(f"### \\[{number}\\] {escape(article.title) or '(untitled)'}", "")
        if self.html:
            self.out(f'<a id="article-{number}"></a>', "")
        source = article.source.strip()
        linkable = self.html and is_web_url(source) and ">" not in source
        shown_source = f"<{source}>" if linkable else escape(source)
        self.out(
            f"- **Outlet:** {escape(article.outlet) or 'unknown'}",
            f"- **Published:** {escape(format_datetime(article.published))} "
            f"({PROVENANCE.get(article.published_from, escape(article.published_from))})",
            f"- **Source:** {shown_source or 'unknown'}",
        )
        marks = sorted(self.marks.get(article.id, []), key=lambda m: (m.passage.start, m.passage.end))
        if marks:
            self.out("- **Cited passages:**")
            for mark in marks:
                anchor = f'<a id="{mark.passage.id}"></a>' if self.html else ""
                self.out(
                    f"  - {anchor}characters {mark.passage.start}–{mark.passage.end} "
                    f"({', '.join(sorted(mark.kinds))}): “{escape(mark.passage.text)}”"
                )
        self.out("")
        if not self.html:
            return
        self.out(
            "<details><summary>Cleaned text</summary>",
            "",
            *_marked_text(article.text, marks),
            "",
            "</details>",
            "",
        )
        if article.removed:
            self.out(f"<details><summary>Removed by the cleaner ({len(article.removed)})</summary>", "")
            for item in article.removed:
                self.out(
                    f"- {escape(item.reason) or 'no reason given'}: “{escape(_shorten(item.text))}” "
                    f"(characters {item.start}–{item.end} of the input)"
                )
            self.out("", "</details>", "")
        else:
            self.out("*Nothing was removed by the cleaner.*", "")


def _shorten(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + f" … ({len(flat) - limit} more characters)"


def _marked_text(text: str, marks: list[Mark]) -> list[str]:
    """The article text, escaped line by line, with the union of cited passages in bold.

    Markdown cannot nest or cross emphasis reliably, so overlapping passages are merged; the passage list
    above the text keeps the exact offsets.
    """
    merged: list[list[int]] = []
    for mark in marks:
        start, end = mark.passage.start, mark.passage.end
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    bold = [False] * len(text)
    for start, end in merged:
        for position in range(start, end):
            bold[position] = True
    lines: list[str] = []
    position = 0
    for raw_line in text.split("\n"):
        flags = bold[position : position + len(raw_line)]
        position += len(raw_line) + 1
        lines.append(_bold_runs(raw_line, flags))
    return lines


def _bold_runs(line: str, flags: list[bool]) -> str:
    """Escape one line and wrap its bold runs in ``**`` (whitespace kept outside the markers)."""
    pieces: list[str] = []
    run_start = 0
    for position in range(1, len(line) + 1):
        if position == len(line) or flags[position] != flags[run_start]:
            chunk = line[run_start:position]
            if flags[run_start] and chunk.strip():
                lead = chunk[: len(chunk) - len(chunk.lstrip())]
                trail = chunk[len(chunk.rstrip()) :]
                pieces.append(f"{lead}**{_escape_chars(chunk.strip())}**{trail}")
            else:
                pieces.append(_escape_chars(chunk))
            run_start = position
    joined = "".join(pieces).strip()
    return _escape_block_start(joined)


def render_markdown(brief: Brief) -> str:
    """The briefing as Markdown with linked citation markers, passage anchors and collapsible texts."""
    return _Writer(brief, html=True).document()


def terminal_markdown(brief: Brief) -> str:
    """The same briefing without raw HTML or full texts, for Rich (see ``terminal.print_brief``)."""
    return _Writer(brief, html=False).document()
