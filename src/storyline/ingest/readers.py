"""Readers by source type: plain text, HTML, JSONL, WARC, and folders of them.

Every reader yields RawDocuments and Problems; a bad file (or a bad JSONL line, or a bad WARC record)
becomes one Problem naming it and the reason, and the rest of the batch goes on.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.ingest.decode import DecodeError, decode_bytes
from storyline.ingest.document import ContentKind, RawDocument
from storyline.ingest.unicode import display_name, scrub
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
    """A one-line string with a path separator or a known suffix reads like a path."""
    if "\n" in value or "<" in value or len(value) > 4096:
        return False
    if "/" in value or "\\" in value:
        return True
    return suffix_of(Path(value)) in SUPPORTED


def read_sources(
    sources: Iterable[str | Path | bytes], settings: Settings = DEFAULT_SETTINGS, *, allow_paths: bool = True
) -> tuple[list[RawDocument], list[Problem]]:
    """Read every source: ``Path`` objects and path strings (files or folders), and article texts.

    The rule for a string (``storyline.brief`` documents it): it is a path when it is one line that names
    an existing file or folder, or that looks like a path (a separator or a supported suffix) — a
    missing one is then the problem "no such file or folder"; any other string is an article. A ``Path``
    is always a path. With ``allow_paths=False`` nothing is read from the file system: every string is an
    article (the server and ``brief_texts`` use this, so a request can never make it open a file).
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


def is_path_string(value: str, settings: Settings = DEFAULT_SETTINGS) -> bool:
    """Whether ``read_sources`` takes the string ``value`` as a path (see its rule)."""
    if "\n" in value or not value.strip() or len(value) > 4096:
        return False
    try:
        if os.path.lexists(value):
            return True
    except (OSError, ValueError):  # a NUL in the string, say: not a path
        return False
    return len(value) < settings.min_article_chars and looks_like_path(value)


def _read_one(
    source: str | Path | bytes, index: int, settings: Settings, allow_paths: bool
) -> Iterator[Item]:
    if isinstance(source, str) and (not allow_paths or not is_path_string(source, settings)):
        yield from _read_string(source, f"input:{index}", settings)
        return
    if isinstance(source, (bytes, bytearray)):
        yield from _read_bytes(bytes(source), f"input:{index}", settings)
        return
    if not isinstance(source, (str, Path)):
        kind = type(source).__name__
        yield Problem(f"input:{index}", f"not a path, an article text or bytes but {kind}")
        return
    path = Path(source)
    if not allow_paths:
        yield Problem(display_name(path), "paths are not accepted here")
        return
    files, problems = walk_source(path)
    yield from problems
    for file in files:
        yield from read_file(file, settings)


def _read_string(content: str, source: str, settings: Settings) -> Iterator[Item]:
    if not content.strip():
        yield Problem(source, "empty input")
    elif len(content.encode("utf-8", "surrogatepass")) > settings.max_file_bytes:
        yield Problem(source, f"input is over the size limit of {settings.max_file_bytes:,} bytes")
    else:
        content = scrub(content)
        yield RawDocument(source=source, content=content, kind=sniff_kind(content))


def _read_bytes(data: bytes, source: str, settings: Settings) -> Iterator[Item]:
    if len(data) > settings.max_file_bytes:
        yield Problem(source, f"input is over the size limit of {settings.max_file_bytes:,} bytes")
        return
    content = _decoded(data, source)
    if isinstance(content, Problem):
        yield content
        return
    yield RawDocument(source=source, content=content, kind=sniff_kind(content))


def _decoded(data: bytes, source: str) -> str | Problem:
    """The text of ``data``, or the Problem that says why it has none."""
    try:
        return decode_bytes(data)
    except DecodeError as error:
        return Problem(source, str(error))


