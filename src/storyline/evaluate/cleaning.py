"""Measure the plain-text cleaner against jusText on web pages flattened to text (token-level P/R/F1).

Why this set-up: the cleaner's input is text that has *already lost its HTML*, so each page is first
flattened to plain text, and every system sees that same text in the same run. Two flatteners, because
scrapers differ in what they keep of the layout: ``html-text`` (html_text with layout guessing: block
elements on their own lines) and ``lxml`` (``text_content()`` of the body with scripts and styles removed:
no layout at all, so menus, headings and paragraphs run on in lines that follow the HTML source's line
breaks). Scoring uses word tokens only (punctuation dropped, lower-cased) and compares bags of tokens: per
page, averaged (macro), and pooled over all pages (micro).

Two datasets, told apart by their gold files (``detect_layout``):

* L3S-GN1 (news pages): gold is the page's headline + full text as annotated in ``GoldStandard/*.txt``
  (spans of class ``x-nc-sel1`` and ``x-nc-sel2``). Gold lost curly quotes (they are "?"), which the
  token scoring ignores.
* CleanEval (generic pages of all kinds, the unseen set: nothing is tuned on it): gold is
  ``GoldStandard/*.txt``, plain text with a ``URL:`` header line and ``<p>``/``<h>``/``<l>`` block markers,
  which are stripped (``cleaneval_gold``).

Systems: ``storyline`` (title + cleaned text), ``justext`` (English stoplist, each line as a paragraph),
``all-text`` (the flattened page unchanged: the recall ceiling and precision floor).

A second table scores the HTML path on the same pages: ``storyline`` (``clean_html``: trafilatura, then
the plain-text cleaner over its lines) beside ``trafilatura`` alone (``trafilatura.extract`` with default
settings), each page's article text against the gold *full text* (on L3S the headline is metadata there,
not body). Besides P/R/F1 it counts the pages where storyline is worse than trafilatura by more than 0.05
F1, and, for every system of both tables, the lines its output still holds that the line classifier calls
boilerplate (``storyline.clean.lines.boilerplate_lines``: bylines, "N minutes ago", pipe menus, mastheads,
copyright lines ...). Note: trafilatura's default keeps reader comments, which a few gold pages count as
full text; storyline leaves comments out of an article on purpose.

``--by-site`` groups the per-page F1 by the page's site (``page_sites``: a declared URL, else the host its
links point to most) to show whether the cleaner works evenly across sites or only on a few templates.
"""

from __future__ import annotations

import argparse
import html
import logging
import math
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.clean.lines import boilerplate_lines
from storyline.clean.text import clean_plain_text

__all__ = [
    "CLEANEVAL_ROOT",
    "DEFAULT_ROOT",
    "FLATTENERS",
    "HTML_SYSTEMS",
    "WORSE_BY",
    "cleaneval_gold",
    "detect_layout",
    "evaluate_cleaning",
    "flatten_html",
    "flatten_lxml",
    "gold_text",
    "main",
    "page_sites",
    "token_prf",
]

