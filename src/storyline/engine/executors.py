"""Executors map a per-article step over many articles: in-process, a process pool, or Spark.

Why a tiny interface: the pipeline is written once (engine/pipeline.py) and only the ``map`` differs, so a
corpus that outgrows one machine runs the same steps on Spark. Steps are plain module-level functions and
records are picklable dataclasses, which all three executors need.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol, TypeVar

A = TypeVar("A")
B = TypeVar("B")


class Executor(Protocol):
    @property
    def parallelism(self) -> int:
        """How many items this executor runs at once: the pipeline sizes its batches by it, so that every
        worker gets some of a small story."""
        ...

    def map(self, step: Callable[[A], B], items: Sequence[A]) -> list[B]: ...


class LocalExecutor:
    """In this process, in order: the default, and the fastest for one story."""

    parallelism = 1

    def map(self, step: Callable[[A], B], items: Sequence[A]) -> list[B]:
        return [step(item) for item in items]


def _ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the parent: it decides whether the work in hand finishes
    (``storyline ingest`` asks partitions to stop, through a file) or the pool is terminated."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ProcessExecutor:
    """A pool of local processes; order is kept. A worker loads the model on its first parse (and keeps
    it), so a map that parses nothing — the archive's first pass, which counts lines — never loads it.

    Workers ignore SIGINT; if the map is interrupted (or fails), the pool's processes are terminated
    rather than left to finish work nobody will collect."""

    def __init__(self, workers: int | None = None, chunksize: int = 1) -> None:
        self.workers = workers or max(1, (os.cpu_count() or 2))
        self.chunksize = chunksize

    @property
    def parallelism(self) -> int:
        return self.workers

    def map(self, step: Callable[[A], B], items: Sequence[A]) -> list[B]:
        if self.workers <= 1 or len(items) <= 1:
            return LocalExecutor().map(step, items)
        pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_ignore_interrupts)
        try:
            results = list(pool.map(step, items, chunksize=self.chunksize))
        except BaseException:
            processes = list(getattr(pool, "_processes", {}).values())  # not public: no terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            raise
        pool.shutdown()
        return results


def spark_session(master: str = "local[*]"):  # type: ignore[no-untyped-def]
    """The Spark session storyline uses: loopback only, no UI, workers on this interpreter.

    Why each setting: the driver binds to 127.0.0.1 so nothing listens on another address; the UI is off
    (it would open a port and is not needed); workers run ``sys.executable`` because the ``python3`` on
    PATH may lack storyline. ``getOrCreate`` reuses a running session, so many ``map`` calls pay the
    start-up (seconds, more under load) once; ``stop_spark`` ends it.
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("storyline")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")  # the model stays loaded in each worker
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def stop_spark() -> None:
    """Stop the running Spark session, if any (idempotent)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return
    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


class SparkExecutor:
    """Spark (PySpark): the step runs in each partition's Python worker, which loads the model once.

    Needs the optional ``spark`` extra and a Java runtime. The session starts on the first ``map`` and is
    reused by later ones (``close`` or ``stop_spark`` ends it).
    """

    def __init__(self, master: str = "local[*]", partitions: int | None = None) -> None:
        self.master = master
        self.partitions = partitions

    @property
    def parallelism(self) -> int:
        if self.partitions:
            return self.partitions
        return int(spark_session(self.master).sparkContext.defaultParallelism)

    def map(self, step: Callable[[A], B], items: Sequence[A]) -> list[B]:
        if not items:
            return []
        context = spark_session(self.master).sparkContext
        partitions = min(len(items), self.partitions or context.defaultParallelism)
        return context.parallelize(list(items), partitions).map(step).collect()

    def close(self) -> None:
        stop_spark()


def executor_for(name: str, workers: int = 1, master: str = "local[*]") -> Executor:
    """``local``, ``processes`` or ``spark``."""
    if name == "local":
        return LocalExecutor()
    if name == "processes":
        return ProcessExecutor(workers)
    if name == "spark":
        return SparkExecutor(master)
    raise ValueError(f"unknown executor {name!r} (use local, processes or spark)")
