"""The dates layer: an article's date mentions, resolved against its publication date where it has one.

The grammar (patterns, tense, how "Friday" or "last week" resolves) is ``storyline.grammar.dates``; this
layer applies it to one article. A mention whose value depends on the publication date ("Friday",
"yesterday", "July 17") cannot be resolved in an undated article: it goes to ``unresolved_dates`` with
its ``expression``, and ``relate.dates`` resolves it from there once a date is inferred, without
reading the text again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.grammar.dates import parse_iso, resolve_mentions, scan_dates
from storyline.model import Article, DateMention

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_dates(article: Article, doc: Doc | None = None) -> tuple[list[DateMention], list[DateMention]]:
    """(``dates``, ``unresolved_dates``) of ``article``: the mentions of ``article.text`` resolved against
    ``article.published``, and those it does not resolve (every relative one while it is undated).

    ``doc`` is accepted for the layer contract but not needed: the grammar is regular expressions, so
    the same reading runs where no parse exists (see ``storyline.grammar.dates``).
    """
    return resolve_mentions(scan_dates(article.text), parse_iso(article.published))
