"""The attribution of a headline, read by pattern: "Graham: Trump's rhetoric destroying GOP's chance",
"Conservative Icon Morton Blackwell Endorses Ted Cruz".

Why patterns and not the parse: headlines are mostly Title Case, where the parser tags every word a
proper noun and finds no verb. PolNeAR annotates nearly every political headline, so the quote step
reads the first line here and, conversely, keeps the parse's own cues off headline-like lines.
"""

from __future__ import annotations

import re

from storyline.analyse.entities import entity_at
from storyline.analyse.lexicons.cues import HEADLINE_PREFIX, HEADLINE_VERBS, NOT_HEADLINE
from storyline.analyse.quotes.lines import Lines
from storyline.model import Entity, Quote, Span, Speaker

__all__ = ["headline_quote", "is_headline_line"]


def headline_quote(article_id: str, text: str, entities: list[Entity]) -> Quote | None:
    """The first line's attribution, if it reads as one: a short source before a colon, or the words
    before the first reporting verb (as headlines inflect it). The confidence stays low since the form is
    terse."""
    line_end = text.find("\n")
    line_end = len(text) if line_end < 0 else line_end
    line = text[:line_end]
    if not line.strip() or len(line) > 200 or "|" in line or NOT_HEADLINE.match(line):
        return None  # a link list or a "Read more:" line, not a headline
    offset = 0
    prefix = HEADLINE_PREFIX.match(line)
    if prefix is not None:  # "The Latest: Sanders declares 'revolution'"
        offset = prefix.end()
    words = [(m.start() + offset, m.end() + offset) for m in re.finditer(r"\S+", line[offset:])]
    if len(words) < 3:
        return None
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    colon = line.find(":", offset)
    if 0 < colon - offset <= 45 and len(line[offset:colon].split()) <= 6 and line[colon + 1 :].strip():
        source, cue = (offset, colon), (colon, colon + 1)
    else:
        for index, (start, end) in enumerate(words[1:8], start=1):
            word = line[start:end].strip(".,;:!?\u2018\u2019'\"").lower()
            if _headline_verb(word):
                source, cue = (words[0][0], words[index - 1][1]), (start, end)
                break
    if source is None or cue is None:
        return None
    content_start = cue[1]
    while content_start < line_end and (line[content_start].isspace() or line[content_start] in ":"):
        content_start += 1
    content_end = len(line.rstrip().rstrip("."))
    if content_end - content_start < 3 or not any(c.isalnum() for c in line[content_start:content_end]):
        return None
    src_start, src_end = source
    src_end = src_start + len(text[src_start:src_end].rstrip(" ,:"))
    named = [e for e in entities if e.label in ("PERSON", "ORG", "GPE", "NORP")]
    entity = entity_at(named, src_start, src_end)
    return Quote(
        article=article_id,
        kind="indirect",
        speaker=Speaker(
            name=entity.name if entity is not None else re.sub(r"\s+", " ", text[src_start:src_end]).strip(),
            entity=entity.id if entity is not None else None,
            span=Span.of(text, src_start, src_end),
        ),
        cue=Span.of(text, cue[0], cue[1]),
        content=[Span.of(text, content_start, content_end)],
        confidence=0.4,
    )


def _headline_verb(word: str) -> bool:
    """A reporting verb as headlines inflect it ("says", "slams", "endorses", "denies", "blast")."""
    candidates = {word}
    if word.endswith("ies"):
        candidates.add(word[:-3] + "y")
    if word.endswith("es"):
        candidates.add(word[:-2])
    if word.endswith("s"):
        candidates.add(word[:-1])
    return bool(candidates & HEADLINE_VERBS)


def is_headline_line(text: str, offset: int, lines: Lines | None = None) -> bool:
    """A short line without closing punctuation ("Paris Says Russia Reviewing Syria Stance").

    Pass the article's ``lines`` when asking for many offsets: each line is then judged once.
    """
    if lines is not None:
        return lines.per_line("headline", offset, _headline_shaped)
    line_end = text.find("\n", offset)
    return _headline_shaped(text[text.rfind("\n", 0, offset) + 1 : len(text) if line_end < 0 else line_end])


def _headline_shaped(line: str) -> bool:
    line = line.strip()
    return len(line.split()) < 14 and not line.endswith((".", "!", "?", '"', "\u201d", "'", "\u2019", ":"))
