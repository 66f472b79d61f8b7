"""The speaker a ledger shows is the article's full name of that person, found across the article.

Every text here is invented. Each test names one way an article refers to its speaker at the cue (a
pronoun, a surname, a role in apposition, a role in a lede before the name, an honorific, a title) and
checks the quote's ``Speaker.name`` is the full name, with any title kept in ``Speaker.role``.
"""

from __future__ import annotations

from storyline.analyse.entities import extract_entities
from storyline.analyse.nlp import get_nlp
from storyline.analyse.quotes import extract_quotes
from storyline.model import Article, Quote


def quotes_of(text: str) -> list[Quote]:
    article = Article(id="a1", source="a1", text=text)
    doc = get_nlp()(text)
    return extract_quotes(article, doc, extract_entities(article, doc))


def said(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if any(words in span.text for span in q.content)]
    assert found, [(q.speaker.name, [s.text for s in q.content]) for q in quotes]
    return found[0]


def test_a_pronoun_speaker_is_the_full_name_of_the_person_it_stands_for() -> None:
    quotes = quotes_of(
        "Maria Lindqvist, the finance minister of Eldoria, spoke in Port Vell on Monday.\n\n"
        '"We will not devalue the crown," she said.'
    )
    assert said(quotes, "devalue").speaker.name == "Maria Lindqvist"


def test_a_surname_speaker_is_the_full_name_given_earlier() -> None:
    quotes = quotes_of(
        "Tomas Brandt, who leads the harbour workers' union, arrived in Port Vell on Monday.\n\n"
        '"The strike goes on until the docks are safe," Brandt said.'
    )
    quote = said(quotes, "strike goes on")
    assert quote.speaker.name == "Tomas Brandt"
    assert quote.speaker.span is not None and quote.speaker.span.text == "Brandt"


def test_a_role_in_apposition_gives_the_name_and_keeps_the_role_apart() -> None:
    quotes = quotes_of(
        "Eldoria's foreign minister, Pavel Kostin, said on Tuesday that the talks had failed.\n\n"
        "Kostin flew home the same night."
    )
    quote = said(quotes, "talks had failed")
    assert quote.speaker.name == "Pavel Kostin"
    assert quote.speaker.role == "Eldoria's foreign minister"


def test_a_role_in_the_lede_is_the_person_the_article_names_later() -> None:
    quotes = quotes_of(
        "PORT VELL — Eldoria's foreign minister said on Tuesday that the talks with Norland had failed.\n\n"
        "Foreign Minister Pavel Kostin met his Norland counterpart for six hours in the capital.\n\n"
        '"We did not find a single point of agreement," Kostin told reporters.'
    )
    lede = said(quotes, "talks with Norland had failed")
    assert lede.speaker.name == "Pavel Kostin"
    assert lede.speaker.role == "Eldoria's foreign minister"
    assert said(quotes, "single point").speaker.name == "Pavel Kostin"


def test_a_title_before_the_name_is_the_role_not_part_of_the_name() -> None:
    quotes = quotes_of('"There will be no new taxes," Finance Minister Maria Lindqvist said on Monday.')
    quote = said(quotes, "no new taxes")
    assert quote.speaker.name == "Maria Lindqvist"
    assert quote.speaker.role == "Finance Minister"


def test_an_honorific_picks_the_right_one_of_two_people_with_one_surname() -> None:
    quotes = quotes_of(
        "Anna Varga and her husband Peter Varga opened the new library in Port Vell on Sunday.\n\n"
        "Anna Varga cut the ribbon.\n\n"
        '"Books are cheaper than prisons," Mr. Varga said.'
    )
    assert said(quotes, "cheaper than prisons").speaker.name == "Peter Varga"


def test_people_named_inside_the_quotation_are_not_who_he_is() -> None:
    quotes = quotes_of(
        "Tomas Brandt spoke to the strikers on the quay on Monday morning.\n\n"
        '"Pavel Kostin has never once come down to the docks," he said.'
    )
    assert said(quotes, "never once come down").speaker.name == "Tomas Brandt"


def test_a_written_out_role_refers_back_to_its_abbreviated_title() -> None:
    quotes = quotes_of(
        "Sen. Laura Mendel introduced the harbour bill on Wednesday.\n\n"
        "The senator said the bill would pass before the summer recess."
    )
    assert said(quotes, "would pass").speaker.name == "Laura Mendel"


def test_initials_are_part_of_the_name_not_a_title() -> None:
    quotes = quotes_of(
        '"The figures do not add up," said J.R. Halvorsen, an economist at Norland University.'
    )
    assert said(quotes, "do not add up").speaker.name == "J.R. Halvorsen"


def test_a_campaign_speaks_for_itself_not_as_its_candidate() -> None:
    quotes = quotes_of(
        "Tomas Brandt is running for mayor of Port Vell.\n\n"
        "Brandt's campaign said on Friday that it had raised two million crowns."
    )
    assert said(quotes, "raised two million").speaker.name != "Tomas Brandt"


def test_two_countries_speaking_together_are_both_named() -> None:
    quotes = quotes_of("Eldoria and Norland said on Friday that the border would stay closed.")
    assert said(quotes, "border would stay closed").speaker.name == "Eldoria and Norland"


def test_newswire_quotes_opened_with_two_apostrophes_are_direct_quotes() -> None:
    quotes = quotes_of(
        "Maria Lindqvist spoke in Port Vell.\n\n"
        "''I think the crown is strong,'' Ms. Lindqvist said. ''Nobody doubts it.''"
    )
    quote = said(quotes, "crown is strong")
    assert quote.kind == "direct" and quote.speaker.name == "Maria Lindqvist"
    assert len(quote.content) == 2  # one quote split around its cue
    assert not [q for q in quotes if q.speaker.name.lower() == "i"]  # "I think" inside is not a cue
