"""The engine's one guard: a layer that fails costs that layer of that article, and is counted."""

from __future__ import annotations

import re
from typing import Any

import storyline
from storyline.analyse.layers import LAYERS, Layer
from storyline.analyse.nlp import parse
from storyline.config import DEFAULT_SETTINGS, Settings
from storyline.engine import pipeline
from storyline.engine.pipeline import analyse_with_doc, problem_counts
from storyline.model import Article, Problem

TEXT = (
    "The river rose overnight in Wenlow. Officials said 40 homes were flooded on Monday.\n\n"
    '"We are doing everything we can," the mayor, Jane Okafor, told reporters on Monday.'
)


def _broken(article: Article, doc: Any) -> tuple[Any, ...]:
    raise KeyError("no such token")


def test_a_failing_layer_becomes_a_problem_and_the_others_still_run() -> None:
    broken = Layer("quotes/9", requires=("text", "parse", "entities"), assigns=("quotes",), run=_broken)
    layers = [broken if layer.layer == "quotes" else layer for layer in LAYERS]
    article = Article(id="a1", source="wenlow.txt", text=TEXT, published="2024-03-04")
    analyse_with_doc(article, parse(TEXT), layers)
    assert article.quotes == []
    assert article.sentences and article.entities and article.claims
    (problem,) = article.problems
    assert problem.layer == "quotes" and problem.source == "wenlow.txt"
    assert "KeyError" in problem.reason
    assert problem_counts(article.problems) == {"failed_quotes": 1}


def test_failed_layers_reach_the_brief_and_are_counted(monkeypatch: Any) -> None:
    broken = Layer("claims/9", requires=("text", "parse", "dates"), assigns=("claims",), run=_broken)
    layers = tuple(broken if layer.layer == "claims" else layer for layer in LAYERS)
    monkeypatch.setattr("storyline.analyse.layers.LAYERS", layers)
    other = (
        "Rain fell on Wenlow for a third day, and officials said on Monday that 40 homes had been flooded "
        "by the river. The council opened two shelters in the town hall and asked residents to stay away "
        "from the banks until the water falls."
    )
    brief = storyline.brief_texts([TEXT + " " + TEXT.split(".")[0] + " again, the council said.", other])
    assert brief.summary
    assert problem_counts(brief.problems) == {"failed_claims": 2}
    assert brief.to_dict()["problems"][0]["layer"] == "claims"


def test_counts_separate_dropped_inputs_from_failed_layers() -> None:
    problems = [Problem("a.txt", "empty file"), Problem("b.txt", "x", layer="dates"), Problem("c", "y")]
    assert problem_counts(problems) == {"dropped": 2, "failed_dates": 1}
    assert pipeline.problem_counts([]) == {}


def _long_article(paragraphs: int) -> str:
    """An invented report of ``paragraphs`` paragraphs, each naming a person, a count and a day."""
    people = ("Ada Morrow", "Felix Quint", "Rosa Tembe", "Ivo Stark")
    days = ("Monday", "Tuesday", "Friday")
    return "\n\n".join(
        f"{people[n % 4]} said on {days[n % 3]} that {n + 3} homes near the river had been flooded. "
        f"\u201cThe water rose faster than anyone expected,\u201d {people[(n + 1) % 4]} told reporters."
        for n in range(paragraphs)
    )


def test_an_article_over_the_cap_is_one_problem_and_the_rest_of_the_batch_is_briefed() -> None:
    settings = Settings(max_article_chars=5_000)
    long_text = _long_article(60)
    assert len(long_text) > 5_000
    brief = storyline.brief_texts([TEXT + " " + _long_article(2), long_text], settings=settings)
    (problem,) = brief.problems
    expected = r"article is ([\d,]+) characters, over the analysis limit of 5,000 \(max_article_chars\)"
    found = re.fullmatch(expected, problem.reason)
    assert found is not None, problem.reason
    assert 5_000 < int(found[1].replace(",", "")) <= len(long_text)  # the cleaned text's length
    assert problem.layer is None and problem_counts(brief.problems) == {"dropped": 1}
    (article,) = brief.articles
    assert article.text.startswith("The river rose overnight") and article.quotes and article.claims
    assert brief.summary


def test_the_cap_is_on_the_cleaned_text_and_the_default_lets_a_long_article_through() -> None:
    assert DEFAULT_SETTINGS.max_article_chars == 1_000_000
    long_text = _long_article(60)
    brief = storyline.brief_texts([long_text], settings=Settings(max_article_chars=len(long_text)))
    assert not brief.problems and len(brief.articles[0].text) > 5_000
