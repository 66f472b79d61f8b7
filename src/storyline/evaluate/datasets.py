"""Loader for the multi-document summarisation sets in ``../shared/data/mds/*.jsonl``.

Why a loader of our own: every line is ``{"id", "documents", "summaries", "meta"}`` and the query of a
query-focused cluster (DUC) hides in ``meta.query_narrative``; one typed record keeps the harness, the eval
gate and the benchmark reading those files the same way.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("storyline")


@dataclass(slots=True)
class Cluster:
    """One multi-document summarisation example: source documents and reference summaries."""

    id: str
    documents: list[str]
    summaries: list[str]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def query(self) -> str | None:
        """The query of a query-focused cluster (DUC narrative, else its topic title), or None."""
        for key in ("query_narrative", "query", "topic_title"):
            value = self.meta.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    @property
    def dates(self) -> list[str | None]:
        """Per-document ISO dates when the set records them (DUC ``meta.docs[].date_time``)."""
        docs = self.meta.get("docs")
        if not isinstance(docs, list) or len(docs) != len(self.documents):
            return [None] * len(self.documents)
        out: list[str | None] = []
        for doc in docs:
            value = doc.get("date_time") if isinstance(doc, dict) else None
            out.append(value[:10] if isinstance(value, str) and len(value) >= 10 else None)
        return out


def iter_clusters(path: Path, *, limit: int | None = None, start: int = 0) -> Iterator[Cluster]:
    """Yield clusters ``start .. start+limit`` of a JSONL file, skipping blank lines.

    A line that is not a JSON object with a ``documents`` list (a bad byte, a truncated line) is reported
    in one log line naming the file and line, and skipped: one bad line never loses the rest of a set.
    """
    taken = 0
    with path.open(encoding="utf-8", errors="replace") as handle:
        index = -1
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                log.warning("%s:%d: not a JSON cluster (%s); skipped", path, number, error.msg)
                continue
            if not isinstance(row, dict) or not isinstance(row.get("documents"), list):
                log.warning("%s:%d: a cluster needs a \"documents\" list; skipped", path, number)
                continue
            index += 1
            if index < start:
                continue
            if limit is not None and taken >= limit:
                return
            documents = [doc for doc in row["documents"] if isinstance(doc, str)]
            summaries = [ref for ref in row.get("summaries", []) if isinstance(ref, str) and ref.strip()]
            meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
            yield Cluster(str(row.get("id", index)), documents, summaries, dict(meta or {}))
            taken += 1


def load_clusters(path: Path, *, limit: int | None = None, start: int = 0) -> list[Cluster]:
    """All clusters of ``path`` (or ``limit`` of them from ``start``) as a list."""
    return list(iter_clusters(path, limit=limit, start=start))
