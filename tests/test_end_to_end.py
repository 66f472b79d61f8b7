"""The whole path on the real scraped seed corpus and through the CLI, with bad input mixed in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import storyline
from storyline.model import Brief

BOILERPLATE = [
    "Skip to main content",
    "Reuters/Jacques Brinon/Pool",
    "Daily newsletter",
    "Page not found",
    "WRVO",
    "Play Live Radio",
    "Transcript provided by NPR",
    "began reporting from France",
    "To contact the reporters",
    "Disqus",
    "June 26, 2014",
    "Wikileaks releases 2.4 million",
    "Support us",
    "Enjoying ad-free content",
    "we have a small favor to ask",
    "Remind me later",
    "Editors: Terry Atlas",
]


@pytest.fixture(scope="module")
def seed_brief(seeds_dir: Path) -> Brief:
    return storyline.brief(seeds_dir)


def test_seed_brief_contract_and_citations(seed_brief: Brief) -> None:
    data = json.loads(json.dumps(seed_brief.to_dict()))
    assert data["schema"] == "storyline.brief/3"
    assert len(data["articles"]) == 5
    texts = {article["id"]: article["text"] for article in data["articles"]}
    assert data["summary"], "empty summary"
    for sentence in data["summary"]:
        assert sentence["citations"]
        for citation in sentence["citations"]:
            assert citation["article"] in texts
            assert 0 <= citation["start"] < citation["end"] <= len(texts[citation["article"]])
    words = sum(len(sentence["text"].split()) for sentence in data["summary"])
    assert 150 <= words <= 260


def test_removed_offsets_point_into_the_raw_input(seed_brief: Brief) -> None:
    for article in seed_brief.articles:
        raw = Path(article.source).read_text(encoding="utf-8")
        for item in article.removed:
            assert raw[item.start : item.end] == item.text


def test_no_boilerplate_in_texts_or_summary(seed_brief: Brief) -> None:
    summary = " ".join(sentence.text for sentence in seed_brief.summary)
    for article in seed_brief.articles:
        for marker in BOILERPLATE:
            assert marker not in article.text, (article.source, marker)
            assert marker not in summary
    kept = " ".join(article.text for article in seed_brief.articles)
    assert "Russia thought it was a joke, he said." in kept
    assert "Humanitarian aid;" in kept


def test_seed_metadata(seed_brief: Brief) -> None:
    by_file = {Path(article.source).name[:3]: article for article in seed_brief.articles}
    assert by_file["001"].published == "2012-07-06" and by_file["001"].published_from == "text"
    assert by_file["003"].published == "2012-03-12" and by_file["003"].published_from == "text"
    assert by_file["004"].published is None or by_file["004"].published_from == "inferred"
    assert (
        by_file["003"].title == "Clinton Clashes With Russian Counterpart Lavrov at UN Over Stance on Syria"
    )


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_cli_bad_input_is_reported_and_the_rest_is_briefed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(
        "The port of Selwyn closed on Thursday after a storm damaged two cranes, the port authority said.\n\n"
        '"We will not reopen until every berth has been inspected," harbour master Ana Ruiz said '
        "on Friday.\n\n"
        "About 40 ships were waiting offshore, according to the shipping association, and some were sent "
        "south to the smaller port at Kerrin, where the council said it could take ten more vessels.\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\xff" * 100)
    (tmp_path / "french.txt").write_text(
        "Le port a fermé jeudi après une tempête qui a endommagé deux grues, a déclaré l'autorité portuaire. "
        * 4,
        encoding="utf-8",
    )
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        "<html><head><title>Port &lt;script&gt;alert(1)&lt;/script&gt;</title></head><body><article>"
        "<p>The harbour reopened on Saturday, officials said, after inspectors cleared the berths. "
        "&lt;script&gt;alert(1)&lt;/script&gt; was printed on a protest banner near the gate.</p>"
        "<p>Ana Ruiz said the inspection had found no damage to the quays and that ships could dock "
        "again.</p>"
        "<p>About 40 ships entered the port by the evening, the shipping association said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "brief.html"
    result = _cli("brief", str(tmp_path), "-o", str(out))
    assert result.returncode == 1, result.stderr  # some inputs skipped, the rest briefed
    assert result.stderr.splitlines()[-1].startswith("storyline: briefed 2 articles; skipped 3 inputs:")
    lines = [line for line in result.stderr.splitlines() if line.startswith("storyline: skipped")]
    assert len(lines) == 3, result.stderr
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("blob.txt: binary file" in line for line in lines)
    assert any("french.txt: not English" in line for line in lines)
    assert "Traceback" not in result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_cli_exit_code_when_nothing_can_be_briefed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _cli("brief", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"), "-o", "-")
    assert result.returncode == 2
    assert "empty.txt: empty file" in result.stderr and "missing.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_json_to_stdout(seeds_dir: Path) -> None:
    result = _cli("brief", str(seeds_dir / "002_5471c8ca0f5c8ef0.txt"), "--format", "json", "-o", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["articles"][0]["source"].endswith("002_5471c8ca0f5c8ef0.txt")


def test_cli_evaluate_commands_are_wired(seeds_dir: Path) -> None:
    data = seeds_dir.parent
    cleaning = _cli("evaluate", "cleaning", str(data / "clean" / "L3S-GN1_page-signal"), "--limit", "3")
    assert cleaning.returncode == 0, cleaning.stderr
    assert "justext" in cleaning.stdout
    quotes = _cli("evaluate", "quotes", str(data / "quotes" / "polnear" / "data" / "dev"), "--limit", "2")
    assert quotes.returncode == 0, quotes.stderr
    assert "textacy" in quotes.stdout
    summaries = _cli("evaluate", "summaries", str(data / "mds" / "multinews-dev100.jsonl"), "--limit", "1")
    assert summaries.returncode == 0, summaries.stderr
    assert "storyline" in summaries.stdout and "lexrank" in summaries.stdout.lower()
