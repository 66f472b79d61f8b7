"""An HTML fragment (a feed's ``content:encoded``, a CMS body) is read as a page's body, not lost.

Regression for a fuzzing find (tests/test_fuzz.py): trafilatura's sanity check rejects any input without
"html" in its first 50 characters whose parse has fewer than two top-level elements, so a record
``{"html": "<p>...</p>"}`` of one paragraph, or an article wrapped in a single ``<article>`` or ``<body>``,
came back as "no article text found in the HTML" however much prose it held.
"""

from __future__ import annotations

import pytest

from storyline.api import brief_records
from storyline.clean.html import clean_html

PARAGRAPH = (
    "The river authority opened the northern sluice gates on Monday after three days of heavy rain, "
    "and officials said the water level at the old bridge had fallen by half a metre overnight, "
    "while farmers in the valley moved their cattle to higher ground."
)


@pytest.mark.parametrize(
    "fragment",
    [
        f"<p>{PARAGRAPH}</p>",
        f"<body><p>{PARAGRAPH}</p></body>",
        f"<article><p>{PARAGRAPH}</p></article>",
        f"<div class='story'>{PARAGRAPH}</div>",
        f"\n  <p>{PARAGRAPH}",
    ],
)
def test_a_one_block_fragment_keeps_its_text(fragment: str) -> None:
    result = clean_html(fragment)
    assert result.text == PARAGRAPH


def test_a_fragment_record_is_briefed() -> None:
    brief = brief_records([{"html": f"<p>{PARAGRAPH}</p>", "title": "Sluice gates opened"}])
    assert not brief.problems
    assert [article.text for article in brief.articles] == [PARAGRAPH]
    assert brief.articles[0].sentences


def test_a_fragment_without_an_article_is_still_empty() -> None:
    assert clean_html("<p>Home | News | Sport</p>").text == ""
    assert clean_html("<div><script>var x = 1;</script></div>").text == ""
