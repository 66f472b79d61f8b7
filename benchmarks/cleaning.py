"""Speed and memory of the plain-text cleaner beside jusText on the same flattened news pages.

Run: ``python benchmarks/cleaning.py [--limit N] [--repeat R]``. Pages come from L3S-GN1 (flattened to text
once, outside the timed region); each system cleans every page ``repeat`` times. Peak memory is the
tracemalloc peak of one pass over all pages (Python allocations only). The same pages as HTML are timed
through ``clean_html`` (trafilatura, then the plain-text cleaner over its lines) beside trafilatura alone.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

from storyline.clean.text import clean_corpus, clean_plain_text
from storyline.evaluate.cleaning import DEFAULT_ROOT, HTML_SYSTEMS, SYSTEMS, _decode_page, iter_pages


def _measure(name: str, run: Callable[[list[str]], object], texts: list[str], repeat: int) -> str:
    run(texts[:20])  # warm up (imports, regex caches) outside the timed region
    started = time.perf_counter()
    for _ in range(repeat):
        run(texts)
    seconds = (time.perf_counter() - started) / repeat
    tracemalloc.start()
    run(texts)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    megabytes = sum(len(text) for text in texts) / 1e6
    return (
        f"{name:<22} {len(texts) / seconds:8.1f} pages/s {megabytes / seconds:7.2f} MB/s "
        f"peak {peak / 1e6:6.1f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    texts = [text for _page, text, _gold in iter_pages(DEFAULT_ROOT, args.limit)]
    print(f"{len(texts)} pages, {sum(len(t) for t in texts) / 1e6:.2f} MB of flattened text")
    justext = SYSTEMS["justext"]
    one_by_one = lambda batch: [clean_plain_text(t) for t in batch]  # noqa: E731
    print(_measure("storyline clean_plain", one_by_one, texts, args.repeat))
    print(_measure("storyline clean_corpus", clean_corpus, texts, args.repeat))
    print(_measure("justext", lambda batch: [justext(t) for t in batch], texts, args.repeat))
    pages = sorted((DEFAULT_ROOT / "input").glob("*.html"))[: args.limit]
    markups = [_decode_page(page.read_bytes()) for page in pages]
    print(f"{len(markups)} pages, {sum(len(m) for m in markups) / 1e6:.2f} MB of HTML")
    for name, system in HTML_SYSTEMS.items():
        run = lambda batch, system=system: [system(m) for m in batch]  # noqa: E731
        print(_measure(f"html {name}", run, markups, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
