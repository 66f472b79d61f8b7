"""One pipeline, several executors: the process pool and Spark give the same analysis as in-process."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from storyline.engine.executors import LocalExecutor, ProcessExecutor, SparkExecutor, executor_for
from storyline.engine.pipeline import analyse_article, analyse_articles, analyse_batch
from storyline.model import Article

TEXTS = [
    "The harbour at Port Selwyn was closed on Thursday after a storm, the port authority said. "
    '"We will not reopen until every berth is inspected," harbour master Ana Ruiz said.',
    "About 40 ships were waiting offshore on Friday, according to the shipping association. "
    "Some were sent south to Kerrin, where the council said it could take ten more vessels.",
    "Dock workers said they had warned of the cranes' condition last year. Ruiz did not comment.",
]


def _articles() -> list[Article]:
    return [Article(id=f"a{n}", source=f"input:{n}", text=text) for n, text in enumerate(TEXTS, start=1)]


def _layers(articles: list[Article]) -> list[dict]:
    return [article.to_dict() for article in articles]


def test_process_pool_matches_local() -> None:
    local = LocalExecutor().map(analyse_article, _articles())
    pooled = analyse_articles(_articles(), ProcessExecutor(workers=2))
    assert _layers(pooled) == _layers(local)
    assert all(article.sentences for article in pooled)


def test_a_batched_parse_analyses_as_one_by_one() -> None:
    """nlp.pipe over a batch must not change any layer (the batch is how every executor parses)."""
    one_by_one = [analyse_article(article) for article in _articles()]
    assert _layers(analyse_batch(_articles())) == _layers(one_by_one)


def test_unknown_executor_name() -> None:
    with pytest.raises(ValueError, match="unknown executor"):
        executor_for("ray")


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="PySpark or a Java runtime is not installed",
)
def test_spark_matches_local() -> None:
    local = LocalExecutor().map(analyse_article, _articles())
    spark = SparkExecutor(master="local[2]", partitions=2)
    try:
        on_spark = analyse_articles(_articles(), spark)
        again = spark.map(analyse_article, _articles())  # the session is reused, not started again
    finally:
        spark.close()
    assert _layers(on_spark) == _layers(local)
    assert _layers(again) == _layers(local)
