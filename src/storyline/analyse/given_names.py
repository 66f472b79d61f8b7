"""Which given names are women's names, by the dictionary the ``gender-guesser`` package ships.

Why not ``gender_guesser.detector.Detector`` itself: it parses every one of the dictionary's 48,000 lines
into per-country tables when it is built (0.18 s and 20 MiB on every cold ``storyline brief``), while the
entity layer asks one question only: is this given name a woman's (the detector's answer "female"; see
``analyse.entities._given_name_gender`` for why only that answer counts). So only the names with a
female line are read, with their other lines to weigh against (the detector's rule: the gender used in
the most countries, then by summed frequency, wins), and the result is one set of names.
``tests/analyse/test_given_names.py`` checks every name of the dictionary against the detector.

The file's fixed columns: the gender code in 0-1, the name in 3-28, one frequency digit per country
from column 30; a "+" in a name stands for nothing, a space or a hyphen ("Mary+Ann").
"""

from __future__ import annotations

import functools
import re
from importlib import resources

_CODES = {"M": "male", "1M": "mostly_male", "?M": "mostly_male", "F": "female", "1F": "mostly_female",
          "?F": "mostly_female", "?": "andy"}  # fmt: skip
# One dictionary line: (the line, its gender code, its name).
_LINE = re.compile(r"^(([MF1?][MF]?) +(\S+)[^\n]*)$", re.MULTILINE)
_COUNTRY_START = 30
_HIGH = bytes(range(65, 256))


def _variants(name: str) -> tuple[str, ...]:
    """The lower-cased name, or its three spellings when it has a "+"."""
    name = name.lower()
    return tuple(name.replace("+", joiner) for joiner in ("", " ", "-")) if "+" in name else (name,)


def _popularity(countries: str) -> tuple[int, int]:
    """(in how many countries the name is used, summed frequency digits, "A" counting 10, as the
    detector sums them), computed without a Python loop over the characters."""
    values = countries.replace(" ", "").encode("latin-1", "replace")
    letters = len(values) - len(values.translate(None, _HIGH))
    return len(values), sum(values) - 48 * len(values) - 7 * letters


@functools.cache
def female_given_names() -> frozenset[str]:
    """Lower-cased names whose most popular gender in gender-guesser's dictionary is "female".

    The lines are split by one regular expression; names are compared lower-cased (the detector is
    case-insensitive the same way); only names with a female line are weighed.
    """
    text = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_text(encoding="utf-8")
    rows = _LINE.findall(text)
    candidates = {variant for _, code, name in rows if code == "F" for variant in _variants(name)}
    genders: dict[str, dict[str, str]] = {}
    for line, code, raw in rows:
        for name in _variants(raw) if "+" in raw else (raw.lower(),):
            if name in candidates:  # a later line of one gender replaces an earlier one, as in the detector
                genders.setdefault(name, {})[_CODES[code]] = line.strip()[_COUNTRY_START:-1]
    female: set[str] = set()
    for name, by_gender in genders.items():
        if len(by_gender) == 1:  # a woman's name only: female wherever it is used at all
            if by_gender["female"].strip():
                female.add(name)
            continue
        best, best_count, best_tie = next(iter(by_gender)), 0, 0
        for gender, countries in by_gender.items():
            count, tie = _popularity(countries)
            if count > best_count or (count == best_count and tie > best_tie):
                best, best_count, best_tie = gender, count, tie
        if best == "female" and best_count > 0:
            female.add(name)
    return frozenset(female)


def is_female_name(name: str) -> bool:
    """Whether gender-guesser's detector answers "female" for ``name`` (case-insensitive, no country)."""
    return name.strip().lower() in female_given_names()
