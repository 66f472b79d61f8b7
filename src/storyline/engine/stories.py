"""Corpus → stories: clean, analyse, group in publication order, brief every story a batch touched.

Why here (the engine) and not in ``relate``: this joins the per-article steps (clean, analyse, the grouping
features) to the sequential grouper and to the per-story briefing, and keeps the grouper's state in the
store between batches, so a later batch never re-reads or re-clusters the archive. Articles already
grouped in the store are skipped, which makes a rerun on the same input change nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.engine.pipeline import analyse_articles, analyse_with_doc, clean_documents, compose_brief
from storyline.ingest.document import RawDocument
from storyline.ingest.readers import document_from_record
from storyline.model import Article, Problem, Story
from storyline.relate.stories.features import StoryFeatures, story_features
from storyline.relate.stories.grouping import Grouping, StoryGrouper, group_features

if TYPE_CHECKING:
    from storyline.engine.executors import Executor
    from storyline.store.duckdb import Store

log = logging.getLogger("storyline")

PARSE_BATCH = 64
# A headline and a lede are enough to say which story an article belongs to, though too little to brief:
# grouping keeps articles down to this many characters (ECB+ has one-sentence documents).
GROUPING_MIN_CHARS = 40


def _grouping_layers():  # type: ignore[no-untyped-def]
    """The analysis the grouper needs: entities (who, where) and dates; quotes and claims wait for a brief."""
    from storyline.analyse.layers import LAYERS

    return tuple(layer for layer in LAYERS if layer.layer in {"entities", "dates"})


def _chunks(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def featurize_articles(articles: Sequence[Article]) -> list[StoryFeatures]:
    """Grouping features of cleaned articles: one batched parse, the entity and date layers, the terms."""
    from storyline.analyse.nlp import parse_texts

    layers = _grouping_layers()
    features: list[StoryFeatures] = []
    for chunk in _chunks(articles, PARSE_BATCH):
        for article, doc in zip(chunk, parse_texts([a.text for a in chunk]), strict=True):
            features.append(story_features(analyse_with_doc(article, doc, layers)))
    return features


def featurize_records(
    records: Sequence[Mapping[str, object]], settings: Settings = DEFAULT_SETTINGS
) -> list[StoryFeatures | None]:
    """Features of each record ``{"text"|"html", "published"?, "url"?, "title"?, "outlet"?}``, in input
    order; None for a record that could not be used (its problem is logged)."""
    settings = settings.with_overrides(min_article_chars=min(settings.min_article_chars, GROUPING_MIN_CHARS))
    documents: list[RawDocument] = []
    for index, record in enumerate(records):
        item = document_from_record(
            dict(record) if isinstance(record, Mapping) else record, f"input:{index}", settings
        )
        if isinstance(item, Problem):
            log.info("skipped %s", item)
        else:  # keyed by position: a record's url names its source, and two records may share one
            documents.append(replace(item, source=f"input:{index}"))
    articles, problems = clean_documents(documents, settings)
    for problem in problems:
        log.info("skipped %s", problem)
    by_source: dict[str, StoryFeatures] = {}
    for article, features in zip(articles, featurize_articles(articles), strict=True):
        by_source[article.source] = features
    return [by_source.get(f"input:{index}") for index in range(len(records))]


def group_records(
    records: Sequence[Mapping[str, object]], *, stream: bool = False, settings: Settings = DEFAULT_SETTINGS
) -> Grouping:
    """Story and topic labels for ``records`` (any order; grouped in publication order)."""
    return group_features(featurize_records(records, settings), stream=stream)


@dataclass(slots=True)
class StoriesUpdate:
    """What one batch did: the stories it touched (briefed again), those it created, what it skipped."""

    touched: list[Story] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    already_grouped: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: the ids of the batch's usable articles in input order, those grouped before included (the server
    #: tells each caller which story every article of theirs is in)
    articles: list[str] = field(default_factory=list)


def _story_id(number: int) -> str:
    return f"S{number}"


def _topic_id(number: int) -> str:
    return f"T{number}"


def _story_record(
    story_id: str, topic: str, articles: list[Article], settings: Settings, words: int
) -> Story:
    """A story with its brief recomputed from all its articles."""
    brief = compose_brief(articles, words=words, settings=settings)
    dated = sorted(article.published for article in brief.articles if article.published)
    outlets = sorted({article.outlet for article in brief.articles if article.outlet})
    return Story(
        id=story_id,
        topic=topic,
        title=_story_title(brief.articles) or _first_sentence(brief),
        articles=[article.id for article in brief.articles],
        outlets=outlets,
        first=dated[0] if dated else None,
        last=dated[-1] if dated else None,
        undated=sum(1 for article in articles if article.published_from in {"none", "inferred"}),
        updated=datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        brief=brief,
    )


def _story_title(articles: Sequence[Article]) -> str | None:
    """The earliest headline; among headlines of the same day, the one sharing most words with the
    story's other headlines (the most representative), so the title never depends on article ids,
    which come from where the files happen to live."""
    titled = [article for article in articles if article.title and article.duplicate_of is None]
    if not titled:
        return None
    words = {article.id: set((article.title or "").lower().split()) for article in titled}

    def shared(article: Article) -> int:
        return sum(len(words[article.id] & words[other.id]) for other in titled if other is not article)

    best = min(
        titled,
        key=lambda article: (
            article.published is None,
            (article.published or "")[:10],
            -shared(article),
            article.title,
        ),
    )
    return best.title


def _first_sentence(brief) -> str | None:  # type: ignore[no-untyped-def]
    if brief.summary:
        text = brief.summary[0].text
        return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"
    return None


def update_stories(
    documents: Sequence[RawDocument],
    store: Store,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    executor: Executor | None = None,
    problems: list[Problem] | None = None,
    words: int = 250,
) -> StoriesUpdate:
    """Add a batch to the stories in ``store``: new articles join active stories or start new ones, and
    only the stories that gained articles are briefed again."""
    articles, cleaning_problems = clean_documents(documents, settings)
    seen = store.grouped(article.id for article in articles)
    fresh = [article for article in articles if article.id not in seen]
    analysed = analyse_articles(fresh, executor)
    update = group_stored(
        analysed, store, settings=settings, problems=[*(problems or []), *cleaning_problems], words=words
    )
    update.already_grouped = len(articles) - len(fresh)
    update.articles = [article.id for article in articles]
    return update


def group_stored(
    analysed: Sequence[Article],
    store: Store,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    problems: list[Problem] | None = None,
    words: int = 250,
) -> StoriesUpdate:
    """Group analysed articles (not yet grouped) into the stories of ``store``, in publication order,
    brief every story that gained articles, and save the articles and the stories.

    Why separate from the analysis: the archive path analyses in partitions on any executor and
    bulk-loads the store; grouping is sequential by nature (each article sees the stories before it) and
    runs here, on features that need no parse, so every executor ends with the same stories.
    """
    update = StoriesUpdate(problems=list(problems or []))
    if not analysed:
        return update
    features = [story_features(article) for article in analysed]
    grouper = StoryGrouper(state=store.load_grouping_state())
    first_new = grouper.next_story
    grouping = group_features(features, grouper=grouper)
    members = [
        (a.article_id, _story_id(a.story), _topic_id(a.topic), a.how, a.score) for a in grouping.assignments
    ]
    by_story: dict[str, list[str]] = {}
    topic_of: dict[str, str] = {}
    for article_id, story_id, topic_id, _, _ in members:
        by_story.setdefault(story_id, []).append(article_id)
        topic_of[story_id] = topic_id
    new_by_id = {article.id: article for article in analysed}
    for story_id, new_ids in by_story.items():
        old_ids = store.story_members(story_id)
        story_articles = [*store.load_articles(old_ids), *(new_by_id[i] for i in new_ids)]
        story_articles.sort(key=lambda a: (a.published is None, a.published or "", a.id))
        update.touched.append(_story_record(story_id, topic_of[story_id], story_articles, settings, words))
    store.save_articles(analysed)  # with what the briefs inferred (dates, duplicates), as a brief saves them
    store.save_grouping(members, grouper.state(), update.touched)
    update.created = [
        _story_id(a.story) for a in grouping.assignments if a.how == "new" and a.story >= first_new
    ]
    return update
