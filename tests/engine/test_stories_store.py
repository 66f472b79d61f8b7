"""Stories kept in a store: a later batch joins stored stories or starts new ones, only touched stories are
briefed again, and a rerun on the same input changes nothing (real parses, a real DuckDB file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures_stories import COURT_CASE, QUAKE_A_FOLLOW_UP, QUAKE_A_SECOND_OUTLET, QUAKE_A_WIRE, QUAKE_B

import storyline
from storyline.engine.stories import update_stories
from storyline.ingest.readers import read_sources
from storyline.model import Story
from storyline.store import Store


def _write(folder: Path, name: str, published: str | None, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    record: dict[str, str] = {"text": text, "url": f"https://example.invalid/{name}"}
    if published:
        record["published"] = published
    (folder / f"{name}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("feed")
    first, later = root / "monday", root / "later"
    _write(first, "wire", "2025-03-04", QUAKE_A_WIRE)
    _write(first, "second", "2025-03-05", QUAKE_A_SECOND_OUTLET)
    _write(first, "court", "2025-03-06", COURT_CASE)
    _write(later, "follow-up", "2025-03-09", QUAKE_A_FOLLOW_UP)
    _write(later, "other-quake", "2025-03-08", QUAKE_B)
    return first, later


def _update(store: Store, folder: Path):  # type: ignore[no-untyped-def]
    documents, problems = read_sources([folder])
    return update_stories(documents, store, problems=problems, words=80)


def test_a_later_batch_joins_stored_stories_and_rebriefs_only_those_it_touched(
    batches: tuple[Path, Path], tmp_path: Path
) -> None:
    first, later = batches
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        update = _update(store, first)
        assert sorted(update.created) == ["S1", "S2"]
        quake = next(story for story in update.touched if len(story.articles) == 2)
        court = next(story for story in update.touched if len(story.articles) == 1)
        court_before = store.load_story(court.id)
    with Store(path) as store:  # a new process would open the file again: the grouping state is in it
        update = _update(store, later)
        touched = {story.id: story for story in update.touched}
        assert court.id not in touched  # untouched: not briefed again
        assert touched[quake.id].brief is not None and len(touched[quake.id].articles) == 3
        assert update.created == ["S3"]  # the Coldwater Bay earthquake is a story of its own
        assert touched["S3"].topic == quake.topic  # ... of the same kind
        again = store.load_story(court.id)
        assert again.updated == court_before.updated and again.to_dict() == court_before.to_dict()
        stored = store.load_story(quake.id)
        assert stored.first == "2025-03-04" and stored.last == "2025-03-09"
        assert stored.brief is not None and len(stored.brief.articles) == 3
        assert store.story_members(quake.id)[-1] in stored.articles


def test_a_rerun_on_the_same_input_changes_nothing(batches: tuple[Path, Path], tmp_path: Path) -> None:
    first, _ = batches
    with Store(tmp_path / "news.duckdb") as store:
        _update(store, first)
        listing = store.list_stories()
        state = store.load_grouping_state()
        update = _update(store, first)
        assert update.touched == [] and update.already_grouped == 3
        assert store.list_stories() == listing
        assert store.load_grouping_state() == state


def test_the_api_returns_story_records_with_briefs(batches: tuple[Path, Path]) -> None:
    first, _ = batches
    found = storyline.stories(first, words=80)
    assert [story.id for story in found] == ["S1", "S2"]
    assert all(isinstance(story, Story) and story.brief is not None for story in found)
    quake = found[0] if len(found[0].articles) == 2 else found[1]
    assert quake.first == "2025-03-04" and quake.last == "2025-03-05"
    assert Story.from_dict(json.loads(json.dumps(quake.to_dict()))).brief is not None


def test_a_story_title_is_the_most_representative_first_headline_whatever_the_ids() -> None:
    from storyline.engine.stories import _story_title
    from storyline.model import Article

    def article(article_id: str, title: str, published: str | None) -> Article:
        return Article(
            id=article_id, source=f"{article_id}.txt", text=title, title=title, published=published
        )

    headlines = [
        ("Storm closes harbour road", "2025-03-02"),
        ("Ferry aground at Skell Point as storm closes harbour", "2025-03-01"),
        ("Lone sailor rescued", "2025-03-01"),
        ("Storm at Skell Point: ferry passengers safe", "2025-03-03"),
        ("Untimed notice", None),
    ]
    for ids in (["a1", "a2", "a3", "a4", "a5"], ["z9", "b2", "y1", "c4", "a0"]):
        articles = [article(i, title, day) for i, (title, day) in zip(ids, headlines, strict=True)]
        expected = "Ferry aground at Skell Point as storm closes harbour"
        assert _story_title(articles) == expected and _story_title(articles[::-1]) == expected
    assert _story_title([article("a1", "", None)]) is None
