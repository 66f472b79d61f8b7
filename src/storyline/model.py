"""Typed records that flow through every stage of storyline.

Why one module: each stage reads and writes these records only, so a stage can be run in-process, in a
process pool or on Spark without knowing who produced its input. Every annotation is a character span into
``Article.text`` (the cleaned text), so every line of a briefing can point back to its source passage.

All records serialise losslessly with ``to_dict``/``from_dict`` (plain JSON types only). ``Brief.to_dict``
is the public JSON contract ``storyline.brief/3`` documented in the README.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin

SCHEMA = "storyline.brief/3"
PREVIOUS_SCHEMA = "storyline.brief/2"

T = TypeVar("T", bound="Record")

PublishedFrom = Literal["text", "html", "inferred", "none"]
QuoteKind = Literal["direct", "partial", "indirect", "transcript"]
Granularity = Literal["day", "month", "year"]


def _encode(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    return value


def _decode(hint: Any, value: Any) -> Any:
    """Rebuild ``value`` as the annotated type ``hint`` (records, lists, optionals, dicts)."""
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item_hint,) = get_args(hint)
        return [_decode(item_hint, item) for item in value]
    if origin is dict:
        _, item_hint = get_args(hint)
        return {key: _decode(item_hint, item) for key, item in value.items()}
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_dict(value)
    return value


class Record:
    """Mixin giving dataclasses lossless JSON round trips."""

    _hints: ClassVar[dict[type, dict[str, Any]]] = {}

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _encode(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        hints = Record._hints.get(cls)
        if hints is None:
            hints = typing.get_type_hints(cls)
            Record._hints[cls] = hints
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs = {key: _decode(hints[key], value) for key, value in data.items() if key in names}
        return cls(**kwargs)


@dataclass(slots=True)
class Span(Record):
    """A half-open character range ``[start, end)`` of ``Article.text`` with the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(slots=True)
class Removed(Record):
    """A stretch of the *original input* the cleaner dropped, with why, so a user can audit it."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(slots=True)
class Citation(Record):
    """Where a briefing line comes from: an article id and offsets into that article's cleaned text."""

    article: str
    start: int
    end: int


@dataclass(slots=True)
class Sentence(Record):
    """A sentence of the cleaned text. ``verbs`` are the offsets (into ``Article.text``) of the tokens the
    parser tagged as verbs or modals.

    Why the verbs are kept: the briefing must not pick a verbless fragment, and reading the tags off the
    record spares it a second spaCy pass (the briefing step never imports spaCy).
    """

    start: int
    end: int
    text: str
    paragraph: int = 0
    verbs: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Entity(Record):
    """One real-world thing (person, organisation, place) with every mention of it in one article.

    ``id`` is unique within the article; ``key`` is a normalised name shared across articles
    (e.g. "juppe" for "Alain Juppé" and "Juppe"), used to link the same person across outlets.
    """

    id: str
    name: str
    label: str
    key: str
    mentions: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Mention(Record):
    """One mention of a story-wide entity: the article it is in and the span there."""

    article: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class StoryEntity(Record):
    """One person, organisation or place across all articles of a story.

    ``id`` (``e1``, ``e2`` …) is unique in the briefing; quote speakers' ``entity`` fields point at it, so a
    reader of the JSON can follow a speaker to every article that names them. ``members`` lists the
    per-article entity ids (``article:id``) that were merged into it.
    """

    id: str
    name: str
    label: str
    key: str
    mentions: list[Mention] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DateMention(Record):
    """A date stated or implied in the text, resolved to ISO form at a granularity.

    ``expression`` is set on every mention whose value depends on the publication date ("Friday",
    "last week", "July 17"): an anchor-free recipe such as ``"weekday friday past"`` (the grammar is in
    ``storyline.grammar.dates``), so the mention can be resolved again when the date is inferred later,
    without reading the text again. While it is unresolved (``Article.unresolved_dates``) ``value`` is "".
    """

    span: Span
    value: str
    granularity: Granularity
    inferred: bool = False
    expression: str | None = None


