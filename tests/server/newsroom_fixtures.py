"""A store of stories for the newsroom tests, built once per session by the real pipeline.

Why from the example corpus: it is the project's own invented coverage (``examples/README.md``), with
known quotes, outlets, dates and a second, unrelated story (``examples/other-story``), and
``examples/later`` holds articles that arrive afterwards — one joins the dam story, one starts a new
story — which is what "new since the last visit" and "add articles" need. Building takes a few seconds
(a spaCy parse of 12 articles); each test module works on its own copy of the file, so one that adds
articles cannot change what another sees.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
#: a sentence of the minister's quote in the wire story (examples/corpus/meridian-wire-dam-breach.txt)
KNOWN_QUOTE_WORDS = "wonder whether the wall above their town will hold"
KNOWN_SPEAKER = "Ruth Okafor"


@pytest.fixture(scope="session")
def built_newsroom_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus and the ferry story grouped into stories in a DuckDB file (read-only use)."""
    import storyline

    path = tmp_path_factory.mktemp("newsroom") / "stories.duckdb"
    storyline.stories([EXAMPLES / "corpus", EXAMPLES / "other-story"], store=path)
    return path


@pytest.fixture
def newsroom_store(built_newsroom_store: Path, tmp_path: Path) -> Path:
    """A private copy of the built store for one test."""
    copy = tmp_path / "stories.duckdb"
    shutil.copyfile(built_newsroom_store, copy)
    return copy
