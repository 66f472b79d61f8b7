"""Cost of entities + quotes relative to spaCy's own analysis of the same articles.

Budget: quote extraction (``extract_entities`` + ``extract_quotes``) may add at most 30% to the spaCy
``nlp()`` time of an article. Measured on the five Friends-of-Syria seed files and on PolNeAR dev; the
spaCy time is the base each ratio is measured against, in the same run.

Usage: ``python benchmarks/quotes.py [--limit N] [--repeat R]``; exits 1 when over budget.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from storyline.analyse.entities import extract_entities
from storyline.analyse.given_names import female_given_names
from storyline.analyse.nlp import get_nlp
from storyline.analyse.quotes import extract_quotes
from storyline.model import Article

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BUDGET = 0.30


def measure(name: str, texts: list[str], repeat: int) -> float:
    """Print spaCy and quote-extraction seconds for ``texts``; return the ratio quotes/spaCy."""
    nlp = get_nlp()
    nlp_seconds = quote_seconds = 0.0
    quotes = 0
    for _ in range(repeat):
        for number, text in enumerate(texts):
            started = time.perf_counter()
            doc = nlp(text)
            nlp_seconds += time.perf_counter() - started
            article = Article(id=f"{name}-{number}", source=name, text=text)
            started = time.perf_counter()
            entities = extract_entities(article, doc)
            found = extract_quotes(article, doc, entities)
            quote_seconds += time.perf_counter() - started
            quotes += len(found)
    ratio = quote_seconds / nlp_seconds if nlp_seconds else 0.0
    chars = sum(len(text) for text in texts)
    print(
        f"{name:<18} {len(texts):>4} articles {chars:>9,} chars | spaCy {nlp_seconds / repeat:7.2f}s | "
        f"entities+quotes {quote_seconds / repeat:6.2f}s | +{100 * ratio:5.1f}% | {quotes // repeat} quotes"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="PolNeAR dev articles to use (default all)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    # What loads once per process is left out of the per-article overhead: the model and the given-name
    # dictionary the entity layer reads (about 0.15 s; benchmarks/brief.py's cold run includes both).
    get_nlp()("Warm up the pipeline once.")
    female_given_names()
    seed = [path.read_text(encoding="utf-8") for path in sorted((SHARED / "friends-of-syria").glob("*.txt"))]
    dev_paths = sorted((SHARED / "quotes" / "polnear" / "data" / "dev" / "text").glob("*.txt"))
    dev = [path.read_text(encoding="utf-8") for path in dev_paths[: args.limit]]
    ratios = [measure("friends-of-syria", seed, args.repeat), measure("polnear-dev", dev, args.repeat)]
    worst = max(ratios)
    verdict = "within" if worst <= BUDGET else "OVER"
    print(f"worst overhead +{100 * worst:.1f}% ({verdict} the {100 * BUDGET:.0f}% budget)")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
