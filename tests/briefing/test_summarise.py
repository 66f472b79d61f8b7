"""Behaviour of the extractive summariser on small invented clusters (no shared data needed)."""

from __future__ import annotations

import re

import pytest

from storyline.analyse.nlp import get_nlp
from storyline.analyse.sentences import split_sentences
from storyline.briefing import filters
from storyline.briefing.summarise import summarise
from storyline.model import Article, Entity, Span, SummarySentence

RIVERTON_A = "\n\n".join(
    [
        "Bridge Collapse In Riverton",
        "The Old Mill bridge in Riverton collapsed on Monday morning, sending two cars into the Kell river.",
        "Photo: Anna Berg/Getty Images",
        "Rescue crews pulled four people from the water, and all of "
        "them were taken to Riverton General Hospital.",
        "Here is what we know so far:",
        "The bridge had been closed for repairs twice in the last five years, according to city records.",
        "They did not say when the bridge would reopen.",
        "Mayor Elena Ruiz ordered an inspection of every bridge in the city. She said "
        "the inspections would start on Wednesday and take a month.",
        "Will the city ever trust its bridges again?",
    ]
)

RIVERTON_B = "\n\n".join(
    [
        "The Old Mill bridge over the Kell river in Riverton collapsed "
        "on Monday, and two cars fell into the water.",
        "Four people were rescued from the river by emergency crews "
        "and taken to hospital with minor injuries.",
        "Engineers had warned the city council last year that the bridge "
        "needed urgent repairs to its steel supports.",
        "BEARDSLEY: The council had postponed the repairs because of the "
        "cost, which engineers put at two million dollars.",
        "NPR's Tom Hale was at the scene. He has this report.",
    ]
)

RIVERTON_C = "\n\n".join(
    [
        "Traffic in Riverton was diverted to the new Station Road "
        "bridge after the collapse of the Old Mill bridge.",
        "Local shops near the river said they lost most of their customers on Monday afternoon.",
        "The city will hold a public meeting about the bridge on Thursday evening at the town hall.",
    ]
)


def make_article(article_id: str, text: str, published: str | None = None) -> Article:
    article = Article(id=article_id, source=f"test:{article_id}", text=text, published=published)
    article.sentences = split_sentences(text, get_nlp()(text))
    return article


def with_person(article: Article, name: str, pronouns: str = "She") -> Article:
    """Add a PERSON entity with every mention of ``name``, its surname and the pronoun ``pronouns``, as the
    entity layer would link them."""
    surname = name.split()[-1]
    pattern = rf"{re.escape(name)}|\b{re.escape(surname)}\b" + (rf"|\b{pronouns}\b" if pronouns else "")
    mentions = [Span.of(article.text, m.start(), m.end()) for m in re.finditer(pattern, article.text)]
    article.entities.append(Entity("e0", name, "PERSON", surname.lower(), mentions))
    return article


@pytest.fixture(scope="module")
def cluster() -> list[Article]:
    return [
        with_person(make_article("a", RIVERTON_A, "2024-03-04"), "Elena Ruiz"),
        make_article("b", RIVERTON_B, "2024-03-05"),
        make_article("c", RIVERTON_C, "2024-03-04"),
    ]


def words_of(summary: list[SummarySentence]) -> int:
    return sum(len(item.text.split()) for item in summary)


@pytest.mark.parametrize("budget", [20, 45, 80, 250])
def test_word_budget_is_respected(cluster: list[Article], budget: int) -> None:
    summary = summarise(cluster, words=budget)
    assert words_of(summary) <= budget
    if budget >= 45:
        assert summary, "a budget of several sentences must select something"


def test_citations_point_at_exact_source_spans(cluster: list[Article]) -> None:
    by_id = {article.id: article for article in cluster}
    summary = summarise(cluster, words=250)
    assert summary
    for item in summary:
        first = item.citations[0]
        cited = by_id[first.article].text[first.start : first.end]
        assert cited == cited.strip() and cited
        shown = filters.normalise_space(cited)
        # the shown text is the cited span, except for a resolved leading pronoun or a dropped parenthesis
        assert item.text == shown or item.text.split()[-3:] == shown.split()[-3:]
        for citation in item.citations[1:]:
            other = by_id[citation.article]
            assert citation.article != first.article
            assert any(s.start == citation.start and s.end == citation.end for s in other.sentences)


