"""The HTML path loses the same boilerplate lines as plain text, and at least keeps trafilatura's article."""

from __future__ import annotations

import pytest

from storyline.clean.html import _clean_units, _units, clean_html, dropped_blocks
from storyline.clean.lines import boilerplate_lines, split_lines
from storyline.clean.metadata import is_byline, is_date_stamp, is_relative_time, is_stamp_line
from storyline.clean.text import clean_plain_text

PROSE = (
    "The river authority opened the northern sluice gates on Monday after three days of heavy rain, "
    "and officials said the water level at the old bridge had fallen by half a metre overnight.",
    "Farmers in the valley said they had moved their cattle to higher ground on Saturday, while the "
    "town council set up a shelter in the school hall for families whose homes were flooded.",
    '"We have not seen water like this since the winter of the great storm," said Mara Velt, who has '
    "run the ferry across the river for twenty years and who closed it for the rest of the week.",
    "Engineers will inspect the embankment on Wednesday, the authority said, and the road along the "
    "river will stay closed until they have finished their work and the gates are shut again.",
)


@pytest.mark.parametrize(
    "line",
    [
        "By ANNA KOVAC, Harbour Press Writer 59 minutes ago",
        "47 minutes ago",
        "Updated 3 hrs ago",
        "| Home | RSS | Archives |",
        "Home · Local · Sport · Weather",
        "Westfield Gazette 1/8/08 Tom Brandt",
        "www.valleynews.example 2008-01-14 09:12:55",
        "Copyright 2008 The Valley Courier. All rights reserved.",
        "Share this article",
        "Subscribe to our daily newsletter",
        "Valley Courier",
        "| By Tom Brandt | 2 hours ago |",
    ],
)
def test_boilerplate_lines_finds_each_kind(line: str) -> None:
    text = f"{PROSE[0]}\n\n{line}\n\n{PROSE[1]}"
    assert boilerplate_lines(text) != []
    assert all(found not in PROSE for found in boilerplate_lines(text))


def test_boilerplate_lines_leave_article_sentences_alone() -> None:
    sentences = [
        *PROSE,
        "By Tuesday, forty people had been taken to hospital.",
        "The vote is set for Jan. 5, two weeks after the hearing.",
        "Storm floods valley towns",
        "48 Hours",
        "20 Minutes",
    ]
    assert boilerplate_lines("\n\n".join(sentences)) == []


def test_rows_of_a_data_table_are_not_pipe_menus() -> None:
    table = "Team | Played | Points\nRovers | 12 | 30\nUnited | 12 | 27\nAthletic | 12 | 19"
    assert boilerplate_lines(f"{PROSE[0]}\n{table}") == []
    assert boilerplate_lines("Home | News | Sport\nRovers | Weather | Jobs") != []


def test_stamp_relative_time_and_byline_shapes() -> None:
    assert is_relative_time("posted an hour ago") and is_date_stamp("Posted 2 days ago")
    assert is_stamp_line("Westfield Gazette 1/8/08 Tom Brandt")
    assert not is_stamp_line("Storm floods valley towns on Jan. 5")
    assert not is_stamp_line("The vote is set for Jan. 5.")
    assert is_byline("By Tom Brandt and Ana Ruiz in Lisbon")
    assert not is_byline("By Tuesday, forty people had died.")


def test_long_line_of_names_and_figures_is_prose() -> None:
    card = " ".join(
        f"Race {n}: Silver Arrow (4) J. Marsh 58, Night Owl (2) P. Kent 57 and Red Fern (1) A. Low 55."
        for n in range(1, 14)
    )
    line = split_lines(card)[0]
    assert line.chars > 1000 and line.stop_density < 0.25
    assert line.quality == "good"


def test_a_copyright_paragraph_goes_whole() -> None:
    raw = "\n".join(
        [
            *PROSE,
            "Copyright 2008 Valley Courier. All rights reserved. This material may not be published, "
            "broadcast, rewritten or redistributed. Use of this site means you accept our Terms of Use "
            "and our Privacy Policy.",
        ]
    )
    result = clean_plain_text(raw)
    assert "Copyright" not in result.text and PROSE[3] in result.text
    assert any(item.reason == "copyright" and item.text.startswith("Copyright") for item in result.removed)


def _page(body: str, head_close: bool = True) -> str:
    head = "<head><title>River gates opened after heavy rain</title>" + ("</head>" if head_close else "")
    return f"<!DOCTYPE html><html>{head}<body>{body}</body></html>"


