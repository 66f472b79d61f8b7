"""Fuzzing the public API: hostile article-like input through clean, analyse, relate, brief and every
renderer, with no exception and every offset valid.

Why generated news rather than random bytes: random bytes fail the length and English checks and never
reach the analysers, where most of the offset arithmetic is. So every generated article is built from
plausible English sentences (names, reporting verbs, numbers, dates, quotations, transcript lines) and
then salted with what breaks offset arithmetic and escaping: RTL and zero-width marks, combining
characters, emoji, U+FFFD, C0/C1 controls, lone surrogates, quote marks that are lone, unbalanced or
nested, odd numbers and impossible dates, broken and deeply nested markup, entities and ``<script>``.
Each test measures how many examples really were analysed and briefed, so a strategy that drifts into
producing only rejected input fails loudly instead of silently testing nothing.

What is asserted on every example (``check_brief``): nothing raised and no analysis layer failed (a
failed layer is a caught crash, reported as a ``Problem`` with ``layer``); every input is either an
article or a skipped-input problem (nothing lost); every offset-bearing record anywhere in the Brief,
found by one generic walk over the dataclasses, lies inside the text it points into and its stored text
equals that slice; every id a record points at exists; and every rendering is well formed and inert:
the JSON parses strictly and round-trips, the Markdown and HTML contain no tag or event handler that
came from the input and every in-page link has its anchor, and the terminal output carries no escape
sequence from the input.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import re
import textwrap
import typing
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

import storyline.model as model
import storyline.render as render_package
from storyline.api import brief_records, brief_texts
from storyline.ingest.unicode import scrub
from storyline.model import Article, Brief, Removed, Sentence
from storyline.render import print_brief, render
from storyline.render.markdown import SECTIONS

# ---------------------------------------------------------------------------------------------------
# Vocabulary: enough plain English that a generated article passes the language check.

FIRST_NAMES = [
    "Maria", "John", "Aisha", "Wei", "Olga", "Pierre", "Zoë", "José", "Nguyễn", "Søren", "Ana-María",
    "Mohammed", "Siobhán", "Łukasz", "Chloé", "Dmitri", "Kwame", "Priya", "Hélène", "Björn",
]  # fmt: skip
LAST_NAMES = [
    "Lopez", "Smith", "O'Brien", "O’Neill", "al-Assad", "Müller", "van der Berg", "Ørsted", "Kowalski",
    "Dubois", "Okafor", "Tanaka", "D'Angelo", "Mbeki", "Juppé", "MacLeod", "Nakamura", "Ivanova",
]  # fmt: skip
PLACES = [
    "London", "Paris", "Homs", "São Paulo", "Kyiv", "Zürich", "Tripoli", "New York", "Lagos", "Reykjavík",
    "the capital", "the northern province", "Gaza", "Aleppo", "Québec",
]  # fmt: skip
ORGS = [
    "the United Nations", "the Red Cross", "the health ministry", "Reuters", "the city council",
    "the World Bank", "NATO", "the European Union", "Médecins Sans Frontières", "the police",
]  # fmt: skip
OUTLETS = ["Reuters", "AP", "BBC News", "Le Monde", "Al Jazeera", "The Guardian", "Der Spiegel", "AFP"]
NOUNS = [
    "people", "civilians", "soldiers", "houses", "schools", "dollars", "votes", "patients", "refugees",
    "children", "protesters", "workers", "buildings", "countries", "delegates", "cases", "tonnes",
]  # fmt: skip
PARTICIPLES = [
    "killed", "injured", "displaced", "evacuated", "arrested", "destroyed", "counted", "reported",
    "rescued", "infected", "missing", "detained",
]  # fmt: skip
VERBS = ["said", "told", "added", "warned", "claimed", "announced", "insisted", "denied", "wrote"]
CLAUSES = [
    "the situation is getting worse every day",
    "we have no more food and no water for the children",
    "this is not the end of the talks",
    "the government will not give in to pressure",
    "it was the worst storm in a hundred years",
    "they must stop the fighting at once",
    "there is a plan and we will follow it",
    "nobody knows how many people are still missing",
    "the agreement was signed after a long night",
    "I was at home when the building fell",
]  # fmt: skip
FILLER = [
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "was", "on", "with", "as", "he", "be",
    "by", "at", "said", "his", "are", "from", "have", "has", "but", "not", "this", "they", "an", "which",
    "or", "were", "their", "had", "been", "its", "who", "will", "would", "more", "than", "after", "also",
]  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# The hostile salt.

#: Quote marks, straight and curly, guillemets, low-9 and CJK brackets: used lone, unbalanced and nested.
QUOTE_MARKS = ["“", "”", "«", "»", "‘", "’", '"', "'", "„", "‚", "‹", "›", "「", "」", "``", "''", "‟", "❝"]
SPECIAL_CHARS = [
    "\u200f", "\u200e", "\u202e", "\u202a", "\u202c", "\u2066", "\u2067", "\u2069",  # bidi marks
    "\u200d", "\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad",  # zero-width joiners, BOM, soft hyphen
    "\u0301", "\u0308\u0301\u0323\u0335", "e\u0301", "\u20dd", "\u0489",  # combining marks
    "👩‍👩‍👧", "🇺🇳", "👍🏽", "😀", "\U0001f9d1\u200d\U0001f680", "\U0010ffff", "\ufffe",  # emoji, odd planes
    "\ufffd", "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1b[31m", "\x1b]8;;x\x07",
    "\x7f", "\x80", "\x85", "\x9b", "\x9f",  # C0 and C1 controls, ANSI escapes
    "\ud800", "\udfff", "\udc80",  # lone surrogates
    "\u2028", "\u2029", "\u00a0", "\u3000", "\u2009", "\u1680",  # line/paragraph separators, odd spaces
    "Ａ", "ﬁ", "Ⅻ", "①", "٣", "١٢٣", "שלום", "مرحبا", "中文", "한국어", "ᚠᛇᚻ", "𝔘𝔫𝔦",
]  # fmt: skip
NUMBER_FORMS = [
    "1,234.5", "3.5m", "12%", "10-20", "10–20", "-4", "−4", "£3.5bn", "$1,000", "€2.50", "1.2 million",
    "twenty-three", "a dozen", "½", "1/2", "1e400", "9" * 400, "0", "007", "1,2,3", "12.5.6", "１２",
    "1 000 000", "2nd", "10 to 20", "between 60 and 80", "17 or 18", "nan", "inf", "-0", "0.000001",
    "99.99%", "3,500-plus", "10,00", "1,000,000,000,000,000,000", "#1", "No. 10", "4x4", "3:2",
]  # fmt: skip
DATE_FORMS = [
    "Friday", "last week", "yesterday", "today", "on Monday night", "last Thursday", "next year",
    "two days ago", "this morning", "3 March 2021", "2021-03-03", "March 3", "3/3/2021", "Feb. 29, 2023",
    "29 February 2024", "31 February 2021", "2021-13-45", "0000-00-00", "9999-12-31", "1 January 1",
    "the 1990s", "in 1066", "since March", "by Friday", "on July 17", "at 10:30 GMT", "Dec 25th",
]  # fmt: skip
PUBLISHED_FORMS = [
    "2021-03-03T10:00:00Z", "2021-03-03T25:61:00+99:00", "2021-02-30", "20210303", "yesterday", "", "2021",
    "2021-03", "-2021-03-03", "９９９９-01-01", "2021-03-03\x00", " 2021-03-03 ",
]  # fmt: skip
TAGS = ["b", "i", "em", "strong", "a", "span", "p", "div", "blockquote", "q", "sup", "xfuzz", "font"]
HOSTILE_MARKUP = [
    "<script>alert('x')</script>", "<script src=//evil.example/x.js></script>", "<SCRIPT>x=1</SCRIPT>",
    "<img src=x onerror=alert(1)>", "<iframe src=javascript:alert(1)></iframe>", "<svg onload=alert(1)>",
    "<style>body{display:none}</style>", "<!-- a comment -->", "<!-- unclosed comment", "<![CDATA[ raw ]]>",
    "<", ">", "</", "<div", "<a href='x", '<p class="a>b">', "</p></div></body>", "<br/>", "<hr>",
    "&amp;", "&lt;script&gt;alert(1)&lt;/script&gt;", "&#8220;", "&#x201D;", "&nbsp;", "&#0;", "&#xD800;",
    "&#1114112;", "&bogus;", "&", "&#", "&#x;", "&quot;", "&ldquo;quoted&rdquo;", "<?xml version='1.0'?>",
    "<xfuzz onclick=alert(1)>", "<math><mi>x</mi></math>", "<table><tr><td>cell", "<noscript>n</noscript>",
]  # fmt: skip
BOILERPLATE = [
    "Share this article", "Advertisement", "Sign up for our newsletter", "Read more:", "Follow us on Twitter",
    "© 2021 All rights reserved", "Photo: Reuters", "Cookies help us deliver our services.",
]  # fmt: skip

noise = st.one_of(
    st.sampled_from(SPECIAL_CHARS),
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(HOSTILE_MARKUP),
    st.characters(exclude_categories=()),  # any code point, surrogates included
    st.text(st.characters(exclude_categories=()), min_size=1, max_size=4),
)


@st.composite
def number(draw: st.DrawFn) -> str:
    """A number as news writes it, or as nobody should."""
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.sampled_from(NUMBER_FORMS))
    if choice == 1:
        return f"{draw(st.integers(-(10**15), 10**15)):,}"
    if choice == 2:
        low, high = draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6))
        return f"{low}{draw(st.sampled_from(['-', '–', ' to ', ' or ', '—']))}{high}"
    return str(draw(st.floats(allow_nan=True, allow_infinity=True)))


@st.composite
def a_date(draw: st.DrawFn) -> str:
    """A date as news writes it: relative words, named days, ISO, day-month-year, impossible ones."""
    if draw(st.booleans()):
        return draw(st.sampled_from(DATE_FORMS))
    day = draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
    formats = [
        day.isoformat(),
        f"{day.day} {day:%B} {day.year}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%A}",
    ]
    return draw(st.sampled_from(formats))


def person() -> st.SearchStrategy[str]:
    return st.builds(
        lambda first, last: f"{first} {last}", st.sampled_from(FIRST_NAMES), st.sampled_from(LAST_NAMES)
    )


@st.composite
def quoted(draw: st.DrawFn, depth: int = 0) -> str:
    """A clause in quote marks that may not match, may be missing, and may nest another quotation."""
    inner = draw(st.sampled_from(CLAUSES))
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        words = inner.split(" ")
        cut = draw(st.integers(0, len(words)))
        inner = " ".join([*words[:cut], draw(quoted(depth + 1)), *words[cut:]])
    opening = draw(st.sampled_from(["“", "“", '"', "«", "‘", "„", "", *QUOTE_MARKS]))
    closing = draw(st.sampled_from(["”", "”", '"', "»", "’", "", *QUOTE_MARKS]))
    end = draw(st.sampled_from([".", ",", "", "?", "!", "..."]))
    return f"{opening}{inner}{end}{closing}"


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """One sentence of news: an attributed count, a quotation, a dated event or plain filler."""
    who, where, org = draw(person()), draw(st.sampled_from(PLACES)), draw(st.sampled_from(ORGS))
    count, when = draw(number()), draw(a_date())
    noun, happened, verb = (
        draw(st.sampled_from(NOUNS)),
        draw(st.sampled_from(PARTICIPLES)),
        draw(st.sampled_from(VERBS)),
    )
    other, outlet = draw(number()), draw(st.sampled_from(OUTLETS))
    filler = draw(st.lists(st.sampled_from(FILLER + NOUNS + PARTICIPLES), min_size=6, max_size=16))
    templates = [
        f"{who} {verb} {when} that {count} {noun} had been {happened} in {where}.",
        f"{draw(quoted())} {who} {verb} {org} {when}.",
        f"At least {count} {noun} were {happened} in {where} {when}, according to {org}.",
        f"{who} added: {draw(quoted())}",
        f"{org.capitalize()} said the number of {noun} {happened} rose from {count} to {other} {when}.",
        f"{who.split()[-1].upper()}: {draw(st.sampled_from(CLAUSES)).capitalize()}.",  # a transcript line
        f"In {where}, {who} said {draw(quoted())} and then left for {draw(st.sampled_from(PLACES))}.",
        f"It was {when} when {count} {noun} arrived at the border with {where}, {who} told {outlet}.",
        " ".join(filler).capitalize() + ".",
    ]  # fmt: skip
    return draw(st.sampled_from(templates))


@st.composite
def salted(draw: st.DrawFn, text: str, most: int = 6) -> str:
    """``text`` with a few hostile pieces inserted at random places (inside words too)."""
    for _ in range(draw(st.integers(0, most))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(noise) + text[at:]
    return text


@st.composite
def marked_up(draw: st.DrawFn, text: str) -> str:
    """``text`` with inline tags around some words, some unclosed or stray."""
    words = text.split(" ")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(words) - 1))
        tag = draw(st.sampled_from(TAGS))
        close = draw(st.sampled_from([f"</{tag}>", "", f"</{draw(st.sampled_from(TAGS))}>"]))
        attrs = draw(
            st.sampled_from(["", ' class="x"', " href='https://example.com/?a=1&b=2'", " onclick=alert(1)"])
        )
        words[at] = f"<{tag}{attrs}>{words[at]}{close}"
    return " ".join(words)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def transcript(draw: st.DrawFn) -> str:
    """A transcript block: one "NAME: text" line per turn, or a Q-and-A."""
    names = [last.upper() for last in draw(st.lists(st.sampled_from(LAST_NAMES), min_size=2, max_size=3))]
    if draw(st.booleans()):
        names = ["Q.", "A."]
    turns = draw(st.lists(st.sampled_from(CLAUSES), min_size=2, max_size=6))
    return "\n".join(f"{names[n % len(names)]}: {turn.capitalize()}." for n, turn in enumerate(turns))


@st.composite
def plain_article(draw: st.DrawFn) -> str:
    """A plain-text article: optional headline, dateline and byline, paragraphs (maybe hard-wrapped),
    transcript turns, bullets, boilerplate and markup, with any of several line-break conventions."""
    parts: list[str] = []
    if draw(st.booleans()):
        headline = draw(salted(draw(sentence()).rstrip("."), 2))
        parts.append(headline.upper() if draw(st.integers(0, 3)) == 0 else headline)
    if draw(st.booleans()):
        parts.append(f"By {draw(person())}, {draw(st.sampled_from(OUTLETS))}")
    body = draw(st.lists(paragraph(), min_size=3, max_size=7))
    if draw(st.booleans()):
        place, when, outlet = draw(st.sampled_from(PLACES)), draw(a_date()), draw(st.sampled_from(OUTLETS))
        body[0] = f"{place.upper()}, {when} ({outlet}) - {body[0]}"  # a dateline
    if draw(st.integers(0, 3)) == 0:  # hard-wrapped, as wire copy is: the cleaner reflows it
        width = draw(st.integers(30, 80))
        body = [textwrap.fill(text, width) for text in body]
    body = [draw(salted(draw(marked_up(p)) if draw(st.integers(0, 3)) == 0 else p)) for p in body]
    if draw(st.integers(0, 3)) == 0:
        body.insert(draw(st.integers(0, len(body))), draw(transcript()))
    if draw(st.integers(0, 4)) == 0:
        bullet = draw(st.sampled_from(["•", "-", "*", "1.", "|"]))
        body.insert(1, "\n".join(f"{bullet} {draw(sentence())}" for _ in range(draw(st.integers(1, 4)))))
    if draw(st.booleans()):
        body.insert(draw(st.integers(0, len(body))), draw(st.sampled_from(BOILERPLATE)))
    if draw(st.integers(0, 5)) == 0:  # deeply nested markup in a text that may be sniffed as HTML
        depth = draw(st.integers(1, 300))
        body.append("<div>" * depth + draw(sentence()) + "</div>" * draw(st.integers(0, depth)))
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n", "\u2029", "\n \n", "\x0c", "\r\r"]))
    text = separator.join(parts + body)
    if separator.startswith("\r"):  # one convention throughout, as a file from Windows or an old Mac has
        text = re.sub(r"(?<!\r)\n", separator[: len(separator) // 2], text)
    return draw(st.sampled_from(["", "\ufeff", "  \n", "\t"])) + text


@st.composite
def html_article(draw: st.DrawFn) -> str:
    """An HTML page: head metadata, navigation and scripts around an article of paragraphs, often broken."""
    title = draw(salted(draw(sentence()), 3))
    head = [f"<title>{title}</title>"]
    if draw(st.booleans()):
        head.append(f'<meta property="og:site_name" content="{draw(st.sampled_from(OUTLETS))}">')
    if draw(st.booleans()):
        head.append(f'<meta property="article:published_time" content="{draw(a_date())}">')
    if draw(st.booleans()):
        head.append(
            "<script>var x = '<p>not text</p>'; document.write(x);</script><style>p { color: red }</style>"
        )
    paragraphs = [draw(salted(draw(marked_up(draw(paragraph()))), 4)) for _ in range(draw(st.integers(3, 7)))]
    closing = draw(st.sampled_from(["</p>", "", "</div>"]))
    body = "".join(f"<p>{text}{closing}" for text in paragraphs)
    if draw(st.booleans()):
        body = f"<blockquote>{draw(quoted())}</blockquote>" + body
    nav = "<nav><ul>" + "".join(f"<li><a href='/{n}'>{n}</a></li>" for n in BOILERPLATE[:4]) + "</ul></nav>"
    if draw(st.integers(0, 4)) == 0:  # a fragment, as a feed or a CMS gives it: no <html>, maybe one block
        wrapper = draw(st.sampled_from(["", "<article>", "<body>", "<div class='story'>"]))
        one = draw(st.booleans())
        fragment = f"<p>{paragraphs[0]}</p>" if one else body
        return draw(salted(f"{wrapper}{fragment}", 1))
    depth = draw(st.sampled_from([0, 0, 0, 40, 400]))
    prologue = draw(st.sampled_from(["<!DOCTYPE html>", "", '<?xml version="1.0"?>']))
    navigation = nav if draw(st.booleans()) else ""
    page = (
        f"{prologue}<html><head>{''.join(head)}</head><body>{navigation}{'<div>' * depth}"
        f"<article><h1>{title}</h1>{body}</article>{'</div>' * depth}"
        f"{draw(st.sampled_from(HOSTILE_MARKUP))}<footer>{BOILERPLATE[5]}</footer>"
        f"{draw(st.sampled_from(['</body></html>', '', '</body>']))}"
    )
    return draw(salted(page, 2))


article_text = st.one_of(plain_article(), html_article())


@st.composite
def corpus(draw: st.DrawFn) -> list[str]:
    """One to four articles; sometimes a copy, or a copy with other figures, as outlets reprint a wire
    story: that is what the near-duplicate, quote-merging and disagreement steps work on."""
    texts = draw(st.lists(article_text, min_size=1, max_size=4))
    if len(texts) < 4 and draw(st.integers(0, 2)) == 0:
        copy = texts[0]
        if draw(st.booleans()):
            copy = re.sub(r"\d+", lambda match: str(int(match.group()[:6]) + 7), copy)
        texts.insert(draw(st.integers(0, len(texts))), copy)
    return texts


def junk_text() -> st.SearchStrategy[str]:
    """A metadata value: plausible, empty, hostile or long."""
    return st.one_of(
        st.sampled_from(OUTLETS),
        sentence(),
        st.sampled_from(["", " ", "\n", "<script>alert(1)</script>", "\x1b[2J\x1b[31mred", "a" * 500]),
        st.text(st.characters(exclude_categories=()), max_size=30),
        st.builds(lambda text: scrub(text), noise),
    )


@st.composite
def record(draw: st.DrawFn, index: int) -> dict[str, object]:
    """An article record with fuzzed metadata; some fields missing or not even strings."""
    body = draw(article_text)
    as_html = body.lstrip().startswith("<") and draw(st.booleans())
    data: dict[str, object] = {"html" if as_html else "text": body}
    for key in ("title", "outlet"):
        if draw(st.booleans()):
            data[key] = draw(
                st.one_of(junk_text(), st.none(), st.integers(), st.lists(st.integers(), max_size=2))
            )
    if draw(st.booleans()):
        data["published"] = draw(
            st.one_of(
                a_date(),
                st.sampled_from(PUBLISHED_FORMS),
                st.datetimes().map(lambda moment: moment.isoformat()),
                junk_text(),
                st.integers(),
            )
        )  # fmt: skip
    if draw(st.booleans()):
        data["url"] = draw(
            st.sampled_from([
                f"https://example.com/news/{index}", f"http://example.org/a?id={index}&x=<script>",
                f"javascript:alert({index})", f" https://example.net/{index} ", f"ftp://example.com/{index}",
                f"https://example.com/{index}/\u202e\ufffd", f"https://example.com/{index}\">x",
            ])
        )  # fmt: skip
    return data


@st.composite
def records(draw: st.DrawFn) -> list[dict[str, object]]:
    items = [draw(record(index)) for index in range(draw(st.integers(1, 4)))]
    if len(items) < 4 and draw(st.integers(0, 2)) == 0:  # a reprint under another outlet
        items.append({**items[0], "outlet": draw(st.sampled_from(OUTLETS)), "url": None})
    return items


queries = st.one_of(st.none(), st.sampled_from(PLACES + FIRST_NAMES), junk_text())

FUZZ = settings(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# ---------------------------------------------------------------------------------------------------
# The checks.

#: Integer fields of the model that are not offsets (anything else that is an int must be one, and is
#: checked by ``test_the_walker_knows_every_offset_field``).
NOT_OFFSETS = {"paragraph", "depth", "undated"}


@dataclass
class Walk:
    """What the walk over one Brief found: offset-bearing records, with where and into which article."""

    spans: list[tuple[str, Any, Article]] = field(default_factory=list)
    verbs: list[tuple[str, Sentence, Article]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def walk(brief: Brief) -> Walk:
    """Every record with ``start``/``end`` anywhere in ``brief``, paired with the article it points into.

    Which article: the one the walk is inside, or the one a record names in its ``article`` field (a
    quote, claim, citation or mention); a nested record (a quote's cue, a claim's date cue) points into
    its parent's. A record naming an article the Brief does not contain is an error.
    """
    by_id = {article.id: article for article in brief.articles}
    found = Walk()

    def visit(value: Any, path: str, article: Article | None) -> None:
        if isinstance(value, (list, tuple)):
            for number, item in enumerate(value):
                visit(item, f"{path}[{number}]", article)
            return
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, f"{path}[{key!r}]", article)
            return
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return
        if isinstance(value, Article):
            article = value
        named = getattr(value, "article", None)
        if isinstance(named, str):
            if named not in by_id:
                found.errors.append(f"{path}: names article {named!r}, which the brief does not contain")
                return
            if isinstance(article, Article) and path.startswith("articles[") and named != article.id:
                found.errors.append(f"{path}: in article {article.id} but names article {named}")
            article = by_id[named]
        if hasattr(value, "start") and hasattr(value, "end"):
            if article is None:
                found.errors.append(f"{path}: an offset with no article to point into")
            else:
                found.spans.append((path, value, article))
        if isinstance(value, Sentence) and article is not None:
            found.verbs.append((path, value, article))
        for item in dataclasses.fields(value):
            visit(getattr(value, item.name), f"{path}.{item.name}", article)

    for item in dataclasses.fields(brief):
        visit(getattr(brief, item.name), item.name, None)
    return found


def offset_errors(brief: Brief) -> list[str]:
    """Every invalid offset or dangling id in ``brief``, as readable lines (empty when all is well)."""
    found = walk(brief)
    errors = list(found.errors)
    for path, span, article in found.spans:
        base = article.raw if isinstance(span, Removed) else article.text
        start, end = span.start, span.end
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(base)):
            errors.append(f"{path}: [{start}, {end}) outside [0, {len(base)}] of {article.id}")
            continue
        stored = getattr(span, "text", None)
        if isinstance(stored, str) and stored != base[start:end]:
            errors.append(f"{path}: stored text {stored!r} but the slice is {base[start:end]!r}")
    for path, sentence, _ in found.verbs:
        outside = [v for v in sentence.verbs if not sentence.start <= v < sentence.end]
        if outside:
            errors.append(f"{path}.verbs: {outside} outside the sentence [{sentence.start}, {sentence.end})")
    cited: list[tuple[str, list[model.Citation]]] = [
        *((f"summary[{n}]", entry.citations) for n, entry in enumerate(brief.summary)),
        *((f"timeline[{n}]", entry.citations) for n, entry in enumerate(brief.timeline)),
    ]
    for where, citations in cited:
        if not citations:
            errors.append(f"{where}: no citation")
        errors.extend(f"{where}: empty passage {c}" for c in citations if c.start >= c.end)
    ids = {article.id for article in brief.articles}
    if len(ids) != len(brief.articles):
        errors.append(f"article ids are not unique: {sorted(a.id for a in brief.articles)}")
    entity_ids = {entity.id for entity in brief.entities}
    for number, quote in enumerate(brief.quotes):
        errors.extend(f"quotes[{number}].also_in: unknown {a}" for a in quote.also_in if a not in ids)
        if quote.speaker.entity is not None and quote.speaker.entity not in entity_ids:
            errors.append(f"quotes[{number}].speaker.entity: unknown {quote.speaker.entity}")
    for number, entity in enumerate(brief.entities):
        errors.extend(
            f"entities[{number}].members: unknown {m}" for m in entity.members if m.split(":")[0] not in ids
        )
    for article in brief.articles:
        if article.duplicate_of is not None and article.duplicate_of not in ids:
            errors.append(f"{article.id}.duplicate_of: unknown {article.duplicate_of}")
    return errors


VOID = {"meta", "br", "img", "hr", "input", "link", "source", "wbr", "area", "base", "col", "embed"}
#: What a terminal could act on, other than newline and tab.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _Tags(HTMLParser):
    """Collects the tags, attributes, link targets and anchors of an HTML document, and the end tags that
    close something other than the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.open: list[str] = []
        self.unbalanced: list[str] = []

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.unbalanced.append(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag not in VOID:
            self.open.append(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name == "href" and value is not None:
                self.hrefs.append(value)
            if name == "id" and value is not None:
                self.ids.add(value)


def _tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    parser.unbalanced.extend(parser.open)
    return parser


#: the HTML briefing's page template and the sections it includes (which the newsroom's story page shares)
TEMPLATES = sorted((Path(render_package.__file__ or "").parent / "templates").glob("brief*.j2"))
#: Every tag the HTML page may contain: the templates' own and the ``<mark>`` of cited passages.
HTML_TAGS = {
    tag.lower()
    for template in TEMPLATES
    for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", template.read_text())
} | {"mark"}
#: Every tag CommonMark makes of the Markdown briefing, with its raw-HTML anchors and ``<details>``.
MARKDOWN_TAGS = {
    "h1", "h2", "h3", "p", "em", "strong", "a", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "blockquote", "details", "summary", "br", "code", "pre", "hr",
}  # fmt: skip
#: The anchors GitHub derives from the Markdown briefing's section headings (CommonMark makes none).
SECTION_ANCHORS = {name.lower() for name in SECTIONS}
SAFE_HREF = re.compile(r"^(#|https?://)", re.IGNORECASE)


def _no_constants(name: str) -> None:
    raise AssertionError(f"JSON holds {name}, which is not JSON")


def render_errors(brief: Brief) -> list[str]:
    """What is wrong with the renderings of ``brief``: malformed, lossy, or carrying live input markup."""
    errors: list[str] = []
    document = render(brief, "json")
    document.encode("utf-8")  # strict: a lone surrogate would raise here
    data = json.loads(document, parse_constant=_no_constants)
    if Brief.from_dict(data).to_dict() != data:
        errors.append("json: Brief.from_dict(json) does not round-trip")
    for name, page, allowed in (
        ("html", render(brief, "html"), HTML_TAGS),
        (
            "md",
            MarkdownIt("commonmark", {"html": True}).enable("table").render(render(brief, "md")),
            MARKDOWN_TAGS,
        ),
    ):
        page.encode("utf-8")
        if "<script" in page.lower():
            errors.append(f"{name}: contains <script")
        parsed = _tags(page)
        if set(parsed.tags) - allowed:
            errors.append(f"{name}: tags from the input: {sorted(set(parsed.tags) - allowed)}")
        handlers = sorted(a for a in parsed.attributes if a.startswith("on"))
        if handlers:
            errors.append(f"{name}: event handler attributes {handlers}")
        unsafe = [href for href in parsed.hrefs if not SAFE_HREF.match(href.strip())]
        if unsafe:
            errors.append(f"{name}: links that are not web or in-page: {unsafe[:3]}")
        anchors = parsed.ids | (SECTION_ANCHORS if name == "md" else set())
        dangling = sorted({h[1:] for h in parsed.hrefs if h.startswith("#") and len(h) > 1} - anchors)
        if dangling:
            errors.append(f"{name}: in-page links without an anchor: {dangling[:5]}")
        if parsed.unbalanced:
            errors.append(f"{name}: unbalanced tags {parsed.unbalanced[:5]}")
        if parsed.tags["h1"] != 1 or parsed.tags["h2"] != len(SECTIONS):
            errors.append(
                f"{name}: {parsed.tags['h1']} h1 and {parsed.tags['h2']} h2, the input made headings"
            )
    screen = io.StringIO()
    print_brief(brief, Console(file=screen, width=100, color_system=None, force_terminal=False))
    shown = screen.getvalue()
    shown.encode("utf-8")
    found = TERMINAL_CONTROL.search(shown)
    if found:  # with colour off Rich writes no escape of its own: any control character came from the input
        errors.append(f"terminal: a control character from the input: {shown[found.start() - 30 :][:60]!r}")
    return errors


def check_brief(brief: Brief, expected_sources: Sequence[str]) -> bool:
    """Assert everything the fuzz tests promise about one brief; True when it analysed an article."""
    layer_failures = [str(problem) for problem in brief.problems if problem.layer]
    assert not layer_failures, layer_failures
    got = Counter([a.source for a in brief.articles] + [p.source for p in brief.problems if p.layer is None])
    assert got == Counter(expected_sources), "every input must be an article or a skipped input"
    errors = offset_errors(brief) + render_errors(brief)
    assert not errors, "\n".join(errors)
    analysed = any(article.sentences for article in brief.articles)
    event(f"articles briefed: {len(brief.articles)}")
    for layer in ("summary", "quotes", "claims", "disagreements", "timeline", "entities"):
        if getattr(brief, layer):
            event(f"has {layer}")
    return analysed


@dataclass
class Reach:
    """How far the examples of one test got, so a strategy that only makes rejected input fails."""

    examples: int = 0
    analysed: int = 0
    layers: Counter[str] = field(default_factory=Counter)

    def add(self, brief: Brief, analysed: bool) -> None:
        self.examples += 1
        self.analysed += analysed
        self.layers.update(
            name for name in ("summary", "quotes", "claims", "timeline") if getattr(brief, name)
        )

    def assert_reached(self, share: float = 0.5) -> None:
        assert self.examples, "no example ran"
        assert self.analysed >= share * self.examples, f"only {self.analysed} of {self.examples} analysed"
        missing = {"summary", "quotes", "claims", "timeline"} - set(self.layers)
        assert not missing, f"no example reached {missing} ({self.layers})"


# ---------------------------------------------------------------------------------------------------
# The tests.


def test_plain_texts_and_pages_brief_and_render_with_valid_offsets() -> None:
    reach = Reach()

    @settings(FUZZ, max_examples=50)
    @given(texts=corpus(), words=st.integers(1, 400), query=queries)
    def check(texts: list[str], words: int, query: str | None) -> None:
        brief = brief_texts(texts, words=words, query=query)
        reach.add(brief, check_brief(brief, [f"input:{index}" for index in range(len(texts))]))

    check()
    reach.assert_reached()


def _expected_source(index: int, data: Mapping[str, object]) -> str:
    url = data.get("url")
    stripped = scrub(url.strip()) if isinstance(url, str) else ""
    return stripped or f"input:{index}"


def test_records_with_fuzzed_metadata_brief_and_render_with_valid_offsets() -> None:
    reach = Reach()

    @settings(FUZZ, max_examples=50)
    @given(items=records(), words=st.integers(1, 400))
    def check(items: list[dict[str, object]], words: int) -> None:
        brief = brief_records(items, words=words)
        reach.add(brief, check_brief(brief, [_expected_source(i, data) for i, data in enumerate(items)]))

    check()
    reach.assert_reached()


def test_raw_unicode_and_markup_soup_never_crashes() -> None:
    """Hardly news: code points, quote marks, markup, numbers and dates strewn among function words. Most
    of it is rejected by the length and language checks, which must say so, not crash; what passes them
    is the noisiest text the analysers ever see."""
    piece = st.one_of(noise, st.sampled_from(FILLER), st.sampled_from(FILLER), number(), a_date())
    soup = st.tuples(st.lists(piece, min_size=30, max_size=300), st.sampled_from([" ", "", "\n", " “"]))
    reach = Reach()

    @settings(FUZZ, max_examples=50)
    @given(texts=st.lists(soup.map(lambda parts: parts[1].join(parts[0])), min_size=1, max_size=3))
    def check(texts: list[str]) -> None:
        brief = brief_texts(texts)
        reach.add(brief, check_brief(brief, [f"input:{index}" for index in range(len(texts))]))

    check()
    assert reach.analysed, "no soup was analysed: the test no longer reaches the analysers"


def test_a_number_too_big_for_a_float_is_no_infinite_claim() -> None:
    """Found by the fuzzing: a count of 310 digits parsed to ``float("inf")``, so the claim's value was
    infinite and the JSON brief held ``Infinity``, which is not JSON (strict parsers reject the file)."""
    context = "The council met in Homs on Friday and the talks went on until late in the evening. "
    text = f"{context}At least {'9' * 310} people were killed in Homs on Friday, officials said. {context}"
    brief = brief_texts([text])
    assert brief.articles and brief.articles[0].sentences
    values = [claim.value for article in brief.articles for claim in article.claims]
    assert all(math.isfinite(value) for value in values), values
    json.loads(render(brief, "json"), parse_constant=_no_constants)


def test_the_walker_knows_every_offset_field() -> None:
    """Every int field of the model is an offset the walk checks (``start``/``end``, ``verbs``) or one of
    the named non-offsets, so a new offset field cannot slip past the fuzz tests unchecked."""
    records_ = [
        value for value in vars(model).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and issubclass(value, model.Record)
    ]  # fmt: skip
    assert len(records_) >= 20
    for record_ in records_:
        hints = typing.get_type_hints(record_)
        names = {item.name for item in dataclasses.fields(record_)}
        assert ("start" in names) == ("end" in names), record_
        for name in names:
            if "int" in str(hints[name]) and name not in {"start", "end"} | NOT_OFFSETS:
                assert (record_, name) == (Sentence, "verbs"), f"{record_.__name__}.{name} is not checked"


STORY = (
    "HOMS, 3 March 2021 (Reuters) - At least 12 people were killed in Homs on Friday, the health ministry "
    'said. "We have no more food and no water for the children," Maria Lopez told Reuters on Saturday.\n\n'
    "The Red Cross said 40 people were still missing after the building fell, and that its teams would "
    "stay in the city until the rescue was over. John Smith of the city council said the talks would go on."
)


def test_the_walk_reaches_every_layer() -> None:
    """The walk descends into every layer that holds offsets, so "no errors" means they were checked."""
    brief = brief_texts([STORY, STORY.replace("12", "15").replace("Reuters", "AP")])
    assert len(brief.articles) == 2 and not offset_errors(brief) and not render_errors(brief)
    found = walk(brief)
    paths = {re.sub(r"\[\d+\]", "", path) for path, _, _ in found.spans}
    for expected in (
        "articles.sentences", "articles.entities.mentions", "articles.dates.span", "articles.quotes.content",
        "articles.quotes.cue", "articles.quotes.speaker.span", "articles.claims.span", "summary.citations",
        "timeline.citations", "quotes.content", "claims.span", "entities.mentions",
    ):  # fmt: skip
        assert expected in paths, (expected, sorted(paths))
    assert found.verbs and not found.errors


def test_the_checks_catch_a_bad_offset_and_live_markup() -> None:
    """The checks themselves can fail: a shifted span, a dangling citation and an unescaped tag."""
    brief = brief_texts([STORY])
    assert brief.articles and brief.articles[0].sentences and not offset_errors(brief)
    article = brief.articles[0]
    article.sentences[0].start += 1
    assert any("stored text" in error for error in offset_errors(brief))
    article.sentences[0].start -= 1
    article.sentences[0].end = len(article.text) + 5
    assert any("outside" in error for error in offset_errors(brief))
    article.sentences[0].end = article.sentences[0].start + len(article.sentences[0].text)
    article.sentences[0].verbs.append(article.sentences[0].end)
    assert any(".verbs" in error for error in offset_errors(brief))
    article.sentences[0].verbs.pop()
    assert not offset_errors(brief)
    brief.summary.append(model.SummarySentence("x", [model.Citation("nope", 0, 1)]))
    assert any("nope" in error for error in offset_errors(brief))
    page = _tags("<p><script>x</script><b onclick=x></p>")
    assert page.tags["script"] == 1 and "onclick" in page.attributes and "b" in page.unbalanced
    assert not _tags("<p><b>x</b><br></p>").unbalanced
    assert TERMINAL_CONTROL.search("ok\x1b[2J") and not TERMINAL_CONTROL.search("ok\n\t«é»")


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__, "-q"])
