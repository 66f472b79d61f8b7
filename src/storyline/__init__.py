"""storyline: turn many outlets' coverage of a news story into a briefing a person can trust.

``storyline.brief(sources, words=250, query=None) -> Brief`` is the entry point; ``storyline.stories``
and ``storyline.group_stories`` find the stories of a corpus; see the README.
Heavy modules (spaCy, trafilatura) load on first use, and even the API module is imported only when one
of its functions is first asked for, so ``import storyline`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.model import Brief, Story

__version__ = "0.1.0"
__all__ = [
    "Brief",
    "Story",
    "__version__",
    "brief",
    "brief_records",
    "brief_texts",
    "group_stories",
    "stories",
]

if TYPE_CHECKING:
    from storyline.api import brief, brief_records, brief_texts, group_stories, stories

_API = {"brief", "brief_records", "brief_texts", "group_stories", "stories"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from storyline import api

        return getattr(api, name)
    raise AttributeError(name)
