"""Shared test helpers: where the read-only real data and the repository's example corpus live.

Why fixtures and not module constants: the tests live one folder per step, at different depths, and a
path computed from ``__file__`` silently pointed at nothing when a file moved (the test then skipped).
Every test that reads ``../shared/data`` asks for ``shared_data``; it skips, saying where it looked,
only when the data is truly absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the checkout (CI has it at the same place)."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"real data not found at {data}")
    return data


@pytest.fixture(scope="session")
def shared_tools() -> Path:
    tools = SHARED / "tools"
    if not tools.is_dir():
        pytest.skip(f"shared tools not found at {tools}")
    return tools


@pytest.fixture(scope="session")
def seeds_dir(shared_data: Path) -> Path:
    """The five scraped Friends of Syria reports."""
    return shared_data / "friends-of-syria"


@pytest.fixture(scope="session")
def example_corpus() -> Path:
    """The repository's own example corpus (written for the project)."""
    return REPO / "examples" / "corpus"
