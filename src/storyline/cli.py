"""The ``storyline`` command: brief, stories, ingest, evaluate, serve.

Thin over the Python API: it parses flags, calls ``storyline.api``, prints each problem as one line on
stderr and a summary line at the end. Arguments are always paths (or ``-`` for stdin), never article
text. No traceback reaches the user (``--debug`` shows one). Exit codes:

- 0: every input was used;
- 1: some inputs were skipped (each said in one line), the rest were used;
- 2: nothing was usable, or the command could not run (bad option, a store that is unusable or in use);
- 3: an internal error (a bug; rerun with ``--debug`` for the traceback);
- 130: interrupted (Ctrl-C); what was finished is saved, and the same command resumes.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from storyline.model import Brief, Problem

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn many outlets' coverage of a news story into a cited briefing.",
)
evaluate_app = typer.Typer(
    no_args_is_help=True, help="Measure storyline against peers on data written by others."
)
app.add_typer(evaluate_app, name="evaluate")


class ExitCode(IntEnum):
    ALL_USED = 0
    SOME_SKIPPED = 1
    NOTHING_USABLE = 2
    INTERNAL_ERROR = 3
    INTERRUPTED = 130


@app.callback()
def _configure(
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    """Warnings from the library (an analyser failing on one article) print as one line each, naming
    the article; third-party libraries' own chatter (a parser's "discarding data") is left out."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="storyline: %(message)s")
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


class Format(StrEnum):
    md = "md"
    json = "json"
    html = "html"


_SUFFIX_FORMATS = {".md": Format.md, ".markdown": Format.md, ".json": Format.json, ".html": Format.html}


def _say(message: str) -> None:
    print(f"storyline: {message}", file=sys.stderr)


def _settings(config: Path | None, max_bytes: int | None, workers: int | None):  # type: ignore[no-untyped-def]
    from storyline.config import DEFAULT_SETTINGS, Settings

    try:
        base = Settings.from_toml(config) if config else DEFAULT_SETTINGS
        return base.with_overrides(max_file_bytes=max_bytes, workers=workers)
    except (OSError, ValueError) as error:
        _say(f"{config}: {error}")
        raise typer.Exit(2) from error


@app.command()
def brief(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Files, folders (txt, html, jsonl, warc) or '-' for stdin.")
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write here ('-' for stdout).")] = None,
    fmt: Annotated[Format | None, typer.Option("--format", "-f", help="md, json or html.")] = None,
    words: Annotated[int, typer.Option(min=20, max=5000, help="Summary length in words.")] = 250,
    query: Annotated[str | None, typer.Option(help="Focus the summary on this question.")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Update briefing: summarise only what articles published after this date (YYYY-MM-DD) "
            "add; undated articles count as earlier."
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(help="Also save articles and brief in this DuckDB file (with --story: read from it)."),
    ] = None,
    story: Annotated[
        str | None, typer.Option(help="Print the stored briefing of this story (see 'stories --list').")
    ] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Analyse in this many processes.")] = None,
    max_bytes: Annotated[int | None, typer.Option(min=1, help="Size limit per file.")] = None,
    config: Annotated[Path | None, typer.Option(help="TOML settings file.")] = None,
) -> None:
    """Brief a story from its articles, or print a stored story's briefing (--store F --story S1)."""
    from storyline.api import brief as make_brief
    from storyline.engine.executors import executor_for

    if story is not None:
        _write_brief(_stored_story_brief(store, story, sources), output, fmt)
        return
    if not sources:
        _say("give the articles to brief (files, folders or '-'), or --store and --story")
        raise typer.Exit(2)
    settings = _settings(config, max_bytes, workers)
    if since is not None:
        from storyline.engine.pipeline import parse_since

        try:
            since = parse_since(since)
        except ValueError as error:
            _say(f"--since: {error}")
            raise typer.Exit(2) from error
    inputs: list[str | Path] = []
    for source in sources:  # an argument is always a path: a folder named "batch" is not article text
        inputs.append(sys.stdin.read() if source == "-" else Path(source))
    executor = executor_for("processes" if settings.workers > 1 else "local", settings.workers)
    result = make_brief(inputs, words=words, query=query, settings=settings, executor=executor, since=since)
    _report(result.problems)
    if not result.articles:
        _summarise("briefed", 0, result.problems)
        raise typer.Exit(ExitCode.NOTHING_USABLE)
    if store:
        from storyline.store import Store

        with Store(store, wait_seconds=STORE_WAIT_SECONDS) as database:
            database.save_articles(result.articles)
            database.save_brief(result, name=", ".join(sources)[:200])
    _write_brief(result, output, fmt)
    raise typer.Exit(_summarise("briefed", len(result.articles), result.problems))


