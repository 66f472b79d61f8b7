"""Readers: every bad input becomes one Problem naming it; the rest of the batch is read."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from storyline.config import Settings
from storyline.ingest.decode import DecodeError, decode_bytes
from storyline.ingest.readers import looks_like_path, read_sources, sniff_kind

ARTICLE = (
    "The council voted on Tuesday to close the harbour for repairs, officials said.\n\nMore text here.\n"
)
PAGE = "<!DOCTYPE html><html><body><article><p>Hello there.</p></article></body></html>"


def test_folder_reads_supported_files_and_reports_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "latin.txt").write_bytes("Le caf\xe9 est ferm\xe9 apr\xe8s la gr\xe8ve.".encode("cp1252"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    documents, problems = read_sources([tmp_path])
    sources = {Path(doc.source).name: doc for doc in documents}
    assert sources["a.txt"].kind == "text"
    assert sources["b.html"].kind == "html"
    assert "café" in sources["latin.txt"].content
    reasons = {Path(problem.source).name: problem.reason for problem in problems}
    assert reasons == {
        "empty.txt": "empty file",
        "blob.txt": "binary file, not text",
        "notes.pdf": "unsupported file type '.pdf': not read",
    }
    assert "notes.pdf" not in sources


def test_size_limit_and_missing_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000, encoding="utf-8")
    documents, problems = read_sources([big, tmp_path / "missing.txt"], Settings(max_file_bytes=1000))
    assert documents == []
    assert "over the size limit of 1,000 bytes" in problems[0].reason
    assert problems[1].reason == "no such file or folder"


def test_folder_with_nothing_supported(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    documents, problems = read_sources([tmp_path])
    assert documents == [] and "no supported files" in problems[-1].reason


def test_undecodable_bytes_are_reported() -> None:
    try:
        decode_bytes(bytes(range(128, 256)) * 4)
    except DecodeError as error:
        assert "undecodable" in str(error) or "binary" in str(error)
    else:  # pragma: no cover - would mean garbage was accepted as text
        raise AssertionError("garbage bytes decoded")


def test_jsonl_lines_with_metadata_and_bad_lines(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [
        json.dumps(
            {
                "text": ARTICLE,
                "url": "https://example.org/a",
                "title": "Harbour shut",
                "published": "2024-05-02",
            }
        ),
        "{not json",
        json.dumps({"html": PAGE, "outlet": "Example Times"}),
        json.dumps({"title": "no body"}),
        json.dumps([1, 2]),
    ]
    feed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    documents, problems = read_sources([feed])
    assert [doc.kind for doc in documents] == ["text", "html"]
    assert documents[0].title == "Harbour shut" and documents[0].published == "2024-05-02"
    assert documents[0].source == "https://example.org/a"
    assert documents[1].outlet == "Example Times"
    assert [problem.source.rsplit(":", 1)[1] for problem in problems] == ["2", "4", "5"]


def test_strings_are_articles_unless_they_look_like_paths(tmp_path: Path) -> None:
    assert not looks_like_path(ARTICLE)
    assert looks_like_path("story.html") and looks_like_path("some/dir")
    documents, problems = read_sources([ARTICLE, PAGE])
    assert problems == []
    assert [doc.source for doc in documents] == ["input:0", "input:1"]
    assert [doc.kind for doc in documents] == ["text", "html"]
    documents, _ = read_sources([str(tmp_path)], allow_paths=False)
    assert documents[0].content == str(tmp_path)  # read as text, never opened


def test_sniffing_html_without_doctype() -> None:
    assert sniff_kind("<div><p>a</p><p>b</p><p>c</p><a href=x>d</a><span>e</span></div>") == "html"
    assert sniff_kind("Plain words only, 3 < 4 and 5 > 2.") == "text"


def test_warc_html_responses(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, content_type, body in [
            ("https://example.org/story", "text/html; charset=utf-8", PAGE.encode()),
            ("https://example.org/logo.png", "image/png", b"\x89PNG...."),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
    documents, problems = read_sources([path])
    assert [(doc.source, doc.kind) for doc in documents] == [("https://example.org/story", "html")]
    assert problems == []


def test_broken_warc_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a warc file at all\r\n\r\n"))
    documents, problems = read_sources([path])
    assert documents == [] and len(problems) == 1 and problems[0].source == str(path)
