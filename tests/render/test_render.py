"""Render tests: every section in every format, citations that resolve, agreement with JSON, escaping."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import pytest
from fixtures_brief import HOSTILE, build_brief, build_hostile_brief
from markdown_it import MarkdownIt
from rich.console import Console

from storyline.model import Article, Brief, Citation, SummarySentence
from storyline.render import print_brief, render, render_html, render_json, render_markdown
from storyline.render.common import EMPTY, ArticleIndex, Mark, brief_title, format_date, nest_marks

SECTIONS = ("summary", "timeline", "quotes", "claims", "disagreements", "articles")
VOID = {"meta", "br", "img", "hr", "input", "link", "source", "wbr", "area", "base", "col", "embed"}


class Page(HTMLParser):
    """Collects tags, ids, links and the text inside each element that has an id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.id_text: dict[str, str] = {}
        self.classes: list[str] = []
        self.stack: list[tuple[str, str | None]] = []
        self.unbalanced: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self.classes.extend((attributes.get("class") or "").split())
        if attributes.get("href"):
            self.hrefs.append(attributes["href"] or "")
        element_id = attributes.get("id")
        if element_id:
            self.ids.append(element_id)
            self.id_text[element_id] = ""
        if tag not in VOID:
            self.stack.append((tag, element_id))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.unbalanced.append(tag)
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for _, element_id in self.stack:
            if element_id:
                self.id_text[element_id] += data


@pytest.fixture(scope="module")
def brief() -> Brief:
    return build_brief()


@pytest.fixture(scope="module")
def html(brief: Brief) -> str:
    return render_html(brief)


@pytest.fixture(scope="module")
def md(brief: Brief) -> str:
    return render_markdown(brief)


def md_section(md: str, name: str) -> str:
    match = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", md, flags=re.S | re.M)
    assert match, f"no {name} section"
    return match.group(1)


def test_render_dispatches_and_rejects_unknown_formats(brief: Brief) -> None:
    assert render(brief, "md") == render_markdown(brief)
    assert render(brief, "json") == render_json(brief)
    assert render(brief, "html") == render_html(brief)
    with pytest.raises(ValueError, match="pdf"):
        render(brief, "pdf")  # type: ignore[arg-type]


def test_markdown_shows_every_section(md: str) -> None:
    assert md.startswith("# Dockworkers strike at Kestrelmouth over automation plan\n")
    for name in ("Summary", "Timeline", "Quotes", "Claims", "Disagreements", "Articles"):
        assert f"\n## {name}\n" in md
    timeline = md_section(md, "Timeline")
    assert "- **2025** —" in timeline and "- **March 2025** —" in timeline
    assert "- **6 July 2026** —" in timeline
    quotes = md_section(md, "Quotes")
    assert [line[4:] for line in quotes.splitlines() if line.startswith("### ")] == [
        "Maria Okafor",
        "Daniel Reyes",
        "Tideway Research",
    ]
    assert (
        "carried by \\[1\\] The Kestrel Courier, \\[3\\] Harbour \\& Trade Weekly, \\[2\\] Northline News"
        in quotes
    )
    assert (
        "| More than 1,200 | 1,200 | striking workers | more than | Harbour Workers' Union | 6 July 2026 |"
        in md
    )
    disagreements = md_section(md, "Disagreements")
    for label in ("Conflict", "Different counts", "Trend"):
        assert f"— {label}\n" in disagreements
    articles = md_section(md, "Articles")
    for label in ("(stated in text)", "(from HTML metadata)", "(inferred from other articles)"):
        assert label in articles
    assert "- share buttons: “Share this article: Facebook \\| X \\| Email”" in articles
    assert articles.count("<details><summary>Cleaned text</summary>") == 3


def test_html_shows_every_section(html: str) -> None:
    page = Page(html)
    assert not page.unbalanced and not page.stack
    for section in SECTIONS:
        assert section in page.ids
        assert f"#{section}" in page.hrefs  # table of contents
    assert page.id_text["article-3"].count("inferred from other articles") == 1
    assert "<h1>Dockworkers strike at Kestrelmouth over automation plan</h1>" in html
    assert '<time datetime="2025-03">March 2025</time>' in html
    assert '<time datetime="2025">2025</time>' in html
    assert '<time datetime="2026-07-07T18:40:00+00:00">7 July 2026</time>' in html
    assert "from HTML metadata" in html and "stated in text" in html
    assert page.classes.count("article-text") == 3 and page.classes.count("article-removed") == 3
    assert "Share this article: Facebook | X | Email" in page.id_text["article-1"]
    assert page.classes.count("disagreement") == 3
    # self-contained: nothing to fetch, and scripts forbidden outright
    assert not any(tag in {"script", "link", "img", "iframe"} for tag, _ in page.tags)
    assert "default-src 'none'" in html
    assert not re.search(
        r"(src|href)=\"(https?:)?//",
        html.replace('href="https://kestrelcourier', "").replace('href="https://northline', ""),
    )


