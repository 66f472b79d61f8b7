"""The plain-text boilerplate cleaner: invented pages with each kind of boilerplate, then the real seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean.text import CleanResult, clean_corpus, clean_plain_text
from storyline.model import Removed

ARTICLE = """Skip to content
Home | World | Business | Sport
Harbour workers end strike after pay deal in Portsmouth

By Jane Marlow, Staff Writer
Posted March 3, 2021 at 10:15 am
Photo: Getty Images/Pool
6 min read

Dock workers in Portsmouth voted on Tuesday to end a three-week strike after the port authority offered \
a pay rise of 7 percent, union officials said.

The walkout had left dozens of container ships waiting offshore and cost local businesses an estimated \
£4 million, according to the chamber of commerce.

“We have won what we came for,” said union organiser Tom Hale. “Our members can go back with their \
heads high.”

Port officials welcomed the vote.

The agreement includes:

  • A 7 percent rise backdated to January;
  • Two extra days of annual leave;
  • A review of night-shift rotas.

Sign up for our morning briefing newsletter

Ferry operator announces new summer routes

The port authority said it expected normal operations to resume by Friday. Hale said the union would \
monitor the review of night shifts closely.

Sam Ortiz contributed to this report.

To contact the reporter: jane.marlow@example.org
© 2021 Harbour Gazette. All rights reserved.
12 comments
Leave a comment
"""

APPEAL_AND_LINKS = """Councils to get new powers over empty shops

Town councils will be able to take over shops that have stood empty for more than a year, the \
housing minister announced on Wednesday, in a move aimed at reviving high streets.

Landlords will have six months to find a tenant before a council can step in and auction a lease, \
the minister said in a speech in Leeds.

Retail groups gave the plan a cautious welcome.

Before you go...
Independent reporting like this depends on readers. Please make a donation today and help us keep \
our newsroom open. Your contribution, however small, makes a difference.
Donate now
Maybe later

More from Politics
May 2, 2021 -- Updated 1010 GMT
Floods hit northern towns as rivers burst their banks after days of heavy rain.
May 1, 2021 -- Updated 0900 GMT (1700 HKT)
Election officials begin a recount in a disputed district.
April 30, 2021 -- Updated 1200 GMT
Talks on fishing rights stall again, with neither side prepared to move.
"""

TRANSCRIPT = """Your Source for Harbour Radio News
Listen Live
Up Next:
Fishing fleet returns to record catch

From Harbour Radio News, this is THE EVENING TIDE. I'm Ann Webb.

The fishing fleet came home today with the largest catch in a decade, and prices at the morning \
market fell sharply as a result.

JANE MARLOW, BYLINE: On the quay at dawn the boxes were stacked three high. Skipper Ray Dunn said \
the shoals had come closer to shore than anyone could remember.

RAY DUNN: We didn't have to go far at all. It was a good week.

Jane Marlow, Harbour Radio News, Portsmouth. Transcript provided by Harbour Radio, Copyright Harbour Radio.

