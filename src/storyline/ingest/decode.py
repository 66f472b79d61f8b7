"""Bytes to text: reject empty and binary input, detect the encoding of the rest.

Why not just ``errors="replace"``: a file in the wrong encoding produces mojibake that then flows into
names and quotes. UTF-8 is tried first (most of the web); otherwise charset-normalizer must find an
encoding in which the bytes read as coherent text, or the file is reported as undecodable.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_CONTROL = {byte for byte in range(32) if byte not in (9, 10, 12, 13, 27)}
_MAX_CHAOS = 0.3


class DecodeError(ValueError):
    """The bytes are not usable text; the message is the one-line reason shown to the user."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean the file is not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for byte in head if byte in _CONTROL)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` to text or raise DecodeError with a short reason."""
    if not data.strip():
        raise DecodeError("empty file")
    if looks_binary(data):
        raise DecodeError("binary file, not text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise DecodeError(
            f"undecodable bytes: not UTF-8 (bad byte at offset {utf8_error.start}) and no other encoding fits"
        )
    return str(best)
