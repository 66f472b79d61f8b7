"""Measure the plain-text cleaner against jusText on L3S-GN1 news pages (token-level P/R/F1).

Why this set-up: the cleaner's input is text that has *already lost its HTML*, so each page is first
flattened to plain text (html_text, block elements on their own lines), and every system sees that same
text in the same run. Gold is the page's headline + full text as annotated in ``GoldStandard/*.txt``
(spans of class ``x-nc-sel1`` and ``x-nc-sel2``). Gold lost curly quotes (they are "?"), so scoring uses
word tokens only (punctuation dropped, lower-cased) and compares bags of tokens: per page, averaged
(macro), and pooled over all pages (micro).

Systems: ``storyline`` (title + cleaned text), ``justext`` (English stoplist, each line as a paragraph),
``all-text`` (the flattened page unchanged: the recall ceiling and precision floor).

A second table scores the HTML path on the same pages: ``storyline`` (``clean_html``: trafilatura, then
the plain-text cleaner over its lines) beside ``trafilatura`` alone (``trafilatura.extract`` with default
settings), each page's article text against the gold *full text* (the headline is metadata there, not
body). Besides P/R/F1 it counts the pages where storyline is worse than trafilatura by more than 0.05 F1,
and, for every system of both tables, the lines its output still holds that the line classifier calls
boilerplate (``storyline.clean.lines.boilerplate_lines``: bylines, "N minutes ago", pipe menus, mastheads,
copyright lines ...). Note: trafilatura's default keeps reader comments, which a few gold pages count as
full text; storyline leaves comments out of an article on purpose.
"""

from __future__ import annotations

import argparse
import html
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.clean.lines import boilerplate_lines
from storyline.clean.text import clean_plain_text

__all__ = [
    "DEFAULT_ROOT",
    "HTML_SYSTEMS",
    "WORSE_BY",
    "evaluate_cleaning",
    "flatten_html",
    "gold_text",
    "main",
    "token_prf",
]

DEFAULT_ROOT = Path(__file__).resolve().parents[3].parent / "shared/data/clean/L3S-GN1_page-signal"
_TOKEN = re.compile(r"[^\W_]+")
_GOLD_CLASSES = ("x-nc-sel1", "x-nc-sel2")  # headline, full text
WORSE_BY = 0.05  # a page where storyline's HTML F1 trails trafilatura's by more than this is counted


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


def flatten_html(data: bytes) -> str:
    """Page body as plain text with block elements on their own lines (what a scraper would save)."""
    import html_text
    import lxml.html

    if re.search(rb"<title", data, re.I) and not re.search(rb"</title", data, re.I):
        data = re.sub(rb"<title[^>]*>", b"", data, flags=re.I)  # an unclosed <title> swallows the page
    # Decode ourselves: many pages declare Latin-1 but are UTF-8, which lxml would turn into mojibake.
    try:
        markup = data.decode("utf-8")
    except UnicodeDecodeError:
        markup = data.decode("cp1252", errors="replace")
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)  # lxml refuses str input with an encoding declaration
    try:
        tree = lxml.html.document_fromstring(markup)
    except (ValueError, lxml.etree.ParserError):
        return ""
    whole = str(html_text.extract_text(tree, guess_layout=True))
    for title in tree.xpath("//title"):  # the <title> is not page text...
        title.drop_tree()
    body = str(html_text.extract_text(tree, guess_layout=True))
    return body if len(body) > 0.5 * len(whole) else whole  # ...unless a broken page nests all in it


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


def iter_pages(root: Path, limit: int | None = None) -> Iterator[tuple[str, str, str]]:
    """(page id, flattened text, gold text) for pages that have both an input and a gold file."""
    for page_id, text, gold, _headline, _markup, _full in _iter_pages(root, limit):
        yield page_id, text, gold


def _decode_page(data: bytes) -> str:
    from storyline.ingest.decode import DecodeError, decode_bytes

    try:
        return decode_bytes(data)
    except DecodeError:
        return data.decode("utf-8", errors="replace")


def _iter_pages(root: Path, limit: int | None) -> Iterator[tuple[str, str, str, str, str, str]]:
    """(id, flattened text, gold headline + full text, gold headline, page HTML, gold full text)."""
    count = 0
    for gold_path in sorted((root / "GoldStandard").glob("*.txt")):
        page = root / "input" / f"{gold_path.stem}.html"
        if not page.is_file():
            continue
        data = gold_path.read_bytes()
        gold = gold_text(data)
        if not tokens(gold):
            continue
        raw = page.read_bytes()
        flat, markup = flatten_html(raw), _decode_page(raw)
        yield gold_path.stem, flat, gold, gold_headline(data), markup, gold_fulltext(data)
        count += 1
        if limit is not None and count >= limit:
            return


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


