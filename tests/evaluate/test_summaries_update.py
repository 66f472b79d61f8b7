"""The summaries harness on update sets: storyline gets the earlier sets as seen articles, peers do not."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.evaluate.datasets import load_clusters
from storyline.evaluate.summaries import earlier_documents, evaluate_summaries

SET_A = [
    "The ferry Northern Lark ran aground off Dunmore harbour on Tuesday night with 212 passengers on board."
    "\n\nCoast guard boats took every passenger ashore by Wednesday morning, and nobody was hurt."
    "\n\nThe ferry company said the captain had reported a steering failure before the grounding.",
    "A passenger ferry carrying 212 people ran aground off Dunmore harbour on Tuesday night, the coast "
    "guard said.\n\nAll of the passengers were brought ashore safely by coast guard boats overnight."
    "\n\nFishermen in Dunmore said the sandbank had shifted after the winter storms.",
]
SET_B = [
    "Salvage tugs pulled the stranded ferry Northern Lark off the sandbank at high tide on Friday."
    "\n\nDivers found a cracked rudder bearing when they inspected the hull in Dunmore harbour on Saturday."
    "\n\nThe ferry will stay in dry dock at Kerrin for at least a month, the company said on Sunday.",
    "The national maritime board opened a formal inquiry into the grounding of the Northern Lark on Friday."
    "\n\nInvestigators will question the captain and examine the ferry's steering records next week."
    "\n\nThe board said its first findings would be published before the summer timetable begins.",
]


def _write(tmp_path: Path) -> Path:
    rows = [
        {
            "id": "T-A",
            "documents": SET_A,
            "summaries": ["A ferry ran aground; all were rescued."],
            "meta": {},
        },
        {
            "id": "T-B",
            "documents": SET_B,
            "summaries": [
                "Tugs freed the ferry and divers found a cracked rudder bearing; an inquiry opened."
            ],
            "meta": {"earlier_sets": ["T-A"]},
        },
    ]
    path = tmp_path / "update.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_earlier_sets_resolve_to_their_documents(tmp_path: Path) -> None:
    clusters = load_clusters(_write(tmp_path))
    by_id = {cluster.id: cluster for cluster in clusters}
    assert earlier_documents(by_id["T-A"], by_id) == []
    assert earlier_documents(by_id["T-B"], by_id) == SET_A
    assert earlier_documents(by_id["T-B"], {"T-B": by_id["T-B"]}) == []  # a set not in the file is skipped


def test_only_updates_scores_the_later_sets(tmp_path: Path) -> None:
    path = _write(tmp_path)
    result = evaluate_summaries(
        path, words=40, methods=["storyline", "lead"], only_updates=True, progress=False
    )
    assert result["clusters"] == 1
    assert result["scores"]["storyline"]["rouge_score"]["rouge1"] > 0
    assert set(result["scores"]["lead"]["rouge_score"]) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}
