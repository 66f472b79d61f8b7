"""Timeline17 harness: storyline's timelines against the gold ones, beside a most-mentioned-dates baseline.

Protocol (as in Martschat & Markert 2018 and news-tls): for each gold timeline, the predicted timeline
has as many dates as the gold, as many sentences per date as the gold's mean (rounded, at least one),
and sees only articles published within the gold's date span; candidate dates are limited to that span.
Metrics come from ``../shared/tools/tls_metrics.py`` (the tilse definitions, pure Python): date F1 and
alignment ROUGE-1/2 F, many-to-one ("align+ m:1", AR-1/AR-2), plus concat ROUGE.

Both systems use the same date extraction (``grammar.dates`` on the article text resolved against its
``dct``), so the comparison isolates date ranking and sentence choice. No spaCy: T17 text is already
tokenised, and the regex resolver makes a full topic run take seconds.

    python -m storyline.evaluate.timeline ../shared/data/tls/t17/bpoil_bbc
    python -m storyline.evaluate.timeline ../shared/data/tls/t17          # every topic + the average
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from storyline.briefing.timeline import build_timeline
from storyline.grammar.dates import find_dates
from storyline.model import Article, Sentence

TLS_METRICS = Path(__file__).resolve().parents[3].parent / "shared" / "tools" / "tls_metrics.py"
_SENTENCE_END = re.compile(r"(?<=\s[.!?])\s+(?=\S)|(?<=\s[.!?] '')\s+(?=\S)")
Timeline = dict[str, list[str]]


@cache
def tls_metrics(path: Path = TLS_METRICS) -> ModuleType:
    """The shared, read-only metrics module, imported from its file."""
    spec = importlib.util.spec_from_file_location("tls_metrics", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("tls_metrics", module)
    spec.loader.exec_module(module)
    return module


def split_tokenised(text: str) -> list[Sentence]:
    """Sentences of T17's pre-tokenised text ("... to calculate . Some estimates ...")."""
    sentences = []
    position = 0
    for piece in _SENTENCE_END.split(text):
        start = text.find(piece, position)
        if start < 0:
            continue
        stripped = piece.strip()
        if stripped:
            begin = start + piece.index(stripped[0])
            sentences.append(Sentence(begin, begin + len(stripped), stripped))
        position = start + len(piece)
    return sentences


def load_gold(topic: Path) -> list[tuple[str, Timeline]]:
    """(name, {date: [sentences]}) for each gold timeline of a topic folder."""
    out = []
    for path in sorted(topic.glob("*.timeline.json")):
        timeline: Timeline = {}
        for item in json.loads(path.read_text(encoding="utf-8")):
            sentences = [s.text for s in split_tokenised(" ".join(str(item["text"]).split()))]
            timeline.setdefault(str(item["date"])[:10], []).extend(sentences)
        out.append((path.name.removesuffix(".timeline.json"), timeline))
    return out


def load_articles(topic: Path, start: str, end: str) -> list[Article]:
    """The topic's articles published in ``[start, end]``, with sentences and resolved dates."""
    articles = []
    for item in json.loads((topic / "articles.json").read_text(encoding="utf-8")):
        dct = str(item.get("dct", ""))[:10]
        if not (start <= dct <= end):
            continue
        text = str(item.get("text", ""))
        article = Article(id=str(item["uid"]), source=str(topic), text=text, published=dct)
        article.sentences = split_tokenised(text)
        article.dates = find_dates(text, dt.date.fromisoformat(dct))
        articles.append(article)
    articles.sort(key=lambda a: (a.published or "", a.id))
    return articles


def storyline_timeline(articles: list[Article], dates: int, per_date: int, start: str, end: str) -> Timeline:
    entries = build_timeline(
        articles,
        max_dates=dates,
        sentences_per_date=per_date,
        granularities=("day",),
        start=start,
        end=end,
        undated_to_published=True,
    )
    return {entry.date: [entry.text] for entry in entries}


def baseline_timeline(articles: list[Article], dates: int, per_date: int, start: str, end: str) -> Timeline:
    """The most-mentioned dates, each with the first sentences (by publication order) that mention it."""
    counts: Counter[str] = Counter()
    first: dict[str, list[str]] = {}
    for article in articles:
        for mention in article.dates:
            if mention.granularity != "day" or not (start <= mention.value <= end):
                continue
            counts[mention.value] += 1
            sentence = next((s for s in article.sentences if s.start <= mention.span.start < s.end), None)
            texts = first.setdefault(mention.value, [])
            if sentence is not None and len(texts) < per_date and sentence.text not in texts:
                texts.append(sentence.text)
    top = [day for day, _ in counts.most_common(dates)]
    return {day: first.get(day, []) for day in top if first.get(day)}


