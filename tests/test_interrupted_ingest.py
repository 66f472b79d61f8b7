"""An ingest stopped by Ctrl-C, killed at random points, or run twice at once: the store is never
corrupted, holds no partial article, and the same command resumes with no duplicate rows (real
subprocesses of ``storyline ingest``, real DuckDB files)."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from hostile_batch import news_article

from storyline.store import Store, StoreError

PARTITION_BYTES = 12_000  # about ten invented articles per partition: many partitions, short runs


def _corpus(folder: Path, count: int, seed: int = 3) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        title, body = news_article(rng, number)
        (folder / f"n{number:03d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return folder


def _command(corpus: Path, store: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "storyline.cli", "ingest", str(corpus), "--store", str(store),
        "--partition-bytes", str(PARTITION_BYTES), *extra,
    ]  # fmt: skip


def _start(corpus: Path, store: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _command(corpus, store, *extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _run(corpus: Path, store: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(corpus, store, *extra), capture_output=True, text=True, timeout=600)


def _check_store(store: Path) -> dict[str, dict[str, object]]:
    """Open the store as a user would and check that every stored article is whole: its record parses,
    and its quote and claim rows are exactly those of its record. The records, by id."""
    with Store(store, read_only=True) as database:
        con = database.connection
        rows = con.execute("SELECT id, record FROM articles").fetchall()
        ids = [row[0] for row in rows]
        assert len(ids) == len(set(ids))
        records = {row[0]: json.loads(row[1]) for row in rows}
        for table in ("quotes", "claims"):
            counted = dict(con.execute(f"SELECT article, count(*) FROM {table} GROUP BY article").fetchall())
            assert set(counted) <= set(records), f"{table} rows of an article that is not stored"
            for article_id, record in records.items():
                assert counted.get(article_id, 0) == len(record[table]), (table, article_id)
            duplicates = con.execute(
                f"SELECT count(*) FROM (SELECT article, position FROM {table} "
                "GROUP BY article, position HAVING count(*) > 1)"
            ).fetchone()
            assert duplicates == (0,)
    return records


def _markers(store: Path) -> int:
    return len(list((store.parent / f".{store.name}.parts" / "_done").glob("*.json")))


def test_ctrl_c_stops_after_the_work_in_hand_saves_it_and_the_same_command_resumes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 60)
    store = tmp_path / "news.duckdb"
    process = _start(corpus, store)
    deadline = time.monotonic() + 300
    while _markers(store) < 1 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process.poll() is None, "the ingest finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "stopping after the articles in hand" in stderr
    stopped = [line for line in stderr.splitlines() if line.startswith("storyline: interrupted:")]
    assert len(stopped) == 1 and "run the same command again to resume" in stopped[0], stderr
    assert "Traceback" not in stderr
    saved = _check_store(store)
    assert 0 < len(saved) < 60
    resumed = _run(corpus, store)
    assert resumed.returncode == 0, resumed.stderr
    assert "partitions had finished before: not redone" in resumed.stderr
    assert len(_check_store(store)) == 60


def test_killed_at_random_points_the_store_stays_whole_and_the_rerun_completes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 40, seed=5)
    clean_store = tmp_path / "clean.duckdb"
    started = time.monotonic()
    clean = _run(corpus, clean_store)
    assert clean.returncode == 0, clean.stderr
    took = time.monotonic() - started
    expected = _check_store(clean_store)
    store = tmp_path / "news.duckdb"
    rng = random.Random(11)
    for _ in range(4):
        process = _start(corpus, store)
        time.sleep(rng.uniform(0.3, took))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        _check_store(store) if store.exists() else None
    final = _run(corpus, store)
    assert final.returncode == 0, final.stderr
    got = _check_store(store)
    assert got.keys() == expected.keys()
    assert got == expected


def test_two_ingests_into_one_store_at_once_both_succeed_and_readers_are_never_refused(
    tmp_path: Path,
) -> None:
    corpus = _corpus(tmp_path / "corpus", 30, seed=8)
    store = tmp_path / "news.duckdb"
    Store(store).close()  # the store exists, so a reader can open it from the start
    first = _start(corpus, store)
    time.sleep(0.5)
    second = _start(corpus, store)
    reads = 0
    while first.poll() is None or second.poll() is None:
        with Store(store, read_only=True, wait_seconds=60) as database:  # waits out a load, never fails
            database.connection.execute("SELECT count(*) FROM articles").fetchone()
        reads += 1
        time.sleep(0.2)
    first_err, second_err = first.communicate()[1], second.communicate()[1]
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert "waiting for it to end" in first_err + second_err
    assert reads > 3
    assert len(_check_store(store)) == 30


def test_a_store_held_by_another_process_is_waited_for_then_one_line(tmp_path: Path) -> None:
    store = tmp_path / "news.duckdb"
    Store(store).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(store)!r}); time.sleep(5)"]
    )
    try:
        time.sleep(1.5)
        with pytest.raises(StoreError) as raised:
            Store(store, wait_seconds=0.5)
        message = str(raised.value)
        assert f"in use by process {holder.pid}" in message and "\n" not in message
        listed = subprocess.run(  # the command waits for the holder to let go, then lists
            [sys.executable, "-m", "storyline.cli", "stories", "--list", "--store", str(store)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("story")


def test_a_rerun_on_a_complete_store_redoes_nothing(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 12, seed=9)
    store = tmp_path / "news.duckdb"
    assert _run(corpus, store).returncode == 0
    before = _check_store(store)
    again = _run(corpus, store)
    assert again.returncode == 0, again.stderr
    assert "partitions had finished before: not redone" in again.stderr
    assert _check_store(store) == before
    with duckdb.connect(str(store)) as con:  # the store was replaced: the markers no longer count
        con.execute("DELETE FROM articles")
    third = _run(corpus, store)
    assert third.returncode == 0 and "had finished before" not in third.stderr
    assert _check_store(store) == before
