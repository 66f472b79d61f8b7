"""Bytes to text: reject empty and binary input, find the encoding of the rest, never lose a whole file.

Why not just ``errors="replace"``: a file in the wrong encoding produces mojibake that then flows into
names and quotes. Why not just charset-normalizer: on short Western text it happily picks a Baltic or
Central European code page ("café" → "cafķ"), because every candidate reads as letters. So the order is
the one that matches what files actually are, each step checked rather than trusted:

1. a byte-order mark, or the NUL pattern of ASCII-heavy UTF-16, decides UTF-32/UTF-16 (validated);
2. NULs in the first 8 KiB, or control bytes over 5 % of that head or of the whole file, mean binary;
3. valid UTF-8 is UTF-8; UTF-8 with a little damage (its multi-byte sequences far outnumber the bad
   ones, or every bad sequence is a cut-off UTF-8 character) is UTF-8 with U+FFFD for the damage;
4. a charset an HTML ``<meta>`` or XML declaration names, when it reads no worse than cp1252;
5. cp1252 (latin-1 for the five bytes cp1252 leaves undefined), when it reads as Western text;
6. UTF-8 with U+FFFD when its bad bytes are a stray handful (0.1 %) that read as nothing better;
7. charset-normalizer's candidates, when one reads at least as well as cp1252 — this is where
   cp1251, Shift-JIS, GBK and the like end up;
8. otherwise the file is undecodable.

Big files are judged on a 64 KiB sample (charset-normalizer is slow on megabytes); the chosen codec
then decodes the whole file.

Whatever the encoding, C0 control characters other than tab, newline, form feed and carriage return are
removed (a file made mostly of them is binary), and no lone surrogate survives into the text.

"Reads as Western text" is measured, not listed: among the non-ASCII characters, the share that are
controls, unassigned, private-use or symbols wedged between letters (the shape of mojibake) must be
tiny; and among the words that contain non-ASCII Latin letters, few may be made mostly of them —
Latin-script languages write most of each word in ASCII, while Cyrillic, Greek or Hebrew read in the
wrong code page become words made entirely of accented Latin letters. Any reading also has to be prose
(a quarter or more of its non-space characters letters or digits), which no code page makes of noise.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import islice

from charset_normalizer import from_bytes

HEAD_BYTES = 8192  # the part of a file the binary checks look at first, as git and grep do

# Control bytes that mark a file as binary. ESC is left out so ANSI-coloured logs still count as text.
_BINARY_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13, 27))
_BINARY_CONTROL_SHARE = 0.05
# Control characters removed from every decoded text: all of C0 but tab, newline, form feed and CR.
_STRIPPED_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_ALL_NON_ASCII_BYTES = bytes(range(128, 256))
_SURROGATE = re.compile("[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"
_UTF8_REPLACEMENT = _REPLACEMENT.encode("utf-8")

# UTF-8 that is "overwhelmingly valid": its multi-byte sequences outnumber the bad ones this many times.
# Legacy text forms valid-looking UTF-8 sequences only by accident: none in the Western and Cyrillic
# samples measured, up to a third of the bad sequences in short CJK text. A ratio of 2 keeps clear of both.
_UTF8_EVIDENCE_RATIO = 2
_TRUNCATION_CHECK_LIMIT = 32  # bad sequences inspected one by one to see if they are cut-off characters
_STRAY_BYTE_SHARE = 0.001  # bad UTF-8 sequences per byte still read as UTF-8 when nothing else fits

_SAMPLE_BYTES = 64 * 1024  # what the encoding guesses read of a big file; the chosen codec decodes it all
_SAMPLE_PIECES = 4
_SAFE_CUT = re.compile(rb"[\n\r\t ]")  # never part of a multi-byte character in ASCII-compatible codecs
_CUT_SEARCH_BYTES = 4096
_MAX_CHAOS = 0.3  # charset-normalizer's own mess measure, above which its guess is not trusted

_MAX_ODD_SHARE = 0.02  # of the non-ASCII characters, for cp1252 to count as reading well
_MAX_LATIN_HEAVY_WORD_SHARE = 0.3  # of the words with non-ASCII Latin letters
# Looser bounds for a declared charset or a charset-normalizer candidate, which must also read no worse
# than cp1252: CJK text has more odd symbols, short Central European text more accent-heavy words.
_MAX_GUESS_ODD_SHARE = 0.1
_MAX_GUESS_LATIN_HEAVY_SHARE = 0.5
_MAX_GUESSES = 12
_ASCII_PROBE = bytes(range(32, 127)) + b"\t\n\r"
_MIN_WORD_SHARE = 0.25  # letters and digits among non-space characters; prose has well over half
_MIN_LATIN_HEAVY_WORD = 3  # "à", "où", "ça" are whole-accent words in any Western text; too short to count
_MAX_BAD_TEXT_SHARE = 0.01  # U+FFFD (or unreadable characters in UTF-16/32) allowed in a guessed reading

_DECLARATION_BYTES = 4096
_DECLARED_CHARSET = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])([A-Za-z0-9._:-]{2,40})""",
    re.IGNORECASE,
)
# What browsers decode when a page names a narrower legacy charset (WHATWG Encoding Standard).
_WHATWG_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
}