def test_same_fact_is_cited_to_every_outlet_reporting_it(cluster: list[Article]) -> None:
    summary = summarise(cluster, words=250)
    collapse = [item for item in summary if "collapsed" in item.text]
    assert collapse
    assert len({c.article for c in collapse[0].citations}) >= 2


def test_never_selects_headings_captions_fragments_teasers_or_unresolved_pronouns(
    cluster: list[Article],
) -> None:
    texts = [item.text for item in summarise(cluster, words=1000)]
    joined = "\n".join(texts)
    assert "Bridge Collapse In Riverton" not in joined
    assert "Getty" not in joined
    assert not any(text.endswith(":") for text in texts)
    assert not any(text.rstrip().endswith("?") for text in texts)
    assert "They did not say" not in joined
    assert "has this report" not in joined and "was at the scene" not in joined
    assert not any(text.split()[0] in {"She", "He", "They", "It", "This"} for text in texts)


def test_leading_pronoun_is_replaced_by_the_person_it_refers_to(cluster: list[Article]) -> None:
    texts = [item.text for item in summarise(cluster, words=1000)]
    resolved = [text for text in texts if "inspections would start" in text]
    assert resolved == ["Elena Ruiz said the inspections would start on Wednesday and take a month."]


def test_pronoun_the_entity_layer_does_not_link_is_not_replaced() -> None:
    article = with_person(make_article("x", RIVERTON_A, "2024-03-04"), "Elena Ruiz", pronouns="")
    texts = [item.text for item in summarise([article], words=1000)]
    assert not any("inspections would start" in text for text in texts)


def test_pronoun_inside_a_quotation_is_never_replaced() -> None:
    text = "\n\n".join(
        [
            "Flood waters reached the old town of Marlow on Tuesday, forcing hundreds of families to leave.",
            "Farid Osei, whose house was flooded, spoke of his sister. “She had lived there for forty years. "
            "She is the heart of this street and everyone knows her,” Osei said of the neighbourhood.",
        ]
    )
    article = with_person(make_article("q", text, "2024-03-04"), "Farid Osei")
    texts = [item.text for item in summarise([article], words=1000)]
    assert not any(text.startswith("Farid Osei is") or "Osei is the heart" in text for text in texts)


def test_discourse_openers_and_asides_are_kept_as_printed(cluster: list[Article]) -> None:
    text = (
        "Meanwhile, the regional water board (which runs the dam) said the reservoir was at a record level "
        "on Sunday and would be lowered."
    )
    article = make_article("m", text, "2024-03-04")
    summary = summarise([article], words=100)
    assert [s.text for s in summary] == [text]


def test_sentences_that_lean_on_earlier_context_are_not_used() -> None:
    text = "\n\n".join(
        [
            "Ministers from twelve countries met in Vienna on Friday to discuss the water treaty.",
            "At that meeting, the delegates agreed to share data from every river gauge.",
            "The treaty will be signed next month, he told reporters after the talks ended.",
            "The next day, negotiators returned to their capitals with the draft text.",
        ]
    )
    article = make_article("c", text, "2024-03-04")
    shown = [s.text for s in summarise([article], words=1000)]
    assert shown == ["Ministers from twelve countries met in Vienna on Friday to discuss the water treaty."]
    assert filters.needs_context(article, 0, "Officials said he would resign, Mayor Dan Holt said.") is True
    assert filters.needs_context(article, 0, "Mayor Dan Holt said he would resign on Friday.") is False
    assert filters.needs_context(article, 0, "“He will resign,” the mayor’s office said.") is False
    assert filters.needs_context(article, 0, "“The level of security at the bank is actually fairly high.”")
    attributed = "“Security is high,” the bank’s chief executive said on Monday."
    assert not filters.needs_context(article, 0, attributed)
    meeting = "“At that meeting, the minister will ask for more aid,” she said."
    assert filters.needs_context(article, 0, meeting)


def test_pronoun_without_a_clear_referent_is_dropped() -> None:
    article = make_article("x", RIVERTON_A)  # no entity layer: "She" cannot be resolved
    texts = [item.text for item in summarise([article], words=1000)]
    assert not any("inspections would start" in text for text in texts)


