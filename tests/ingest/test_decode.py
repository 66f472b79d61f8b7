"""decode_bytes: every real encoding a news file arrives in reads right; binary and empty say so in one line.

The fixtures are generated here: short news paragraphs written for these tests, encoded in the code
pages people actually save them in, plus real PNG and gzip bytes built with zlib and gzip.
"""

from __future__ import annotations

import codecs
import gzip
import random
import re
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.ingest.decode import DecodeError, decode_bytes, sniff_utf16, text_fit

ENGLISH = (
    "The café on the corner reopened on Tuesday, and the naïve hope that prices would fall lasted "
    "about a week. “We charge £5 for a coffee now,” the owner said – a rise of 25% since 2021. "
    "Customers weren’t pleased… but they kept coming back to the façade they knew.\n"
)
FRENCH = (
    "Le gouvernement a annoncé mardi une série de mesures destinées à soutenir les ménages. "
    "Selon le ministre de l'Économie, la réforme entrera en vigueur dès l'été prochain, après "
    "un débat à l'Assemblée. « Nous avons déjà reçu plus de mille propositions », a-t-il déclaré.\n"
)
GERMAN = (
    "Die Bundesregierung hat am Dienstag neue Maßnahmen für die Wirtschaft beschlossen. Der Minister "
    "erklärte, die Förderung solle schon im Frühjahr für Unternehmen gelten, die größere Investitionen "
    "planen. Kritiker äußerten Zweifel an der Umsetzung.\n"
)
SPANISH = (
    "El Gobierno anunció el martes un paquete de medidas económicas. Según el ministro, la reforma "
    "entrará en vigor el próximo año. ¿Será suficiente? Los sindicatos piden más protección.\n"
)
RUSSIAN = (
    "Президент России заявил во вторник, что правительство примет новые меры поддержки экономики. "
    "По словам министра, реформа вступит в силу в следующем году. «Мы уже получили более тысячи "
    "предложений», — сказал он журналистам в Москве.\n"
)
GREEK = (
    "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα για τη στήριξη της οικονομίας. Σύμφωνα με τον "
    "υπουργό, η μεταρρύθμιση θα τεθεί σε ισχύ τον επόμενο χρόνο.\n"
)
POLISH = (
    "Rząd ogłosił we wtorek nowe środki wsparcia dla gospodarki. Według ministra reforma wejdzie w "
    "życie w przyszłym roku. Związki zawodowe domagają się większej ochrony pracowników.\n"
)
CZECH = (
    "Vláda v úterý oznámila nová opatření na podporu ekonomiky. Podle ministra reforma vstoupí v "
    "platnost příští rok. Odbory požadují větší ochranu zaměstnanců.\n"
)
JAPANESE = (
    "東京都は火曜日、新しい経済対策を発表しました。知事によると、改革は来年から施行される予定です。"
    "市民団体は、より多くの支援を求めています。\n"
)
CHINESE = "政府周二宣布了一系列支持经济的新措施。部长表示，改革将于明年生效。工会要求为工人提供更多保护。\n"
ASCII_ARTICLE = (
    "The council voted on Tuesday to close the harbour for repairs, officials said. The work is "
    "expected to take six weeks, and ferries will use the north pier until it is done.\n"
)

C0_REMOVED = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
SURROGATE = re.compile("[\ud800-\udfff]")


def reason(data: bytes) -> str:
    with pytest.raises(DecodeError) as raised:
        decode_bytes(data)
    message = str(raised.value)
    assert "\n" not in message and message
    return message


def png_bytes(width: int = 24, height: int = 24) -> bytes:
    """A real, valid PNG: signature, IHDR, one zlib-compressed IDAT of noisy RGB rows, IEND."""
    rng = random.Random(7)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(width * 3)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# --- empty and binary ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t \r\n", b"\xc2\xa0 \xe2\x80\x83\n", codecs.BOM_UTF16_LE + "  \n\t ".encode("utf-16-le")],
    ids=["nothing", "ascii-whitespace", "unicode-whitespace", "utf16-whitespace"],
)
def test_empty_and_whitespace_only_are_empty(data: bytes) -> None:
    assert reason(data) == "empty file"