_UTF16_MIN_NULS = 4
_UTF16_MIN_NUL_SHARE = 0.1  # of the code units: ASCII-heavy UTF-16 has a zero byte in most of them
_UTF16_OTHER_PARITY_RATIO = 10  # the zero bytes sit on one parity at least this many times more
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Punctuation that sits between letters in real words: apostrophes, hyphens, dashes, the Catalan
# middle dot, and the acute accent people type for an apostrophe ("don´t").
_IN_WORD_CATEGORIES = frozenset({"Pd", "Pc", "Pi", "Pf"})
_IN_WORD_CHARACTERS = frozenset("\u00b7\u00b4")
_UNREADABLE_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPACE = re.compile(r"\s")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
# Non-ASCII letters of the Latin blocks (Latin-1 Supplement without × and ÷, Extended-A/B, Additional).
_NON_ASCII_LATIN = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_NON_ASCII_LATIN_LETTER = re.compile(f"[{_NON_ASCII_LATIN}]")
_ACCENTED_LATIN_WORD = re.compile(rf"[^\W\d_]*[{_NON_ASCII_LATIN}][^\W\d_]*")
# Characters ``\w`` counts as word characters although they are not letters: ², ³, ¹, ¼, ½, ¾ ...
_WORDLIKE_NON_LETTERS = "".join(
    character
    for character in map(chr, range(0x80, 0x2000))
    if re.match(r"\w", character) and not character.isalpha() and not character.isdecimal()
)
_NON_LETTER_IN_WORD = re.compile(rf"(?<=\w)(?:[^\w\s\x00-\x7f]|[{re.escape(_WORDLIKE_NON_LETTERS)}])(?=\w)")


class DecodeError(ValueError):
    """The bytes are not usable text; the message is the one-line reason shown to the user."""


def _western_table() -> str:
    """cp1252 for every byte it defines, latin-1 (the same code point) for the five it leaves undefined."""
    characters = []
    for byte in range(256):
        try:
            characters.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            characters.append(chr(byte))
    return "".join(characters)


_WESTERN_TABLE = _western_table()


