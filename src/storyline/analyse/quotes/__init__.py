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
  entities (pronouns and role descriptions included, since ``extract_entities`` links them).

A speaker's ``name`` is the full name of whoever the cue's subject refers to ("Alain Juppe" for "he",
"Juppe" or "France's foreign minister"), its ``role`` the title or description kept apart from the name
("French Foreign Minister"). A role in apposition to a name is that person ("the party chairman, Kelly
Armstrong"); a campaign, aides or a poll named after someone is not them ("Clinton's campaign"); names
joined by "and" speak together ("Russia and China").

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
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from storyline.analyse.entities import EntityIndex
from storyline.analyse.lexicons.cues import (
    COMMITMENT_VERBS,
    DOCUMENT_NOUNS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    REQUEST_VERBS,
    WH_WORDS,
)
from storyline.analyse.lexicons.entities import PERSON_TITLES, ROLE_HEADS
from storyline.analyse.quotes.cues import Cue, find_cues
from storyline.analyse.quotes.headlines import headline_quote, is_headline_line
from storyline.analyse.quotes.lines import Lines
from storyline.analyse.quotes.marks import QuoteMarks, find_quotations
from storyline.analyse.quotes.transcripts import transcript_quotes
from storyline.grammar.names import fold
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
_NON_SPACE = re.compile(r"\S")


@dataclass
class _Attached:
    cue: Cue
    quotes: list[QuoteMarks] = field(default_factory=list)
    inherited: bool = False


def extract_quotes(article: Article, doc: Doc, entities: list[Entity]) -> list[Quote]:
    """All quotes of ``article`` in text order (see the module docstring for the method)."""
    text = article.text
    lines = Lines(text)
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
    attached = _attach(text, doc, quotations, cues, nested, lines)
    known = _Entities(entities)
    quotes: list[Quote] = list(transcript)
    quotes.extend(_quote_from(article.id, text, doc, item, known) for item in attached)
    used = {id(q) for item in attached for q in item.quotes}
    for quote in quotations:
        if id(quote) not in used:
            introduced = _colon_speaker(article.id, text, quote, known.named, lines)
            if introduced is not None:
                quotes.append(introduced)
    claimed = [(q.start, q.end) for item in attached for q in item.quotes]
    woven: list[tuple[Cue, int, int]] = []
    claimed.extend(spoken_regions)
    regions_taken = _Regions(claimed)
    for index, cue in enumerate(cues):
        # a cue that took a quotation may still report a clause of its own ('called Trump "crazy" and
        # said the party is bound to lose'): the overlap test below keeps it from repeating the quotation
        if index in nested or not _enough_content(doc, cue):
            continue
        start, end = doc[cue.content[0]].idx, _end(doc, cue.content[-1])
        first_taken = regions_taken.first_overlapping(start, end)  # where the first claimed region starts
        if first_taken is not None and first_taken > start:
            # 'Carson said he saw no need to change anything, telling him that "we tell the truth"': the
            # paraphrase before a partial quotation is an attribution of its own (the quotation went to
            # the partial quote, without the words around it)
            whole = end
            end = _clause_end(text, start, first_taken)
            if _is_clause(doc, start, end):  # not a bare subject ("the aim of his foes")
                first_taken = None
                if not _ends_clause(doc, start, end, cue) and _ends_clause(doc, start, whole, cue):
                    # 'What is still needed is a “clear reference” to ...': the quotation is woven into
                    # the paraphrase, so the paraphrase is reported whole, never cut before the mark
                    end = regions_taken.end_around(whole)  # up to the closing mark
                    woven.append((cue, start, end))
        if first_taken is not None or is_headline_line(text, start, lines):
            continue
        quotes.append(_indirect(article.id, text, doc, cue, known, start, end))
    if woven:
        reported_whole = _woven_by_cue(woven, text, doc)
        for found in quotes:  # kept for search and evaluation, but the ledger shows the whole paraphrase
            if _inside_woven(found, reported_whole):
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


class _Entities:
    """The article's entities, indexed once for the many lookups of one article (``EntityIndex``)."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.every = EntityIndex(entities)
        self.named = EntityIndex(entities, ("PERSON", "ORG"))
        self._mentions: dict[int, _Mentions] = {}

    def mentions(self, entity: Entity) -> _Mentions:
        found = self._mentions.get(id(entity))
        if found is None:
            found = self._mentions[id(entity)] = _Mentions(entity.mentions)
        return found


class _Mentions:
    """One entity's mentions with their starts, for the few of them near a speaker."""

    def __init__(self, mentions: list[Span]) -> None:
        self.mentions = mentions
        self.starts = [mention.start for mention in mentions]
        self.in_order = all(a <= b for a, b in pairwise(self.starts))
        ordered = sorted(mentions, key=lambda mention: mention.start)
        self.sorted_starts = [mention.start for mention in ordered]
        self.ordered = ordered
        self.longest = max((mention.end - mention.start for mention in mentions), default=0)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The mentions overlapping ``[start, end)``, in no particular order."""
        first = bisect_right(self.sorted_starts, start - self.longest)
        last = bisect_left(self.sorted_starts, end)
        return [m for m in self.ordered[first:last] if m.start < end and start < m.end]

    def widen(self, start: int, end: int, longest: int) -> tuple[int, int]:
        """``[start, end)`` grown over every mention shorter than ``longest`` it overlaps, as one walk
        through the mentions in their order would grow it (each mention compared with the range so far).

        With the mentions in text order (as ``extract_entities`` gives them) the walk can start at the
        first that could reach ``start`` and stop at the first past ``end``: the range only grows
        rightwards once it has grown, so nothing skipped could have touched it.
        """
        if not self.in_order:
            return _widen(self.mentions, start, end, longest)
        first = bisect_right(self.starts, start - longest)
        for index in range(first, len(self.mentions)):
            mention = self.mentions[index]
            if mention.start >= end:
                break
            if start < mention.end and mention.end - mention.start < longest:
                start, end = min(start, mention.start), max(end, mention.end)
        return start, end


def _widen(mentions: list[Span], start: int, end: int, longest: int) -> tuple[int, int]:
    for mention in mentions:
        if mention.start < end and start < mention.end and mention.end - mention.start < longest:
            start, end = min(start, mention.start), max(end, mention.end)
    return start, end


class _Regions:
    """Claimed regions ``(start, end)`` (quotations taken, transcript turns) for overlap questions.

    Why: asking each cue's paraphrase about every claimed region was quadratic in a long article. Sorted
    by start, with the furthest end so far, the first region overlapping a range is a bisection.
    """

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        ordered = sorted(regions)
        self.starts = [start for start, _ in ordered]
        self.furthest: list[int] = []  # the greatest end among the regions up to each one
        for _, end in ordered:
            self.furthest.append(max(end, self.furthest[-1]) if self.furthest else end)

    def first_overlapping(self, start: int, end: int) -> int | None:
        """The least start of the regions overlapping ``[start, end)``, or None if none does.

        The regions before the first whose furthest end passes ``start`` all end by ``start``; that one
        itself reaches past ``start``, so it overlaps if it starts before ``end``, and no later one
        (starting later still) can start earlier.
        """
        index = bisect_right(self.furthest, start)
        if index < len(self.starts) and self.starts[index] < end:
            return self.starts[index]
        return None

    def end_around(self, offset: int) -> int:
        """``offset``, or the furthest end of a region strictly around it (``start < offset < end``)."""
        before = bisect_left(self.starts, offset)  # the regions starting before ``offset``
        return max(offset, self.furthest[before - 1]) if before else offset


_Reported = dict[tuple[int, int], list[tuple[int, int]]]


def _woven_by_cue(woven: list[tuple[Cue, int, int]], text: str, doc: Doc) -> _Reported:
    """The paraphrases reported whole, ``(start, end)``, by the span of their cue."""
    by_cue: _Reported = {}
    for cue, start, end in woven:
        span = _cue_span(text, doc, cue)
        by_cue.setdefault((span.start, span.end), []).append((start, end))
    return by_cue


def _inside_woven(quote: Quote, reported_whole: _Reported) -> bool:
    """A partial quote whose quoted words all lie inside a paraphrase of the same cue reported whole: the
    indirect quote already shows them, with the words that make them a sentence."""
    if quote.kind != "partial" or quote.cue is None:
        return False
    for start, end in reported_whole.get((quote.cue.start, quote.cue.end), []):
        if all(start <= span.start and span.end <= end for span in quote.content):
            return True
    return False


def _clause_end(text: str, start: int, limit: int) -> int:
    """Where the paraphrase before a quotation ends: before the comma, "that" or verb introducing it."""
    end = limit
    while end > 0 and text[end - 1].isspace():  # ``len(text[:limit].rstrip())`` without copying the text
        end -= 1
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
    # One sweep per strength (there are a handful): the spans of the cues at least as strong, in order of
    # their first token, against the cues of that strength in order of position; a cue is inside when
    # the furthest-reaching span started so far, other than its own, reaches it. (Comparing every pair
    # was quadratic in a long article.)
    for strength in {cue.strength for cue in cues if not cue.according}:
        stronger = sorted(
            (spans[other], other)
            for other, cue in enumerate(cues)
            if cue.strength >= strength or cue.according
        )
        asking = sorted(
            (cue.tokens[0], index)
            for index, cue in enumerate(cues)
            if not cue.according and cue.strength == strength
        )
        best: tuple[int, int] = (-(10**9), -1)  # (high, cue) of the span reaching furthest so far
        second: tuple[int, int] = (-(10**9), -1)  # the furthest of another cue than ``best``'s
        taken = 0
        for position, index in asking:
            while taken < len(stronger) and stronger[taken][0][0] <= position:
                (_, high), other = stronger[taken]
                if high > best[0]:
                    best, second = (high, other), best
                elif high > second[0]:
                    second = (high, other)
                taken += 1
            reach = second[0] if best[1] == index else best[0]
            if reach >= position:
                inside.add(index)
    return inside


def _trim_labels(text: str, doc: Doc, cues: list[Cue]) -> None:
    """Drop a transcript label ("BEARDSLEY:") from the start of a reported clause on its line."""
    labels = transcript_labels(text)
    if not labels:
        return
    ends = sorted(text.find(":", end) + 1 for _, end, _, _ in labels)
    for cue in cues:
        if not cue.content:
            continue
        # Dropping the words before each label end inside the clause, in turn, leaves the words after the
        # last of them: only that one is applied (looking at every label per cue was quadratic).
        last = bisect_right(ends, _end(doc, cue.content[-1])) - 1
        if last >= 0 and doc[cue.content[0]].idx < ends[last]:
            cue.content = [i for i in cue.content if doc[i].idx >= ends[last]]


def _resolve_person_pronouns(quotes: list[Quote], entities: list[Entity]) -> None:
    """A "he said" the entity step left unresolved goes to the previous quote's speaker of that gender."""
    by_id = {entity.id: entity for entity in entities}
    last: dict[str, Speaker] = {}
    forms: dict[str, set[str]] = {}  # an entity's mentions, lower-cased, worked out once per entity
    for quote in quotes:
        span = quote.speaker.span
        word = span.text.lower() if span is not None else ""
        if quote.speaker.entity is None and word in ("he", "she") and word in last:
            previous = last[word]
            quote.speaker.entity, quote.speaker.name = previous.entity, previous.name
            quote.confidence = round(quote.confidence * 0.9, 3)
        entity = by_id.get(quote.speaker.entity or "")
        if entity is not None and entity.label == "PERSON":
            pronouns = forms.get(entity.id)
            if pronouns is None:
                pronouns = forms[entity.id] = {m.text.lower() for m in entity.mentions}
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


class _Placed:
    """Where the cues and the attached quotations are, for the attaching step's questions by position.

    Why: each question used to look at every cue or every quotation of the article, which made a long
    article quadratic. Cues are sorted by the offset and by the token of their first word; quotations
    attached so far are kept sorted by start, with their cue.
    """

    def __init__(
        self, text: str, doc: Doc, lines: Lines, cues: list[Cue], quotations: list[QuoteMarks]
    ) -> None:
        self.text, self.doc, self.lines, self.cues, self.quotations = text, doc, lines, cues, quotations
        self.by_offset = sorted((doc[cue.tokens[0]].idx, index) for index, cue in enumerate(cues))
        self.by_token = sorted((cue.tokens[0], index) for index, cue in enumerate(cues))
        self._token_starts: list[int] | None = None
        self.cue_of: dict[int, int] = {}  # id(quotation) -> cue index
        self.attached: list[tuple[int, int]] = []  # (start, position in ``quotations``), sorted
        self._order = {id(quote): order for order, quote in enumerate(quotations)}

    def attach(self, quote: QuoteMarks, cue: int) -> None:
        self.cue_of[id(quote)] = cue
        insort(self.attached, (quote.start, self._order[id(quote)]))

    def cues_between(self, low: int, high: int) -> list[tuple[int, int]]:
        """``(offset, index)`` of the cues whose first word starts in ``[low, high)``."""
        first, last = bisect_left(self.by_offset, (low, -1)), bisect_left(self.by_offset, (high, -1))
        return self.by_offset[first:last]

    def first_token_from(self, offset: int) -> int:
        """The index of the first token starting at or after ``offset``."""
        if self._token_starts is None:
            self._token_starts = [token.idx for token in self.doc]
        return bisect_left(self._token_starts, offset)

    def nearest_attached(self, quote: QuoteMarks, line_start: int, line_end: int) -> int:
        """The cue of the attached quotation of ``quote``'s line nearest to it (ties: the lower cue), or
        -1: ``min((abs(q.start - quote.start), cue))`` over them."""
        low = bisect_left(self.attached, (line_start, -1))
        high = bisect_left(self.attached, (line_end, -1))
        if low == high:
            return -1
        middle = min(max(bisect_left(self.attached, (quote.start, -1)), low), high)
        distances = []
        if middle > low:
            distances.append(quote.start - self.attached[middle - 1][0])
        if middle < high:
            distances.append(self.attached[middle][0] - quote.start)
        distance = min(distances)
        best = -1
        for start in {quote.start - distance, quote.start + distance}:
            at = bisect_left(self.attached, (start, -1))
            while at < high and self.attached[at][0] == start:
                if at >= low:
                    cue = self.cue_of[id(self.quotations[self.attached[at][1]])]
                    best = cue if best < 0 else min(best, cue)
                at += 1
        return best

    def last_attached(self, low: int, high: int) -> QuoteMarks | None:
        """The attached quotation starting last in ``[low, high)`` (ties: the first in text order)."""
        end = bisect_left(self.attached, (high, -1))
        if end == 0 or self.attached[end - 1][0] < low:
            return None
        start = self.attached[end - 1][0]
        return self.quotations[self.attached[bisect_left(self.attached, (start, -1))][1]]


def _attach(
    text: str, doc: Doc, quotations: list[QuoteMarks], cues: list[Cue], nested: set[int], lines: Lines
) -> list[_Attached]:
    """Give each quotation the nearest cue of its sentence(s), else its neighbour's cue in the line."""
    result: dict[int, _Attached] = {}
    orphans: list[QuoteMarks] = []
    placed = _Placed(text, doc, lines, cues, quotations)
    for quote in quotations:
        window_start, window_end = _window(text, doc, quote, lines)
        best, best_distance = -1, 10**9
        for pos, index in placed.cues_between(window_start, window_end):  # by offset; ties: lower index
            cue = cues[index]
            if quote.inner_start <= pos < quote.inner_end:
                continue
            distance = pos - quote.end if pos >= quote.end else quote.start - pos
            if cue.content and _covers(doc, cue.content, quote):
                distance -= 1000  # the parse itself says this quotation is the verb's complement
            if index in nested:
                distance += 2000
            if cue.asked_of:
                distance += 3000  # "called for Assad to respond “within days”": the caller said it
            if distance < best_distance or (distance == best_distance and index < best):
                best, best_distance = index, distance
        if best >= 0:
            result.setdefault(best, _Attached(cues[best])).quotes.append(quote)
            placed.attach(quote, best)
        else:
            orphans.append(quote)
    previous_line_speaker: tuple[int, int] | None = None  # (line end, cue index)
    for quote in orphans:
        line_start = lines.start(quote.start)
        line_end = lines.end(quote.end)
        index = placed.nearest_attached(quote, line_start, line_end)
        if index >= 0:
            result[index].quotes.append(quote)
            placed.attach(quote, index)
            continue
        following = _following_cue(placed, quote)
        if following >= 0:  # '"..., who knows?" Trump told Britain's ITV in an interview aired Monday'
            result.setdefault(following, _Attached(cues[following])).quotes.append(quote)
            placed.attach(quote, following)
            continue
        introduced = _introducing_cue(placed, line_start, quote)
        if introduced >= 0:  # "Cruz continued:" on the line before a quoted paragraph
            result.setdefault(introduced, _Attached(cues[introduced])).quotes.append(quote)
            placed.attach(quote, introduced)
            continue
        previous_line_speaker = _previous_paragraph_cue(placed, line_start)
        if previous_line_speaker is None:
            continue
        covered = (quote.end - quote.start) / max(1, lines.stripped_length(line_start, line_end))
        if covered >= 0.6:
            cue = cues[previous_line_speaker[1]]
            inherited = _Attached(cue, [quote], inherited=True)
            result[-1 - len(result)] = inherited
            placed.attach(quote, previous_line_speaker[1])
    for item in result.values():
        item.quotes.sort(key=lambda q: q.start)
    return sorted(result.values(), key=lambda item: item.quotes[0].start)


def _following_cue(placed: _Placed, quote: QuoteMarks) -> int:
    """A cue opening the sentence right after a closing mark, with no clause of its own: the parser
    split '"...?" Trump told ITV' into two sentences, but the quotation is what was told."""
    doc, cues = placed.doc, placed.cues
    line_end = placed.lines.end(quote.end)
    # the first word of the rest of the line: tokens wholly inside [quote.end, line_end), spaces skipped
    first = -1
    for index in range(placed.first_token_from(quote.end), len(doc)):
        token = doc[index]
        if token.idx + len(token.text) > line_end:
            break
        if not token.is_space:
            first = index
            break
    if first < 0:
        return -1
    start = bisect_left(placed.by_token, (first, -1))
    stop = bisect_left(placed.by_token, (first + 5, -1))
    matching = [
        index
        for _, index in placed.by_token[start:stop]
        if min(cues[index].speaker) >= first and not cues[index].content
    ]
    return min(matching) if matching else -1


def _introducing_cue(placed: _Placed, line_start: int, quote: QuoteMarks) -> int:
    """The last cue of the previous non-empty line when that line ends with a colon and the quote opens
    its own line."""
    text = placed.text
    if _NON_SPACE.search(text, line_start, quote.start):
        return -1
    before_end = _rstripped(text, line_start)
    if not before_end or text[before_end - 1] != ":":
        return -1
    prev_start = placed.lines.start(before_end)
    on_line = [index for _, index in placed.cues_between(prev_start, before_end)]
    return max(on_line) if on_line else -1


def _rstripped(text: str, end: int) -> int:
    """``len(text[:end].rstrip())``, without copying the text before ``end``."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _window(text: str, doc: Doc, quote: QuoteMarks, lines: Lines | None = None) -> tuple[int, int]:
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
    lines = lines or Lines(text)
    return max(start, lines.start(quote.start)), min(end, lines.end(quote.end))


def _covers(doc: Doc, indices: list[int], quote: QuoteMarks) -> bool:
    start, end = doc[indices[0]].idx, _end(doc, indices[-1])
    return (start <= quote.inner_start and quote.inner_end <= end + 2) or (
        start < quote.inner_end and quote.inner_start < end
    )


def _previous_paragraph_cue(placed: _Placed, line_start: int) -> tuple[int, int] | None:
    """The cue of the last quotation of the previous non-empty line, if that line ends with a quotation."""
    text = placed.text
    before_end = _rstripped(text, line_start)
    if not before_end:
        return None
    prev_start = placed.lines.start(before_end)
    last = placed.last_attached(prev_start, before_end)
    if last is None:
        return None
    tail = _NON_SPACE.search(text, last.end, before_end) if last.end < before_end else None
    if tail is not None and before_end - tail.start() > 60:
        return None
    return before_end, placed.cue_of[id(last)]


# ------------------------------------------------------------------------------------------- building


def _quote_from(article_id: str, text: str, doc: Doc, item: _Attached, entities: _Entities) -> Quote:
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
    end = quote.start  # ``text[:quote.start].rstrip(" \t\u00a0")``, without copying the text before
    while end > 0 and text[end - 1] in " \t\u00a0":
        end -= 1
    if not end or text[end - 1] == "\n":
        return True
    return text[end - 1] in DIRECT_BEFORE


def _indirect(
    article_id: str, text: str, doc: Doc, cue: Cue, entities: _Entities, start: int, end: int
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


def _speaker(text: str, doc: Doc, cue: Cue, entities: _Entities) -> Speaker:
    start, end = doc[cue.speaker[0]].idx, _end(doc, cue.speaker[-1])
    entity: Entity | None = None
    if cue.speaker_head is not None:
        head = doc[cue.speaker_head]
        entity = entities.every.at(head.idx, head.idx + len(head.text))
        if entity is None:
            entity = _named_in_apposition(doc, head, entities) or _titled_name(doc, head, end, entities)
    if entity is None and cue.speaker_head is not None:
        # a name modifying the head ("the official Ria-Novosti news agency"), never one after it
        # ("members of his units" is not al-Assad)
        head_end = _end(doc, cue.speaker_head)
        entity = entities.named.at(start, head_end)
        if entity is not None and all(
            m.text.lower() in PERSON_PRONOUNS for m in entities.mentions(entity).overlapping(start, head_end)
        ):
            entity = None
        head = doc[cue.speaker_head]
        if entity is not None and entity.label == "PERSON" and head.pos_ == "NOUN":
            entity = None  # "Clinton's campaign", "Trump aides": they speak, not the person they serve
        if head.lemma_.lower() in DOCUMENT_NOUNS:
            entity = None  # "a CNN/ORC poll found": the poll reports it, not the network
    if entity is not None:  # "al" of "al-Assad" as subject: widen to the whole mention
        start, end = entities.mentions(entity).widen(start, end, 60)
    span = Span.of(text, start, end)
    if entity is not None:
        name = entity.name
    elif cue.speaker_head is not None and (
        doc[cue.speaker_head].idx >= start or span.text.lower() in WH_WORDS
    ):
        name = _compact_name(text, doc[cue.speaker_head])
    else:
        name = _plain_name(span.text)
    role = None
    if entity is not None:
        role = _role(text, span, entity, entities.mentions(entity).overlapping(span.start, span.end))
        together = (
            _coordinated(doc, doc[cue.speaker_head], entity, entities) if cue.speaker_head is not None else []
        )
        if together:  # "Russia and China claimed": both speak, neither alone
            return Speaker(name=" and ".join(e.name for e in [entity, *together]), span=span)
    return Speaker(name=name, entity=entity.id if entity is not None else None, span=span, role=role)


def _coordinated(doc: Doc, head: Token, entity: Entity, entities: _Entities) -> list[Entity]:
    """The other named speakers joined to the head by "and" ("Russia and China"), or none."""
    if not any(child.dep_ == "cc" and child.lower_ == "and" for child in head.children):
        return []
    others = []
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ == "PROPN":
            found = entities.every.at(child.idx, child.idx + len(child.text))
            if found is None or found is entity:
                return []
            others.append(found)
    return others


def _named_in_apposition(doc: Doc, head: Token, entities: _Entities) -> Entity | None:
    """Who a role in apposition names: the name it describes, or the name after it (``_named_after``)."""
    if head.dep_ == "appos" and head.head.pos_ == "PROPN":
        # "Bernie Sanders, the independent Vermont senator, who ...": the role a relative clause hangs
        # from describes the name it is in apposition to
        found = entities.every.at(head.head.idx, head.head.idx + len(head.head.text))
        if found is not None and found.label == "PERSON":
            return found
    return _named_after(doc, head, entities)


def _named_after(doc: Doc, head: Token, entities: _Entities) -> Entity | None:
    """The person named in apposition to a role ("the state's campaign chairman, Phil Lovas", "the
    Democratic candidate Hillary Clinton"), or the organisation to a description of it: the speaker is
    the one named, the role or description is theirs."""
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            found = entities.every.at(child.idx, child.idx + len(child.text))
            if found is not None and found.label == "PERSON":
                return found
            if found is not None and found.label == "ORG" and head.pos_ == "NOUN":
                return found  # "One opposition group, the Syrian Observatory for Human Rights"
    return None


def _titled_name(doc: Doc, head: Token, end: int, entities: _Entities) -> Entity | None:
    """The person a title heads ("Sirius XM Vice President for news and talk Dave Gorab", which spaCy
    parses as the title joined to the name): a PERSON name hanging from the title word only through
    conjunctions, appositions and compounds, never through "of", "for" or a possessive ("a spokesman for
    Hillary Clinton" is not Hillary Clinton)."""
    if head.lower_ not in PERSON_TITLES and head.lower_ not in ROLE_HEADS:
        return None
    for token in doc[head.i + 1 : min(len(doc), head.i + 12)]:
        if token.idx >= end:
            break
        if token.pos_ != "PROPN":
            continue
        found = entities.every.at(token.idx, token.idx + len(token.text))
        if found is None or found.label != "PERSON":
            continue
        node = token
        while (
            node.i != head.i and node.dep_ in ("conj", "appos", "compound", "flat") and node.head.i != node.i
        ):
            node = node.head
        if node.i == head.i:
            return found
    return None


_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx"}
_ROLE_EDGES = " ,;:\u2014\u2013-()\t\n"


def _role(text: str, span: Span, entity: Entity, mentions: list[Span]) -> str | None:
    """The title or description of the speaker span, apart from the name: the words before the name's
    mention ("French Foreign Minister" of "French Foreign Minister Alain Juppe"), else an apposition after
    it ("the U.N. chief observer" of "Robert Mood, the U.N. chief observer"); the description itself when
    the entity step linked one to a name ("France's foreign minister"). Pronouns have none."""
    name_words = {fold(word) for word in entity.name.split()}
    described = [m for m in mentions if m.text.lower() not in PERSON_PRONOUNS | ORG_PRONOUNS]
    names = [m for m in described if m.text.split() and fold(m.text.split()[-1]) in name_words]
    if not names:
        descriptions = [m for m in described if m not in names]
        return _plain_name(max(descriptions, key=lambda m: m.end - m.start).text) if descriptions else None
    mention = max(names, key=lambda m: m.end - m.start)
    before = text[span.start : max(span.start, mention.start)].strip(_ROLE_EDGES)
    after = text[min(span.end, mention.end) : span.end].strip(_ROLE_EDGES)
    if before.endswith(("'s", "\u2019s")) or before.lower() in ("the", "a", "an"):
        before = ""  # "Clinton's" or an article is not a title
    apposition = text[mention.end : mention.end + 1] == "," and after[:1].isalpha()
    role = _plain_name(before or (after if apposition else ""))
    if fold(role).strip(".") in _HONORIFICS:
        return None  # "Mr." says how to address someone, not what they are
    return role or None


def _compact_name(text: str, head: Token) -> str:
    """A speaker's name without its relative clause or apposition: "France's foreign minister"; a
    coordination keeps all its members ("politicians and technologists": one of them is not who spoke)."""
    kept = [head.i]
    joined = any(child.dep_ == "cc" and child.lower_ in ("and", "or") for child in head.children)
    dropped = {"relcl", "appos", "acl", "punct", "advcl"} | (set() if joined else {"cc", "conj"})
    for child in head.children:
        if child.i < head.i or child.dep_ not in dropped:
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
    groups: EntityIndex | None = None
    for quote in quotes:
        span = quote.speaker.span
        if quote.speaker.entity is not None or span is None or span.text.lower() not in ORG_PRONOUNS:
            continue
        groups = groups or EntityIndex(entities, ("ORG", "GPE"))
        best: Entity | None = None
        best_rank = (-1, -1)
        # the mentions less than 400 characters before, in entity order (ties go to the first entity)
        for entity, mention in groups.starting_in(span.start - 399, span.start):
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


def _colon_speaker(
    article_id: str, text: str, quote: QuoteMarks, named: EntityIndex, lines: Lines
) -> Quote | None:
    """ "Republican pollster Daron Shaw: “...”": a named speaker, a colon, then the quotation."""
    line_start = lines.start(quote.start)
    before_end = quote.start  # the end of ``text[line_start:quote.start].rstrip()``
    while before_end > line_start and text[before_end - 1].isspace():
        before_end -= 1
    if before_end == line_start or text[before_end - 1] != ":" or before_end - line_start > 120:
        return None
    colon = before_end - 1
    # a person or organisation (in entity order) named on this line, ending at the colon
    for entity, mention in named.starting_in(line_start, colon):
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
                speaker=Speaker(name=entity.name, entity=entity.id, span=Span.of(text, start, mention.end)),
                cue=Span.of(text, colon, colon + 1),
                content=[Span.of(text, quote.inner_start, quote.inner_end)],
                confidence=0.7 if quote.closed else 0.55,
            )
    return None
