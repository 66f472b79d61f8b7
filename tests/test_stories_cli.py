"""The ``storyline stories`` commands on the repository's examples, as a user runs them: a first batch of two
stories, a later batch, the listing, one stored story's briefing, and a rerun that changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli", *args], capture_output=True, text=True, timeout=600
    )


def _listing(store: Path) -> list[dict[str, object]]:
    result = _cli("stories", "--store", str(store), "--list", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("newsroom") / "news.duckdb"


def test_first_batch_finds_the_two_stories(store: Path) -> None:
    result = _cli("stories", str(EXAMPLES / "corpus"), str(EXAMPLES / "other-story"), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = _listing(store)
    dam = [row for row in rows if "Hollins Ford" in str(row["title"]) or "dam" in str(row["title"]).lower()]
    assert dam, rows
    biggest = max(rows, key=lambda row: int(row["articles"]))  # type: ignore[call-overload]
    assert int(biggest["articles"]) >= 6  # type: ignore[call-overload]
    other = [row for row in rows if row["id"] != biggest["id"] and int(row["articles"]) >= 3]  # type: ignore[call-overload]
    assert other, "the second story's articles should share a story"
    assert other[0]["topic"] != biggest["topic"]


def test_a_later_batch_grows_stories_and_starts_a_new_one(store: Path) -> None:
    before = {row["id"]: row for row in _listing(store)}
    result = _cli("stories", str(EXAMPLES / "later"), "--store", str(store))
    assert result.returncode == 0, result.stderr
    after = {row["id"]: row for row in _listing(store)}
    grown = [sid for sid in before if int(after[sid]["articles"]) > int(before[sid]["articles"])]  # type: ignore[call-overload]
    assert len(grown) >= 2  # the dam story and the other story both gained articles
    assert len(set(after) - set(before)) >= 1  # the unrelated new story
    for sid in set(before) - set(grown):
        assert after[sid]["updated"] == before[sid]["updated"]  # untouched stories were not briefed again


def test_a_rerun_changes_nothing_and_says_so(store: Path) -> None:
    before = _listing(store)
    result = _cli("stories", str(EXAMPLES / "later"), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "already grouped" in result.stderr
    assert _listing(store) == before


def test_a_stored_story_briefs_to_html_and_an_unknown_one_is_one_line(store: Path, tmp_path: Path) -> None:
    first = _listing(store)[0]
    page = tmp_path / "story.html"
    result = _cli("brief", "--store", str(store), "--story", str(first["id"]), "-o", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    missing = _cli("brief", "--store", str(store), "--story", "S999")
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0 and "no story S999" in missing.stderr


def test_a_store_that_is_not_a_store_is_one_line(tmp_path: Path) -> None:
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_bytes(b"\x00\x01 plainly not a database" * 100)
    for args in (
        ("stories", "--store", str(not_a_store), "--list"),
        ("stories", str(EXAMPLES / "later"), "--store", str(tmp_path)),  # a folder
        ("brief", "--store", str(not_a_store), "--story", "S1"),
    ):
        result = _cli(*args)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
        assert "not a usable storyline store" in result.stderr


def test_bad_inputs_to_ingest_are_one_line_each_and_the_rest_is_saved(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (corpus / "huge.txt").write_text("word " * 1_200_001)
    (corpus / "ok.txt").write_text((EXAMPLES / "corpus" / "meridian-wire-dam-breach.txt").read_text())
    store = tmp_path / "news.duckdb"
    result = _cli("ingest", str(corpus), "--store", str(store))
    assert result.returncode == 1, result.stderr  # some skipped, the rest saved
    for name, reason in (("empty", "empty file"), ("binary", "binary"), ("huge", "over the size limit")):
        assert any(f"{name}.txt" in line and reason in line for line in result.stderr.splitlines())
    assert result.stderr.splitlines()[-1].startswith("storyline: saved 1 article; skipped 3 inputs")
    assert "Traceback" not in result.stderr
    not_a_folder = corpus / "ok.txt"
    result = _cli("ingest", str(corpus), "--store", str(store), "--out", str(not_a_folder))
    assert result.returncode == 2 and "--out must be a folder" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
