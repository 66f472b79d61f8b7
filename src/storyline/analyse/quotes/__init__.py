"""Who said what in one article: direct, partial, indirect and transcript quotes with their speakers.

How the pieces fit (each step is a small module so it can be tested and replaced on its own):

- ``marks`` pairs quotation marks line by line, tolerant of mixed, newswire and unbalanced marks;
- ``cues`` finds reporting cues in spaCy's dependency parse (outside quoted text), each with its speaker
  phrase and, for indirect speech, the reported clause;
- ``speakers`` finds a cue's speaker phrase in the parse;
- ``transcripts`` reads transcript labels (``HILLARY CLINTON: ...``) and ``headlines`` the headline's
  attribution (``Graham: ...``, ``X Endorses Y``), both by pattern;
- this module attaches every quotation to the nearest cue of its sentence (several quotations to one cue
  make a split quote, ``"...," he said. "..."``), classes it direct or partial by what precedes the
  opening mark, keeps cues without quotation as indirect speech, and resolves speakers to the article's
  entities (pronouns included, since ``extract_entities`` links them).

A partial quote's content is the quoted words only (a briefing prints content inside quotation marks);
the paraphrase around them, when it is a clause of its own, becomes an indirect quote of the same cue.
What counts as an attribution follows PolNeAR (tuned on its train split): speech, stance and belief
verbs with objects as well as clauses, possessed speech nouns, passive agents, headlines.

What reaches a briefing is narrower than what PolNeAR calls an attribution. A quote keeps a confidence
below ``LEDGER_CAP`` (under the ledger's default threshold, ``Settings.min_quote_confidence`` 0.5), so it
stays on the article for search and evaluation but off the ledger, when:

- its cue is not a verb or noun of saying (``storyline.grammar.reporting.is_speech_cue``: "rejected",
  "agreed", "blames"), or is an infinitive ("called for Assad to respond": the speech is wanted, not made);
- its speaker is a document, not a person or organisation ("a draft resolution urges ...", "the report
  concludes");
- it is an unquoted request to act ("urged Britain to leave", "called on the UN to act", "demanded that
  he resign"): what someone was asked to do is not a report of what was said. The same request with
  quoted words ('called on them to "get off the sidelines"') is a partial quote and stays;
- its reported clause was cut mid-clause (it must end at a clause or sentence boundary or a closing
  quotation mark: "What is still needed is a" is not something anyone said).

A paraphrase that runs into a quotation woven into the same clause ('What is still needed is a “clear
reference” to the plan, Juppe said') is reported whole, quotation included, as an indirect quote.

The word lists are in ``storyline.analyse.lexicons.cues``. Nothing here catches its own errors: messy
text is handled by the rules above, and a bug surfaces to the pipeline, which counts a failed layer
instead of hiding it as an article without quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.analyse.entities import entity_at
from storyline.analyse.lexicons.cues import (
    COMMITMENT_VERBS,
    DOCUMENT_NOUNS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    REQUEST_VERBS,
    WH_WORDS,
)
from storyline.analyse.nlp import doc_text
from storyline.analyse.quotes.cues import Cue, find_cues
from storyline.analyse.quotes.headlines import headline_quote, is_headline_line
from storyline.analyse.quotes.marks import QuoteMarks, find_quotations
from storyline.analyse.quotes.transcripts import transcript_quotes
from storyline.grammar.reporting import is_speech_cue
from storyline.grammar.transcripts import transcript_labels
from storyline.model import Entity, Quote, QuoteKind, Span, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storyline.model import Article

__all__ = ["extract_quotes"]

# A word of a quoted title ('Friends of Syria', 'Risky Recipes'): capitalised, or a short function word.
_TITLE_WORD = re.compile(r"^(?:[A-Z0-9][\w'\u2019\-]*|of|the|and|for|in|on|a|an|to|at|de|du)$")
# The fewest words a paraphrase before a quotation needs to be a clause of its own.
MIN_PARAPHRASE_WORDS = 4
# The words that introduce a quotation after a paraphrase (", saying", "that"): not part of the paraphrase.
_INTRODUCER = re.compile(
    r"(?:[,;:\u2014]\s*)?(?:\b(?:that|as)|\b(?:saying|telling|adding|arguing|noting|insisting)\b[^,;.]{0,40})?\s*$"
)
# What may precede the opening mark of a direct quote (punctuation), as against a word (a partial quote).
DIRECT_BEFORE = set(',:;.!?()[]\u2014\u2013-\u201c\u201d"\u2018')
# The highest confidence of a quote that must stay off the ledger (see the module docstring); below the
# default ``Settings.min_quote_confidence`` (0.5).
LEDGER_CAP = 0.45
# Tags of a finite verb: reported words that hold one are a statement, not a request to act.
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# dependents that may follow a complete clause without being part of it
_AFTER_CLAUSE = {"punct", "cc", "conj", "advcl", "relcl", "parataxis", "appos", "npadvmod", "advmod", "mark"}
_DANGLING_POS = {"CCONJ", "DET", "ADP", "SCONJ"}


@dataclass
class _Attached:
    cue: Cue
    quotes: list[QuoteMarks] = field(default_factory=list)
    inherited: bool = False


def extract_quotes(article: Article, doc: Doc, entities: list[Entity]) -> list[Quote]:
    """All quotes of ``article`` in text order (see the module docstring for the method)."""
    text = article.text
    quotations = [q for q in find_quotations(text) if not _is_title(text, q)]
    transcript = transcript_quotes(article.id, text, entities)
    spoken_regions = [(q.speaker.span.end if q.speaker.span else 0, q.content[0].end) for q in transcript]
    blocked = [False] * len(doc)
    regions = [(q.inner_start, q.inner_end) for q in quotations] + spoken_regions
    for start, end in regions:  # tokens inside quoted or spoken text are never cues or speakers
        span = doc.char_span(start, end, alignment_mode="contract") if end > start else None
        if span is not None:
            for index in range(span.start, span.end):
                blocked[index] = True
    cues = [cue for cue in find_cues(doc, blocked) if cue.speaker]
    _trim_labels(text, doc, cues)
    nested = _nested(cues)
    attached = _attach(text, doc, quotations, cues, nested)
    quotes: list[Quote] = list(transcript)
    quotes.extend(_quote_from(article.id, text, doc, item, entities) for item in attached)
    used = {id(q) for item in attached for q in item.quotes}
    for quote in quotations:
        if id(quote) not in used:
            introduced = _colon_speaker(article.id, text, quote, entities)
            if introduced is not None:
                quotes.append(introduced)
    claimed = [(q.start, q.end) for item in attached for q in item.quotes]
    woven: list[tuple[Cue, int, int]] = []
    claimed.extend(spoken_regions)
    for index, cue in enumerate(cues):
        # a cue that took a quotation may still report a clause of its own ('called Trump "crazy" and
        # said the party is bound to lose'): the overlap test below keeps it from repeating the quotation
        if index in nested or not _enough_content(doc, cue):
            continue
        start, end = doc[cue.content[0]].idx, _end(doc, cue.content[-1])
        overlapping = [s for s, e in claimed if s < end and start < e]
        if overlapping and min(overlapping) > start:
            # 'Carson said he saw no need to change anything, telling him that "we tell the truth"': the
            # paraphrase before a partial quotation is an attribution of its own (the quotation went to
            # the partial quote, without the words around it)
            whole = end
            end = _clause_end(text, start, min(overlapping))
            if _is_clause(doc, start, end):  # not a bare subject ("the aim of his foes")
                overlapping = []
                if not _ends_clause(doc, start, end, cue) and _ends_clause(doc, start, whole, cue):
                    # 'What is still needed is a “clear reference” to ...': the quotation is woven into
                    # the paraphrase, so the paraphrase is reported whole, never cut before the mark
                    end = max([whole] + [e for s, e in claimed if s < whole < e])  # up to the closing mark
                    woven.append((cue, start, end))
        if overlapping or is_headline_line(text, start):
            continue
        quotes.append(_indirect(article.id, text, doc, cue, entities, start, end))
    for found in quotes:  # kept for search and evaluation, but the ledger shows the whole paraphrase
        if woven and _inside_woven(found, woven, text, doc):
            found.confidence = min(found.confidence, LEDGER_CAP)
    headline = headline_quote(article.id, text, entities)
    if headline is not None and not any(
        span.start < headline.content[0].end and headline.content[0].start < span.end
        for quote in quotes
        for span in quote.content
    ):
        quotes.append(headline)
    quotes = [q for q in quotes if any(char.isalnum() for span in q.content for char in span.text)]
    quotes.sort(key=lambda q: q.content[0].start)
    _resolve_org_pronouns(quotes, entities, doc)
    _resolve_person_pronouns(quotes, entities)
    return quotes


def _inside_woven(quote: Quote, woven: list[tuple[Cue, int, int]], text: str, doc: Doc) -> bool:
    """A partial quote whose quoted words all lie inside a paraphrase of the same cue reported whole: the
    indirect quote already shows them, with the words that make them a sentence."""
    if quote.kind != "partial" or quote.cue is None:
        return False
    for cue, start, end in woven:
        inside = all(start <= span.start and span.end <= end for span in quote.content)
        if inside and _cue_span(text, doc, cue) == quote.cue:
            return True
    return False


def _clause_end(text: str, start: int, limit: int) -> int:
    """Where the paraphrase before a quotation ends: before the comma, "that" or verb introducing it."""
    end = len(text[:limit].rstrip())
    cut = _INTRODUCER.search(text[start:end])
    if cut is not None and cut.start() > 0:
        end = start + cut.start()
    return start + len(text[start:end].rstrip(" ,;:\u2014"))


def _is_clause(doc: Doc, start: int, end: int) -> bool:
    """At least ``MIN_PARAPHRASE_WORDS`` words with a verb of their own."""
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if span is None or len(span) < MIN_PARAPHRASE_WORDS:
        return False
    return any(token.pos_ in ("VERB", "AUX") for token in span)


def _enough_content(doc: Doc, cue: Cue) -> bool:
    """Any word reported counts: PolNeAR annotates "said so", "said no", "endorsed Cruz" and "criticized
    Bill Clinton" as attributions, and on its train set the short contents gain more recall than they
    cost precision."""
    if not cue.content:
        return False
    return any(doc[i].text[:1].isalnum() for i in cue.content)


def _nested(cues: list[Cue]) -> set[int]:
    """Cues inside another cue's reported clause ("Lavrov confirmed that Western powers asked ...").

    PolNeAR, like a reader, credits the outer speaker; the inner cue is part of what was reported.
    """
    inside: set[int] = set()
    spans = [(min(c.content), max(c.content)) if c.content else (-1, -2) for c in cues]
    for index, cue in enumerate(cues):
        if cue.according:
            continue  # "X said ..., according to Y": Y is the outer source
        position = cue.tokens[0]
        for other, (low, high) in enumerate(spans):
            stronger = cues[other].strength >= cue.strength or cues[other].according
            if other != index and low <= position <= high and stronger:
                inside.add(index)
                break
    return inside


def _trim_labels(text: str, doc: Doc, cues: list[Cue]) -> None:
    """Drop a transcript label ("BEARDSLEY:") from the start of a reported clause on its line."""
    labels = transcript_labels(text)
    if not labels:
        return
    ends = [text.find(":", end) + 1 for _, end, _, _ in labels]
    for cue in cues:
        for label_end in ends:
            if cue.content and doc[cue.content[0]].idx < label_end <= _end(doc, cue.content[-1]):
                cue.content = [i for i in cue.content if doc[i].idx >= label_end]


def _resolve_person_pronouns(quotes: list[Quote], entities: list[Entity]) -> None:
    """A "he said" the entity step left unresolved goes to the previous quote's speaker of that gender."""
    by_id = {entity.id: entity for entity in entities}
    last: dict[str, Speaker] = {}
    for quote in quotes:
        span = quote.speaker.span
        word = span.text.lower() if span is not None else ""
        if quote.speaker.entity is None and word in ("he", "she") and word in last:
            previous = last[word]
            quote.speaker.entity, quote.speaker.name = previous.entity, previous.name
            quote.confidence = round(quote.confidence * 0.9, 3)
        entity = by_id.get(quote.speaker.entity or "")
        if entity is not None and entity.label == "PERSON":
            pronouns = {m.text.lower() for m in entity.mentions}
            for pronoun in ("he", "she"):
                if pronoun in pronouns or pronoun not in last:
                    last[pronoun] = quote.speaker


