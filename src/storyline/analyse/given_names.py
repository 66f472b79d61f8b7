"""Which given names are women's names, by the dictionary the ``gender-guesser`` package ships.

Why not ``gender_guesser.detector.Detector`` itself: it parses every one of the dictionary's 48,000 lines
into per-country tables when it is built (0.18 s and 15 MiB on every cold ``storyline brief``), while the
entity layer asks one question only: is this given name a woman's (the detector's answer "female"; see
``analyse.entities._given_name_gender`` for why only that answer counts). So only the names with a
female line are read, with their other lines to weigh against (the detector's rule: the gender used in
the most countries, then by summed frequency, wins), and the result is one set of names.
``tests/analyse/test_given_names.py`` checks every name of the dictionary against the detector. At
start this costs about 0.15 s and 3 MiB.

The file's lines: a gender code, the name, then one frequency digit per country and "$"; a "+" in a
name stands for nothing, a space or a hyphen ("Mary+Ann").
"""

from __future__ import annotations

import functools
import re
from importlib import resources

_CODES = {b"M": "male", b"1M": "mostly_male", b"?M": "mostly_male", b"F": "female", b"1F": "mostly_female",
          b"?F": "mostly_female", b"?": "andy"}  # fmt: skip
_FEMALE_NAME = re.compile(rb"^F +(\S+)", re.MULTILINE)
# One dictionary line: (its gender code, its name); the line ends with one frequency column per country
# and "$" (every line has the same 87 characters, so the columns are counted from the end: the bytes of
# an accented name would shift them from the start).
_LINE = re.compile(rb"^([MF1?][MF]?) +(\S+)[^\n]*", re.MULTILINE)
_COUNTRIES = slice(-57, -1)
_HIGH = bytes(range(65, 256))


def _variants(name: bytes) -> tuple[bytes, ...]:
    """The name's spellings: a "+" stands for nothing, a space or a hyphen."""
    return tuple(name.replace(b"+", joiner) for joiner in (b"", b" ", b"-")) if b"+" in name else (name,)


def _popularity(countries: bytes) -> tuple[int, int]:
    """(in how many countries the name is used, summed frequency digits, "A" counting 10, as the
    detector sums them), computed without a Python loop over the characters."""
    values = countries.replace(b" ", b"")
    letters = len(values) - len(values.translate(None, _HIGH))
    return len(values), sum(values) - 48 * len(values) - 7 * letters


@functools.cache
def female_given_names() -> frozenset[str]:
    """Lower-cased names whose most popular gender in gender-guesser's dictionary is "female".

    The file is read as bytes and matched line by line (a decoded copy of its 4 MB would cost 15 MiB at
    start); only names with a female line are weighed, compared lower-cased as the case-insensitive
    detector compares them.
    """
    data = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_bytes()
    candidates = {v for name in _FEMALE_NAME.findall(data) for v in _variants(name.lower())}
    genders: dict[bytes, dict[str, bytes]] = {}
    for match in _LINE.finditer(data):
        raw = match[2].lower()
        for name in _variants(raw):
            if name in candidates:  # a later line of one gender replaces an earlier one, as in the detector
                genders.setdefault(name, {})[_CODES[match[1]]] = match[0].rstrip()[_COUNTRIES]
    female: set[str] = set()
    for name, by_gender in genders.items():
        if len(by_gender) == 1:  # a woman's name only: female wherever it is used at all
            if by_gender["female"].strip():
                female.add(name.decode("utf-8").lower())
            continue
        best, best_count, best_tie = next(iter(by_gender)), 0, 0
        for gender, countries in by_gender.items():
            count, tie = _popularity(countries)
            if count > best_count or (count == best_count and tie > best_tie):
                best, best_count, best_tie = gender, count, tie
        if best == "female" and best_count > 0:
            female.add(name.decode("utf-8").lower())
    return frozenset(female)


def is_female_name(name: str) -> bool:
    """Whether gender-guesser's detector answers "female" for ``name`` (case-insensitive, no country)."""
    return name.strip().lower() in female_given_names()