_SHARED = Path(__file__).resolve().parents[3].parent / "shared/data/clean"
DEFAULT_ROOT = _SHARED / "L3S-GN1_page-signal"
CLEANEVAL_ROOT = _SHARED / "cleaneval-dev"
_TOKEN = re.compile(r"[^\W_]+")
_GOLD_CLASSES = ("x-nc-sel1", "x-nc-sel2")  # headline, full text
WORSE_BY = 0.05  # a page where storyline's HTML F1 trails trafilatura's by more than this is counted
_WORST_SITES = 5  # how many of the weakest sites ``--by-site`` lists


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; punctuation (including the gold's "?" for lost quotes) is ignored."""
    return _TOKEN.findall(text.lower())


@dataclass(slots=True)
class Score:
    overlap: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def token_prf(predicted: str, gold: str) -> Score:
    """Bag-of-tokens overlap between a prediction and the gold text."""
    pred_bag = Counter(tokens(predicted))
    gold_bag = Counter(tokens(gold))
    overlap = sum(min(count, gold_bag[tok]) for tok, count in pred_bag.items())
    return Score(overlap, sum(pred_bag.values()), sum(gold_bag.values()))


def _markup(data: bytes) -> str:
    """Page bytes as text lxml parses well (both flatteners share it, so they differ only in layout)."""
    if re.search(rb"<title", data, re.I) and not re.search(rb"</title", data, re.I):
        data = re.sub(rb"<title[^>]*>", b"", data, flags=re.I)  # an unclosed <title> swallows the page
    # Decode ourselves: many pages declare Latin-1 but are UTF-8, which lxml would turn into mojibake.
    try:
        markup = data.decode("utf-8")
    except UnicodeDecodeError:
        markup = data.decode("cp1252", errors="replace")
    return re.sub(r"^\s*<\?xml[^>]*>", "", markup)  # lxml refuses str input with an encoding declaration


def _tree(data: bytes):  # type: ignore[no-untyped-def]  # lxml's HtmlElement, or None
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(_markup(data))
    except (ValueError, lxml.etree.ParserError):
        return None


def flatten_html(data: bytes) -> str:
    """Page body as plain text with block elements on their own lines (what a careful scraper saves)."""
    import html_text

    tree = _tree(data)
    if tree is None:
        return ""
    whole = str(html_text.extract_text(tree, guess_layout=True))
    for title in tree.xpath("//title"):  # the <title> is not page text...
        title.drop_tree()
    body = str(html_text.extract_text(tree, guess_layout=True))
    return body if len(body) > 0.5 * len(whole) else whole  # ...unless a broken page nests all in it


# Never displayed: what any scraper strips before taking the text (the <title> is metadata, not page text).
_HIDDEN = ("script", "style", "noscript", "template", "title")
_TITLE_CHARS = 500


def flatten_lxml(data: bytes) -> str:
    """The page's ``text_content()`` with scripts and styles removed, and no layout guessing at all.

    What a naive scraper saves: text nodes concatenated as they stand in the source, so a line holds
    whatever the HTML source put on one line (a whole table row of menu cells, or a paragraph together
    with the link list after it), and block boundaries without a newline in the source vanish. The whole
    document, not just ``<body>``: old pages that never open a body leave lxml all their text in the head.
    """
    tree = _tree(data)
    if tree is None:
        return ""
    for element in tree.xpath("|".join(f"//{tag}" for tag in _HIDDEN)):
        if element.tag != "title" or len(element.text_content()) <= _TITLE_CHARS:
            element.drop_tree()  # (a "title" longer than a line is a broken tag that swallowed the page)
    return str(tree.text_content())


FLATTENERS: dict[str, Callable[[bytes], str]] = {"html-text": flatten_html, "lxml": flatten_lxml}


def _gold_spans(data: bytes, classes: tuple[str, ...]) -> str:
    import lxml.html

    tree = lxml.html.document_fromstring(data)
    condition = " or ".join(f"contains(@class, '{name}')" for name in classes)
    parts = tree.xpath(f"//*[{condition}][not(ancestor::*[{condition}])]")
    return "\n".join(part.text_content().strip() for part in parts)


def gold_text(data: bytes) -> str:
    """Headline and full-text spans of an L3S-GN1 gold page, one per line, in page order."""
    return _gold_spans(data, _GOLD_CLASSES)


def gold_fulltext(data: bytes) -> str:
    """The full-text span(s) of an L3S-GN1 gold page (no headline)."""
    return _gold_spans(data, _GOLD_CLASSES[1:])


def gold_headline(data: bytes) -> str:
    """The headline span(s) of an L3S-GN1 gold page."""
    return _gold_spans(data, _GOLD_CLASSES[:1])


_CLEANEVAL_URL = re.compile(r"\A\s*URL:\s*(\S+)[^\n]*\n?")
_CLEANEVAL_MARKER = re.compile(r"<[phl]>", re.I)


def cleaneval_gold(text: str) -> tuple[str | None, str]:
    """(page URL, gold text) of a CleanEval gold file: the ``URL:`` header and block markers removed.

    Markers (``<p>`` paragraph, ``<h>`` heading, ``<l>`` list item) open each block; they are annotation,
    not page text, and left in they would add tokens ("p", "h") that no system could produce.
    """
    found = _CLEANEVAL_URL.match(text)
    url = found.group(1) if found else None
    body = text[found.end() :] if found else text
    return url, _CLEANEVAL_MARKER.sub(" ", body).strip()


def detect_layout(root: Path) -> str:
    """``"l3s"`` when the gold files are L3S-GN1's annotated HTML, else ``"cleaneval"`` (marked-up text)."""
    for gold in sorted((root / "GoldStandard").glob("*.txt"))[:3]:
        if b"x-nc-sel" in gold.read_bytes():
            return "l3s"
    return "cleaneval"


def dataset_name(root: Path, layout: str) -> str:
    return "L3S-GN1" if layout == "l3s" else f"CleanEval ({root.name})"


@dataclass(slots=True)
class Page:
    """One page of a dataset: its HTML bytes and the gold texts the two tables score against."""

    page_id: str
    raw: bytes
    gold: str  # what the flattened-text systems are scored against
    headline: str  # gold headline (L3S only; "" elsewhere)
    fulltext: str  # what the HTML systems are scored against
    url: str | None = None  # the page's URL when the dataset records it


def load_pages(root: Path, limit: int | None = None) -> Iterator[Page]:
    """Pages that have both an input and a non-empty gold file, in file-name order."""
    layout = detect_layout(root)
    count = 0
    for gold_path in sorted((root / "GoldStandard").glob("*.txt")):
        page = root / "input" / f"{gold_path.stem}.html"
        if not page.is_file():
            continue
        data = gold_path.read_bytes()
        if layout == "l3s":
            gold, headline, fulltext, url = gold_text(data), gold_headline(data), gold_fulltext(data), None
        else:
            url, gold = cleaneval_gold(data.decode("utf-8", errors="replace"))
            headline, fulltext = "", gold
        if not tokens(gold):
            continue
        yield Page(gold_path.stem, page.read_bytes(), gold, headline, fulltext, url)
        count += 1
        if limit is not None and count >= limit:
            return


def iter_pages(root: Path, limit: int | None = None) -> Iterator[tuple[str, str, str]]:
    """(page id, text flattened by html-text, gold text) for pages with both an input and a gold file."""
    for page in load_pages(root, limit):
        yield page.page_id, flatten_html(page.raw), page.gold


# Where a page names its own address, most trusted first.
_DECLARED_URL = (
    re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical\b[^>]*>""", re.I),
    re.compile(r"""<meta\b[^>]*\bproperty\s*=\s*["']?og:url\b[^>]*>""", re.I),
    re.compile(r"""<base\b[^>]*>""", re.I),
)
_ADDRESS = re.compile(r"""\b(?:href|content)\s*=\s*["']?(https?://[^"'\s>]+)""", re.I)
# Absolute URLs in links, images, forms: a site links mostly to itself. Scripts are left out (ad servers).
_LINKED = re.compile(
    r"""<(?:a|area|link|img|form|frame|iframe)\b[^>]*?\b(?:href|src|action)\s*=\s*["']?(https?://[^"'\s>]+)""",
    re.I,
)
_ANY_URL = re.compile(r"""\b(?:href|src|action)\s*=\s*["']?(https?://[^"'\s>]+)""", re.I)


def _site_of(url: str) -> str | None:
    """The registered domain of ``url`` ("news.bbc.co.uk/x" -> "bbc.co.uk"), from the public suffix list."""
    from courlan import extract_domain

    try:
        domain = extract_domain(url)
    except ValueError:
        return None
    return domain.lower() if domain else None


def declared_site(markup: str) -> str | None:
    """The site of the URL a page declares for itself (canonical link, og:url, base href), if any."""
    for pattern in _DECLARED_URL:
        for tag in pattern.findall(markup):
            found = _ADDRESS.search(tag)
            site = _site_of(found.group(1)) if found else None
            if site:
                return site
    return None


def _linked_sites(markup: str) -> Counter[str]:
    for pattern in (_LINKED, _ANY_URL):
        counts = Counter(site for url in pattern.findall(markup) if (site := _site_of(url)))
        if counts:
            return counts
    return Counter()


def page_sites(markups: Sequence[str], urls: Sequence[str | None] | None = None) -> list[str]:
    """The site of each page: its recorded or declared URL's domain, else the domain it links to most.

    Links are weighted by how rare their domain is across the batch (tf-idf): a page links to its own
    site many times, while ad servers, analytics and share buttons turn up on the pages of every site,
    so a raw count would give many pages of a link-poor template to an ad network. A page with no
    absolute URL at all is "unknown".
    """
    recorded = list(urls) if urls is not None else [None] * len(markups)
    linked = [_linked_sites(markup) for markup in markups]
    spread: Counter[str] = Counter()
    for counts in linked:
        spread.update(counts.keys())
    total = max(1, len(markups))
    sites: list[str] = []
    for markup, url, counts in zip(markups, recorded, linked, strict=True):
        site = (_site_of(url) if url else None) or declared_site(markup)
        if site is None and counts:
            site = max(counts, key=lambda name: (counts[name] * math.log(1 + total / spread[name]), name))
        sites.append(site or "unknown")
    return sites


def _justext(text: str) -> str:
    import justext

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _storyline(text: str) -> str:
    result = clean_plain_text(text)
    return f"{result.title}\n{result.text}" if result.title else result.text


SYSTEMS: dict[str, Callable[[str], str]] = {
    "storyline": _storyline,
    "justext": _justext,
    "all-text": lambda text: text,
}


def _storyline_html(markup: str) -> str:
    from storyline.clean.html import clean_html

    try:
        return clean_html(markup).text
    except Exception:  # a page the parser cannot read scores zero rather than stopping the run
        return ""


def _trafilatura(markup: str) -> str:
    import trafilatura

    try:
        return trafilatura.extract(markup) or ""
    except Exception:
        return ""


HTML_SYSTEMS: dict[str, Callable[[str], str]] = {
    "storyline": _storyline_html,
    "trafilatura": _trafilatura,
}


def _decode_page(data: bytes) -> str:
    from storyline.ingest.decode import DecodeError, decode_bytes

    try:
        return decode_bytes(data)
    except DecodeError:
        return data.decode("utf-8", errors="replace")


def _summary(scores: list[Score], seconds: float, leftover: int) -> dict[str, float]:
    n = max(1, len(scores))
    pooled = Score(
        sum(s.overlap for s in scores), sum(s.predicted for s in scores), sum(s.gold for s in scores)
    )
    return {
        "precision": sum(s.precision for s in scores) / n,
        "recall": sum(s.recall for s in scores) / n,
        "f1": sum(s.f1 for s in scores) / n,
        "micro_precision": pooled.precision,
        "micro_recall": pooled.recall,
        "micro_f1": pooled.f1,
        "seconds": seconds,
        "boilerplate_lines": float(leftover),
    }


def site_spread(f1s: Sequence[float], sites: Sequence[str]) -> dict[str, object]:
    """Per-page F1 grouped by site: the mean over sites, their spread, and the weakest sites.

    Why: a cleaner that learnt one big site's template would score well pooled and badly on the rest;
    the mean over sites weighs every site once, and the worst sites show where it fails.
    """
    by_site: dict[str, list[float]] = defaultdict(list)
    for f1, site in zip(f1s, sites, strict=True):
        by_site[site].append(f1)
    means = {site: sum(values) / len(values) for site, values in by_site.items()}
    ordered = sorted(means.items(), key=lambda item: (item[1], item[0]))
    values = list(means.values())
    return {
        "sites": len(means),
        "page_macro_f1": sum(f1s) / max(1, len(f1s)),
        "site_macro_f1": sum(values) / max(1, len(values)),
        "site_stdev": statistics.pstdev(values) if len(values) > 1 else 0.0,
        "sites_below_0.9": sum(1 for value in values if value < 0.9),
        "worst": [(site, len(by_site[site]), f1) for site, f1 in ordered[:_WORST_SITES]],
    }


# The plain-text cleaner's thresholds that were set by measuring on L3S-GN1, with the values tried; the
# held-out check below re-picks each on the other sites' pages and scores it on the site left out.
TUNED: dict[str, tuple[float, ...]] = {
    "_BLOCK_KEEP": (0.3, 0.5, 0.7, 0.8, 1.0),
    "_SECTION_CHARS": (600.0, 1000.0, 2000.0, 1e9),
}


def held_out_by_site(
    texts: Sequence[str], golds: Sequence[str], sites: Sequence[str], name: str, grid: Sequence[float]
) -> dict[str, object]:
    """Leave-one-site-out check of one tuned threshold of ``storyline.clean.text``.

    Each grid value is run on every page; then, for each site, the value best on all *other* sites
    (macro F1 over their pages) scores that site's pages. If the held-out macro F1 stays close to the
    pooled one, the threshold is not fitted to a few big sites' templates.
    """
    from storyline.clean import text as cleaner

    shipped = getattr(cleaner, name)
    f1: dict[float, list[float]] = {}
    try:
        for value in grid:
            setattr(cleaner, name, type(shipped)(value))
            f1[value] = [
                token_prf(_storyline(text), gold).f1 for text, gold in zip(texts, golds, strict=True)
            ]
    finally:
        setattr(cleaner, name, shipped)
    pages_of: dict[str, list[int]] = defaultdict(list)
    for index, site in enumerate(sites):
        pages_of[site].append(index)
    totals = {value: sum(scores) for value, scores in f1.items()}
    held = [0.0] * len(texts)
    chosen: Counter[float] = Counter()
    for members in pages_of.values():
        rest = max(1, len(texts) - len(members))
        best = max(grid, key=lambda v: ((totals[v] - sum(f1[v][i] for i in members)) / rest, v == shipped))
        chosen[best] += 1
        for i in members:
            held[i] = f1[best][i]
    n = max(1, len(texts))
    pooled_best = max(grid, key=lambda v: (totals[v], v == shipped))
    return {
        "name": name,
        "shipped": float(shipped),
        "shipped_f1": sum(f1[float(shipped)]) / n if float(shipped) in f1 else float("nan"),
        "pooled_best": pooled_best,
        "pooled_best_f1": totals[pooled_best] / n,
        "held_out_f1": sum(held) / n,
        "chosen": dict(chosen),
        "grid": {value: total / n for value, total in totals.items()},
    }


def evaluate_cleaning(
    root: Path = DEFAULT_ROOT,
    limit: int | None = None,
    html: bool = True,
    flatteners: Sequence[str] = ("html-text",),
    by_site: bool = False,
) -> dict[str, object]:
    """Score every system on up to ``limit`` pages; returns macro and micro P/R/F1 and seconds per system.

    ``report["flattened"][flattener]`` holds the flattened-text systems for each flattener, and
    ``report["systems"]`` those of the first one. With ``html``, ``report["html"]`` holds the HTML systems
    and ``report["html_worse_pages"]`` the pages where storyline trails trafilatura. With ``by_site``,
    ``report["by_site"][flattener][system]`` is ``site_spread`` of that system's per-page F1.
    """
    layout = detect_layout(root)
    unknown = [name for name in flatteners if name not in FLATTENERS]
    if unknown or not flatteners:
        raise ValueError(f"unknown flattener(s) {unknown}; choose from {sorted(FLATTENERS)}")
    per_system = {fl: {name: list[Score]() for name in SYSTEMS} for fl in flatteners}
    seconds = {fl: dict.fromkeys(SYSTEMS, 0.0) for fl in flatteners}
    leftover = {fl: dict.fromkeys(SYSTEMS, 0) for fl in flatteners}
    html_scores: dict[str, list[Score]] = {name: [] for name in HTML_SYSTEMS}
    html_seconds: dict[str, float] = dict.fromkeys(HTML_SYSTEMS, 0.0)
    html_leftover: dict[str, int] = dict.fromkeys(HTML_SYSTEMS, 0)
    worse: list[str] = []
    markups: list[str] = []
    urls: list[str | None] = []
    kept_texts: dict[str, list[str]] = {fl: [] for fl in flatteners}  # for the held-out check
    golds: list[str] = []
    pages = 0
    titled = title_hits = 0
    for page in load_pages(root, limit):
        pages += 1
        markup = _decode_page(page.raw)
        markups.append(markup)
        urls.append(page.url)
        golds.append(page.gold)
        for index, flattener in enumerate(flatteners):
            text = FLATTENERS[flattener](page.raw)
            if by_site and layout == "l3s":
                kept_texts[flattener].append(text)
            if index == 0 and tokens(page.headline):
                titled += 1
                title_hits += tokens(clean_plain_text(text).title or "") == tokens(page.headline)
            for name, system in SYSTEMS.items():
                started = time.perf_counter()
                predicted = system(text)
                seconds[flattener][name] += time.perf_counter() - started
                per_system[flattener][name].append(token_prf(predicted, page.gold))
                leftover[flattener][name] += len(boilerplate_lines(predicted))
        if not html:
            continue
        for name, html_system in HTML_SYSTEMS.items():
            started = time.perf_counter()
            predicted = html_system(markup)
            html_seconds[name] += time.perf_counter() - started
            html_scores[name].append(token_prf(predicted, page.fulltext))
            html_leftover[name] += len(boilerplate_lines(predicted))
        if html_scores["storyline"][-1].f1 < html_scores["trafilatura"][-1].f1 - WORSE_BY:
            worse.append(page.page_id)
    flattened = {
        fl: {name: _summary(s, seconds[fl][name], leftover[fl][name]) for name, s in systems.items()}
        for fl, systems in per_system.items()
    }
    report: dict[str, object] = {
        "pages": pages,
        "root": str(root),
        "layout": layout,
        "dataset": dataset_name(root, layout),
        # Share of pages with a gold headline whose title we return word for word (None: no headlines).
        "title_exact": title_hits / titled if titled else None,
        "flattened": flattened,
        "systems": flattened[flatteners[0]],
    }
    if html:
        report["html"] = {
            name: _summary(s, html_seconds[name], html_leftover[name]) for name, s in html_scores.items()
        }
        report["html_worse_pages"] = worse
    if by_site:
        sites = page_sites(markups, urls)
        report["by_site"] = {
            fl: {
                name: site_spread([score.f1 for score in per_system[fl][name]], sites)
                for name in ("storyline", "justext")
            }
            for fl in flatteners
        }
        if layout == "l3s":  # the thresholds were tuned on L3S-GN1: check them there, site by site
            report["held_out"] = {
                fl: [
                    held_out_by_site(kept_texts[fl], golds, sites, name, grid) for name, grid in TUNED.items()
                ]
                for fl in flatteners
            }
    return report


def _rows(systems: dict[str, dict[str, float]]) -> list[str]:
    header = f"{'system':<11} {'P':>6} {'R':>6} {'F1':>6} | {'P':>6} {'R':>6} {'F1':>6} | {'sec':>6}"
    rows = [f"{header} | boilerplate"]
    for name, s in systems.items():
        rows.append(
            f"{name:<11} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} | "
            f"{s['micro_precision']:6.3f} {s['micro_recall']:6.3f} {s['micro_f1']:6.3f} | "
            f"{s['seconds']:6.1f} | {int(s['boilerplate_lines'])}"
        )
    return rows


def _site_rows(spreads: dict[str, dict[str, object]]) -> list[str]:
    header = f"{'system':<11} {'sites':>5} {'pages':>6} {'sites':>6} {'stdev':>6} {'<0.9':>5}"
    rows = [f"{header} | worst sites (pages, F1)"]
    for name, spread in spreads.items():
        worst = spread["worst"]
        assert isinstance(worst, list)
        listed = ", ".join(f"{site} ({pages}, {f1:.2f})" for site, pages, f1 in worst)
        rows.append(
            f"{name:<11} {spread['sites']:>5} {spread['page_macro_f1']:6.3f} {spread['site_macro_f1']:6.3f} "
            f"{spread['site_stdev']:6.3f} {spread['sites_below_0.9']:>5} | {listed}"
        )
    return rows


def format_table(report: dict[str, object]) -> str:
    flattened = report.get("flattened") or {"html-text": report["systems"]}
    assert isinstance(flattened, dict)
    dataset = report.get("dataset", "L3S-GN1")
    gold = "gold headline + full text" if report.get("layout", "l3s") == "l3s" else "gold text"
    rows: list[str] = []
    for flattener, systems in flattened.items():
        if rows:
            rows.append("")
        rows += [
            f"{dataset} ({report['pages']} pages) flattened to text by {flattener}, {gold}; token bag "
            "P/R/F1: macro (per page) | micro (pooled) | boilerplate lines left",
            *_rows(systems),
        ]
        if flattener == next(iter(flattened)) and report.get("title_exact") is not None:
            rows.append(f"storyline title = gold headline (exact words): {report['title_exact']:.3f}")
    by_site = report.get("by_site")
    if isinstance(by_site, dict):
        for flattener, spreads in by_site.items():
            rows += [
                "",
                f"{dataset} by site ({flattener}): per-page F1 grouped by site; pages = macro over pages, "
                "sites = macro over sites, stdev over sites, <0.9 = sites below 0.9",
                *_site_rows(spreads),
            ]
    held_out = report.get("held_out")
    if isinstance(held_out, dict):
        rows += [
            "",
            f"{dataset} leave-one-site-out: each tuned threshold of the cleaner re-picked on the other sites "
            "and scored on the site left out (storyline macro F1)",
            f"{'flattener':<10} {'threshold':<15} {'shipped':>8} {'F1':>6} | {'best':>8} {'F1':>6} | "
            f"{'held-out':>8} | values picked (sites)",
        ]
        for flattener, checks in held_out.items():
            for check in checks:
                picked = ", ".join(f"{value:g}: {count}" for value, count in sorted(check["chosen"].items()))
                shipped = f"{check['shipped']:>8g} {check['shipped_f1']:6.3f}"
                best = f"{check['pooled_best']:>8g} {check['pooled_best_f1']:6.3f}"
                held = f"{check['held_out_f1']:8.3f}"
                rows.append(f"{flattener:<10} {check['name']:<15} {shipped} | {best} | {held} | {picked}")
    html_systems = report.get("html")
    if isinstance(html_systems, dict):
        worse = report.get("html_worse_pages") or []
        assert isinstance(worse, list)
        full = "gold full text" if report.get("layout", "l3s") == "l3s" else "gold text"
        rows += [
            "",
            f"{dataset} ({report['pages']} pages) as HTML, {full}; same columns",
            *_rows(html_systems),
            f"pages where storyline trails trafilatura by > {WORSE_BY} F1: {len(worse)}"
            + (f" ({', '.join(worse[:5])}{' ...' if len(worse) > 5 else ''})" if worse else ""),
        ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline evaluate cleaning", description=__doc__.splitlines()[0])
    parser.add_argument(
        "folders",
        nargs="*",
        type=Path,
        help="dataset folders (input/, GoldStandard/; L3S-GN1 or CleanEval, told apart by the gold files); "
        "default: both under ../shared/data/clean",
    )
    parser.add_argument(
        "--root", type=Path, action="append", default=[], help="a dataset folder (repeatable)"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages of each set")
    parser.add_argument(
        "--flattener",
        choices=(*FLATTENERS, "both"),
        default="both",
        help="how pages are flattened to text for the plain-text systems (default: both, one table each)",
    )
    parser.add_argument("--by-site", action="store_true", help="also group per-page F1 by the page's site")
    parser.add_argument("--html", dest="html", action="store_true", default=True, help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-html",
        dest="html",
        action="store_false",
        help="skip the HTML table (storyline beside trafilatura)",
    )
    args = parser.parse_args(argv)
    # trafilatura logs every page it cannot parse; the table is what this command is for.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    roots: list[Path] = [*args.folders, *args.root] or [DEFAULT_ROOT, CLEANEVAL_ROOT]
    missing = [root for root in roots if not (root / "GoldStandard").is_dir()]
    if missing:
        print(f"no GoldStandard/ under {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    flatteners = tuple(FLATTENERS) if args.flattener == "both" else (args.flattener,)
    tables = [
        format_table(evaluate_cleaning(root, args.limit, args.html, flatteners, args.by_site))
        for root in roots
    ]
    print("\n\n".join(tables))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
