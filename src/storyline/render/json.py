"""A Brief as the public JSON document ``storyline.brief/3``.

Why so thin: the JSON is the contract the other formats must agree with, so it is exactly
``Brief.to_dict`` (documented in the README), never a renderer's own view. ``ensure_ascii=False`` keeps
names such as "Juppé" readable in the file.
"""

from __future__ import annotations

import json

from storyline.model import Brief


def render_json(brief: Brief) -> str:
    """The brief as indented UTF-8 JSON; ``Brief.from_dict(json.loads(...))`` rebuilds it."""
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2)
