"""The one pipeline definition: per-article steps, a barrier, then per-story steps.

Per-article steps (clean, analyse) are pure functions of one document, so any executor can map them:
in-process, a process pool, or Spark. Per-story steps (relate, brief) run after the barrier on the whole
group. No step reaches back upstream; each step's failure on one article is reported and the batch goes on.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.ingest.document import RawDocument
from storyline.model import Article, Brief, Problem, Removed

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.analyse.layers import Layer
    from storyline.engine.executors import Executor

log = logging.getLogger("storyline")


def clean_documents(
    documents: Sequence[RawDocument],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    repeated: Collection[str] | None = None,
) -> tuple[list[Article], list[Problem]]:
    """Clean every document into an Article; unusable ones become Problems.

    Plain-text documents are cleaned together because lines repeated across a batch (a site's banner)
    are evidence of boilerplate; ``repeated`` gives that evidence counted over a whole corpus when these
    documents are one partition of it (``storyline.clean.text.clean_corpus``).
    """
    from storyline.clean.html import clean_html
    from storyline.clean.text import clean_corpus

    text_docs = [doc for doc in documents if doc.kind == "text"]
    text_results = iter(clean_corpus([doc.content for doc in text_docs], repeated))
    articles: list[Article] = []
    problems: list[Problem] = []
    for doc in documents:
        if doc.kind == "text":
            result = next(text_results)
            article = _article(doc, result.text, result.removed, result.title, result.outlet)
        else:
            try:
                page = clean_html(doc.content, url=doc.url)
            except ImportError:  # a broken installation is not a problem of this page: say so loudly
                raise
            except Exception as error:  # a malformed page is one problem, not a crash
                problems.append(Problem(doc.source, f"HTML could not be parsed ({type(error).__name__})"))
                continue
            if not page.text.strip():
                problems.append(Problem(doc.source, "no article text found in the HTML"))
                continue
            article = _article(doc, page.text, page.removed, page.title, page.outlet)
            if page.published and not doc.published:
                article.published, article.published_from = page.published, "html"
        problem = _check_article(article, settings)
        if problem:
            problems.append(problem)
            continue
        if doc.published:
            article.published, article.published_from = doc.published[:10], "text"
        elif article.published is None:
            _find_stated_date(article)
        articles.append(article)
    seen: set[str] = set()
    for article in articles:
        candidate = article_id(article.source, article.text)
        suffix = 2
        while candidate in seen:  # the same input given twice still gets two distinct ids
            candidate = f"{article_id(article.source, article.text)}-{suffix}"
            suffix += 1
        seen.add(candidate)
        article.id = candidate
    return articles, problems


def article_id(source: str, text: str) -> str:
    """A stable id from where an article came from and what it says.

    Why not a running number: the same article must keep its id across runs and executors, so a store
    can upsert it and citations saved yesterday still point at the right text.
    """
    digest = hashlib.sha1(f"{source}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"a{digest[:10]}"


def _article(
    doc: RawDocument, text: str, removed: list[Removed], title: str | None, outlet: str | None
) -> Article:
    """An Article from a cleaned document; metadata the source stated wins over what was found."""
    return Article(
        id="",
        source=doc.source,
        text=text,
        raw=doc.content,
        removed=removed,
        title=doc.title or title,
        outlet=doc.outlet or outlet,
    )


def _check_article(article: Article, settings: Settings) -> Problem | None:
    """The reason ``article`` cannot be analysed, if any: too short, too long, or not English."""
    from storyline.clean.language import detect_language, language_name

    if len(article.text) > settings.max_article_chars:
        return Problem(
            article.source,
            f"article is {len(article.text):,} characters, over the analysis limit of "
            f"{settings.max_article_chars:,} (max_article_chars)",
        )
    if len(article.text.strip()) < settings.min_article_chars:
        # The cleaner keeps English prose, so an article in another language comes out short: say what
        # it is (judged on everything that was read, markup left out) rather than only that it is short.
        read = detect_language(_TAG.sub(" ", article.raw), settings.english_min_ratio)
        if read not in ("en", "und"):
            return Problem(article.source, f"not English (detected language: {language_name(read)})")
        return Problem(article.source, "too little article text after removing boilerplate")
    article.lang = detect_language(article.text, settings.english_min_ratio)
    if article.lang != "en":
        detected = "undetermined" if article.lang == "und" else language_name(article.lang)
        return Problem(article.source, f"not English (detected language: {detected})")
    return None


_TAG = re.compile(r"<[^>]{0,2000}>")


def _find_stated_date(article: Article) -> None:
    from storyline.clean.dateline import find_publication_date

    found = find_publication_date(article.raw, article.removed, article.text)
    if found:
        article.published, article.published_from = found[0], "text"


def analyse_article(article: Article) -> Article:
    """Fill the analysis layers of one article (``storyline.analyse.layers.LAYERS``, in order)."""
    from storyline.analyse.nlp import parse

    return analyse_with_doc(article, parse(article.text))


def analyse_batch(articles: Sequence[Article]) -> list[Article]:
    """``analyse_article`` over a batch, parsed with one ``nlp.pipe``: the unit every executor maps."""
    from storyline.analyse.nlp import parse_texts

    docs = parse_texts([article.text for article in articles])
    return [analyse_with_doc(article, doc) for article, doc in zip(articles, docs, strict=True)]


#: Articles per analysis batch shipped to a worker: enough for ``nlp.pipe`` to batch, few enough that a
#: pool of two gets work for both from a small story.
ANALYSE_BATCH = 32


def analyse_articles(articles: Sequence[Article], executor: Executor | None = None) -> list[Article]:
    """Analyse ``articles`` with ``executor`` (in this process by default), in batches, keeping order."""
    from storyline.engine.executors import LocalExecutor

    runner = executor or LocalExecutor()
    if not articles:
        return []
    size = max(1, min(ANALYSE_BATCH, -(-len(articles) // max(1, runner.parallelism))))
    batches = [articles[start : start + size] for start in range(0, len(articles), size)]
    return [article for batch in runner.map(analyse_batch, batches) for article in batch]


def analyse_with_doc(article: Article, doc: Doc, layers: Sequence[Layer] | None = None) -> Article:
    """Run ``layers`` (default: the declared analysis, its order checked at import) over one parsed article.

    This is the one guard of the analysis: a layer that raises costs that layer of that article (its
    attributes are left empty) and becomes a ``Problem`` with ``layer`` set, which the brief reports and
    counts (``failed_<layer>``). The other layers still run; one that requires a failed layer runs on its
    empty value, as it would on an article where nothing was found.
    """
    from storyline.analyse.layers import empty_value

    for layer in _checked(layers):
        try:
            values = layer.run(article, doc)
        except Exception as error:  # one layer of one article, never the batch
            for attribute in layer.assigns:
                setattr(article, attribute, empty_value(article, attribute))
            reason = f"{layer.layer} analysis failed ({type(error).__name__}: {str(error)[:120]})"
            article.problems.append(Problem(article.source, reason, layer=layer.layer))
            log.debug("%s: %s", article.source, reason, exc_info=True)
            continue
        for attribute, value in zip(layer.assigns, values, strict=True):
            setattr(article, attribute, value)
    return article


def _checked(layers: Sequence[Layer] | None) -> tuple[Layer, ...]:
    """The default layers were checked when their module was imported; a custom list is checked here."""
    from storyline.analyse.layers import LAYERS, check_order

    return LAYERS if layers is None else check_order(layers)


def problem_counts(problems: Sequence[Problem]) -> dict[str, int]:
    """How many problems of each kind: ``dropped`` (inputs skipped) and ``failed_<layer>``."""
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.counter] = counts.get(problem.counter, 0) + 1
    return dict(sorted(counts.items()))


def describe_counts(problems: Sequence[Problem]) -> str:
    """The counters as one line, ``dropped=1, failed_quotes=2`` (empty when there were none): what the CLI
    prints and the server sends in ``X-Storyline-Problems``."""
    return ", ".join(f"{name}={count}" for name, count in problem_counts(problems).items())


def compose_brief(
    articles: list[Article],
    *,
    words: int = 250,
    query: str | None = None,
    problems: list[Problem] | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    since: str | None = None,
    earlier: Collection[str] = (),
) -> Brief:
    """The per-story steps after the barrier: relate the articles, then write the briefing.

    The quote ledger keeps quotes of at least ``settings.min_quote_confidence``: weak attributions (stance
    verbs, noun cues) stay on each article for search and evaluation but would clutter a briefing.

    An update briefing: ``earlier`` names (by id) articles the reader has already seen, and ``since`` (an
    ISO date) adds every article not published after it (see :func:`split_since`). The summary then says
    only what the other articles add and cites only them; the earlier ones stay in the brief (timeline,
    quotes, claims) and tell the summariser what is already known.
    """
    from storyline.briefing.summarise import summarise
    from storyline.briefing.timeline import build_timeline
    from storyline.clean.dedupe import mark_near_duplicates
    from storyline.relate.dates import infer_publication_dates, undated_warning
    from storyline.relate.disagreements import find_disagreements
    from storyline.relate.entities import link_entities
    from storyline.relate.quotes import merge_quotes

    mark_near_duplicates(articles, settings.near_duplicate_threshold)
    infer_publication_dates(articles)
    originals = [article for article in articles if article.duplicate_of is None]
    entities = link_entities(originals)  # story-wide ids, which the ledger's speakers point at
    seen, notes = split_since(articles, since, earlier)
    newer = [article for article in articles if article.id not in seen]
    known = [article for article in articles if article.id in seen]
    return Brief(
        articles=articles,
        summary=summarise(newer, words=words, query=query, earlier=known),
        quotes=merge_quotes(originals, entities, min_confidence=settings.min_quote_confidence),
        claims=[claim for article in originals for claim in article.claims],
        disagreements=find_disagreements(originals),
        timeline=build_timeline(originals),
        problems=[*(problems or []), *(p for article in articles for p in article.problems)],
        entities=entities,
        warnings=[warning for warning in (undated_warning(articles), *notes) if warning],
        since=since,
    )


def split_since(
    articles: Sequence[Article], since: str | None, earlier: Collection[str] = ()
) -> tuple[set[str], list[str]]:
    """The ids of the articles an update briefing treats as already seen, and the warnings it owes.

    Seen: the ``earlier`` ids, and with ``since`` every article not published after that day, so a reader
    who read the story on ``since`` gets only later news. An article without a date (none stated, none
    inferred) counts as seen: nothing shows it is new, and calling old news new is the worse mistake; the
    warning says how many were set aside so. ``since`` must be an ISO date (``YYYY-MM-DD``).
    """
    seen = set(earlier)
    notes: list[str] = []
    if since is None:
        return seen, notes
    day = parse_since(since)
    undated = 0
    for article in articles:
        published = (article.published or "")[:10]
        if not published:
            undated += 1
            seen.add(article.id)
        elif published <= day:
            seen.add(article.id)
    newer = sum(article.id not in seen for article in articles)
    if not newer:
        notes.append(f"no article was published after {day}: the update summary is empty")
    if undated:
        noun = "article has" if undated == 1 else "articles have"
        notes.append(f"{undated} {noun} no date and counted as published by {day} (not summarised as new)")
    return seen, notes


def parse_since(since: str) -> str:
    """``since`` as an ISO day, or a ValueError saying what is expected."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(since).strip()[:10]).isoformat()
    except ValueError:
        raise ValueError(f"since must be a date as YYYY-MM-DD, not {since!r}") from None


def run(
    documents: Sequence[RawDocument],
    *,
    words: int = 250,
    query: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    executor: Executor | None = None,
    problems: list[Problem] | None = None,
    since: str | None = None,
    earlier: Sequence[RawDocument] = (),
) -> Brief:
    """Clean, analyse (mapped by ``executor``), relate and brief one group of documents.

    ``earlier`` documents are ones the reader has already seen (an update briefing, as with ``since``):
    they are cleaned and analysed with the rest, listed first, and only the others are summarised.
    """
    if since is not None:
        parse_since(since)  # a bad date fails before the costly steps
    old_sources = {document.source for document in earlier}
    if len(old_sources) != len(earlier) or old_sources & {document.source for document in documents}:
        raise ValueError("earlier documents need sources of their own (not shared with the new ones)")
    articles, cleaning_problems = clean_documents([*earlier, *documents], settings)
    analysed = analyse_articles(articles, executor)
    return compose_brief(
        analysed,
        words=words,
        query=query,
        problems=[*(problems or []), *cleaning_problems],
        settings=settings,
        since=since,
        earlier={article.id for article in analysed if article.source in old_sources},
    )
