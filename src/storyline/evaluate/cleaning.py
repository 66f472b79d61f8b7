"""Measure the plain-text cleaner against jusText on L3S-GN1 news pages (token-level P/R/F1).

Why this set-up: the cleaner's input is text that has *already lost its HTML*, so each page is first
flattened to plain text (html_text, block elements on their own lines), and every system sees that same
text in the same run. Gold is the page's headline + full text as annotated in ``GoldStandard/*.txt``
(spans of class ``x-nc-sel1`` and ``x-nc-sel2``). Gold lost curly quotes (they are "?"), so scoring uses
word tokens only (punctuation dropped, lower-cased) and compares bags of tokens: per page, averaged
(macro), and pooled over all pages (micro).

Systems: ``storyline`` (title + cleaned text), ``justext`` (English stoplist, each line as a paragraph),
``all-text`` (the flattened page unchanged: the recall ceiling and precision floor).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.clean.text import clean_plain_text

__all__ = ["DEFAULT_ROOT", "evaluate_cleaning", "flatten_html", "gold_text", "main", "token_prf"]

DEFAULT_ROOT = Path(__file__).resolve().parents[3].parent / "shared/data/clean/L3S-GN1_page-signal"
_TOKEN = re.compile(r"[^\W_]+")
_GOLD_CLASSES = ("x-nc-sel1", "x-nc-sel2")  # headline, full text


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


def iter_pages(root: Path, limit: int | None = None) -> Iterator[tuple[str, str, str]]:
    """(page id, flattened text, gold text) for pages that have both an input and a gold file."""
    for page_id, text, gold, _headline in _iter_pages(root, limit):
        yield page_id, text, gold


def _iter_pages(root: Path, limit: int | None) -> Iterator[tuple[str, str, str, str]]:
    count = 0
    for gold_path in sorted((root / "GoldStandard").glob("*.txt")):
        page = root / "input" / f"{gold_path.stem}.html"
        if not page.is_file():
            continue
        data = gold_path.read_bytes()
        gold = gold_text(data)
        if not tokens(gold):
            continue
        yield gold_path.stem, flatten_html(page.read_bytes()), gold, gold_headline(data)
        count += 1
        if limit is not None and count >= limit:
            return


def evaluate_cleaning(root: Path = DEFAULT_ROOT, limit: int | None = None) -> dict[str, object]:
    """Score every system on up to ``limit`` pages; returns macro and micro P/R/F1 and seconds per system."""
    per_system: dict[str, list[Score]] = {name: [] for name in SYSTEMS}
    seconds: dict[str, float] = dict.fromkeys(SYSTEMS, 0.0)
    pages = 0
    titled = title_hits = 0
    for _page_id, text, gold, headline in _iter_pages(root, limit):
        pages += 1
        if tokens(headline):
            titled += 1
            title_hits += tokens(clean_plain_text(text).title or "") == tokens(headline)
        for name, system in SYSTEMS.items():
            started = time.perf_counter()
            predicted = system(text)
            seconds[name] += time.perf_counter() - started
            per_system[name].append(token_prf(predicted, gold))
    report: dict[str, object] = {
        "pages": pages,
        "root": str(root),
        # Share of pages with a gold headline whose title we return word for word.
        "title_exact": title_hits / titled if titled else 0.0,
    }
    systems: dict[str, dict[str, float]] = {}
    for name, scores in per_system.items():
        n = max(1, len(scores))
        pooled = Score(
            sum(s.overlap for s in scores), sum(s.predicted for s in scores), sum(s.gold for s in scores)
        )
        systems[name] = {
            "precision": sum(s.precision for s in scores) / n,
            "recall": sum(s.recall for s in scores) / n,
            "f1": sum(s.f1 for s in scores) / n,
            "micro_precision": pooled.precision,
            "micro_recall": pooled.recall,
            "micro_f1": pooled.f1,
            "seconds": seconds[name],
        }
    report["systems"] = systems
    return report


def format_table(report: dict[str, object]) -> str:
    systems = report["systems"]
    assert isinstance(systems, dict)
    rows = [
        f"L3S-GN1 ({report['pages']} pages), token bag P/R/F1: macro (per page) | micro (pooled)",
        f"{'system':<10} {'P':>6} {'R':>6} {'F1':>6} | {'P':>6} {'R':>6} {'F1':>6} | {'sec':>6}",
    ]
    for name, s in systems.items():
        rows.append(
            f"{name:<10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} | "
            f"{s['micro_precision']:6.3f} {s['micro_recall']:6.3f} {s['micro_f1']:6.3f} | {s['seconds']:6.1f}"
        )
    rows.append(f"storyline title = gold headline (exact words): {report['title_exact']:.3f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline evaluate cleaning", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root", type=Path, default=DEFAULT_ROOT, help="L3S-GN1 folder (input/, GoldStandard/)"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    args = parser.parse_args(argv)
    if not (args.root / "GoldStandard").is_dir():
        print(f"no GoldStandard/ under {args.root}", file=sys.stderr)
        return 2
    print(format_table(evaluate_cleaning(args.root, args.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
