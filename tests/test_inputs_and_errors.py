"""What the API and the CLI accept, and how they fail: the documented rule for strings and paths, clear
TypeErrors for the wrong types, unusable strings in the text, and internal errors as one line (a
traceback only with ``--debug``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import storyline
from storyline import cli
from storyline.ingest.readers import read_sources
from storyline.render import render

ARTICLE = (
    "The river authority closed the Hollin weir on Monday after inspectors found cracks in its gates, "
    "chief engineer Mara Quist said. \"We cannot risk a failure during the spring floods,\" Quist told "
    "reporters. Repairs will take about six weeks and cost 3 million euros, the authority said.\n\n"
    "Boat owners said the closure would cut the river off from the harbour for the whole season, and "
    "the rowing club asked for a temporary lock to be built beside the weir.\n"
)


@pytest.mark.parametrize("bad", [None, 5, 3.5, object()])
def test_the_wrong_type_of_sources_is_a_clear_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=r"storyline\.brief: sources must be a path, an article string"):
        storyline.brief(bad)  # type: ignore[arg-type]


def test_a_mapping_points_to_brief_records() -> None:
    with pytest.raises(TypeError, match="brief_records"):
        storyline.brief({"text": ARTICLE})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="list of mappings"):
        storyline.brief_records("text")  # type: ignore[arg-type]


def test_wrong_items_in_a_list_are_problems_and_the_rest_is_read() -> None:
    documents, problems = read_sources([ARTICLE, 7, ARTICLE.encode("utf-16")])  # type: ignore[list-item]
    assert len(documents) == 2 and documents[1].content == ARTICLE
    assert [(p.source, p.reason) for p in problems] == [
        ("input:1", "not a path, an article text or bytes but int")
    ]


def test_the_rule_for_strings_paths_and_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    one_line = " ".join(ARTICLE.split()) + " The vote was 12/3 in favour."  # a long line with a slash
    documents, problems = read_sources(["batch", one_line, "missing/a.txt", "Yes/no", Path("gone")])
    assert [doc.source for doc in documents] == [str(Path("batch") / "a.txt"), "input:1"]
    assert documents[1].content == one_line
    assert [(p.source, p.reason) for p in problems] == [
        ("missing/a.txt", "no such file or folder"),
        ("Yes/no", "no such file or folder"),
        ("gone", "no such file or folder"),
    ]
    texts, refused = read_sources(["batch", "/etc/passwd"], allow_paths=False)
    assert [doc.content for doc in texts] == ["batch", "/etc/passwd"] and not refused


def test_lone_surrogates_never_reach_the_records() -> None:
    result = storyline.brief_records(
        [{"text": ARTICLE.replace("Monday", "Mon\ud800day"), "title": "Weir \udfff closed"}]
    )
    assert result.articles, result.problems
    article = result.articles[0]
    assert "Mon\ufffdday" in article.text and article.title == "Weir \ufffd closed"
    for rendered in (render(result, "json"), render(result, "html"), render(result, "md")):
        rendered.encode("utf-8")  # would raise on a surrogate


def test_a_cli_argument_is_always_a_path(tmp_path: Path) -> None:
    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "brief", "batch", "-o", "-", "-f", "json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"source": "batch/a.txt"' in result.stdout


def test_an_internal_error_is_one_line_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The fault is injected (a real one cannot be caused on purpose): what is tested is the handler."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the analyser fell over\nwith a second line")

    monkeypatch.setattr("storyline.api.brief", broken)
    with pytest.raises(SystemExit) as ended:
        cli.main(["brief", str(tmp_path / "a.txt"), "-o", "-"])
    assert ended.value.code == cli.ExitCode.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error: RuntimeError: the analyser fell over with a second line" in err
    assert "--debug" in err
    with pytest.raises(RuntimeError, match="fell over"):
        cli.main(["--debug", "brief", str(tmp_path / "a.txt"), "-o", "-"])
    with pytest.raises(RuntimeError, match="fell over"):  # after the command too
        cli.main(["brief", str(tmp_path / "a.txt"), "-o", "-", "--debug"])


def test_usage_errors_and_help_keep_their_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        cli.main(["brief", "--words", "3", "x.txt"])
    assert ended.value.code == 2 and "Invalid value" in capsys.readouterr().err
    with pytest.raises(SystemExit) as ended:
        cli.main(["--help"])
    assert ended.value.code == 0 and "brief" in capsys.readouterr().out
