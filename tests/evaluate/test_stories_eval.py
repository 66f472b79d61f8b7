"""The story-grouping harness: B³ on hand cases, ECB+ text and gold from tiny hand-written files, the
TF-IDF + agglomerative baseline on a hand-written corpus, and the report with a stand-in grouper (no spaCy).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from storyline.evaluate import stories
from storyline.evaluate.stories import (
    b_cubed,
    baseline_sweep,
    best_threshold,
    detect_dataset,
    detokenise,
    detokenise_text,
    ecb_gold,
    ecb_text,
    load_ecbplus,
    load_t17,
    main,
    parse_topics,
)

# ------------------------------------------------------------------------------------------------ B³


def test_b_cubed_perfect_is_one_whatever_the_label_names() -> None:
    assert b_cubed([1, 1, 2, 2, 3], ["a", "a", "b", "b", "c"]) == (1.0, 1.0, 1.0)
    assert b_cubed(["x", "x", "y"], [7, 7, 9]) == (1.0, 1.0, 1.0)


def test_b_cubed_all_in_one_cluster() -> None:
    # every item's cluster holds 4, of which 2 share its gold: P = 1/2; every gold group is whole: R = 1
    assert b_cubed([0, 0, 0, 0], ["a", "a", "b", "b"]) == (0.5, 1.0, pytest.approx(2 / 3))


def test_b_cubed_singletons() -> None:
    assert b_cubed([1, 2, 3, 4], ["a", "a", "b", "b"]) == (1.0, 0.5, pytest.approx(2 / 3))
    assert b_cubed([1, 2, 3], ["a", "b", "c"]) == (1.0, 1.0, 1.0)


def test_b_cubed_mixed_case_by_hand() -> None:
    # clusters {0,1,2} {3}; gold {0,1} {2,3}
    # P: items 0,1 -> 2/3, item 2 -> 1/3, item 3 -> 1   => (2/3 + 2/3 + 1/3 + 1) / 4 = 2/3
    # R: items 0,1 -> 1, items 2,3 -> 1/2               => 3/4;   F1 = 2PR / (P + R) = 12/17
    p, r, f1 = b_cubed([1, 1, 1, 2], ["a", "a", "b", "b"])
    assert (p, r, f1) == (pytest.approx(2 / 3), 0.75, pytest.approx(12 / 17))
    # swapping the roles swaps P and R
    assert b_cubed(["a", "a", "b", "b"], [1, 1, 1, 2])[:2] == (0.75, pytest.approx(2 / 3))


def test_b_cubed_rejects_mismatched_lengths_and_handles_empty() -> None:
    with pytest.raises(ValueError):
        b_cubed([1, 2], ["a"])
    assert b_cubed([], []) == (0.0, 0.0, 0.0)


# ---------------------------------------------------------------------------------- detokenisation


PTB_LINE = "`` We do n't know , '' the mayor 's aide said ( on Monday ) : 17 - year - old , $ 5 , 10 % ."


def test_detokenise_spacing() -> None:
    assert detokenise(PTB_LINE.split()) == (
        "\"We don't know,\" the mayor's aide said (on Monday): 17-year-old, $5, 10%."
    )
    assert detokenise(
        ["at", "11", ":", "41", "on", "05", "/", "03", "/", "2013", "for", "1", ",", "000"]
    ) == ("at 11:41 on 05/03/2013 for 1,000")
    # straight quotes alternate, also when one is glued to a word
    assert detokenise(["he", "said", '"Since', "then", ".", '"', "Then", '"', "no", '"', "."]) == (
        'he said "Since then." Then "no".'
    )
    assert (
        detokenise(["That", "\u2019", "s", "it", "\u201c", "now", "\u201d"])
        == "That\u2019s it \u201cnow\u201d"
    )


def test_detokenise_text_maps_ptb_brackets() -> None:
    assert detokenise_text("Chan -LRB- WHO -RRB- said `` yes '' .") == 'Chan (WHO) said "yes".'


# ------------------------------------------------------------------------------------------------ ECB+

TINY_ECB = """<?xml version="1.0" encoding="UTF-8"?>
<Document doc_name="9_1ecbplus.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">http</token>
<token t_id="2" sentence="0" number="1">:</token>
<token t_id="3" sentence="0" number="2">/</token>
<token t_id="4" sentence="0" number="3">/</token>
<token t_id="5" sentence="0" number="4">example</token>
<token t_id="6" sentence="1" number="0">Bridge</token>
<token t_id="7" sentence="1" number="1">closes</token>
<token t_id="8" sentence="1" number="2">after</token>
<token t_id="9" sentence="1" number="3">storm</token>
<token t_id="10" sentence="2" number="0">March</token>
<token t_id="11" sentence="2" number="1">3</token>
<token t_id="12" sentence="2" number="2">,</token>
<token t_id="13" sentence="2" number="3">2011</token>
<token t_id="14" sentence="3" number="0">The</token>
<token t_id="15" sentence="3" number="1">bridge</token>
<token t_id="16" sentence="3" number="2">is</token>
<token t_id="17" sentence="3" number="3">n't</token>
<token t_id="18" sentence="3" number="4">safe</token>
<token t_id="19" sentence="3" number="5">,</token>
<token t_id="20" sentence="3" number="6">officials</token>
<token t_id="21" sentence="3" number="7">said</token>
<token t_id="22" sentence="3" number="8">.</token>
<token t_id="23" sentence="4" number="0">``</token>
<token t_id="24" sentence="4" number="1">Stay</token>
<token t_id="25" sentence="4" number="2">away</token>
<token t_id="26" sentence="4" number="3">&amp;</token>
<token t_id="27" sentence="4" number="4">wait</token>
<token t_id="28" sentence="4" number="5">,</token>
<token t_id="29" sentence="4" number="6">''</token>
<token t_id="30" sentence="4" number="7">they</token>
<token t_id="31" sentence="4" number="8">said</token>
<token t_id="32" sentence="4" number="9">.</token>
<Markables><ACTION_OCCURRENCE m_id="1"><token_anchor t_id="7"/></ACTION_OCCURRENCE></Markables>
</Document>
"""


def test_ecb_text_rebuilds_paragraphs_and_drops_the_url() -> None:
    assert ecb_text(TINY_ECB) == (
        "Bridge closes after storm\n\nMarch 3, 2011\n\n"
        'The bridge isn\'t safe, officials said. "Stay away & wait," they said.'
    )


def test_ecb_gold_from_file_names() -> None:
    assert ecb_gold(Path("ECB+/12/12_3ecbplus.xml")) == (12, "ecbplus")
    assert ecb_gold(Path("ECB+/12/12_10ecb.xml")) == (12, "ecb")
    with pytest.raises(ValueError):
        ecb_gold(Path("ECB+/12/notes.xml"))


def test_parse_topics() -> None:
    assert parse_topics("1-3,7, 9-10") == {1, 2, 3, 7, 9, 10}
    assert parse_topics("5") == {5}
    with pytest.raises(ValueError):
        parse_topics("9-3")


def _tiny_ecbplus(root: Path) -> Path:
    """Two topics, each with an ecb and an ecbplus document pair, written by hand."""
    texts = {
        "1/1_1ecb.xml": "Volcano erupts in Iceland , ash closes airports across Europe .",
        "1/1_2ecb.xml": "Iceland volcano ash cloud closes European airports for a second day .",
        "1/1_1ecbplus.xml": "Volcano erupts in Indonesia , villagers flee the lava on Java .",
        "1/1_2ecbplus.xml": "Lava from the Java volcano forces Indonesian villagers to flee .",
        "2/2_1ecb.xml": "Striker signs for Madrid in a record transfer fee deal .",
        "2/2_1ecbplus.xml": "Goalkeeper joins Milan on a free transfer after contract ends .",
    }
    for name, text in texts.items():
        path = root / "ECB+" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        tokens = "".join(
            f'<token t_id="{i}" sentence="0" number="{i}">{token}</token>\n'
            for i, token in enumerate(text.split())
        )
        path.write_text(f'<Document doc_name="{path.name}">\n{tokens}</Document>\n', encoding="utf-8")
    return root


def test_load_ecbplus_pools_shuffles_and_labels(tmp_path: Path) -> None:
    root = _tiny_ecbplus(tmp_path)
    assert detect_dataset(root) == "ecbplus"
    documents = load_ecbplus(root, seed=1)
    assert len(documents) == 6
    assert {d.labels["subevent"] for d in documents} == {"1/ecb", "1/ecbplus", "2/ecb", "2/ecbplus"}
    assert [d.name for d in documents] == [d.name for d in load_ecbplus(root, seed=1)]  # fixed seed
    assert all(set(d.record()) == {"text"} for d in documents)  # no name, no label reaches a system
    assert {d.labels["topic"] for d in load_ecbplus(root, topics=[2])} == {"2"}
    assert len(load_ecbplus(root, limit=4)) == 4


# -------------------------------------------------------------------------------------------- baseline


def test_baseline_separates_two_hand_written_stories() -> None:
    texts = [
        "Volcano erupts in Iceland, ash cloud closes airports",
        "Iceland volcano ash cloud grounds flights at airports",
        "Ash from Iceland volcano: airports closed, flights grounded",
        "Striker signs record transfer deal with Madrid club",
        "Madrid club completes record transfer of striker",
        "Record transfer: striker joins Madrid",
    ]
    gold = ["volcano"] * 3 + ["football"] * 3
    sweep = baseline_sweep(texts)
    assert sorted(sweep) == [round(0.05 * i, 2) for i in range(1, 20)]
    assert len(set(sweep[0.05])) == 6  # a tight threshold leaves every article alone
    threshold, scores = best_threshold(sweep, gold)
    assert scores == (1.0, 1.0, 1.0) and 0.05 < threshold < 0.95
    assert len(set(sweep[0.95])) <= 2
    assert baseline_sweep(["just one"])[0.5] == [0]


# ----------------------------------------------------------------------------------- report and CLI


@dataclass
class _FakeGrouping:
    stories: list[int]
    topics: list[int]


def _fake_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in grouper: the first word of the text is the story, everything one topic."""

    def featurize(records: list[dict[str, Any]]) -> list[str | None]:
        return [str(r["text"]).split()[0] for r in records]

    def group(features: list[str | None], stream: bool = False) -> _FakeGrouping:
        names = sorted({f for f in features if f is not None})
        return _FakeGrouping([names.index(f) for f in features if f is not None], [0] * len(features))

    monkeypatch.setattr(stories, "_grouping_api", lambda: (featurize, group))