def evaluate_cleaning(
    root: Path = DEFAULT_ROOT, limit: int | None = None, html: bool = True
) -> dict[str, object]:
    """Score every system on up to ``limit`` pages; returns macro and micro P/R/F1 and seconds per system.

    ``report["systems"]`` holds the flattened-text systems; with ``html``, ``report["html"]`` holds the
    HTML systems and ``report["html_worse_pages"]`` the pages where storyline trails trafilatura.
    """
    per_system: dict[str, list[Score]] = {name: [] for name in SYSTEMS}
    seconds: dict[str, float] = dict.fromkeys(SYSTEMS, 0.0)
    leftover: dict[str, int] = dict.fromkeys(SYSTEMS, 0)
    html_scores: dict[str, list[Score]] = {name: [] for name in HTML_SYSTEMS}
    html_seconds: dict[str, float] = dict.fromkeys(HTML_SYSTEMS, 0.0)
    html_leftover: dict[str, int] = dict.fromkeys(HTML_SYSTEMS, 0)
    worse: list[str] = []
    pages = 0
    titled = title_hits = 0
    for page_id, text, gold, headline, markup, fulltext in _iter_pages(root, limit):
        pages += 1
        if tokens(headline):
            titled += 1
            title_hits += tokens(clean_plain_text(text).title or "") == tokens(headline)
        for name, system in SYSTEMS.items():
            started = time.perf_counter()
            predicted = system(text)
            seconds[name] += time.perf_counter() - started
            per_system[name].append(token_prf(predicted, gold))
            leftover[name] += len(boilerplate_lines(predicted))
        if not html:
            continue
        for name, system in HTML_SYSTEMS.items():
            started = time.perf_counter()
            predicted = system(markup)
            html_seconds[name] += time.perf_counter() - started
            html_scores[name].append(token_prf(predicted, fulltext))
            html_leftover[name] += len(boilerplate_lines(predicted))
        if html_scores["storyline"][-1].f1 < html_scores["trafilatura"][-1].f1 - WORSE_BY:
            worse.append(page_id)
    report: dict[str, object] = {
        "pages": pages,
        "root": str(root),
        # Share of pages with a gold headline whose title we return word for word.
        "title_exact": title_hits / titled if titled else 0.0,
    }
    report["systems"] = {name: _summary(s, seconds[name], leftover[name]) for name, s in per_system.items()}
    if html:
        report["html"] = {
            name: _summary(s, html_seconds[name], html_leftover[name]) for name, s in html_scores.items()
        }
        report["html_worse_pages"] = worse
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


def format_table(report: dict[str, object]) -> str:
    systems = report["systems"]
    assert isinstance(systems, dict)
    rows = [
        f"L3S-GN1 ({report['pages']} pages) flattened to text, gold headline + full text; token bag P/R/F1: "
        "macro (per page) | micro (pooled) | boilerplate lines left",
        *_rows(systems),
        f"storyline title = gold headline (exact words): {report['title_exact']:.3f}",
    ]
    html = report.get("html")
    if isinstance(html, dict):
        worse = report.get("html_worse_pages") or []
        assert isinstance(worse, list)
        rows += [
            "",
            f"L3S-GN1 ({report['pages']} pages) as HTML, gold full text; same columns",
            *_rows(html),
            f"pages where storyline trails trafilatura by > {WORSE_BY} F1: {len(worse)}"
            + (f" ({', '.join(worse[:5])}{' ...' if len(worse) > 5 else ''})" if worse else ""),
        ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline evaluate cleaning", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root", type=Path, default=DEFAULT_ROOT, help="L3S-GN1 folder (input/, GoldStandard/)"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument(
        "--no-html", action="store_true", help="skip the HTML table (storyline beside trafilatura)"
    )
    args = parser.parse_args(argv)
    # trafilatura logs every page it cannot parse; the table is what this command is for.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    if not (args.root / "GoldStandard").is_dir():
        print(f"no GoldStandard/ under {args.root}", file=sys.stderr)
        return 2
    print(format_table(evaluate_cleaning(args.root, args.limit, html=not args.no_html)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
