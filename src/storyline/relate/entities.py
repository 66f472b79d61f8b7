"""Story-wide entities: the per-article people, organisations and places of a story merged into one list.

Why: ``Entity.id`` is unique only within its article ("e3" is Assad in one article and Clinton in the
next), so a briefing whose quote speakers pointed at per-article ids would point at nothing a reader of
the JSON can follow. Here every article's entities are merged by their cross-article ``key`` into
``StoryEntity`` records with ids ``e1``, ``e2`` … in order of first appearance (article order, then
position in the article), each listing every mention with its article and offsets, and the per-article
entities it absorbed (``members``: ``article:id``).

When two per-article entities are the same thing:

- people: same surname and compatible given names ("Bashar al-Assad", "Assad" and "al-Assad" merge;
  "Hillary Clinton" and "Bill Clinton" do not). A surname alone that fits several people of the story
  stays its own entity rather than being credited to one of them by guess;
- others: the same key (folded name without "the"); organisation, place and group labels may differ
  between articles (spaCy calls one country ORG in one article and GPE in the next), but a person never
  merges with a non-person ("Jordan" the man and Jordan the country stay apart).

The story-wide label is the one most mentions carry; the name the most complete one seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyline.grammar.names import fold, surname_of
from storyline.model import Article, Entity, Mention, StoryEntity

__all__ = ["link_entities", "member_id", "member_index", "story_entity_of"]


@dataclass
class _Group:
    key: str
    person: bool
    given: str = ""
    names: list[str] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


def member_id(article_id: str, entity_id: str) -> str:
    """How ``StoryEntity.members`` names a per-article entity: ``article:id``."""
    return f"{article_id}:{entity_id}"


def member_index(entities: Sequence[StoryEntity]) -> dict[str, str]:
    """``article:id`` of every per-article entity to the id of the story entity it was merged into."""
    return {member: entity.id for entity in entities for member in entity.members}


def link_entities(articles: Sequence[Article]) -> list[StoryEntity]:
    """Merge the entities of ``articles`` into story-wide entities (see the module docstring).

    The articles are not modified: their own entities keep their per-article ids.
    """
    groups: list[_Group] = []
    by_key: dict[tuple[bool, str], list[int]] = {}
    for article in articles:
        for entity in article.entities:
            if not entity.key:
                continue
            person = entity.label == "PERSON"
            key = surname_of(entity.key) if person else entity.key
            given = _given(entity) if person else ""
            index = _match(groups, by_key.get((person, key), []), given)
            if index < 0:
                groups.append(_Group(key=key, person=person))
                index = len(groups) - 1
                by_key.setdefault((person, key), []).append(index)
            _absorb(groups[index], article, entity, given)
    return _records(groups)


def _given(entity: Entity) -> str:
    """A person's folded given name, when the name has one ("hillary" of "Hillary Clinton")."""
    words = fold(entity.name).split()
    if len(words) < 2:
        words = fold(entity.key).split()  # a disambiguated key: "hillary clinton"
    return words[0].strip(".") if len(words) >= 2 else ""


def _match(groups: list[_Group], candidates: list[int], given: str) -> int:
    """The group a new entity joins, or -1 for a new one.

    With a given name: the group of that given name, else the only group of the surname if it has none.
    Without: the only group of the surname, else the one without a given name; "Clinton" alone in a story
    with a Hillary and a Bill Clinton is not guessed.
    """
    if not candidates:
        return -1
    if given:
        same = [index for index in candidates if groups[index].given == given]
        if same:
            return same[0]
        return candidates[0] if len(candidates) == 1 and not groups[candidates[0]].given else -1
    if len(candidates) == 1:
        return candidates[0]
    bare = [index for index in candidates if not groups[index].given]
    return bare[0] if bare else -1


def _absorb(group: _Group, article: Article, entity: Entity, given: str) -> None:
    if given and not group.given:
        group.given = given
    group.names.append(entity.name)
    group.labels[entity.label] += max(1, len(entity.mentions))
    group.members.append(member_id(article.id, entity.id))
    for span in entity.mentions:
        group.mentions.append(Mention(article.id, span.start, span.end, span.text))


def _records(groups: list[_Group]) -> list[StoryEntity]:
    surnames = Counter(group.key for group in groups if group.person)
    records = []
    for number, group in enumerate(groups, start=1):
        label = max(group.labels.items(), key=lambda item: (item[1], -_first(group, item[0])))[0]
        name = max(group.names, key=lambda item: (len(item.split()), len(item), -group.names.index(item)))
        key = group.key
        if group.person and surnames[key] > 1 and group.given:
            key = f"{group.given} {key}"  # two people of one surname in the story, as per article
        records.append(StoryEntity(f"e{number}", name, label, key, list(group.mentions), list(group.members)))
    return records


def _first(group: _Group, label: str) -> int:
    """Order of first use of ``label`` in ``group``, so that ties go to the label seen first."""
    return list(group.labels).index(label)


def story_entity_of(index: Mapping[str, str], article_id: str, entity_id: str | None) -> str | None:
    """The story entity id of a per-article entity id of ``article_id`` (None when it has none)."""
    if entity_id is None:
        return None
    return index.get(member_id(article_id, entity_id))
