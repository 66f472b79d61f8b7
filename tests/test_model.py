"""The data model round-trips losslessly and the brief JSON keeps its contract."""

from __future__ import annotations

import json

import pytest

from storyline.model import (
    SCHEMA,
    Article,
    Brief,
    Citation,
    Claim,
    DateMention,
    Entity,
    Problem,
    Quote,
    Removed,
    Sentence,
    Span,
    Speaker,
    SummarySentence,
)


def _article() -> Article:
    text = "Ana Ruiz said the port would reopen. About 40 ships waited."
    return Article(
        id="a1",
        source="input:0",
        text=text,
        raw="MENU\n" + text,
        outlet="Coast Courier",
        title="Port",
        published="2024-03-08",
        published_from="text",
        lang="en",
        removed=[Removed(0, 4, "MENU", "menu")],
        sentences=[Sentence(0, 36, text[:36], 0)],
        entities=[Entity("e1", "Ana Ruiz", "PERSON", "ruiz", [Span.of(text, 0, 8)])],
        dates=[DateMention(Span.of(text, 0, 3), "2024-03-08", "day", inferred=True)],
        quotes=[
            Quote(
                "a1",
                "indirect",
                Speaker("Ana Ruiz", "e1", Span.of(text, 0, 8)),
                Span.of(text, 9, 13),
                [Span.of(text, 14, 35)],
            )
        ],
        claims=[Claim("a1", 40.0, "About 40", "about", "ships", Span.of(text, 37, 45))],
    )


def test_article_round_trip_is_lossless() -> None:
    article = _article()
    again = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert again == article
    assert isinstance(again.quotes[0].speaker.span, Span)


def test_brief_json_contract() -> None:
    brief = Brief(
        articles=[_article()],
        summary=[SummarySentence("Ana Ruiz said the port would reopen.", [Citation("a1", 0, 36)])],
    )
    data = brief.to_dict()
    assert list(data) == [
        "schema",
        "articles",
        "summary",
        "quotes",
        "claims",
        "disagreements",
        "timeline",
        "entities",
        "warnings",
        "problems",
        "since",
    ]
    assert data["since"] is None  # only an update briefing (since=DATE) sets it
    assert data["schema"] == SCHEMA
    assert set(data["articles"][0]) == {
        "id",
        "source",
        "outlet",
        "title",
        "published",
        "published_from",
        "undated",
        "text",
        "removed",
    }
    cited = data["summary"][0]["citations"][0]
    assert data["articles"][0]["text"][cited["start"] : cited["end"]] == data["summary"][0]["text"]
    again = Brief.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict() == data


def test_brief_from_dict_rejects_other_schemas() -> None:
    with pytest.raises(ValueError, match=r"storyline\.brief/3"):
        Brief.from_dict({"schema": "other/2"})


def test_a_version_2_brief_still_loads_with_its_running_totals_typed() -> None:
    text = "The toll rose to 23."
    old = Claim("a1", 23.0, "23", "", "people killed", Span.of(text, 17, 19), tally="running_total")
    data = Brief(articles=[Article(id="a1", source="a", text=text)], claims=[old]).to_dict()
    data["schema"] = "storyline.brief/2"
    data["claims"][0].pop("tally")
    data["claims"][0]["what"] = "people killed in total"
    (claim,) = Brief.from_dict(data).claims
    assert (claim.what, claim.tally) == ("people killed", "running_total")
    assert claim.measure == "people killed in total"


def test_brief_json_keeps_claims_without_their_dating_evidence_and_reports_problems() -> None:
    text = "About 40 ships were counted on Friday."
    claim = Claim("a1", 40.0, "About 40", "about", "ships", Span.of(text, 0, 8), tally=None)
    article = Article(id="a1", source="a.txt", text=text, claims=[claim])
    brief = Brief(articles=[article], claims=[claim], problems=[Problem("b.txt", "x", layer="quotes")])
    data = brief.to_dict()
    assert "dating" not in data["claims"][0] and data["claims"][0]["what"] == "ships"
    assert "dating" in article.to_dict()["claims"][0]  # the article layer keeps it, for re-dating
    assert data["problems"] == [{"source": "b.txt", "reason": "x", "layer": "quotes"}]
    again = Brief.from_dict(data)
    assert again.claims[0].what == "ships" and again.problems[0].layer == "quotes"
