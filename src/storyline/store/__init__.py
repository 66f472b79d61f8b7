"""store stage: DuckDB persistence of articles, their layers, and briefs (see ``store.duckdb``).

``Store`` is imported on first use: DuckDB and Arrow take about 0.3 s to import, which a command that
never opens a store should not pay.
"""

from typing import TYPE_CHECKING, Any

from storyline.store.errors import StoreError

if TYPE_CHECKING:
    from storyline.store.duckdb import Store

__all__ = ["Store", "StoreError"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from storyline.store.duckdb import Store

        return Store
    raise AttributeError(name)
