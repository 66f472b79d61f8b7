"""Typed records that flow through every stage of storyline.

Why one module: each stage reads and writes these records only, so a stage can be run in-process, in a
process pool or on Spark without knowing who produced its input. Every annotation is a character span into
``Article.text`` (the cleaned text), so every line of a briefing can point back to its source passage.

All records serialise losslessly with ``to_dict``/``from_dict`` (plain JSON types only). ``Brief.to_dict``
is the public JSON contract ``storyline.brief/2`` documented in the README.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin

SCHEMA = "storyline.brief/2"

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
    start: int
    end: int
    text: str
    paragraph: int = 0


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
    """A date stated or implied in the text, resolved to ISO form at a granularity."""

    span: Span
    value: str
    granularity: Granularity
    inferred: bool = False


@dataclass(slots=True)
class Speaker(Record):
    name: str
    entity: str | None = None
    span: Span | None = None


@dataclass(slots=True)
class Quote(Record):
    article: str
    kind: QuoteKind
    speaker: Speaker
    cue: Span | None
    content: list[Span]
    also_in: list[str] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(slots=True)
class Claim(Record):
    """A number that counts something, with who says so and when.

    ``role`` says whether the number can be set against another outlet's: "count" (a count or amount),
    "reading" (a measurement at one moment or place: a distance, altitude, speed, duration, magnitude),
    "range" (one end of "500 to 700", "between 60 and 80", "17 or 18"), or "option" (a maximum, capacity or
    configuration: "up to 3.2 GHz", "can carry 100 gallons"). ``subject`` names what a count or amount is
    of, beyond ``what``: the frame of the verb ("attending" for "107 nations came", "members" for "the
    group includes 60 countries"), the thing a share or price belongs to ("wreckage" in "90 percent of the
    wreckage", "price"), or None when the sentence does not say. ``dated_by`` says where ``date`` came
    from: "event" (a date on the count or its verb), "as_of" / "as_of_after_event" (the date of the report),
    "published" (the article's publication date stood in) or "none".
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


@dataclass(slots=True)
class Disagreement(Record):
    """Claims about the same measure that differ. ``kind`` is conflict, different_counts or trend.

    ``date`` is the day (or month) the compared figures refer to (None for a trend, which spans dates).
    """

    what: str
    kind: str
    explanation: str
    claims: list[Claim] = field(default_factory=list)
    date: str | None = None


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
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

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
class Story(Record):
    """A group of articles about one story, with what was merged across them."""

    id: str
    articles: list[str]
    title: str | None = None


@dataclass(slots=True)
class Problem(Record):
    """An input that could not be used, reported in one line and skipped."""

    source: str
    reason: str

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "articles": [article.brief_dict() for article in self.articles],
            "summary": [item.to_dict() for item in self.summary],
            "quotes": [item.to_dict() for item in self.quotes],
            "claims": [item.to_dict() for item in self.claims],
            "disagreements": [item.to_dict() for item in self.disagreements],
            "timeline": [item.to_dict() for item in self.timeline],
            "entities": [item.to_dict() for item in self.entities],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
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
        )

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)
