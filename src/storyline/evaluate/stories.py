"""Story grouping measured with B³ on ECB+ and on pooled Timeline17, beside TF-IDF + agglomerative.

Why these data: ECB+ gives every one of its topics (say, "a celebrity checks into rehab") two *seminal
events* told by several outlets each (Tara Reid in 2008, Lindsay Lohan in 2013), so the same documents
test both levels storyline groups at: the topic (the kind of story) and the story (the one event).
Timeline17 is the long-running kind: thousands of articles of five stories from several outlets over
months, where the question is whether a story is kept together (or split into readable sub-stories).

Why B³ (Bagga & Baldwin 1998, averaged per item): it rewards each article for sharing its predicted
group with its gold group-mates and for not sharing it with others, so one giant cluster and all
singletons are both penalised, and it does not need a mapping between predicted and gold groups.

The system never sees topic ids or file names: ECB+ documents are pooled, shuffled with a fixed seed and
passed as ``{"text": ...}``; T17 articles as ``{"text", "published"}``. The baseline clusters the same
texts (scikit-learn TF-IDF, average-linkage agglomerative on cosine distances) with its distance
threshold tuned *on the evaluated documents*, separately per level: an upper bound for that baseline.
ECB+ topics 1–12 are the development topics (where storyline's grouping may be tuned), so the ECB+ report
also splits the scores into those (dev) and topics 13–35 (held out); there the baseline's threshold is
tuned on dev only, which makes its held-out row a fair comparison.

    storyline evaluate stories ../shared/data/stories/ecbplus [--topics 1-35] [--limit N] [--json OUT]
    storyline evaluate stories ../shared/data/tls/t17 [--limit N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEED = 13
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 20))  # 0.05 .. 0.95
DEV_TOPICS = "1-12"
EXAMPLE_TOPICS = 3  # T17: gold topics whose biggest stories are shown
EXAMPLE_STORIES = 3
EXAMPLE_CHARS = 100

Scores = tuple[float, float, float]
Labels = list[int]


# ---------------------------------------------------------------------------------------------- metric


def b_cubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    """B³ precision, recall and F1, averaged over items.

    An item's precision is the share of its predicted cluster that shares its gold label; its recall the
    share of its gold group that shares its predicted cluster. Computed from the contingency table, so
    it is linear in the number of items whatever the number of clusters.
    """
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted labels for {len(gold)} gold labels")
    if not gold:
        return 0.0, 0.0, 0.0
    joint = Counter(zip(predicted, gold, strict=True))
    predicted_sizes, gold_sizes = Counter(predicted), Counter(gold)
    precision = sum(n * n / predicted_sizes[p] for (p, _), n in joint.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (_, g), n in joint.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _prf(scores: Scores) -> dict[str, float]:
    return {"p": round(scores[0], 4), "r": round(scores[1], 4), "f1": round(scores[2], 4)}


# ------------------------------------------------------------------------------------- detokenisation

_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_REPLACE = {**_BRACKETS, "``": '"', "''": '"', "`": "'"}
_OPENERS = {"``", "\u201c", "\u2018", "`", "(", "[", "{", "-LRB-", "-LSB-", "-LCB-", "$", "#"}
_CLOSERS = {"''", "\u201d", ")", "]", "}", "-RRB-", "-RSB-", "-RCB-", ",", ".", ";", ":", "!", "?", "%"}
_CLITIC = re.compile(r"(?i)(?:n['\u2019]t|['\u2019](?:s|re|ve|m|ll|d))")
_CLITIC_TAIL = re.compile(r"(?i)(?:s|t|re|ve|m|ll|d)")
_DIGITS = re.compile(r"\d+")


def _attachment(token: str, before: str, after: str, quote_open: bool) -> tuple[bool, bool]:
    """(no space before, no space after) for one token of tokenised English, given its neighbours."""
    between_digits = bool(_DIGITS.fullmatch(before[-1:] or " ") and _DIGITS.match(after))
    if token in {":", "."} and between_digits:  # 11:41, 6.1
        return True, True
    if token == "," and between_digits and re.fullmatch(r"\d{3}\b.*", after):  # 1,000
        return True, True
    if token in {"-", "/"}:  # 17-year-old, 05/03/2013 (the tokeniser split them; a spaced dash is "--")
        joined = before[-1:].isalnum() and after[:1].isalnum()
        return joined, joined
    if token == "\u2019":  # That ’ s, wasn ’ t
        return (True, True) if _CLITIC_TAIL.fullmatch(after) else (True, False)
    if token == '"':
        return (True, False) if quote_open else (False, True)
    if token in _OPENERS:
        return False, True
    if token in _CLOSERS or token in {"'", "..."} or _CLITIC.fullmatch(token):
        return True, False
    return False, False


def detokenise(tokens: Sequence[str]) -> str:
    """Tokens (Penn Treebank style, as in ECB+ and Timeline17) joined with the spacing of written text.

    No space before , . ; : ! ? ) % n't 's 're … or a closing quote, none after ( $ or an opening quote;
    `` and '' become ", -LRB- and friends their brackets, and a straight " alternates opening and closing.
    """
    pieces: list[str] = []
    glue = True
    quote_open = False
    for index, token in enumerate(tokens):
        before = tokens[index - 1] if index else ""
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        left, right = _attachment(token, before, after, quote_open)
        if token.count('"') % 2:  # a mark glued to a word ("Since) opens or closes a quotation too
            quote_open = not quote_open
        if pieces and not (glue or left):
            pieces.append(" ")
        pieces.append(_REPLACE.get(token, token))
        glue = right
    return "".join(pieces)


def detokenise_text(text: str) -> str:
    """Timeline17's whitespace-tokenised text, lightly detokenised (line breaks kept)."""
    return "\n".join(detokenise(line.split()) for line in text.splitlines())