@dataclass(slots=True)
class Speaker(Record):
    """Who said a quote: ``name`` is the full, resolved name ("Alain Juppe", not "he" or "Juppe");
    ``role`` the title or description the article gives them there, kept out of the name ("French
    Foreign Minister", "France's foreign minister"), None when the speaker span holds none; ``span`` is
    the speaker as written at the cue."""

    name: str
    entity: str | None = None
    span: Span | None = None
    role: str | None = None


@dataclass(slots=True)
class Quote(Record):
    article: str
    kind: QuoteKind
    speaker: Speaker
    cue: Span | None
    content: list[Span]
    also_in: list[str] = field(default_factory=list)
    confidence: float = 1.0


Tally = Literal["event", "running_total", "standing"]
DateLink = Literal["verb", "report", "above", "by", "since", "apart", "unplaced"]
TotalRule = Literal["always", "unless_day_dated", "if_reported_after_event"]


def measure_name(what: str, tally: Tally | None) -> str:
    """How a briefing names a measure: "people killed in total" for a running total, else ``what``."""
    return f"{what} in total" if tally == "running_total" else what


@dataclass(slots=True)
class DateCue(Record):
    """A date mention in a claim's sentence and how the parse ties it to the claim's number.

    ``span`` is the mention's span: the key into ``Article.dates`` (or ``Article.unresolved_dates``), so
    the claim can be dated again when the mention is resolved later. ``link``: "verb" (on the count's own
    verb: "died Thursday"), "report" (on a reporting verb above it: "said on Friday that ..."; ``depth``
    counts the verbs from the count's verb up to it), "above" (on another verb above the count: "gave way
    on Thursday, killing ..."), "by" ("by Friday"), "since" ("since March", "from Monday": when a count
    started, never when it was made; not yet recognised, see ``analyse.claims.dating.date_cues``), "apart"
    (elsewhere in the sentence), "unplaced" (no token at the span). ``on_number``: the mention hangs from
    the number itself ("12 on Friday").
    """

    span: Span
    link: DateLink
    on_number: bool = False
    depth: int = 0


@dataclass(slots=True)
class DatingEvidence(Record):
    """What the parse saw that dates a claim, kept so the claim can be dated again without the parse when
    its article's publication date is found later (``analyse.claims.dating.redate_claims``).

    ``cues``: every date mention of the claim's sentence, resolved or not. ``running_total`` (death counts
    only) says when the count is a running total: "always" (a toll, or a count that has risen), "unless_day_
    dated" (its sentence speaks of a period, "since", "so far", "in 16 months", unless a day dates the count
    itself), "if_reported_after_event" (only when a report dates it after the event it follows).
    ``measure_from`` is the span of the earlier claim whose measure a bare figure took ("the true figure was
    more than 3,500"): it is a running total when that claim is.
    """

    cues: list[DateCue] = field(default_factory=list)
    running_total: TotalRule | None = None
    measure_from: Span | None = None


