"""A corpus → Parquet parts → the store, in partitions that any executor runs.

Why partitions: an archive does not fit in one process's memory, and on Spark the reading, decoding,
cleaning and analysis must happen on the executors, not on the driver. So the driver only *lists* the
input files and cuts them into partitions (a big JSONL file into several); each partition is read,
cleaned, analysed and written as Parquet (``storyline.store.tables``) by whichever executor runs it —
this process, a pool of processes, or Spark — and the store then bulk-loads the Parquet. Nothing here
depends on the executor, so the three give the same articles.

Two passes, because plain-text cleaning uses evidence from the whole batch (a line repeated in two
documents is a site's template): the first pass counts, per line key, how many documents have it; the
lines in two or more are written to ``_repeated.txt`` in the output folder and every partition of the
second pass reads them, so a corpus cleaned in partitions reads exactly as one cleaned at once.

Resume: a finished partition writes ``_done/<name>.json`` (its counts and problems) after its Parquet
files. A rerun skips finished partitions and redoes the others from scratch (their partial files are
replaced under the same names), and the store replaces articles by their stable id, so a kill at any
point never duplicates an article.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.ingest.readers import JSONL_SUFFIXES, read_file, read_jsonl_text, suffix_of, walk_source
from storyline.ingest.unicode import display_name
from storyline.model import Article, Problem

if TYPE_CHECKING:
    from storyline.engine.executors import Executor
    from storyline.ingest.document import RawDocument

log = logging.getLogger("storyline")

#: Input bytes per partition: about 200 news articles, small enough that a worker's memory stays flat
#: and a killed run loses little, large enough that per-partition overhead (a Spark task) is noise.
PARTITION_BYTES = 1_000_000
#: Articles analysed and written per Parquet file within a partition.
CHUNK_ARTICLES = 128
REPEATED_FILE = "_repeated.txt"
DONE_FOLDER = "_done"
#: Created in the output folder to ask every partition, on any executor, to stop after its parse batch.
STOP_FILE = "_stop"
TABLES = ("articles", "quotes", "claims")


@dataclass(frozen=True, slots=True)
class Unit:
    """One input file, or one of ``parts`` equal slices of the lines of a big JSONL file."""

    path: str
    part: int = 0
    parts: int = 1


@dataclass(frozen=True, slots=True)
class Partition:
    """What one task reads and where it writes: picklable, so any executor can ship it."""

    name: str
    units: tuple[Unit, ...]
    out: str
    settings: Settings = DEFAULT_SETTINGS


@dataclass(slots=True)
class PartitionReport:
    """What one partition did; ``resumed`` when it had finished in an earlier run and was skipped."""

    name: str
    ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    resumed: bool = False
    stopped: bool = False


@dataclass(slots=True)
class CorpusReport:
    """The whole run: every partition's report and the problems of listing the inputs."""

    partitions: list[PartitionReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [article_id for report in self.partitions for article_id in report.ids]

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for report in self.partitions for p in report.problems)]

    @property
    def resumed(self) -> int:
        return sum(1 for report in self.partitions if report.resumed)

    @property
    def stopped(self) -> bool:
        """Whether a stop was asked for (``request_stop``) and some partitions did not finish."""
        return any(report.stopped for report in self.partitions)

    @property
    def finished(self) -> int:
        return sum(1 for report in self.partitions if not report.stopped)


# -- the driver: list, cut, count ----------------------------------------------------------------------