def _stored_story_brief(store: Path | None, story: str, sources: list[str] | None) -> Brief:
    """The saved briefing of ``story``; a one-line error (exit 2) when the store or the story is missing."""
    if store is None or sources:
        _say("--story reads a stored story: give --store and no articles")
        raise typer.Exit(2)
    if not store.exists():
        _say(f"{store}: no such store")
        raise typer.Exit(2)
    from storyline.store import Store

    with Store(store) as database:
        try:
            found = database.load_story(story)
        except KeyError:
            known = ", ".join(item["id"] for item in database.list_stories()[:10]) or "none yet"
            _say(f"{store}: no story {story} (stories: {known})")
            raise typer.Exit(2) from None
    if found.brief is None:
        _say(f"{store}: story {story} has no briefing")
        raise typer.Exit(2)
    return found.brief


def _write_brief(result: Brief, output: str | None, fmt: Format | None) -> None:
    """Print or write ``result`` in the format asked for (or the one the output's suffix names)."""
    chosen = fmt or (_SUFFIX_FORMATS.get(Path(output).suffix.lower()) if output and output != "-" else None)
    chosen = chosen or Format.md
    if output is None and chosen is Format.md and sys.stdout.isatty():
        from storyline.render import print_brief

        print_brief(result)
        return
    from storyline.render import render

    rendered = render(result, chosen.value)
    if output is None or output == "-":
        sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
    else:
        try:
            Path(output).write_text(rendered, encoding="utf-8", errors="replace")
        except OSError as error:
            _say(f"{output}: cannot write ({error.strerror or error})")
            raise typer.Exit(2) from error
        _say(f"wrote {output} ({len(result.articles)} articles, {len(result.summary)} summary sentences)")


class Engine(StrEnum):
    local = "local"
    processes = "processes"
    spark = "spark"


EngineOption = Annotated[
    Engine | None,
    typer.Option(help="Where partitions run: local (this process), processes (--workers) or spark."),
]
MasterOption = Annotated[str, typer.Option(help="Spark master URL with --engine spark.")]
OutOption = Annotated[
    Path | None,
    typer.Option(
        help="Keep the Parquet parts here (default: a hidden folder beside the store, emptied after loading)."
    ),
]
PartitionOption = Annotated[
    int | None, typer.Option(min=1_000, hidden=True, help="Input bytes per partition (for tests).")
]
#: How long a command waits for a store another process has open (an ingest loading its parts).
STORE_WAIT_SECONDS = 120.0


