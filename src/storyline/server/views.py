"""Plain values for the newsroom's templates: sparklines, pages, highlighted passages, visit memory.

Why here and not in the templates: each piece that produces markup (the sparkline's SVG, a passage with
the query's words marked) escapes every text it takes with ``markupsafe.escape`` before adding tags, so
the templates (autoescaped) only ever receive plain values or Markup built from escaped parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from storyline.store.search import terms

#: the cookie that remembers, per story, the newest article a browser has seen
SEEN_COOKIE = "storyline_seen"
SEEN_STORIES = 60  # the most recently visited stories the cookie keeps (well under 4 KB)
_SEEN_ITEM = re.compile(r"^(S\d{1,9})\.(\d{1,12})$")
_WORD = re.compile(r"\w+", re.UNICODE)


def sparkline(days: Sequence[tuple[str, int]], width: int = 120, height: int = 24) -> Markup:
    """Articles per day as an inline SVG bar chart from the first to the last day (gaps as zero days);
    empty for an undated story. Only numbers and escaped dates go into the markup."""
    counts: dict[date, int] = {}
    for text, count in days:
        try:
            counts[date.fromisoformat(text[:10])] = int(count)
        except ValueError:
            continue
    if not counts:
        return Markup("")
    first, last = min(counts), max(counts)
    span = min((last - first).days + 1, 366)
    series = [counts.get(first + timedelta(days=offset), 0) for offset in range(span)]
    peak = max(series) or 1
    bar = width / len(series)
    bars = []
    for index, count in enumerate(series):
        if not count:
            continue
        tall = max(2.0, (height - 2) * count / peak)
        day = first + timedelta(days=index)
        bars.append(
            f'<rect x="{index * bar:.2f}" y="{height - tall:.2f}" width="{max(bar - 1, 1):.2f}" '
            f'height="{tall:.2f}"><title>{escape(day.isoformat())}: {count} article'
            f"{'' if count == 1 else 's'}</title></rect>"
        )
    label = f"articles per day, {first.isoformat()} to {last.isoformat()}, at most {peak} a day"
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">{"".join(bars)}</svg>'
    )


def page_links(path: str, query: Mapping[str, Any], page: int, pages: int) -> list[dict[str, Any]]:
    """Links to the pages around ``page`` (first, last, two either side), keeping the other parameters."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    kept = {key: value for key, value in query.items() if value not in (None, "") and key != "page"}
    links: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append({"gap": True})
        links.append(
            {
                "number": number,
                "href": f"{path}?{urlencode({**kept, 'page': number})}",
                "current": number == page,
            }
        )
        previous = number
    return links


def highlight(text: str, query: str) -> Markup:
    """``text`` escaped, with the words that match the query's search terms in ``<mark>``."""
    wanted = set(terms(query))
    if not wanted:
        return Markup(escape(text))
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        out.append(str(escape(text[position : match.start()])))
        word = match.group(0)
        matched = bool(set(terms(word)) & wanted)
        out.append(f"<mark>{escape(word)}</mark>" if matched else str(escape(word)))
        position = match.end()
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


def read_seen(cookie: str | None) -> dict[str, int]:
    """The visit memory ``S12.345-S3.20`` as {story: newest position seen}; anything malformed is dropped."""
    seen: dict[str, int] = {}
    for item in (cookie or "").split("-")[:SEEN_STORIES]:
        match = _SEEN_ITEM.match(item)
        if match:
            seen[match.group(1)] = int(match.group(2))
    return seen


def write_seen(seen: Mapping[str, int], story_id: str, position: int) -> str:
    """The cookie value with ``story_id`` seen up to ``position``, most recent first, bounded in size."""
    items = [(story_id, position), *((key, value) for key, value in seen.items() if key != story_id)]
    return "-".join(f"{key}.{value}" for key, value in items[:SEEN_STORIES])


def group_hits(hits: Iterable[Any], story_of: Mapping[str, str], per_story: int = 5) -> list[dict[str, Any]]:
    """Search hits grouped by the story of their article, the story of the best hit first; articles in
    no story are grouped under None. At most ``per_story`` hits are kept per group (``more`` counts the
    rest)."""
    groups: dict[str | None, dict[str, Any]] = {}
    for hit in hits:
        story = story_of.get(hit.article)
        group = groups.setdefault(story, {"story": story, "hits": [], "more": 0, "best": hit.score})
        if len(group["hits"]) < per_story:
            group["hits"].append(hit)
        else:
            group["more"] += 1
    return sorted(groups.values(), key=lambda group: -group["best"])
