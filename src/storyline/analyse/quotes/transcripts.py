"""Quotes of broadcast transcripts: ``NAME: words`` lines, each a quote of the labelled speaker.

Why apart from the parse: a transcript marks its speakers itself (``HILLARY CLINTON:``, ``STEVE
INSKEEP, HOST:``), so no cue is needed; what is needed is to leave out the broadcaster's own narration
(hosts, anchors, reporters, by their role or by sharing a surname with one) and the lines that record a
sound rather than words ("(LAUGHTER)").
"""

from __future__ import annotations

from storyline.analyse.entities import EntityIndex
from storyline.analyse.lexicons.cues import NON_SPEECH, REPORTER_ROLES
from storyline.grammar.names import surname_of
from storyline.grammar.transcripts import transcript_labels
from storyline.model import Entity, Quote, Span, Speaker

__all__ = ["transcript_quotes"]


def transcript_quotes(article_id: str, text: str, entities: list[Entity]) -> list[Quote]:
    """``NAME: words`` lines of broadcast transcripts, except the reporter's own narration."""
    labels = transcript_labels(text)
    if not labels:
        return []
    reporters = {surname_of(name) for _, _, name, role in labels if any(r in role for r in REPORTER_ROLES)}
    quotes: list[Quote] = []
    people = EntityIndex(entities, ("PERSON",))  # one lookup per label: indexed once, not scanned each time
    for start, end, name, _role in labels:
        entity = people.at(start, end)
        if len(labels) < 2 and entity is None:
            continue
        if surname_of(name) in reporters:
            continue
        colon = text.find(":", end)
        line_end = text.find("\n", colon)
        line_end = len(text) if line_end < 0 else line_end
        body_start = colon + 1
        while body_start < line_end and text[body_start].isspace():
            body_start += 1
        body = text[body_start:line_end].rstrip()
        if not body or NON_SPEECH.match(body):
            continue
        quotes.append(
            Quote(
                article=article_id,
                kind="transcript",
                speaker=Speaker(
                    name=entity.name if entity is not None else name,
                    entity=entity.id if entity is not None else None,
                    span=Span.of(text, start, end),
                ),
                cue=Span.of(text, colon, colon + 1),
                content=[Span.of(text, body_start, body_start + len(body))],
                confidence=0.85,
            )
        )
    return quotes