# ------------------------------------------------------------------------------------------- datasets


@dataclass(slots=True)
class GoldDocument:
    """One evaluated document: its name (never shown to a system), text, date and gold labels by level."""

    name: str
    text: str
    labels: dict[str, str]
    published: str | None = None

    def record(self) -> dict[str, str]:
        """What the systems see: the text, and the publication date when the data has one."""
        return {"text": self.text, **({"published": self.published} if self.published else {})}


def _is_address(tokens: Sequence[str]) -> bool:
    """A sentence that is a web address (ECB+ puts the source URL of its new documents as sentence 0)."""
    first = tokens[0].lower() if tokens else ""
    return first in {"http", "https"} or first.startswith("www")


_ENDED = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def ecb_text(xml: str) -> str:
    """A document's text rebuilt from its ``<token sentence=…>`` elements, laid out as written news: the
    first sentence (often the headline) and any sentence without final punctuation (a dateline, a byline)
    on a line of their own, runs of ended sentences as paragraphs. A URL sentence is dropped: it is
    metadata, and it would tell the system which half of ECB+ a document comes from."""
    root = ET.fromstring(xml)
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        number = int(token.get("sentence", "0"))
        sentences.setdefault(number, []).append(token.text or "")
    texts = [detokenise(tokens) for _, tokens in sorted(sentences.items()) if not _is_address(tokens)]
    texts = [text.strip() for text in texts if text.strip()]
    paragraphs: list[str] = []
    run: list[str] = []
    for index, text in enumerate(texts):
        if index and _ENDED.search(text):
            run.append(text)
            continue
        if run:
            paragraphs.append(" ".join(run))
            run = []
        paragraphs.append(text)
    if run:
        paragraphs.append(" ".join(run))
    return "\n\n".join(paragraphs)


_ECB_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")


def ecb_gold(path: Path) -> tuple[int, str]:
    """(topic, seminal event) of an ECB+ file: the topic is its folder's number, the event "ecb" (the
    original corpus) or "ecbplus" (the added one): ``ECB+/12/12_3ecbplus.xml`` -> ``(12, "ecbplus")``."""
    match = _ECB_NAME.match(path.name)
    if match is None:
        raise ValueError(f"not an ECB+ document name: {path.name}")
    topic = int(path.parent.name) if path.parent.name.isdigit() else int(match.group(1))
    return topic, match.group(3)


def parse_topics(spec: str) -> set[int]:
    """``"1-12"``, ``"1-5,8,20-22"`` -> the topic numbers."""
    topics: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        low, _, high = part.partition("-")
        first, last = int(low), int(high or low)
        if first > last:
            raise ValueError(f"empty topic range: {part}")
        topics.update(range(first, last + 1))
    return topics


