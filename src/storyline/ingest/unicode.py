"""Strings that every later step can store, encode and render: no lone surrogates, anywhere.

Why: Python strings may hold lone surrogates (``"\\ud800"`` from JSON, ``os.fsdecode`` of a file name
that is not UTF-8), and they break far from where they came in — DuckDB rejects the row and rolls back
a whole batch, writing UTF-8 raises ``UnicodeEncodeError``. So every string is made safe where it enters
(the readers), once.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD (the common all-valid case costs one encode)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(REPLACEMENT, value)
    return value


def display_name(path: str | Path) -> str:
    """A file name as it can be shown and stored: bytes that are not UTF-8 become U+FFFD.

    ``os.fsdecode`` turns such bytes into surrogates (so the path still opens); this is only the name.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "replace")
    return text
