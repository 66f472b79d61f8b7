"""The terminal briefing cannot be made to drive the terminal by what an article says.

Regression for a fuzzing find (tests/test_fuzz.py): an ESC or a C1 CSI (``\\x9b``) in an article's text,
title or outlet reached the terminal verbatim through Rich, so an article could clear the screen, recolour
the output or retitle the window of whoever printed its briefing.
"""

from __future__ import annotations

import io

from rich.console import Console

from storyline.model import Article, Brief, Citation, SummarySentence
from storyline.render import print_brief
from storyline.render.terminal import terminal_safe

ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m\x00\x7f\x85"


def _brief() -> Brief:
    text = f"The mayor said {ESCAPES} the bridge would reopen on Friday after repairs."
    article = Article(
        id="a1", source="input:0", text=text, title=f"Bridge {ESCAPES} reopens", outlet=f"Desk {ESCAPES}"
    )
    return Brief(articles=[article], summary=[SummarySentence(text, [Citation("a1", 0, len(text))])])


def _printed(**options: object) -> str:
    screen = io.StringIO()
    print_brief(_brief(), Console(file=screen, width=100, **options))  # type: ignore[arg-type]
    return screen.getvalue()


def test_control_characters_from_articles_never_reach_the_terminal() -> None:
    shown = _printed(color_system=None)
    assert not any(character in shown for character in "\x1b\x9b\x07\x00\x7f\x85")
    # still visible as replacement characters, with the words around them
    assert "Bridge" in shown and "reopens" in shown and "the bridge would reopen" in shown
    assert "\ufffd[2J" in shown and "\ufffd31m" in shown


def test_rich_keeps_its_own_styling_but_none_from_the_input() -> None:
    shown = _printed(color_system="truecolor", force_terminal=True)
    assert "\x1b[" in shown  # Rich's own bold and colours still work
    assert "\x1b[2J" not in shown and "\x1b]0;" not in shown and "\x9b" not in shown


def test_terminal_safe_keeps_newlines_tabs_and_ordinary_unicode() -> None:
    assert terminal_safe("a\tb\nc «é» 😀 \u200f") == "a\tb\nc «é» 😀 \u200f"
    assert terminal_safe("a\rb\x1bc\x9bd") == "a\ufffdb\ufffdc\ufffdd"