def ecb_folder(root: Path) -> Path | None:
    """The folder of numbered topic folders: ``root/ECB+`` or ``root`` itself."""
    for candidate in (root / "ECB+", root):
        if candidate.is_dir() and any(
            child.is_dir() and child.name.isdigit() and any(child.glob("*ecb*.xml"))
            for child in candidate.iterdir()
        ):
            return candidate
    return None


def load_ecbplus(
    root: Path, topics: Iterable[int] | None = None, seed: int = SEED, limit: int | None = None
) -> list[GoldDocument]:
    """ECB+ documents of ``topics`` (all when None), pooled, shuffled with ``seed``, the first ``limit``."""
    folder = ecb_folder(root)
    if folder is None:
        raise FileNotFoundError(f"no ECB+ topic folders under {root}")
    wanted = set(topics) if topics is not None else None
    paths = sorted(
        path
        for path in folder.glob("*/*.xml")
        if _ECB_NAME.match(path.name) and (wanted is None or ecb_gold(path)[0] in wanted)
    )
    random.Random(seed).shuffle(paths)
    documents = []
    for path in paths[:limit] if limit is not None else paths:
        topic, event = ecb_gold(path)
        text = ecb_text(path.read_text(encoding="utf-8"))
        documents.append(GoldDocument(path.name, text, {"topic": str(topic), "subevent": f"{topic}/{event}"}))
    return documents


def load_t17(root: Path, seed: int = SEED, limit: int | None = None) -> list[GoldDocument]:
    """Every article of ``root/*/articles.json``, pooled, in date order (ties in an order shuffled with
    ``seed``). With ``limit``, a seeded sample of that many articles (then in date order), so that a quick
    run still covers every topic rather than the earliest one."""
    documents: list[GoldDocument] = []
    for folder in sorted(p for p in root.iterdir() if (p / "articles.json").is_file()):
        topic = folder.name.split("_", 1)[0]
        for item in json.loads((folder / "articles.json").read_text(encoding="utf-8")):
            documents.append(
                GoldDocument(
                    f"{folder.name}/{item.get('uid', len(documents))}",
                    detokenise_text(str(item.get("text", ""))),
                    {"topic": topic, "folder": folder.name},
                    str(item.get("dct", ""))[:10] or None,
                )
            )
    random.Random(seed).shuffle(documents)
    if limit is not None:
        documents = documents[:limit]
    documents.sort(key=lambda document: document.published or "")
    return documents


def detect_dataset(root: Path) -> str | None:
    """ "ecbplus" or "t17" from the folder's content, None when it is neither."""
    if not root.is_dir():
        return None
    if any(child.is_dir() and (child / "articles.json").is_file() for child in root.iterdir()):
        return "t17"
    if ecb_folder(root) is not None:
        return "ecbplus"
    return None


# -------------------------------------------------------------------------------------------- systems


def baseline_sweep(texts: Sequence[str], thresholds: Sequence[float] = THRESHOLDS) -> dict[float, Labels]:
    """TF-IDF + average-linkage agglomerative clustering, one labelling per distance threshold.

    The cosine distances are computed once from the (L2-normalised) sparse TF-IDF rows and given to
    scikit-learn as ``metric="precomputed"``: the same clustering as ``metric="cosine"``, without the
    dense document-term matrix that would need gigabytes on Timeline17. An empty text is at distance 1
    from everything, so it stays alone.
    """
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return {threshold: [0] * len(texts) for threshold in thresholds}
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    except ValueError:  # nothing but stop words: every document alone
        return {threshold: list(range(len(texts))) for threshold in thresholds}
    distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    sweep: dict[float, Labels] = {}
    for threshold in thresholds:
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
        )
        sweep[threshold] = [int(label) for label in model.fit_predict(distances)]
    return sweep


def best_threshold(
    sweep: Mapping[float, Labels], gold: Sequence[str], items: Sequence[int] | None = None
) -> tuple[float, Scores]:
    """The threshold whose labelling has the best B³ F1 against ``gold`` (on ``items`` only, when given)."""
    chosen = list(items) if items is not None else list(range(len(gold)))
    target = [gold[i] for i in chosen]
    scored = [
        (b_cubed([labels[i] for i in chosen], target), threshold) for threshold, labels in sweep.items()
    ]
    scores, threshold = max(scored, key=lambda pair: (pair[0][2], -pair[1]))
    return threshold, scores


