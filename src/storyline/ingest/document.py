"""What a reader hands to the cleaner: decoded content plus whatever metadata the source carried."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storyline.model import Record

ContentKind = Literal["text", "html"]


@dataclass(slots=True)
class RawDocument(Record):
    """One article as read, before cleaning.

    ``source`` is the path or URL it came from (``input:N`` for strings passed directly), with a
    ``:line`` suffix for JSONL records and ``#N`` for WARC records, so an error can name it exactly.
    Metadata fields are what the container stated (JSONL keys, WARC target URI); the cleaner may fill
    the rest.
    """

    source: str
    content: str
    kind: ContentKind
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