def test_bylines_stamps_menus_and_copyright_inside_the_article_are_removed() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    body = (
        "<article><h1>River gates opened after heavy rain</h1>"
        "<p>By ANNA KOVAC, Harbour Press Writer</p><p>59 minutes ago</p>"
        f"{paragraphs}<p>| Home | RSS | Archives |</p>"
        "<p>Copyright 2008 The Valley Courier. All rights reserved.</p></article>"
    )
    result = clean_html(_page(body))
    for paragraph in PROSE:
        assert paragraph.replace('"', "") in result.text.replace('"', "").replace("“", "").replace("”", "")
    for furniture in ("ANNA KOVAC", "minutes ago", "Archives", "Copyright"):
        assert furniture not in result.text
    assert boilerplate_lines(result.text) == []
    reasons = {item.reason for item in result.removed}
    assert {"byline", "dateline", "copyright"} <= reasons


def test_a_page_with_an_unclosed_head_still_reports_what_was_removed() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    menu = "<div><a href='/'>Home</a> <a href='/jobs'>Jobs and careers</a></div>"
    page = _page(f"{menu}<div>{paragraphs}</div>", head_close=False)
    removed = dropped_blocks(page, "\n".join(PROSE))
    assert any("Jobs and careers" in item.text for item in removed)
    assert all(page[item.start : item.end] == item.text for item in removed)


def test_layout_table_cells_are_judged_one_by_one() -> None:
    cells = "".join(f"<p>{p}</p>" for p in PROSE)
    body = (
        "<table><tr><td>By Tom Brandt</td><td>January 14, 2008</td></tr>"
        f"<tr><td>{cells}</td></tr>"
        "<tr><td><a href='/'>Home</a> | <a href='/news'>News</a> | <a href='/rss'>RSS</a></td></tr></table>"
    )
    result = clean_html(_page(body))
    assert "Farmers in the valley" in result.text and "Engineers will inspect" in result.text
    assert "Tom Brandt" not in result.text and "January 14, 2008" not in result.text
    assert boilerplate_lines(result.text) == []


def test_byline_and_time_run_into_the_story_are_split_off() -> None:
    # What trafilatura returns for a layout that sets the byline, the time and the story side by side in
    # one block: the page's own tabs and blanks between them.
    extraction = (
        f"By ANNA KOVAC, Harbour Press Writer{' ' * 30}59 minutes ago \t\t{' ' * 30}{PROSE[0]}\n"
        + "\n".join(PROSE[1:])
    )
    units = [unit.text for unit in _units(extraction)]
    assert units[:3] == ["By ANNA KOVAC, Harbour Press Writer", "59 minutes ago", PROSE[0]]
    kept, dropped, _outlet = _clean_units(_units(extraction))
    assert kept[0] == PROSE[0] and len(kept) == len(PROSE)
    assert {why for _line, why in dropped} == {"byline", "dateline"}


def test_hard_wrapped_release_is_joined_and_kept() -> None:
    wrapped = (
        "The river authority said on Monday that it would open the northern sluice gates and\n"
        "keep them open for the rest of the week, because the rain that fell on the hills over\n"
        "the weekend was still reaching the valley and the level at the old bridge was rising.\n"
        "Farmers in the valley said they had moved their cattle to higher ground on Saturday,\n"
        "while the town council set up a shelter in the school hall for families whose homes\n"
        "were flooded by the water that came over the embankment late on Sunday evening.\n"
    )
    body = f"<article><pre>{wrapped}</pre>" + "".join(f"<p>{p}</p>" for p in PROSE[2:]) + "</article>"
    result = clean_html(_page(body))
    assert "northern sluice gates and keep them open" in result.text
    assert "higher ground on Saturday, while the town council" in result.text


def test_a_data_table_that_continues_the_article_stays() -> None:
    table = (
        "<table><tr><th>Station</th><th>Level (m)</th><th>Change</th></tr>"
        "<tr><td>Old bridge</td><td>4.2</td><td>-0.5</td></tr>"
        "<tr><td>Mill weir</td><td>3.8</td><td>-0.3</td></tr>"
        "<tr><td>Ferry landing</td><td>2.9</td><td>-0.4</td></tr></table>"
    )
    body = "<article>" + "".join(f"<p>{p}</p>" for p in PROSE) + table + "</article>"
    result = clean_html(_page(body))
    assert "Mill weir | 3.8 | -0.3" in result.text
    assert boilerplate_lines(result.text) == []