@pytest.mark.parametrize(
    "data",
    [
        random.Random(1).randbytes(20_000),
        random.Random(2).randbytes(300),
        png_bytes(),
        gzip.compress(ASCII_ARTICLE.encode() * 40, mtime=0),
        gzip.compress((FRENCH + RUSSIAN).encode() * 400, mtime=1_700_000_000),
        b"\x00" * 16 + ASCII_ARTICLE.encode() * 20,
        b"\x00\x00" + ASCII_ARTICLE.encode() * 20,
        b"\x00" * 4096,
        b"\x00\x01\x02binary\x00" * 50,
    ],
    ids=[
        "random",
        "random-short",
        "png",
        "gzip",
        "gzip-big",
        "nul-headed",
        "two-nuls-ahead",
        "all-nul",
        "blob",
    ],
)
def test_binary_is_rejected(data: bytes) -> None:
    assert reason(data) == "binary file, not text"


def test_png_is_binary_even_with_text_after_it() -> None:
    assert reason(png_bytes() + ASCII_ARTICLE.encode() * 50) == "binary file, not text"


def test_text_head_with_a_control_character_body_is_binary() -> None:
    data = ASCII_ARTICLE.encode() * 60 + bytes(range(1, 9)) * 20_000
    assert len(ASCII_ARTICLE.encode() * 60) > 8192
    assert reason(data) == "binary file, not text"


def test_high_bytes_with_no_reading_are_undecodable() -> None:
    message = reason(bytes(range(128, 256)) * 4)
    assert message.startswith("undecodable bytes: not UTF-8 (bad byte at offset 0)")


# --- Unicode forms ---------------------------------------------------------------------------------

UNICODE_SAMPLE = ENGLISH + FRENCH + RUSSIAN + "Emoji outside the BMP: 📰 ok.\n"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + UNICODE_SAMPLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + UNICODE_SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + UNICODE_SAMPLE.encode("utf-16-be"),
        UNICODE_SAMPLE.encode("utf-16"),
        UNICODE_SAMPLE.encode("utf-16-le"),
        UNICODE_SAMPLE.encode("utf-16-be"),
        UNICODE_SAMPLE.encode("utf-32"),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-native-bom", "utf16le", "utf16be", "utf32-bom"],
)
def test_unicode_forms_decode_exactly(data: bytes) -> None:
    assert decode_bytes(data) == UNICODE_SAMPLE


def test_bomless_utf16_is_recognised_by_its_nul_parity() -> None:
    assert sniff_utf16(ASCII_ARTICLE.encode("utf-16-le")) == "utf-16-le"
    assert sniff_utf16(ASCII_ARTICLE.encode("utf-16-be")) == "utf-16-be"
    assert sniff_utf16(b"\x00" * 16 + ASCII_ARTICLE.encode()) is None
    assert sniff_utf16(png_bytes()) is None
    assert sniff_utf16(ASCII_ARTICLE.encode()) is None


def test_bomless_utf16_of_short_text_and_html() -> None:
    assert decode_bytes("Hello, harbour.".encode("utf-16-le")) == "Hello, harbour."
    page = "<html><body><p>Правительство объявило меры.</p></body></html>"
    assert decode_bytes(page.encode("utf-16-be")) == page


def test_utf16_with_a_truncated_last_unit_keeps_the_rest() -> None:
    data = ASCII_ARTICLE.encode("utf-16-le")[:-1]
    assert decode_bytes(data) == ASCII_ARTICLE[:-1] + "\ufffd"


def test_utf16_lone_surrogate_becomes_replacement_character() -> None:
    data = codecs.BOM_UTF16_LE + "before ".encode("utf-16-le") + b"\x00\xd8" + " after".encode("utf-16-le")
    text = decode_bytes(data)
    assert text == "before \ufffd after"
    assert not SURROGATE.search(text)


def test_16_bit_values_with_a_utf16_nul_pattern_but_no_words_are_binary() -> None:
    rng = random.Random(5)
    symbols = b"!#$%&*+<=>?@^|~"
    data = b"".join(bytes([rng.choice(symbols), 0]) for _ in range(4000))
    assert sniff_utf16(data) == "utf-16-le"
    assert reason(data) == "binary file, not text"


def test_binary_that_happens_to_start_with_a_utf16_bom_is_still_binary() -> None:
    assert reason(codecs.BOM_UTF16_LE + bytes(range(32)) * 400) == "binary file, not text"


# --- Western code pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [ENGLISH, FRENCH, GERMAN, SPANISH], ids=["en", "fr", "de", "es"])
def test_cp1252_western_text_decodes_exactly(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SPANISH], ids=["fr", "de", "es"])
def test_latin1_western_text_decodes_exactly(text: str) -> None:
    assert decode_bytes(text.encode("latin-1")) == text


