"""The lines of one article text, found once: where the line holding an offset starts and ends.

Why: the quote step asks for the line of every quotation and cue. ``text.rfind("\\n", 0, offset)`` answers
in time proportional to the line, so on an article of one long line (a scraped page with its breaks lost)
every question cost the whole text and the step was quadratic: six minutes for 1 MB. Here the line breaks
are listed once and each question is a bisection; what depends on a whole line (its stripped length,
whether it reads as a headline) is worked out once per line.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

__all__ = ["Lines"]


class Lines:
    """Line bounds of ``text`` by bisection over its line breaks (``"\\n"``), computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        breaks: list[int] = []
        position = text.find("\n")
        while position >= 0:
            breaks.append(position)
            position = text.find("\n", position + 1)
        self.breaks = breaks
        self._lengths: dict[tuple[int, int], int] = {}
        self._flags: dict[tuple[str, int], bool] = {}

    def start(self, offset: int) -> int:
        """Where the line holding ``offset`` starts: ``text.rfind("\\n", 0, offset) + 1``."""
        index = bisect_left(self.breaks, offset)
        return self.breaks[index - 1] + 1 if index else 0

    def end(self, offset: int) -> int:
        """Where the line holding ``offset`` ends: ``text.find("\\n", offset)``, or the text's length."""
        index = bisect_left(self.breaks, offset)
        return self.breaks[index] if index < len(self.breaks) else len(self.text)

    def stripped_length(self, line_start: int, line_end: int) -> int:
        """``len(text[line_start:line_end].strip())``, worked out once per line."""
        length = self._lengths.get((line_start, line_end))
        if length is None:
            length = self._lengths[line_start, line_end] = len(self.text[line_start:line_end].strip())
        return length

    def per_line(self, name: str, offset: int, compute: Callable[[str], bool]) -> bool:
        """``compute(line)`` for the line holding ``offset``, worked out once per line and ``name``."""
        key = (name, self.start(offset))
        flag = self._flags.get(key)
        if flag is None:
            flag = self._flags[key] = compute(self.text[key[1] : self.end(offset)])
        return flag
