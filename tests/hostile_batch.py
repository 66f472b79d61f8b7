"""A generated batch of news files with hostile entries among them (written for these tests; every name,
place and number is invented at random).

``write_batch(folder, good=N)`` writes N varied English news articles (plain text, HTML, JSONL lines) and,
beside them, one of every kind of bad input a real folder of scraped files holds: empty, binary, the
wrong encodings, broken HTML, huge files, other languages, odd names, links that go nowhere. It returns
what a correct ingest must do with each: which entries must be stored, and for each bad one the words
its one-line reason must contain. Nothing is committed: the files exist only in the test's folder.
"""

from __future__ import annotations

import calendar
import gzip
import json
import os
import random
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

_FIRST = [
    "Ana",
    "Boris",
    "Chen",
    "Dalia",
    "Emeka",
    "Farah",
    "Goran",
    "Hilde",
    "Ivo",
    "Jana",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oskar",
    "Priya",
    "Quinn",
    "Rosa",
    "Stefan",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Yara",
    "Zoltan",
]
_LAST = [
    "Abara",
    "Brenner",
    "Castell",
    "Dunmore",
    "Eklund",
    "Ferrante",
    "Galloway",
    "Hartsock",
    "Ibsen",
    "Jovanic",
    "Kestrel",
    "Lindqvist",
    "Marlow",
    "Novak",
    "Okafor",
    "Pellham",
    "Quarry",
    "Rourke",
    "Santos",
    "Thorne",
    "Ulrich",
    "Varga",
    "Whitlock",
    "Yates",
    "Zeller",
]
_PLACES = [
    "Ardmore",
    "Belcastro",
    "Corvell",
    "Dunhaven",
    "Elsmere",
    "Fairlow",
    "Greywick",
    "Holloway",
    "Istria Bay",
    "Jarrow",
    "Kessing",
    "Larchmont",
    "Millbrook",
    "Northam",
    "Ostrava Vale",
    "Pendle",
    "Quillan",
    "Redcliff",
    "Saltmarsh",
    "Tarrow",
    "Underhill",
    "Valdren",
    "Westmere",
    "Yarrow",
]
_BODIES = [
    "city council",
    "port authority",
    "health ministry",
    "transport agency",
    "water board",
    "university",
    "teachers' union",
    "farmers' cooperative",
    "energy regulator",
    "court of appeal",
    "fire service",
    "housing trust",
    "chamber of commerce",
    "school board",
    "hospital trust",
]
_ROLES = [
    "mayor",
    "spokeswoman",
    "director",
    "chief engineer",
    "union leader",
    "minister",
    "judge",
    "chairman",
    "head nurse",
    "police chief",
    "treasurer",
    "inspector",
]
_THINGS = [
    "bridge",
    "hospital wing",
    "rail line",
    "school",
    "reservoir",
    "power station",
    "harbour wall",
    "housing estate",
    "tram network",
    "library",
    "ferry service",
    "flood barrier",
    "market hall",
]
_ACTIONS = [
    "approved plans to rebuild",
    "voted to close",
    "announced an inquiry into",
    "delayed work on",
    "opened",
    "cut the budget for",
    "promised to expand",
    "suspended repairs to",
    "sold",
    "inspected",
]
_WHY = [
    "after a report found serious faults",
    "because costs had doubled",
    "following weeks of protests",
    "to meet new safety rules",
    "after heavy storms last winter",
    "as part of a wider reform",
    "after a court ruling in March",
    "because demand had fallen",
    "after years of complaints",
]
_REACTIONS = [
    "welcomed the decision",
    "criticised the plan",
    "called for a public vote",
    "said the money would be better spent elsewhere",
    "warned of job losses",
    "asked for more time",
    "said the timetable was unrealistic",
    "promised to appeal",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = list(calendar.month_name)[1:]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def news_article(rng: random.Random, number: int) -> tuple[str, str]:
    """An invented English news article: (title, body paragraphs joined by blank lines)."""
    place, body, thing = rng.choice(_PLACES), rng.choice(_BODIES), rng.choice(_THINGS)
    official, critic = _person(rng), _person(rng)
    role, count = rng.choice(_ROLES), rng.randint(2, 900)
    day, month, year = rng.choice(_DAYS), rng.choice(_MONTHS), rng.randint(2015, 2024)
    cost = rng.randint(2, 480)
    title = f"{place} {body} {rng.choice(_ACTIONS).split()[0]} {thing} plan (report {number})"
    paragraphs = [
        f"The {place} {body} {rng.choice(_ACTIONS)} the {thing} on {day}, {rng.choice(_WHY)}, "
        f"{role} {official} said. The project is expected to cost about {cost} million euros.",
        f'"We could not wait any longer," {official} told reporters in {place}. "The {thing} is used by '
        f'{count * 10} people every day, and they deserve better."',
        f"{critic}, who leads a residents' group, {rng.choice(_REACTIONS)}. According to the group, "
        f"{count} households signed a petition in {month} {year}, and {rng.randint(2, 60)} local firms "
        f"{rng.choice(_REACTIONS)}.",
        f"The {body} said a final decision on the {rng.choice(_THINGS)} would follow in "
        f"{rng.choice(_MONTHS)}. "
        f"{_person(rng)}, an analyst at the {rng.choice(_PLACES)} institute, said the {rng.choice(_BODIES)} "
        f"had {rng.choice(_ACTIONS)} a similar {rng.choice(_THINGS)} in {rng.randint(1995, 2014)}.",
    ]
    rng.shuffle(paragraphs[2:])
    return title, "\n\n".join(paragraphs)


def _page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> | <a href='/news'>News</a> | <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Subscribe to our newsletter. Copyright the publisher.</footer></body></html>"
    )


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + bytes(range(48)) for _ in range(16)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