@dataclass(slots=True)
class StorylineRun:
    """Storyline's labels for one corpus: batch and streaming, from one featurisation."""

    labels: dict[str, dict[str, Labels]] = field(default_factory=dict)  # system -> {"stories", "topics"}
    seconds: dict[str, float] = field(default_factory=dict)
    unusable: int = 0


def _grouping_api() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """``featurize_records`` and ``group_features``: one seam, so the report can be tested on its own."""
    from storyline.engine.stories import featurize_records
    from storyline.relate.stories.grouping import group_features

    return featurize_records, group_features


def run_storyline(records: Sequence[Mapping[str, object]]) -> StorylineRun:
    """Featurise once (the spaCy parse), then group twice: the whole batch, and one article at a time."""
    featurize_records, group_features = _grouping_api()
    run = StorylineRun()
    started = time.perf_counter()
    features = featurize_records(records)
    run.seconds["featurize"] = round(time.perf_counter() - started, 2)
    run.unusable = sum(1 for item in features if item is None)
    for system, stream in (("storyline batch", False), ("storyline streaming", True)):
        started = time.perf_counter()
        grouping = group_features(features, stream=stream)
        run.seconds[system] = round(time.perf_counter() - started, 2)
        run.labels[system] = {"stories": list(grouping.stories), "topics": list(grouping.topics)}
    return run


# --------------------------------------------------------------------------------------------- ECB+


def _subset_scores(
    labels: Mapping[str, Labels], documents: Sequence[GoldDocument], items: Sequence[int]
) -> dict[str, Any]:
    """B³ and counts of one system on a subset of the pooled documents (the grouping ran on the pool)."""
    gold_topic = [documents[i].labels["topic"] for i in items]
    gold_event = [documents[i].labels["subevent"] for i in items]
    topics = [labels["topics"][i] for i in items]
    stories = [labels["stories"][i] for i in items]
    return {
        "documents": len(items),
        "gold_topics": len(set(gold_topic)),
        "gold_stories": len(set(gold_event)),
        "predicted_topics": len(set(topics)),
        "predicted_stories": len(set(stories)),
        "topic": _prf(b_cubed(topics, gold_topic)),
        "subevent": _prf(b_cubed(stories, gold_event)),
    }


def evaluate_ecbplus(
    root: Path,
    topics: Iterable[int] | None = None,
    *,
    dev: Iterable[int] | None = None,
    limit: int | None = None,
    seed: int = SEED,
    storyline: bool = True,
) -> dict[str, Any]:
    """B³ at topic and sub-event level on pooled, shuffled ECB+ documents, for storyline (batch and
    streaming, unless ``storyline=False``) and the tuned TF-IDF + agglomerative baseline."""
    documents = load_ecbplus(root, topics, seed, limit)
    dev_topics = set(dev) if dev is not None else parse_topics(DEV_TOPICS)
    splits = {
        "dev": [i for i, d in enumerate(documents) if int(d.labels["topic"]) in dev_topics],
        "held_out": [i for i, d in enumerate(documents) if int(d.labels["topic"]) not in dev_topics],
    }
    all_items = list(range(len(documents)))
    present = sorted({int(d.labels["topic"]) for d in documents})
    report: dict[str, Any] = {
        "dataset": "ecbplus",
        "topics": present,
        "dev_topics": sorted(dev_topics & set(present)),
        "seed": seed,
        "limit": limit,
        "documents": len(documents),
        "gold_topics": len(present),
        "gold_stories": len({d.labels["subevent"] for d in documents}),
        "systems": {},
        "seconds": {},
    }
    records = [d.record() for d in documents]  # {"text"}: ECB+ has no dates
    if storyline:
        run = run_storyline(records)
        report["unusable"] = run.unusable
        report["seconds"].update(run.seconds)
        for system, labels in run.labels.items():
            entry = _subset_scores(labels, documents, all_items)
            entry["splits"] = {
                name: _subset_scores(labels, documents, items) for name, items in splits.items()
            }
            report["systems"][system] = entry
    started = time.perf_counter()
    sweep = baseline_sweep([d.text for d in documents])
    report["seconds"]["baseline"] = round(time.perf_counter() - started, 2)
    report["systems"]["baseline"] = _baseline_entry(sweep, documents, ("topic", "subevent"), splits)
    return report