@app.command()
def stories(
    sources: Annotated[
        list[str] | None, typer.Argument(help="New articles: files or folders (txt, html, jsonl, warc).")
    ] = None,
    store: Annotated[Path, typer.Option(help="DuckDB file that keeps the stories across runs.")] = Path(
        "storyline.duckdb"
    ),
    list_only: Annotated[bool, typer.Option("--list", help="Only list the stored stories.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the listing as JSON lines.")] = False,
    words: Annotated[int, typer.Option(min=20, max=5000, help="Summary length of each briefing.")] = 250,
    workers: Annotated[int | None, typer.Option(min=1, help="Analyse in this many processes.")] = None,
    max_bytes: Annotated[int | None, typer.Option(min=1, help="Size limit per file.")] = None,
    config: Annotated[Path | None, typer.Option(help="TOML settings file.")] = None,
    engine: EngineOption = None,
    master: MasterOption = "local[*]",
    out: OutOption = None,
    partition_bytes: PartitionOption = None,
) -> None:
    """Group articles into stories (new ones join stored stories or start new ones), brief each story
    they touched, and list the stories."""
    from storyline.store import Store

    if sources and list_only:
        _say("--list prints the stored stories; give no articles with it")
        raise typer.Exit(2)
    if not sources and not list_only:
        _say("give new articles (files or folders), or --list")
        raise typer.Exit(2)
    if list_only:
        if not store.exists():
            _say(f"{store}: no such store")
            raise typer.Exit(2)
        with Store(store, read_only=True, wait_seconds=STORE_WAIT_SECONDS) as database:
            _list_stories(database.list_stories(), json_out)
        return
    from storyline.store.lock import writer_lock

    settings = _settings(config, max_bytes, workers)
    with writer_lock(store, _say):
        run = _ingest_partitions(sources or [], store, settings, engine, master, out, partition_bytes)
        with Store(store, wait_seconds=STORE_WAIT_SECONDS) as database:
            _group_and_list(run, database, store, settings, words, json_out)
    raise typer.Exit(_summarise("grouped", len(set(run.ids)), run.problems))


def _group_and_list(  # type: ignore[no-untyped-def]
    run: IngestRun, database, store: Path, settings, words: int, json_out: bool
) -> None:
    """Group the run's new articles into the store's stories, brief the touched ones, list them all."""
    from storyline.engine.stories import group_stored

    grouped = database.grouped(run.ids)
    fresh = [article_id for article_id in dict.fromkeys(run.ids) if article_id not in grouped]
    update = group_stored(database.load_articles(fresh), database, settings=settings, words=words)
    update.already_grouped = len(set(run.ids)) - len(fresh)
    layer_problems = [p for item in update.touched if item.brief for p in item.brief.problems if p.layer]
    _report([*update.problems, *layer_problems])
    run.problems.extend(p for p in update.problems if p.layer is None)
    if update.already_grouped:
        _say(f"{update.already_grouped} articles were already grouped in {store}: left as they were")
    if not update.touched and not update.already_grouped:
        _summarise("grouped", 0, run.problems)
        raise typer.Exit(ExitCode.NOTHING_USABLE)
    created = set(update.created)
    for item in update.touched:
        change = "new" if item.id in created else "updated"
        _say(f"{change} {item.id}: {len(item.articles)} articles, {item.title or '(untitled)'}")
    from storyline.store.browse import refresh_indexes

    refresh_indexes(database)  # search and entity pages of `storyline serve` are ready at once
    _list_stories(database.list_stories(), json_out)


def _list_stories(rows: list[dict[str, object]], json_out: bool) -> None:
    """The listing on stdout: a table (id, topic, articles, outlets, dates, updated, title) or JSON lines."""
    import json

    if json_out:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    print(
        f"{'story':<7} {'topic':<6} {'articles':>8} {'outlets':>7}  {'first':<10}  {'last':<10}  "
        f"{'updated':<20}  title"
    )
    for row in rows:
        outlets = row["outlets"] if isinstance(row["outlets"], list) else []
        print(
            f"{row['id']!s:<7} {row['topic']!s:<6} {row['articles']!s:>8} {len(outlets):>7}  "
            f"{row['first'] or '-'!s:<10}  {row['last'] or '-'!s:<10}  {row['updated'] or '-'!s:<20}  "
            f"{row['title'] or '(untitled)'}"
        )


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files or folders to read.")],
    store: Annotated[Path, typer.Option(help="DuckDB file to load the analysed articles into.")] = Path(
        "storyline.duckdb"
    ),
    workers: Annotated[int | None, typer.Option(min=1)] = None,
    max_bytes: Annotated[int | None, typer.Option(min=1)] = None,
    engine: EngineOption = None,
    master: MasterOption = "local[*]",
    out: OutOption = None,
    partition_bytes: PartitionOption = None,
) -> None:
    """Read, clean and analyse articles in partitions (as Parquet), and load them into the store.

    Ctrl-C stops after the parse batch in hand and saves what is finished; after a kill, the same
    command resumes: finished partitions are not redone, and no article is stored twice."""
    from storyline.store.lock import writer_lock

    settings = _settings(None, max_bytes, workers)
    with writer_lock(store, _say):
        run = _ingest_partitions(sources, store, settings, engine, master, out, partition_bytes)
    _say(f"{store} holds {run.stored:,} articles")
    raise typer.Exit(_summarise("saved", len(set(run.ids)), run.problems))