def _is_title(text: str, quote: QuoteMarks) -> bool:
    """A quoted title or name ('Friends of Syria', ‘Risky Recipes’): short and every word capitalised."""
    words = text[quote.inner_start : quote.inner_end].split()
    if not words or len(words) > 6:
        return False
    if any(word[-1:] in ".!?," for word in words):
        return False
    return all(_TITLE_WORD.match(word) for word in words) and words[0][:1].isupper()


# ------------------------------------------------------------------------------------------- attaching


def _attach(
    text: str, doc: Doc, quotations: list[QuoteMarks], cues: list[Cue], nested: set[int]
) -> list[_Attached]:
    """Give each quotation the nearest cue of its sentence(s), else its neighbour's cue in the line."""
    result: dict[int, _Attached] = {}
    orphans: list[QuoteMarks] = []
    by_quote: dict[int, int] = {}
    for quote in quotations:
        window_start, window_end = _window(text, doc, quote)
        best, best_distance = -1, 10**9
        for index, cue in enumerate(cues):
            pos = doc[cue.tokens[0]].idx
            if not window_start <= pos < window_end or quote.inner_start <= pos < quote.inner_end:
                continue
            distance = pos - quote.end if pos >= quote.end else quote.start - pos
            if cue.content and _covers(doc, cue.content, quote):
                distance -= 1000  # the parse itself says this quotation is the verb's complement
            if index in nested:
                distance += 2000
            if cue.asked_of:
                distance += 3000  # "called for Assad to respond “within days”": the caller said it
            if distance < best_distance:
                best, best_distance = index, distance
        if best >= 0:
            result.setdefault(best, _Attached(cues[best])).quotes.append(quote)
            by_quote[id(quote)] = best
        else:
            orphans.append(quote)
    previous_line_speaker: tuple[int, int] | None = None  # (line end, cue index)
    for quote in orphans:
        line_start = text.rfind("\n", 0, quote.start) + 1
        line_end = text.find("\n", quote.end)
        line_end = len(text) if line_end < 0 else line_end
        same_line = [
            (abs(q.start - quote.start), by_quote[id(q)])
            for q in quotations
            if id(q) in by_quote and line_start <= q.start < line_end
        ]
        if same_line:
            index = min(same_line)[1]
            result[index].quotes.append(quote)
            by_quote[id(quote)] = index
            continue
        following = _following_cue(doc, cues, quote)
        if following >= 0:  # '"..., who knows?" Trump told Britain's ITV in an interview aired Monday'
            result.setdefault(following, _Attached(cues[following])).quotes.append(quote)
            by_quote[id(quote)] = following
            continue
        introduced = _introducing_cue(text, doc, cues, line_start, quote)
        if introduced >= 0:  # "Cruz continued:" on the line before a quoted paragraph
            result.setdefault(introduced, _Attached(cues[introduced])).quotes.append(quote)
            by_quote[id(quote)] = introduced
            continue
        previous_line_speaker = _previous_paragraph_cue(text, quotations, by_quote, line_start)
        covered = (quote.end - quote.start) / max(1, len(text[line_start:line_end].strip()))
        if previous_line_speaker is not None and covered >= 0.6:
            cue = cues[previous_line_speaker[1]]
            inherited = _Attached(cue, [quote], inherited=True)
            result[-1 - len(result)] = inherited
            by_quote[id(quote)] = previous_line_speaker[1]
    for item in result.values():
        item.quotes.sort(key=lambda q: q.start)
    return sorted(result.values(), key=lambda item: item.quotes[0].start)


