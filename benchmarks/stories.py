"""Speed and memory of story grouping alone, on a stream of up to 100,000 analysed articles.

The stream is made from the shared ECB+ documents (43 kinds of event, two events of each): every ECB+
event is replayed as many times as needed, each replay a *different* event of the same kind — its
entity, number and date terms are renamed, so replays share vocabulary but not names (the hard case) —
starting on a random day of one year and running for a few days; each article of a replay recombines the
terms of two documents of the source event. Only the features come from spaCy (once, outside the clock);
the clock runs over the grouping (document frequencies, blocking, scoring, centroids).

Peers in the same run: the same online grouper *without* blocking (every active story scored), and
scikit-learn's agglomerative clustering (average link, cosine) on the same vectors, which needs every
pair and so is run only on the first few thousand articles.

    python benchmarks/stories.py [--sizes 1000,10000,100000] [--peer-max 10000] [--agglomerative-max 5000]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from storyline.engine.stories import featurize_records
from storyline.evaluate.stories import b_cubed
from storyline.relate.stories.features import StoryFeatures
from storyline.relate.stories.grouping import StoryGrouper, _Cluster, _Level

ECB = Path(__file__).resolve().parents[2] / "shared" / "data" / "stories" / "ecbplus" / "ECB+"
START_DAY = 739_000  # an ordinal day in 2024; only differences matter


def _ecb_documents() -> tuple[list[dict[str, object]], list[tuple[int, str]]]:
    records: list[dict[str, object]] = []
    events: list[tuple[int, str]] = []
    for path in sorted(ECB.glob("*/*.xml")):
        topic = int(path.name.split("_")[0])
        sentences: dict[int, list[str]] = defaultdict(list)
        for token in ET.parse(path).getroot().iter("token"):
            sentences[int(token.get("sentence", "0"))].append(token.text or "")
        text = "\n\n".join(" ".join(words) for _, words in sorted(sentences.items()))
        records.append({"text": text})
        events.append((topic, "plus" if "ecbplus" in path.name else "ecb"))
    return records, events


def _rss_mib() -> float:
    """Resident memory now (Linux /proc), in MiB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _renamed(terms: dict[str, float], replay: int) -> dict[str, float]:
    return {f"{term}#{replay}": value for term, value in terms.items()}


def build_stream(
    pool: dict[tuple[int, str], list[StoryFeatures]], size: int, seed: int = 2012
) -> tuple[list[StoryFeatures], list[int]]:
    """``size`` articles in date order and their gold event number."""
    rng = random.Random(seed)
    kinds = sorted(pool)
    stream: list[tuple[int, int, StoryFeatures]] = []
    replay = 0
    while len(stream) < size:
        kind = kinds[replay % len(kinds)]
        sources = pool[kind]
        start = START_DAY + rng.randrange(365)
        for number in range(max(2, int(rng.expovariate(1 / 12)))):
            first, second = rng.choice(sources), rng.choice(sources)
            content = dict(first.content)
            for term, value in second.content.items():
                content[term] = max(value, content.get(term, 0.0))
            specific = _renamed({**first.specific, **second.specific}, replay)
            day = start + min(int(rng.expovariate(1 / 1.5)), 10)
            article = StoryFeatures(f"r{replay}-{number}", day, content, specific)
            stream.append((day, replay, article))
        replay += 1
    stream.sort(key=lambda item: (item[0], item[2].article_id))
    stream = stream[:size]
    return [item[2] for item in stream], [item[1] for item in stream]


class _UnblockedLevel(_Level):
    """The peer: every active cluster is a candidate (no inverted index lookup)."""

    def candidates(self, probes: object, limit: int) -> list[_Cluster]:  # type: ignore[override]
        return list(self.active.values())


def _unblocked() -> StoryGrouper:
    grouper = StoryGrouper()
    grouper.stories.__class__ = _UnblockedLevel
    grouper.topics.__class__ = _UnblockedLevel
    return grouper