class IngestRun:
    """What ``_ingest_partitions`` did: the articles' ids, the skipped inputs, the store's total."""

    def __init__(self, ids: list[str], problems: list[Problem], stored: int) -> None:
        self.ids, self.problems, self.stored = ids, problems, stored


def _ingest_partitions(  # type: ignore[no-untyped-def]
    sources: list[str],
    store: Path,
    settings,
    engine: Engine | None,
    master: str,
    out: Path | None,
    partition_bytes: int | None,
) -> IngestRun:
    """Run the partitioned ingest with the chosen executor, then load its parts into ``store``.

    The store is opened only to check what it already holds and to load the parts, so another process
    can read it during the analysis. Ctrl-C asks the partitions to stop (``request_stop``); what they
    finished is loaded and the command exits 130. Exits 2 when nothing could be ingested."""
    from storyline.engine.executors import executor_for, stop_spark
    from storyline.engine.ingest import PARTITION_BYTES, forget_parts, ingest_corpus, request_stop
    from storyline.store import Store
    from storyline.store.lock import parts_path

    chosen = engine or (Engine.processes if settings.workers > 1 else Engine.local)
    try:
        executor = executor_for(chosen.value, settings.workers, master)
    except ValueError as error:
        _say(str(error))
        raise typer.Exit(ExitCode.NOTHING_USABLE) from None
    if out is not None and out.exists() and not out.is_dir():
        _say(f"{out}: --out must be a folder (for the Parquet parts), and this is a file")
        raise typer.Exit(ExitCode.NOTHING_USABLE)
    folder = out or parts_path(store)

    def stored(ids) -> set[str]:  # type: ignore[no-untyped-def]
        if not store.exists():
            return set()
        with Store(store, read_only=True, wait_seconds=STORE_WAIT_SECONDS) as database:
            return database.stored_ids(ids)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _stop_on_interrupt(lambda: request_stop(folder)):
            report = ingest_corpus(
                sources,
                folder,
                executor,
                settings,
                partition_bytes=partition_bytes or PARTITION_BYTES,
                stored=stored,
            )
        with Store(store, wait_seconds=STORE_WAIT_SECONDS) as database:
            database.import_parquet(folder)
            total = database.connection.execute("SELECT count(*) FROM articles").fetchone()
        if out is None and not report.stopped:
            forget_parts(folder)
    except OSError as error:  # the parts' folder cannot be written: one line, not a traceback
        _say(f"{folder}: cannot write the Parquet parts ({error.strerror or error})")
        raise typer.Exit(ExitCode.NOTHING_USABLE) from None
    finally:
        if chosen is Engine.spark:
            stop_spark()
    _report(report.all_problems)
    if report.resumed:
        _say(f"{report.resumed} of {len(report.partitions)} partitions had finished before: not redone")
    if report.stopped:
        _say(
            f"interrupted: {report.finished} of {len(report.partitions)} partitions finished, "
            f"{len(report.ids):,} articles saved to {store}; run the same command again to resume"
        )
        raise typer.Exit(ExitCode.INTERRUPTED)
    skipped = [problem for problem in report.all_problems if problem.layer is None]
    if not report.ids:
        _summarise("ingested", 0, skipped)
        raise typer.Exit(ExitCode.NOTHING_USABLE)
    return IngestRun(report.ids, skipped, int(total[0]) if total else 0)


