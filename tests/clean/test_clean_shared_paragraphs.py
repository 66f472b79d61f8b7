"""Paragraphs two outlets share are the story, not a template: they stay in both.

Regression for a fuzzing find (tests/test_fuzz.py): ``clean_corpus`` dropped every line found in two
documents as a "repeated" template line unless more than half of a document's paragraphs were shared. Two
reports of one story sharing one of their two paragraphs therefore both lost it, fell under the length
limit and were skipped whole; on real clusters the same rule cut shared wire paragraphs and quotations
from every copy. A template line that is not prose (a masthead, an edition line) still goes.
"""

from __future__ import annotations

from storyline.api import brief_texts
from storyline.clean.text import clean_corpus

LEDE = (
    "At least 12 people were killed in Millbrook on Friday when a bridge collapsed, the county said, and "
    "rescue teams worked through the night."
)
SHARED = (
    "The Red Cross said 40 people were still missing after the bridge fell, and that its teams would stay "
    "in the town until the search was over."
)
TEMPLATE = "Valley Courier Evening Edition"


def test_a_shared_prose_paragraph_stays_in_both_documents() -> None:
    first = f"{TEMPLATE}\n\n{LEDE}\n\n{SHARED}"
    second = f"{TEMPLATE}\n\n{LEDE.replace('12', '15').replace('county', 'mayor')}\n\n{SHARED}"
    results = clean_corpus([first, second])
    for result in results:
        assert SHARED in result.text
        assert TEMPLATE not in result.text
        assert TEMPLATE in [item.text for item in result.removed if item.reason == "repeated"]


def test_two_reports_sharing_a_paragraph_are_both_briefed() -> None:
    other = LEDE.replace("12", "15").replace("the county said", "officials said")
    brief = brief_texts([f"{LEDE}\n\n{SHARED}", f"{other}\n\n{SHARED}"])
    assert not brief.problems
    assert len(brief.articles) == 2
    assert all(SHARED in article.text for article in brief.articles)
