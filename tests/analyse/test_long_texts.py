"""Texts over the parser's limit: cut at paragraph breaks, parsed in parts, joined back into one Doc.

The texts are generated here (invented people and places), long enough to be cut with the part size
lowered for the test; one test lowers spaCy's own ``max_length`` to show the original failure (E088) and
that the pipeline no longer meets it.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise
from typing import Any

import pytest

from storyline.analyse import nlp
from storyline.analyse.nlp import get_nlp, join_docs, parse_texts, split_for_parser
from storyline.engine.pipeline import analyse_batch
from storyline.model import Article

_PEOPLE = ("Amara Venter", "Tobias Quillan", "Ilse Okonjo", "Marek Thorne", "Noor Brandvold")
_PLACES = ("Port Selwyn", "Ardmoor", "Kestrel Bay", "Valdren")


def _paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        person, place = rng.choice(_PEOPLE), rng.choice(_PLACES)
        sentences.append(
            rng.choice(
                [
                    f"{person} said on Monday that {rng.randint(2, 90)} homes in {place} had been flooded.",
                    f"\u201cWe will rebuild the bridge in {place},\u201d {person} told reporters.",
                    f"The council of {place} met {person} for {rng.randint(2, 9)} hours on Friday.",
                ]
            )
        )
    return " ".join(sentences)


def _article(paragraphs: int, seed: int = 7, joiner: str = "\n\n") -> str:
    rng = random.Random(seed)
    return joiner.join(_paragraph(rng) for _ in range(paragraphs))


def _cover(text: str, parts: list[tuple[int, int]]) -> None:
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(first[1] == second[0] for first, second in pairwise(parts))


# ---------------------------------------------------------------------------------------------- cutting


def test_a_short_text_is_one_part() -> None:
    text = "One paragraph.\n\nAnother."
    assert split_for_parser(text, 100) == [(0, len(text))]
    assert split_for_parser("", 100) == [(0, 0)]


def test_parts_end_after_blank_lines_never_inside_a_paragraph() -> None:
    text = _article(40)
    parts = split_for_parser(text, 1500)
    _cover(text, parts)
    assert len(parts) > 3
    for start, end in parts:
        assert end - start <= 1500
    for _, end in parts[:-1]:
        assert text[end - 2 : end] == "\n\n" and not text[end].isspace()  # the break stays with the part


def test_without_blank_lines_a_part_ends_at_a_line_then_a_sentence_then_a_space() -> None:
    lines = _article(40, joiner="\n")
    for _, end in split_for_parser(lines, 1500)[:-1]:
        assert lines[end - 1] == "\n"
    one_line = _article(40, joiner=" ")
    parts = split_for_parser(one_line, 1500)
    _cover(one_line, parts)
    for _, end in parts[:-1]:
        assert re.search(r"[.!?][\u201d\u2019\"')\]]*\s$", one_line[end - 3 : end]), one_line[end - 10 : end]
    words = " ".join(["floodwater"] * 400)  # no sentence end at all: any space will do
    for _, end in split_for_parser(words, 1000)[:-1]:
        assert words[end - 1] == " " and words[end : end + 10] == "floodwater"


def test_one_paragraph_over_the_limit_is_cut_inside_it_and_a_run_without_spaces_anywhere() -> None:
    text = _article(3) + "\n\n" + _article(30, seed=8, joiner=" ") + "\n\n" + _article(3, seed=9)
    parts = split_for_parser(text, 1200)
    _cover(text, parts)
    assert all(end - start <= 1200 for start, end in parts)
    solid = "x" * 2500
    assert split_for_parser(solid, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


# ---------------------------------------------------------------------------------------------- joining


def test_joined_parts_have_the_texts_characters_and_offsets(monkeypatch: Any) -> None:
    """The parts' Docs joined: the same text, every token where it is in the text, and the entities and
    sentences on both sides of each part boundary at their own offsets."""
    text = _article(30)
    monkeypatch.setattr(nlp, "PART_CHARS", 1800)
    parts = split_for_parser(text)
    assert len(parts) >= 3 and all(end - start <= 1800 for start, end in parts)
    (doc,) = parse_texts([text])
    by_parts = join_docs([get_nlp()(text[start:end]) for start, end in parts])
    attrs = ["TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]
    assert doc.to_array(attrs).tolist() == by_parts.to_array(attrs).tolist()  # parsed in those parts
    assert doc.text == text
    assert all(text[token.idx : token.idx + len(token.text)] == token.text for token in doc)
    assert [token.text for token in doc] == [token.text for token in get_nlp()(text)]
    starts = {sent.start_char for sent in doc.sents}
    for _, boundary in parts[:-1]:
        assert boundary in starts  # a part starts a sentence: no sentence crosses a boundary
        before = [ent for ent in doc.ents if ent.end_char <= boundary][-2:]
        after = [ent for ent in doc.ents if ent.start_char >= boundary][:2]
        assert before and after
        for ent in before + after:
            assert text[ent.start_char : ent.end_char] == ent.text
        around = [sent for sent in doc.sents if boundary - 300 < sent.start_char < boundary + 300]
        assert len(around) >= 2
        for sent in around:
            assert text[sent.start_char : sent.end_char] == sent.text
            assert sent.root.head == sent.root and all(t.head.sent == sent for t in sent)


def test_join_keeps_whitespace_between_parts_exactly() -> None:
    text = "First part ends here.   \n\n  \nSecond part starts here.  Third bit without a break"
    cuts = [0, text.index("Second"), text.index("Third"), len(text)]
    docs = [get_nlp()(text[a:b]) for a, b in pairwise(cuts)]
    joined = join_docs(docs)
    assert joined.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in joined)


def test_parses_do_not_depend_on_how_texts_are_batched(monkeypatch: Any) -> None:
    texts = [_article(3, seed=seed) for seed in range(6)]
    attrs = ["TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "LEMMA", "SENT_START"]
    together = [doc.to_array(attrs).tolist() for doc in parse_texts(texts)]
    monkeypatch.setattr(nlp, "PIPE_CHARS", 1)  # every text a batch of its own
    alone = [doc.to_array(attrs).tolist() for doc in parse_texts(texts)]
    assert together == alone


def test_no_batch_holds_a_text_over_the_limit_or_more_characters_than_allowed(monkeypatch: Any) -> None:
    seen: list[list[str]] = []
    language = get_nlp()
    real_pipe = language.pipe

    def recording_pipe(texts: Any, **kwargs: Any) -> Any:
        batch = list(texts)
        seen.append(batch)
        return real_pipe(batch, **kwargs)

    monkeypatch.setattr(language, "pipe", recording_pipe)
    monkeypatch.setattr(nlp, "PART_CHARS", 2000)
    monkeypatch.setattr(nlp, "PIPE_CHARS", 3000)
    texts = [_article(20, seed=1), _article(2, seed=2), _article(2, seed=3), _article(25, seed=4)]
    docs = list(parse_texts(texts))
    assert [doc.text for doc in docs] == texts
    pieces = [text[start:end] for text in texts for start, end in split_for_parser(text)]
    assert len(pieces) > len(texts)  # the long ones were cut
    assert [piece for batch in seen for piece in batch] == pieces
    assert any(len(batch) > 1 for batch in seen)  # short texts are still batched together
    assert all(len(piece) <= 2000 for batch in seen for piece in batch)
    assert all(len(batch) == 1 or sum(map(len, batch)) <= 3000 for batch in seen)


# ------------------------------------------------------------------------------------------- the engine


def test_an_article_over_the_parsers_limit_is_analysed_in_parts(monkeypatch: Any) -> None:
    """The failure of issue 11 at a size a test can afford: spaCy's limit lowered below the article."""
    text = _article(40)
    language = get_nlp()
    monkeypatch.setattr(language, "max_length", 3000)
    with pytest.raises(ValueError, match="E088"):
        language(text)  # what the analyse step used to meet
    monkeypatch.setattr(nlp, "PART_CHARS", 2500)
    other = _article(2, seed=5)
    long_article = Article(id="a1", source="long.txt", text=text, published="2024-03-04")
    short_article = Article(id="a2", source="short.txt", text=other, published="2024-03-04")
    analysed = analyse_batch([long_article, short_article])
    for article in analysed:
        assert not article.problems
        assert article.sentences and article.entities and article.quotes and article.claims
        spans = [(s.start, s.end, s.text) for s in article.sentences]
        spans += [(m.start, m.end, m.text) for e in article.entities for m in e.mentions]
        spans += [(c.start, c.end, c.text) for q in article.quotes for c in q.content]
        spans += [(c.span.start, c.span.end, c.span.text) for c in article.claims]
        assert all(article.text[start:end] == shown for start, end, shown in spans)
    assert len(analysed[0].quotes) > 10  # quotes found in every part, not only the first
    last_part = split_for_parser(text, 2500)[-1][0]
    assert any(q.content[0].start > last_part for q in analysed[0].quotes)
