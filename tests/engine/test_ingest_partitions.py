"""The archive path: partitions read, cleaned, analysed and written as Parquet by any executor.

Asserted here: a corpus cleaned in partitions reads exactly as one cleaned at once; this process, a pool of
processes and Spark give the same JSON for every article and every story; a rerun after a kill resumes
from the finished partitions and never duplicates an article.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from storyline.engine.executors import LocalExecutor, ProcessExecutor, SparkExecutor
from storyline.engine.ingest import (
    DONE_FOLDER,
    count_repeated_lines,
    ingest_corpus,
    ingest_partition,
    list_inputs,
    plan_partitions,
    prepare_output,
)
from storyline.engine.pipeline import analyse_articles, clean_documents
from storyline.engine.stories import group_stored
from storyline.ingest.readers import read_sources
from storyline.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Small partitions, so that even this corpus is cut into several and its JSONL file into slices.
PARTITION_BYTES = 4_000

needs_spark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="PySpark or a Java runtime is not installed",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two stories from the examples plus a bad file, and a shared template line in two text files."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("corpus", "other-story"):
        shutil.copytree(EXAMPLES / name, folder / name)
    (folder / "corpus" / "empty.txt").write_bytes(b"")
    return folder


def _ingest(corpus: Path, work: Path, executor) -> tuple[list[dict], list[dict], list[str]]:  # type: ignore[no-untyped-def]
    out = work / "parts"
    report = ingest_corpus([corpus], out, executor, partition_bytes=PARTITION_BYTES)
    with Store(work / "store.duckdb") as store:
        store.import_parquet(out)
        articles = [article.to_dict() for article in store.load_articles()]
        update = group_stored(store.load_articles(report.ids), store)
        stories = [_story(story.to_dict()) for story in update.touched]
    return articles, stories, [str(p) for p in report.all_problems]


def _story(record: dict) -> dict:
    record.pop("updated")  # when it was briefed: the one field that must differ between runs
    return record


@pytest.fixture(scope="module")
def local_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list, list]:
    return _ingest(corpus, tmp_path_factory.mktemp("local"), LocalExecutor())


def test_the_corpus_is_cut_into_partitions_and_slices(corpus: Path, tmp_path: Path) -> None:
    files, problems = list_inputs([corpus, corpus / "corpus", tmp_path / "missing"])
    assert len(files) == len(set(files)) == 12  # a file named twice (folder and its parent) is read once
    assert [p.reason for p in problems] == ["no such file or folder"]
    partitions = plan_partitions(files, tmp_path, partition_bytes=PARTITION_BYTES)
    assert len(partitions) >= 4
    sliced = [unit for p in partitions for unit in p.units if unit.parts > 1]
    assert sliced and {unit.path for unit in sliced} == {str(corpus / "corpus" / "monday-coverage.jsonl")}
    again = plan_partitions(files, tmp_path, partition_bytes=PARTITION_BYTES)
    assert [p.name for p in again] == [p.name for p in partitions]  # stable: a rerun finds its partitions


def test_partitions_read_as_one_batch(corpus: Path, local_run: tuple[list, list, list]) -> None:
    """Cleaning evidence is counted over the whole corpus, so partitions change nothing."""
    documents, _ = read_sources([corpus])
    articles, _ = clean_documents(documents)
    whole = {article.id: article.to_dict() for article in analyse_articles(articles)}
    partitioned = {record["id"]: record for record in local_run[0]}
    assert set(partitioned) == set(whole)
    assert partitioned == whole


def test_problems_are_reported_and_the_rest_goes_on(local_run: tuple[list, list, list]) -> None:
    articles, stories, problems = local_run
    assert any(p.endswith("empty.txt: empty file") for p in problems)
    assert len(articles) == 12
    assert len(stories) == 3  # the June inspection, the dam breach, the ferry


def test_processes_give_the_same_articles_and_stories(
    corpus: Path, tmp_path: Path, local_run: tuple[list, list, list]
) -> None:
    assert _ingest(corpus, tmp_path, ProcessExecutor(workers=2)) == local_run


@needs_spark
def test_spark_gives_the_same_articles_and_stories(
    corpus: Path, tmp_path: Path, local_run: tuple[list, list, list]
) -> None:
    spark = SparkExecutor("local[2]")
    try:
        assert _ingest(corpus, tmp_path, spark) == local_run
    finally:
        spark.close()


def test_a_rerun_after_a_kill_resumes_and_never_duplicates(
    corpus: Path, tmp_path: Path, local_run: tuple[list, list, list]
) -> None:
    out = tmp_path / "parts"
    files, _ = list_inputs([corpus])
    partitions = plan_partitions(files, out, partition_bytes=PARTITION_BYTES)
    prepare_output(out, partitions, count_repeated_lines(partitions, LocalExecutor()))
    for partition in partitions[:2]:  # two partitions finished before the kill ...
        ingest_partition(partition)
    half_done = partitions[2]  # ... and one was half-way: a file written, no completion marker
    ingest_partition(half_done)
    (out / DONE_FOLDER / f"{half_done.name}.json").unlink()
    with Store(tmp_path / "store.duckdb") as store:
        store.import_parquet(out)  # the killed run had even loaded its parts
        report = ingest_corpus([corpus], out, LocalExecutor(), partition_bytes=PARTITION_BYTES)
        assert report.resumed == 2
        store.import_parquet(out)
        rows = store.connection.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        assert rows == (12, 12)
        assert [a.to_dict() for a in store.load_articles()] == local_run[0]
        quotes = store.connection.execute("SELECT count(*) FROM quotes").fetchone()
        distinct = store.connection.execute(
            "SELECT count(*) FROM (SELECT DISTINCT article, position FROM quotes)"
        ).fetchone()
        assert quotes == distinct
    markers = sorted(path.name for path in (out / DONE_FOLDER).iterdir())
    assert markers == sorted(f"{p.name}.json" for p in partitions)
    assert json.loads((out / DONE_FOLDER / f"{half_done.name}.json").read_text())["ids"]