def list_inputs(sources: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The files named by ``sources`` (files, or folders walked in name order), each once, and a Problem
    for every entry that is not read (``storyline.ingest.readers.walk_source``)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for source in sources:
        found, passed_over = walk_source(Path(source))
        files.extend(found)
        problems.extend(passed_over)
    return list(dict.fromkeys(files)), problems


def plan_partitions(
    files: Sequence[Path],
    out: str | Path,
    settings: Settings = DEFAULT_SETTINGS,
    partition_bytes: int = PARTITION_BYTES,
) -> list[Partition]:
    """Cut ``files`` into partitions of about ``partition_bytes`` each, in order.

    A JSONL file bigger than that becomes several units (slices of its lines); other files are never
    split. A partition's name is a digest of its units and their sizes and modification times, so a rerun
    on the same input finds its finished partitions, and a changed file is never taken as done.
    """
    units: list[tuple[Unit, int, str]] = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            size, stamp = 0, "missing"  # reading it will report the problem
        else:
            size, stamp = stat.st_size, f"{stat.st_size}:{stat.st_mtime_ns}"
        parts = max(1, math.ceil(size / partition_bytes)) if suffix_of(path) in JSONL_SUFFIXES else 1
        for part in range(parts):
            units.append((Unit(str(path), part, parts), size // parts, stamp))
    partitions: list[Partition] = []
    current: list[tuple[Unit, int, str]] = []
    for item in units:
        if current and sum(size for _, size, _ in current) + item[1] > partition_bytes:
            partitions.append(_partition(len(partitions), current, out, settings))
            current = []
        current.append(item)
    if current:
        partitions.append(_partition(len(partitions), current, out, settings))
    return partitions


def _partition(
    index: int, items: list[tuple[Unit, int, str]], out: str | Path, settings: Settings
) -> Partition:
    signature = json.dumps([[u.path, u.part, u.parts, stamp] for u, _, stamp in items])
    digest = hashlib.sha1(signature.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return Partition(f"p{index:05d}-{digest}", tuple(u for u, _, _ in items), str(out), settings)


def count_repeated_lines(partitions: Sequence[Partition], executor: Executor) -> set[str]:
    """The line keys found in two or more plain-text documents of the whole corpus (the first pass)."""
    counts: Counter[str] = Counter()
    for partial in executor.map(partition_line_counts, list(partitions)):
        counts.update(partial)
    return {key for key, count in counts.items() if count >= 2}


def prepare_output(out: str | Path, partitions: Sequence[Partition], repeated: set[str]) -> None:
    """Create the output folder, write the repeated-line evidence, and delete Parquet parts of partitions
    that are not in this plan (from a run over other inputs), so the store never loads stale articles.

    Finished-partition markers of other inputs are kept: they are small, and a later run over those
    inputs into the same store skips their partitions (``ingest_corpus`` checks their articles are
    stored)."""
    folder = Path(out)
    for name in (*TABLES, DONE_FOLDER):
        (folder / name).mkdir(parents=True, exist_ok=True)
    planned = {partition.name for partition in partitions}
    for name in TABLES:
        for path in (folder / name).glob("*.parquet"):
            if path.name.split("~", 1)[0] not in planned:
                path.unlink()
        for path in (folder / name).glob(".*.tmp"):  # left by a writer that was killed
            path.unlink()
    _write_atomically(folder / REPEATED_FILE, "".join(f"{key}\n" for key in sorted(repeated)))


def ingest_corpus(
    sources: Iterable[str | Path],
    out: str | Path,
    executor: Executor,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    partition_bytes: int = PARTITION_BYTES,
    stored: Callable[[Sequence[str]], set[str]] | None = None,
) -> CorpusReport:
    """List ``sources``, count repeated lines, then read, clean, analyse and write every partition of them
    as Parquet under ``out`` with ``executor``. Load the result with ``Store.import_parquet(out)``.

    A partition with a finished marker is not redone. When its Parquet parts are gone (deleted after
    they were loaded) it counts as finished only if ``stored`` (the ids of these that a store holds)
    says all its articles are in the store; otherwise it is redone.
    """
    files, problems = list_inputs(sources)
    partitions = plan_partitions(files, out, settings, partition_bytes)
    report = CorpusReport(problems=problems)
    if not partitions:
        return report
    clear_stop(out)
    done = Path(out) / DONE_FOLDER
    finished = _finished_partitions(Path(out), [p.name for p in partitions], stored)
    todo = [p for p in partitions if p.name not in finished]
    # The evidence is recounted only when something is left to do: a finished run needs none of it.
    if todo:
        repeated = count_repeated_lines(partitions, executor)
        prepare_output(out, partitions, repeated)
    reports = {r.name: r for r in executor.map(ingest_partition, todo)} if todo else {}
    for partition in partitions:
        report.partitions.append(reports.get(partition.name) or _finished_report(done, partition.name))
    return report


def _finished_partitions(
    out: Path, names: Sequence[str], stored: Callable[[Sequence[str]], set[str]] | None
) -> set[str]:
    """The partitions among ``names`` that need no work: a marker, and their Parquet parts still there or
    (when ``stored`` is given) all their articles in the store. One listing of the parts and one store
    query for the whole run, not one per partition. A marker whose articles are gone is deleted."""
    done = out / DONE_FOLDER
    marked = [name for name in names if (done / f"{name}.json").is_file()]
    if stored is None:
        return set(marked)
    with_parts = {path.name.split("~", 1)[0] for path in (out / "articles").glob("*.parquet")}
    loaded = {name: _finished_report(done, name).ids for name in marked if name not in with_parts}
    present = stored([article_id for ids in loaded.values() for article_id in ids]) if loaded else set()
    finished = {name for name in marked if name in with_parts}
    for name, ids in loaded.items():
        if set(ids) <= present:
            finished.add(name)
        else:  # its articles were loaded into another store, or deleted from this one
            (done / f"{name}.json").unlink()
    return finished


def request_stop(out: str | Path) -> None:
    """Ask the partitions running under ``out`` to stop after their current parse batch (a signal
    handler calls this; the partitions poll a file so that it works on every executor)."""
    Path(out, STOP_FILE).touch()


def clear_stop(out: str | Path) -> None:
    Path(out, STOP_FILE).unlink(missing_ok=True)


def _stop_requested(out: Path) -> bool:
    return (out / STOP_FILE).exists()


def forget_parts(out: str | Path) -> None:
    """Delete the Parquet parts and the repeated-line evidence after the store loaded them, keeping the
    finished-partition markers (so a rerun over the same input into the same store redoes nothing)."""
    folder = Path(out)
    for name in TABLES:
        for path in (folder / name).glob("*.parquet"):
            path.unlink()
    (folder / REPEATED_FILE).unlink(missing_ok=True)


# -- the executors' side: one partition ----------------------------------------------------------------


def read_unit(unit: Unit, settings: Settings) -> Iterator[RawDocument | Problem]:
    """The documents (and problems) of one unit: a whole file, or one slice of a JSONL file's lines.

    A slice reads and decodes its whole file and keeps its share of the lines, so that line numbers (and
    so sources and ids) are those of reading the file at once. That repeats the file's I/O once per
    slice; for the largest file accepted (20 × ``max_file_bytes``) it is seconds against the hours its
    parse takes, so byte-range slices were not worth their line-numbering bookkeeping.
    """
    path = Path(unit.path)
    if unit.parts == 1:
        yield from read_file(path, settings)
        return
    from storyline.ingest.decode import DecodeError, decode_bytes

    limit = settings.max_file_bytes * 20  # what read_file allows a JSONL file
    try:
        size = path.stat().st_size
        if size > limit:
            raise ValueError(f"file is {size:,} bytes, over the size limit of {limit:,} bytes")
        content = decode_bytes(path.read_bytes())
    except (OSError, DecodeError, ValueError) as error:
        if unit.part == 0:  # the file's problem is said once, by its first slice
            reason = f"cannot read: {error.strerror or error}" if isinstance(error, OSError) else str(error)
            yield Problem(display_name(unit.path), reason)
        return
    lines = content.splitlines()
    start, stop = len(lines) * unit.part // unit.parts, len(lines) * (unit.part + 1) // unit.parts
    name = display_name(unit.path)
    yield from read_jsonl_text("\n".join(lines[start:stop]), name, settings, first_line=start + 1)


def partition_documents(partition: Partition) -> tuple[list[RawDocument], list[Problem]]:
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    for unit in partition.units:
        for item in read_unit(unit, partition.settings):
            (problems if isinstance(item, Problem) else documents).append(item)  # type: ignore[arg-type]
    return documents, problems


def partition_line_counts(partition: Partition) -> Counter[str]:
    """First pass: in how many plain-text documents of this partition each line key occurs."""
    from storyline.clean.text import line_keys

    documents, _ = partition_documents(partition)
    counts: Counter[str] = Counter()
    for document in documents:
        if document.kind == "text":
            counts.update(line_keys(document.content))
    return counts


def ingest_partition(partition: Partition) -> PartitionReport:
    """Second pass: read, clean (with the corpus's repeated lines), analyse and write one partition."""
    from storyline.analyse.nlp import PIPE_BATCH
    from storyline.engine.pipeline import analyse_batch, article_id, clean_documents
    from storyline.store.tables import article_tables, write_parquet

    started = time.perf_counter()
    out = Path(partition.out)
    if _stop_requested(out):
        return PartitionReport(partition.name, stopped=True)
    for name in TABLES:  # a partition killed half-way left some files: they are rewritten from scratch
        for path in (out / name).glob(f"{partition.name}~*.parquet"):
            path.unlink()
    documents, problems = partition_documents(partition)
    articles, cleaning_problems = clean_documents(
        documents, partition.settings, repeated=_repeated_lines(str(out / REPEATED_FILE))
    )
    problems.extend(cleaning_problems)
    unique: dict[str, Article] = {}
    for article in articles:  # the same input twice is one article (in any partition: the id is stable)
        article.id = article_id(article.source, article.text)
        unique[article.id] = article
    report = PartitionReport(partition.name, problems=problems)
    chosen = list(unique.values())
    for number, start in enumerate(range(0, len(chosen), CHUNK_ARTICLES)):
        analysed: list[Article] = []
        chunk = chosen[start : start + CHUNK_ARTICLES]
        for first in range(0, len(chunk), PIPE_BATCH):
            if _stop_requested(out):
                report.stopped = True
                break
            analysed.extend(analyse_batch(chunk[first : first + PIPE_BATCH]))
        if analysed:
            write_parquet(article_tables(analysed), out, f"{partition.name}~{number:04d}")
            report.ids.extend(article.id for article in analysed)
            report.problems.extend(p for article in analysed for p in article.problems)
        if report.stopped:
            break
    report.seconds = round(time.perf_counter() - started, 3)
    if report.stopped:  # no marker: a rerun redoes this partition (its articles keep their ids)
        return report
    finished = {
        "ids": report.ids,
        "problems": [p.to_dict() for p in report.problems],
        "seconds": report.seconds,
    }
    _write_atomically(out / DONE_FOLDER / f"{partition.name}.json", json.dumps(finished))
    return report


def _finished_report(done: Path, name: str) -> PartitionReport:
    data = json.loads((done / f"{name}.json").read_text(encoding="utf-8"))
    problems = [Problem.from_dict(p) for p in data.get("problems", [])]
    return PartitionReport(name, list(data.get("ids", [])), problems, float(data.get("seconds", 0)), True)


@functools.lru_cache(maxsize=4)
def _repeated_lines_cached(path: str, stamp: int) -> frozenset[str]:
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def _repeated_lines(path: str) -> frozenset[str]:
    """The corpus's repeated line keys, read once per worker process (and again if the file changed)."""
    return _repeated_lines_cached(path, os.stat(path).st_mtime_ns)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
