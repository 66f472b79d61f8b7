"""Which sentences may appear in a summary, and how a usable one is trimmed before it is quoted.

Why rules and not a model: the failures users reported are all visible in the surface form of the
sentence — headings (no end punctuation, a paragraph of their own), photo captions and credits, bullets,
fragments ending in ":", question teasers, radio anchor lines ("She has this report."), transcript speaker
labels ("BEARDSLEY:"), wire datelines ("MOBILE, Ala. (AP) --") and sentences whose subject is a pronoun
nobody can resolve out of context. Each rule is cheap, named, and testable on its own.

Trimming only ever moves the start of the span forward (labels, datelines), so the trimmed text is still
``article.text[start:end]`` and the citation stays exact. A leading pronoun replaced by its antecedent is the
only change that makes the shown text differ from the cited span (the ``storyline.brief/3`` contract), and
only when it is safe: outside quotation marks, and with the entity layer's coreference link agreeing with
the only person named just before. Nothing else is cut or reworded: dropping "Meanwhile," or a parenthesis
reads better but says something the source did not print.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from itertools import pairwise

from storyline.grammar.datelines import (
    AGENCY_ONLY_DATELINE,
    CAPITALS_DATELINE,
    PLACE_AGENCY_DATELINE,
    looks_like_capitals_dateline,
)
from storyline.grammar.transcripts import LEADING_SPEAKER_LABEL
from storyline.model import Article, Entity, Sentence, Span

MIN_WORDS = 6
MAX_WORDS = 60

_SPACE = re.compile(r"\s+")
_END_OK = re.compile(r"[.!][\"'”’)\]]*$")
_QUESTION = re.compile(r"\?[\"'”’)\]]*$")
_BULLET = re.compile(r"^\s*(?:[•*·▪►◦‣●■□–—-]|\d{1,2}[.)]\s|[a-z][.)]\s)")
_SOUNDBITE = re.compile(r"^\((?:SOUNDBITE|SOUND BITE|LAUGHTER|APPLAUSE|CROSSTALK)[^)]*\)\s*")
_ANCHOR = re.compile(
    r"\b(?:has|have|filed) (?:this|the following|that|more on (?:this|that|the story)) (?:report|story)\b"
    r"|\bjoins? (?:us|me)\b|\bwelcome to the (?:program|show)\b|\bthanks? (?:you )?for (?:joining|having)\b"
    r"|^(?:NPR|BBC|CNN|PBS|ABC|NBC|CBS)(?:'s|’s)? [A-Z][\w.-]+ (?:[A-Z][\w.-]+ )?(?:was|is|reports|joins)\b"
    r"|\breports? from [A-Z][a-z]+\.$|^[A-Z][a-z]+ [A-Z][a-z]+ reports\.$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"https?://|www\.|\S+@\S+\.\w+|pic\.twitter|@\w{2,}|\bclick here\b|\bsign up\b|\bsubscribe\b"
    r"|newsletter|\b(?:use|uses|accept) cookies\b|all rights reserved|copyright \d{4}|©|\bread more\b"
    r"|\bshare this\b|\bfollow (?:us|him|her|them)\b"
    r"|\bmedia playback\b|\bmedia caption\b|\bimage copyright\b|\bimage caption\b|\benlarge image\b"
    r"|\bhide caption\b|\b\d+ of \d+ photos\b"
    r"|\bgetty images\b|\bap photo\b|\bphoto(?:graph)?(?: credit)?:|\bphoto by\b|\bphotos?/"
    r"|/\s?(?:ap|reuters|afp)\b"
    r"|\(reporting by\b|\bediting by\b|\bcontributed to this report\b|\bthis story has been\b|\bjavascript\b"
    r"|^advertisement\b|\byour browser\b|\bloading\.\.\.|\bterms of (?:use|service)\b"
    r"|\bweb site\b.*\bvisit\b"
    r"|^\(?(?:published|posted|updated|last updated)\b[^.]{0,40}\b\d{4}\)?\.?$",
    re.IGNORECASE,
)
_CAPTION_START = re.compile(
    r"^(?:photo|image|picture|pictured|caption|credit|file photo|video|watch|listen|related|see also|update)"
    r"\b[:\s]"
    r"|^In (?:this|these|a) (?:[\w,.'’ -]{0,40} )?(?:file )?(?:photos?|images?|pictures?|frame grab)\b",
    re.IGNORECASE,
)
# A wire photo caption's date: a weekday with the full date and year ("…, Tuesday, Oct. 30, 2012, in New
# York."). Reports name the weekday of recent news and the year of old news, hardly ever both; the AP and
# Reuters caption style always gives both.
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|April|May|June|July|Aug(?:ust|\.)?|Sept?(?:ember|\.)?"
    r"|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_CAPTION_DATE = re.compile(rf"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? {_MONTH} \d{{1,2}}, \d{{4}}\b")
_PERSON_PRONOUN = re.compile(r"^(?P<word>He|She|His|Her)\b(?P<rest>.*)$", re.DOTALL)
_OTHER_PRONOUN = re.compile(
    r"^(?:It|Its|They|Them|Their|Theirs|This|These|Those|That|I|We|Our|Us|You|Your|Him|Hers|Such|Both|"
    r"Another|Other|Others|Here|There (?:he|she|they))\b(?![-’'](?:s\b))"
)
_ASIDE = re.compile(
    r"^(?:But|And|Also|So|Still|Yet|However|Meanwhile|Moreover),?\s+(?=He\b|She\b|It\b|They\b)"
)
# openers that point back at something the summary may not contain ("At that meeting", "The next day")
_CONTEXT_OPENER = re.compile(
    r"^(?:(?:At|In|On|After|Before|During|Since|Until|By|From|Under|With|For|Despite)\s+"
    r"(?:that|this|those|these|such|the same)\b"
    r"|The (?:same|next|following|previous|latter|former|two|three|other)\b"
    r"|(?:Later|Earlier) (?:that|this|the same)\b|Then\b|Afterwards?\b|Instead\b|Otherwise\b"
    r"|(?:Both|Neither|Either) (?:men|women|sides|of them|countries|leaders)\b)"
)
_WHOLE_QUOTE = re.compile(r"^[“\"][^“”\"]*[.!?,][”\"]$")
_GENDERED_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|hers|himself|herself)\b")
# auxiliaries and reporting verbs that are verbs wherever they occur, whatever the tagger said
_SURE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|must|did|does|said|says|told|been)\b"
    r"|n[’']t\b"
)


@dataclass(slots=True)
class Usable:
    """A sentence fit for a summary: the cited span ``[start, end)`` and the text to show."""

    start: int
    end: int
    text: str
    words: int


def normalise_space(text: str) -> str:
    """One space between words (wire copy wraps lines inside sentences), and real quote marks for the
    ``TeX-style'' quotes of old wire feeds."""
    return _SPACE.sub(" ", text).strip().replace("``", "“").replace("''", "”")


def is_heading(sentence: Sentence, text: str) -> bool:
    """A line that is a paragraph of its own and does not end like a sentence, or is mostly capitals."""
    body = sentence.text.strip()
    words = body.split()
    letters = [ch for ch in body if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.6 and len(letters) > 3:
        return True
    if _END_OK.search(body) or _QUESTION.search(body):
        capitalised = sum(word[:1].isupper() for word in words)
        return len(words) <= 12 and capitalised / max(len(words), 1) > 0.75 and not body.endswith(".")
    return True


_QA_LABEL = re.compile(r"^[QA][.:]\s+(?=\S)")
_QUESTION_PARAGRAPH = re.compile(r"(?:^|\n)[ \t]*Q[.:][ \t]+\S")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start`` past transcript speaker labels, sound-bite notes, wire datelines and the "A." of a
    question-and-answer piece (a label only when a "Q." paragraph came before: "A. Smith" is a name)."""
    label = _QA_LABEL.match(text[start:end])
    if label and label.end() < end - start and _question_paragraph_end(text) <= start:
        start += label.end()
    for _ in range(3):
        chunk = text[start:end]
        moved = False
        for pattern in (
            _SOUNDBITE,
            LEADING_SPEAKER_LABEL,
            AGENCY_ONLY_DATELINE,
            PLACE_AGENCY_DATELINE,
            CAPITALS_DATELINE,
        ):
            match = pattern.match(chunk)
            if match and match.end() < len(chunk) and _looks_like_prefix(pattern, match.group(0)):
                start += match.end()
                moved = True
                break
        if not moved:
            break
    while start < end and text[start].isspace():
        start += 1
    return start, end