def _following_cue(doc: Doc, cues: list[Cue], quote: QuoteMarks) -> int:
    """A cue opening the sentence right after a closing mark, with no clause of its own: the parser
    split '"...?" Trump told ITV' into two sentences, but the quotation is what was told."""
    text = doc_text(doc)
    line_end = text.find("\n", quote.end)
    rest = doc.char_span(quote.end, len(text) if line_end < 0 else line_end, alignment_mode="contract")
    words = [token.i for token in rest if not token.is_space] if rest is not None else []
    if not words:
        return -1
    first = words[0]
    for index, cue in enumerate(cues):
        position = cue.tokens[0]
        if first <= position <= first + 4 and min(cue.speaker) >= first and not cue.content:
            return index
    return -1


def _introducing_cue(text: str, doc: Doc, cues: list[Cue], line_start: int, quote: QuoteMarks) -> int:
    """The last cue of the previous non-empty line when that line ends with a colon and the quote opens
    its own line."""
    if text[line_start : quote.start].strip():
        return -1
    before = text[:line_start].rstrip()
    if not before.endswith(":"):
        return -1
    prev_start = before.rfind("\n") + 1
    on_line = [i for i, cue in enumerate(cues) if prev_start <= doc[cue.tokens[0]].idx < len(before)]
    return on_line[-1] if on_line else -1


