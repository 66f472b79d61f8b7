"""render stage: a Brief as Markdown, JSON or one self-contained HTML page, or printed with Rich.

Every format shows the same briefing (title, cited summary, timeline, quote ledger, claims,
disagreements, numbered articles); the JSON is the contract the others agree with.
"""

from __future__ import annotations

from typing import Literal

from storyline.model import Brief
from storyline.render.html import render_html
from storyline.render.json import render_json
from storyline.render.markdown import render_markdown
from storyline.render.terminal import print_brief

__all__ = ["print_brief", "render", "render_html", "render_json", "render_markdown"]

_RENDERERS = {"md": render_markdown, "json": render_json, "html": render_html}


def render(brief: Brief, fmt: Literal["md", "json", "html"]) -> str:
    """The brief in format ``fmt``; an unknown format is a ValueError naming the known ones."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(_RENDERERS)}") from None
    return renderer(brief)
