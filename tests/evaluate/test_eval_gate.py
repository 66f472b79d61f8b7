"""Quality gate for the summariser, in the spirit of trafilatura's ``tests/eval_gate.py``.

The floors are not written here: ``eval_baseline.json`` beside this file pins, for each gated data file,
its SHA-256 digest, the number of clusters, the peers to beat and the scores measured when the baseline
was last set, with their history. The gate runs the ROUGE harness on those clusters and fails when

* the data file's digest differs from the pinned one (the scores would not be comparable: re-measure),
* storyline falls more than ``margin`` (ROUGE points) below the pinned score (noise from library versions
  stays inside the margin; a real regression does not),
* storyline does not beat the lead baseline and every pinned sumy method on ROUGE-1 and ROUGE-2.

A baseline cannot be lowered silently: ``test_the_baseline_is_never_lowered_silently`` fails when the
newest history entry is below an earlier one on any metric unless that entry says why
(``"lowered_because"``). To set a new baseline after an improvement, run
``python tests/evaluate/test_eval_gate.py --update --note "what changed"`` (add
``--lower-because "why"`` to accept a drop); it measures, appends to the history and rewrites the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

BASELINE = Path(__file__).with_name("eval_baseline.json")
METRICS = ("rouge1", "rouge2", "rougeL")


def load_baseline() -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def measure(path: Path, gate: dict[str, Any]) -> dict[str, dict[str, float]]:
    """rouge-score F (R1/R2/RL) of storyline, lead and the gate's peers on the gate's clusters."""
    from storyline.evaluate.summaries import evaluate_summaries

    methods = ["storyline", "lead", *gate["peers"]]
    result = evaluate_summaries(path, limit=gate["clusters"], words=250, methods=methods, progress=False)
    return {name: {m: scores["rouge_score"][m] for m in METRICS} for name, scores in result["scores"].items()}


def _gates() -> list[str]:
    return sorted(load_baseline()["gates"])


@pytest.mark.slow
@pytest.mark.parametrize("name", _gates())
def test_summary_quality_gate(shared_data: Path, name: str) -> None:
    baseline = load_baseline()
    gate = baseline["gates"][name]
    path = shared_data / "mds" / name
    assert path.exists(), f"gated data file missing: {path}"
    assert digest(path) == gate["sha256"], f"{name} changed since the baseline was set: re-measure it"
    scores = measure(path, gate)
    ours, pinned = scores["storyline"], gate["history"][-1]
    for metric in METRICS:
        floor = pinned[metric] - baseline["margin"]
        assert ours[metric] >= floor, (
            f"{name}: storyline {metric} {ours[metric]:.2f} fell below the baseline {pinned[metric]:.2f} "
            f"minus the margin {baseline['margin']}"
        )
    for peer in ["lead", *gate["peers"]]:
        for metric in ("rouge1", "rouge2"):
            assert ours[metric] > scores[peer][metric], (
                f"{name}: storyline {metric} {ours[metric]:.2f} not above {peer} {scores[peer][metric]:.2f}"
            )


@pytest.mark.parametrize("name", _gates())
def test_the_baseline_is_never_lowered_silently(name: str) -> None:
    history = load_baseline()["gates"][name]["history"]
    assert history, "a gate needs at least one measurement"
    newest = history[-1]
    for metric in METRICS:
        best = max(entry[metric] for entry in history)
        assert newest[metric] >= best or newest.get("lowered_because"), (
            f"{name}: the baseline {metric} was lowered from {best} to {newest[metric]} without a reason"
        )


def test_the_baseline_pins_what_the_gate_needs() -> None:
    baseline = load_baseline()
    assert 0 < baseline["margin"] <= 0.5, "a wide margin would let real regressions through"
    for gate in baseline["gates"].values():
        assert len(gate["sha256"]) == 64 and gate["clusters"] > 0 and gate["peers"]
        assert all(metric in gate["history"][-1] for metric in METRICS)


def _update(note: str, lower_because: str | None) -> None:
    """Measure every gate and append the result to its history (refusing a silent drop)."""
    data = Path(__file__).resolve().parents[3] / "shared" / "data" / "mds"
    baseline = load_baseline()
    for name, gate in baseline["gates"].items():
        path = data / name
        ours = measure(path, gate)["storyline"]
        entry: dict[str, Any] = {m: round(ours[m], 2) for m in METRICS}
        entry["date"] = dt.date.today().isoformat()
        entry["note"] = note
        dropped = [m for m in METRICS if gate["history"] and entry[m] < max(e[m] for e in gate["history"])]
        if dropped and not lower_because:
            raise SystemExit(f"{name}: {', '.join(dropped)} would drop; pass --lower-because to accept")
        if dropped:
            entry["lowered_because"] = lower_because
        gate["sha256"] = digest(path)
        gate["history"].append(entry)
        print(name, entry)
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Re-measure the summary gate and append to its baseline.")
    parser.add_argument("--update", action="store_true", required=True)
    parser.add_argument("--note", required=True, help="What changed since the last baseline.")
    parser.add_argument("--lower-because", help="Accept a lower score, saying why.")
    arguments = parser.parse_args()
    _update(arguments.note, arguments.lower_because)
