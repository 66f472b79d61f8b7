"""A Brief printed to the terminal with Rich.

Why Markdown through Rich: the terminal view is the Markdown briefing (same sections, same citation
markers), rendered with headings, bold and tables, minus raw HTML anchors and the full article texts,
which a terminal cannot fold away.
"""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown

from storyline.model import Brief
from storyline.render.markdown import terminal_markdown


def print_brief(brief: Brief, console: Console | None = None) -> None:
    """Print the briefing as rendered Markdown to ``console`` (a new stdout console by default)."""
    (console or Console()).print(Markdown(terminal_markdown(brief), hyperlinks=False))
