"""Update summaries (``since=`` / ``earlier=``) on small invented stories: only what is new, cited to new.

The story: a ferry runs aground (the first day's reports), then the later reports add what happened next
(the salvage, the inquiry) while repeating the grounding. An update summary must say the later news and
cite only the later articles.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import storyline
from storyline.analyse.nlp import get_nlp
from storyline.analyse.sentences import split_sentences
from storyline.briefing.summarise import summarise
from storyline.model import Article, Brief
from storyline.render import render

FIRST_DAY = [
    "\n\n".join(
        [
            "The ferry Northern Lark ran aground on a sandbank off Dunmore harbour on Tuesday night with "
            "212 passengers on board.",
            "Coast guard boats took every passenger ashore by early Wednesday morning, and nobody was hurt.",
            "The ferry company said the captain had reported a steering failure before the grounding.",
        ]
    ),
    "\n\n".join(
        [
            "A passenger ferry carrying 212 people ran aground off Dunmore harbour on Tuesday night, the "
            "coast guard said.",
            "All of the passengers were brought ashore safely by coast guard boats overnight.",
            "Fishermen in Dunmore said the sandbank had shifted after the winter storms.",
        ]
    ),
]

LATER = [
    "\n\n".join(
        [
            "The ferry Northern Lark ran aground on a sandbank off Dunmore harbour on Tuesday night with "
            "212 passengers on board.",
            "Salvage tugs pulled the stranded ferry off the sandbank at high tide on Friday afternoon.",
            "Divers found a cracked rudder bearing when they inspected the hull in the harbour on Saturday.",
        ]
    ),
    "\n\n".join(
        [
            "The national maritime board opened a formal inquiry into the grounding on Friday morning.",
            "Investigators will question the captain and examine the ferry's steering records next week.",
            "A passenger ferry carrying 212 people ran aground off Dunmore harbour on Tuesday night, the "
            "coast guard said.",
        ]
    ),
]

NEW_FACTS = ("Salvage tugs", "cracked rudder", "formal inquiry", "steering records")
OLD_FACTS = ("ran aground", "brought ashore", "took every passenger ashore")


def _articles(texts: list[str], prefix: str) -> list[Article]:
    """Articles split into sentences by the analyse step's parser (no entities: none are needed here)."""
    out = []
    for number, text in enumerate(texts):
        article = Article(id=f"{prefix}{number}", source=f"test:{prefix}{number}", text=text)
        article.sentences = split_sentences(text, get_nlp()(text))
        out.append(article)
    return out


def test_earlier_articles_are_context_only_and_their_news_is_not_repeated() -> None:
    earlier = _articles(FIRST_DAY, "old")
    later = _articles(LATER, "new")
    plain = summarise(later, words=60)
    update = summarise(later, words=60, earlier=earlier)
    assert any(fact in s.text for s in plain for fact in OLD_FACTS), "without context the grounding leads"
    assert update, "the update has news to tell"
    assert not any(fact in s.text for s in update for fact in OLD_FACTS), [s.text for s in update]
    assert any(fact in s.text for s in update for fact in NEW_FACTS)
    for sentence in update:
        assert all(citation.article.startswith("new") for citation in sentence.citations)


def _records() -> list[dict[str, str]]:
    old = [
        {"text": text, "published": "2025-03-04", "title": f"Day one {n}"} for n, text in enumerate(FIRST_DAY)
    ]
    new = [{"text": text, "published": "2025-03-08", "title": f"Later {n}"} for n, text in enumerate(LATER)]
    return [*old, *new]


def test_since_summarises_only_articles_published_after_the_date() -> None:
    result = storyline.brief_records(_records(), words=60, since="2025-03-05")
    newer = {a.id for a in result.articles if a.published == "2025-03-08"}
    assert len(result.articles) == 4 and len(newer) == 2, "earlier articles stay in the brief as context"
    assert result.since == "2025-03-05"
    assert result.summary
    for sentence in result.summary:
        assert {c.article for c in sentence.citations} <= newer
        assert not any(fact in sentence.text for fact in OLD_FACTS)
    whole = storyline.brief_records(_records(), words=60)
    assert whole.since is None
    assert any(c.article not in newer for s in whole.summary for c in s.citations)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["since"] == "2025-03-05"
    assert Brief.from_dict(data).since == "2025-03-05"
    assert "What is new since 5 March 2025." in render(result, "md")
    assert "What is new since 5 March 2025." in render(result, "html")
    assert "What is new since" not in render(whole, "md")


def test_since_counts_undated_articles_as_earlier_and_says_so() -> None:
    shares = (
        "Shares in the Lark Line ferry company fell by a third in Oslo trading as investors priced in "
        "compensation claims and months without its largest vessel."
    )
    result = storyline.brief_records([*_records(), {"text": shares * 3}], words=60, since="2025-03-05")
    undated = [a.id for a in result.articles if a.published is None]
    assert len(undated) == 1, "the share-price report has no date stated or inferred"
    assert all(c.article not in undated for s in result.summary for c in s.citations)
    assert any("no date" in w and "2025-03-05" in w for w in result.warnings)
    late = storyline.brief_records(_records(), words=60, since="2025-03-09")
    assert late.summary == [] and any("no article was published after" in w for w in late.warnings)


def test_earlier_texts_are_listed_first_and_never_cited() -> None:
    result = storyline.brief_texts(LATER, words=60, earlier=FIRST_DAY)
    sources = [a.source for a in result.articles]
    assert sources == ["earlier:0", "earlier:1", "input:0", "input:1"]
    old = {a.id for a in result.articles if a.source.startswith("earlier:")}
    assert result.summary and all(c.article not in old for s in result.summary for c in s.citations)


def test_a_malformed_since_is_refused() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        storyline.brief_records(_records(), since="last Tuesday")


def test_cli_since_writes_an_update_brief(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "articles.jsonl").write_text(
        "\n".join(json.dumps(record) for record in _records()) + "\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "storyline.cli", "brief", str(folder), "--since", "2025-03-05"]
    done = subprocess.run([*command, "-f", "json", "-o", "-"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    newer = {a["id"] for a in data["articles"] if a["published"] == "2025-03-08"}
    assert data["since"] == "2025-03-05" and data["summary"]
    assert all(c["article"] in newer for s in data["summary"] for c in s["citations"])
    bad = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "brief", str(folder), "--since", "03/05/2025"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