def test_transcript_speaker_label_is_stripped_and_citation_moves_past_it(cluster: list[Article]) -> None:
    summary = summarise(cluster, words=1000)
    council = [item for item in summary if "postponed the repairs" in item.text]
    assert council
    assert council[0].text.startswith("The council had postponed")
    citation = council[0].citations[0]
    assert RIVERTON_B[citation.start : citation.end].startswith("The council")


def test_duplicate_article_is_not_summarised_twice(cluster: list[Article]) -> None:
    copy = make_article("b2", RIVERTON_B, "2024-03-05")
    copy.duplicate_of = "b"
    summary = summarise([*cluster, copy], words=1000)
    texts = [item.text for item in summary]
    assert len(texts) == len(set(texts))
    assert all(item.citations[0].article != "b2" for item in summary)


def test_identical_text_without_duplicate_mark_is_still_not_repeated(cluster: list[Article]) -> None:
    twin = make_article("b3", RIVERTON_B, "2024-03-05")
    texts = [item.text for item in summarise([*cluster, twin], words=1000)]
    assert len(texts) == len(set(texts))


def test_query_changes_the_selection(cluster: list[Article]) -> None:
    plain = [item.text for item in summarise(cluster, words=40)]
    shops = [
        item.text for item in summarise(cluster, words=40, query="How were local shops and traffic hit?")
    ]
    assert plain != shops
    assert any("shops" in text or "Traffic" in text for text in shops)


def test_order_follows_date_then_place_in_the_article_then_centrality(cluster: list[Article]) -> None:
    summary = summarise(cluster, words=1000)
    dates = {"a": "2024-03-04", "b": "2024-03-05", "c": "2024-03-04"}
    firsts = [item.citations[0] for item in summary]
    assert [dates[c.article] for c in firsts] == sorted(dates[c.article] for c in firsts)
    assert firsts[-1].article == "b"  # the only article published on the 5th comes last
    for article in "abc":  # within an article, source order
        starts = [c.start for c in firsts if c.article == article]
        assert starts == sorted(starts)
    # on one date, each report's opening before any report's details: the rank of a sentence among its
    # article's usable sentences never falls, and on the same rank the central article ("a") leads
    usable = {a.id: [u.start for _, u in filters.usable_spans(a)] for a in cluster}
    keys = [(dates[c.article], usable[c.article].index(c.start), c.article) for c in firsts]
    assert keys == sorted(keys)
    assert {c.article for c in firsts if dates[c.article] == "2024-03-04"} == {"a", "c"}
    assert [key[1] for key in keys[:2]] == [0, 0], "both openings of the 4th come first"


def test_a_query_keeps_input_order(cluster: list[Article]) -> None:
    summary = summarise(cluster, words=1000, query="Which bridge collapsed in Riverton?")
    firsts = [item.citations[0] for item in summary]
    dates = {"a": "2024-03-04", "b": "2024-03-05", "c": "2024-03-04"}
    keys = [(dates[c.article], c.article, c.start) for c in firsts]
    assert keys == sorted(keys)


def test_empty_inputs_give_empty_summaries() -> None:
    assert summarise([], words=250) == []
    assert summarise([make_article("e", "Short.")], words=250) == []
    assert summarise([make_article("f", RIVERTON_C)], words=0) == []


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Here is what the ministers agreed at the summit:", "colon fragment"),
        ("What will the ministers agree at the summit next week?", "question"),
        ("• Ministers agreed to meet again in the spring of next year.", "bullet"),
        ("Photo: the ministers posing before the summit dinner in Paris.", "caption or boilerplate"),
        ("Sign up for our newsletter to get the latest summit news.", "caption or boilerplate"),
        ("NPR's Ann Lee was at the meeting and she has this report.", "anchor line"),
        ("the ministers then left the building without comment to reporters.", "starts mid-sentence"),
        ("The ministers agreed to meet again in the spring of next year.", None),
        (
            "Firefighters stand beside a burned truck in Selwyn, Tuesday, March 4, 2025, after the blaze.",
            "caption or boilerplate",
        ),
        (
            "Hide Caption 3 of 12 Photos: Firefighters stand beside a burned truck in Selwyn.",
            "caption or boilerplate",
        ),
        ("The fire broke out on March 4, 2025, and destroyed two warehouses near the port.", None),
        ("The fire broke out on Tuesday and destroyed two warehouses near the port.", None),
    ],
)
def test_reject_reasons(sentence: str, reason: str | None) -> None:
    assert filters.reject_reason(sentence) == reason