def decode_western(data: bytes) -> str:
    """cp1252 with a latin-1 fallback, at C speed (a charmap, not a Python error handler per byte)."""
    return codecs.charmap_decode(data, "strict", _WESTERN_TABLE)[0]


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KiB mean the file is not text."""
    head = data[:HEAD_BYTES]
    if b"\x00" in head:
        return True
    return bool(head) and _binary_control_count(head) > _BINARY_CONTROL_SHARE * len(head)


def _binary_control_count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _BINARY_CONTROL_BYTES))


@dataclass(frozen=True)
class TextFit:
    """How well a decoded text reads: 0 is clean, each share runs from 0 to 1."""

    odd_share: float  # of the non-ASCII characters: unreadable, or symbols wedged between letters
    latin_heavy_share: float  # of the words with non-ASCII Latin letters: those made mostly of them
    word_share: float = 1.0  # of the non-space characters: letters and digits (prose is mostly words)

    @property
    def badness(self) -> float:
        return self.odd_share + self.latin_heavy_share

    @property
    def is_prose(self) -> bool:
        """A page of "¢¢¢¢" or "±¤¦" decodes cleanly in any code page, but it is not text."""
        return self.word_share >= _MIN_WORD_SHARE

    @property
    def reads_as_western(self) -> bool:
        return (
            self.is_prose
            and self.odd_share <= _MAX_ODD_SHARE
            and self.latin_heavy_share <= _MAX_LATIN_HEAVY_WORD_SHARE
        )


def _is_unreadable(character: str) -> bool:
    return character == _REPLACEMENT or unicodedata.category(character) in _UNREADABLE_CATEGORIES


def _is_wedged(text: str, index: int) -> bool:
    """A symbol, number sign or stray punctuation between two letters: "Rz¹d", "Ã©t", not "don’t"."""
    character = text[index]
    if character.isalpha() or character in _IN_WORD_CHARACTERS:
        return False
    category = unicodedata.category(character)
    if category[0] == "M" or category in _IN_WORD_CATEGORIES:
        return False
    return text[index - 1].isalpha() and text[index + 1].isalpha()


def text_fit(text: str) -> TextFit:
    """Measure ``text`` for the two signs of a wrong code page (see the module docstring).

    Regular expressions do the scanning, so a 64 KiB sample of CJK text costs milliseconds.
    """
    non_ascii = Counter(_NON_ASCII.findall(text))
    total = sum(non_ascii.values())
    non_space = len(text) - len(_SPACE.findall(text))
    word_share = len(_LETTER_OR_DIGIT.findall(text)) / non_space if non_space else 0.0
    if not total:
        return TextFit(0.0, 0.0, word_share)
    unreadable = sum(count for character, count in non_ascii.items() if _is_unreadable(character))
    wedged = sum(1 for match in _NON_LETTER_IN_WORD.finditer(text) if _is_wedged(text, match.start()))
    accented_words = latin_heavy_words = 0
    for match in _ACCENTED_LATIN_WORD.finditer(text):
        word = match.group()
        accented_words += 1
        if len(word) >= _MIN_LATIN_HEAVY_WORD and 2 * len(_NON_ASCII_LATIN_LETTER.findall(word)) > len(word):
            latin_heavy_words += 1
    return TextFit(
        odd_share=(unreadable + wedged) / total,
        latin_heavy_share=latin_heavy_words / accented_words if accented_words else 0.0,
        word_share=word_share,
    )


@dataclass(frozen=True)
class Utf8Reading:
    """``data`` read as UTF-8 with U+FFFD for each bad sequence, and the counts that judge it."""

    text: str
    bad_sequences: int
    multibyte_characters: int  # valid UTF-8 characters of two to four bytes


def read_utf8(data: bytes) -> Utf8Reading:
    """Count bad and valid multi-byte sequences with C-speed string operations, not a Python loop."""
    text = data.decode("utf-8", errors="replace")
    ascii_characters = len(data.translate(None, _ALL_NON_ASCII_BYTES))  # ASCII bytes decode alone
    non_ascii_characters = len(text) - ascii_characters
    bad = text.count(_REPLACEMENT) - data.count(_UTF8_REPLACEMENT)
    return Utf8Reading(text, bad, non_ascii_characters - bad)


def _only_cut_off_characters(data: bytes) -> bool:
    """True when every bad UTF-8 sequence is the start of a multi-byte character whose end is missing.

    That is the damage of a byte-range cut or a truncated copy, and no single-byte code page produces
    it except by accident; a lone bad byte (an "é" in cp1252) is not evidence either way.
    """
    view = memoryview(data)
    position = 0
    seen = 0
    while position < len(data):
        try:
            codecs.utf_8_decode(view[position:], "strict", True)
        except UnicodeDecodeError as error:
            seen += 1
            if seen > _TRUNCATION_CHECK_LIMIT or error.end - error.start < 2:
                return False
            position += error.end
        else:
            break
    return seen > 0


def declared_encoding(data: bytes) -> str | None:
    """The codec an HTML ``<meta>`` or XML declaration names near the top, if Python knows it."""
    found = _DECLARED_CHARSET.search(data[:_DECLARATION_BYTES])
    return codec_for_label(found.group(1).decode("ascii")) if found else None


def codec_for_label(label: str) -> str | None:
    """Python's codec for a charset label, read as browsers read it (the WHATWG Encoding Standard).

    "iso-8859-1" and "ascii" mean cp1252, "gb2312" means GB18030 and so on. UTF labels give None: a
    file that needs a label is not valid UTF-8, and an ASCII-compatible file cannot be UTF-16.
    """
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return None if name.startswith("utf") else name


def _sample(data: bytes) -> bytes:
    """A few pieces spread over a big file, cut where no multi-byte character can be split.

    The sample also ends before a last character that may be cut off (a truncated file), since
    charset-normalizer drops every multi-byte codec that fails on the final bytes.
    """
    if len(data) <= _SAMPLE_BYTES:
        return _without_partial_tail(data)
    size = _SAMPLE_BYTES // _SAMPLE_PIECES
    step = (len(data) - size) // (_SAMPLE_PIECES - 1)
    pieces = []
    for index in range(_SAMPLE_PIECES):
        start = _cut_after(data, index * step) if index else 0
        pieces.append(_without_partial_tail(data[start : _cut_after(data, start + size)]))
    return b"\n".join(pieces)


def _cut_after(data: bytes, position: int) -> int:
    found = _SAFE_CUT.search(data, position, position + _CUT_SEARCH_BYTES)
    return found.end() if found else position


def _without_partial_tail(piece: bytes) -> bytes:
    if not piece or piece[-1] < 0x80:
        return piece
    tail_start = max(0, len(piece) - _CUT_SEARCH_BYTES)
    last_cut = max((found.end() for found in _SAFE_CUT.finditer(piece, tail_start)), default=0)
    return piece[:last_cut] if last_cut else piece


def _decode_with(data: bytes, encoding: str) -> str | None:
    """The whole of ``data`` in ``encoding``; a few bad spots become U+FFFD, many mean it is the wrong one."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        return None
    if text.count(_REPLACEMENT) > _MAX_BAD_TEXT_SHARE * max(len(text), 1):
        return None
    return text


