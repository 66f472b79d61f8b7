"""The grammar of numbers: where a number is, its value, its qualifier, and whether it counts at all.

Why a regex: numbers have a closed grammar ("more than 16,700", "2.4 million", "two dozen", "$87m",
"40%") that a regex reads exactly and fast, with no parse. The parse is needed only for what a number
counts (``counted``), who says so (``attribution``) and when (``dating``).

Numbers that do not count are skipped here, from the text around them: dates and years, times ("0256
GMT"), ordinals ("third"), labels ("Chapter 7", "Paragraph 4", "Resolution 1973"), ranks ("ranked 3",
"No. 2"), adjectival compounds ("six-point plan", "32-vessel"), ages ("aged 50", "50-year-old", and a
bare number in apposition after a person: "Ruth Vance, 61, and her son, 34, were hurt") and phone
numbers. An age that only the parse shows is left to ``counted.apposed_age``.
"""

from __future__ import annotations

import math
import re

from storyline.analyse.lexicons.claims import (
    LABEL_BEFORE,
    NOT_NAMES,
    PERSON_NOUNS,
    QUALIFIERS,
    SCALES,
    TIME_AFTER,
    UNIT_WORDS,
)
from storyline.model import DateMention

_WORD = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
_SCALE = r"hundred|thousand|million|billion|trillion|dozen"
NUMBER = re.compile(
    r"(?P<cur>[$£€]\s?)?"
    r"(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<dscale>" + _SCALE + r")\b|"
    r"(?P<abbr>m|bn|mn|tn|k)\b)?"
    r"|(?P<words>\b(?:an?|" + _WORD + r")(?:[\s-]+(?:" + _WORD + r"|" + _SCALE + r"|and))*"
    r"(?:[\s-]+(?:" + _SCALE + r"))?)\b)"
    r"(?P<pct>\s?%|\s(?:percent|per cent)\b)?",
    re.IGNORECASE,
)
QUALIFIER = re.compile(r"(?P<q>" + "|".join(p for p, _ in QUALIFIERS) + r")\s+$", re.IGNORECASE)
_PHONE = re.compile(r"\+?\(?\d{1,4}\)?(?:[\s.-]\(?\d{2,4}\)?){2,}\d*")
_COMPOUND_AFTER = re.compile(r"^-(?!million|billion|thousand|hundred)[A-Za-z]")
_AGE_AFTER = re.compile(r"^[\s-]*(?:year|yr)s?[\s-]*old\b", re.IGNORECASE)
# A bare number in apposition after a person ("Ruth Vance, 61, and", "her son, 34, were", "Vance (61)"):
# an age. The word before must be a name or a person noun, and nothing may follow but punctuation or "and".
AGE_APPOSITION_BEFORE = re.compile(
    r"(?:\b(?!(?:" + NOT_NAMES + r")\b)[A-Z][\w'’.-]*|\b(?:" + PERSON_NOUNS + r")s?)\s*(?:,|\()\s*$"
)
AGE_APPOSITION_AFTER = re.compile(r"^\s*(?:,|\)|;|:|\.(?:\s|$)|$|and\b|—|--)")
_NUM_WORD = r"(?:[$£€]?\d[\d,.]*|(?:" + _WORD + r")\b)"
# One end of a range or an alternative: "500 to 700 feet", "between 60 and 80", "17 or 18 miles", "4-5".
# "from 7,000 to 12,000" keeps the second figure: it is where a count got to.
RANGE_AFTER = re.compile(
    r"^\s*(?:[a-z%]+\s+)?(?:to|or|-|–)\s*(?!so\b|more\b|fewer\b|less\b|over\b)" + _NUM_WORD, re.IGNORECASE
)
RANGE_BEFORE = re.compile(
    r"(?P<from>\bfrom\s+)?(?P<between>\bbetween\s+)?" + _NUM_WORD
    + r"\s*(?:[a-z%]+\s+)?(?P<conn>to|or|-|–|and)\s*[$£€]?$",
    re.IGNORECASE,
)
BETWEEN_BEFORE = re.compile(r"\bbetween\s+[$£€]?$", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """Normalised value of a number expression: "16,700" -> 16700, "2.4 million", "two dozen" -> 24."""
    match = NUMBER.fullmatch(text.strip())
    if not match:
        return None
    return value_of(match)


def value_of(match: re.Match[str]) -> float | None:
    """The value of a ``NUMBER`` match, or None for words that name no number ("a" alone)."""
    if match["digits"]:
        value = float(match["digits"].replace(",", ""))
        scale = (match["dscale"] or match["abbr"] or "").lower()
        scaled = value * SCALES.get(scale, 1)
        # Over 308 digits a float is infinite, and JSON has no infinity: such a "number" is no count.
        return scaled if math.isfinite(scaled) else None
    words = re.split(r"[\s-]+", match["words"].lower())
    total, current = 0.0, 0.0
    seen = False
    for word in words:
        if word in ("a", "an"):
            current = max(current, 1)
            continue
        if word == "and":
            continue
        if word in UNIT_WORDS:
            current += UNIT_WORDS[word]
            seen = True
        elif word in ("hundred", "dozen"):
            current = (current or 1) * SCALES[word]
            seen = True
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
            seen = True
    value = total + current
    return value if seen and value > 0 else None


def qualifier_before(text: str, start: int) -> tuple[str, int]:
    """Normalised qualifier before ``start`` ("more than", "about", ...) and where it begins."""
    match = QUALIFIER.search(text[max(0, start - 30):start])
    if not match:
        return "", start
    phrase = match["q"].lower()
    for pattern, name in QUALIFIERS:
        if re.fullmatch(pattern, phrase):
            return name, start - (len(text[max(0, start - 30):start]) - match.start())
    return "", start


def counts_nothing(text: str, start: int, end: int, match: re.Match[str], dates: list[DateMention]) -> bool:
    """Whether the number at ``text[start:end]`` counts nothing (see module doc).

    ``dates`` are the date mentions around it, resolved or not: a number inside one is part of a date.
    """
    if any(m.span.start <= start < m.span.end or m.span.start < end <= m.span.end for m in dates):
        return True
    before, after = text[max(0, start - 25):start], text[end:end + 20]
    if match["digits"] and not match["cur"] and not match["pct"]:
        digits = match["digits"]
        if re.fullmatch(r"(?:1[89]|20)\d\d", digits) and not match["dscale"] and not match["abbr"]:
            return True  # a year
        if re.fullmatch(r"0\d+", digits) or TIME_AFTER.match(after):
            return True
        if re.match(r"^(?:st|nd|rd|th)\b", after) or re.search(r"[:/.]\d*$", before[-1:]):
            return True
        if re.match(r"^[:/]\d", after):
            return True
        capitalised = re.search(r"\b[A-Z][A-Za-z]*\.?\s*$", before)
        sentence_start = re.search(r"(?:^|[.!?]\s+|\n)\s*[A-Z][A-Za-z]*\s*$", before)
        if LABEL_BEFORE.search(before) or (capitalised and not sentence_start):
            # "Chapter 7", "G 8", "Resolution 2042": a number right after a capitalised word is a label
            return not QUALIFIER.search(before)
    if _COMPOUND_AFTER.match(after) or _AGE_AFTER.match(after):
        return True
    if (
        match["digits"] and not match["cur"] and not match["pct"] and "." not in match["digits"]
        and float(match["digits"].replace(",", "")) <= 120
        and AGE_APPOSITION_BEFORE.search(before) and AGE_APPOSITION_AFTER.match(after)
        and not QUALIFIER.search(before)
    ):
        return True  # "Ruth Vance, 61, and her son, 34, were hurt"
    if LABEL_BEFORE.search(before):
        return True
    if match["words"]:
        word = match["words"].lower()
        if word in ("a", "an", "one", "a dozen") and not qualifier_before(text, start)[0]:
            return word != "a dozen"
        if word in ("a", "an"):
            return True
    window = text[max(0, start - 12):min(len(text), end + 12)]
    return bool(_PHONE.fullmatch(match.group(0).strip())) and len(re.sub(r"\D", "", window)) >= 9