def _baseline_entry(
    sweep: Mapping[float, Labels],
    documents: Sequence[GoldDocument],
    levels: Sequence[str],
    splits: Mapping[str, Sequence[int]] | None = None,
) -> dict[str, Any]:
    """Per gold level: the best threshold on all documents and its scores; with splits, the threshold
    tuned on "dev" and the scores it gets on every split."""
    entry: dict[str, Any] = {}
    for level in levels:
        gold = [d.labels[level] for d in documents]
        threshold, scores = best_threshold(sweep, gold)
        labels = sweep[threshold]
        entry[level] = {**_prf(scores), "threshold": threshold, "predicted": len(set(labels))}
        if splits and splits.get("dev"):
            tuned, _ = best_threshold(sweep, gold, splits["dev"])
            entry[level]["dev_threshold"] = tuned
            entry[level]["splits"] = {
                name: {
                    **_prf(b_cubed([sweep[tuned][i] for i in items], [gold[i] for i in items])),
                    "documents": len(items),
                    "gold": len({gold[i] for i in items}),
                    "predicted": len({sweep[tuned][i] for i in items}),
                }
                for name, items in splits.items()
            }
    return entry


def _triple(scores: Mapping[str, float]) -> str:
    return f"{100 * scores['p']:.1f}/{100 * scores['r']:.1f}/{100 * scores['f1']:.1f}"


def format_ecbplus(report: dict[str, Any]) -> str:
    """The ECB+ report as a plain-text table."""
    dev = report["dev_topics"]
    lines = [
        f"ECB+ topics {_ranges(report['topics'])}: {report['documents']} documents, {report['gold_topics']} "
        f"topics, {report['gold_stories']} seminal events (pooled, shuffled with seed {report['seed']}"
        + (f", first {report['limit']}" if report["limit"] else "")
        + ")",
        "",
        f"{'system':<30} {'topic B³ P/R/F1':>18} {'sub-event B³ P/R/F1':>20} {'topics':>7} {'stories':>8}",
    ]
    systems = report["systems"]
    for name in ("storyline batch", "storyline streaming"):
        if name in systems:
            s = systems[name]
            lines.append(
                f"{name:<30} {_triple(s['topic']):>18} {_triple(s['subevent']):>20} "
                f"{s['predicted_topics']:>7} {s['predicted_stories']:>8}"
            )
    base = systems["baseline"]
    topic, event = base["topic"], base["subevent"]
    lines.append(
        f"{'TF-IDF + agglomerative *':<30} {_triple(topic):>18} {_triple(event):>20} "
        f"{topic['predicted']:>7} {event['predicted']:>8}"
    )
    lines.append(
        f"  * distance threshold tuned on these same (test) topics, per level: t={topic['threshold']:.2f} "
        f"for topics,\n    t={event['threshold']:.2f} for sub-events; an upper bound for the baseline"
    )
    if any("splits" in entry for entry in (*systems.values(), topic, event)):
        lines += ["", f"dev = topics {_ranges(dev)} (where storyline may be tuned), held out = the rest"]
        lines.append(
            f"{'system':<30} {'split':<9} {'docs':>5} {'gold st.':>8} {'pred st.':>8} "
            f"{'topic B³ P/R/F1':>18} {'sub-event B³ P/R/F1':>20}"
        )
        for name in ("storyline batch", "storyline streaming"):
            for split, s in systems.get(name, {}).get("splits", {}).items():
                lines.append(
                    f"{name:<30} {split:<9} {s['documents']:>5} {s['gold_stories']:>8} "
                    f"{s['predicted_stories']:>8} {_triple(s['topic']):>18} {_triple(s['subevent']):>20}"
                )
        if "splits" in topic and "splits" in event:
            label = f"baseline (t={topic['dev_threshold']:.2f}/{event['dev_threshold']:.2f} on dev)"
            for split, counts in event["splits"].items():
                lines.append(
                    f"{label:<30} {split:<9} {counts['documents']:>5} {counts['gold']:>8} "
                    f"{counts['predicted']:>8} "
                    f"{_triple(topic['splits'][split]):>18} {_triple(event['splits'][split]):>20}"
                )
    lines += ["", _seconds(report)]
    return "\n".join(lines)