@functools.lru_cache(maxsize=4)
def _question_paragraph_end(text: str) -> float:
    """Where the first "Q." paragraph of ``text`` ends (infinity without one).

    A "Q." paragraph lies before ``start`` (``_QUESTION_PARAGRAPH.search(text, 0, start)``) exactly when
    the first one ends by ``start``: the pattern holds no line break after its own, so a later match also
    ends later. Found once per text instead of once per sentence, which was quadratic in a long Q-and-A.
    """
    found = _QUESTION_PARAGRAPH.search(text)
    return found.end() if found else float("inf")


def _looks_like_prefix(pattern: re.Pattern[str], prefix: str) -> bool:
    return pattern is not CAPITALS_DATELINE or looks_like_capitals_dateline(prefix)


def split_runons(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span at sentence ends the splitter missed because scraping dropped the space ("Valley.The")."""
    pieces: list[tuple[int, int]] = []
    begin = start
    for match in re.finditer(r"[A-Za-z0-9%)]{2}[.!?][\"”’]?(?=[A-Z][a-z])", text[start:end]):
        cut = start + match.end()
        pieces.append((begin, cut))
        begin = cut
    pieces.append((begin, end))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def reject_reason(body: str) -> str | None:
    """Why the sentence text ``body`` cannot be used in a summary, or None when it can."""
    words = body.split()
    if len(words) < MIN_WORDS:
        return "short"
    if len(words) > MAX_WORDS:
        return "long"
    if _BULLET.match(body):
        return "bullet"
    if not (body[0].isupper() or body[0].isdigit() or body[0] in "\"“‘'(`"):
        return "starts mid-sentence"
    if body.rstrip().endswith(":"):
        return "colon fragment"
    if _QUESTION.search(body):
        return "question"
    if not _END_OK.search(body):
        return "no sentence end"
    if body.endswith("...") or body.endswith("…"):
        return "truncated"
    if is_caption_or_boilerplate(body):
        return "caption or boilerplate"
    if _ANCHOR.search(body):
        return "anchor line"
    if (body.count('"') % 2 == 1 and body.startswith('"')) or body.count("“") != body.count("”"):
        return "broken quote"
    return None


def is_caption_or_boilerplate(body: str) -> bool:
    """A photo caption or credit ("In this June 3 file photo, …", a gallery's "Hide Caption 2 of 76", a
    wire caption dated "Monday, Oct. 29, 2012"), a link, a share or subscribe line."""
    return bool(_CAPTION_START.match(body) or _BOILERPLATE.search(body) or _CAPTION_DATE.search(body))


def resolve_pronoun(article: Article, start: int, body: str, index: ArticleIndex | None = None) -> str | None:
    """``body`` with a leading personal pronoun replaced by the person it refers to, or None if unclear.

    Two independent pieces of evidence must agree: the entity layer links the pronoun at ``start`` to a
    person, and that person is the only one named in the two sentences before. And the pronoun must stand
    outside quotation marks: inside a quote, "She" is whoever the speaker means ("She is the mother of my
    children," Khan said) and replacing it with a name the article gives nearby invents a fact. Without
    that evidence the sentence is dropped rather than guessed at.
    """
    aside = _ASIDE.match(body)
    core = body[aside.end() :] if aside else body
    match = _PERSON_PRONOUN.match(core)
    if match is None:
        if _OTHER_PRONOUN.match(core):
            return None
        return body
    word = match.group("word")
    offset = start + (aside.end() if aside else 0)
    offset = article.text.find(word, offset)
    if offset < 0 or inside_quotation(article.text, offset):
        return None
    index = index or ArticleIndex(article)
    name = index.recent_person(start)
    if name is None or index.linked_person(offset, offset + len(word)) != name:
        return None
    replacement = name + ("’s" if word in ("His", "Her") else "")
    resolved = replacement + match.group("rest")
    if aside:
        resolved = aside.group(0) + resolved
    return resolved


def inside_quotation(text: str, offset: int) -> bool:
    """Whether ``offset`` lies inside a quotation opened earlier in its paragraph and not yet closed.

    Curly marks tell opening from closing; straight double quotes and TeX-style ``…'' of wire copy are
    counted in pairs. An apostrophe (’ between letters) is not a quote mark.
    """
    return _quote_marks(text).inside(offset)


@functools.lru_cache(maxsize=4)
def _quote_marks(text: str) -> _QuoteMarks:
    return _QuoteMarks(text)


class _QuoteMarks:
    """``inside_quotation`` for any offset of one text, from one pass over its quotation marks.

    Why: reading the paragraph up to the offset again for every pronoun was quadratic on a text of one
    long paragraph. Here the marks are visited once, in order, keeping what the reading would have found
    up to each (how deep the curly quotes are, whether the straight ones are odd); the answer for an
    offset is the state after the last mark of its paragraph before it. Runs of backticks and of
    apostrophes count one per pair, left to right, as ``str.count`` counts two-mark quotes.
    """

    def __init__(self, text: str) -> None:
        breaks = [found.start() for found in re.finditer(r"(?=\n\n)", text)]  # overlapping, as ``rfind``
        self.breaks = breaks
        self.positions: list[int] = []
        self.inside_after: list[bool] = []
        paragraph = 0
        depth = straight = run = 0
        run_char, last = "", -2
        for found in _QUOTE_MARK.finditer(text):
            position, char = found.start(), found.group()
            start = self._paragraph_start(position)
            if start != paragraph:  # a new paragraph: the reading starts over
                paragraph, depth, straight, run, run_char, last = start, 0, 0, 0, "", -2
            if run_char and not (char == run_char and position == last + 1):
                straight += run // 2  # a run of backticks or apostrophes ended
                run, run_char = 0, ""
            if char in "`'":
                run, run_char = run + 1, char
            elif char == "“":
                depth += 1
            elif char == "”":
                depth = max(0, depth - 1)
            else:
                straight += 1
            last = position
            self.positions.append(position)
            self.inside_after.append(depth > 0 or (straight + run // 2) % 2 == 1)

    def _paragraph_start(self, offset: int) -> int:
        """Where ``text.rfind("\\n\\n", 0, offset)`` puts the paragraph holding ``offset``."""
        index = bisect.bisect_right(self.breaks, offset - 2) - 1
        return self.breaks[index] + 2 if index >= 0 else 0

    def inside(self, offset: int) -> bool:
        index = bisect.bisect_left(self.positions, offset) - 1
        if index < 0 or self.positions[index] < self._paragraph_start(offset):
            return False
        return self.inside_after[index]


_QUOTE_MARK = re.compile(r"[“”\"`']")


def needs_context(article: Article, start: int, shown: str, index: ArticleIndex | None = None) -> bool:
    """Whether the sentence leans on something said before it that a summary need not contain.

    "At that meeting", "The next day" and a narrative "he told reporters" with nobody named before the
    pronoun in the sentence read as facts about whoever the summary mentioned last. Pronouns inside
    quotation marks are the speaker's, not the narrator's, and do not count.
    """
    if _CONTEXT_OPENER.match(shown.lstrip("“\"‘'`")):
        return True
    if _WHOLE_QUOTE.match(shown):
        return True  # a quotation with nobody named as saying it reads as the narrator's claim
    for pronoun in _GENDERED_PRONOUN.finditer(shown):
        if _named_before(article, start, shown[: pronoun.start()], index):
            continue
        offset = article.text.find(pronoun.group(0), start)
        if offset >= 0 and inside_quotation(article.text, offset):
            continue
        return True
    return False


def _named_before(article: Article, start: int, before: str, index: ArticleIndex | None = None) -> bool:
    """Whether someone is named before a pronoun in the sentence: a capitalised word after the first, or a
    first word the entity layer knows as a person ("Officials said he …" names nobody)."""
    words = before.split()
    if any(word[:1].isupper() for word in words[1:]):
        return True
    return start in (index or ArticleIndex(article)).capitalised_person_starts


@dataclass
class ArticleIndex:
    """The people and sentences of one article, indexed for the filters' questions about every sentence.

    Why: each question (is this pronoun linked to a person, who was named in the two sentences before,
    does the span have a verb) used to walk every mention or every sentence of the article, which made a
    long article quadratic. The answers are those of the walks, ties included: where a walk took the
    first entity in the article's order, so does the index.
    """

    article: Article
    capitalised_person_starts: set[int] = field(init=False)
    _linked: dict[tuple[int, int], Entity] = field(init=False)
    _person_starts: list[int] = field(init=False)
    _person_mentions: list[tuple[int, int, Entity, Span]] = field(init=False)  # by start
    _longest: dict[int, str] = field(init=False, default_factory=dict)
    _sentence_starts: list[int] | None = field(init=False)
    _sentence_ends: list[int] | None = field(init=False)

    def __post_init__(self) -> None:
        people = [(order, e) for order, e in enumerate(self.article.entities) if e.label == "PERSON"]
        self.capitalised_person_starts = {
            m.start for _, e in people for m in e.mentions if m.text[:1].isupper()
        }
        self._linked = {}
        mentions: list[tuple[int, int, int, Entity, Span]] = []
        for order, entity in people:
            for number, mention in enumerate(entity.mentions):
                self._linked.setdefault((mention.start, mention.end), entity)
                mentions.append((mention.start, order, number, entity, mention))
        mentions.sort(key=lambda item: item[:3])
        self._person_starts = [item[0] for item in mentions]
        self._person_mentions = [(order, number, entity, m) for _, order, number, entity, m in mentions]
        sentences = self.article.sentences
        starts, ends = [s.start for s in sentences], [s.end for s in sentences]
        in_order = all(a <= b for a, b in pairwise(starts)) and all(a <= b for a, b in pairwise(ends))
        self._sentence_starts, self._sentence_ends = (starts, ends) if in_order else (None, None)

    def longest_name(self, entity: Entity) -> str:
        name = self._longest.get(id(entity))
        if name is None:
            name = self._longest[id(entity)] = _longest_name(entity)
        return name

    def linked_person(self, start: int, end: int) -> str | None:
        """The name of the person the entity layer links the mention ``[start, end)`` to, if any."""
        entity = self._linked.get((start, end))
        if entity is None:
            return None
        name = self.longest_name(entity)
        return name if name[:1].isupper() else None

    def recent_person(self, start: int) -> str | None:
        """The one person named in the two sentences ending by ``start``, or None (none, or several)."""
        sentences = self.article.sentences
        if self._sentence_ends is not None:
            count = bisect.bisect_right(self._sentence_ends, start)  # the sentences ending by ``start``
            previous = sentences[max(0, count - 2) : count]
        else:
            previous = [s for s in sentences if s.end <= start][-2:]
        if not previous:
            return None
        window_start = previous[0].start
        low = bisect.bisect_left(self._person_starts, window_start)
        high = bisect.bisect_right(self._person_starts, start)
        people: dict[str, str] = {}
        for _, _, entity, mention in sorted(self._person_mentions[low:high], key=lambda item: item[:2]):
            if window_start <= mention.start and mention.end <= start:
                people.setdefault(entity.key or entity.name, self.longest_name(entity))
        if len(people) != 1:
            return None
        name = next(iter(people.values()))
        return name if name[:1].isupper() else None

    def sentences_overlapping(self, start: int, end: int) -> list[Sentence]:
        """The sentences overlapping ``[start, end)``, in order."""
        sentences = self.article.sentences
        if self._sentence_starts is None or self._sentence_ends is None:
            return [s for s in sentences if s.start < end and start < s.end]
        first = bisect.bisect_right(self._sentence_ends, start)
        last = bisect.bisect_left(self._sentence_starts, end)
        return [s for s in sentences[first:last] if s.start < end and start < s.end]


def _longest_name(entity: object) -> str:
    mentions = getattr(entity, "mentions", [])
    names = [normalise_space(m.text) for m in mentions if m.text and m.text[:1].isupper()]
    names.append(normalise_space(getattr(entity, "name", "")))
    names = [n.removesuffix("'s").removesuffix("’s") for n in names if n]
    return max(names, key=lambda n: (len(n.split()), len(n))) if names else ""


def usable_spans(article: Article) -> list[tuple[int, Usable]]:
    """Every sentence of ``article`` fit for a summary, with its index among the article's sentences."""
    out: list[tuple[int, Usable]] = []
    text = article.text
    people = ArticleIndex(article)
    for index, sentence in enumerate(article.sentences):
        if is_heading(sentence, text):
            continue
        for piece_start, piece_end in split_runons(text, sentence.start, sentence.end):
            start, end = trim_span(text, piece_start, piece_end)
            body = normalise_space(text[start:end])
            if reject_reason(body) is not None:
                continue
            shown = resolve_pronoun(article, start, body, people)
            if shown is None or needs_context(article, start, shown, people):
                continue
            out.append((index, Usable(start, end, shown, len(shown.split()))))
    return out


def has_verb(article: Article, usable: Usable, index: ArticleIndex | None = None) -> bool:
    """Whether the chosen span has a verb: a lower-case auxiliary or reporting verb settles it, otherwise
    a token the analyse step's tagger marked as a verb inside the span (``Sentence.verbs``).

    Why from the record: tagging again here would load spaCy into the briefing step; the parse that
    split the sentences already tagged every token.
    """
    if _SURE_VERB.search(usable.text):
        return True
    sentences = (
        index.sentences_overlapping(usable.start, usable.end)
        if index is not None
        else [s for s in article.sentences if s.start < usable.end and usable.start < s.end]
    )
    return any(usable.start <= offset < usable.end for sentence in sentences for offset in sentence.verbs)
