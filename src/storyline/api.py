"""The Python API: ``storyline.brief(sources)`` and friends.

Why here and not in the CLI: the CLI, the server and other programs all call these, so size limits
and error reporting behave the same everywhere. Nothing here exits the process or prints; unusable inputs
come back as ``Brief.problems``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.engine.executors import Executor
from storyline.engine.pipeline import run
from storyline.ingest.document import RawDocument
from storyline.ingest.readers import document_from_record, read_sources
from storyline.model import Brief, Problem, Story

if TYPE_CHECKING:
    from storyline.store.duckdb import Store


def brief(
    sources: Iterable[str | Path] | str | Path,
    *,
    words: int = 250,
    query: str | None = None,
    settings: Settings | None = None,
    executor: Executor | None = None,
) -> Brief:
    """Brief a story from ``sources``: paths (files, folders) or article strings (text or HTML).

    A string is read as a path when it is one line that looks like a path; otherwise it is an article.
    Inputs that cannot be used are listed in ``Brief.problems``; the brief is made from the rest (it is
    empty, with problems, if nothing was usable).
    """
    if isinstance(sources, (str, Path)):
        sources = [sources]
    current = settings or DEFAULT_SETTINGS
    documents, problems = read_sources(sources, current)
    return run(documents, words=words, query=query, settings=current, executor=executor, problems=problems)


def brief_texts(
    texts: Sequence[str],
    *,
    words: int = 250,
    query: str | None = None,
    settings: Settings | None = None,
) -> Brief:
    """Like ``brief`` but every string is an article: nothing is ever read from the file system."""
    current = settings or DEFAULT_SETTINGS
    documents, problems = read_sources(list(texts), current, allow_paths=False)
    return run(documents, words=words, query=query, settings=current, problems=problems)


def brief_records(
    records: Sequence[Mapping[str, object]],
    *,
    words: int = 250,
    query: str | None = None,
    settings: Settings | None = None,
) -> Brief:
    """Brief article records ``{"text" | "html", "url"?, "title"?, "outlet"?, "published"?}``.

    Like ``brief_texts``, nothing is read from the file system; unlike it, the metadata is kept.
    """
    current = settings or DEFAULT_SETTINGS
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    for index, record in enumerate(records):
        item = document_from_record(dict(record), f"input:{index}", current)
        if isinstance(item, Problem):
            problems.append(item)
        else:
            documents.append(item)
    return run(documents, words=words, query=query, settings=current, problems=problems)


def group_stories(
    records: Sequence[Mapping[str, object]],
    *,
    level: Literal["story", "topic"] = "story",
    stream: bool = False,
    settings: Settings | None = None,
) -> list[int]:
    """One label per record (``{"text"|"html", "published"?, "url"?, "title"?, "outlet"?}``, any order):
    the same label means the same story (``level="topic"``: the same kind of story, e.g. earthquakes).

    Records are grouped in publication order (undated ones last, by content alone); nothing is read from
    the file system. A record that cannot be used gets a negative label of its own. ``stream=True`` counts
    term frequencies one article at a time, as a feed would, instead of a day's articles at once.
    """
    from storyline.engine.stories import group_records

    grouping = group_records(records, stream=stream, settings=settings or DEFAULT_SETTINGS)
    return grouping.topics if level == "topic" else grouping.stories


def stories(
    sources: Iterable[str | Path] | str | Path,
    *,
    store: str | Path | Store | None = None,
    words: int = 250,
    settings: Settings | None = None,
    executor: Executor | None = None,
) -> list[Story]:
    """Group ``sources`` (paths or article strings, as for ``brief``) into stories, brief each, and return
    the stories this batch touched, with their briefs.

    With ``store`` (a DuckDB path or an open ``Store``) the stories persist: a later call adds its articles
    to the stored stories (or starts new ones) and rebriefs only the stories that gained articles; articles
    already grouped there are skipped. Without it the grouping lives in memory for this call only.
    """
    from storyline.engine.stories import update_stories
    from storyline.store import Store as StoreClass

    if isinstance(sources, (str, Path)):
        sources = [sources]
    current = settings or DEFAULT_SETTINGS
    documents, problems = read_sources(sources, current)
    database = store if isinstance(store, StoreClass) else StoreClass(store or ":memory:")
    try:
        update = update_stories(
            documents, database, settings=current, executor=executor, problems=problems, words=words
        )
    finally:
        if database is not store:
            database.close()
    return sorted(update.touched, key=lambda story: int(story.id[1:]))