FRENCH = (
    "Le conseil municipal a voté mardi la fermeture du port pour des travaux de réparation, selon les "
    "responsables de la ville. Les pêcheurs ont déclaré qu'ils perdraient beaucoup d'argent pendant les "
    "trois semaines de travaux, mais le maire a répondu que la sécurité des habitants était plus importante "
    "que tout le reste. Les travaux coûteront environ deux millions d'euros, payés par la région.\n\n"
    "Une réunion publique est prévue la semaine prochaine dans la salle des fêtes, où les habitants "
    "pourront poser leurs questions aux ingénieurs qui ont inspecté le mur du port au mois de mars.\n"
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, den Hafen für Reparaturarbeiten zu schließen, wie die "
    "Behörden mitteilten. Die Fischer sagten, sie würden in den drei Wochen der Arbeiten viel Geld "
    "verlieren, aber der Bürgermeister antwortete, dass die Sicherheit der Bewohner wichtiger sei als alles "
    "andere. Die Arbeiten werden etwa zwei Millionen Euro kosten und von der Region bezahlt.\n\n"
    "Eine öffentliche Versammlung ist für die nächste Woche im Gemeindesaal geplant, wo die Bewohner den "
    "Ingenieuren, die die Hafenmauer im März untersucht haben, ihre Fragen stellen können.\n"
)
CHINESE = (
    "市议会星期二投票决定关闭港口进行维修，官员们说。渔民们说，在三周的施工期间他们将损失很多钱，"
    "但市长回答说，居民的安全比其他一切都重要。这项工程将花费大约两百万欧元，由地区政府支付。\n\n"
    "下周将在社区大厅举行公开会议，居民们可以向三月份检查港口围墙的工程师提问。会议将由副市长主持，"
    "所有居民都可以参加并发表意见。\n"
)


@dataclass
class Expected:
    """What a correct ingest does with the batch: the good entries (by a phrase their text contains)
    and, for every bad one, a fragment of its name and a fragment its reason must contain."""

    good: dict[str, str] = field(default_factory=dict)  # entry name -> a phrase of its article
    bad: dict[str, str] = field(default_factory=dict)  # entry name fragment -> reason fragment
    ignored: list[str] = field(default_factory=list)  # hidden files: passed over silently