@dataclass(slots=True)
class Claim(Record):
    """A number that counts something, with who says so and when.

    ``what`` is only what is counted: "countries", "dollars", and for people the event that happened to
    them, "people killed", "civilians killed", "people missing". ``tally`` says how figures of one measure
    at different dates relate, for a count of people something happened to (None for any other count):
    "event" (a count of one happening: "at least 70 people died Thursday"; figures of other days count other
    deaths), "running_total" (a toll accumulated since the start: "16,700 have been killed in nearly 16
    months", "the death toll has risen to 23"; a briefing calls it "people killed in total", see
    ``measure``), "standing" (people in a state when counted, which rises and falls: "40 missing"). Figures
    of a running total or a standing count at different dates form a trend.

    ``role`` says whether the number can be set against another outlet's: "count" (a count or amount),
    "reading" (a measurement at one moment or place: a distance, altitude, speed, duration, magnitude),
    "range" (one end of "500 to 700", "between 60 and 80", "17 or 18"), or "option" (a maximum, capacity or
    configuration: "up to 3.2 GHz", "can carry 100 gallons"). ``subject`` names what a count or amount is
    of, beyond ``what``: the frame of the verb ("attending" for "107 nations came", "members" for "the
    group includes 60 countries"), the thing a share or price belongs to ("wreckage" in "90 percent of the
    wreckage", "price"), or None when the sentence does not say. ``dated_by`` says where ``date`` came
    from: "event" (a date on the count or its verb), "as_of" / "as_of_after_event" (the date of the report),
    "published" (the article's publication date stood in) or "none". ``dating`` keeps the evidence for
    both, so that ``date``, ``dated_by`` and a death count's ``tally`` can be recomputed without the parse.
    """

    article: str
    value: float
    text: str
    qualifier: str
    what: str
    span: Span
    source: str | None = None
    date: str | None = None
    unit: str | None = None
    role: str = "count"
    subject: str | None = None
    dated_by: str | None = None
    tally: Tally | None = None
    dating: DatingEvidence = field(default_factory=DatingEvidence)

    @property
    def measure(self) -> str:
        """The measure as a briefing names it ("people killed in total" for a running total)."""
        return measure_name(self.what, self.tally)

    def brief_dict(self) -> dict[str, Any]:
        """The claim as the brief JSON shows it: without ``dating``, the analysis' working evidence (it
        stays on the article layer and in the store)."""
        data = self.to_dict()
        data.pop("dating", None)
        return data


@dataclass(slots=True)
class Disagreement(Record):
    """Claims about the same measure that differ. ``kind`` is conflict, different_counts or trend.

    ``what`` and ``tally`` are those of the claims compared (see ``Claim``). ``date`` is the day (or month)
    the compared figures refer to (None for a trend, which spans dates).
    """

    what: str
    kind: str
    explanation: str
    claims: list[Claim] = field(default_factory=list)
    date: str | None = None
    tally: Tally | None = None

    @property
    def measure(self) -> str:
        """The measure as a briefing names it ("people killed in total" for a running total)."""
        return measure_name(self.what, self.tally)


@dataclass(slots=True)
class TimelineEntry(Record):
    """One date of the timeline. ``background`` marks a date well before the story's own days (a birth,
    an earlier event); ``inferred`` marks a date that rests only on relative words ("Friday") in articles
    whose publication date was itself inferred from other articles. Renderers show both."""

    date: str
    granularity: Granularity
    text: str
    citations: list[Citation] = field(default_factory=list)
    background: bool = False
    inferred: bool = False


@dataclass(slots=True)
class SummarySentence(Record):
    """One sentence of the summary: the first citation is the passage shown, the others say the same.

    ``background`` is the date (as a reader says it) of a sentence taken from an article published well
    before the story's main day; renderers mark it, so the text itself stays the cited passage.
    ``undated`` is true when the sentence comes from an article with no date in a story whose other
    articles have one: what it calls "last week" may be any week, and a reader must be told.
    """

    text: str
    citations: list[Citation] = field(default_factory=list)
    background: str | None = None
    undated: bool = False


@dataclass(slots=True)
class Article(Record):
    """One news article: its cleaned text, metadata, what was removed, and analysis layers.

    ``raw`` is the input as read (after decoding); ``removed`` offsets point into it. All other spans
    point into ``text``. ``duplicate_of`` names the article this one near-duplicates, if any.
    """

    id: str
    source: str
    text: str
    raw: str = ""
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    published_from: PublishedFrom = "none"
    lang: str | None = None
    removed: list[Removed] = field(default_factory=list)
    duplicate_of: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    # mentions the publication date must resolve and has not (all of them while ``published`` is None)
    unresolved_dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def brief_dict(self) -> dict[str, Any]:
        """The article as the public brief JSON shows it (no analysis layers, no raw input)."""
        return {
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "published_from": self.published_from,
            "undated": self.published is None,
            "text": self.text,
            "removed": [item.to_dict() for item in self.removed],
        }


