"""Decoding: how often ``storyline.ingest.decode.decode_bytes`` gets the text right, and how fast, beside
the peer — charset-normalizer's best guess for anything that is not UTF-8 (what storyline did before
issue 11, and what most pipelines do).

Each case is an invented news paragraph (written for this benchmark) in one language, encoded one way,
repeated to about 50 KB; "right" means the decoded text equals the original exactly. Then the time of
both on 5 MB inputs (best of 3).

    python benchmarks/decode.py
"""

from __future__ import annotations

import time

from charset_normalizer import from_bytes

from storyline.ingest.decode import DecodeError, decode_bytes

TEXTS = {
    "en": (
        "The café on the corner reopened on Tuesday, and the naïve hope that prices would fall lasted "
        "about a week. “We charge £5 for a coffee now,” the owner said – a rise of 25% since 2021. "
        "Customers weren’t pleased… but they kept coming back to the façade they knew.\n"
    ),
    "fr": (
        "Le gouvernement a annoncé mardi une série de mesures destinées à soutenir les ménages. "
        "Selon le ministre de l'Économie, la réforme entrera en vigueur dès l'été prochain, après "
        "un débat à l'Assemblée. « Nous avons déjà reçu plus de mille propositions », a-t-il déclaré. "
        "Où en sera-t-on à la fin de l'année ? Ça dépendra des élus.\n"
    ),
    "de": (
        "Die Bundesregierung hat am Dienstag neue Maßnahmen für die Wirtschaft beschlossen. "
        "Der Minister erklärte, die Förderung solle schon im Frühjahr für Unternehmen gelten, die "
        "größere Investitionen planen. Kritiker äußerten Zweifel an der Umsetzung und forderten mehr "
        "Unterstützung für Familien mit geringem Einkommen.\n"
    ),
    "es": (
        "El Gobierno anunció el martes un paquete de medidas económicas. Según el ministro, la reforma "
        "entrará en vigor el próximo año. ¿Será suficiente? Los sindicatos piden más protección para los "
        "trabajadores y una revisión de las pensiones, informó la agencia de noticias.\n"
    ),
    "pt": (
        "O governo anunciou na terça-feira um conjunto de medidas para a economia. Segundo o ministro, "
        "a reforma começará no próximo mês e não afetará as pensões. As associações de consumidores "
        "exigem mais informação e uma avaliação independente dos resultados.\n"
    ),
    "is": (
        "Ríkisstjórnin kynnti á þriðjudag nýjar aðgerðir til að styðja við heimilin í landinu. "
        "Ráðherrann sagði að breytingarnar tækju gildi í næsta mánuði og að þær myndu hjálpa "
        "fjölskyldum sem eiga erfitt með að ná endum saman.\n"
    ),
    "ru": (
        "Президент России заявил во вторник, что правительство примет новые меры поддержки экономики. "
        "По словам министра, реформа вступит в силу в следующем году. «Мы уже получили более тысячи "
        "предложений», — сказал он журналистам в Москве.\n"
    ),
    "el": (
        "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα για τη στήριξη της οικονομίας. Σύμφωνα με τον "
        "υπουργό, η μεταρρύθμιση θα τεθεί σε ισχύ τον επόμενο χρόνο.\n"
    ),
    "pl": (
        "Rząd ogłosił we wtorek nowe środki wsparcia dla gospodarki. Według ministra reforma wejdzie w "
        "życie w przyszłym roku. Związki zawodowe domagają się większej ochrony pracowników, a "
        "opozycja krytykuje tempo zmian.\n"
    ),
    "cs": (
        "Vláda v úterý oznámila nová opatření na podporu ekonomiky. Podle ministra reforma vstoupí v "
        "platnost příští rok. Odbory požadují větší ochranu zaměstnanců.\n"
    ),
    "tr": (
        "Hükümet salı günü ekonomiyi desteklemek için yeni önlemler açıkladı. Bakana göre reform gelecek "
        "yıl yürürlüğe girecek. Sendikalar işçiler için daha fazla koruma istiyor.\n"
    ),
    "he": (
        "הממשלה הודיעה ביום שלישי על צעדים חדשים לתמיכה בכלכלה. לדברי השר, הרפורמה תיכנס לתוקף בשנה הבאה.\n"
    ),
    "ja": (
        "東京都は火曜日、新しい経済対策を発表しました。"
        "知事によると、改革は来年から施行される予定です。"
        "市民団体は、より多くの支援を求めています。\n"
    ),
    "zh": (
        "政府周二宣布了一系列支持经济的新措施。部长表示，改革将于明年生效。"
        "工会要求为工人提供更多保护。\n"
    ),
    "ko": (
        "정부는 화요일 경제를 지원하기 위한 새로운 조치를 발표했다. "
        "장관에 따르면 개혁은 내년에 시행될 예정이다.\n"
    ),
}
ENCODINGS = {
    "en": ["cp1252", "latin-1"],
    "fr": ["cp1252", "latin-1"],
    "de": ["cp1252", "latin-1"],
    "es": ["cp1252", "latin-1"],
    "pt": ["cp1252", "latin-1"],
    "is": ["cp1252", "latin-1"],
    "ru": ["cp1251", "koi8-r", "iso-8859-5"],
    "el": ["cp1253", "iso-8859-7"],
    "pl": ["cp1250", "iso-8859-2"],
    "cs": ["cp1250"],
    "tr": ["cp1254"],
    "he": ["cp1255"],
    "ja": ["shift_jis", "euc-jp"],
    "zh": ["gbk", "big5"],
    "ko": ["euc-kr"],
}


