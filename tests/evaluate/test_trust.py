"""The trust harness counts what a briefing says that its sources do not — on briefs built by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluate.trust import check_brief
from storyline.model import Article, Brief, Citation, Claim, Disagreement, Entity, Span, SummarySentence

TEXT = (
    "Mayor Dan Holt visited the flooded district on Friday. He promised new pumps within a month.\n\n"
    "Meanwhile, the river fell by half a metre overnight, the water board said.\n\n"
    "“She has lost everything,” Holt said of a neighbour whose shop was flooded."
)
OTHER = (
    "The river fell by half a metre overnight, according to the regional water board.\n\n"
    "What will the district do if the river rises again next week?"
)


def _article() -> Article:
    article = Article(id="a1", source="one.txt", text=TEXT, published="2024-05-03")
    he = TEXT.index("He promised")
    she = TEXT.index("She has")
    mentions = [Span.of(TEXT, 6, 14), Span.of(TEXT, he, he + 2), Span.of(TEXT, she, she + 3)]
    article.entities = [Entity("e1", "Dan Holt", "PERSON", "holt", mentions)]
    return article


def _cite(article: Article, passage: str) -> Citation:
    start = article.text.index(passage)
    return Citation(article.id, start, start + len(passage))


def _brief(summary: list[SummarySentence], disagreements: list[Disagreement] | None = None) -> Brief:
    other = Article(id="a2", source="two.txt", text=OTHER, published="2024-05-03")
    return Brief(articles=[_article(), other], summary=summary, disagreements=disagreements or [])


def test_a_faithful_brief_has_no_faults() -> None:
    article = _article()
    river = "Meanwhile, the river fell by half a metre overnight, the water board said."
    summary = [
        SummarySentence(
            "Dan Holt promised new pumps within a month.",
            [_cite(article, "He promised new pumps within a month.")],
        ),
        SummarySentence(river, [_cite(article, river)]),
    ]
    report = check_brief(_brief(summary))
    assert report.failures() == 0, report.examples


def test_a_dropped_opener_and_a_pronoun_replaced_inside_quotes_are_altered_sentences() -> None:
    article = _article()
    river = "Meanwhile, the river fell by half a metre overnight, the water board said."
    quote = "“She has lost everything,” Holt said of a neighbour whose shop was flooded."
    summary = [
        SummarySentence(
            "The river fell by half a metre overnight, the water board said.", [_cite(article, river)]
        ),
        SummarySentence(
            "“Dan Holt has lost everything,” Holt said of a neighbour whose shop was flooded.",
            [_cite(article, quote)],
        ),
    ]
    report = check_brief(_brief(summary))
    assert report.altered_sentences == 2


def test_a_question_cited_as_also_saying_the_fact_is_a_weak_citation() -> None:
    article = _article()
    river = "Meanwhile, the river fell by half a metre overnight, the water board said."
    other = Article(id="a2", source="two.txt", text=OTHER)
    good = _cite(other, "The river fell by half a metre overnight, according to the regional water board.")
    question = _cite(other, "What will the district do if the river rises again next week?")
    report = check_brief(_brief([SummarySentence(river, [_cite(article, river), good, question])]))
    assert (report.extra_citations, report.weak_citations) == (2, 1)


def test_a_disagreement_within_one_article_is_false() -> None:
    span = Span.of(TEXT, 0, 10)
    claims = [
        Claim("a1", 3, "3 pumps", "", "pumps", span),
        Claim("a1", 4, "4 pumps", "", "pumps", span),
    ]
    report = check_brief(_brief([], [Disagreement("pumps", "conflict", "3 vs 4", claims)]))
    assert report.false_disagreements == 1


def test_undated_articles_without_a_warning_are_reported() -> None:
    brief = _brief([])
    brief.articles[1].published = None
    report = check_brief(brief)
    assert report.undated_articles == 1 and not report.undated_warned
    brief.warnings = ["1 article has no date: two.txt"]
    assert check_brief(brief).undated_warned


def test_bad_cluster_files_are_reported_line_by_line_and_never_crash(
    tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    from storyline.evaluate.datasets import load_clusters
    from storyline.evaluate.trust import main

    mixed = tmp_path / "mixed.jsonl"
    good = '{"id": "ok", "documents": ["A text."]}'
    mixed.write_bytes(b"not json\n\xff\xfe\x00binary\n" + b'{"documents": 5}\n' + good.encode() + b"\n")
    clusters = load_clusters(mixed)
    assert [c.id for c in clusters] == ["ok"]
    assert sum("skipped" in r.getMessage() for r in caplog.records) == 3
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main([str(empty)]) == 2


@pytest.mark.slow
@pytest.mark.parametrize(("name", "limit"), [("multinews-dev100.jsonl", 12), ("duc2007-main-dev23.jsonl", 3)])
def test_trust_counts_on_real_clusters_are_zero(shared_data: Path, name: str, limit: int) -> None:
    from storyline.evaluate.trust import evaluate_file

    path = shared_data / "mds" / name
    reports = evaluate_file(path, limit=limit)
    faults = {r.cluster: r.examples for r in reports if r.failures()}
    assert not faults
    assert all(r.undated_warned for r in reports)
