"""The example corpus must keep containing what the README promises storyline will find.

Plain Python only: these tests guard the *data*, so an edit to a corpus file that quietly removes a
feature (the transcript labels, the disagreeing counts, the near-duplicate pair) fails here rather than
silently weakening the end-to-end demo.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
README = CORPUS.parent / "README.md"

EXPECTED = {
    "courier-june-inspection.txt",
    "meridian-wire-dam-breach.txt",
    "northern-post-dam-breach.txt",
    "radio-wenlow-evening-report.txt",
    "daily-ledger-death-toll.html",
    "courier-sunday-valley.txt",
    "monday-coverage.jsonl",
}
MINISTER_LINE = "will not wait months"


class _Visible(HTMLParser):
    """Collects text outside <script>/<style> and the tags and meta properties seen."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: set[str] = set()
        self.meta: dict[str, str] = {}
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "meta":
            values = dict(attrs)
            key = values.get("property") or values.get("name")
            if key and values.get("content"):
                self.meta[key] = values["content"] or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _parse_html(markup: str) -> _Visible:
    parser = _Visible()
    parser.feed(markup)
    parser.close()
    return parser


def _records() -> list[dict[str, str]]:
    lines = (CORPUS / "monday-coverage.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _documents() -> dict[str, str]:
    """Every article as visible text, keyed by file name (jsonl records as name#index)."""
    docs: dict[str, str] = {}
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".txt":
            docs[path.name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".html":
            docs[path.name] = " ".join(_parse_html(path.read_text(encoding="utf-8")).parts)
    for index, record in enumerate(_records()):
        body = record.get("text") or " ".join(_parse_html(record["html"]).parts)
        docs[f"monday-coverage.jsonl#{index}"] = body
    return docs


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _jaccard(a: str, b: str) -> float:
    left, right = _shingles(a), _shingles(b)
    return len(left & right) / len(left | right)


def test_expected_files_exist_and_readme_describes_them() -> None:
    names = {path.name for path in CORPUS.iterdir()}
    assert names >= EXPECTED
    readme = README.read_text(encoding="utf-8")
    assert "written for this project" in readme
    for name in EXPECTED:
        assert name in readme, f"README does not describe {name}"


def test_jsonl_records_are_valid_articles() -> None:
    records = _records()
    assert 1 <= len(records) <= 2
    kinds = set()
    for record in records:
        assert set(record) <= {"text", "html", "url", "title", "outlet", "published"}
        body_key = "text" if "text" in record else "html"
        assert isinstance(record[body_key], str) and len(record[body_key]) > 500
        kinds.add(body_key)
        assert record["url"].startswith("https://")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record["published"])
    assert kinds == {"text", "html"}


def test_html_page_has_page_structure_and_metadata() -> None:
    page = _parse_html((CORPUS / "daily-ledger-death-toll.html").read_text(encoding="utf-8"))
    assert {"nav", "header", "article", "footer", "figcaption"} <= page.tags
    assert page.meta["article:published_time"].startswith("2025-11-15")
    assert page.meta["og:site_name"] == "The Daily Ledger"


@pytest.mark.parametrize("name", sorted(EXPECTED - {"monday-coverage.jsonl"}))
def test_article_bodies_are_realistic_length(name: str) -> None:
    assert 300 <= len(_words(_documents()[name])) <= 900


def test_radio_transcript_has_host_intro_and_speaker_labels() -> None:
    text = (CORPUS / "radio-wenlow-evening-report.txt").read_text(encoding="utf-8")
    labels = re.findall(r"^([A-Z][A-Z .'-]+?)(?:, [A-Z ]+)?:\s", text, flags=re.MULTILINE)
    assert {"MARTIN GOSS", "SARAH QUILLAN", "RUTH OKAFOR", "PETER LYLE", "QUILLAN"} <= set(labels)
    assert "this is The Evening Report. I'm Martin Goss." in text
    assert "Transcript provided by Radio Wenlow" in text


def test_minister_line_is_quoted_by_several_outlets() -> None:
    docs = _documents()
    carrying = {name for name, text in docs.items() if MINISTER_LINE in text}
    assert len(carrying) >= 5
    full = "Nobody should have to wonder whether the wall above their town will hold"
    partial_only = {name for name in carrying if full not in docs[name]}
    assert partial_only, "at least one outlet should quote the minister only partially"


def test_counts_disagree_and_toll_grows() -> None:
    docs = _documents()
    assert "About 40 people are still missing" in docs["meridian-wire-dam-breach.txt"]
    assert "at least 52 people were still unaccounted for" in docs["courier-sunday-valley.txt"]
    ledger = docs["daily-ledger-death-toll.html"]
    assert "about 2,000" in ledger and "more than 3,500" in ledger
    tolls = [
        ("meridian-wire-dam-breach.txt", "at least 12 people"),
        ("daily-ledger-death-toll.html", "risen to 19"),
        ("courier-sunday-valley.txt", "21 people are now known to have died"),
        ("monday-coverage.jsonl#1", "death toll in the town of Hollins Ford to 23"),
    ]
    for name, phrase in tolls:
        assert phrase in docs[name], (name, phrase)


def test_quote_split_by_cue_and_reported_speech() -> None:
    wire = _documents()["meridian-wire-dam-breach.txt"]
    assert re.search(r'"[^"]+," Lyle said, "[^"]+"', wire)
    assert "Okafor said she would travel" in wire
    assert "according to Wenlow County Police" in wire


def test_near_duplicate_pair_overlaps_heavily_unlike_other_pairs() -> None:
    docs = _documents()
    wire, copy = docs["meridian-wire-dam-breach.txt"], docs["northern-post-dam-breach.txt"]
    assert _jaccard(wire, copy) > 0.5  # whole pages, headers and footers included

    def body(text: str) -> str:
        start = text.index("HOLLINS FORD, England")
        return text[start : text.index("Power was cut to about 1,100 properties.")]

    assert _jaccard(body(wire), body(copy)) > 0.95
    assert wire.split("\n")[:12] != copy.split("\n")[:12]  # different header
    other = _jaccard(docs["meridian-wire-dam-breach.txt"], docs["monday-coverage.jsonl#1"])
    assert other < 0.2


def test_one_article_has_no_dateline_but_relative_dates() -> None:
    text = (CORPUS / "courier-sunday-valley.txt").read_text(encoding="utf-8")
    assert not re.search(r"\b20\d\d\b", text.split("More from the Courier")[0])
    for phrase in ("yesterday", "on Thursday", "last week", "this morning", "13 November"):
        assert phrase in text


def test_background_article_is_months_earlier_and_related_lists_are_other_years() -> None:
    background = (CORPUS / "courier-june-inspection.txt").read_text(encoding="utf-8")
    assert "11 June 2025" in background
    northern = (CORPUS / "northern-post-dam-breach.txt").read_text(encoding="utf-8")
    tail = northern.split("More on this story")[1]
    assert re.findall(r"\b2023\b", tail) and "2025" not in tail


def test_boilerplate_is_present_to_be_removed() -> None:
    docs = _documents()
    joined = "\n".join(docs.values())
    for marker in (
        "Skip to main content",
        "3 min read",
        "Photo: J. Marlowe/Meridian Press",
        "To contact the reporter on this story",
        "Comments are powered by Talkline",
        "Sign up",
        "© 2025 Radio Wenlow",
        "Support local journalism",
    ):
        assert marker in joined, marker
