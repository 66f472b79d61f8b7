"""Which language an article is in, from the density of each language's commonest function words.

Why this and not a model: storyline only needs to tell English from not-English (its models are English),
and function-word density does that reliably on a few hundred words with no weights to ship. The other
languages' lists let the error say what the article is instead of only what it is not.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "a",
            "is",
            "that",
            "for",
            "it",
            "was",
            "on",
            "with",
            "as",
            "he",
            "be",
            "by",
            "at",
            "said",
            "his",
            "are",
            "from",
            "have",
            "has",
            "but",
            "not",
            "this",
            "they",
            "an",
            "which",
            "or",
            "were",
            "their",
            "had",
            "been",
            "its",
            "who",
            "will",
            "would",
            "more",
            "than",
            "after",
            "also",
            "we",
            "i",
            "you",
            "she",
            "her",
            "them",
            "there",
            "about",
            "into",
            "when",
            "all",
            "one",
            "what",
            "can",
            "over",
            "if",
            "so",
            "no",
            "out",
            "up",
            "do",
            "did",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "de",
            "des",
            "du",
            "et",
            "est",
            "un",
            "une",
            "dans",
            "que",
            "qui",
            "pour",
            "pas",
            "sur",
            "au",
            "aux",
            "avec",
            "ce",
            "cette",
            "il",
            "elle",
            "ne",
            "se",
            "sont",
            "par",
            "plus",
            "ont",
            "été",
            "mais",
            "ou",
            "leur",
            "nous",
            "vous",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "ein",
            "eine",
            "zu",
            "den",
            "von",
            "mit",
            "sich",
            "des",
            "auf",
            "für",
            "im",
            "dem",
            "sie",
            "es",
            "auch",
            "als",
            "an",
            "wird",
            "werden",
            "hat",
            "bei",
            "oder",
            "aus",
            "nach",
            "wie",
            "wir",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "de",
            "del",
            "y",
            "en",
            "que",
            "es",
            "un",
            "una",
            "por",
            "con",
            "para",
            "no",
            "se",
            "su",
            "al",
            "lo",
            "como",
            "más",
            "pero",
            "sus",
            "le",
            "ha",
            "este",
            "esta",
            "fue",
            "son",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "di",
            "del",
            "della",
            "e",
            "è",
            "un",
            "una",
            "che",
            "per",
            "non",
            "con",
            "si",
            "da",
            "al",
            "nel",
            "sono",
            "anche",
            "come",
            "più",
            "ma",
            "questo",
            "questa",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "de",
            "do",
            "da",
            "dos",
            "das",
            "e",
            "em",
            "um",
            "uma",
            "que",
            "para",
            "não",
            "com",
            "se",
            "por",
            "no",
            "na",
            "mais",
            "como",
            "mas",
            "foi",
            "ao",
            "ele",
            "ela",
            "são",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "in",
            "is",
            "dat",
            "op",
            "te",
            "zijn",
            "met",
            "voor",
            "niet",
            "aan",
            "er",
            "die",
            "ook",
            "als",
            "bij",
            "door",
            "maar",
            "om",
            "dan",
            "wordt",
            "heeft",
        ]
    ),
}

_SCRIPTS = {
    "ru": re.compile(r"[\u0400-\u04FF]"),
    "ar": re.compile(r"[\u0600-\u06FF]"),
    "zh": re.compile(r"[\u4E00-\u9FFF]"),
    "ja": re.compile(r"[\u3040-\u30FF]"),
    "el": re.compile(r"[\u0370-\u03FF]"),
    "he": re.compile(r"[\u0590-\u05FF]"),
}


LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ru": "Russian", "ar": "Arabic", "zh": "Chinese", "ja": "Japanese", "el": "Greek",
    "he": "Hebrew",
}  # fmt: skip


def language_name(code: str) -> str:
    """``French (fr)`` for ``fr``: what a person reads in an error line."""
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else code


def language_scores(text: str, sample_words: int = 2000) -> dict[str, float]:
    """Share of the first ``sample_words`` words that are function words of each language."""
    words = [word.lower() for word in _WORD.findall(text[:40000])][:sample_words]
    if not words:
        return {}
    return {lang: sum(word in vocab for word in words) / len(words) for lang, vocab in FUNCTION_WORDS.items()}


def detect_language(text: str, english_min_ratio: float = 0.25) -> str:
    """An ISO 639-1 code, or "und" when the text is too short or matches no language well."""
    letters = [char for char in text[:20000] if char.isalpha()]
    if letters:
        for lang, pattern in _SCRIPTS.items():
            if len(pattern.findall(text[:20000])) / len(letters) > 0.3:
                return lang
    scores = language_scores(text)
    if not scores:
        return "und"
    others = {lang: score for lang, score in scores.items() if lang != "en"}
    best = max(others, key=lambda lang: others[lang])
    if scores["en"] >= english_min_ratio and scores["en"] >= others[best] * 0.9:
        return "en"
    # A short wire lead is dense with names and numbers, so its function words are sparse; it is still
    # English when English words are the only language's found in any number.
    if scores["en"] >= english_min_ratio / 3 and scores["en"] >= others[best] * 3:
        return "en"
    return best if others[best] >= 0.1 else "und"
