"""Quote extraction measured on PolNeAR (brat standoff), beside textacy's direct-quotation extractor.

Why these metrics: citron (BBC) reports each part of a quote (source, cue, content) separately, *exact*
(the same span) and by *overlap* (any shared character), because a quote with a slightly longer
content span is still useful while a missing speaker is not. We add a proportional score (the share of
characters in common, best match per span) and speaker accuracy: among predicted quotes whose content
overlaps a gold attribution, how often the predicted speaker overlaps that attribution's source. The
*resolved* speaker accuracy asks more: whether the predicted speaker's name is the full name the gold
source stands for ("he" and "Clinton" count only as "Hillary Clinton"); the gold name comes from the
rule documented in ``storyline.evaluate.speakers``, as PolNeAR has no coreference annotation.

Spans are compared as sets of letter/digit offsets, so quotation marks, trailing commas and white space
at the edges (which annotators include or not) do not decide "exact". PolNeAR counts indirect speech
and beliefs as attributions; textacy only extracts direct quotations with a speaker, so its recall is
bounded by design, which is exactly the gap this measures.

Usage: ``python -m storyline.evaluate.quotes DIR [--limit N]`` where DIR holds ``text/`` and
``attributions/`` (e.g. ``../shared/data/quotes/polnear/data/dev``).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.evaluate.speakers import GoldName, gold_names, same_speaker
from storyline.model import Article

PARTS = ("content", "source", "cue")
_QUOTE_MARKS = re.compile("[\"\u201c\u201d]|``|''")


@dataclass(slots=True)
class Attribution:
    """One gold or predicted attribution: each part is a set of character offsets (letters/digits only)."""

    content: frozenset[int]
    source: frozenset[int] = frozenset()
    cue: frozenset[int] = frozenset()
    quoted: bool = False  # gold only: the content carries quotation marks (direct or partial quote)
    #: predicted: the speaker's name as the system gives it; gold: unused (see ``resolved``)
    name: str = ""
    #: gold only: the source's character range, from which ``resolved`` is worked out once parsed
    source_range: tuple[int, int] | None = None
    #: gold only: the source's resolved name (``storyline.evaluate.speakers``); None when unresolved
    resolved: GoldName | None = None


@dataclass(slots=True)
class GoldArticle:
    name: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)


def offsets(text: str, ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
    """The letter/digit offsets covered by ``ranges`` (punctuation and spaces never decide a match)."""
    return frozenset(
        i for start, end in ranges for i in range(max(0, start), min(end, len(text))) if text[i].isalnum()
    )


def load_polnear(root: Path, limit: int | None = None) -> list[GoldArticle]:
    """Articles of a PolNeAR compartment; with several annotators of one text, the first file is used."""
    texts = sorted((root / "text").glob("*.txt"))
    annotations = sorted((root / "attributions").glob("*.ann"))
    by_stem: dict[str, Path] = {}
    for path in annotations:
        stem = re.sub(r"_[0-9a-f]{4}$", "", path.stem)
        by_stem.setdefault(stem, path)
    articles: list[GoldArticle] = []
    for text_path in texts:
        ann = by_stem.get(text_path.stem)
        if ann is None:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append(GoldArticle(text_path.stem, text, _parse_ann(text, ann.read_text(encoding="utf-8"))))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _parse_ann(text: str, ann: str) -> list[Attribution]:
    spans: dict[str, list[tuple[int, int]]] = {}
    links: list[dict[str, str]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if fields[0].startswith("T"):
            kind_and_ranges = fields[1].split(" ", 1)
            if len(kind_and_ranges) != 2:
                continue
            ranges = []
            for piece in kind_and_ranges[1].split(";"):
                bounds = piece.split()
                if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                    ranges.append((int(bounds[0]), int(bounds[1])))
            spans[fields[0]] = ranges
        elif fields[0].startswith("E"):
            roles = {}
            for item in fields[1].split():
                role, _, ref = item.partition(":")
                roles[role.lower()] = ref
            links.append(roles)
    result = []
    for roles in links:
        ranges = spans.get(roles.get("content", ""), [])
        content = offsets(text, ranges)
        if not content:
            continue
        quoted = any(_QUOTE_MARKS.search(text[max(0, start - 2) : end + 2]) for start, end in ranges)
        source = spans.get(roles.get("source", ""), [])
        result.append(
            Attribution(
                content,
                offsets(text, source),
                offsets(text, spans.get(roles.get("cue", ""), [])),
                quoted,
                source_range=(min(s for s, _ in source), max(e for _, e in source)) if source else None,
            )
        )
    return result


# --------------------------------------------------------------------------------------------- systems


def storyline_predictions(article: GoldArticle, doc: Any) -> list[Attribution]:
    from storyline.analyse.entities import extract_entities
    from storyline.analyse.quotes import extract_quotes

    record = Article(id=article.name, source=article.name, text=article.text)
    entities = extract_entities(record, doc)
    predicted = []
    for quote in extract_quotes(record, doc, entities):
        speaker = quote.speaker.span
        predicted.append(
            Attribution(
                offsets(article.text, [(span.start, span.end) for span in quote.content]),
                offsets(article.text, [(speaker.start, speaker.end)] if speaker else []),
                offsets(article.text, [(quote.cue.start, quote.cue.end)] if quote.cue else []),
                name=quote.speaker.name,
            )
        )
    return [item for item in predicted if item.content]


def textacy_predictions(article: GoldArticle, doc: Any) -> list[Attribution]:
    """textacy's ``direct_quotations``; when it refuses a document (odd number of quotation marks), it is
    run line by line so that one stray mark does not cost it the whole article."""
    from textacy.extract.triples import direct_quotations

    def run(sub_doc: Any, shift: int) -> list[Attribution]:
        found = []
        for triple in direct_quotations(sub_doc):
            parts = []
            for tokens in (triple.content, triple.speaker, triple.cue):
                ranges = [(shift + token.idx, shift + token.idx + len(token.text)) for token in tokens]
                parts.append(offsets(article.text, ranges))
            name = " ".join(token.text for token in triple.speaker)
            found.append(Attribution(parts[0], parts[1], parts[2], name=name))
        return found

    try:
        return run(doc, 0)
    except ValueError:
        pass
    results: list[Attribution] = []
    start = 0
    for line in article.text.split("\n"):
        end = start + len(line)
        span = doc.char_span(start, end, alignment_mode="contract") if line.strip() else None
        if span is not None and len(span):
            with contextlib.suppress(ValueError):
                results.extend(run(span.as_doc(), span.start_char))
        start = end + 1
    return results


# --------------------------------------------------------------------------------------------- metrics


def _prf(hits_p: float, n_pred: int, hits_r: float, n_gold: int) -> dict[str, float]:
    precision = hits_p / n_pred if n_pred else 0.0
    recall = hits_r / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(100 * precision, 1), "r": round(100 * recall, 1), "f1": round(100 * f1, 1)}


def score(pairs: Sequence[tuple[list[Attribution], list[Attribution]]]) -> dict[str, Any]:
    """Exact, overlap and proportional P/R/F1 per part, plus speaker and cue accuracy on matched quotes.

    ``pairs`` holds (gold, predicted) attributions per article.
    """
    result: dict[str, Any] = {}
    for part in PARTS:
        totals = {"exact": [0.0, 0, 0.0, 0], "overlap": [0.0, 0, 0.0, 0], "proportional": [0.0, 0, 0.0, 0]}
        for gold, predicted in pairs:
            gold_sets = [getattr(item, part) for item in gold if getattr(item, part)]
            pred_sets = [getattr(item, part) for item in predicted if getattr(item, part)]
            for name, hit in (("exact", _exact), ("overlap", _overlap), ("proportional", _share)):
                tally = totals[name]
                tally[0] += sum(max((hit(p, g) for g in gold_sets), default=0.0) for p in pred_sets)
                tally[1] += len(pred_sets)
                tally[2] += sum(max((hit(g, p) for p in pred_sets), default=0.0) for g in gold_sets)
                tally[3] += len(gold_sets)
        result[part] = {name: _prf(t[0], int(t[1]), t[2], int(t[3])) for name, t in totals.items()}
    matched = speaker_ok = cue_ok = resolved = resolved_ok = 0
    by_kind: dict[str, list[int]] = {}  # gold kind -> [matched, right]
    for gold, predicted in pairs:
        for item in predicted:
            best = max(gold, key=lambda g: len(g.content & item.content), default=None)
            if best is None or not best.content & item.content or not best.source:
                continue
            matched += 1
            speaker_ok += bool(best.source & item.source)
            cue_ok += bool(best.cue & item.cue)
            if best.resolved is not None:
                right = same_speaker(item.name, best.resolved)
                resolved += 1
                resolved_ok += right
                counts = by_kind.setdefault(best.resolved.kind, [0, 0])
                counts[0] += 1
                counts[1] += right
    quoted = [(g, predicted) for gold, predicted in pairs for g in gold if g.quoted]
    found = sum(1 for g, predicted in quoted if any(g.content & p.content for p in predicted))
    result["quoted_recall"] = round(100 * found / len(quoted), 1) if quoted else 0.0
    result["matched"] = matched
    result["speaker_accuracy"] = round(100 * speaker_ok / matched, 1) if matched else 0.0
    result["cue_accuracy"] = round(100 * cue_ok / matched, 1) if matched else 0.0
    # the name, not the span: "he" is right only as the person the gold "he" stands for
    result["resolved_matched"] = resolved
    result["resolved_speaker_accuracy"] = round(100 * resolved_ok / resolved, 1) if resolved else 0.0
    result["resolved_by_kind"] = {
        kind: {"matched": n, "accuracy": round(100 * ok / n, 1)} for kind, (n, ok) in sorted(by_kind.items())
    }
    result["predicted"] = sum(len(predicted) for _, predicted in pairs)
    return result


def _exact(a: frozenset[int], b: frozenset[int]) -> float:
    return 1.0 if a == b else 0.0


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    return 1.0 if a & b else 0.0


def _share(a: frozenset[int], b: frozenset[int]) -> float:
    """The share of ``a`` that ``b`` covers (precision direction when ``a`` is the prediction)."""
    return len(a & b) / len(a) if a else 0.0


# ------------------------------------------------------------------------------------------------- API


def evaluate_quotes(root: Path, limit: int | None = None) -> dict[str, Any]:
    """Score storyline and textacy on the PolNeAR articles under ``root`` (``text/`` + ``attributions/``)."""
    from storyline.analyse.nlp import get_nlp

    nlp = get_nlp()
    articles = load_polnear(Path(root), limit)
    ours: list[tuple[list[Attribution], list[Attribution]]] = []
    theirs: list[tuple[list[Attribution], list[Attribution]]] = []
    timing = {"nlp": 0.0, "storyline": 0.0, "textacy": 0.0}
    for article in articles:
        started = time.perf_counter()
        doc = nlp(article.text)
        timing["nlp"] += time.perf_counter() - started
        _resolve_gold(article, doc)
        started = time.perf_counter()
        ours.append((article.attributions, storyline_predictions(article, doc)))
        timing["storyline"] += time.perf_counter() - started
        started = time.perf_counter()
        theirs.append((article.attributions, textacy_predictions(article, doc)))
        timing["textacy"] += time.perf_counter() - started
    return {
        "articles": len(articles),
        "gold": sum(len(article.attributions) for article in articles),
        "storyline": score(ours),
        "textacy": score(theirs),
        "seconds": {key: round(value, 2) for key, value in timing.items()},
    }


def _resolve_gold(article: GoldArticle, doc: Any) -> None:
    """Give each gold attribution its source's resolved name (``storyline.evaluate.speakers``)."""
    ranges = [item.source_range or (0, 0) for item in article.attributions]
    for item, name in zip(article.attributions, gold_names(doc, ranges), strict=True):
        item.resolved = name