def test_trim_span_strips_datelines_and_labels() -> None:
    text = "MOBILE, Ala. (AP) -- A man was arrested after buying grenades from an agent."
    start, end = filters.trim_span(text, 0, len(text))
    assert text[start:end].startswith("A man was arrested")
    text = "STEVE INSKEEP, HOST: The ministers met in Paris on Friday to discuss the war."
    start, end = filters.trim_span(text, 0, len(text))
    assert text[start:end].startswith("The ministers met")
    text = "Police in Paris - the capital - arrested three men on Friday night."
    assert filters.trim_span(text, 0, len(text)) == (0, len(text))


def test_verb_check_reads_the_analysed_tags_and_rejects_verbless_fragments() -> None:
    article = make_article("v", "The minister resigned on Friday. A day of sorrow and anger for the city.")
    first, second = article.sentences
    assert first.verbs and not second.verbs  # "resigned" was tagged by the analyse step's parse
    verb = filters.Usable(first.start, first.end, first.text, 5)
    fragment = filters.Usable(second.start, second.end, second.text, 9)
    assert filters.has_verb(article, verb)
    assert not filters.has_verb(article, fragment)
    # a span inside a sentence counts only the verbs inside the span
    assert not filters.has_verb(article, filters.Usable(first.start, first.start + 12, "The minister", 2))


def test_background_articles_come_after_the_story_and_are_marked() -> None:
    old = make_article(
        "old",
        "The Old Mill bridge in Riverton was inspected by city engineers, who found rust in its steel "
        "supports and asked the council for two million dollars of repairs to the bridge.",
        published="2024-01-10",
    )
    news = [
        make_article("a", RIVERTON_A, published="2024-06-03"),
        make_article("b", RIVERTON_B, published="2024-06-03"),
        make_article("c", RIVERTON_C, published="2024-06-04"),
    ]
    summary = summarise([old, *news], words=250)
    kinds = [s.citations[0].article == "old" for s in summary]
    assert any(kinds), "the background report should be used"
    assert kinds == sorted(kinds), "background must follow the story"
    for sentence in summary:
        if sentence.citations[0].article == "old":
            assert sentence.background == "10 January 2024"
            assert not sentence.text.startswith("Background")


def test_place_and_agency_dateline_is_trimmed() -> None:
    text = "Paris, France (CNN) -- The foreign ministers met on Friday to discuss new sanctions."
    start, end = filters.trim_span(text, 0, len(text))
    assert text[start:end].startswith("The foreign ministers")
    dated = "OSLO, March 3 (Xinhua) -- The foreign ministers met on Friday to discuss new sanctions."
    start, end = filters.trim_span(dated, 0, len(dated))
    assert dated[start:end].startswith("The foreign ministers")
    aside = "Hollande said -- and he meant it -- that more was needed."
    assert filters.trim_span(aside, 0, len(aside)) == (0, len(aside))


def test_answer_label_of_a_question_and_answer_piece_is_dropped() -> None:
    text = "Q. When did the ferry leave the port?\n\nA. The ferry left Dunmore harbour at 6 p.m. on Friday."
    start = text.index("A. The")
    assert text[slice(*filters.trim_span(text, start, len(text)))].startswith("The ferry left")
    plain = "A. Moreau, the harbour master, said the ferry left Dunmore at 6 p.m. on Friday."
    assert filters.trim_span(plain, 0, len(plain)) == (0, len(plain))


def test_a_sentence_from_an_undated_article_is_marked_when_others_are_dated() -> None:
    dated = make_article("d", RIVERTON_B, published="2024-03-05")
    undated = make_article("u", RIVERTON_C)
    summary = summarise([dated, undated], words=1000)
    marks = {s.citations[0].article: s.undated for s in summary}
    assert marks.get("d") is False and marks.get("u") is True
    assert not any(s.undated for s in summarise([make_article("u", RIVERTON_C)], words=1000))