def _ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] -> "1-3,5"."""
    parts: list[str] = []
    for number in sorted(numbers):
        if parts and number == int(parts[-1].rsplit("-", 1)[-1]) + 1:
            parts[-1] = f"{parts[-1].split('-')[0]}-{number}"
        else:
            parts.append(str(number))
    return ",".join(parts) or "none"


def _seconds(report: dict[str, Any]) -> str:
    seconds = ", ".join(f"{name} {value:.1f}s" for name, value in report["seconds"].items())
    unusable = report.get("unusable")
    return f"time: {seconds}" + (f"; unusable inputs: {unusable}" if unusable is not None else "")


# ---------------------------------------------------------------------------------------- Timeline17


def _topic_breakdown(labels: Sequence[int], topics: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per gold topic: its articles, how many predicted stories they fall in, the sizes of the largest."""
    members: dict[str, Counter[int]] = defaultdict(Counter)
    for label, topic in zip(labels, topics, strict=True):
        members[topic][label] += 1
    return {
        topic: {
            "articles": sum(counts.values()),
            "stories": len(counts),
            "largest": [size for _, size in counts.most_common(EXAMPLE_STORIES)],
        }
        for topic, counts in sorted(members.items())
    }


def _examples(labels: Sequence[int], documents: Sequence[GoldDocument]) -> dict[str, list[dict[str, Any]]]:
    """For the largest gold topics, their biggest predicted stories and each one's first article (the
    documents are in date order), so a reader can judge whether a split is a real sub-story."""
    by_topic: dict[str, Counter[int]] = defaultdict(Counter)
    for label, document in zip(labels, documents, strict=True):
        by_topic[document.labels["topic"]][label] += 1
    biggest = sorted(by_topic, key=lambda topic: (-sum(by_topic[topic].values()), topic))[:EXAMPLE_TOPICS]
    out: dict[str, list[dict[str, Any]]] = {}
    for topic in biggest:
        rows = []
        for label, size in by_topic[topic].most_common(EXAMPLE_STORIES):
            first = next(
                d
                for lab, d in zip(labels, documents, strict=True)
                if lab == label and d.labels["topic"] == topic
            )
            snippet = " ".join(first.text.split())[:EXAMPLE_CHARS]
            rows.append({"story": label, "size": size, "published": first.published, "first": snippet})
        out[topic] = rows
    return out


def evaluate_t17(
    root: Path, *, limit: int | None = None, seed: int = SEED, storyline: bool = True
) -> dict[str, Any]:
    """B³ of stories and topics against the gold topic (and topic+outlet folder) on pooled Timeline17."""
    documents = load_t17(root, seed, limit)
    gold = {level: [d.labels[level] for d in documents] for level in ("topic", "folder")}
    report: dict[str, Any] = {
        "dataset": "t17",
        "seed": seed,
        "limit": limit,
        "documents": len(documents),
        "gold_topics": len(set(gold["topic"])),
        "gold_folders": len(set(gold["folder"])),
        "systems": {},
        "seconds": {},
    }
    if storyline:
        run = run_storyline([d.record() for d in documents])
        report["unusable"] = run.unusable
        report["seconds"].update(run.seconds)
        for system, labels in run.labels.items():
            entry: dict[str, Any] = {}
            for kind in ("stories", "topics"):
                entry[kind] = {
                    "predicted": len(set(labels[kind])),
                    **{f"vs_{level}": _prf(b_cubed(labels[kind], gold[level])) for level in gold},
                }
            entry["per_topic"] = _topic_breakdown(labels["stories"], gold["topic"])
            entry["examples"] = _examples(labels["stories"], documents)
            report["systems"][system] = entry
    started = time.perf_counter()
    sweep = baseline_sweep([d.text for d in documents])
    report["seconds"]["baseline"] = round(time.perf_counter() - started, 2)
    report["systems"]["baseline"] = _baseline_entry(sweep, documents, ("topic", "folder"))
    for level, entry in report["systems"]["baseline"].items():
        entry["per_topic"] = _topic_breakdown(sweep[entry["threshold"]], gold["topic"])
        entry[f"vs_{'folder' if level == 'topic' else 'topic'}"] = _prf(
            b_cubed(sweep[entry["threshold"]], gold["folder" if level == "topic" else "topic"])
        )
    return report


