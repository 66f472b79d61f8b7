"""The store's one error, apart from the store so that raising or catching it loads neither DuckDB nor
Arrow (every command catches it; most never open a store)."""


class StoreError(ValueError):
    """A store or its input is unusable, said in one line: the store file cannot be opened (not a DuckDB
    file, a folder, locked, unreadable), or a folder of Parquet parts cannot be imported."""
