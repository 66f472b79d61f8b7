"""Quotes: each kind, split and partial quotes, transcripts, pronoun speakers, messy marks, merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.analyse.entities import extract_entities
from storyline.analyse.nlp import get_nlp
from storyline.analyse.quotes import extract_quotes
from storyline.analyse.quotes.marks import find_quotations
from storyline.model import Article, Entity, Quote
from storyline.relate.quotes import merge_quotes


def analyse(text: str, article_id: str = "a1") -> Article:
    article = Article(id=article_id, source=article_id, text=text)
    doc = get_nlp()(text)
    article.entities = extract_entities(article, doc)
    article.quotes = extract_quotes(article, doc, article.entities)
    return article


def entity(article: Article, entity_id: str | None) -> Entity:
    found = [item for item in article.entities if item.id == entity_id]
    assert found, f"speaker entity {entity_id} not among the article's entities"
    return found[0]


def only(quotes: list[Quote], kind: str) -> Quote:
    found = [quote for quote in quotes if quote.kind == kind]
    assert len(found) == 1, [(q.kind, q.speaker.name, [c.text for c in q.content]) for q in quotes]
    return found[0]


def test_split_direct_quote_is_one_quote_with_two_contents_and_pronoun_speaker() -> None:
    article = analyse(
        'Prime Minister Jane Holloway spoke in Leeds on Monday.\n\n"We will build the bridge," she said. '
        '"Nobody will stop us."'
    )
    quote = only(article.quotes, "direct")
    assert [span.text for span in quote.content] == ["We will build the bridge,", "Nobody will stop us."]
    assert quote.speaker.name == "Jane Holloway"
    assert quote.speaker.span is not None and quote.speaker.span.text == "she"
    assert quote.cue is not None and quote.cue.text == "said"
    for span in [*quote.content, quote.cue, quote.speaker.span]:
        assert article.text[span.start : span.end] == span.text


def test_partial_quote_inside_a_sentence() -> None:
    article = analyse(
        'Senator Mark Whitfield urged the council to "stop wasting public money" on the stadium.'
    )
    quote = only(article.quotes, "partial")
    assert [span.text for span in quote.content] == ["stop wasting public money"]
    assert quote.speaker.name == "Mark Whitfield"
    assert quote.cue is not None and quote.cue.text == "urged"


def test_indirect_speech_with_reporting_verb_and_according_to() -> None:
    said = only(
        analyse("Mark Whitfield said there were signs that the council would change course.").quotes,
        "indirect",
    )
    assert said.content[0].text == "there were signs that the council would change course"
    according = only(
        analyse(
            "The factory will close in May, according to the regional trade minister Paul Brenner."
        ).quotes,
        "indirect",
    )
    assert according.cue is not None and according.cue.text == "according to"
    assert according.speaker.name == "Paul Brenner"
    assert according.content[0].text == "The factory will close in May"


def test_trailing_pronoun_attribution_resolves_to_the_person() -> None:
    article = analyse(
        "Finance Minister Oskar Lindqvist met bankers in Stockholm on Tuesday.\n\n"
        "The talks were a waste of time, he said."
    )
    quote = only(article.quotes, "indirect")
    assert quote.speaker.span is not None and quote.speaker.span.text == "he"
    assert entity(article, quote.speaker.entity).key == "lindqvist"
    assert quote.content[0].text == "The talks were a waste of time"


def test_transcript_labels_with_surname_only_and_reporter_skipped() -> None:
    article = analyse(
        "Reporter Anna Kowalski sent this story.\n\nTOMAS RIVERA: We need clean water now, not next year.\n\n"
        "ANNA KOWALSKI, BYLINE: Rivera runs a clinic here.\n\nRIVERA: Nobody has come to help us."
    )
    transcripts = [quote for quote in article.quotes if quote.kind == "transcript"]
    assert [q.content[0].text for q in transcripts] == [
        "We need clean water now, not next year.",
        "Nobody has come to help us.",
    ]
    assert {q.speaker.name for q in transcripts} == {"Tomas Rivera"}
    assert len({q.speaker.entity for q in transcripts}) == 1


def test_organisation_speaker_and_it_said() -> None:
    article = analyse(
        "At least 40 people died on Monday, the Syrian Observatory for Human Rights said. "
        "Most were civilians, it said."
    )
    speakers = {quote.speaker.name for quote in article.quotes}
    assert speakers == {"Syrian Observatory for Human Rights"}
    assert len(article.quotes) == 2


def test_unbalanced_and_mixed_quote_marks_do_not_cost_the_rest() -> None:
    article = analyse(
        'Mayor Rosa Delgado said, "The budget is balanced.\n\n'
        'Councillor Ben Ortiz replied: “It is not balanced at all."'
    )  # "replied", a verb of saying: a stance verb ("disagreed") would keep the quote off the ledger
    by_speaker = {quote.speaker.name.removeprefix("Councillor "): quote for quote in article.quotes}
    assert by_speaker["Rosa Delgado"].content[0].text == "The budget is balanced."
    assert by_speaker["Rosa Delgado"].confidence < by_speaker["Ben Ortiz"].confidence  # never closed
    assert by_speaker["Ben Ortiz"].content[0].text == "It is not balanced at all."


def test_newswire_backticks_and_apostrophes_in_link_lists() -> None:
    marks = find_quotations("Trade envoy Li Wei said ``the tariffs must go'' before the summit.")
    assert len(marks) == 1
    text = (
        "Read more: Obama's plan | Clinton's 'new' strategy | Voters' views\n\n"
        "The senator said it 'would fail'."
    )
    quoted = [text[q.inner_start : q.inner_end] for q in find_quotations(text)]
    assert quoted == ["new", "would fail"]
    article = analyse(text)
    assert [quote.speaker.name for quote in article.quotes] == ["The senator"]


def test_messy_inputs_never_raise() -> None:
    for text in ["", '"', "“ ” “", 'He said "', "SAID: said: said", "''``''", "\n\n\n", "“a”" * 200]:
        assert isinstance(analyse(text).quotes, list)


def test_merge_quotes_joins_outlets_and_groups_by_speaker() -> None:
    first = analyse(
        "French Foreign Minister Alain Juppé spoke in Paris. "
        '"We are ready to vote on the resolution this week," '
        "Juppé said. Sergei Lavrov said Russia would veto the text.",
        "a1",
    )
    second = analyse(
        'Juppe told reporters: "We are ready to vote on the resolution this week." '
        '"There is no time to lose," Juppe said.',
        "a2",
    )
    ledger = merge_quotes([first, second])
    ready = [q for q in ledger if "ready to vote" in q.content[0].text]
    assert len(ready) == 1 and ready[0].also_in == ["a2"] and ready[0].article == "a1"
    keys = [q.speaker.name for q in ledger]
    assert keys[:2] == ["Alain Juppé", "Juppe"] or keys[:2] == ["Alain Juppé", "Alain Juppé"]
    juppe_positions = [i for i, q in enumerate(ledger) if "Jupp" in q.speaker.name]
    assert juppe_positions == list(range(len(juppe_positions)))  # one speaker's quotes together
    assert len(ledger) == len(first.quotes) + len(second.quotes) - 1
    assert first.quotes[0].also_in == []  # the articles' own records are untouched


# --------------------------------------------------------------------------------------- real articles


def seed(seeds_dir: Path, prefix: str, start: str, end: str) -> Article:
    """The article body of one seed file, from the first ``start`` marker to the end of ``end``."""
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    begin, stop = raw.index(start), raw.index(end) + len(end)
    return analyse(raw[begin:stop], prefix)


@pytest.mark.slow
def test_seed_rfi_partial_quote_and_pronoun_speaker(seeds_dir: Path) -> None:
    article = seed(seeds_dir, "000", "US Secretary of State", "Revolution Coordinators Union.")
    sidelines = [q for q in article.quotes if any("get off the sidelines" in c.text for c in q.content)]
    assert len(sidelines) == 1 and sidelines[0].kind == "partial"
    assert sidelines[0].speaker.name == "Hillary Clinton"
    joke = [q for q in article.quotes if q.content[0].text == "Russia thought it was a joke"]
    assert len(joke) == 1 and joke[0].speaker.name == "Sergei Lavrov" and joke[0].speaker.span.text == "he"
    fabius = [q for q in article.quotes if q.cue is not None and q.cue.text == "according to"]
    assert any(q.speaker.name == "Laurent Fabius" for q in fabius)


@pytest.mark.slow
def test_seed_bloomberg_lavrov_and_juppe(seeds_dir: Path) -> None:
    article = seed(seeds_dir, "003", "Russia came under renewed attack", "neither will it be solved today.”")
    lavrov = [q for q in article.quotes if q.speaker.name == "Sergei Lavrov"]
    assert any("ultimatums would not work" in q.content[0].text and q.cue.text == "countered" for q in lavrov)
    assert len(lavrov) >= 4
    resolved = [q for q in article.quotes if q.speaker.entity is not None]
    juppe = [q for q in resolved if entity(article, q.speaker.entity).key == "juppe"]
    assert len(juppe) >= 2


@pytest.mark.slow
def test_seed_npr_transcript_and_broadcast_paraphrase(seeds_dir: Path) -> None:
    article = seed(seeds_dir, "002", "From NPR News", "Copyright NPR.")
    clinton = [q for q in article.quotes if q.kind == "transcript" and q.speaker.name == "Hillary Clinton"]
    assert len(clinton) == 1 and clinton[0].content[0].text.startswith("To those few nations")
    assert not any("Foreign language spoken" in q.content[0].text for q in article.quotes)
    assert not any(q.speaker.name == "Eleanor Beardsley" for q in article.quotes)  # the reporter
    sooner = [q for q in article.quotes if "crystal clear" in q.content[0].text]
    assert len(sooner) == 1 and sooner[0].speaker.name == "Laurent Fabius"
    assert not sooner[0].content[0].text.startswith("BEARDSLEY")


@pytest.mark.slow
def test_seed_moscow_times_juppe_quotes_and_cross_outlet_keys(seeds_dir: Path) -> None:
    moscow = seed(seeds_dir, "004", "PARIS —", 'faces their responsibilities," he said.')
    juppe = [q for q in moscow.quotes if q.kind == "direct" and q.speaker.name == "Alain Juppe"]
    assert len(juppe) >= 4  # three "Juppe said/told" quotes and the closing "he said"
    assert any(q.speaker.span.text == "he" for q in juppe)
    bloomberg = seed(
        seeds_dir, "003", "Russia came under renewed attack", "neither will it be solved today.”"
    )
    keys = {
        entity(a, q.speaker.entity).key
        for a in (moscow, bloomberg)
        for q in a.quotes
        if "Jupp" in q.speaker.name
    }
    assert keys == {"juppe"}


def test_dateline_colon_speaker_and_headlines() -> None:
    article = analyse(
        "Minister Says Talks Will Resume\n\n"
        "PARIS — France's foreign minister, who met his Russian counterpart, "
        "said talks would resume in June.\n\n"
        'Pollster Dana Whitcombe: "Voters have stopped listening to both parties."'
    )
    names = [quote.speaker.name for quote in article.quotes]
    assert names == ["Minister", "France's foreign minister", "Dana Whitcombe"]
    headline = article.quotes[0]  # PolNeAR annotates headline attributions; they stay low-confidence
    assert headline.cue is not None and headline.cue.text == "Says"
    assert headline.content[0].text == "Talks Will Resume" and headline.confidence < 0.5
    colon = article.quotes[2]
    assert colon.kind == "direct" and colon.cue is not None and colon.cue.text == ":"
    assert colon.content[0].text == "Voters have stopped listening to both parties."


@pytest.mark.slow
def test_seed_cnn_partial_quotes_hold_only_the_quoted_words(seeds_dir: Path) -> None:
    article = seed(
        seeds_dir, "001", "Last year's mass protests", 'Al-Assad blames "terrorists" for the violence.'
    )
    blames = [q for q in article.quotes if q.cue is not None and q.cue.text == "blames"]
    assert len(blames) == 1 and blames[0].kind == "partial"
    assert [span.text for span in blames[0].content] == ["terrorists"]
    aim = [q for q in article.quotes if any("divide Syria" in span.text for span in q.content)]
    assert len(aim) == 1 and aim[0].kind == "partial"
    assert [span.text for span in aim[0].content] == ["is to divide Syria or to create internal war."]
    for quote in article.quotes:  # no content part starts, ends or is cut at a quotation mark
        for span in quote.content:
            assert not any(mark in span.text for mark in '"\u201c\u201d'), span.text


def test_headline_attributions_by_colon_and_by_verb_but_not_link_lists() -> None:
    colon = analyse("Graham: Trump's rhetoric is destroying the party.\n\nThe senator spoke on Sunday.")
    quote = [q for q in colon.quotes if q.speaker.span is not None and q.speaker.span.text == "Graham"]
    assert len(quote) == 1 and quote[0].content[0].text == "Trump's rhetoric is destroying the party"
    verb = analyse("Conservative Icon Morton Blackwell Endorses Ted Cruz\n\nHe spoke in Iowa.")
    (endorses,) = [q for q in verb.quotes if q.cue is not None and q.cue.text == "Endorses"]
    assert endorses.speaker.span is not None
    assert endorses.speaker.span.text == "Conservative Icon Morton Blackwell"
    assert endorses.content[0].text == "Ted Cruz"
    latest = analyse("The Latest: Sanders declares victory in Michigan\n\nVoters turned out early.")
    assert [q.speaker.name for q in latest.quotes if q.cue and q.cue.text == "declares"] == ["Sanders"]
    assert analyse("Read more: Obama's plan for jobs\n\nNothing here.").quotes == []


def test_headline_verbs_skip_plural_nouns_and_take_headline_insults() -> None:
    attacks = analyse("Paris Terror Attacks Highlight Gaps in Security\n\nOfficials met on Monday.")
    (quote,) = attacks.quotes  # "Attacks" is the noun of the source, "Highlight" the cue
    assert quote.cue is not None and quote.cue.text == "Highlight"
    assert quote.speaker.span is not None and quote.speaker.span.text == "Paris Terror Attacks"
    knocks = analyse("Senator Knocks Governor Over School Budget\n\nThe vote is on Monday.")
    assert [q.cue.text for q in knocks.quotes if q.cue is not None] == ["Knocks"]


def test_a_failure_inside_the_analyser_is_not_hidden_as_an_article_without_quotes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storyline.analyse.quotes as quotes

    text = 'Mayor Ruth Calder said the bridge would open. "We are ready," she said.'
    doc = get_nlp()(text)
    article = Article(id="a1", source="a1", text=text)
    entities = extract_entities(article, doc)

    def broken(*_: object) -> None:
        raise RuntimeError("a bug in cue finding")

    monkeypatch.setattr(quotes, "find_cues", broken)
    with pytest.raises(RuntimeError):  # the pipeline's one guard counts it; the analyser must not eat it
        quotes.extract_quotes(article, doc, entities)


def test_the_quote_lexicon_is_data_only() -> None:
    import ast

    from storyline.analyse.lexicons import cues as lexicon

    tree = ast.parse(Path(lexicon.__file__).read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.ClassDef)]


def _by_cue(article: Article, cue: str) -> Quote:
    found = [q for q in article.quotes if q.cue is not None and q.cue.text == cue]
    seen = [(q.cue.text if q.cue else None, [c.text for c in q.content]) for q in article.quotes]
    assert len(found) == 1, seen
    return found[0]


def test_stance_verbs_short_objects_and_passive_agents_are_attributions() -> None:
    endorsed = _by_cue(analyse("Governor Chris Christie endorsed Trump last week."), "endorsed")
    assert endorsed.content[0].text == "Trump" and endorsed.speaker.name == "Chris Christie"
    said_so = _by_cue(analyse("In May, half of the voters said so."), "said")
    assert said_so.content[0].text == "so" and said_so.speaker.span is not None
    reported = _by_cue(
        analyse("The senator's resignation was first reported by Reuters."), "was first reported"
    )
    assert reported.speaker.name == "Reuters"
    assert reported.content[0].text == "The senator's resignation"
    referring = _by_cue(
        analyse("Mayor Ann Lee spoke for an hour, referring to the budget crisis."), "referring to"
    )
    assert referring.content[0].text == "the budget crisis" and referring.speaker.name == "Ann Lee"


def test_noun_cue_with_possessor_source() -> None:
    article = analyse("Voters cheered Senator Tom Hale's proposal to close the border within a year.")
    quote = _by_cue(article, "proposal")
    assert quote.speaker.span is not None and quote.speaker.span.text == "Senator Tom Hale's"
    assert quote.content[0].text == "to close the border within a year"  # PolNeAR keeps the "to"
    assert quote.confidence < 0.7  # a stance noun is weaker evidence than a speech verb


def test_source_spans_follow_polnear_conventions() -> None:
    inverted = analyse(
        "The course lost money every year, said Paul Chipok, a lawyer in Orlando who advises golf clubs."
    )
    said = _by_cue(inverted, "said")
    assert said.speaker.span is not None
    assert said.speaker.span.text == "Paul Chipok, a lawyer in Orlando who advises golf clubs"
    assert said.speaker.name == "Paul Chipok"
    relative = analyse("Bernie Sanders, who endorsed Hillary Clinton on Tuesday, spoke in Vermont.")
    endorsed = _by_cue(relative, "endorsed")
    assert endorsed.speaker.span is not None and endorsed.speaker.span.text == "who"
    assert endorsed.speaker.name == "Bernie Sanders"
    dateline = analyse(
        "CLEVELAND, July 19 (UPI) — Former Attorney General Michael Mukasey said on Tuesday that the "
        "server should disqualify her."
    )
    mukasey = _by_cue(dateline, "said")
    assert mukasey.speaker.span is not None
    assert mukasey.speaker.span.text == "Former Attorney General Michael Mukasey"
    rally = analyse("Marco Rubio, speaking at a rally in Miami, said the party had lost its way.")
    assert _by_cue(rally, "said").speaker.span.text == "Marco Rubio"


def test_speaker_between_closing_mark_and_verb_even_when_parse_climbs_into_the_quote() -> None:
    article = analyse(
        "\u201cWe were tremendously wrong to not have confronted him from the beginning,\u201d Ramos, 58, "
        "told AFP in an interview in Mexico City on Monday."
    )
    quote = only(article.quotes, "direct")
    assert quote.speaker.span is not None and quote.speaker.span.text.startswith("Ramos")
    assert quote.cue is not None and quote.cue.text == "told"


def test_cue_spans_take_adverbs_and_topic_prepositions_and_continue_only_as_speech() -> None:
    also = _by_cue(analyse("Senator Ann Lee also said the vote would be close."), "also said")
    assert also.content[0].text == "the vote would be close"
    of = _by_cue(analyse("Mayor Tom Hale warned of higher property taxes."), "warned of")
    assert of.content[0].text == "higher property taxes"
    continued = analyse('"We will win this race," he continued.')
    assert [q.cue.text for q in continued.quotes if q.cue] == ["continued"]
    grew = analyse("Sales continued to grow in May, the company said.")
    assert [q.cue.text for q in grew.quotes if q.cue] == ["said"]


def test_paraphrase_before_a_partial_quotation_is_kept_as_indirect_speech() -> None:
    article = analyse(
        "Carson said he saw no need to change anything about his campaign, telling the host that "
        "\u201cwe tell the truth, we deal with the issues\u201d in every state."
    )
    indirect = only(article.quotes, "indirect")
    assert indirect.content[0].text == "he saw no need to change anything about his campaign"
    partial = only(article.quotes, "partial")
    assert partial.content[0].text == "we tell the truth, we deal with the issues"
    assert indirect.speaker.name == partial.speaker.name == "Carson"


def test_quote_closing_a_sentence_goes_to_the_cue_opening_the_next_one() -> None:
    article = analyse(
        "\u201cIt looks like we are not going to have a very good relationship, who knows?\u201d Trump told "
        "Britain's ITV television station in an interview aired on Monday when asked how ties would fare."
    )
    direct = only(article.quotes, "direct")
    assert direct.cue is not None and direct.cue.text == "told"
    assert direct.speaker.span is not None and direct.speaker.span.text == "Trump"


def test_misprinted_opening_mark_closes_an_open_quotation() -> None:
    text = "\u201cThat could create new problems for her here,\u201c said Jim Clyburn, a congressman."
    marks = find_quotations(text)
    assert [(text[q.inner_start : q.inner_end], q.closed) for q in marks] == [
        ("That could create new problems for her here,", True)
    ]
    quote = only(analyse(text).quotes, "direct")
    assert quote.speaker.name == "Jim Clyburn"


def test_in_a_poll_is_a_source_but_in_a_statement_leaves_the_speaker_to_the_verb() -> None:
    poll = analyse("In a Marist poll released Monday, 50 percent of respondents chose Clinton.")
    quote = _by_cue(poll, "In")
    assert quote.speaker.span is not None and quote.speaker.span.text == "a Marist poll released Monday"
    assert quote.content[0].text == "50 percent of respondents chose Clinton"
    statement = analyse("In a statement, the Clinton campaign said the rally drew 5,000 people.")
    assert [q.cue.text for q in statement.quotes if q.cue] == ["said"]


# ----------------------------------------------------------------------- what may reach the ledger


LEDGER = 0.5  # Settings.min_quote_confidence


def test_is_speech_cue_accepts_verbs_and_nouns_of_saying_only() -> None:
    from storyline.grammar.reporting import is_speech_cue

    for word in ("say", "tell", "add", "warn", "insist", "deny", "Statement", "remark", "according"):
        assert is_speech_cue(word), word
    for word in ("reject", "agree", "blame", "believe", "refuse", "decide", "support", "plan", ""):
        assert not is_speech_cue(word), word


def test_stance_verbs_stay_on_the_article_but_below_the_ledger() -> None:
    article = analyse("Mayor Ruth Calder rejected calls to resign. The council agreed to delay the vote.")
    cues = {quote.cue.text for quote in article.quotes if quote.cue is not None}
    assert {"rejected", "agreed"} <= cues  # still found: PolNeAR counts stances as attributions
    assert all(quote.confidence < LEDGER for quote in article.quotes)
    assert merge_quotes([article], min_confidence=LEDGER) == []


def test_unquoted_request_is_not_a_report_of_speech_but_a_quoted_one_is() -> None:
    request = analyse("Mayor Ruth Calder urged the council to cut the water tax.")
    assert [quote.kind for quote in request.quotes] == ["indirect"]
    assert request.quotes[0].confidence < LEDGER
    quoted = analyse('Mayor Ruth Calder urged the council to "stop wasting public money" on the stadium.')
    assert only(quoted.quotes, "partial").confidence >= LEDGER
    demanded = analyse("Mayor Ruth Calder demanded that the chief step down.")  # subjunctive: a request
    assert all(quote.confidence < LEDGER for quote in demanded.quotes)
    for text in (
        "Mayor Ruth Calder warned that prices are likely to rise.",
        "Mayor Ruth Calder vowed to rebuild the bridge.",
    ):
        assert only(analyse(text).quotes, "indirect").confidence >= LEDGER, text


def test_quotation_after_an_infinitive_goes_to_the_person_who_asked() -> None:
    article = analyse("Governor Tomas Berg called for the mayor to answer the charges “within a week.”")
    partial = only(article.quotes, "partial")
    assert partial.content[0].text.startswith("within a week")
    assert partial.speaker.name == "Tomas Berg"
    assert partial.cue is not None and partial.cue.text == "called for"
    ledger = merge_quotes([article], min_confidence=LEDGER)
    assert [quote.speaker.name for quote in ledger] == ["Tomas Berg"]  # never "the mayor ... to answer"


def test_paraphrase_woven_with_a_quotation_is_never_cut_before_the_mark() -> None:
    article = analyse(
        "What the town needs is a “serious plan” for the flooded river, Mayor Ruth Calder said."
    )
    ledger = merge_quotes([article], min_confidence=LEDGER)
    assert [quote.content[0].text for quote in ledger] == [
        "What the town needs is a “serious plan” for the flooded river"
    ]
    for quote in article.quotes:
        assert not quote.content[-1].text.endswith((" a", " is", " of"))


def test_documents_are_not_speakers() -> None:
    article = analyse(
        "A draft resolution circulated by Norway urges the parties to accept a truce. "
        "The safety report said the pilot had slept little."
    )
    assert article.quotes, "still found for the evaluation"
    assert merge_quotes([article], min_confidence=LEDGER) == []


def test_it_said_is_not_the_organisation_named_in_passing() -> None:
    text = (
        "The annual report was published on Friday. It said the army had fought the Red Hand militia "
        "in the north.\n\n"
        '"In a small number of cases, troops have taken direct action against the militia," it said.'
    )
    article = analyse(text)
    found = [q for q in article.quotes if "direct action" in " ".join(c.text for c in q.content)]
    speakers = [q.speaker.name for q in found]
    assert speakers and all("Red Hand" not in name for name in speakers)
