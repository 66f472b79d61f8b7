"""One writer at a time per store, across processes, for the whole of an ingest.

Why a lock file beside the store and not DuckDB's own lock: an ingest holds the DuckDB file only while
it loads its Parquet parts (seconds), so readers are not shut out during the hours of analysis; but two
ingests into one store would share its parts folder. This lock makes the second wait (saying so) and
then find the first one's partitions finished, instead of failing after all its work.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def lock_path(store: str | Path) -> Path:
    path = Path(store)
    return path.with_name(f".{path.name}.lock")


def parts_path(store: str | Path) -> Path:
    """Where an ingest keeps its Parquet parts and finished-partition markers when no ``--out`` is given,
    so that the same command after a kill finds them."""
    path = Path(store)
    return path.with_name(f".{path.name}.parts")


@contextmanager
def writer_lock(store: str | Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's writer lock; if another process holds it, call ``on_wait`` once and wait."""
    path = lock_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
            holder = f"process {pid}" if pid.isdigit() else "another process"
            if on_wait is not None:
                on_wait(f"{store}: another ingest ({holder}) is writing to it; waiting for it to end")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)
