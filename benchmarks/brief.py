"""Time a cold `storyline brief` of the seed corpus and a warm `storyline.brief` call, beside sumy LexRank.

Cold = process start to HTML written (a new Python process each run, model loaded from disk).
Warm = the API called again in a process that has already loaded everything.
The peer (sumy LexRank, 250 words) summarises the same raw text in the same run, cold and warm.
Peak memory is the maximum resident set size of the cold processes (and of this process for warm).

Usage: python benchmarks/brief.py [--runs 3] [--corpus ../shared/data/friends-of-syria]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "friends-of-syria"

LEXRANK_SCRIPT = """
import sys
from pathlib import Path
from storyline.evaluate.summaries import sumy_summary
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
print(len(sumy_summary("lexrank", texts, 250).split()))
"""


def _cold(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds of ``command`` over ``runs`` fresh processes, and their peak RSS in MiB.

    ``os.wait4`` gives the resource usage of that one child, so each system's peak is its own.
    """
    seconds = []
    peak = 0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds.append(time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed with exit code {child.returncode}")
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(seconds), peak / 1024


def _warm(call, runs: int) -> float:  # type: ignore[no-untyped-def]
    call()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    corpus: Path = args.corpus
    files = sorted(corpus.glob("*.txt"))
    out = Path(tempfile.mkdtemp()) / "brief.html"
    storyline_cmd = [sys.executable, "-m", "storyline.cli", "brief", str(corpus), "-o", str(out)]
    cold_storyline, rss_storyline = _cold(storyline_cmd, args.runs)
    cold_lexrank, rss_lexrank = _cold([sys.executable, "-c", LEXRANK_SCRIPT, str(corpus)], args.runs)

    import storyline
    from storyline.evaluate.summaries import sumy_summary

    texts = [path.read_text(encoding="utf-8") for path in files]
    from storyline.analyse.nlp import get_nlp

    nlp = get_nlp()
    warm_spacy = _warm(lambda: list(nlp.pipe(texts)), args.runs)  # the floor: bare spaCy, same texts
    warm_storyline = _warm(lambda: storyline.brief(files), args.runs)  # nothing is cached between runs
    warm_lexrank = _warm(lambda: sumy_summary("lexrank", texts, 250), args.runs)
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    words = sum(len(text.split()) for text in texts)
    print(f"corpus: {corpus} ({len(files)} files, {words:,} words); median of {args.runs} runs")
    print(f"{'system':<22}{'cold s':>9}{'warm s':>9}{'peak MiB (cold)':>17}")
    print(f"{'storyline brief->html':<22}{cold_storyline:>9.2f}{warm_storyline:>9.3f}{rss_storyline:>17.0f}")
    print(f"{'sumy LexRank':<22}{cold_lexrank:>9.2f}{warm_lexrank:>9.3f}{rss_lexrank:>17.0f}")
    print(f"{'bare spaCy nlp.pipe':<22}{'':>9}{warm_spacy:>9.3f}")
    print(f"warm storyline / bare spaCy: {warm_storyline / warm_spacy:.2f}x")
    print(f"peak RSS of this process (warm runs of both): {rss_self:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
