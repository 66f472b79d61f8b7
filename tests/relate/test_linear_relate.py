"""Relating one long article stays linear, with the answers of the comparisons it replaced (issue 11).

A trend's points were found by comparing each claim with every point kept, and a date mention's sentence
by walking every sentence; both are written out here and compared with the indexed versions.
"""

from __future__ import annotations

import random
from itertools import pairwise

from storyline.model import Article, Claim, Sentence, Span
from storyline.relate.dates import _sentence_bounds, _Sentences
from storyline.relate.disagreements import _distinct, _source_name, _trend_points, _within


def _reference_trend_points(claims: list[Claim], articles: dict[str, Article]) -> list[Claim]:
    def first_hand(claim: Claim) -> bool:
        article = articles.get(claim.article)
        return article is not None and bool(article.published) and article.published == claim.date

    dated = sorted(
        (c for c in _distinct(claims) if c.date),
        key=lambda c: (c.date or "", c.value, c.source is None, not first_hand(c)),
    )
    points: list[Claim] = []
    for claim in dated:
        same_figure = [p for p in points if p.value == claim.value and p.qualifier == claim.qualifier]
        source = _source_name(claim)
        if any(p.date == claim.date or (source and _source_name(p) == source) for p in same_figure):
            continue
        points.append(claim)
    return [
        c
        for c in points
        if not any(
            o is not c and o.value == c.value and o.qualifier == c.qualifier and _within(o.date, c.date)
            for o in points
        )
    ]


def test_trend_points_are_those_of_comparing_every_claim_with_every_point() -> None:
    rng = random.Random(21)
    dates = [None, "2025", "2025-11", "2025-11-14", "2025-11-15", "2025-11-1", "2025-12-01", "2025-12"]
    sources = [None, "police", "The police", "the council", "Ada Morrow"]
    articles = {}
    for number in range(4):
        articles[f"a{number}"] = Article(id=f"a{number}", source="x", text="", published=rng.choice(dates))
    for _ in range(300):
        claims = [
            Claim(
                article=rng.choice(list(articles)),
                value=float(rng.choice([12, 19, 23, 40])),
                text="x",
                qualifier=rng.choice(["", "at least", "about"]),
                what="people killed",
                span=Span(number, number + 1, "x"),
                source=rng.choice(sources),
                date=rng.choice(dates),
            )
            for number in range(rng.randint(0, 25))
        ]
        assert _trend_points(claims, articles) == _reference_trend_points(claims, articles)


def test_the_sentence_holding_an_offset_is_the_first_a_walk_finds() -> None:
    rng = random.Random(22)
    text = "x" * 200
    for _ in range(200):
        cuts = sorted(rng.sample(range(201), rng.randint(2, 14)))
        sentences = [Sentence(a, b, text[a:b]) for a, b in pairwise(cuts) if rng.random() < 0.8]
        if rng.random() < 0.3:  # overlapping or unordered sentences: the walk itself
            sentences.append(Sentence(5, 150, text[5:150]))
            rng.shuffle(sentences)
        article = Article(id="a", source="a", text=text, sentences=sentences)
        index = _Sentences(article)
        for offset in range(-1, 202):
            walk = next((s for s in sentences if s.start <= offset < s.end), None)
            assert index.holding(offset) is walk
            if walk is not None:
                assert _sentence_bounds(article, offset, index) == (walk.start, walk.end)
