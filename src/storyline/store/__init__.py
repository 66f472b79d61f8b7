"""store stage: DuckDB persistence of articles, their layers, and briefs (see ``store.duckdb``)."""

from storyline.store.duckdb import Store, StoreError

__all__ = ["Store", "StoreError"]
