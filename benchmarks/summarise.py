"""Speed of the summarise step: storyline beside sumy LexRank, and how it grows with the story's size.

Only the summarising is timed: storyline gets articles whose sentences were split beforehand (one spaCy
pass, outside the clock) and LexRank gets an already parsed sumy document. The growth curve pools the
documents of the shared dev sets into stories of 5, 25, 100 and 400 articles; the fitted exponent of
time against size shows whether the cost is sub-quadratic (LexRank's sentence graph is quadratic, so it
is only run up to ``--lexrank-max`` articles).

    python benchmarks/summarise.py [--limit 30] [--sizes 5,25,100,400]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

from storyline.briefing.summarise import summarise
from storyline.evaluate.datasets import load_clusters
from storyline.evaluate.summaries import _sumy_summarizer, _tokenizer, build_articles, word_budget

MDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "mds"


def _time_storyline(articles: list, words: int) -> float:
    began = time.perf_counter()
    summarise(articles, words=words)
    return time.perf_counter() - began


def _time_lexrank(documents: list[str], words: int) -> float:
    from sumy.parsers.plaintext import PlaintextParser

    document = PlaintextParser.from_string("\n\n".join(documents), _tokenizer()).document
    summarizer = _sumy_summarizer("lexrank")
    enough = word_budget(words)
    began = time.perf_counter()
    summarizer(document, enough)
    return time.perf_counter() - began


def per_cluster(limit: int, words: int) -> None:
    clusters = load_clusters(MDS / "multinews-dev100.jsonl", limit=limit)
    ours, theirs = [], []
    for cluster in clusters:
        articles = build_articles(cluster.documents)
        ours.append(_time_storyline(articles, words))
        theirs.append(_time_lexrank(cluster.documents, words))
    print(
        f"Multi-News dev, {len(clusters)} clusters, {words} words (summarise step only, sentences pre-split)"
    )
    print(f"  {'method':<10} {'mean s':>8} {'median s':>9} {'max s':>7}")
    for name, times in (("storyline", ours), ("lexrank", theirs)):
        print(f"  {name:<10} {statistics.mean(times):8.4f} {statistics.median(times):9.4f} {max(times):7.3f}")


def growth(sizes: list[int], words: int, lexrank_max: int) -> None:
    pool = [
        doc
        for name in ("multinews-dev100.jsonl", "duc2007-main-dev23.jsonl")
        for cluster in load_clusters(MDS / name)
        for doc in cluster.documents
        if len(doc.split()) >= 80
    ]
    if max(sizes) > len(pool):
        sys.exit(f"only {len(pool)} documents to pool from")
    print(f"\nGrowth: stories pooled from {len(pool)} dev documents; parsing {max(sizes)} once (not timed)")
    articles = build_articles(pool[: max(sizes)])
    print(f"  {'articles':>8} {'sentences':>9} {'storyline s':>11} {'lexrank s':>9}")
    rows = []
    for size in sizes:
        subset = articles[:size]
        sentences = sum(len(a.sentences) for a in subset)
        ours = min(_time_storyline(subset, words) for _ in range(2))
        theirs = _time_lexrank([a.text for a in subset], words) if size <= lexrank_max else math.nan
        rows.append((size, ours, theirs))
        lex = f"{theirs:9.3f}" if not math.isnan(theirs) else f"{'skipped':>9}"
        print(f"  {size:>8} {sentences:>9} {ours:11.3f} {lex}")
    for label, column in (("storyline", 1), ("lexrank", 2)):
        points = [(r[0], r[column]) for r in rows if not math.isnan(r[column]) and r[column] > 0]
        if len(points) >= 2:
            (n0, t0), (n1, t1) = points[0], points[-1]
            exponent = math.log(t1 / t0) / math.log(n1 / n0)
            print(f"  {label}: time ~ articles^{exponent:.2f} ({n0} -> {n1} articles)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=30, help="Multi-News clusters for the per-cluster times")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--sizes", default="5,25,100,400")
    parser.add_argument("--lexrank-max", type=int, default=100)
    args = parser.parse_args(argv)
    per_cluster(args.limit, args.words)
    growth([int(s) for s in args.sizes.split(",")], args.words, args.lexrank_max)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
