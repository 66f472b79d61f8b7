"""The resolved-speaker measure: how a gold source's full name is worked out, how names are compared, and the
seed-report gate against hand-judged speakers. Texts here are invented; the gate reads the seed reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.analyse.nlp import get_nlp
from storyline.evaluate.quotes import Attribution, offsets, score
from storyline.evaluate.speakers import GoldName, gold_names, main, same_speaker, seed_report

SEED_SPEAKER_FLOOR = 95.0

TEXT = (
    "Foreign Minister Pavel Kostin arrived in Port Vell on Monday. "
    "Kostin said the talks had failed. "
    "He said Norland would not sign. "
    "Maria Lindqvist, who chairs the assembly, said the vote would go ahead. "
    "The minister said nothing more. "
    "They said the border stays closed."
)


def source(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def test_gold_sources_resolve_to_the_full_name_by_the_documented_rule() -> None:
    doc = get_nlp()(TEXT)
    surname, pronoun = TEXT.index("Kostin said"), TEXT.index("He said")
    names = gold_names(
        doc,
        [
            (surname, surname + len("Kostin")),  # a surname
            (pronoun, pronoun + len("He")),  # a pronoun
            source("Maria Lindqvist"),  # a full name
            source("The minister"),  # a definite role the article gives a named person
            source("They"),  # left unresolved
        ],
    )
    assert names[0] == GoldName("Pavel Kostin", True)
    assert names[1] == GoldName("Pavel Kostin", True)
    assert names[2] == GoldName("Maria Lindqvist", True)
    assert names[3] == GoldName("Pavel Kostin", True)
    assert names[4] is None
    assert [name.kind for name in names[:4] if name is not None] == ["surname", "pronoun", "name", "role"]


def test_names_match_on_first_and_last_word_for_people_and_by_words_for_others() -> None:
    person = GoldName("Pavel Kostin", True)
    assert same_speaker("Pavel A. Kostin", person)
    assert not same_speaker("Kostin", person)  # a surname is not the resolved name
    assert not same_speaker("he", person)
    assert same_speaker("The Norland Post", GoldName("Norland Post", False))
    assert not same_speaker("Eldoria", GoldName("Eldoria and Norland", False))  # one of two is not both


def test_score_counts_resolved_names_only_where_the_gold_resolves() -> None:
    text = "Kostin said the talks had failed, he said."
    right = GoldName("Pavel Kostin", True)
    gold = [
        Attribution(offsets(text, [(12, 32)]), offsets(text, [(0, 6)]), resolved=right),
        Attribution(offsets(text, [(0, 6)]), offsets(text, [(34, 36)]), resolved=None),
    ]
    predicted = [
        Attribution(offsets(text, [(12, 32)]), offsets(text, [(0, 6)]), name="Kostin"),
        Attribution(offsets(text, [(0, 6)]), offsets(text, [(34, 36)]), name="Pavel Kostin"),
    ]
    result = score([(gold, predicted)])
    assert result["speaker_accuracy"] == 100.0  # both spans overlap their gold source
    assert result["resolved_matched"] == 1  # the unresolved gold "he" is left out
    assert result["resolved_speaker_accuracy"] == 0.0  # "Kostin" is not the full name
    assert result["resolved_by_kind"] == {"name": {"matched": 1, "accuracy": 0.0}}


@pytest.mark.slow
def test_seed_ledger_speakers_match_the_hand_judged_names(seeds_dir: Path) -> None:
    report = seed_report(seeds_dir)
    assert report["judged"] >= 0.9 * report["gold"], report
    assert report["accuracy"] >= SEED_SPEAKER_FLOOR, report["wrong"]


def test_main_rejects_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err
