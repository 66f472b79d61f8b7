"""A Brief printed to the terminal with Rich.

Why Markdown through Rich: the terminal view is the Markdown briefing (same sections, same citation
markers), rendered with headings, bold and tables, minus raw HTML anchors and the full article texts,
which a terminal cannot fold away.

Why control characters are replaced: article text, titles and outlets come from the input, and an ESC
(``\\x1b``) or C1 CSI (``\\x9b``) among them would reach the terminal as an escape sequence that recolours,
moves the cursor, clears the screen or retitles the window; Rich passes both through. Each control
character other than newline and tab is shown as U+FFFD instead, so a reader still sees something was
there and the briefing cannot drive the terminal.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.markdown import Markdown

from storyline.model import Brief
from storyline.render.markdown import terminal_markdown

#: C0 controls but tab and newline, DEL, and the C1 controls (``\x9b`` is CSI on many terminals).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with every control character that a terminal could act on replaced by U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def print_brief(brief: Brief, console: Console | None = None) -> None:
    """Print the briefing as rendered Markdown to ``console`` (a new stdout console by default)."""
    markdown = terminal_safe(terminal_markdown(brief))
    (console or Console()).print(Markdown(markdown, hyperlinks=False))
