"""A quality gate on real annotated news: PolNeAR dev (first 15 articles), storyline beside textacy.

Floors were measured on this exact subset (content overlap F1 85.1, source exact F1 77.2, speaker accuracy
88.2, textacy 38.4 content overlap F1) and set just below, so an honest regression fails while
spaCy-version noise does not. Also checks the scorer itself on hand-made spans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluate.quotes import Attribution, evaluate_quotes, format_report, main, offsets, score

CONTENT_OVERLAP_F1_FLOOR = 84.0
SOURCE_EXACT_F1_FLOOR = 76.0
SPEAKER_ACCURACY_FLOOR = 87.0
MARGIN_OVER_TEXTACY = 40.0


def test_scorer_exact_overlap_and_proportional() -> None:
    text = "Lavrov said that “ultimatums would not work.”"
    gold = Attribution(offsets(text, [(12, 45)]), offsets(text, [(0, 6)]), offsets(text, [(7, 11)]))
    # same words without the quotation marks and "that": overlap, not exact
    near = Attribution(offsets(text, [(18, 44)]), offsets(text, [(0, 6)]), offsets(text, [(7, 11)]))
    wrong = Attribution(offsets(text, [(0, 6)]), frozenset(), frozenset())
    result = score([([gold], [near, wrong])])
    assert result["content"]["overlap"] == {"p": 50.0, "r": 100.0, "f1": 66.7}
    assert result["content"]["exact"]["r"] == 0.0
    assert result["source"]["exact"] == {"p": 100.0, "r": 100.0, "f1": 100.0}
    assert 0 < result["content"]["proportional"]["r"] < 100
    assert result["speaker_accuracy"] == 100.0 and result["matched"] == 1
    # punctuation and spaces at the edges never decide exactness
    assert offsets(text, [(17, 45)]) == offsets(text, [(18, 44)])


@pytest.mark.slow
def test_polnear_dev_content_f1_above_floor_and_textacy(shared_data: Path) -> None:
    report = evaluate_quotes((shared_data / "quotes" / "polnear" / "data" / "dev"), limit=15)
    assert report["articles"] == 15 and report["gold"] > 200
    ours, theirs = report["storyline"], report["textacy"]
    assert ours["content"]["overlap"]["f1"] >= CONTENT_OVERLAP_F1_FLOOR, format_report(report)
    assert ours["content"]["overlap"]["f1"] >= theirs["content"]["overlap"]["f1"] + MARGIN_OVER_TEXTACY
    assert ours["source"]["overlap"]["f1"] > theirs["source"]["overlap"]["f1"]
    assert ours["source"]["exact"]["f1"] >= SOURCE_EXACT_F1_FLOOR, format_report(report)
    assert ours["speaker_accuracy"] >= SPEAKER_ACCURACY_FLOOR, format_report(report)


def test_main_rejects_a_folder_without_annotations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path)]) == 2
    assert "text/ and attributions/" in capsys.readouterr().err
