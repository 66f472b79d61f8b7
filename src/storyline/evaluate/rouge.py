"""ROUGE-1/2/L F-measures of a summary against one or more references, with two implementations.

Why two: ``rouge-score`` (Google's re-implementation, Porter stemming) is what recent papers report;
the ``rouge`` package tokenises differently and has no stemmer. Showing both keeps a gain from being an
artefact of one tokeniser. With several references (DUC has four) we report the *mean* over references,
as DUC's jackknifed scores do, rather than the max, which rewards matching just one writer.

ROUGE-Lsum (``rougeLsum``, rouge-score only) is the summary-level LCS that recent papers report beside
ROUGE-L: the union of each reference sentence's longest common subsequences with the summary's sentences,
so it rewards a summary whose sentences each follow a reference sentence's order, not one long chain.
It needs sentences one a line; summary and references are split by the same NLTK Punkt model (the
common recipe, ``"\\n".join(sent_tokenize(text))``), so no system gains from where it puts line breaks.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

METRICS = ("rouge1", "rouge2", "rougeL")
#: what rouge-score reports: METRICS and the summary-level ROUGE-Lsum (the ``rouge`` package has no Lsum)
RS_METRICS = (*METRICS, "rougeLsum")


def truncate_words(text: str, words: int) -> str:
    """The first ``words`` whitespace-separated words of ``text``: every system gets the same budget."""
    return " ".join(text.split()[:words])


@functools.cache
def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(RS_METRICS), use_stemmer=True)


def sentence_lines(text: str) -> str:
    """``text`` with one sentence a line, as Punkt splits it (the input ``rougeLsum`` expects)."""
    from storyline.evaluate.summaries import punkt_sentence_tokenizer

    return "\n".join(" ".join(s.split()) for s in punkt_sentence_tokenizer().tokenize(text) if s.strip())


def rouge_score_f(summary: str, references: Sequence[str]) -> dict[str, float]:
    """Mean over references of rouge-score F (stemmed), as percentages keyed rouge1/rouge2/rougeL/rougeLsum.

    Summary and references are split into sentences one a line first: rouge1/2/L do not see line breaks,
    rougeLsum is computed over those sentences.
    """
    totals = dict.fromkeys(RS_METRICS, 0.0)
    if not references:
        return totals
    lined = sentence_lines(summary)
    for reference in references:
        scores = _scorer().score(sentence_lines(reference), lined)
        for metric in RS_METRICS:
            totals[metric] += scores[metric].fmeasure
    return {metric: 100.0 * value / len(references) for metric, value in totals.items()}


def rouge_package_f(summary: str, references: Sequence[str]) -> dict[str, float]:
    """Mean over references of the ``rouge`` package's F (no stemming), keyed like :func:`rouge_score_f`.

    The package raises on a hypothesis with no words; that scores zero here instead.
    """
    from rouge import Rouge

    totals = dict.fromkeys(METRICS, 0.0)
    if not references or not summary.strip():
        return totals
    scorer = Rouge(metrics=["rouge-1", "rouge-2", "rouge-l"])
    names = {"rouge-1": "rouge1", "rouge-2": "rouge2", "rouge-l": "rougeL"}
    for reference in references:
        try:
            scores = scorer.get_scores(summary, reference)[0]
        except (ValueError, RecursionError):
            continue
        for key, metric in names.items():
            totals[metric] += scores[key]["f"]
    return {metric: 100.0 * value / len(references) for metric, value in totals.items()}
