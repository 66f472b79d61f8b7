"""Speed and usefulness of storyline's date resolver beside dateparser's ``search_dates`` on Timeline17.

Both systems read the same T17 articles (published within the gold timeline's span) with the article's
``dct`` as the reference date. Measured in the same run:

* seconds and characters per second for extracting every date mention;
* mentions found, and the date F1 (tls_metrics) of the most-mentioned days against the gold timeline
  (the date half of the baseline in ``storyline.evaluate.timeline``), which shows whether the mentions
  point at the days that matter.

Run: ``python benchmarks/timeline.py [--topic ../shared/data/tls/t17/haiti_bbc] [--limit 60]``.
dateparser is slow (a regex cascade per language and per candidate), so keep ``--limit`` modest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from storyline.evaluate.timeline import load_articles, load_gold, tls_metrics
from storyline.grammar.dates import find_dates
from storyline.model import Article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TOPIC = ROOT.parent / "shared" / "data" / "tls" / "t17" / "haiti_bbc"


def storyline_days(article: Article) -> list[str]:
    anchor = dt.date.fromisoformat(article.published or "1970-01-01")
    return [m.value for m in find_dates(article.text, anchor) if m.granularity == "day"]


def dateparser_days(article: Article) -> list[str]:
    from dateparser.search import search_dates

    base = dt.datetime.fromisoformat(article.published or "1970-01-01")
    found = search_dates(article.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    return [value.date().isoformat() for _, value in found]


def measure(name: str, extract: Callable[[Article], list[str]], articles: list[Article], gold: dict) -> None:
    began = time.perf_counter()
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(extract(article))
    seconds = time.perf_counter() - began
    days = sorted(gold)
    in_span = Counter({d: n for d, n in counts.items() if days[0] <= d <= days[-1]})
    top = {d: ["-"] for d, _ in in_span.most_common(len(gold))}
    f1 = tls_metrics().TimelineEvaluator().dates(top, [gold])["f_score"]
    chars = sum(len(a.text) for a in articles)
    print(
        f"{name:<11} {seconds:7.2f}s {chars / max(seconds, 1e-9):>11,.0f} chars/s  "
        f"mentions {sum(counts.values()):>6}  top-{len(gold)} date F1 {f1:.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", type=Path, default=DEFAULT_TOPIC)
    parser.add_argument("--limit", type=int, default=60, help="articles read (dateparser is slow)")
    args = parser.parse_args()
    (_, gold), *_ = load_gold(args.topic)
    days = sorted(gold)
    articles = load_articles(args.topic, days[0], days[-1])[: args.limit]
    print(f"{args.topic.name}: {len(articles)} articles, {len(gold)} gold dates")
    measure("storyline", storyline_days, articles, gold)
    measure("dateparser", dateparser_days, articles, gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