@contextmanager
def _stop_on_interrupt(stop: Callable[[], None]) -> Iterator[None]:
    """While the block runs, the first Ctrl-C calls ``stop`` (the work in hand finishes and is saved);
    a second one interrupts at once. Pool workers ignore SIGINT (``engine.executors``), so only this
    process decides."""
    calls = {"count": 0}

    def handler(signum: int, frame: object) -> None:
        calls["count"] += 1
        if calls["count"] > 1:
            raise KeyboardInterrupt
        _say("stopping after the articles in hand (Ctrl-C again to stop at once)")
        stop()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _report(problems: list[Problem]) -> None:
    """One line per problem: a skipped input, or a layer that failed on an article."""
    for problem in problems:
        _say(f"skipped {problem}" if problem.layer is None else f"partly analysed {problem}")


def reason_kind(reason: str) -> str:
    """A problem's reason without its particulars (sizes, offsets, names in brackets), to count by."""
    import re

    if "over the size limit" in reason:
        return "over the size limit"
    general = re.sub(r"\s*\([^)]*\)", "", reason).split(":", 1)[0]
    return " ".join(general.split()) or reason


def _summarise(done: str, count: int, problems: list[Problem]) -> ExitCode:
    """The last line — ``saved 900 articles; skipped 34 inputs: 10 × empty file, ...`` — and the exit
    code it stands for."""
    from collections import Counter

    skipped = [problem for problem in problems if problem.layer is None]
    line = f"{done} {count:,} article{'' if count == 1 else 's'}"
    if skipped:
        kinds = Counter(reason_kind(problem.reason) for problem in skipped)
        listed = "; ".join(f"{number} × {kind}" for kind, number in kinds.most_common())
        line += f"; skipped {len(skipped):,} input{'' if len(skipped) == 1 else 's'}: {listed}"
    _say(line)
    if not count:
        return ExitCode.NOTHING_USABLE
    return ExitCode.SOME_SKIPPED if skipped else ExitCode.ALL_USED


def _delegate(module: str, argv: list[str]) -> None:
    import importlib

    code = importlib.import_module(f"storyline.evaluate.{module}").main(argv)
    raise typer.Exit(code or 0)


@evaluate_app.command("summaries")
def evaluate_summaries(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="MDS clusters (.jsonl).")],
    limit: Annotated[int | None, typer.Option(help="Only the first N clusters.")] = None,
    words: Annotated[int, typer.Option(help="Word budget for every system.")] = 250,
    methods: Annotated[
        str | None, typer.Option(help="Comma-separated systems (default: storyline, lead and sumy's six).")
    ] = None,
    only_updates: Annotated[
        bool, typer.Option("--only-updates", help="Only clusters with earlier sets (update summaries).")
    ] = False,
) -> None:
    """ROUGE of storyline beside sumy's summarisers and a lead baseline; a cluster naming earlier sets
    (meta.earlier_sets) is an update summary, for which storyline gets those sets as seen articles."""
    argv = [str(file), "--words", str(words), *(["--limit", str(limit)] if limit else [])]
    argv += [*(["--methods", methods] if methods else []), *(["--only-updates"] if only_updates else [])]
    _delegate("summaries", argv)


@evaluate_app.command("quotes")
def evaluate_quotes(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="PolNeAR split folder.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
) -> None:
    """Quote/speaker/cue precision and recall beside textacy."""
    _delegate("quotes", [str(folder), *(["--limit", str(limit)] if limit else [])])


@evaluate_app.command("speakers")
def evaluate_speakers(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="The seed reports' folder.")],
) -> None:
    """Speaker accuracy of the briefing ledger on the seed reports, against hand-judged full names."""
    _delegate("speakers", [str(folder)])


@evaluate_app.command("timeline")
def evaluate_timeline(
    folder: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="A T17 topic or the t17 folder.")
    ],
) -> None:
    """Date F1 and alignment ROUGE of timelines beside a most-mentioned-dates baseline."""
    _delegate("timeline", [str(folder)])


@evaluate_app.command("trust")
def evaluate_trust(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="MDS clusters (.jsonl).")],
    limit: Annotated[int | None, typer.Option(help="Only the first N clusters.")] = None,
    examples: Annotated[bool, typer.Option(help="Print an example of each failure.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write every report as JSON here.")] = None,
) -> None:
    """Whether briefings say only what their sources say: false disagreements, altered sentences,
    weak citations, boilerplate (each should be 0)."""
    argv = [str(file), *(["--limit", str(limit)] if limit else []), *(["--examples"] if examples else [])]
    _delegate("trust", [*argv, *(["--json", str(json_out)] if json_out else [])])


