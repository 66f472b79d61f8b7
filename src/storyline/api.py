"""The Python API: ``storyline.brief(sources)`` and friends.

Why here and not in the CLI: the CLI, the server and other programs all call these, so size limits
and error reporting behave the same everywhere. Nothing here exits the process or prints; unusable inputs
come back as ``Brief.problems``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
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


Source = str | Path | bytes


def _as_sources(sources: object, function: str) -> list[Source]:
    """``sources`` as a list, or a TypeError that says what is accepted (not a raw one from deep inside)."""
    if isinstance(sources, (str, Path, bytes, bytearray)):
        return [sources]  # type: ignore[list-item]
    if isinstance(sources, Mapping):
        raise TypeError(
            f"storyline.{function}: sources is a mapping; for article records with metadata use "
            "storyline.brief_records([{'text': ..., 'title': ...}, ...])"
        )
    if sources is None or not isinstance(sources, Iterable):
        raise TypeError(
            f"storyline.{function}: sources must be a path, an article string, bytes, or an iterable of "
            f"them, not {type(sources).__name__}"
        )
    return list(sources)


def brief(
    sources: Iterable[Source] | Source,
    *,
    words: int = 250,
    query: str | None = None,
    settings: Settings | None = None,
    executor: Executor | None = None,
    since: str | None = None,
) -> Brief:
    """Brief a story from ``sources``: paths (files, folders), article strings (text or HTML), or bytes.

    Which is which: a ``Path`` is always a path, and ``bytes`` are an article's raw content (decoded as
    a file's would be). A string is a path when it is one line naming an existing file or folder, or
    when it is shorter than an article can be (``Settings.min_article_chars``) and looks like a path (a
    ``/`` or a supported suffix) — a missing one is then the problem "no such file or folder". Any other
    string is an article. To never touch the file system, use ``brief_texts`` or ``brief_records``.

    Inputs that cannot be used are listed in ``Brief.problems``; the brief is made from the rest (it is
    empty, with problems, if nothing was usable). A ``sources`` of the wrong type (None, a number, a
    dict) is a TypeError saying what is accepted.

    ``since="YYYY-MM-DD"`` makes an update briefing: the summary says what articles published after that
    day add to the earlier ones, and cites only the later articles; undated articles count as earlier
    (a warning says so). ``Brief.since`` records the date. A malformed date is a ValueError.
    """
    listed = _as_sources(sources, "brief")
    current = settings or DEFAULT_SETTINGS
    documents, problems = read_sources(listed, current)
    return run(
        documents,
        words=words,
        query=query,
        settings=current,
        executor=executor,
        problems=problems,
        since=since,
    )


def brief_texts(
    texts: Sequence[str],
    *,
    words: int = 250,
    query: str | None = None,
    settings: Settings | None = None,
    since: str | None = None,
    earlier: Sequence[str] = (),
) -> Brief:
    """Like ``brief`` but every string is an article: nothing is ever read from the file system.

    ``earlier`` are articles the reader has already seen (an update briefing without dates): they are
    analysed and listed first (sources ``earlier:N``), inform the summary of what is known, and are never
    summarised or cited in it.
    """
    current = settings or DEFAULT_SETTINGS
    documents, problems = read_sources(_as_sources(texts, "brief_texts"), current, allow_paths=False)
    old, old_problems = read_sources(_as_sources(earlier, "brief_texts"), current, allow_paths=False)
    old = [replace(doc, source=doc.source.replace("input:", "earlier:", 1)) for doc in old]
    old_problems = [replace(p, source=p.source.replace("input:", "earlier:", 1)) for p in old_problems]
    return run(
        documents,
        words=words,
        query=query,
        settings=current,
        problems=[*old_problems, *problems],
        since=since,
        earlier=old,
    )


def brief_records(
    records: Sequence[Mapping[str, object]],
    *,
    words: int = 250,
    query: str | None = None,
    settings: Settings | None = None,
    since: str | None = None,
) -> Brief:
    """Brief article records ``{"text" | "html", "url"?, "title"?, "outlet"?, "published"?}``.

    Like ``brief_texts``, nothing is read from the file system; unlike it, the metadata is kept.
    ``since`` as for ``brief``: the records' ``published`` dates decide what is new.
    """
    current = settings or DEFAULT_SETTINGS
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise TypeError(
            f"storyline.brief_records: records must be a list of mappings, not {type(records).__name__}"
        )
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            problems.append(Problem(f"input:{index}", f"record is not a mapping but {type(record).__name__}"))
            continue
        item = document_from_record(dict(record), f"input:{index}", current)
        if isinstance(item, Problem):
            problems.append(item)
        else:
            documents.append(item)
    return run(documents, words=words, query=query, settings=current, problems=problems, since=since)


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
    sources: Iterable[Source] | Source,
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

    listed = _as_sources(sources, "stories")
    current = settings or DEFAULT_SETTINGS
    documents, problems = read_sources(listed, current)
    database = store if isinstance(store, StoreClass) else StoreClass(store or ":memory:")
    try:
        update = update_stories(
            documents, database, settings=current, executor=executor, problems=problems, words=words
        )
    finally:
        if database is not store:
            database.close()
    return sorted(update.touched, key=lambda story: int(story.id[1:]))
