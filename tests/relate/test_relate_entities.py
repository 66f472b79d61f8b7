"""Story-wide entities: per-article entities merged by key into e1, e2 … with every mention."""

from __future__ import annotations

from storyline.model import Article, Entity, Span
from storyline.relate.entities import link_entities, member_index


def article(article_id: str, text: str, entities: list[tuple[str, str, str, str]]) -> Article:
    """An article whose entities are (id, name, label, key), each mentioned where its name first occurs."""
    records = []
    for entity_id, name, label, key in entities:
        start = text.index(name.split()[-1])
        end = start + len(name.split()[-1])
        records.append(Entity(entity_id, name, label, key, [Span.of(text, start, end)]))
    return Article(id=article_id, source=article_id, text=text, entities=records)


def test_same_person_across_articles_is_one_entity_with_all_mentions() -> None:
    first = article(
        "a1",
        "Lisbon hosted the talks. Jane Holloway spoke.",
        [
            ("e1", "Lisbon", "GPE", "lisbon"),
            ("e2", "Jane Holloway", "PERSON", "holloway"),
        ],
    )
    second = article(
        "a2",
        "Holloway left Lisbon early.",
        [
            ("e1", "Holloway", "PERSON", "holloway"),
            ("e2", "Lisbon", "ORG", "lisbon"),
        ],
    )
    linked = link_entities([first, second])
    assert [(e.id, e.name) for e in linked] == [("e1", "Lisbon"), ("e2", "Jane Holloway")]
    holloway = linked[1]
    assert holloway.label == "PERSON" and holloway.members == ["a1:e2", "a2:e1"]
    assert [(m.article, m.text) for m in holloway.mentions] == [("a1", "Holloway"), ("a2", "Holloway")]
    for mention in holloway.mentions:
        source = first if mention.article == "a1" else second
        assert source.text[mention.start : mention.end] == mention.text
    assert linked[0].label == "GPE"  # ORG in one article, GPE in the other: one place, label by majority
    assert member_index(linked) == {"a1:e1": "e1", "a2:e2": "e1", "a1:e2": "e2", "a2:e1": "e2"}
    assert first.entities[1].id == "e2" and second.entities[0].id == "e1"  # per-article ids untouched


def test_people_of_one_surname_stay_apart_and_a_bare_surname_is_not_guessed() -> None:
    one = article("a1", "Mary Stone won.", [("e1", "Mary Stone", "PERSON", "stone")])
    two = article("a2", "Peter Stone lost.", [("e1", "Peter Stone", "PERSON", "stone")])
    three = article("a3", "Stone conceded.", [("e1", "Stone", "PERSON", "stone")])
    linked = link_entities([one, two, three])
    assert [e.name for e in linked] == ["Mary Stone", "Peter Stone", "Stone"]
    assert [e.key for e in linked[:2]] == ["mary stone", "peter stone"]


def test_a_person_never_merges_with_a_place_of_the_same_name() -> None:
    one = article("a1", "Troops crossed into Jordan.", [("e1", "Jordan", "GPE", "jordan")])
    two = article("a2", "Michael Jordan said no.", [("e1", "Michael Jordan", "PERSON", "jordan")])
    linked = link_entities([one, two])
    assert [(e.label, e.members) for e in linked] == [("GPE", ["a1:e1"]), ("PERSON", ["a2:e1"])]
    assert link_entities([]) == []
