"""Soft line breaks copied from HTML source: joined inside sentences, left alone between blocks.

The fixtures are invented: a page whose source wraps its paragraphs at ~60 columns, flattened by lxml's
``text_content()`` (no layout guessing), which is what a naive scraper saves.
"""

from __future__ import annotations

from storyline.clean.text import clean_plain_text
from storyline.clean.wraps import join_soft_wraps, split_glued
from storyline.evaluate.cleaning import flatten_lxml

WRAPPED = """Home
World
Business
The harbour board met on Tuesday to decide whether the old
ferry terminal should be pulled down, and members voted to keep
it as a market hall for the town.
"""

PAGE_TEMPLATE = """<html><head><title>Harbour board keeps old terminal</title>
<script>var tracker = "Home World Business";</script><style>p {{ color: red }}</style></head>
<body><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul>
<h1>Harbour board keeps old terminal</h1>
<p>The harbour board met on Tuesday to decide whether the old
ferry terminal should be pulled down, and its members voted by
seven to two to keep the building as a market hall for the town.</p>
<p>The chair of the board said the vote was close because repairs
to the roof will cost more than the board had set aside for the
year, and that the council has been asked to share the cost.</p>
<p>Work on the roof is due to start in the spring, when the last of
the winter storms has passed and the scaffolding can go up.</p>
{a}
{b}
{c}
<p>Copyright 2021 Harbour Gazette. All rights reserved.</p>
</body></html>"""
# Paragraphs and link rows the source keeps on one long line each (so the page is not wrapped throughout).
_UNWRAPPED = {
    "a": "<p>Traders who run stalls in the hall on Saturdays said they were relieved, and several of them "
    "told the meeting that the market brings visitors to the harbour in every season of the year.</p>",
    "b": "<p>The board will publish the full cost of the repairs next month, once the surveyors have "
    "finished their report on the state of the timbers under the roof and the walls of the hall.</p>",
    "c": '<div><a href="/a">Ferry fares to rise</a> <a href="/b">Lifeboat crew honoured</a> '
    '<a href="/c">New bus route for the old town</a> <a href="/d">Sailing club opens</a></div>',
}
PAGE = PAGE_TEMPLATE.format(**_UNWRAPPED).encode()


def test_breaks_inside_a_sentence_are_joined_and_offsets_point_into_the_input() -> None:
    joined, offsets = join_soft_wraps(WRAPPED)
    lines = joined.splitlines()
    assert lines[:3] == ["Home", "World", "Business"]  # a menu is never joined
    assert lines[3].startswith("The harbour board met") and lines[3].endswith("for the town.")
    assert len(lines) == 4
    assert offsets is not None and len(offsets) == len(joined) + 1
    start = joined.index("ferry terminal")
    assert WRAPPED[offsets[start] : offsets[start] + len("ferry terminal")] == "ferry terminal"


def test_text_without_soft_wraps_is_returned_unchanged() -> None:
    text = "Home\nWorld\n\nThe board met on Tuesday.\nIt voted to keep the hall.\n"
    assert join_soft_wraps(text) == (text, None)


def test_title_case_lines_and_stamps_are_not_joined_to_what_follows() -> None:
    text = (
        "Who Are We\nthe team behind the paper and its readers\n"
        "Posted by Ann Roe on March 3, 2021\nthanks for this"
    )
    joined, _ = join_soft_wraps(text)
    assert joined.splitlines() == text.splitlines()


def test_lxml_flattened_page_with_source_wrapped_paragraphs_is_cleaned() -> None:
    flat = flatten_lxml(PAGE)
    assert "tracker" not in flat and "color: red" not in flat  # scripts and styles are removed
    assert "the old\nferry terminal" in flat  # the source's line breaks are kept, mid-sentence
    result = clean_plain_text(flat)
    paragraphs = result.text.split("\n\n")
    # Each wrapped paragraph comes back as one paragraph, whole.
    assert any(
        p.startswith("The harbour board met") and p.endswith("market hall for the town.") for p in paragraphs
    )
    assert any(p.startswith("Work on the roof") and p.endswith("scaffolding can go up.") for p in paragraphs)
    assert "council has been asked to share the cost." in result.text
    for junk in ("Sport", "Ferry fares to rise", "All rights reserved"):
        assert junk not in result.text
    # The raw offsets of a removed stretch still point at its text in the input.
    for removed in result.removed:
        assert flat[removed.start : removed.end] == removed.text


GLUED = (
    "Home\nWorld\nSport\n"
    "Harbour board keeps old terminal\n"
    "Email this storyPrint this pageThe harbour board met on Tuesday to decide whether the old ferry "
    "terminal should be pulled down, and its members voted to keep it.\n"
    "The chair said the new PlayStation lounge in the hall will open in May, and that repairs to the "
    "roof will cost more than planned.\n"
    "Traders said they were relieved. Several told the meeting that the market brings visitors all year.\n"
    "Related storiesFerry fares to riseLifeboat crew honoured\n"
)


def test_glued_blocks_are_judged_apart_and_names_with_inner_capitals_stay_whole() -> None:
    split, offsets, breaks = split_glued(GLUED)
    lines = split.splitlines()
    assert "Email this story" in lines and "Print this page" in lines
    assert "Ferry fares to rise" in lines and "Lifeboat crew honoured" in lines
    assert any("new PlayStation lounge" in line for line in lines)  # an inner capital after a capital
    assert offsets is not None and all(split[b] == "\n" for b in breaks)
    result = clean_plain_text(GLUED)
    assert result.title == "Harbour board keeps old terminal"
    assert result.text.startswith("The harbour board met on Tuesday")
    for junk in ("Print this page", "Email this story", "Ferry fares", "Related stories"):
        assert junk not in result.text
    assert "Email this storyPrint this page" in [removed.text for removed in result.removed]


def test_kept_pieces_of_a_glued_line_are_put_back_together() -> None:
    text = (
        "The harbour board met on Tuesday and its members, who sat for three hours, voted to keep the old "
        "hall.TheChair of the board said repairs to the roof will cost more than the board had planned."
    )
    split, _, breaks = split_glued(text)
    assert len(breaks) == 1 and split.count("\n") == 1  # cut after "hall." only, not inside "TheChair"
    assert clean_plain_text(text).text == text