def format_t17(report: dict[str, Any]) -> str:
    """The Timeline17 report as plain-text tables."""
    sample = " (a seeded sample: fewer articles per day than the full stream)" if report["limit"] else ""
    lines = [
        f"Timeline17 pooled: {report['documents']} articles{sample},",
        f"{report['gold_topics']} gold topics, {report['gold_folders']} topic+outlet folders, in date order "
        f"(ties shuffled, seed {report['seed']})",
        "",
        f"{'system':<34} {'vs topic B³ P/R/F1':>19} {'vs folder B³ P/R/F1':>20} {'predicted':>9}",
    ]
    systems = report["systems"]
    for name in ("storyline batch", "storyline streaming"):
        for kind in ("stories", "topics"):
            if name in systems:
                s = systems[name][kind]
                label = f"{name} ({kind})"
                scores = f"{_triple(s['vs_topic']):>19} {_triple(s['vs_folder']):>20}"
                lines.append(f"{label:<34} {scores} {s['predicted']:>9}")
    base = systems["baseline"]
    for level in ("topic", "folder"):
        s = base[level]
        other = "folder" if level == "topic" else "topic"
        scored = {level: _triple(s), other: _triple(s[f"vs_{other}"])}
        label = f"TF-IDF+agglom.* t={s['threshold']:.2f} (for {level})"
        lines.append(f"{label:<34} {scored['topic']:>19} {scored['folder']:>20} {s['predicted']:>9}")
    lines.append(
        f"  * threshold tuned on these same articles: t={base['topic']['threshold']:.2f} best against the "
        f"topics,\n    t={base['folder']['threshold']:.2f} against the folders; "
        "an upper bound for the baseline"
    )
    columns = [n for n in ("storyline batch", "storyline streaming") if n in systems]
    breakdowns = [(n, systems[n]["per_topic"]) for n in columns]
    breakdowns.append((f"baseline t={base['topic']['threshold']:.2f}", base["topic"]["per_topic"]))
    lines += ["", "stories per gold topic (articles in its 3 largest stories)"]
    lines.append(f"{'topic':<10} {'articles':>8} " + " ".join(f"{name:>22}" for name, _ in breakdowns))
    for topic, first in breakdowns[0][1].items():
        cells: list[str] = []
        for _, breakdown in breakdowns:
            row = breakdown[topic]
            cells.append(f"{row['stories']:>5} ({'/'.join(str(n) for n in row['largest'])})")
        lines.append(f"{topic:<10} {first['articles']:>8} " + " ".join(f"{cell:>22}" for cell in cells))
    if "storyline batch" in systems:
        lines += ["", "storyline batch: the biggest stories of the largest topics, first article of each"]
        for topic, rows in systems["storyline batch"]["examples"].items():
            for row in rows:
                lines.append(f"{topic:<8} {row['size']:>4} {row['published'] or '':<10}  {row['first']}")
    lines += ["", _seconds(report)]
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------- CLI


def format_report(report: dict[str, Any]) -> str:
    return format_ecbplus(report) if report["dataset"] == "ecbplus" else format_t17(report)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline evaluate stories", description=__doc__.splitlines()[0])
    parser.add_argument(
        "root", type=Path, help="the ECB+ folder (holding ECB+/) or the Timeline17 t17 folder"
    )
    parser.add_argument("--topics", default=None, help="ECB+ topics to pool, e.g. 1-35 (default: all)")
    parser.add_argument("--dev", default=DEV_TOPICS, help=f"ECB+ dev topics (default {DEV_TOPICS})")
    parser.add_argument("--limit", type=int, default=None, help="only N documents (quick runs)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"shuffling seed (default {SEED})")
    parser.add_argument("--baseline-only", action="store_true", help="skip storyline (no spaCy parse)")
    parser.add_argument("--json", type=Path, default=None, help="also write the report as JSON here")
    args = parser.parse_args(list(argv) if argv is not None else None)
    dataset = detect_dataset(args.root)
    if dataset is None:
        print(
            f"{args.root}: neither ECB+ (numbered topic folders) nor Timeline17 (*/articles.json)",
            file=sys.stderr,
        )
        return 2
    try:
        topics = parse_topics(args.topics) if args.topics else None
        dev = parse_topics(args.dev)
    except ValueError as error:
        print(f"bad topic range: {error}", file=sys.stderr)
        return 2
    storyline = not args.baseline_only
    if dataset == "ecbplus":
        report = evaluate_ecbplus(
            args.root, topics, dev=dev, limit=args.limit, seed=args.seed, storyline=storyline
        )
    else:
        report = evaluate_t17(args.root, limit=args.limit, seed=args.seed, storyline=storyline)
    if not report["documents"]:
        print(f"{args.root}: no documents to evaluate", file=sys.stderr)
        return 1
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
