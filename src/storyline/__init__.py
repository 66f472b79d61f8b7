"""storyline: turn many outlets' coverage of a news story into a briefing a person can trust.

``storyline.brief(sources, words=250, query=None) -> Brief`` is the entry point; see the README.
Heavy modules (spaCy, trafilatura) load on first use, so ``import storyline`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline import brief
from storyline.model import Brief

__version__ = "0.1.0"
__all__ = ["Brief", "__version__", "brief", "brief_texts"]

if TYPE_CHECKING:
    from storyline.api import brief_texts


def __getattr__(name: str) -> Any:
    if name == "brief_texts":
        from storyline.api import brief_texts

        return brief_texts
    raise AttributeError(name)
