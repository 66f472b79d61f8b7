"""Shared test helpers: where the read-only real data lives."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "data" / "friends-of-syria"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"real data not found at {SEEDS}")
    return SEEDS
