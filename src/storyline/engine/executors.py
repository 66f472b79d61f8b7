"""Executors map a per-article step over many articles: in-process, a process pool, or Spark.

Why a tiny interface: the pipeline is written once (engine/pipeline.py) and only the ``map`` differs, so a
corpus that outgrows one machine runs the same steps on Spark. Steps are plain module-level functions and
records are picklable dataclasses, which all three executors need.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol, TypeVar

A = TypeVar("A")
B = TypeVar("B")


class Executor(Protocol):
    def map(self, step: Callable[[A], B], items: Sequence[A]) -> list[B]: ...


class LocalExecutor:
    """In this process, in order: the default, and the fastest for one story."""

    def map(self, step: Callable[[A], B], items: Sequence[A]) -> list[B]:
        return [step(item) for item in items]


def _warm_up() -> None:
    from storyline.analyse.nlp import get_nlp

    get_nlp()


class ProcessExecutor:
    """A pool of local processes, each loading the model once; order is kept."""

    def __init__(self, workers: int | None = None, chunksize: int = 8) -> None:
        self.workers = workers or max(1, (os.cpu_count() or 2))
        self.chunksize = chunksize

    def map(self, step: Callable[[A], B], items: Sequence[A]) -> list[B]:
        if self.workers <= 1 or len(items) <= 1:
            return LocalExecutor().map(step, items)
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_warm_up) as pool:
            return list(pool.map(step, items, chunksize=self.chunksize))


class SparkExecutor:
    """Spark (PySpark): records are shipped as dicts, the step runs in each partition's Python worker.

    Needs the optional ``spark`` extra and a Java runtime; the model loads once per worker process.
    """

    def __init__(self, master: str = "local[*]", partitions: int | None = None) -> None:
        self.master = master
        self.partitions = partitions

    def map(self, step: Callable[[A], B], items: Sequence[A]) -> list[B]:
        from pyspark.sql import SparkSession

        spark = (
            SparkSession.builder.master(self.master)
            .appName("storyline")
            .config("spark.driver.host", "127.0.0.1")  # loopback only: no other address is ever used
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        try:
            rdd = spark.sparkContext.parallelize(list(items), self.partitions or None)
            return rdd.map(step).collect()
        finally:
            spark.stop()


def executor_for(name: str, workers: int = 1) -> Executor:
    """``local``, ``processes`` or ``spark``."""
    if name == "local":
        return LocalExecutor()
    if name == "processes":
        return ProcessExecutor(workers)
    if name == "spark":
        return SparkExecutor()
    raise ValueError(f"unknown executor {name!r} (use local, processes or spark)")