@dataclass(slots=True)
class Problem(Record):
    """An input that could not be used (skipped), or one analysis layer that failed on an article.

    ``layer`` is None for a skipped input; for a failed layer it names the layer ("quotes") and the
    article keeps its other layers. ``counter`` is the datatrove-style counter the problem adds to.
    """

    source: str
    reason: str
    layer: str | None = None

    @property
    def counter(self) -> str:
        return f"failed_{self.layer}" if self.layer else "dropped"

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True)
class Brief(Record):
    """The briefing of one story: cited summary, quotes, claims, disagreements, timeline."""

    articles: list[Article] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    entities: list[StoryEntity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: an update briefing's date (ISO): the summary says only what articles published after it add
    since: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "articles": [article.brief_dict() for article in self.articles],
            "summary": [item.to_dict() for item in self.summary],
            "quotes": [item.to_dict() for item in self.quotes],
            "claims": [item.brief_dict() for item in self.claims],
            "disagreements": [
                {**item.to_dict(), "claims": [claim.brief_dict() for claim in item.claims]}
                for item in self.disagreements
            ],
            "timeline": [item.to_dict() for item in self.timeline],
            "entities": [item.to_dict() for item in self.entities],
            "warnings": list(self.warnings),
            "problems": [item.to_dict() for item in self.problems],
            "since": self.since,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        if data.get("schema") == PREVIOUS_SCHEMA:
            data = _upgrade_from_2(data)
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document (schema={data.get('schema')!r})")
        return cls(
            articles=[Article.from_dict(item) for item in data["articles"]],
            summary=[SummarySentence.from_dict(item) for item in data["summary"]],
            quotes=[Quote.from_dict(item) for item in data["quotes"]],
            claims=[Claim.from_dict(item) for item in data["claims"]],
            disagreements=[Disagreement.from_dict(item) for item in data["disagreements"]],
            timeline=[TimelineEntry.from_dict(item) for item in data["timeline"]],
            entities=[StoryEntity.from_dict(item) for item in data.get("entities", [])],
            warnings=list(data.get("warnings", [])),
            problems=[Problem.from_dict(item) for item in data.get("problems", [])],
            since=data.get("since"),
        )

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)


def _upgrade_from_2(data: dict[str, Any]) -> dict[str, Any]:
    """A ``storyline.brief/2`` document (a brief saved before version 3) as version 3: the running-total
    suffix of ``what`` becomes ``tally`` (a standing count, "people missing", keeps its ``what``)."""

    def claim(item: dict[str, Any]) -> dict[str, Any]:
        what = str(item.get("what", ""))
        if what.endswith(" in total"):
            return {**item, "what": what[: -len(" in total")], "tally": "running_total"}
        if what.endswith(" missing"):
            return {**item, "tally": "standing"}
        return item

    upgraded = {**data, "schema": SCHEMA, "claims": [claim(item) for item in data.get("claims", [])]}
    upgraded["disagreements"] = [
        {**item, "claims": [claim(c) for c in item.get("claims", [])]}
        for item in data.get("disagreements", [])
    ]
    for item in upgraded["disagreements"]:
        if item["claims"]:
            item["what"], item["tally"] = item["claims"][0]["what"], item["claims"][0].get("tally")
    return upgraded


@dataclass(slots=True)
class Story(Record):
    """One story found in a corpus: its articles, their span of dates and outlets, and its briefing.

    ``id`` (``S1``, ``S2`` …) is stable in a store: later batches add articles to it. ``topic`` (``T1`` …)
    groups stories of one kind (two earthquakes are two stories of one topic). ``undated`` counts the
    articles that were grouped by content alone, having no publication date. ``updated`` is when the brief
    was last recomputed (ISO, UTC); a story no new article joined keeps its brief and its ``updated``.
    """

    id: str
    topic: str
    title: str | None
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    undated: int = 0
    updated: str | None = None
    brief: Brief | None = None
