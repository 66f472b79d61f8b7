"""Where outlets' numbers about the same thing differ: conflicts, different counts, and trends.

How claims are compared
-----------------------
Claims are grouped by ``what`` ("countries", "people killed", "people killed in total"). Each claim is
read as the range its qualifier allows:

    exact v -> [v, v]           about v -> [0.9 v, 1.1 v]      nearly v -> [0.9 v, v)
    more than v -> (v, inf)     at least v -> [v, inf)         up to v -> [0, v]

The 10% tolerance of "about"/"nearly" is a documented choice: it reads "about 100" as 90-110, so 107 is
*compatible* with it. Outlets still disagree in what they report, so the pair is shown, as kind
``different_counts``; kind ``conflict`` is kept for ranges that cannot both be true (exactly 51 vs at
least 108 killed on the same day).

* A running total ("people killed in total") or a standing count ("people missing") counted at different
  dates is a **trend**, not a disagreement: 7,500 by March 2012, 16,700 by July 2012; about 40 missing on
  Friday, at least 52 on Sunday, 31 on Monday. It is reported once, in date order, each figure once (a
  figure re-reported later, or under a coarser date such as "at the weekend", is the same point). Two
  sources whose figures for the same day cannot both be true are still a conflict.
* Event counts are kept apart by what happened to the people counted ("people killed", "people missing",
  "people rescued", "people evacuated" are different measures, see ``analyse.claims``), and a bare
  "people" (no event) is never compared: "about 900 people in temporary accommodation" and "4,000 people
  live in the town" count different things.
* Any other measure is compared only within one date (the date a claim refers to): deaths on Thursday
  5 July are not deaths on 11 March. Claims without a date are compared only with undated claims.
* Within a date, values more than ``MAX_RATIO`` apart are taken to count different things ("two key
  countries -- Russia and China -- will not attend" vs "107 nations came"), so they are not compared.
* Durations ("16 months of unrest") are context, not counts in dispute, and are not compared.
* Only claims from *different sources* can disagree: different articles, or different attributed
  sources inside one article. The same figure repeated is agreement, not shown.
"""

from __future__ import annotations

import math
from collections import defaultdict

from storyline.model import Article, Claim, Disagreement

TOLERANCE = 0.10
MAX_RATIO = 2.5
DURATIONS = frozenset({"hours", "days", "weeks", "months", "years", "minutes"})
_CUMULATIVE_SUFFIX = " in total"
_STANDING_SUFFIXES = (" missing",)
# Counts of people with no event attached: what they count is not known well enough to compare.
UNSPECIFIED = frozenset({"people", "persons", "individuals", "residents", "inhabitants", "neighbours"})


def is_running(what: str) -> bool:
    """Whether ``what`` is a total or a standing count whose figures at different dates form a trend."""
    return what.endswith(_CUMULATIVE_SUFFIX) or what.endswith(_STANDING_SUFFIXES)


