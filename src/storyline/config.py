"""One frozen Settings object: defaults < TOML file < explicit overrides. Steps never mutate it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be tuned with; passed down, never global."""

    words: int = 250
    max_file_bytes: int = 5_000_000
    min_article_chars: int = 200
    near_duplicate_threshold: float = 0.8
    english_min_ratio: float = 0.25
    workers: int = 1
    min_quote_confidence: float = 0.5

    def with_overrides(self, **overrides: Any) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{key: value for key, value in overrides.items() if value is not None})

    @classmethod
    def from_toml(cls, path: Path) -> Settings:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        return cls().with_overrides(**data.get("storyline", data))


DEFAULT_SETTINGS = Settings()