Jane Marlow has covered the waterfront for Harbour Radio since 2015, reporting on shipping, fishing \
and the port economy.
"""


def _removed_text(result: CleanResult, reason: str) -> str:
    return "\n".join(item.text for item in result.removed if item.reason == reason)


def _assert_offsets(raw: str, result: CleanResult) -> None:
    for item in result.removed:
        assert isinstance(item, Removed)
        assert 0 <= item.start < item.end <= len(raw)
        assert raw[item.start : item.end] == item.text


def test_invented_article_keeps_every_paragraph_and_drops_each_kind() -> None:
    result = clean_plain_text(ARTICLE)
    text = result.text
    assert result.title == "Harbour workers end strike after pay deal in Portsmouth"
    assert result.outlet == "Harbour Gazette"
    for kept in (
        "Dock workers in Portsmouth voted",
        "Port officials welcomed the vote.",
        "The agreement includes:",
        "• A 7 percent rise backdated to January;",
        "• A review of night-shift rotas.",
        "monitor the review of night shifts closely.",
        "Sam Ortiz contributed to this report.",
    ):
        assert kept in text
    for gone in (
        "Skip to content",
        "Home | World",
        "Harbour workers end strike",  # the title is not in the body
        "Staff Writer",
        "Getty Images",
        "6 min read",
        "newsletter",
        "Ferry operator announces",
        "To contact",
        "©",
        "comment",
    ):
        assert gone not in text, gone
    assert "Posted March 3, 2021" in _removed_text(result, "dateline")
    assert "By Jane Marlow" in _removed_text(result, "byline")
    assert "Getty Images/Pool" in _removed_text(result, "credit")
    assert "6 min read" in _removed_text(result, "reading-time")
    assert "Ferry operator" in _removed_text(result, "related-links")
    _assert_offsets(ARTICLE, result)


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    text = clean_plain_text(ARTICLE).text
    assert "\n\n\n" not in text
    assert all(part.strip() == part and part for part in text.split("\n\n"))


def test_appeal_and_date_stamped_link_list_are_removed_without_leaking_dates() -> None:
    result = clean_plain_text(APPEAL_AND_LINKS)
    assert result.title == "Councils to get new powers over empty shops"
    assert result.text.endswith("Retail groups gave the plan a cautious welcome.")
    for gone in ("donation", "Donate now", "Maybe later", "Floods hit", "May 2, 2021", "More from Politics"):
        assert gone not in result.text
    assert "make a donation" in _removed_text(result, "appeal")
    assert "Floods hit northern towns" in _removed_text(result, "related-links")
    # A date inside boilerplate must never be offered to the publication-date finder.
    assert _removed_text(result, "dateline") == ""
    _assert_offsets(APPEAL_AND_LINKS, result)


def test_transcript_station_header_signoff_and_bio() -> None:
    result = clean_plain_text(TRANSCRIPT)
    assert result.title == "Fishing fleet returns to record catch"
    assert result.outlet == "Harbour Radio"
    assert result.text.startswith("From Harbour Radio News, this is THE EVENING TIDE.")
    assert "RAY DUNN: We didn't have to go far at all." in result.text
    for gone in ("Your Source", "Listen Live", "Up Next", "Transcript provided", "covered the waterfront"):
        assert gone not in result.text
    assert "Transcript provided by" in _removed_text(result, "signoff")
    assert "has covered the waterfront" in _removed_text(result, "bio")
    _assert_offsets(TRANSCRIPT, result)


def test_hard_wrapped_input_is_reflowed_and_offsets_point_into_the_raw_text() -> None:
    raw = (
        "Skip to main content\n\n"
        "   PORTSMOUTH (HGN) -- Dock workers voted on Tuesday to end a\n"
        "three-week strike after the port authority offered a pay rise of\n"
        "7 percent, union officials said at a meeting in the city.\n\n"
        "   The walkout had left dozens of container ships waiting\n"
        "offshore, and local businesses said it had cost them dearly over\n"
        "the three weeks it lasted.\n\n"
        "   Port officials welcomed the vote and said normal work would\n"
        "resume by Friday.\n"
    )
    result = clean_plain_text(raw)
    paragraphs = result.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1] == (
        "The walkout had left dozens of container ships waiting offshore, and local businesses said it had "
        "cost them dearly over the three weeks it lasted."
    )
    assert paragraphs[2].endswith("resume by Friday.")  # a short wrapped last line is not boilerplate
    assert result.outlet == "HGN"
    assert [item.reason for item in result.removed] == ["menu"]
    _assert_offsets(raw, result)


@pytest.mark.parametrize(
    "raw",
    ["", "   \n\n  ", "“", 'He said "unbalanced.', "\u00a0\u00a0•", "x" * 5000, "Menu\n" * 3],
)
def test_odd_input_never_crashes(raw: str) -> None:
    result = clean_plain_text(raw)
    assert isinstance(result.text, str)
    _assert_offsets(raw, result)


def test_huge_input_is_handled() -> None:
    raw = ARTICLE * 400  # ~700 kB
    result = clean_plain_text(raw)
    assert "Port officials welcomed the vote." in result.text
    _assert_offsets(raw, result)


def test_clean_corpus_drops_template_lines_repeated_across_documents() -> None:
    template = "Harbour Gazette Morning Edition\n\n"
    first = template + APPEAL_AND_LINKS
    second = template + TRANSCRIPT
    alone = clean_plain_text(first)
    results = clean_corpus([first, second])
    assert len(results) == 2
    assert "Harbour Gazette Morning Edition" in _removed_text(results[0], "repeated")
    assert results[0].text == alone.text
    assert "Retail groups gave the plan a cautious welcome." in results[0].text


def test_clean_corpus_keeps_paragraphs_of_syndicated_copies() -> None:
    results = clean_corpus([ARTICLE, ARTICLE.replace("Skip to content", "Jump to navigation")])
    for result in results:
        assert "Port officials welcomed the vote." in result.text
        assert "Dock workers in Portsmouth voted" in result.text


# --- the page's own outlet ----------------------------------------------------------------------------

_BODY = (
    "Flood water reached the first houses of Millbrook shortly after midnight, and fire crews spent the "
    "night moving families from the streets closest to the river, officials said on Saturday.\n\n"
    "The county council opened two rest centres in school halls and said about 300 people had used them, "
    "while the main road into the town stayed closed for most of the day.\n\n"
)


def _page(head: str, tail: str = "", body: str = _BODY) -> str:
    return head + "\n\n" + body + tail


def test_masthead_beats_a_wire_credit_line_dateline_and_body_mention() -> None:
    raw = _page(
        "FENLAND GAZETTE ONLINE\nHome  News  Sport\n\nFloods sweep through Millbrook after river bursts\n\n"
        "Kestrel Wire\nSat 3 Feb 2024 10.05 GMT",
        "This story was published automatically from a Kestrel Wire feed.\n",
        body="MILLBROOK, England, Feb 3 (Kestrel Wire) - " + _BODY,
    )
    result = clean_plain_text(raw)
    assert result.outlet == "Fenland Gazette Online"
    assert result.title == "Floods sweep through Millbrook after river bursts"
    assert "FENLAND GAZETTE ONLINE" in _removed_text(result, "outlet")


def test_wire_credit_and_dateline_name_the_outlet_when_the_page_names_nothing_else() -> None:
    head = "Floods sweep through Millbrook after river bursts\n\nKestrel Wire\nSat 3 Feb 2024 10.05 GMT"
    assert clean_plain_text(_page(head)).outlet == "Kestrel Wire"
    dated = _page("Floods sweep through Millbrook after river bursts", body="MILLBROOK (KW) -- " + _BODY)
    assert clean_plain_text(dated).outlet == "KW"


def test_copyright_line_beats_a_wire_credit_and_site_name_with_section() -> None:
    head = "Floods sweep through Millbrook after river bursts\n\nKestrel Wire\nSat 3 Feb 2024 10.05 GMT"
    raw = _page(head, "© 2024 Fenland Gazette Ltd. All rights reserved.\n")
    assert clean_plain_text(raw).outlet == "Fenland Gazette"
    sectioned = _page("Fenland Gazette Online | News\n\nFloods sweep through Millbrook after river bursts")
    assert clean_plain_text(sectioned).outlet == "Fenland Gazette Online"


def test_station_frequency_is_not_part_of_the_outlet() -> None:
    headline = "Floods sweep through Millbrook after river bursts"
    raw = _page(f"© 2024 Radio Kestrel 101.7 FM\nListen Live\n\n{headline}")
    assert clean_plain_text(raw).outlet == "Radio Kestrel"
    cut = _page(f"© 2024 Kestrel Radio 98 FM\n\n{headline}")
    assert clean_plain_text(cut).outlet == "Kestrel Radio"


@pytest.mark.parametrize(
    ("tail", "outlet"),
    [
        ("Subscribe to The Fenland Gazette for unlimited access.\n", "The Fenland Gazette"),
        ("Get the Fenland Gazette Morning Briefing: the news that matters. Sign up now\n", "Fenland Gazette"),
        ("Support Kestrel Sound today. Donate now.\n", "Kestrel Sound"),
        (
            "Kestrel Sound is an independent, listener-funded station. Please make a donation today.\n",
            "Kestrel Sound",
        ),
        (
            "We, the journalists of The Fenland Gazette, need your support. Donate today.\n",
            "The Fenland Gazette",
        ),
    ],
)
def test_the_page_names_itself_in_appeals_and_newsletter_lines(tail: str, outlet: str) -> None:
    raw = _page("Floods sweep through Millbrook after river bursts", tail)
    result = clean_plain_text(raw)
    assert result.outlet == outlet
    assert "Flood water reached" in result.text
    _assert_offsets(raw, result)


def test_generic_banners_and_product_words_name_no_outlet() -> None:
    raw = _page(
        "Breaking News\n\nFloods sweep through Millbrook after river bursts",
        "Daily newsletter\nReceive essential news every morning\nSupport local journalism. Donate today.\n",
    )
    assert clean_plain_text(raw).outlet is None


def test_masthead_repeated_across_the_batch_still_names_the_outlet() -> None:
    first = _page("The Fenland Gazette\n\nFloods sweep through Millbrook after river bursts")
    second = "The Fenland Gazette\n\n" + APPEAL_AND_LINKS
    results = clean_corpus([first, second])
    assert [result.outlet for result in results] == ["The Fenland Gazette", "The Fenland Gazette"]
    assert "The Fenland Gazette" in _removed_text(results[0], "outlet")


# --- the real seed files -------------------------------------------------------------------------

SEED_TITLES = {
    "000": "Clinton, Hollande lash Russia, Syria at Paris Friends of Syria conference",
    "001": "'Friends of Syria' set to meet in Paris",
    "002": "'Friends Of Syria' Cheer Defection Of Top General",
    "003": "Clinton Clashes With Russian Counterpart Lavrov at UN Over Stance on Syria",
    "004": "Paris Says Russia Reviewing Syria Stance",
}
SEED_OUTLETS = {"000": None, "001": "CNN", "002": "NPR", "003": "Bloomberg News", "004": "The Moscow Times"}


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, tuple[str, CleanResult]]:
    files = sorted(seeds_dir.glob("*.txt"))
    raws = [path.read_text(encoding="utf-8") for path in files]
    return {path.name[:3]: (raw, clean_plain_text(raw)) for path, raw in zip(files, raws, strict=True)}


@pytest.mark.slow
def test_seed_titles_and_outlets(seeds: dict[str, tuple[str, CleanResult]]) -> None:
    for key, (_raw, result) in seeds.items():
        assert result.title == SEED_TITLES[key]
        assert result.outlet == SEED_OUTLETS[key]
        assert SEED_TITLES[key] not in result.text


@pytest.mark.slow
def test_seed_boilerplate_is_gone(seeds: dict[str, tuple[str, CleanResult]]) -> None:
    everything = "\n".join(result.text for _raw, result in seeds.values())
    for gone in (
        "Skip to main content",
        "Reuters/Jacques Brinon/Pool",
        "4 min",
        "Daily newsletter",
        "Page not found",
        "does not exist",
        "June 26, 2014",
        "Part of complete coverage",
        "Kurdish boys",
        "Wikileaks releases",
        "Human Rights Watch releases report",
        "WRVO",
        "Your Source for NPR News",
        "Play Live Radio",
        "Next Up",
        "Transcript provided by NPR",
        "began reporting from France",
        "To contact the",
        "Editors:",
        "Disqus",
        "The Good Business Issue",
        "Support us",
        "ad-free",
        "small favor to ask",
        "refuse to be silenced",
        "Remind me later",
        "By the CNN Wire Staff",
    ):
        assert gone not in everything, gone


@pytest.mark.slow
def test_seed_real_paragraphs_are_kept(seeds: dict[str, tuple[str, CleanResult]]) -> None:
    texts = {key: result.text for key, (_raw, result) in seeds.items()}
    assert "Russia thought it was a joke, he said." in texts["000"].split("\n\n")
    assert "• An end to impunity for regime members;" in texts["000"]
    assert "• Aid for reconstruction once the conflict is over." in texts["000"]
    assert "In latest news from Syria:" in texts["000"]
    assert "• Demonstrations on Friday are set to call" in texts["000"]
    assert texts["001"].startswith("• Clinton arrives Thursday night in Paris")
    assert 'Al-Assad blames "terrorists" for the violence.' in texts["001"]
    assert texts["001"].endswith("Ivan Watson, Yesim Comert and Joe Sterling contributed to this report.")
    assert texts["002"].startswith("From NPR News, this is ALL THINGS CONSIDERED.")
    assert "give us (unintelligible)." in texts["002"]
    assert "‘Risky Recipes’" in texts["003"].split("\n\n")
    assert "Pressure on Russia" in texts["003"].split("\n\n")
    assert texts["003"].endswith("neither will it be solved today.”")
    assert texts["004"].startswith("PARIS — France's foreign minister")
    assert texts["004"].endswith('everybody faces their responsibilities," he said.')
    assert "sign up to reforms" in texts["004"]


@pytest.mark.slow
def test_seed_metadata_lines_have_metadata_reasons(seeds: dict[str, tuple[str, CleanResult]]) -> None:
    _cnn_raw, cnn = seeds["001"]
    datelines = [item.text for item in cnn.removed if item.reason == "dateline"]
    assert datelines == ["July 6, 2012 -- Updated 0256 GMT (1056 HKT)"]
    assert [item.text for item in cnn.removed if item.reason == "byline"] == ["By the CNN Wire Staff"]
    _raw, bloomberg = seeds["003"]
    assert [item.text for item in bloomberg.removed if item.reason == "dateline"] == ["March 12, 2012"]
    assert [item.text for item in bloomberg.removed if item.reason == "outlet"] == ["Bloomberg News"]
    _raw, moscow = seeds["004"]
    # "Since July 1, 2024, we have disabled all ads" is an appeal, not a dateline.
    assert not [item for item in moscow.removed if item.reason == "dateline"]
    for raw, result in seeds.values():
        _assert_offsets(raw, result)
        assert "\n\n\n" not in result.text


def test_reasons_come_from_the_fixed_vocabulary() -> None:
    from storyline.clean.lexicon import REASONS

    for raw in (ARTICLE, APPEAL_AND_LINKS, TRANSCRIPT):
        for item in clean_plain_text(raw).removed:
            assert item.reason in REASONS
    results = clean_corpus([ARTICLE, APPEAL_AND_LINKS, TRANSCRIPT])
    assert all(item.reason in REASONS for result in results for item in result.removed)


def test_byline_with_a_date_is_offered_as_dateline() -> None:
    raw = (
        "Storm closes schools across the county\n"
        "By Jane Marlow | March 3, 2021\n\n"
        "Schools across the county closed on Wednesday as a storm brought heavy snow and strong winds, "
        "and officials said they would stay shut until the roads were cleared.\n\n"
        "Forecasters expect more snow overnight, with up to 20 centimetres on higher ground.\n"
    )
    result = clean_plain_text(raw)
    assert [item.text for item in result.removed if item.reason == "dateline"] == [
        "By Jane Marlow | March 3, 2021"
    ]
    assert result.title == "Storm closes schools across the county"


def test_a_quoted_thank_you_for_support_inside_the_article_is_news() -> None:
    quote = (
        'On Saturday the campaign finally posted a photo with the message, "From the bottom of our hearts, '
        "we thank you for your support, prayers, efforts and vote. We are forever grateful to every one of "
        'you," and then fell silent again for the rest of the week.'
    )
    raw = (
        "The campaign's social media accounts went quiet for four days after the election, and fans began "
        "to drift away from its pages in large numbers.\n\n"
        f"{quote}\n\n"
        "By contrast, the winner acknowledged his victory with a pair of posts that quickly spread widely "
        "and drew millions of responses within hours.\n"
    )
    assert quote in clean_plain_text(raw).text


@pytest.mark.slow
def test_example_corpus_outlets_are_the_pages_own(example_corpus: Path) -> None:
    files = sorted(example_corpus.glob("*.txt"))
    results = dict(
        zip(
            (f.name for f in files), clean_corpus([f.read_text(encoding="utf-8") for f in files]), strict=True
        )
    )
    assert results["northern-post-dam-breach.txt"].outlet == "Northern Post Online", "not the wire it carries"
    assert results["radio-wenlow-evening-report.txt"].outlet == "Radio Wenlow", "no frequency"
    assert results["courier-june-inspection.txt"].outlet == "The Wenlow Courier"
    assert results["courier-sunday-valley.txt"].outlet == "The Wenlow Courier"
    assert results["meridian-wire-dam-breach.txt"].outlet == "Meridian Press Agency"