def write_batch(folder: Path, good: int = 900, seed: int = 7) -> Expected:
    """Write ``good`` good articles and the hostile entries into ``folder``; what must happen to each.

    With ``good=990`` the folder holds a thousand entries (20 of the articles are lines of one
    JSONL feed)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    expected = Expected()
    jsonl_lines: list[str] = []
    for number in range(good):
        title, body = news_article(rng, number)
        phrase = body.split(".")[0][:60]
        shape = number % 10
        if shape < 6 or (shape == 9 and number >= 200):  # most are files; a JSONL feed holds 20
            name = f"article-{number:04d}.txt"
            (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        elif shape < 9:
            name = f"page-{number:04d}.html"
            (folder / name).write_text(_page(title, body), encoding="utf-8")
        else:
            jsonl_lines.append(
                json.dumps({"title": title, "text": body, "url": f"https://example.org/{number}"})
            )
            expected.good[f"https://example.org/{number}"] = phrase
            continue
        expected.good[name] = phrase
    # A JSONL feed with the good records and malformed lines among them.
    jsonl_lines.insert(1, '{"title": "broken record", "text": ')
    jsonl_lines.insert(3, "[1, 2, 3]")
    jsonl_lines.insert(5, json.dumps({"title": "no body"}))
    (folder / "feed.jsonl").write_text("\n".join(jsonl_lines) + "\n", encoding="utf-8")
    expected.bad["feed.jsonl:2"] = "invalid JSON"
    expected.bad["feed.jsonl:4"] = "not a JSON object"
    expected.bad["feed.jsonl:6"] = 'no "text" or "html"'

    def good_text(name: str, data: bytes, phrase: str) -> None:
        (folder / name).write_bytes(data)
        expected.good[name] = phrase

    def bad_entry(name: str, data: bytes, reason: str) -> None:
        (folder / name).write_bytes(data)
        expected.bad[name] = reason

    def fresh(number: int) -> tuple[str, str]:
        title, body = news_article(rng, 10_000 + number)
        return f"{title}\n\n{body}\n", body.split(".")[0][:60]

    # Empty, blank, binary.
    bad_entry("empty.txt", b"", "empty")
    bad_entry("whitespace.txt", b" \n\t\n   \n", "empty")
    bad_entry("random.txt", rng.randbytes(4096), "binary")
    bad_entry("image.txt", _png(), "binary")
    bad_entry("packed.txt", gzip.compress(fresh(0)[0].encode("utf-8")), "binary")
    bad_entry("nul-headed.txt", b"\x00" * 64 + fresh(1)[0].encode("utf-8"), "binary")
    bad_entry("picture.png", _png(), "unsupported file type")
    # Encodings that must be read correctly.
    text, phrase = fresh(2)
    good_text("latin1.txt", (text + "Le café était fermé.\n").encode("latin-1"), phrase)
    for number, (name, codec, bom) in enumerate(
        [
            ("utf16le-bom.txt", "utf-16-le", b"\xff\xfe"),
            ("utf16be-bom.txt", "utf-16-be", b"\xfe\xff"),
            ("utf16le.txt", "utf-16-le", b""),
            ("utf16be.txt", "utf-16-be", b""),
        ]
    ):
        text, phrase = fresh(3 + number)
        good_text(name, bom + text.encode(codec), phrase)
    text, phrase = fresh(7)
    middle = len(text) // 2
    good_text(
        "bad-byte.txt", text[:middle].encode("utf-8") + b"\xff\xfe" + text[middle:].encode("utf-8"), phrase
    )
    text, phrase = fresh(8)
    good_text("late-nul.txt", (text + " " * 9000).encode("utf-8") + b"\x00\x00" + b"More words.\n", phrase)
    # HTML that is broken, empty of articles, or absurdly deep.
    title, body = news_article(rng, 10_009)
    good_text(
        "truncated.html", _page(title, body).encode("utf-8")[: -len("</p></article><footer>x")], body[:50]
    )
    bad_entry(
        "no-article.html",
        b"<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        b"<footer>(c)</footer></body></html>",
        "no article text",
    )
    title, body = news_article(rng, 10_010)
    deep = "<div>" * 10_000 + "".join(f"<p>{p}</p>" for p in body.split("\n\n")) + "</div>" * 10_000
    (folder / "nested.html").write_text(f"<html><body>{deep}</body></html>", encoding="utf-8")
    expected.bad["nested.html"] = ""  # either stored or one line: checked apart
    # Sizes: a 1 MB single line (an article with no line breaks at all) and a 50 MB file (sparse).
    line: list[str] = []
    while sum(len(part) + 1 for part in line) < 1_000_000:
        line.append(news_article(rng, 20_000 + len(line))[1].replace("\n", " "))
    (folder / "one-line.txt").write_text(" ".join(line)[:1_000_000], encoding="utf-8")
    expected.good["one-line.txt"] = ""
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50_000_000)
    expected.bad["huge.txt"] = "over the size limit"
    # Other languages.
    bad_entry("french.txt", FRENCH.encode("utf-8"), "not English")
    bad_entry("german.txt", GERMAN.encode("utf-8"), "not English")
    bad_entry("chinese.txt", CHINESE.encode("utf-8"), "not English")
    bad_entry("boilerplate.txt", b"Subscribe now\nShare this\nCookie settings\nSign in\n", "too little")
    bad_entry("archive.warc", b"this is not a WARC file at all\n" * 20, "WARC")
    # Odd names: spaces, unicode, bytes that are not UTF-8.
    text, phrase = fresh(12)
    good_text("name with spaces.txt", text.encode("utf-8"), phrase)
    text, phrase = fresh(13)
    good_text("café-ünïcode-新闻.txt", text.encode("utf-8"), phrase)
    text, phrase = fresh(14)
    raw_name = os.path.join(os.fsencode(folder), b"bad\xffname.txt")
    with open(raw_name, "wb") as handle:
        handle.write(text.encode("utf-8"))
    expected.good["bad\ufffdname.txt"] = phrase
    # Things that are not files.
    os.symlink("loop.txt", folder / "loop.txt")
    expected.bad["loop.txt"] = "symbolic link loop"
    os.symlink("missing-target.txt", folder / "dangling.txt")
    expected.bad["dangling.txt"] = "broken symbolic link"
    os.mkfifo(folder / "pipe.txt")
    expected.bad["pipe.txt"] = "not a regular file"
    (folder / "folder.txt").mkdir()
    text, phrase = fresh(15)
    (folder / "folder.txt" / "inside.txt").write_text(text, encoding="utf-8")
    expected.good["inside.txt"] = phrase
    # A hidden file is passed over without a word.
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    expected.ignored.append(".DS_Store")
    return expected