def format_report(report: dict[str, Any]) -> str:
    lines = [f"PolNeAR: {report['articles']} articles, {report['gold']} gold attributions", ""]
    header = f"{'system':<10} {'part':<8} {'exact P/R/F1':>20} {'overlap P/R/F1':>20} {'proportional F1':>16}"
    lines.append(header)
    for system in ("storyline", "textacy"):
        scores = report[system]
        for part in PARTS:
            exact, overlap, share = (scores[part][name] for name in ("exact", "overlap", "proportional"))
            lines.append(
                f"{system:<10} {part:<8} {_triple(exact):>20} {_triple(overlap):>20} {share['f1']:>16.1f}"
            )
        lines.append(
            f"{system:<10} predicted {scores['predicted']}, matched {scores['matched']}: speaker accuracy "
            f"{scores['speaker_accuracy']:.1f}, cue accuracy {scores['cue_accuracy']:.1f}, "
            f"content recall on quoted gold {scores['quoted_recall']:.1f}"
        )
        lines.append(
            f"{system:<10} resolved speaker accuracy {scores['resolved_speaker_accuracy']:.1f} "
            f"(the full name, on {scores['resolved_matched']} matched quotes whose gold source resolves); by "
            "gold source: "
            + ", ".join(
                f"{kind} {item['accuracy']:.1f} ({item['matched']})"
                for kind, item in scores.get("resolved_by_kind", {}).items()
            )
        )
    seconds = report["seconds"]
    lines.append(
        f"\ntime: spaCy {seconds['nlp']}s, storyline {seconds['storyline']}s, textacy {seconds['textacy']}s"
    )
    return "\n".join(lines)


def _triple(values: dict[str, float]) -> str:
    return f"{values['p']:.1f}/{values['r']:.1f}/{values['f1']:.1f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline evaluate quotes", description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder with text/ and attributions/ (PolNeAR compartment)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not (args.root / "text").is_dir() or not (args.root / "attributions").is_dir():
        print(f"{args.root}: expected text/ and attributions/ folders", file=sys.stderr)
        return 2
    print(format_report(evaluate_quotes(args.root, args.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