def _scores(evaluator: Any, pred: Timeline, gold: Timeline) -> dict[str, Any]:
    metrics = ("concat", "align_date_content_costs_many_to_one")
    return dict(evaluator.evaluate(pred, [gold], metrics=metrics))


def summary(scores: dict[str, Any]) -> dict[str, float]:
    """The headline numbers of one ``tls_metrics`` evaluation: date F1, AR-1 F, AR-2 F, concat R-1 F."""
    align = scores["align_date_content_costs_many_to_one"]
    return {
        "date_f1": scores["date"]["f_score"],
        "ar1_f": align["rouge_1"]["f_score"],
        "ar2_f": align["rouge_2"]["f_score"],
        "concat_r1_f": scores["concat"]["rouge_1"]["f_score"],
    }


Systems = dict[str, Callable[[list[Article], int, int, str, str], Timeline]]
SYSTEMS: Systems = {"storyline": storyline_timeline, "baseline": baseline_timeline}


def evaluate_timeline(path: Path, systems: Systems | None = None) -> dict[str, Any]:
    """Scores of each system on one topic folder (``articles.json`` + ``*.timeline.json``).

    Returns ``{"topic", "timelines": [{"name", "dates", "per_date", "articles", <system>: summary}],
    <system>: averaged summary, "raw": {<system>: [tls_metrics outputs]}}``.
    """
    module = tls_metrics()
    evaluator = module.TimelineEvaluator()
    systems = systems or SYSTEMS
    result: dict[str, Any] = {"topic": path.name, "timelines": []}
    raw: dict[str, list[dict[str, Any]]] = {name: [] for name in systems}
    for name, gold in load_gold(path):
        days = sorted(gold)
        start, end = days[0], days[-1]
        per_date = max(1, round(sum(len(s) for s in gold.values()) / len(gold)))
        articles = load_articles(path, start, end)
        row: dict[str, Any] = {
            "name": name,
            "dates": len(gold),
            "per_date": per_date,
            "articles": len(articles),
        }
        for system, make in systems.items():
            pred = make(articles, len(gold), per_date, start, end)
            scores = _scores(evaluator, pred, gold)
            raw[system].append(scores)
            row[system] = summary(scores)
        result["timelines"].append(row)
    for system in systems:
        result[system] = summary(module.average(raw[system])) if raw[system] else {}
    result["raw"] = raw
    return result


def evaluate_all(root: Path, systems: Systems | None = None) -> dict[str, Any]:
    """Every topic folder under ``root``, and the average over topics (mean P and R, F from the means)."""
    module = tls_metrics()
    topics = [evaluate_timeline(p, systems) for p in sorted(root.iterdir()) if (p / "articles.json").exists()]
    names = list((systems or SYSTEMS).keys())
    average = {name: summary(module.average([s for t in topics for s in t["raw"][name]])) for name in names}
    return {"topics": topics, "average": average}


def _line(label: str, result: dict[str, Any], names: Sequence[str]) -> str:
    cells = []
    for name in names:
        s = result[name]
        cells.append(f"{name}: date F1 {s['date_f1']:.3f} AR-1 {s['ar1_f']:.3f} AR-2 {s['ar2_f']:.3f}")
    return f"{label:<22} " + " | ".join(cells)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: one topic folder, or a folder of topic folders (prints each and the average)."""
    parser = argparse.ArgumentParser(prog="storyline evaluate timeline", description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a T17 topic folder, or a folder of them")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    path: Path = args.path
    if not path.is_dir():
        print(f"not a folder: {path}", file=sys.stderr)
        return 2
    names = list(SYSTEMS)
    began = time.perf_counter()
    if (path / "articles.json").exists():
        result = evaluate_timeline(path)
        if args.json:
            print(json.dumps({k: v for k, v in result.items() if k != "raw"}, indent=2))
        else:
            print(_line(result["topic"], result, names))
    else:
        everything = evaluate_all(path)
        if args.json:
            slim = {
                "topics": [{k: v for k, v in t.items() if k != "raw"} for t in everything["topics"]],
                "average": everything["average"],
            }
            print(json.dumps(slim, indent=2))
        else:
            for topic in everything["topics"]:
                print(_line(topic["topic"], topic, names))
            print(_line("AVERAGE", everything["average"], names))
    print(f"({time.perf_counter() - began:.1f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