def _window(text: str, doc: Doc, quote: QuoteMarks) -> tuple[int, int]:
    """From the start of the sentence holding the opening mark to the end of the one after the closing."""
    first = doc.char_span(quote.start, quote.start + 1, alignment_mode="expand")
    last = doc.char_span(max(quote.start, quote.end - 1), quote.end, alignment_mode="expand")
    start = first.sent.start_char if first is not None and len(first) else quote.start
    end = last.sent.end_char if last is not None and len(last) else quote.end
    if last is not None and len(last) and end - quote.end <= 2:
        # "...," he said. -- spaCy may start a new sentence right after the closing mark
        following = doc[last.sent.end :] if last.sent.end < len(doc) else None
        if following is not None and len(following):
            nxt = following[0].sent
            if nxt.end_char - nxt.start_char < 80:
                end = nxt.end_char
    line_start = text.rfind("\n", 0, quote.start) + 1
    line_end = text.find("\n", quote.end)
    line_end = len(text) if line_end < 0 else line_end
    return max(start, line_start), min(end, line_end)


def _covers(doc: Doc, indices: list[int], quote: QuoteMarks) -> bool:
    start, end = doc[indices[0]].idx, _end(doc, indices[-1])
    return (start <= quote.inner_start and quote.inner_end <= end + 2) or (
        start < quote.inner_end and quote.inner_start < end
    )