def test_html_citations_point_at_the_cited_passages(brief: Brief, html: str) -> None:
    page = Page(html)
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    for href in page.hrefs:
        if href.startswith("#"):
            assert href[1:] in page.ids, href
    index = ArticleIndex(brief)
    for sentence in brief.summary:
        for citation in sentence.citations:
            number = index.number(citation.article)
            passage_id = f"a{number}-{citation.start}-{citation.end}"
            assert f"#{passage_id}" in page.hrefs
            cited = brief.article(citation.article).text[citation.start : citation.end]
            assert page.id_text[passage_id] == cited
    # the crossing quote (400-503 starts inside the cited sentence 391-469) is split, not broken
    assert page.id_text["a1-400-503"] == COURIER_CROSSING_HEAD
    assert 'data-of="a1-400-503"' in html
    assert ".text:has(#a1-400-503:target)" in html


COURIER_CROSSING_HEAD = "the walkout would continue until the port authority withdrew its plan"


def test_markdown_citations_resolve_to_anchors(brief: Brief, md: str) -> None:
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', md)) | set(SECTIONS)
    targets = re.findall(r"\]\(#([^ )]+)", md)
    assert targets and all(target in anchors for target in targets)
    first = brief.summary[0].citations[0]
    assert (
        f'(#a1-{first.start}-{first.end} "The Kestrel Courier, characters {first.start}–{first.end}")' in md
    )


def test_formats_agree_with_json(brief: Brief, md: str, html: str) -> None:
    data = json.loads(render_json(brief))
    page = Page(html)
    summary_md = [line for line in md_section(md, "Summary").splitlines() if line.strip()]
    assert len(data["summary"]) == len(summary_md) == page.classes.count("summary-sentence") == 4
    quote_lines = [line for line in md_section(md, "Quotes").splitlines() if line.startswith("- *")]
    assert len(data["quotes"]) == len(quote_lines) == page.classes.count("quote") == 5
    quotes_md = md_section(md, "Quotes")
    for quote in data["quotes"]:
        for content in quote["content"]:
            # reported speech is shown without quotation marks: they would present a paraphrase as verbatim
            said = content["text"] if quote["kind"] == "indirect" else f"“{content['text']}”"
            assert said in quotes_md
            assert said.replace("'", "&#39;") in html
            if quote["kind"] == "indirect":
                assert f"“{content['text']}”" not in quotes_md
    claim_rows = [line for line in md_section(md, "Claims").splitlines() if line.startswith("| ")][2:]
    assert len(data["claims"]) == len(claim_rows) == page.classes.count("claim-row") == 8
    assert len(data["timeline"]) == page.classes.count("timeline-entry") == 4
    assert len(data["articles"]) == page.classes.count("source") == 3


def test_json_is_the_brief_contract(brief: Brief) -> None:
    text = render_json(brief)
    data = json.loads(text)
    assert data == brief.to_dict()
    assert data["schema"] == "storyline.brief/3"
    assert "£4" in text  # ensure_ascii=False keeps non-ASCII readable


def test_round_trip_through_json_renders_the_same(brief: Brief, html: str, md: str) -> None:
    again = Brief.from_dict(json.loads(render_json(brief)))
    assert render_html(again) == html
    assert render_markdown(again) == md


