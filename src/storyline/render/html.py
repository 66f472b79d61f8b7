"""A Brief as one self-contained HTML page (inline CSS, no scripts, fonts or images to fetch).

Why a view model: the template only lays out plain values prepared here, with Jinja2 autoescaping on, so
every string from an article is escaped by default. The one piece of markup built in Python is the marked
article text, where each text token goes through ``markupsafe.escape`` before the ``<mark>`` tags are
added. The page also declares a Content-Security-Policy that forbids scripts, a second wall should an
escaping bug ever slip through.

Each cited passage is a ``<mark id="a1-120-245">`` inside its article's text and every citation marker is
``<a href="#a1-120-245">``: following it opens the collapsed article (browsers expand ``<details>`` on a
fragment match) and highlights the passage with ``:target``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from storyline.model import Brief, Citation, Claim
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
    nest_marks,
    quote_text,
    speaker_groups,
    timeline_notes,
)

KIND_NAMES = {"summary": "summary", "timeline": "timeline", "quote": "quote", "claim": "claim"}


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("storyline.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("brief.html.j2")


class _View:
    """Turns a Brief into the plain values the template lays out."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.index = ArticleIndex(brief)
        self.marks = cited_marks(brief, self.index)
        self.continued: list[str] = []
        # claims some disagreement sets against another outlet's: the claims table marks them
        self.disputed = {
            (claim.article, claim.span.start, claim.span.end)
            for item in brief.disagreements
            for claim in item.claims
        }

    def cite(self, article_id: str, start: int, end: int) -> dict[str, Any]:
        """A citation marker: article number, link target (None if unresolvable) and a tooltip."""
        passage = self.index.passage(article_id, start, end)
        number = self.index.number(article_id)
        outlet = self.index.outlet(article_id)
        if passage is None:
            return {"number": number or "?", "href": None, "tip": f"{outlet} (passage not found)"}
        return {
            "number": passage.number,
            "href": f"#{passage.id}",
            "tip": f"{outlet} · characters {passage.start}–{passage.end}",
        }

    def cites(self, citations: list[Citation]) -> list[dict[str, Any]]:
        return [self.cite(c.article, c.start, c.end) for c in citations]

    def claim(self, claim: Claim) -> dict[str, Any]:
        return {
            "text": claim.text,
            "value": format_value(claim.value) + (f" {claim.unit}" if claim.unit else ""),
            "what": claim.measure,
            "qualifier": claim.qualifier,
            "source": claim.source,
            "date": format_date(claim.date) if claim.date else None,
            "iso": claim.date,
            "outlet": self.index.outlet(claim.article),
            "cite": self.cite(claim.article, claim.span.start, claim.span.end),
            "disputed": (claim.article, claim.span.start, claim.span.end) in self.disputed,
        }

    def quote_groups(self) -> list[dict[str, Any]]:
        groups = []
        for group in speaker_groups(self.brief):
            quotes = []
            for quote in group.quotes:
                parts = [
                    {"text": text, "href": f"#{passage.id}" if passage else None}
                    for text, passage in quote_text(quote, self.index)
                ]
                carried = [
                    {
                        "number": self.index.number(article_id),
                        "outlet": self.index.outlet(article_id),
                        "own": article_id == quote.article,
                    }
                    for article_id in carriers(quote)
                ]
                quotes.append({"kind": quote.kind, "parts": parts, "carriers": carried})
            groups.append({"name": group.name, "quotes": quotes})
        return groups

    def marked_text(self, text: str, marks: list[Mark]) -> Markup:
        """The article text with each cited passage wrapped in ``<mark>``; all text is escaped first."""
        out: list[str] = []
        for token in nest_marks(text, marks):
            if token.kind == "text":
                out.append(str(escape(token.text)))
            elif token.kind == "close":
                out.append("</mark>")
            else:
                assert token.mark is not None
                passage: Passage = token.mark.passage
                kinds = sorted(token.mark.kinds)
                classes = " ".join(["passage", *(f"k-{KIND_NAMES.get(k, 'other')}" for k in kinds)])
                tip = f"characters {passage.start}–{passage.end}, cited in: {', '.join(kinds)}"
                if token.first:
                    out.append(f'<mark class="{classes}" id="{passage.id}" title="{escape(tip)}">')
                else:
                    self.continued.append(passage.id)
                    out.append(f'<mark class="{classes}" data-of="{passage.id}">')
        return Markup("".join(out))

    def articles(self) -> list[dict[str, Any]]:
        items = []
        for number, article in enumerate(self.brief.articles, start=1):
            marks = self.marks.get(article.id, []) if self.index.number(article.id) == number else []
            source = article.source.strip()
            items.append(
                {
                    "number": number,
                    "title": article.title,
                    "outlet": article.outlet,
                    "published": format_datetime(article.published),
                    "iso": article.published,
                    "provenance": PROVENANCE.get(article.published_from, article.published_from),
                    "provenance_key": article.published_from,
                    "source": source,
                    "source_url": source if is_web_url(source) else None,
                    "text": self.marked_text(article.text, marks),
                    "cited": len(marks),
                    "removed": [
                        {"reason": item.reason, "text": item.text, "start": item.start, "end": item.end}
                        for item in article.removed
                    ],
                }
            )
        return items

    def context(self) -> dict[str, Any]:
        brief = self.brief
        articles = self.articles()
        outlets = {self.index.outlet(article.id) for article in brief.articles}
        toc = [
            ("summary", "Summary", len(brief.summary)),
            ("timeline", "Timeline", len(brief.timeline)),
            ("quotes", "Quotes", len(brief.quotes)),
            ("claims", "Claims", len(brief.claims)),
            ("disagreements", "Disagreements", len(brief.disagreements)),
            ("articles", "Articles", len(brief.articles)),
        ]
        return {
            "title": brief_title(brief),
            "n_articles": len(brief.articles),
            "n_outlets": len(outlets),
            "date_range": date_range(brief),
            "warnings": list(brief.warnings),
            "since": format_date(brief.since) if brief.since else None,
            "toc": toc,
            "empty": EMPTY,
            "summary": [
                {
                    "text": s.text,
                    "background": s.background,
                    "undated": s.undated,
                    "cites": self.cites(s.citations),
                }
                for s in brief.summary
            ],
            "timeline": [
                {
                    "date": format_date(entry.date, entry.granularity),
                    "iso": entry.date,
                    "granularity": entry.granularity,
                    "notes": timeline_notes(entry),
                    "text": entry.text,
                    "cites": self.cites(entry.citations),
                }
                for entry in brief.timeline
            ],
            "speakers": self.quote_groups(),
            "n_quotes": len(brief.quotes),
            "claims": [self.claim(claim) for claim in brief.claims],
            "disagreements": [
                {
                    "what": item.measure,
                    "kind": item.kind,
                    "kind_label": kind_label(item.kind),
                    "explanation": item.explanation,
                    "claims": [self.claim(claim) for claim in item.claims],
                }
                for item in brief.disagreements
            ],
            "articles": articles,
            "continued": sorted(set(self.continued)),
            "entity_links": False,  # the newsroom links speakers to their entity pages
        }


def brief_context(brief: Brief) -> dict[str, Any]:
    """The values the brief's templates lay out (the newsroom's story page renders the same sections)."""
    return _View(brief).context()


def render_html(brief: Brief) -> str:
    """The briefing as one self-contained, autoescaped HTML page."""
    return _template().render(**_View(brief).context())