def _previous_paragraph_cue(
    text: str, quotations: list[QuoteMarks], by_quote: dict[int, int], line_start: int
) -> tuple[int, int] | None:
    """The cue of the last quotation of the previous non-empty line, if that line ends with a quotation."""
    before = text[:line_start].rstrip()
    if not before:
        return None
    prev_start = before.rfind("\n") + 1
    in_prev = [q for q in quotations if prev_start <= q.start < len(before) and id(q) in by_quote]
    if not in_prev:
        return None
    last = max(in_prev, key=lambda q: q.start)
    tail = before[last.end :].strip()
    if len(tail) > 60:
        return None
    return len(before), by_quote[id(last)]


# ------------------------------------------------------------------------------------------- building


def _quote_from(article_id: str, text: str, doc: Doc, item: _Attached, entities: list[Entity]) -> Quote:
    cue = item.cue
    direct = any(_is_direct(text, quote) for quote in item.quotes)
    contents: list[Span] = []
    kind: QuoteKind
    if direct:
        for quote in item.quotes:
            contents.append(Span.of(text, quote.inner_start, quote.inner_end))
        kind = "direct"
        confidence = 0.9
    else:
        # A partial quote's content is the quoted words themselves: the clause around them is the
        # reporter's paraphrase, and cutting it at a mark left stray marks ('"terrorists" for the violence').
        kind = "partial"
        confidence = 0.8
        contents.extend(Span.of(text, quote.inner_start, quote.inner_end) for quote in item.quotes)
    if not all(quote.closed for quote in item.quotes):
        confidence -= 0.15
    if item.inherited:
        confidence = 0.5
    confidence *= 0.5 + 0.5 * cue.strength
    if not _ledger_worthy(doc, cue):
        confidence = min(confidence, LEDGER_CAP)
    return Quote(
        article=article_id,
        kind=kind,
        speaker=_speaker(text, doc, cue, entities),
        cue=_cue_span(text, doc, cue),
        content=contents,
        confidence=round(confidence, 3),
    )


