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
    #: The longest article analysed, in characters of cleaned text; a longer one is skipped with a problem.
    #: Analysis is linear but not cheap: 60-90 s and 0.6-0.75 GB peak for 1,000,000 characters on the
    #: 2-core project machine, two thirds of it spaCy's own parse (benchmarks/long_articles.py; 2,000,000
    #: took 186 s), while news articles run under 50,000. The limit keeps one input (a 5 MB file may hold
    #: 5,000,000) from holding a run or a server worker for more than about a minute and a half.
    max_article_chars: int = 1_000_000
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
