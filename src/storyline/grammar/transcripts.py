"""Speaker labels of broadcast transcripts: "ELEANOR BEARDSLEY, BYLINE: ...", "FABIUS: ...".

Why here: a transcript label is a speaker for the entity and quote analysers, a paragraph's source for the
claim analyser, and clutter to cut from a sentence for the briefing. Three patterns serve those uses,
because each use has accepted a slightly different set of labels and one pattern for all would change what
some step finds (the differences are listed with each pattern; ``tests/grammar/test_transcripts.py`` pins
them):

- ``TRANSCRIPT_LABEL`` / ``transcript_labels``: every label at a line start of an article, as a speaker
  (name in title case, role), generic words ("NOTE:") and headline kickers ("FIX IS IN:") left out;
- ``LEADING_SPEAKER_LABEL``: a label at the start of a sentence, to cut before the sentence is shown;
- ``TRANSCRIPT_TURN``: a label opening a paragraph, with the speaker's name and role, to attribute what
  the paragraph says.
"""

from __future__ import annotations

import re

from storyline.grammar.names import fold, title_case_word

__all__ = [
    "LABEL_FUNCTION_WORDS",
    "LABEL_STOPWORDS",
    "LEADING_SPEAKER_LABEL",
    "TRANSCRIPT_LABEL",
    "TRANSCRIPT_TURN",
    "transcript_labels",
]

# Words that make an upper-case "label:" a headline kicker ("FIX IS IN:", "WHY IT MATTERS:"), not a name.
LABEL_FUNCTION_WORDS = {
    "is",
    "in",
    "the",
    "of",
    "to",
    "for",
    "on",
    "a",
    "an",
    "and",
    "at",
    "this",
    "that",
    "with",
    "from",
    "by",
    "breaking",
    "exclusive",
    "live",
    "why",
    "how",
    "what",
    "who",
    "new",
    "it",
    "we",
    "you",
    "i",
    "my",
    "our",
    "not",
    "no",
    "yes",
    "are",
    "was",
}
# Generic words written as a label ("NOTE:", "UPDATE:", "Q:") that name no speaker.
LABEL_STOPWORDS = {
    "note",
    "update",
    "editor",
    "editors",
    "correction",
    "photo",
    "video",
    "source",
    "watch",
    "read",
    "related",
    "advertisement",
    "transcript",
    "copyright",
    "q",
    "a",
}

#: A speaker label at the start of any line (``re.MULTILINE``): up to four upper-case words (group
#: ``name``), an optional ", ROLE" (group ``role``, comma included), a colon, then text on the same line.
#: Words may be one letter long ("Q:"); ``transcript_labels`` drops those that name no one.
TRANSCRIPT_LABEL = re.compile(
    r"^[ \t]*(?P<name>[A-Z][A-Z'\u2019.\-]*(?:[ \t]+[A-Z][A-Z'\u2019.\-]*){0,3})"
    r"(?P<role>,[ \t]*[A-Z][A-Z ,.'\-]*)?:[ \t]+(?=\S)",
    re.MULTILINE,
)

#: A speaker label at the very start of a sentence, to cut before showing it: up to five upper-case words of
#: two or more characters, separated by spaces or commas (so a role is just more words: "ELEANOR
#: BEARDSLEY, BYLINE:"), or a parenthesised description ("(UNIDENTIFIED MAN):"), then a colon and white
#: space. Use ``.match``; the caller checks that text follows. Unlike ``TRANSCRIPT_LABEL`` it has no
#: groups, takes no one-letter words ("Q:" is a question-and-answer mark, handled apart) and allows a
#: line break after the colon.
LEADING_SPEAKER_LABEL = re.compile(
    r"^(?:[A-Z][A-Z.'\u2019-]+(?:[ ,]+[A-Z][A-Z.'\u2019-]+){0,4}|\([A-Z ]+\)):\s+"
)

#: A speaker label opening a paragraph (``.match(text, paragraph_start)``): up to four upper-case words of
#: two or more characters separated by single spaces (group ``name``), an optional ", ROLE" of any length
#: without full stops (group ``role``, comma excluded), a colon and one white-space character (a line
#: break too). Unlike ``TRANSCRIPT_LABEL`` it does not skip leading blanks or generic words: a caller
#: that needs several turns to call a text a transcript makes that choice itself.
TRANSCRIPT_TURN = re.compile(
    r"(?P<name>[A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+){0,3})(?:, (?P<role>[A-Z][A-Z ,'\u2019-]+))?:\s"
)


def transcript_labels(text: str) -> list[tuple[int, int, str, str]]:
    """Upper-case speaker labels at line starts: (start, end, name as title case, role text).

    "ELEANOR BEARDSLEY, BYLINE: ..." gives the name "Eleanor Beardsley" and role "byline"; start and end
    are the offsets of the name as written. Labels whose name is a generic word (NOTE:, UPDATE:), shorter
    than three characters, or holds a function word (a headline kicker such as "FIX IS IN:") are skipped.
    """
    labels: list[tuple[int, int, str, str]] = []
    for match in TRANSCRIPT_LABEL.finditer(text):
        raw = match.group("name").strip()
        if fold(raw).strip(".") in LABEL_STOPWORDS or len(raw) < 3:
            continue
        if any(fold(word).strip(".") in LABEL_FUNCTION_WORDS for word in raw.split()):
            continue  # a headline kicker ("FIX IS IN:"), not a speaker's name
        name = " ".join(title_case_word(word) for word in raw.split())
        role = fold(match.group("role") or "").strip(" ,")
        labels.append((match.start("name"), match.start("name") + len(raw), name, role))
    return labels