def _is_direct(text: str, quote: QuoteMarks) -> bool:
    """A quotation is direct when it is not woven into a clause: only punctuation or a line start precedes
    it (an apostrophe after a letter, as in "Sanders’ “passion”", is part of a word)."""
    before = text[: quote.start].rstrip(" \t\u00a0")
    if not before or before.endswith("\n"):
        return True
    return before[-1] in DIRECT_BEFORE


def _indirect(
    article_id: str, text: str, doc: Doc, cue: Cue, entities: list[Entity], start: int, end: int
) -> Quote:
    confidence = 0.7 * cue.strength
    if not _ledger_worthy(doc, cue) or _is_request(doc, cue) or not _ends_clause(doc, start, end, cue):
        confidence = min(confidence, LEDGER_CAP)
    return Quote(
        article=article_id,
        kind="indirect",
        speaker=_speaker(text, doc, cue, entities),
        cue=_cue_span(text, doc, cue),
        content=[Span.of(text, start, end)],
        confidence=round(confidence, 3),
    )


def _ledger_worthy(doc: Doc, cue: Cue) -> bool:
    """A cue a briefing may report as speech: a verb or noun of saying that happened, said by someone.

    Stances and beliefs, infinitives ("to respond") and documents as speakers ("the draft resolution
    urges") fail; see the module docstring.
    """
    if not cue.reported or not is_speech_cue(cue.lemma):
        return False
    if cue.speaker_head is None:
        return True
    head = doc[cue.speaker_head]
    return not (head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in DOCUMENT_NOUNS)


def _is_request(doc: Doc, cue: Cue) -> bool:
    """An unquoted request to act: a request verb ("urged", "called on") or any speech verb with an
    infinitive object ("told him to leave"), whose reported words hold no finite verb (so "demanded
    that he resign" is a request, "warned that prices are likely to rise" and "asked whether he could
    land" are not). Promises keep their infinitive: "vowed to fight on" is what was said."""
    if not cue.content or cue.lemma in COMMITMENT_VERBS:
        return False
    words = [doc[i] for i in cue.content]
    if any(token.tag_ in FINITE_TAGS for token in words):
        return False
    infinitive = any(
        token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        for token in words
    )
    if cue.lemma == "call":  # "called it a mistake" names; "called on X to", "called for X" request
        return any(doc[i].lower_ in ("on", "for") for i in cue.tokens) or infinitive
    return cue.lemma in REQUEST_VERBS or infinitive


def _ends_clause(doc: Doc, start: int, end: int, cue: Cue) -> bool:
    """Whether ``[start, end)`` ends where a clause can end: not on "a", "of", "and" or "because", and
    with nothing it governs (or depends on) left after it in the sentence, the cue and speaker aside.

    "What is still needed is a" fails (its "is" governs the "clear reference" after it), as does "the
    international community cannot" (its words hang from the "ignore" after it).
    """
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if span is None or not len(span):
        return True
    words = [token for token in span if not (token.is_punct or token.is_space)]
    if not words:
        return True
    if words[-1].pos_ in _DANGLING_POS or words[-1].tag_ == "TO":
        return False
    inside = set(range(span.start, span.end))
    exempt = set(cue.tokens) | set(cue.speaker)
    sentence_end = span[-1].sent.end
    for token in words:
        head = token.head
        if span.end <= head.i < sentence_end and head.i not in exempt and head.i not in inside:
            return False
        for child in token.children:
            if child.i >= span.end and child.i not in exempt and child.dep_ not in _AFTER_CLAUSE:
                return False
    return True


def _end(doc: Doc, index: int) -> int:
    token = doc[index]
    return token.idx + len(token.text)


def _cue_span(text: str, doc: Doc, cue: Cue) -> Span:
    return Span.of(text, doc[cue.tokens[0]].idx, _end(doc, cue.tokens[-1]))