def test_html_escapes_everything_from_articles() -> None:
    hostile = build_hostile_brief()
    html = render_html(hostile)
    page = Page(html)
    assert not page.unbalanced
    assert not any(tag in {"script", "img"} for tag, _ in page.tags)
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert not any(href.lower().startswith("javascript") for href in page.hrefs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the escaped text still reads as the original in title, outlet, quote and article text
    visible = "".join(page.id_text.values())
    assert HOSTILE in page.id_text["article-1"] and HOSTILE in visible
    assert f"Evil {HOSTILE} Outlet" in page.id_text["article-1"]


def test_markdown_escapes_everything_from_articles() -> None:
    md = render_markdown(build_hostile_brief())
    rendered = MarkdownIt("commonmark").render(md)
    page = Page(rendered)
    assert not any(tag in {"script", "img"} for tag, _ in page.tags)
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert not any(href.lower().startswith("javascript") for href in page.hrefs)
    # the hostile title stays one heading line; the title's own "#", "|" and link syntax stay literal
    assert sum(1 for tag, _ in page.tags if tag == "h1") == 1
    h1 = re.search(r"<h1>(.*?)</h1>", rendered, flags=re.S)
    assert h1 and "# Title &lt;script&gt;" in h1.group(1) and "[x](y) second line" in h1.group(1)
    assert "<em>stars</em>" not in rendered


def test_empty_sections_say_so() -> None:
    article = Article(id="only", source="notes.txt", text="Nothing much happened.", outlet="Desk")
    for brief in (Brief(articles=[article]), Brief()):
        md, html = render_markdown(brief), render_html(brief)
        page = Page(html)
        for section in SECTIONS:
            assert section in page.ids
        expected = [key for key in EMPTY if key != "articles" or not brief.articles]
        for key in expected:
            assert EMPTY[key] in md, key
            assert EMPTY[key] in html, key
    assert "Untitled story" in render_html(Brief())


def test_unresolvable_citations_are_shown_but_not_linked() -> None:
    article = Article(id="x", source="x.txt", text="Short text.", outlet="Desk", title="T")
    brief = Brief(
        articles=[article],
        summary=[
            SummarySentence("Unknown article.", [Citation("missing", 0, 5)]),
            SummarySentence("Past the end.", [Citation("x", 50, 80)]),
            SummarySentence("Clipped.", [Citation("x", 6, 500)]),
        ],
    )
    page = Page(render_html(brief))
    assert all(href[1:] in page.ids for href in page.hrefs if href.startswith("#"))
    assert page.classes.count("dead") == 2
    assert page.id_text["a1-6-11"] == "text."
    md = render_markdown(brief)
    assert "Unknown article. \\[?\\]" in md and "Past the end. \\[1\\]" in md


def test_dates_read_at_their_granularity() -> None:
    assert format_date("2012-07-06", "day") == "6 July 2012"
    assert format_date("2012-03", "month") == "March 2012"
    assert format_date("2012-03-01", "month") == "March 2012"
    assert format_date("2011-01-01", "year") == "2011"
    assert format_date("2011") == "2011"
    assert format_date("2012-07-06T09:30:00Z") == "6 July 2012"
    assert format_date("2012-02-30") == "2012-02-30"  # not a date: shown as given
    assert format_date("last spring") == "last spring"
    assert format_date(None) == "undated"


def test_title_is_the_most_common_article_title() -> None:
    def article(n: int, title: str | None) -> Article:
        return Article(id=str(n), source=f"{n}.txt", text="x", title=title)

    brief = Brief(articles=[article(1, "A"), article(2, "B  story"), article(3, None), article(4, "B story")])
    assert brief_title(brief) == "B story"
    assert brief_title(Brief(articles=[article(1, "First"), article(2, "Second")])) == "First"


def test_crossing_passages_nest_into_well_formed_tokens() -> None:
    article = Article(id="t", source="t", text="0123456789abcdef")
    index = ArticleIndex(Brief(articles=[article]))
    outer, crossing = index.passage("t", 2, 8), index.passage("t", 5, 12)
    assert outer and crossing
    tokens = nest_marks(article.text, [Mark(crossing, {"quote"}), Mark(outer, {"summary"})])
    depth, text = 0, ""
    for token in tokens:
        depth += {"open": 1, "close": -1}.get(token.kind, 0)
        assert depth >= 0
        text += token.text
    assert depth == 0 and text == article.text
    opens = [(token.mark.passage.id, token.first) for token in tokens if token.kind == "open" and token.mark]
    assert opens == [("a1-2-8", True), ("a1-5-12", True), ("a1-5-12", False)]


def test_print_brief_renders_markdown_to_the_terminal(brief: Brief) -> None:
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    print_brief(brief, console)
    text = console.export_text()
    assert "Dockworkers strike at Kestrelmouth over automation plan" in text
    for heading in ("Summary", "Timeline", "Quotes", "Claims", "Disagreements", "Articles"):
        assert heading in text
    assert "Maria Okafor" in text and "6 July 2026" in text and "[1][3]" in text
    assert "<details>" not in text and "<a id" not in text and "\\[" not in text