def _reads_as_text(text: str) -> bool:
    """For UTF-16/32 guesses: almost no unreadable characters (binary read as UTF-16 is full of them).

    One is always allowed, so a short file with a single damaged code unit is not thrown away.
    """
    if not text:
        return False
    sample = text[: _SAMPLE_BYTES // 2]
    controls = len(_STRIPPED_CONTROLS.findall(sample))
    unreadable = sum(
        count
        for character, count in Counter(c for c in sample if not c.isascii()).items()
        if _is_unreadable(character)
    )
    return controls <= _BINARY_CONTROL_SHARE * len(sample) and unreadable <= 1 + _MAX_BAD_TEXT_SHARE * len(
        sample
    )


def _decode_wide(data: bytes, encoding: str) -> str | None:
    """UTF-16/32 without a BOM in ``data``; a trailing partial code unit becomes one U+FFFD."""
    unit = 4 if "32" in encoding else 2
    whole = len(data) - len(data) % unit
    text = data[:whole].decode(encoding, errors="replace")
    if not _reads_as_text(text):
        return None
    return text + (_REPLACEMENT if whole < len(data) else "")


def sniff_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the zero bytes of the head sit on one parity, as in ASCII-heavy UTF-16.

    Text with NULs in front, PNG headers, gzip and random bytes have their zero bytes on both parities
    (or too few of them), so they fall through to the binary check.
    """
    head = data[:HEAD_BYTES]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 2 * _UTF16_MIN_NULS:
        return None
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    units = len(head) // 2
    for nuls, other, encoding in ((odd_nuls, even_nuls, "utf-16-le"), (even_nuls, odd_nuls, "utf-16-be")):
        if (
            nuls >= _UTF16_MIN_NULS
            and nuls >= _UTF16_MIN_NUL_SHARE * units
            and other * _UTF16_OTHER_PARITY_RATIO <= nuls
        ):
            return encoding
    return None


def _decode_unicode_forms(data: bytes) -> str | None:
    """Text for a BOM or BOM-less UTF-16; None when neither applies (or the bytes do not read as text)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                return None  # UTF-8 with a BOM takes the UTF-8 path below, damage handling included
            text = _decode_wide(data[len(bom) :], encoding)
            if text is not None:
                return text
            break
    sniffed = sniff_utf16(data)
    if sniffed is None:
        return None
    text = _decode_wide(data, sniffed)
    # Without a BOM the NUL pattern alone could be a table of 16-bit numbers; text must also be words.
    if text is None or not _is_varied(text):
        return None
    return text if text_fit(text[: _SAMPLE_BYTES // 2]).is_prose else None


def _decode_ascii_compatible(data: bytes, charset: str | None) -> str:
    """UTF-8, damaged UTF-8, a declared charset, cp1252/latin-1 or charset-normalizer, in that order."""
    reading = read_utf8(data)
    if reading.bad_sequences == 0:
        return reading.text
    if reading.multibyte_characters >= _UTF8_EVIDENCE_RATIO * reading.bad_sequences:
        return reading.text
    if reading.bad_sequences <= _TRUNCATION_CHECK_LIMIT and _only_cut_off_characters(data):
        return reading.text
    sample = _sample(data)
    western_fit = text_fit(decode_western(sample))
    declared = (codec_for_label(charset) if charset else None) or declared_encoding(data)
    if declared is not None and is_ascii_compatible(declared):
        declared_text = _decode_with(sample, declared)
        if declared_text is not None and _fits_no_worse(text_fit(declared_text), western_fit):
            text = _decode_with(data, declared)
            if text is not None:
                return text
    if western_fit.reads_as_western:
        return decode_western(data)
    if reading.bad_sequences <= _STRAY_BYTE_SHARE * len(data):
        return reading.text
    guessed = _decode_as_guessed(data, sample, western_fit)
    if guessed is not None:
        return guessed
    offset = _first_bad_offset(data)
    raise DecodeError(
        f"undecodable bytes: not UTF-8 (bad byte at offset {offset}) and no other encoding fits"
    )


@cache
def is_ascii_compatible(encoding: str) -> bool:
    """Whether ``encoding`` reads ASCII bytes as ASCII; EBCDIC, UTF-7 or HZ guesses for a file already
    known to hold ASCII text (it passed the binary checks) are wrong however clean they look."""
    try:
        return _ASCII_PROBE.decode(encoding) == _ASCII_PROBE.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return False


def _fits_no_worse(fit: TextFit, western_fit: TextFit) -> bool:
    """A candidate other than cp1252 must read cleanly and at least as well as cp1252 does."""
    return (
        fit.is_prose
        and fit.odd_share <= _MAX_GUESS_ODD_SHARE
        and fit.latin_heavy_share <= _MAX_GUESS_LATIN_HEAVY_SHARE
        and fit.badness <= western_fit.badness
    )


def _is_varied(text: str) -> bool:
    """Whether a guessed reading has the variety of language: binary patterns read in some encoding
    (``00 FF`` repeated as UTF-16, one high byte repeated) come out as one character over and over."""
    sample = [character for character in text[:4096] if not character.isspace()]
    return len(set(sample)) >= min(8, max(1, len(sample) // 4))


def _decode_as_guessed(data: bytes, sample: bytes, western_fit: TextFit) -> str | None:
    """charset-normalizer's candidates, best fit first (its own order breaks ties), if any fits."""
    ranked: list[tuple[float, int, str]] = []
    for rank, match in enumerate(islice(from_bytes(sample), _MAX_GUESSES)):
        if match.chaos > _MAX_CHAOS or not is_ascii_compatible(match.encoding):
            continue
        fit = text_fit(str(match))
        if _fits_no_worse(fit, western_fit) and _is_varied(str(match)):
            ranked.append((fit.badness, rank, match.encoding))
    for _badness, _rank, encoding in sorted(ranked):
        text = _decode_with(data, encoding)
        if text is not None:
            return text
    return None


def _first_bad_offset(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return -1


def _finish(text: str) -> str:
    """Remove stray control characters and lone surrogates; reject what is then mostly gone or empty."""
    cleaned, removed = _STRIPPED_CONTROLS.subn("", text)
    if removed and removed - text.count("\x1b") > _BINARY_CONTROL_SHARE * len(text):
        raise DecodeError("binary file, not text")
    try:
        cleaned.encode("utf-8")
    except UnicodeEncodeError:
        cleaned = _SURROGATE.sub(_REPLACEMENT, cleaned)
    if not cleaned.strip():
        raise DecodeError("empty file")
    return cleaned


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode ``data`` to text or raise DecodeError with a one-line reason (see the module docstring).

    ``charset`` is a label the transport declared (an HTTP ``Content-Type`` charset in a WARC record);
    like a ``<meta>`` declaration, which it outranks, it is used only when the bytes read no worse in it.
    """
    if not data.strip():
        raise DecodeError("empty file")
    text = _decode_unicode_forms(data)
    if text is not None:
        return _finish(text)
    # In ASCII-compatible encodings a control byte is a control character, so the whole file's
    # share is counted here at C speed, before any decoding.
    if looks_binary(data) or _binary_control_count(data) > _BINARY_CONTROL_SHARE * len(data):
        raise DecodeError("binary file, not text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return _finish(_decode_ascii_compatible(data, charset))