def not_readable_reason(path: Path) -> str | None:
    """Why ``path`` is not a file or folder that can be read (None when it is one)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        if error.errno == errno.ENOENT:
            broken = path.is_symlink()
            return "broken symbolic link (its target is missing)" if broken else "no such file or folder"
        return f"cannot read: {error.strerror or error}"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({kind})"


def walk_source(path: Path) -> tuple[list[Path], list[Problem]]:
    """The files to read for one source path: itself, or the files below a folder; the rest as Problems."""
    reason = not_readable_reason(path)
    if reason:
        return [], [Problem(display_name(path), reason)]
    if not path.is_dir():
        return [path], []
    files, problems = walk_folder(path)
    if not files:
        problems.append(no_supported_files(path))
    return files, problems


def walk_folder(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Every readable file below ``folder`` in name order, and one Problem for each entry passed over.

    Hidden entries (a leading dot) are passed over silently, as editors and version control keep theirs
    there. Any other entry that is not read says why: an unsupported type, a broken symbolic link, a
    link loop, a FIFO, a link to a folder (not followed, so a walk can never loop). Files without a
    suffix are read and sniffed as text or HTML.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for root, folders, names in os.walk(folder, followlinks=False, onerror=None):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        base = Path(root)
        for name in folders:
            if (base / name).is_symlink():
                problems.append(Problem(display_name(base / name), "symbolic link to a folder: not followed"))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = base / name
            reason = not_readable_reason(path)
            if reason:
                problems.append(Problem(display_name(path), reason))
            elif suffix_of(path) in SUPPORTED or not path.suffix:
                files.append(path)
            else:
                reason = f"unsupported file type {path.suffix!r}: not read"
                problems.append(Problem(display_name(path), reason))
    files.sort()
    return files, problems


def supported_files(folder: Path) -> list[Path]:
    """The files below ``folder`` that ``walk_folder`` reads, in name order."""
    return walk_folder(folder)[0]


def no_supported_files(folder: Path) -> Problem:
    return Problem(display_name(folder), f"no supported files ({', '.join(sorted(SUPPORTED))}) in folder")


def read_folder(folder: Path, settings: Settings = DEFAULT_SETTINGS) -> Iterator[Item]:
    """Every readable file below ``folder``, in name order, and a Problem for each entry passed over."""
    files, problems = walk_source(folder)
    yield from problems
    for path in files:
        yield from read_file(path, settings)


def read_file(path: Path, settings: Settings = DEFAULT_SETTINGS) -> Iterator[Item]:
    """One file by its suffix (sniffing text vs HTML for unknown ones)."""
    name = display_name(path)
    reason = not_readable_reason(path) or ("a folder, not a file" if path.is_dir() else None)
    if reason:  # checked first: reading a FIFO would block for ever
        yield Problem(name, reason)
        return
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
    yield from _read_by_suffix(data, name, suffix, settings)


def _read_by_suffix(data: bytes, name: str, suffix: str, settings: Settings) -> Iterator[Item]:
    """A file's bytes decoded and read as its suffix says (JSONL, HTML, text; sniffed otherwise)."""
    content = _decoded(data, name)
    if isinstance(content, Problem):
        yield content
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl_text(content, name, settings)
    elif suffix in HTML_SUFFIXES:
        yield RawDocument(source=name, content=content, kind="html")
    elif suffix in TEXT_SUFFIXES:
        yield RawDocument(source=name, content=content, kind="text")
    else:
        yield RawDocument(source=name, content=content, kind=sniff_kind(content))


def read_upload(filename: str, data: bytes, settings: Settings = DEFAULT_SETTINGS) -> Iterator[Item]:
    """An uploaded file's articles, read by the suffix of its name as ``read_file`` reads a file.

    Why not ``read_file``: the name comes from a request, so it is only a label (its last component,
    prefixed ``upload:``) and never opened; the bytes are all there is. WARC archives are refused here
    (their reader streams a file; archives belong to ``storyline ingest``).
    """
    base = filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "file"
    name = f"upload:{scrub(base)}"
    suffix = suffix_of(Path(base))
    if suffix in WARC_SUFFIXES:
        yield Problem(name, "WARC archives are not accepted as uploads; load them with storyline ingest")
        return
    limit = settings.max_file_bytes * (20 if suffix in JSONL_SUFFIXES else 1)
    if len(data) > limit:
        yield Problem(name, f"file is {len(data):,} bytes, over the size limit of {limit:,} bytes")
        return
    if not data:
        yield Problem(name, "empty file")
        return
    yield from _read_by_suffix(data, name, suffix, settings)


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
        content=scrub(body),
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

    name = display_name(path)
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
                url = _string(record.rec_headers.get_header("WARC-Target-URI"))
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
        detail = (str(error).strip().splitlines() or [""])[0][:120] or type(error).__name__
        yield Problem(name, f"not a readable WARC file ({detail})")
        return
    if not found:
        yield Problem(name, "no HTML responses in WARC file")


def _string(value: object) -> str | None:
    return scrub(value.strip()) or None if isinstance(value, str) else None
