"""ROUGE-Lsum in the summaries harness: computed by rouge-score over Punkt sentences, for every system."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluate.rouge import RS_METRICS, rouge_score_f, sentence_lines
from storyline.evaluate.summaries import evaluate_summaries, render_table

REFERENCE = "The council closed the old bridge on Monday. Engineers found deep cracks in two steel beams."
SWAPPED = "Engineers found deep cracks in two steel beams. The council closed the old bridge on Monday."


def test_sentence_lines_puts_one_sentence_a_line() -> None:
    assert sentence_lines(REFERENCE) == (
        "The council closed the old bridge on Monday.\nEngineers found deep cracks in two steel beams."
    )


def test_lsum_rewards_each_sentence_in_order_where_rouge_l_wants_one_chain() -> None:
    scores = rouge_score_f(SWAPPED, [REFERENCE])
    assert set(scores) == set(RS_METRICS)
    assert scores["rouge1"] == pytest.approx(100.0)
    assert scores["rougeLsum"] == pytest.approx(100.0)  # every sentence matches one reference sentence
    assert scores["rougeL"] < 60.0  # one subsequence over the whole text: only one sentence's worth
    same = rouge_score_f(REFERENCE, [REFERENCE])
    assert same["rougeL"] == pytest.approx(100.0) and same["rougeLsum"] == pytest.approx(100.0)


def test_lsum_is_the_mean_over_references() -> None:
    other = "A ferry ran aground off the coast. Nobody was hurt."
    both = rouge_score_f(REFERENCE, [REFERENCE, other])
    assert both["rougeLsum"] == pytest.approx((100.0 + rouge_score_f(REFERENCE, [other])["rougeLsum"]) / 2)


def test_the_harness_reports_lsum_for_every_system(tmp_path: Path) -> None:
    documents = [
        "The council closed the old bridge over the river on Monday after an inspection. "
        "Engineers found deep cracks in two steel beams of the bridge. Traffic was sent to the ring road.",
        "Engineers found cracks in two steel beams of the old bridge, the council said on Monday. "
        "The bridge will stay closed for repairs until the spring. Shops nearby fear a quiet winter.",
    ]
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "c1", "documents": documents, "summaries": [REFERENCE]}) + "\n")
    result = evaluate_summaries(path, words=30, methods=["lead", "lexrank"], progress=False)
    for method in ("lead", "lexrank"):
        scores = result["scores"][method]["rouge_score"]
        assert set(scores) == set(RS_METRICS) and scores["rougeLsum"] > 0
        assert set(result["scores"][method]["rouge"]) == {"rouge1", "rouge2", "rougeL"}
    table = render_table(result)
    assert "RLsum rs" in [column.header for column in table.columns]
