"""A thousand-entry folder with every kind of bad input among 990 good articles, through the real
``storyline ingest --workers 2``: every bad entry is one line naming it and why, every good article is
stored, the exit code and the last line say what happened, and no traceback is printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hostile_batch import write_batch

from storyline.store import Store


@pytest.mark.slow
def test_a_thousand_entries_with_hostile_ones_lose_nothing_and_crash_nothing(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    expected = write_batch(batch, good=990)
    assert sum(1 for _ in batch.iterdir()) >= 1000
    store = tmp_path / "news.duckdb"
    command = ["ingest", str(batch), "--store", str(store), "--workers", "2"]
    result = subprocess.run(
        [sys.executable, "-m", "storyline.cli", *command], capture_output=True, text=True, timeout=1800
    )
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr[-3000:]  # some skipped, the rest saved
    assert "Traceback" not in result.stderr
    skipped = [line for line in lines if line.startswith("storyline: skipped ")]
    with Store(store, read_only=True) as database:
        stored = dict(database.connection.execute("SELECT source, text FROM articles").fetchall())
    for name, reason in expected.bad.items():
        said = [line for line in skipped if f"/{name}: " in line]
        if name == "nested.html":  # 10,000 nested divs: either read or one line, never a crash
            assert len(said) + sum(source.endswith(name) for source in stored) == 1
            continue
        assert len(said) == 1, (name, said)
        assert reason in said[0], (name, said[0])
    assert len(skipped) == len(expected.bad) - (not any("/nested.html: " in line for line in skipped))
    assert not any(hidden in result.stderr for hidden in expected.ignored)
    for name, phrase in expected.good.items():
        found = [text for source, text in stored.items() if source == name or source.endswith(f"/{name}")]
        assert len(found) == 1, name
        assert phrase in found[0], name
    summary = lines[-1]
    assert summary.startswith(f"storyline: saved {len(stored):,} articles; skipped {len(skipped)} inputs: ")
    assert len(stored) >= 990