@evaluate_app.command("cleaning")
def evaluate_cleaning(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            exists=True,
            file_okay=False,
            help="L3S-GN1 and/or CleanEval folders (default: both in ../shared).",
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N pages of each set.")] = None,
    flattener: Annotated[
        str, typer.Option(help="How pages become plain text: html-text, lxml or both.")
    ] = "both",
    by_site: Annotated[bool, typer.Option(help="Group F1 by site; leave-one-site-out on L3S.")] = False,
    html: Annotated[bool, typer.Option(help="Also score the HTML path beside trafilatura.")] = True,
) -> None:
    """Boilerplate removal token P/R/F1: flattened text beside jusText, HTML beside trafilatura."""
    argv = [*(str(folder) for folder in folders or []), "--flattener", flattener]
    argv += [*(["--limit", str(limit)] if limit else []), *(["--by-site"] if by_site else [])]
    _delegate("cleaning", [*argv, *([] if html else ["--no-html"])])


@evaluate_app.command("stories")
def evaluate_stories(
    folder: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="The ECB+ folder or the T17 folder.")
    ],
    topics: Annotated[str | None, typer.Option(help="ECB+ topics to pool, e.g. 1-35.")] = None,
    limit: Annotated[int | None, typer.Option(help="Only N documents (after shuffling).")] = None,
    baseline_only: Annotated[bool, typer.Option(help="Skip storyline (no spaCy parse).")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the report as JSON here.")] = None,
) -> None:
    """B-cubed of story and topic grouping (batch and streaming) beside TF-IDF + agglomerative."""
    argv = [str(folder), *(["--topics", topics] if topics else [])]
    argv += [*(["--limit", str(limit)] if limit else []), *(["--baseline-only"] if baseline_only else [])]
    _delegate("stories", [*argv, *(["--json", str(json_out)] if json_out else [])])


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (another than loopback needs --token).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    store: Annotated[Path, typer.Option(help="DuckDB store of stories the newsroom browses.")] = Path(
        "storyline.duckdb"
    ),
    token: Annotated[
        str | None, typer.Option(help="Token POSTs need (default: $STORYLINE_TOKEN).", show_default=False)
    ] = None,
    config: Annotated[Path | None, typer.Option(help="TOML settings file.")] = None,
) -> None:
    """Serve the newsroom (stories, search, entities, adding articles), its HTTP API and the brief page."""
    from storyline.server.app import serve as run_server
    from storyline.server.security import InsecureBinding

    settings = _settings(config, None, None)
    try:
        run_server(host=host, port=port, store=store, token=token, settings=settings)
    except InsecureBinding as error:
        _say(str(error))
        raise typer.Exit(2) from None


def main(argv: list[str] | None = None) -> None:
    """Run the command line; every failure ends as one line and an exit code (see the module docstring)."""
    from storyline.store import StoreError

    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    arguments = [argument for argument in arguments if argument != "--debug"]
    try:
        code = app(args=arguments, prog_name="storyline", standalone_mode=False)
    except StoreError as error:  # a --store that is not a store, or in use: one line, whichever command
        _say(str(error))
        raise SystemExit(ExitCode.NOTHING_USABLE) from None
    except (KeyboardInterrupt, typer.Abort):
        _say("interrupted")
        raise SystemExit(ExitCode.INTERRUPTED) from None
    except Exception as error:
        if callable(getattr(error, "show", None)) and isinstance(getattr(error, "exit_code", None), int):
            # A usage error (typer ships its own click, so its class is not importable in one place).
            error.show()  # type: ignore[attr-defined]
            raise SystemExit(error.exit_code) from None  # type: ignore[attr-defined]
        if debug:
            raise
        detail = " ".join(str(error).split())[:200]
        _say(f"internal error: {type(error).__name__}: {detail} (rerun with --debug for the traceback)")
        raise SystemExit(ExitCode.INTERNAL_ERROR) from None
    raise SystemExit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