def claim_range(claim: Claim) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open) of the values a claim admits (see module doc)."""
    value = claim.value
    qualifier = claim.qualifier
    if qualifier == "about":
        return value * (1 - TOLERANCE), value * (1 + TOLERANCE), False, False
    if qualifier == "nearly":
        return value * (1 - TOLERANCE), value, False, True
    if qualifier == "more than":
        return value, math.inf, True, True
    if qualifier == "at least":
        return value, math.inf, False, True
    if qualifier == "up to":
        return 0.0, value, False, False
    return value, value, False, False


def compatible(first: Claim, second: Claim) -> bool:
    """Whether both claims can be true at once (their ranges overlap)."""
    lo1, hi1, lo1_open, hi1_open = claim_range(first)
    lo2, hi2, lo2_open, hi2_open = claim_range(second)
    if lo1 != lo2:
        low, low_open = (lo1, lo1_open) if lo1 > lo2 else (lo2, lo2_open)
    else:
        low, low_open = lo1, lo1_open or lo2_open
    if hi1 != hi2:
        high, high_open = (hi1, hi1_open) if hi1 < hi2 else (hi2, hi2_open)
    else:
        high, high_open = hi1, hi1_open or hi2_open
    if low < high:
        return True
    return low == high and not (low_open or high_open)


def _label(article: Article | None, article_id: str) -> str:
    if article is None:
        return article_id
    if article.outlet:
        return article.outlet
    if article.title:
        return article.title if len(article.title) <= 40 else article.title[:39].rstrip() + "…"
    return article.id


def _who(claim: Claim, articles: dict[str, Article]) -> str:
    """"Hollande, via RFI story": the claim's source and the outlet (or title) that reports it.

    The source is left out only when it *is* the outlet ("CNN" in a CNN story); a source that merely
    appears in the story's title (Hollande in "Clinton, Hollande lash Russia ...") is still named.
    """
    article = articles.get(claim.article)
    label = _label(article, claim.article)
    if not claim.source:
        return label
    outlet = (article.outlet if article is not None else None) or ""
    if outlet and _same_name(claim.source, outlet):
        return label
    return f"{claim.source}, via {label}"


def _same_name(first: str, second: str) -> bool:
    def words(name: str) -> list[str]:
        return [w for w in name.lower().replace("’", "'").split() if w not in ("the", "news")]

    a, b = words(first), words(second)
    return bool(a) and bool(b) and (a == b or " ".join(a) in " ".join(b) or " ".join(b) in " ".join(a))


def _amount(claim: Claim) -> str:
    value = f"{claim.value:,.0f}" if claim.value == int(claim.value) else f"{claim.value:,}"
    if claim.unit in ("USD", "GBP", "EUR"):
        value = {"USD": "$", "GBP": "£", "EUR": "€"}[claim.unit] + value
    elif claim.unit == "%":
        value += "%"
    return f"{claim.qualifier} {value}".strip()


def _source_key(claim: Claim) -> tuple[str, str]:
    return claim.article, (claim.source or "").lower()


def _distinct(claims: list[Claim]) -> list[Claim]:
    """One claim per (source, value, qualifier): the same figure repeated by one source is said once."""
    seen: set[tuple[tuple[str, str], float, str]] = set()
    out = []
    for claim in claims:
        key = (_source_key(claim), claim.value, claim.qualifier)
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


def _clusters(claims: list[Claim]) -> list[list[Claim]]:
    """Claims split where consecutive values (sorted) are more than ``MAX_RATIO`` apart."""
    ordered = sorted(claims, key=lambda c: c.value)
    groups: list[list[Claim]] = []
    for claim in ordered:
        if groups and claim.value <= max(groups[-1][-1].value, 1e-9) * MAX_RATIO:
            groups[-1].append(claim)
        else:
            groups.append([claim])
    return groups


def _compare(
    what: str, date: str | None, claims: list[Claim], articles: dict[str, Article]
) -> Disagreement | None:
    claims = sorted(_distinct(claims), key=lambda c: (c.article, c.span.start))
    sources = {_source_key(c) for c in claims}
    if len(sources) < 2 or len({(c.value, c.qualifier) for c in claims}) < 2:
        return None
    pairs = [(a, b) for i, a in enumerate(claims) for b in claims[i + 1:] if _source_key(a) != _source_key(b)]
    if not pairs or all(a.value == b.value and a.qualifier == b.qualifier for a, b in pairs):
        return None
    kind = "different_counts" if all(compatible(a, b) for a, b in pairs) else "conflict"
    when = f" on {date}" if date else ""
    parts = " vs ".join(f"{_amount(c)} ({_who(c, articles)})" for c in claims)
    note = "ranges overlap" if kind == "different_counts" else "these cannot all be true"
    return Disagreement(what=what, kind=kind, explanation=f"{what}{when}: {parts} — {note}", claims=claims)


def _trend_points(claims: list[Claim], articles: dict[str, Article]) -> list[Claim]:
    """Dated claims in date order, each figure once.

    The same (date, value, qualifier) from several outlets is one point (an attributed one is kept over
    an unattributed one); a figure from one source re-dated later ("the co-ordinator said at the weekend
    that at least 52 ...", printed on Monday) or under a coarser date that contains a day already listed
    is the same point too.
    """

    def first_hand(claim: Claim) -> bool:
        """Reported on the day it refers to (the wire on Friday, not Monday's recap of Friday)."""
        article = articles.get(claim.article)
        return article is not None and bool(article.published) and article.published == claim.date

    dated = sorted(
        (c for c in _distinct(claims) if c.date),
        key=lambda c: (c.date or "", c.value, c.source is None, not first_hand(c)),
    )
    points: list[Claim] = []
    for claim in dated:
        same_figure = [p for p in points if p.value == claim.value and p.qualifier == claim.qualifier]
        source = _source_name(claim)
        if any(p.date == claim.date or (source and _source_name(p) == source) for p in same_figure):
            continue
        points.append(claim)
    # A figure under a coarse date ("2025-11", from "at the weekend") that a day of the same figure refines
    # is the same report.
    return [
        c for c in points
        if not any(
            o is not c and o.value == c.value and o.qualifier == c.qualifier and _within(o.date, c.date)
            for o in points
        )
    ]


def _within(day: str | None, coarse: str | None) -> bool:
    """Whether the date ``day`` is finer than and inside ``coarse`` ("2025-11-16" in "2025-11")."""
    if not day or not coarse:
        return False
    return len(day) > len(coarse) and day.startswith(coarse)


def _source_name(claim: Claim) -> str:
    return " ".join(w for w in (claim.source or "").lower().split() if w != "the")


def _trend(what: str, claims: list[Claim], articles: dict[str, Article]) -> Disagreement | None:
    dated = _trend_points(claims, articles)
    if len({c.date for c in dated}) < 2 or len({c.value for c in dated}) < 2:
        return None
    if what.endswith(_CUMULATIVE_SUFFIX):
        parts = "; ".join(f"{_amount(c)} by {c.date} ({_who(c, articles)})" for c in dated)
        base = what.removesuffix(_CUMULATIVE_SUFFIX)
        explanation = f"{base}, running total: {parts}"
        return Disagreement(what=what, kind="trend", explanation=explanation, claims=dated)
    parts = "; ".join(f"{_amount(c)} on {c.date} ({_who(c, articles)})" for c in dated)
    return Disagreement(what=what, kind="trend", explanation=f"{what}, over time: {parts}", claims=dated)


def find_disagreements(articles: list[Article]) -> list[Disagreement]:
    """Disagreements and trends among the claims of ``articles`` (see module doc for the rules)."""
    by_id = {article.id: article for article in articles}
    by_what: dict[str, list[Claim]] = defaultdict(list)
    for article in articles:
        if article.duplicate_of:
            continue
        for claim in article.claims:
            if claim.what:
                by_what[claim.what].append(claim)
    found: list[Disagreement] = []
    for what, claims in sorted(by_what.items()):
        if what in DURATIONS or what in UNSPECIFIED or any(c.unit in DURATIONS for c in claims):
            continue
        if len({c.article for c in claims}) < 2 and len({_source_key(c) for c in claims}) < 2:
            continue
        trend = _trend(what, claims, by_id) if is_running(what) else None
        if trend is not None:
            found.append(trend)
        by_date: dict[str | None, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_date[claim.date].append(claim)
        for date, group in sorted(by_date.items(), key=lambda item: item[0] or ""):
            for cluster in _clusters(group):
                disagreement = _compare(what, date, cluster, by_id)
                # Beside a trend, only figures for the same day that cannot both be true are news.
                if disagreement is not None and (trend is None or disagreement.kind == "conflict"):
                    found.append(disagreement)
    order = {"conflict": 0, "different_counts": 1, "trend": 2}
    return sorted(found, key=lambda d: (order.get(d.kind, 3), -len(d.claims)))
