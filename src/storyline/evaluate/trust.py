"""Does a briefing say only what its sources say? Counts of the ways it can fail, per cluster.

``storyline evaluate trust FILE.jsonl`` briefs every cluster of an MDS file (``../shared/data/mds/``) and
checks the briefing against its own sources. Every count should be 0. The rules, written to be stricter or
independent of the code that writes the briefing, so they catch its mistakes rather than restate them:

- **false disagreements**: a disagreement whose claims come from fewer than two articles, or that
  :func:`storyline.relate.disagreements.disagreement_faults` finds measuring different things (its
  docstring states the rule: different units, subjects or dates; ages, positions, moments of a process,
  options, memberships — read from the claim's sentence in the article text, not from the claim's fields).
- **altered sentences**: a summary sentence whose text, white space and TeX quote marks normalised, is not
  the first cited passage, except (a) a leading He/She/His/Her outside quotation marks replaced by the
  name of the person the article's entity layer links that very pronoun to, or (b) a dropped speaker label
  (the citation then starts after it, so the text equals the passage).
- **weak citations**: an extra ("also in") citation that is a question, an aside in parentheses or a
  heading, or shares less than ``WEAK_OVERLAP`` of the summary sentence's non-name content words, or
  states other numbers (:mod:`storyline.briefing.support`; the summariser itself demands 0.5).
- **boilerplate lines**: lines of the summary and timeline, quoted words left out, that the cleaner's
  line classifier calls boilerplate (bylines, "N minutes ago", pipe menus, mastheads, copyright), via
  :func:`storyline.clean.lines.boilerplate_lines`; the same count over the articles' texts is reported.
- **non-speech quotes** (reported, not gated): ledger quotes whose cue is no verb or noun of saying.
- **undated** (reported): articles with no date, and whether ``warnings`` names them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from storyline.briefing import filters, support
from storyline.model import Article, Brief, Disagreement, SummarySentence

WEAK_OVERLAP = 0.4
GATED = ("false_disagreements", "altered_sentences", "weak_citations", "boilerplate_lines")
_LEADING_PRONOUN = re.compile(
    r"^(?P<aside>(?:But|And|Also|So|Still|Yet|However|Meanwhile|Moreover),?\s+)?(?P<word>He|She|His|Her)\b"
)


@dataclass(slots=True)
class TrustReport:
    """What one briefing got wrong, with an example of each failure for a reader to check."""

    cluster: str
    articles: int = 0
    summary_sentences: int = 0
    extra_citations: int = 0
    disagreements: int = 0
    false_disagreements: int = 0
    altered_sentences: int = 0
    weak_citations: int = 0
    boilerplate_lines: int = 0
    article_boilerplate_lines: int = 0
    ledger_quotes: int = 0
    non_speech_quotes: int = 0
    undated_articles: int = 0
    undated_warned: bool = True
    examples: list[str] = field(default_factory=list)

    def failures(self) -> int:
        return sum(getattr(self, name) for name in GATED)


def check_brief(brief: Brief, cluster: str = "") -> TrustReport:
    """Apply every rule of the module docstring to one briefing."""
    report = TrustReport(cluster, articles=len(brief.articles), summary_sentences=len(brief.summary))
    by_id = {article.id: article for article in brief.articles}
    _check_disagreements(brief.disagreements, by_id, report)
    for sentence in brief.summary:
        _check_sentence(sentence, by_id, report)
    _check_boilerplate(brief, report)
    _check_quotes(brief, report)
    undated = [article for article in brief.articles if article.published is None]
    report.undated_articles = len(undated)
    report.undated_warned = not undated or any("no date" in warning for warning in brief.warnings)
    return report


def _note(report: TrustReport, message: str) -> None:
    if len(report.examples) < 12:
        report.examples.append(message[:300])


def _check_disagreements(
    disagreements: list[Disagreement], by_id: dict[str, Article], report: TrustReport
) -> None:
    from storyline.relate.disagreements import disagreement_faults

    report.disagreements = len(disagreements)
    for item in disagreements:
        faults = list(disagreement_faults(item, by_id))
        if len({claim.article for claim in item.claims}) < 2 and "one article" not in faults:
            faults.append("one article")
        if faults:
            report.false_disagreements += 1
            values = " vs ".join(f"{claim.value:g}" for claim in item.claims)
            _note(report, f"disagreement {item.measure!r} ({values}): {', '.join(faults)}")


def _check_sentence(sentence: SummarySentence, by_id: dict[str, Article], report: TrustReport) -> None:
    if not sentence.citations:
        report.altered_sentences += 1
        _note(report, f"uncited sentence: {sentence.text}")
        return
    first = sentence.citations[0]
    article = by_id.get(first.article)
    if article is None:
        report.altered_sentences += 1
        _note(report, f"cites an unknown article: {sentence.text}")
        return
    passage = filters.normalise_space(article.text[first.start : first.end])
    shown = filters.normalise_space(sentence.text)
    if shown != passage and not _allowed_pronoun_change(shown, passage, article, first.start):
        report.altered_sentences += 1
        _note(report, f"altered: {shown!r} cites {passage!r}")
    for citation in sentence.citations[1:]:
        report.extra_citations += 1
        other = by_id.get(citation.article)
        if other is None:
            report.weak_citations += 1
            continue
        cited = filters.normalise_space(other.text[citation.start : citation.end])
        before = other.text[max(0, citation.start - 3) : citation.start]
        recall, _ = support.overlap(passage, cited)
        mine, theirs = support.numbers(passage), support.numbers(cited)
        weak = (
            support.is_question_or_aside(cited, before)
            or recall < WEAK_OVERLAP
            or bool(mine and theirs and not mine <= theirs)
        )
        if weak:
            report.weak_citations += 1
            _note(report, f"weak citation (overlap {recall:.2f}): {passage!r} ← {cited!r}")


def _allowed_pronoun_change(shown: str, passage: str, article: Article, start: int) -> bool:
    """The one permitted rewrite: a leading pronoun, outside quotes, replaced by its linked person."""
    match = _LEADING_PRONOUN.match(passage)
    if match is None:
        return False
    word = match.group("word")
    offset = article.text.find(word, start)
    if offset < 0 or filters.inside_quotation(article.text, offset):
        return False
    aside = match.group("aside") or ""
    rest = passage[match.end() :]
    for entity in article.entities:
        if entity.label != "PERSON":
            continue
        if not any(m.start == offset and m.end == offset + len(word) for m in entity.mentions):
            continue
        names = {filters.normalise_space(m.text) for m in entity.mentions} | {entity.name}
        for name in names:
            base = name.removesuffix("’s").removesuffix("'s")
            replacement = base + ("’s" if word in ("His", "Her") else "")
            named = base[:1].isupper() and base not in ("He", "She", "His", "Her")
            if named and shown == f"{aside}{replacement}{rest}":
                return True
    return False


_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|``.*?(?:''|$)")


def _check_boilerplate(brief: Brief, report: TrustReport) -> None:
    """Lines of the summary and timeline, outside quotation marks, that the classifier calls boilerplate.

    Quoted words are a speaker's, not page furniture ("thank you for your support" from a campaign is
    news); boilerplate that reached an article's text shows in the narration around them. The articles'
    own texts are counted too, as information (not gated: a line kept for a reason the classifier cannot
    see, a copyright notice an article is about, still counts there).
    """
    from storyline.clean.lines import boilerplate_lines

    texts = [sentence.text for sentence in brief.summary]
    texts += [entry.text for entry in brief.timeline]
    for text in texts:
        for line in boilerplate_lines(_QUOTED.sub("“…”", text)):
            report.boilerplate_lines += 1
            _note(report, f"boilerplate: {line!r}")
    report.article_boilerplate_lines = sum(len(boilerplate_lines(a.text)) for a in brief.articles)


def _check_quotes(brief: Brief, report: TrustReport) -> None:
    from storyline.grammar.reporting import is_speech_cue

    report.ledger_quotes = len(brief.quotes)
    cued = [q for q in brief.quotes if q.kind != "transcript" and q.cue is not None and q.cue.text.strip()]
    for quote, lemmas in zip(cued, _lemmas([q.cue.text for q in cued if q.cue]), strict=True):
        if lemmas and not any(is_speech_cue(lemma) for lemma in lemmas):
            report.non_speech_quotes += 1
            cue = quote.cue.text if quote.cue else ""
            _note(report, f"non-speech cue {cue!r} for {quote.speaker.name}")


def _lemmas(cues: list[str]) -> list[list[str]]:
    """The lemmas of every cue ("said Tuesday" -> say, tuesday), tagged in one batch: is_speech_cue's
    table holds lemmas, and "said" is no suffix away from "say"."""
    if not cues:
        return []
    from storyline.analyse.nlp import get_nlp

    nlp = get_nlp()
    keep = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")
    disabled = [name for name in nlp.pipe_names if name not in keep]
    return [
        [token.lemma_.lower() for token in doc if token.is_alpha] for doc in nlp.pipe(cues, disable=disabled)
    ]


def evaluate_file(path: Path, *, limit: int | None = None, words: int = 250) -> list[TrustReport]:
    """Brief each cluster of ``path`` and check it."""
    from storyline.api import brief_texts
    from storyline.evaluate.datasets import iter_clusters

    reports = []
    for cluster in iter_clusters(path, limit=limit):
        brief = brief_texts(cluster.documents, words=words)
        reports.append(check_brief(brief, cluster.id))
    return reports


def totals(reports: list[TrustReport]) -> dict[str, Any]:
    """Sums of every count over the clusters."""
    keys = [name for name, value in asdict(TrustReport("")).items() if isinstance(value, int)]
    out: dict[str, Any] = {key: sum(getattr(r, key) for r in reports) for key in keys}
    out["undated_unwarned"] = sum(not r.undated_warned for r in reports)
    out["clusters"] = len(reports)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline evaluate trust", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="an MDS JSONL file ({id, documents, ...} per line)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--json", type=Path, default=None, help="also write every report as JSON here")
    parser.add_argument("--examples", action="store_true", help="print an example of each failure")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    reports = evaluate_file(args.file, limit=args.limit, words=args.words)
    if not reports:
        usable = 'one JSON object with "documents" per line'
        print(f"{args.file}: no usable cluster ({usable})", file=sys.stderr)
        return 2
    header = "cluster | articles | summary | disagreements | false dis. | altered | weak cit. | boilerplate"
    print(header + " | non-speech q. | undated")
    for r in reports:
        print(
            f"{r.cluster} | {r.articles} | {r.summary_sentences} | {r.disagreements} | "
            f"{r.false_disagreements} | {r.altered_sentences} | {r.weak_citations}/{r.extra_citations} | "
            f"{r.boilerplate_lines} | {r.non_speech_quotes}/{r.ledger_quotes} | {r.undated_articles}"
            + ("" if r.undated_warned else " (no warning)")
        )
        if args.examples:
            for example in r.examples:
                print(f"    {example}")
    summed = totals(reports)
    print("TOTAL " + " ".join(f"{key}={value}" for key, value in summed.items()))
    if args.json:
        document = {"reports": [asdict(r) for r in reports], "totals": summed}
        args.json.write_text(json.dumps(document, indent=2), encoding="utf-8")
    print(f"({time.perf_counter() - began:.1f}s)", file=sys.stderr)
    return 0
