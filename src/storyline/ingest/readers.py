"""Readers by source type: plain text, HTML, JSONL, WARC, and folders of them.

Every reader yields RawDocuments and Problems; a bad file (or a bad JSONL line, or a bad WARC record)
becomes one Problem naming it and the reason, and the rest of the batch goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.ingest.decode import DecodeError, decode_bytes
from storyline.ingest.document import ContentKind, RawDocument
from storyline.model import Problem

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc.gz"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES

_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_TAG = re.compile(r"<(p|div|article|span|a|br|h[1-6]|meta|script)\b", re.IGNORECASE)

Item = RawDocument | Problem


def sniff_kind(content: str) -> ContentKind:
    """HTML if it starts like a page or is dense with tags; plain text otherwise."""
    if _HTML_START.match(content):
        return "html"
    head = content[:20000]
    return "html" if len(_TAG.findall(head)) >= 5 else "text"


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for double in (".warc.gz", ".arc.gz"):
        if name.endswith(double):
            return double
    return path.suffix.lower()


def looks_like_path(value: str) -> bool:
    """A short one-line string with a path separator or a known suffix is meant as a path."""
    if "\n" in value or "<" in value or len(value) > 4096:
        return False
    if "/" in value or "\\" in value:
        return True
    return suffix_of(Path(value)) in SUPPORTED


def read_sources(
    sources: Iterable[str | Path], settings: Settings = DEFAULT_SETTINGS, *, allow_paths: bool = True
) -> tuple[list[RawDocument], list[Problem]]:
    """Read every source: paths (files or folders) and, for strings that are not paths, article texts.

    With ``allow_paths=False`` nothing is read from the file system: every string is an article (the
    server uses this, so a request can never make it open a file).
    """
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    for index, source in enumerate(sources):
        for item in _read_one(source, index, settings, allow_paths):
            if isinstance(item, Problem):
                problems.append(item)
            else:
                documents.append(item)
    return documents, problems


def _read_one(source: str | Path, index: int, settings: Settings, allow_paths: bool) -> Iterator[Item]:
    if isinstance(source, str) and (not allow_paths or not looks_like_path(source)):
        yield from _read_string(source, f"input:{index}", settings)
        return
    path = Path(source)
    if not allow_paths:
        yield Problem(str(path), "paths are not accepted here")
    elif path.is_dir():
        yield from read_folder(path, settings)
    elif path.is_file():
        yield from read_file(path, settings)
    else:
        yield Problem(str(path), "no such file or folder")


def _read_string(content: str, source: str, settings: Settings) -> Iterator[Item]:
    if not content.strip():
        yield Problem(source, "empty input")
    elif len(content.encode("utf-8", "surrogatepass")) > settings.max_file_bytes:
        yield Problem(source, f"input is over the size limit of {settings.max_file_bytes:,} bytes")
    else:
        yield RawDocument(source=source, content=content, kind=sniff_kind(content))


def supported_files(folder: Path) -> list[Path]:
    """The supported, not hidden files below ``folder``, in name order."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(".") and suffix_of(path) in SUPPORTED
    )


def no_supported_files(folder: Path) -> Problem:
    return Problem(str(folder), f"no supported files ({', '.join(sorted(SUPPORTED))}) in folder")


def read_folder(folder: Path, settings: Settings = DEFAULT_SETTINGS) -> Iterator[Item]:
    """Every supported file below ``folder``, in name order; a folder with none is one Problem."""
    files = supported_files(folder)
    if not files:
        yield no_supported_files(folder)
        return
    for path in files:
        yield from read_file(path, settings)


def read_file(path: Path, settings: Settings = DEFAULT_SETTINGS) -> Iterator[Item]:
    """One file by its suffix (sniffing text vs HTML for unknown ones)."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        yield Problem(name, f"cannot read: {error.strerror or error}")
        return
    suffix = suffix_of(path)
    limit = settings.max_file_bytes * (20 if suffix in WARC_SUFFIXES | JSONL_SUFFIXES else 1)
    if size > limit:
        yield Problem(name, f"file is {size:,} bytes, over the size limit of {limit:,} bytes")
        return
    if size == 0:
        yield Problem(name, "empty file")
        return
    if suffix in WARC_SUFFIXES:
        yield from read_warc(path, settings)
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Problem(name, f"cannot read: {error.strerror or error}")
        return
    try:
        content = decode_bytes(data)
    except DecodeError as error:
        yield Problem(name, str(error))
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_text(content, name, settings)
    elif suffix in HTML_SUFFIXES:
        yield RawDocument(source=name, content=content, kind="html")
    elif suffix in TEXT_SUFFIXES:
        yield RawDocument(source=name, content=content, kind="text")
    else:
        yield RawDocument(source=name, content=content, kind=sniff_kind(content))


def read_jsonl_text(
    content: str, name: str, settings: Settings = DEFAULT_SETTINGS, *, first_line: int = 1
) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, plus optional url, title, outlet, published.

    ``first_line`` is the number of the first line of ``content`` in its file, when it is a slice of it.
    """
    found = False
    for number, line in enumerate(content.splitlines(), start=first_line):
        if not line.strip():
            continue
        source = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(source, f"invalid JSON ({error.msg})")
            continue
        item = document_from_record(record, source, settings)
        found = found or isinstance(item, RawDocument)
        yield item
    if not found and not content.strip():
        yield Problem(name, "empty file")


def document_from_record(record: object, source: str, settings: Settings = DEFAULT_SETTINGS) -> Item:
    """A JSON object with ``text`` or ``html`` (and optional url, title, outlet, published) as a document."""
    if not isinstance(record, dict):
        return Problem(source, "record is not a JSON object")
    html, text = record.get("html"), record.get("text")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        return Problem(source, 'no "text" or "html" field with content')
    if len(body.encode("utf-8", "surrogatepass")) > settings.max_file_bytes:
        return Problem(source, f"article is over the size limit of {settings.max_file_bytes:,} bytes")
    kind: ContentKind = "html" if body is html else sniff_kind(body)
    url = _string(record.get("url"))
    return RawDocument(
        source=url or source,
        content=body,
        kind=kind,
        url=url,
        title=_string(record.get("title")),
        outlet=_string(record.get("outlet")),
        published=_string(record.get("published")),
    )


def read_warc(path: Path, settings: Settings = DEFAULT_SETTINGS) -> Iterator[Item]:
    """HTML responses of a WARC file; other records are passed over silently."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    found = False
    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response":
                    continue
                content_type = (
                    record.http_headers.get_header("Content-Type") if record.http_headers else ""
                ) or ""
                if "html" not in content_type.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                source = url or f"{name}#{number}"
                data = record.content_stream().read(settings.max_file_bytes + 1)
                if len(data) > settings.max_file_bytes:
                    yield Problem(
                        source, f"record is over the size limit of {settings.max_file_bytes:,} bytes"
                    )
                    continue
                try:
                    content = decode_bytes(data)
                except DecodeError as error:
                    yield Problem(source, str(error))
                    continue
                found = True
                yield RawDocument(source=source, content=content, kind="html", url=url)
    except (ArchiveLoadFailed, OSError, ValueError) as error:
        yield Problem(name, f"not a readable WARC file ({str(error).splitlines()[0][:120]})")
        return
    if not found:
        yield Problem(name, "no HTML responses in WARC file")


def _string(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