def _speaker(text: str, doc: Doc, cue: Cue, entities: list[Entity]) -> Speaker:
    start, end = doc[cue.speaker[0]].idx, _end(doc, cue.speaker[-1])
    entity: Entity | None = None
    if cue.speaker_head is not None:
        head = doc[cue.speaker_head]
        entity = entity_at(entities, head.idx, head.idx + len(head.text))
    if entity is None and cue.speaker_head is not None:
        # a name modifying the head ("the official Ria-Novosti news agency"), never one after it
        # ("members of his units" is not al-Assad)
        head_end = _end(doc, cue.speaker_head)
        named = [e for e in entities if e.label in ("PERSON", "ORG")]
        entity = entity_at(named, start, head_end)
        if entity is not None and all(
            m.text.lower() in PERSON_PRONOUNS for m in entity.mentions if m.start < head_end and start < m.end
        ):
            entity = None
    if entity is not None:
        for mention in entity.mentions:  # "al" of "al-Assad" as subject: widen to the whole mention
            if mention.start < end and start < mention.end and mention.end - mention.start < 60:
                start, end = min(start, mention.start), max(end, mention.end)
    span = Span.of(text, start, end)
    if entity is not None:
        name = entity.name
    elif cue.speaker_head is not None and (
        doc[cue.speaker_head].idx >= start or span.text.lower() in WH_WORDS
    ):
        name = _compact_name(text, doc[cue.speaker_head])
    else:
        name = _plain_name(span.text)
    return Speaker(name=name, entity=entity.id if entity is not None else None, span=span)


def _compact_name(text: str, head: Token) -> str:
    """A speaker's name without its relative clause or apposition: "France's foreign minister"."""
    kept = [head.i]
    for child in head.children:
        if child.i < head.i or child.dep_ not in ("relcl", "appos", "acl", "punct", "advcl", "cc", "conj"):
            kept.extend(token.i for token in child.subtree)
    low, high = min(kept), max(kept)
    while high > low and head.doc[high].is_punct:
        high -= 1
    doc = head.doc
    return _plain_name(text[doc[low].idx : doc[high].idx + len(doc[high].text)])


def _plain_name(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase).strip()


def _resolve_org_pronouns(quotes: list[Quote], entities: list[Entity], doc: Doc) -> None:
    """ "it said": the organisation or country last mentioned as a subject a few sentences before.

    Only a subject: "It said …" after "the report said the army fought al-Shabaab" is the report, not the
    last organisation named in passing. An "it" with no such antecedent stays unresolved and off the
    ledger (a speaker called "it" tells a reader nothing)."""
    groups = [e for e in entities if e.label in ("ORG", "GPE")]
    for quote in quotes:
        span = quote.speaker.span
        if quote.speaker.entity is not None or span is None or span.text.lower() not in ORG_PRONOUNS:
            continue
        best: Entity | None = None
        best_rank = (-1, -1)
        for entity in groups:
            for mention in entity.mentions:
                if not (mention.start < span.start and span.start - mention.start < 400):
                    continue
                token = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                subject = token is not None and any(t.dep_ in ("nsubj", "nsubjpass") for t in token)
                if not subject:
                    continue
                rank = (int(subject), mention.start)
                if rank > best_rank:
                    best, best_rank = entity, rank
        if best is not None:
            quote.speaker.entity = best.id
            quote.speaker.name = best.name
        else:
            quote.confidence = min(quote.confidence, LEDGER_CAP)


def _colon_speaker(article_id: str, text: str, quote: QuoteMarks, entities: list[Entity]) -> Quote | None:
    """ "Republican pollster Daron Shaw: “...”": a named speaker, a colon, then the quotation."""
    line_start = text.rfind("\n", 0, quote.start) + 1
    before = text[line_start : quote.start].rstrip()
    if not before.endswith(":") or len(before) > 120:
        return None
    colon = line_start + len(before) - 1
    for entity in entities:
        if entity.label not in ("PERSON", "ORG"):
            continue
        for mention in entity.mentions:
            if mention.end == colon or text[mention.end : colon].strip() == "":
                if mention.start < line_start or mention.end > colon:
                    continue
                start = mention.start
                label = text[line_start:colon]
                if len(label.split()) <= 8 and not re.search(r"[.!?;]", label):
                    start = line_start + len(label) - len(label.lstrip())  # "Republican pollster Daron Shaw"
                return Quote(
                    article=article_id,
                    kind="direct",
                    speaker=Speaker(
                        name=entity.name, entity=entity.id, span=Span.of(text, start, mention.end)
                    ),
                    cue=Span.of(text, colon, colon + 1),
                    content=[Span.of(text, quote.inner_start, quote.inner_end)],
                    confidence=0.7 if quote.closed else 0.55,
                )
    return None
