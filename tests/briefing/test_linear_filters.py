"""The sentence filters' indexed lookups answer as the walks they replaced (issue 11: long articles).

``inside_quotation`` used to read the paragraph up to the offset, and the pronoun checks walked every
sentence and mention of the article per sentence; on a long article of one paragraph both were
quadratic. The walks are written out here and compared with the lookups on generated inputs.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise

from storyline.briefing import filters
from storyline.briefing.filters import (
    ArticleIndex,
    Usable,
    _longest_name,
    has_verb,
    inside_quotation,
    trim_span,
)
from storyline.model import Article, Entity, Sentence, Span


def _reference_inside_quotation(text: str, offset: int) -> bool:
    paragraph = text.rfind("\n\n", 0, offset)
    before = text[paragraph + 2 if paragraph >= 0 else 0 : offset]
    depth = 0
    for char in before:
        if char == "\u201c":
            depth += 1
        elif char == "\u201d":
            depth = max(0, depth - 1)
    straight = before.count('"') + before.count("``") + before.count("''")
    return depth > 0 or straight % 2 == 1


def test_inside_quotation_is_the_reading_of_the_paragraph_before_the_offset() -> None:
    rng = random.Random(11)
    marks = ["\u201c", "\u201d", '"', "`", "``", "'", "''", "a", "b ", "\n", "\n\n", "\n\n\n", " "]
    for _ in range(400):
        text = "".join(rng.choice(marks) for _ in range(rng.randint(0, 40)))
        for offset in range(len(text) + 2):
            assert inside_quotation(text, offset) is _reference_inside_quotation(text, offset), (text, offset)


def test_a_question_paragraph_before_the_answer_is_found_once_per_text() -> None:
    text = "Intro line here.\n\nQ. What happened?\n\nA. The dam broke on Monday night.\n\nA. Smith said so."
    answer = text.index("A. The dam")
    assert trim_span(text, answer, answer + 33)[0] == answer + 3
    no_question = "Intro line here.\n\nA. Smith said the dam broke on Monday night."
    start = no_question.index("A. Smith")
    assert trim_span(no_question, start, len(no_question)) == (start, len(no_question))
    for start in range(len(text)):
        expected = filters._QUESTION_PARAGRAPH.search(text, 0, start) is not None
        assert (filters._question_paragraph_end(text) <= start) is expected


# ---------------------------------------------------------------------------- the walks, written out


def _reference_recent_person(article: Article, start: int) -> str | None:
    previous = [s for s in article.sentences if s.end <= start]
    if len(previous) >= 2:
        window_start = previous[-2].start
    elif previous:
        window_start = previous[-1].start
    else:
        return None
    people: dict[str, str] = {}
    for entity in article.entities:
        if entity.label != "PERSON":
            continue
        for mention in entity.mentions:
            if window_start <= mention.start and mention.end <= start:
                people.setdefault(entity.key or entity.name, _longest_name(entity))
    if len(people) != 1:
        return None
    name = next(iter(people.values()))
    return name if name[:1].isupper() else None


def _reference_linked_person(article: Article, start: int, end: int) -> str | None:
    for entity in article.entities:
        if entity.label != "PERSON":
            continue
        if any(m.start == start and m.end == end for m in entity.mentions):
            name = _longest_name(entity)
            return name if name[:1].isupper() else None
    return None


def _article(rng: random.Random) -> Article:
    words = ["He", "she", "Ada Morrow", "Felix Quint", "the mayor", "said", "left.", "Quint", "Rosa"]
    text = " ".join(rng.choice(words) for _ in range(120))
    cuts = sorted({0, len(text), *(rng.randrange(len(text)) for _ in range(12))})
    sentences = [Sentence(a, b, text[a:b], verbs=[a]) for a, b in pairwise(cuts)]
    if rng.random() < 0.2:
        rng.shuffle(sentences)  # out of order: the index must fall back to the walk
    entities = []
    names = [("Ada Morrow", "PERSON"), ("Felix Quint", "PERSON"), ("Rosa", "PERSON"), ("the mayor", "ORG")]
    for number, (name, label) in enumerate([*names, ("Quint", "PERSON")]):
        found = [m.start() for m in re.finditer(re.escape(name), text)]
        found += [m.start() for m in re.finditer("He", text)]  # pronoun mentions
        spans = [Span.of(text, s, s + len(name)) for s in rng.sample(found, min(len(found), 6))]
        key = "quint" if "Quint" in name else name.lower()
        entities.append(Entity(f"e{number}", name, label, key, spans))
    return Article(id="a1", source="a1", text=text, sentences=sentences, entities=entities)


def test_the_article_index_answers_as_the_walks_over_sentences_and_mentions() -> None:
    rng = random.Random(12)
    for _ in range(40):
        article = _article(rng)
        index = ArticleIndex(article)
        mentions = [(m.start, m.end) for e in article.entities for m in e.mentions]
        for start in range(0, len(article.text) + 1, 7):
            assert index.recent_person(start) == _reference_recent_person(article, start)
            named = any(
                e.label == "PERSON" and any(m.start == start and m.text[:1].isupper() for m in e.mentions)
                for e in article.entities
            )
            assert (start in index.capitalised_person_starts) is named
            usable = Usable(start, min(len(article.text), start + rng.randint(1, 60)), "x", 1)
            expected_verb = any(
                usable.start <= offset < usable.end
                for s in article.sentences
                if s.start < usable.end and usable.start < s.end
                for offset in s.verbs
            )
            assert has_verb(article, usable, index) is expected_verb is has_verb(article, usable)
        for start, end in [*mentions, (3, 9), (0, 2)]:
            assert index.linked_person(start, end) == _reference_linked_person(article, start, end)
