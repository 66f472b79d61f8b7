"""Whether one passage states the same fact as a summary sentence: the test for an "also in" citation.

Why not the summariser's cosine alone: cosine over all content words is dominated by names, so any
sentence naming the same people matched ("Kennedy, his wife and her sister died in July" was cited to a
question about Kennedy's flight certification and to articles written before anyone knew of the deaths).
What makes two sentences report the same fact is what they say *about* the names: the other content words
(verbs, nouns, adjectives) and the numbers. So:

- names (capitalised words that are not the first word) are left out of the comparison;
- at least ``MIN_RECALL`` of the sentence's remaining content stems must be in the passage, and the
  passage must not be mostly about something else (``MIN_PRECISION`` of its stems in the sentence);
- numbers must agree: when both state numbers, every number of the sentence must be in the passage;
- a question, an aside in parentheses, a heading or a passage in quotation marks where the sentence has
  none is never support.
"""

from __future__ import annotations

import re

from storyline.briefing import scoring

MIN_RECALL = 0.5
MIN_PRECISION = 0.3

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'.,-]*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTE_MARKS = re.compile(r"[“”\"]|``|''")


def fact_terms(text: str) -> set[str]:
    """Stemmed content words of ``text`` that are not names or numbers: what the text says about them."""
    words = _WORD.findall(text)
    kept = [
        word
        for index, word in enumerate(words)
        if not (index > 0 and word[:1].isupper()) and not word[:1].isdigit()
    ]
    return set(scoring.content_terms(scoring.tokens(" ".join(kept))))


def numbers(text: str) -> set[str]:
    """The numbers ``text`` states, normalised ("1,000" and "1000" alike)."""
    return {match.group(0).replace(",", "").rstrip(".") for match in _NUMBER.finditer(text)}


def is_question_or_aside(passage: str, before: str = "") -> bool:
    """A question, a parenthetical aside (the passage opens with "(" or follows one), or a line without
    sentence punctuation (a heading): none of these assert a fact a summary may cite."""
    body = passage.strip()
    if not body:
        return True
    if body.rstrip("”\"’')]").endswith("?"):
        return True
    if body.startswith("(") or before.rstrip().endswith("("):
        return True
    return not re.search(r"[.!][\"'”’)\]]*$", body)


def overlap(sentence: str, passage: str) -> tuple[float, float]:
    """(recall, precision) of the sentence's fact terms in the passage's."""
    mine, theirs = fact_terms(sentence), fact_terms(passage)
    if not mine or not theirs:
        return 0.0, 0.0
    shared = len(mine & theirs)
    return shared / len(mine), shared / len(theirs)


def states_same_fact(sentence: str, passage: str, before: str = "") -> bool:
    """Whether ``passage`` (with the text ``before`` it) supports ``sentence`` as an "also in" citation."""
    if is_question_or_aside(passage, before):
        return False
    if _QUOTE_MARKS.search(passage) and not _QUOTE_MARKS.search(sentence):
        return False  # a quoted remark is the speaker's claim, not the reported fact
    recall, precision = overlap(sentence, passage)
    if recall < MIN_RECALL or precision < MIN_PRECISION:
        return False
    mine, theirs = numbers(sentence), numbers(passage)
    return not (mine and theirs and not mine <= theirs)