@pytest.mark.parametrize(
    ("sentence", "word"),
    [("Meet me at the café.", "café"), ("A naïve plan.", "naïve"), ("It costs £5.", "£5")],
)
def test_short_cp1252_english_is_not_read_as_a_baltic_code_page(sentence: str, word: str) -> None:
    text = decode_bytes(sentence.encode("cp1252"))
    assert text == sentence and word in text


def test_cp1252_curly_quotes_dashes_and_euro() -> None:
    text = "“Quoted,” she said – ‘twice’ — for €20… ™"
    assert decode_bytes(text.encode("cp1252")) == text


def test_cp1252_price_table_with_few_letters_still_decodes() -> None:
    table = "Item;Price\n" + "".join(f"{n};{n},50 €\n" for n in range(1, 40))
    assert decode_bytes(table.encode("cp1252")) == table


def test_latin1_byte_that_cp1252_leaves_undefined_is_kept_as_latin1() -> None:
    data = (FRENCH * 3).encode("latin-1") + b"\x81" + (FRENCH * 3).encode("latin-1")
    assert decode_bytes(data) == FRENCH * 3 + "\x81" + FRENCH * 3


# --- other code pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RUSSIAN, "cp1251"),
        (GREEK, "cp1253"),
        (POLISH, "cp1250"),
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc-jp"),
        (CHINESE, "gbk"),
    ],
)
def test_non_western_code_pages_decode_exactly(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


def test_big_cp1251_file_is_judged_on_a_sample_and_decoded_whole() -> None:
    text = RUSSIAN * 5000
    assert len(text.encode("cp1251")) > 1_000_000
    assert decode_bytes(text.encode("cp1251")) == text


def test_truncated_shift_jis_file_keeps_all_but_the_cut_character() -> None:
    whole = (JAPANESE * 20).rstrip("\n")
    data = whole.encode("shift_jis")[:-1]  # half of the final two-byte "。"
    assert decode_bytes(data) == whole[:-1] + "\ufffd"


def test_declared_html_charset_is_used_when_it_reads_no_worse() -> None:
    page = f'<html><head><meta charset="windows-1250"></head><body><p>{CZECH}</p></body></html>'
    assert decode_bytes(page.encode("cp1250")) == page
    xml = f'<?xml version="1.0" encoding="ISO-8859-2"?><doc>{POLISH}</doc>'
    assert decode_bytes(xml.encode("iso-8859-2")) == xml


def test_transport_charset_outranks_the_meta_declaration_but_not_the_bytes() -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{CZECH}</p></body></html>'
    assert decode_bytes(page.encode("cp1250"), charset="windows-1250") == page
    unknown_label = decode_bytes(page.encode("cp1250"), charset='"no-such-charset"')
    assert unknown_label == page.encode("cp1250").decode("cp1252")  # the meta's iso-8859-1, as cp1252
    assert decode_bytes(RUSSIAN.encode("cp1251"), charset="ISO-8859-1") == RUSSIAN


def test_a_false_latin1_declaration_does_not_turn_russian_into_mojibake() -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{RUSSIAN}</p></body></html>'
    assert decode_bytes(page.encode("cp1251")) == page


def test_text_fit_tells_cyrillic_in_the_wrong_code_page_from_french() -> None:
    french = text_fit(FRENCH)
    russian_as_cp1252 = text_fit(RUSSIAN.encode("cp1251").decode("cp1252"))
    assert french.reads_as_western
    assert not russian_as_cp1252.reads_as_western
    assert text_fit(RUSSIAN).badness < russian_as_cp1252.badness


# --- damaged UTF-8 ---------------------------------------------------------------------------------


def test_one_bad_byte_in_utf8_becomes_one_replacement_character() -> None:
    left, right = (FRENCH + RUSSIAN).encode(), (ENGLISH + JAPANESE).encode()
    text = decode_bytes(left + b"\xff" + right)
    assert text == FRENCH + RUSSIAN + "\ufffd" + ENGLISH + JAPANESE


def test_a_few_bad_bytes_in_a_big_utf8_file_do_not_change_its_encoding() -> None:
    body = bytearray((FRENCH + ENGLISH).encode() * 300)
    for position in (1000, 50_000, 90_000):
        body[position : position + 1] = b"\xfe"  # lands inside or beside multi-byte characters
    text = decode_bytes(bytes(body))
    assert text.count("\ufffd") >= 3
    assert text.count("é") > 1000 and "Ã" not in text


def test_cut_off_utf8_character_in_ascii_text_is_a_replacement_not_mojibake() -> None:
    data = b"The vote \xe2\x80 was close. " * 3 + ASCII_ARTICLE.encode()
    text = decode_bytes(data)
    assert text.startswith("The vote \ufffd was close.")
    assert "â€" not in text


def test_utf8_file_cut_mid_character_keeps_the_rest() -> None:
    data = (FRENCH + "Fin — ").encode()[:-2]  # the em dash is cut after its first byte
    assert decode_bytes(data) == FRENCH + "Fin \ufffd"


def test_stray_byte_that_reads_as_nothing_becomes_a_replacement() -> None:
    data = ASCII_ARTICLE.encode() * 30 + b"\x90\x9d\x81\x8d" + ASCII_ARTICLE.encode() * 30
    text = decode_bytes(data)
    assert text == ASCII_ARTICLE * 30 + "\ufffd" * 4 + ASCII_ARTICLE * 30


def test_utf8_encoded_surrogates_never_reach_the_text() -> None:
    data = FRENCH.encode() + b"\xed\xa0\x80" + FRENCH.encode()
    text = decode_bytes(data)
    assert not SURROGATE.search(text)
    assert text.startswith(FRENCH) and text.endswith(FRENCH)


# --- control characters ----------------------------------------------------------------------------


def test_nuls_past_the_head_are_removed() -> None:
    article = ASCII_ARTICLE.encode() * 80
    assert len(article) > 12_000
    data = article[:9000] + b"\x00\x00" + article[9000:11_000] + b"\x00" + article[11_000:]
    assert decode_bytes(data) == ASCII_ARTICLE * 80


def test_other_c0_controls_are_removed_but_layout_characters_stay() -> None:
    data = b"Line one\x01\x02\x1b[0m\tend\r\nPage\x0cTwo\x0b\x7f\n" + ASCII_ARTICLE.encode()
    assert decode_bytes(data) == "Line one[0m\tend\r\nPage\x0cTwo\x7f\n" + ASCII_ARTICLE


def test_nuls_past_the_head_of_utf16_and_cp1252_text_are_removed() -> None:
    utf16 = codecs.BOM_UTF16_LE + (ASCII_ARTICLE * 60 + "\x00 tail").encode("utf-16-le")
    assert decode_bytes(utf16) == ASCII_ARTICLE * 60 + " tail"
    western = (FRENCH * 50).encode("cp1252") + b"\x00\x00" + FRENCH.encode("cp1252")
    assert decode_bytes(western) == FRENCH * 51


# --- properties ------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_clean_text_or_a_one_line_reason(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except DecodeError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert text.strip()
        assert not SURROGATE.search(text)
        assert not C0_REMOVED.search(text)


ENCODED_PIECES = st.sampled_from(
    [
        ASCII_ARTICLE.encode(),
        FRENCH.encode(),
        FRENCH.encode("cp1252"),
        RUSSIAN.encode("cp1251"),
        RUSSIAN.encode(),
        JAPANESE.encode("shift_jis"),
        ENGLISH.encode("utf-16-le"),
    ]
)
TEXT_WITH_DAMAGE = st.lists(st.one_of(ENCODED_PIECES, st.binary(max_size=6)), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(TEXT_WITH_DAMAGE)
def test_mixed_and_damaged_text_gives_clean_text_or_a_one_line_reason(pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    try:
        text = decode_bytes(data)
    except DecodeError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert text.strip()
        assert not SURROGATE.search(text)
        assert not C0_REMOVED.search(text)


READABLE = st.text(st.characters(categories=("L", "N", "P", "Zs", "Sc")), min_size=1, max_size=400)


@settings(max_examples=100, deadline=None)
@given(READABLE, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_readable_unicode_text_round_trips(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    if text.strip():
        assert decode_bytes(data) == text
    else:
        assert reason(data) == "empty file"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x00\xff" * 100, "binary file, not text"),  # NULs on one parity, but one character repeated
        (b"\xa2" * 5000, "undecodable bytes"),  # one high byte repeated reads as nothing in any code page
    ],
)
def test_repeated_patterns_are_not_read_as_text(data: bytes, expected: str) -> None:
    assert reason(data).startswith(expected)
