"""Folding and parsing of personal names, so that one person written many ways gets one key.

Why here: the entity analyser keys people by surname ("Alain Juppé", "Juppe" and "JUPPE:" are all
"juppe"), the story-wide linker merges per-article people by that same key, and the quote finder matches
transcript labels against reporters by it. If each folded names its own way, a person would split in two
wherever two steps disagreed about an accent, an apostrophe or an "al-".
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ARTICLE_PARTICLES",
    "NAME_PARTICLES",
    "NAME_SUFFIXES",
    "fold",
    "surname_of",
    "title_case_word",
]

# Arabic article prefixes written joined to a surname ("al-Assad", "ash-Shara"): not part of the surname key.
NAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-")
# The two of those common enough that a name tagger splits them off the name they belong to ("al-" + "Assad").
ARTICLE_PARTICLES = ("al-", "el-")
# Generational suffixes after a surname ("Martin Luther King Jr."): never the surname itself.
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}

_SPACE = re.compile(r"\s+")
_CASE_BREAK = re.compile(r"([\-'\u2019])")
_LOWER_CASE_PARTICLES = {particle.rstrip("-") for particle in ARTICLE_PARTICLES}  # "al", "el"


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents and apostrophes, so "Juppé" and "JUPPE" compare equal.

    Curly apostrophes become straight ones and runs of white space one space.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("\u2019", "'").lower()
    return _SPACE.sub(" ", plain).strip()


def surname_of(name: str) -> str:
    """The folded surname of a person's name, without particles: "Bashar al-Assad" -> "assad".

    Generational suffixes are skipped ("Martin Luther King Jr." -> "king"); an empty name gives "".
    """
    words = [word for word in fold(name).split() if word.strip(".") not in NAME_SUFFIXES]
    if not words:
        return ""
    last = words[-1].strip(".,'")
    for particle in NAME_PARTICLES:
        if last.startswith(particle) and len(last) > len(particle) + 1:
            return last[len(particle) :]
    return last


def title_case_word(word: str) -> str:
    """One word of an upper-case name in title case, particles kept lower: "AL-ASSAD" -> "al-Assad".

    Each part after a hyphen or apostrophe is capitalised ("O'BRIEN" -> "O'Brien").
    """
    parts = _CASE_BREAK.split(word.lower())
    out = []
    for part in parts:
        if part in _LOWER_CASE_PARTICLES:
            out.append(part)
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)
