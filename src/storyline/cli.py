"""The ``storyline`` command: brief, stories, ingest, evaluate, serve.

Thin over the Python API: it parses flags, calls ``storyline.api``, prints problems as one line each on
stderr, and turns "nothing could be briefed" into exit code 1. No traceback reaches the user for bad input.
"""

from __future__ import annotations

import sys
from enum import StrEnum
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


@app.callback()
def _configure() -> None:
    """Warnings from the library (an analyser failing on one article) print as one line each."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="storyline: %(message)s")


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
    inputs: list[str] = []
    for source in sources:
        inputs.append(sys.stdin.read() if source == "-" else source)
    executor = executor_for("processes" if settings.workers > 1 else "local", settings.workers)
    result = make_brief(inputs, words=words, query=query, settings=settings, executor=executor)
    _report(result.problems)
    if not result.articles:
        _say("nothing could be briefed")
        raise typer.Exit(1)
    if store:
        from storyline.store import Store

        with Store(store) as database:
            database.save_articles(result.articles)
            database.save_brief(result, name=", ".join(sources)[:200])
    _write_brief(result, output, fmt)


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
            Path(output).write_text(rendered, encoding="utf-8")
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
    typer.Option(help="Keep the Parquet parts here (a rerun after a kill resumes from them)."),
]


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
        with Store(store) as database:
            _list_stories(database.list_stories(), json_out)
        return
    from storyline.engine.stories import group_stored

    settings = _settings(config, max_bytes, workers)
    with Store(store) as database:
        ids = _ingest_partitions(sources or [], database, settings, engine, master, out)
        grouped = database.grouped(ids)
        fresh = [article_id for article_id in dict.fromkeys(ids) if article_id not in grouped]
        update = group_stored(database.load_articles(fresh), database, settings=settings, words=words)
        update.already_grouped = len(set(ids)) - len(fresh)
        layer_problems = [p for item in update.touched if item.brief for p in item.brief.problems if p.layer]
        _report([*update.problems, *layer_problems])
        if update.already_grouped:
            _say(f"{update.already_grouped} articles were already grouped in {store}: left as they were")
        if not update.touched and not update.already_grouped:
            _say("nothing could be grouped")
            raise typer.Exit(1)
        created = set(update.created)
        for item in update.touched:
            change = "new" if item.id in created else "updated"
            _say(f"{change} {item.id}: {len(item.articles)} articles, {item.title or '(untitled)'}")
        _list_stories(database.list_stories(), json_out)


def _list_stories(rows: list[dict[str, object]], json_out: bool) -> None:
    """The listing on stdout: a table (id, topic, articles, outlets, dates, updated, title) or JSON lines."""
    import json

    if json_out:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    print(f"{'story':<7} {'topic':<6} {'articles':>8} {'outlets':>7}  {'first':<10}  {'last':<10}  "
          f"{'updated':<20}  title")
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
) -> None:
    """Read, clean and analyse articles in partitions (as Parquet), and load them into the store."""
    from storyline.store import Store

    settings = _settings(None, max_bytes, workers)
    with Store(store) as database:
        ids = _ingest_partitions(sources, database, settings, engine, master, out)
    _say(f"saved {len(ids)} articles to {store}")


def _ingest_partitions(  # type: ignore[no-untyped-def]
    sources: list[str], database, settings, engine: Engine | None, master: str, out: Path | None
) -> list[str]:
    """Run the partitioned ingest with the chosen executor, report its problems, load the store; the ids
    of the articles read (exit 1 when there are none)."""
    import shutil
    import tempfile

    from storyline.engine.executors import executor_for, stop_spark
    from storyline.engine.ingest import ingest_corpus

    chosen = engine or (Engine.processes if settings.workers > 1 else Engine.local)
    try:
        executor = executor_for(chosen.value, settings.workers, master)
    except ValueError as error:
        _say(str(error))
        raise typer.Exit(2) from None
    if out is not None and out.exists() and not out.is_dir():
        _say(f"{out}: --out must be a folder (for the Parquet parts), and this is a file")
        raise typer.Exit(2)
    folder = out or Path(tempfile.mkdtemp(prefix=".storyline-parts-", dir=Path(database.path).parent))
    try:
        report = ingest_corpus(sources, folder, executor, settings)
        database.import_parquet(folder)
    except OSError as error:  # the parts' folder cannot be written: one line, not a traceback
        _say(f"{folder}: cannot write the Parquet parts ({error.strerror or error})")
        raise typer.Exit(2) from None
    finally:
        if chosen is Engine.spark:
            stop_spark()
        if out is None:
            shutil.rmtree(folder, ignore_errors=True)
    _report(report.all_problems)
    if report.resumed:
        _say(f"{report.resumed} of {len(report.partitions)} partitions had finished before: not redone")
    if not report.ids:
        _say("nothing could be ingested")
        raise typer.Exit(1)
    return report.ids


def _report(problems: list[Problem]) -> None:
    """One line per problem, then the counts when there were several (datatrove-style counters)."""
    from storyline.engine.pipeline import describe_counts

    for problem in problems:
        _say(f"skipped {problem}" if problem.layer is None else f"partly analysed {problem}")
    if len(problems) > 1:
        _say(f"problems: {describe_counts(problems)}")


def _delegate(module: str, argv: list[str]) -> None:
    import importlib

    code = importlib.import_module(f"storyline.evaluate.{module}").main(argv)
    raise typer.Exit(code or 0)


@evaluate_app.command("summaries")
def evaluate_summaries(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="MDS clusters (.jsonl).")],
    limit: Annotated[int | None, typer.Option(help="Only the first N clusters.")] = None,
    words: Annotated[int, typer.Option(help="Word budget for every system.")] = 250,
) -> None:
    """ROUGE of storyline beside sumy's summarisers and a lead baseline."""
    _delegate("summaries", [str(file), "--words", str(words), *(["--limit", str(limit)] if limit else [])])


@evaluate_app.command("quotes")
def evaluate_quotes(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="PolNeAR split folder.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
) -> None:
    """Quote/speaker/cue precision and recall beside textacy."""
    _delegate("quotes", [str(folder), *(["--limit", str(limit)] if limit else [])])


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
    folder: Annotated[
        Path | None, typer.Argument(exists=True, file_okay=False, help="L3S-GN1 folder (default: ../shared).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N pages.")] = None,
) -> None:
    """Boilerplate removal token P/R/F1: flattened text beside jusText, HTML beside trafilatura."""
    root = ["--root", str(folder)] if folder else []
    _delegate("cleaning", [*root, *(["--limit", str(limit)] if limit else [])])


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
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Serve the HTTP API and the web page."""
    from storyline.server.app import serve as run_server

    run_server(host=host, port=port)


def main() -> None:
    from storyline.store import StoreError

    try:
        app()
    except StoreError as error:  # a --store that is not a store: one line, whichever command opened it
        _say(str(error))
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