def test_main_on_a_tiny_ecbplus_writes_table_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_api(monkeypatch)
    out = tmp_path / "report.json"
    assert main([str(_tiny_ecbplus(tmp_path / "ecb")), "--dev", "1", "--json", str(out)]) == 0
    table = capsys.readouterr().out
    assert "storyline batch" in table and "storyline streaming" in table and "held_out" in table
    assert "tuned on these same (test) topics" in table
    report = json.loads(out.read_text(encoding="utf-8"))
    batch = report["systems"]["storyline batch"]
    assert report["documents"] == 6 and report["gold_stories"] == 4
    assert batch["topic"]["p"] == pytest.approx((4 * 4 / 6 + 2 * 2 / 6) / 6, abs=1e-4)
    assert batch["splits"]["dev"]["documents"] == 4 and batch["splits"]["held_out"]["gold_stories"] == 2
    assert report["systems"]["baseline"]["subevent"]["threshold"] in stories.THRESHOLDS


def test_main_on_a_tiny_t17(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_api(monkeypatch)
    for folder, text in (
        ("quake_bbc", "Quake hits city -LRB- again -RRB- ."),
        ("flood_cnn", "Flood waters rise ."),
    ):
        (tmp_path / folder).mkdir()
        items = [{"uid": str(i), "dct": f"2010-01-0{i + 1}", "text": f"{text} day {i}"} for i in range(3)]
        (tmp_path / folder / "articles.json").write_text(json.dumps(items), encoding="utf-8")
    assert detect_dataset(tmp_path) == "t17"
    documents = load_t17(tmp_path)
    assert [d.published for d in documents] == sorted(d.published or "" for d in documents)
    assert documents[0].record() == {"text": documents[0].text, "published": "2010-01-01"}
    assert any(d.text.startswith("Quake hits city (again).") for d in documents)
    assert main([str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert "storyline batch (stories)" in table and "100.0/100.0/100.0" in table
    assert "quake" in table and "stories per gold topic" in table


def test_main_rejects_an_unknown_folder(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 2


# ----------------------------------------------------------------------------------------- real data


def test_two_real_ecbplus_files(shared_data: Path) -> None:
    documents = load_ecbplus(shared_data / "stories" / "ecbplus", topics=[1], limit=2)
    assert len(documents) == 2
    for document in documents:
        assert document.labels["topic"] == "1" and document.labels["subevent"] in {"1/ecb", "1/ecbplus"}
        assert len(document.text) > 200 and not document.text.startswith("http")
        assert " ," not in document.text and " ." not in document.text