def time_grouping(stream: list[StoryFeatures], checkpoints: list[int], grouper: StoryGrouper) -> list[dict]:
    rows: list[dict] = []
    labels: list[int] = []
    base = _rss_mib()
    began = time.perf_counter()
    for count, article in enumerate(stream, start=1):
        grouper.observe(article)
        labels.append(grouper.assign(article).story)
        if count in checkpoints:
            elapsed = time.perf_counter() - began
            rows.append(
                {
                    "articles": count,
                    "seconds": elapsed,
                    "per_second": count / elapsed,
                    "rss_growth_mib": _rss_mib() - base,
                    "active_stories": len(grouper.stories.active),
                    "terms": len(grouper.df),
                    "compared_per_article": grouper.compared / count,
                    "labels": list(labels),
                }
            )
    return rows


def time_agglomerative(stream: list[StoryFeatures], size: int) -> dict:
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    base = _rss_mib()
    began = time.perf_counter()
    matrix = DictVectorizer().fit_transform([a.terms() for a in stream[:size]])
    vectors = TfidfTransformer(sublinear_tf=False).fit_transform(matrix)
    model = AgglomerativeClustering(
        metric="cosine", linkage="average", distance_threshold=0.8, n_clusters=None
    )
    labels = model.fit_predict(vectors.toarray().astype(np.float32))
    elapsed = time.perf_counter() - began
    return {
        "articles": size,
        "seconds": elapsed,
        "per_second": size / elapsed,
        "rss_growth_mib": _rss_mib() - base,
        "labels": list(labels),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--peer-max", type=int, default=10_000)
    parser.add_argument("--agglomerative-max", type=int, default=5_000)
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if not ECB.is_dir():
        print(f"benchmarks/stories.py: {ECB}: ECB+ not found", file=sys.stderr)
        return 2
    records, events = _ecb_documents()
    began = time.perf_counter()
    features = featurize_records(records)
    print(
        f"features of {len(records)} ECB+ documents (spaCy, outside the clock): "
        f"{time.perf_counter() - began:.0f} s"
    )
    pool: dict[tuple[int, str], list[StoryFeatures]] = defaultdict(list)
    for item, event in zip(features, events, strict=True):
        if item is not None:
            pool[event].append(item)
    stream, gold = build_stream(pool, sizes[-1])
    days = stream[-1].day - stream[0].day + 1  # type: ignore[operator]
    print(
        f"stream: {len(stream):,} articles, {len(set(gold)):,} events over {days} days "
        f"({len(stream) / days:.0f} articles a day)\n"
    )
    print(
        f"{'system':<28} {'articles':>9} {'seconds':>8} {'art/s':>8} {'RSS +MiB':>9} {'active':>7} "
        f"{'terms':>8} {'scored/art':>10} {'B3 F1':>6}"
    )
    for label, grouper, limit in (
        ("storyline (blocked)", StoryGrouper(), sizes[-1]),
        ("same grouper, unblocked", _unblocked(), args.peer_max),
    ):
        checkpoints = [size for size in sizes if size <= limit]
        for row in time_grouping(stream[: max(checkpoints)], checkpoints, grouper):
            f1 = b_cubed(row["labels"], gold[: row["articles"]])[2]
            print(
                f"{label:<28} {row['articles']:>9,} {row['seconds']:>8.1f} {row['per_second']:>8,.0f} "
                f"{row['rss_growth_mib']:>9.1f} {row['active_stories']:>7,} {row['terms']:>8,} "
                f"{row['compared_per_article']:>10.1f} {f1:>6.3f}"
            )
    for size in [size for size in (1000, args.agglomerative_max) if size <= args.agglomerative_max]:
        row = time_agglomerative(stream, size)
        f1 = b_cubed(row["labels"], gold[:size])[2]
        print(
            f"{'sklearn agglomerative':<28} {size:>9,} {row['seconds']:>8.1f} {row['per_second']:>8,.0f} "
            f"{row['rss_growth_mib']:>9.1f} {'-':>7} {'-':>8} {'all pairs':>10} {f1:>6.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