def peer(data: bytes) -> str | None:
    """UTF-8 if it decodes, else charset-normalizer's best guess (the old behaviour)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return None if best is None else str(best)


def ours(data: bytes) -> str | None:
    try:
        return decode_bytes(data)
    except DecodeError:
        return None


def cases() -> list[tuple[str, str, bytes]]:
    found = []
    for language, text in TEXTS.items():
        body = text * (50_000 // len(text) + 1)
        for encoding in ["utf-8", "utf-16", "utf-16-le", "utf-16-be", *ENCODINGS.get(language, [])]:
            try:
                found.append((language, encoding, body.encode(encoding)))
            except UnicodeEncodeError:  # the paragraph has a character this code page lacks
                continue
    return found


def main() -> int:
    rows = cases()
    print(f"{'encoding':<12} {'cases':>5} {'storyline right':>16} {'peer right':>11}")
    by_encoding: dict[str, list[tuple[bool, bool]]] = {}
    total_ours = total_peer = 0
    for language, encoding, data in rows:
        expected = TEXTS[language] * (50_000 // len(TEXTS[language]) + 1)
        good_ours, good_peer = ours(data) == expected, peer(data) == expected
        total_ours += good_ours
        total_peer += good_peer
        by_encoding.setdefault(encoding, []).append((good_ours, good_peer))
    for encoding, results in by_encoding.items():
        print(
            f"{encoding:<12} {len(results):>5} {sum(a for a, _ in results):>16} "
            f"{sum(b for _, b in results):>11}"
        )
    print(f"{'all':<12} {len(rows):>5} {total_ours:>16} {total_peer:>11}")
    size = 5 * 1024 * 1024
    print()
    print(f"{'5 MB input':<24} {'storyline ms':>12} {'peer ms':>9}")
    for name, data in (
        ("UTF-8, mixed scripts", (TEXTS["fr"] + TEXTS["ru"] + TEXTS["ja"]).encode()),
        ("cp1252 French", TEXTS["fr"].encode("cp1252")),
        ("cp1251 Russian", TEXTS["ru"].encode("cp1251")),
        ("UTF-16 LE, no BOM", TEXTS["en"].encode("utf-16-le")),
    ):
        big = (data * (size // len(data) + 1))[:size]
        if "UTF-16" in name:
            big = big[: len(big) - len(big) % 2]
        timings = []
        for function in (ours, peer):
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                function(big)
                best = min(best, time.perf_counter() - started)
            timings.append(best * 1000)
        print(f"{name:<24} {timings[0]:>12.0f} {timings[1]:>9.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
