"""Quality gate for the summariser, in the spirit of trafilatura's ``tests/eval_gate.py``.

Runs the ROUGE harness on a fixed subset of the shared dev sets and fails when storyline falls below the
floors recorded here (set a little under what was measured when they were written) or below the best sumy
method (and the lead baseline) run on the same clusters, on ROUGE-1 and ROUGE-2. To stay under three
minutes on two cores the gate runs only the sumy methods that scored best on the whole files (SumBasic,
LexRank, TextRank on Multi-News; LexRank, TextRank on DUC); the full comparison with all six methods is
``python -m storyline.evaluate.summaries FILE``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluate.summaries import evaluate_summaries

# (file, clusters, sumy methods to beat, floors for rouge-score R1/R2/RL)
GATES = [
    (
        "multinews-dev100.jsonl",
        20,
        ["sumbasic", "lexrank", "textrank"],
        {"rouge1": 46.5, "rouge2": 14.5, "rougeL": 19.8},
    ),
    (
        "duc2007-main-dev23.jsonl",
        4,
        ["lexrank", "textrank"],
        {"rouge1": 40.5, "rouge2": 10.3, "rougeL": 17.4},
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "limit", "peers", "floors"), GATES, ids=[gate[0] for gate in GATES])
def test_summary_quality_gate(
    shared_data: Path, name: str, limit: int, peers: list[str], floors: dict[str, float]
) -> None:
    path = (shared_data / "mds") / name
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    result = evaluate_summaries(
        path, limit=limit, words=250, methods=["storyline", "lead", *peers], progress=False
    )
    scores = result["scores"]
    ours = scores["storyline"]["rouge_score"]
    for metric, floor in floors.items():
        assert ours[metric] >= floor, f"{name}: storyline {metric} {ours[metric]:.2f} fell below {floor}"
    for peer in ["lead", *peers]:
        theirs = scores[peer]["rouge_score"]
        for metric in ("rouge1", "rouge2"):
            assert ours[metric] > theirs[metric], (
                f"{name}: storyline {metric} {ours[metric]:.2f} not above {peer} {theirs[metric]:.2f}"
            )
