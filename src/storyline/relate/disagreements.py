"""Where outlets' numbers about the same thing differ: conflicts, different counts, and trends.

What may be compared
--------------------
A disagreement sets side by side claims that measure **the same quantity of the same thing at the same
time**, from **different articles**. Two claims are compared only when all of these hold:

* they come from different articles (an article is never set against itself: two figures one article
  gives for one measure on one day count different things, or it reports the dispute itself);
* they have the same ``what``, ``tally`` and unit, and both are counts (``role == "count"``): ages, ranks
  and times of day are not claims at all, and readings (an altitude, a distance "seven miles off the
  coast", a speed, a duration, a magnitude), ends of a range ("500 to 700 feet", "17 or 18 miles") and
  options ("up to 3.2 GHz", "can carry 100 gallons") are never compared (see ``analyse.claims``);
* they refer to the same date, and have one: without a date there is no evidence that two figures
  describe the same moment (a toll early on and a toll a week later differ without disagreeing); a count
  of what happened to people dated only by an *inferred* publication date is not compared for the same
  reason (it can still be a point of a trend);
* a count of what happened to people ("people killed", "people missing", ...) is compared as is; any
  other count or amount only when both claims name the same ``subject``: "attending" (107 nations came)
  against "attending" (100 countries represented), never "members" (a group of 60 countries) against
  "attending"; "paid" (bought for $300,000) never against "price" (a list price) or "cost".

How claims are compared
-----------------------
Each claim is read as the range its qualifier allows:

    exact v -> [v, v]           about v -> [0.9 v, 1.1 v]      nearly v -> [0.9 v, v)
    more than v -> (v, inf)     at least v -> [v, inf)         up to v -> [0, v]

The 10% tolerance of "about"/"nearly" is a documented choice: it reads "about 100" as 90-110, so 107 is
*compatible* with it. Outlets still disagree in what they report, so the pair is shown, as kind
``different_counts``; kind ``conflict`` is kept for ranges that cannot both be true (exactly 51 vs at
least 108 killed on the same day). The same value under different qualifiers ("$300,000" and "about
$300,000") is agreement.

* A running total (``Claim.tally == "running_total"``, "people killed in total") or a standing count
  (``"standing"``, "people missing") counted at different dates is a **trend**, not a disagreement: 7,500 by
  March 2012, 16,700 by July 2012; about 40 missing on Friday, at least 52 on Sunday, 31 on Monday. It is
  reported once, in date order, each figure once (a figure re-reported later, or under a coarser date such
  as "at the weekend", is the same point). Two sources whose figures for the same day cannot both be true
  are still a conflict. A trend whose figures for one date are more than ``MAX_RATIO`` apart follows no
  single count and is not shown.
* Event counts are kept apart by what happened to the people counted ("people killed", "people missing",
  "people rescued", "people evacuated" are different measures, see ``analyse.claims``), and by their
  ``tally`` (a day's deaths are never set against a running total of deaths), and a bare "people" (no event)
  is never compared: "about 900 people in temporary accommodation" and "4,000 people live in the town" count
  different things.
* Within a date, values more than ``MAX_RATIO`` apart are taken to count different things ("two key
  countries -- Russia and China -- will not attend" vs "107 nations came"), so they are not compared.
* Durations ("16 months of unrest") are context, not counts in dispute, and are not compared.

``disagreement_faults`` re-checks a finished disagreement against the article texts, independently of
the fields the extractor set, so an evaluator can count the false ones.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from storyline.model import Article, Claim, Disagreement, Tally, measure_name

TOLERANCE = 0.10
MAX_RATIO = 2.5
DURATIONS = frozenset({"hours", "days", "weeks", "months", "years", "minutes"})
# Counts of people with no event attached: what they count is not known well enough to compare.
UNSPECIFIED = frozenset({"people", "persons", "individuals", "residents", "inhabitants", "neighbours"})
# Units whose numbers are readings of one moment or place (kept in step with ``analyse.claims``), for claims
# built without a ``role``.
READINGS = frozenset({
    "km", "miles", "ft", "m", "hours", "days", "weeks", "months", "years", "minutes", "seconds", "mph",
    "knots", "km/h", "degrees",
})
# Tallies whose figures at different dates follow one count through time.
_TREND_TALLIES: frozenset[Tally | None] = frozenset({"running_total", "standing"})


def is_event(claim: Claim) -> bool:
    """Whether ``claim`` counts what happened to people ("people killed", "soldiers wounded")."""
    return claim.tally is not None


def _guessed_date(claim: Claim, article: Article | None) -> bool:
    """A count of what happened to people dated only by a publication date inferred from other articles.

    Such a toll changes by the hour and nothing in its own article says when it was counted, so it is
    not set against another outlet's figure (it may still be a point of a trend).
    """
    return (
        article is not None
        and is_event(claim)
        and claim.dated_by == "published"
        and article.published_from == "inferred"
    )


def comparable(claim: Claim) -> bool:
    """Whether a claim may be set against another outlet's at all (a dated count, see module doc)."""
    return (
        claim.role == "count"
        and claim.date is not None
        and claim.unit not in READINGS
        and claim.what not in DURATIONS
        and claim.what not in UNSPECIFIED
        and (is_event(claim) or claim.subject is not None)
    )


def _group_key(claim: Claim) -> tuple[str, str | None, str | None, str | None]:
    """Claims with one key measure the same quantity of the same thing on the same date."""
    return claim.what, claim.unit, claim.date, None if is_event(claim) else claim.subject


def is_running(tally: Tally | None) -> bool:
    """Whether figures of a ``tally`` at different dates form a trend (a running total, a standing count)."""
    return tally in _TREND_TALLIES


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


def _single_valued(claims: list[Claim]) -> list[Claim]:
    """Claims of the articles that give one figure for the group: an article with two figures for one
    measure on one day is counting two things ("3 miles away ... 4 miles off the shore"), not disputing."""
    values: dict[str, set[tuple[float, str]]] = defaultdict(set)
    for claim in claims:
        values[claim.article].add((claim.value, claim.qualifier))
    return [c for c in claims if len(values[c.article]) == 1]


def _compare(
    what: str, tally: Tally | None, date: str | None, claims: list[Claim], articles: dict[str, Article]
) -> Disagreement | None:
    claims = sorted(_distinct(_single_valued(claims)), key=lambda c: (c.article, c.span.start))
    pairs = [(a, b) for i, a in enumerate(claims) for b in claims[i + 1:] if a.article != b.article]
    if not pairs or all(a.value == b.value for a, b in pairs):
        return None  # one article, or the same figure under different qualifiers: agreement
    kind = "different_counts" if all(compatible(a, b) for a, b in pairs) else "conflict"
    when = f" on {date}" if date else ""
    parts = " vs ".join(f"{_amount(c)} ({_who(c, articles)})" for c in claims)
    note = "ranges overlap" if kind == "different_counts" else "these cannot all be true"
    explanation = f"{measure_name(what, tally)}{when}: {parts} — {note}"
    return Disagreement(what=what, kind=kind, explanation=explanation, claims=claims, date=date, tally=tally)


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
    # Per figure (value, qualifier), the dates and sources of the points kept so far: comparing each
    # claim with every point was quadratic in the claims of one long article.
    points: list[Claim] = []
    seen: dict[tuple[float, str], tuple[set[str | None], set[str]]] = {}
    for claim in dated:
        dates, sources = seen.setdefault((claim.value, claim.qualifier), (set(), set()))
        source = _source_name(claim)
        if claim.date in dates or (source and source in sources):
            continue
        points.append(claim)
        dates.add(claim.date)
        sources.add(source)
    # A figure under a coarse date ("2025-11", from "at the weekend") that a day of the same figure refines
    # is the same report: its date is a proper prefix of another point's date (``_within``).
    refined: dict[tuple[float, str], set[str]] = {}
    for point in points:
        if point.date:
            prefixes = refined.setdefault((point.value, point.qualifier), set())
            prefixes.update(point.date[:cut] for cut in range(1, len(point.date)))
    return [c for c in points if not (c.date and c.date in refined.get((c.value, c.qualifier), ()))]


def _within(day: str | None, coarse: str | None) -> bool:
    """Whether the date ``day`` is finer than and inside ``coarse`` ("2025-11-16" in "2025-11")."""
    if not day or not coarse:
        return False
    return len(day) > len(coarse) and day.startswith(coarse)


def _source_name(claim: Claim) -> str:
    return " ".join(w for w in (claim.source or "").lower().split() if w != "the")


def scattered_dates(claims: list[Claim]) -> list[str]:
    """Dates on which a trend's figures are more than ``MAX_RATIO`` apart.

    One running count has one value at one moment (give or take a disputed report); 600 and 20,000 dead
    "by" the same day are different counts (another disaster, an early estimate read as a total) or
    counts of different moments under one date, so a trend holding them follows no single count.
    """
    by_date: dict[str, list[float]] = defaultdict(list)
    for claim in claims:
        if claim.date:
            by_date[claim.date].append(claim.value)
    return sorted(d for d, values in by_date.items() if max(values) > max(min(values), 1e-9) * MAX_RATIO)


def _trend(
    what: str, tally: Tally | None, claims: list[Claim], articles: dict[str, Article]
) -> Disagreement | None:
    dated = _trend_points(claims, articles)
    if len({c.date for c in dated}) < 2 or len({c.value for c in dated}) < 2 or scattered_dates(dated):
        return None
    if tally == "running_total":
        parts = "; ".join(f"{_amount(c)} by {c.date} ({_who(c, articles)})" for c in dated)
        explanation = f"{what}, running total: {parts}"
    else:
        parts = "; ".join(f"{_amount(c)} on {c.date} ({_who(c, articles)})" for c in dated)
        explanation = f"{what}, over time: {parts}"
    return Disagreement(what=what, kind="trend", explanation=explanation, claims=dated, tally=tally)


def find_disagreements(articles: list[Article]) -> list[Disagreement]:
    """Disagreements and trends among the claims of ``articles`` (see module doc for the rules)."""
    by_id = {article.id: article for article in articles}
    by_measure: dict[tuple[str, Tally | None], list[Claim]] = defaultdict(list)
    for article in articles:
        if article.duplicate_of:
            continue
        for claim in article.claims:
            if claim.what and comparable(claim):
                by_measure[claim.what, claim.tally].append(claim)
    found: list[Disagreement] = []
    for (what, tally), claims in sorted(by_measure.items(), key=lambda item: measure_name(*item[0])):
        if len({c.article for c in claims}) < 2 and not is_running(tally):
            continue
        trend = _trend(what, tally, claims, by_id) if is_running(tally) else None
        if trend is not None:
            found.append(trend)
        groups: dict[tuple[str, str | None, str | None, str | None], list[Claim]] = defaultdict(list)
        for claim in claims:
            if not _guessed_date(claim, by_id.get(claim.article)):
                groups[_group_key(claim)].append(claim)
        for key, group in sorted(groups.items(), key=lambda item: tuple(x or "" for x in item[0])):
            if len({c.article for c in group}) < 2:
                continue
            for cluster in _clusters(group):
                disagreement = _compare(what, tally, key[2], cluster, by_id)
                # Beside a trend, only figures for the same day that cannot both be true are news.
                if disagreement is not None and (trend is None or disagreement.kind == "conflict"):
                    found.append(disagreement)
    order = {"conflict": 0, "different_counts": 1, "trend": 2}
    return sorted(found, key=lambda d: (order.get(d.kind, 3), -len(d.claims)))


# --- an independent check of a finished disagreement against the article texts ---------------------------

_AGE_AFTER = re.compile(r"^[\s-]*(?:years?|yrs?)[\s-]*old\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages)\s*$", re.IGNORECASE)
_PERSON = (
    r"wife|husband|widow|widower|son|daughter|sister|brother|mother|father|mum|mom|dad|grandmother|"
    r"grandfather|grandson|granddaughter|aunt|uncle|nephew|niece|cousin|fiancee?|partner|girlfriend|"
    r"boyfriend|friend|man|woman|boy|girl|child|baby|teenager|pilot|driver|passenger|victim|suspect|"
    r"officer|worker|student|resident|mayor|owner|sibling|spouse"
)
_CALENDAR = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December"
)
_APPOSED_BEFORE = re.compile(
    r"(?:\b(?!(?:" + _CALENDAR + r")\b)[A-Z][\w'’.-]*|\b(?:" + _PERSON + r")s?)\s*(?:,|\()\s*$"
)
_APPOSED_AFTER = re.compile(r"^\s*(?:,|\)|;|:|\.(?:\s|$)|$|and\b|—|--)")
_RANK_BEFORE = re.compile(
    r"(?:\b(?:No\.|number|ranked|rank|ranking|seeded|seed|position|placed)|#)\s*$", re.IGNORECASE
)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
_TIME_AFTER = re.compile(r"^(?:\s*(?:[ap]\.?m\b|GMT|UTC|o'clock|hours? (?:GMT|local))|:\d\d)", re.IGNORECASE)
_UNIT_WORDS = {
    "feet": "ft", "foot": "ft", "ft": "ft", "mile": "miles", "miles": "miles", "mi": "miles",
    "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km", "km": "km",
    "meters": "m", "metres": "m", "meter": "m", "metre": "m", "mph": "mph", "knots": "knots", "knot": "knots",
    "seconds": "seconds", "second": "seconds", "minutes": "minutes", "minute": "minutes", "hours": "hours",
    "hour": "hours", "degrees": "degrees", "degree": "degrees", "magnitude": "magnitude",
}
_UNIT_AFTER = re.compile(r"^\s*(?:square\s+|cubic\s+|nautical\s+)?([A-Za-z]+)")
_READING_CONTEXT = re.compile(
    r"\b(?:altitude|height|elevation|speed|depth|descent|magnitude|visibility|per (?:minute|hour|second))\b",
    re.IGNORECASE,
)
_DIMENSION = re.compile(
    r"^\s*(?:[a-z]+\s+){0,3}?(?:long|wide|deep|tall|high|across|in (?:length|width|diameter))\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|dozen"
)
_RANGE_AFTER = re.compile(
    r"^\s*(?:[a-z%]+\s+)?(?:to|or|-|–)\s*(?!so\b|more\b|fewer\b|less\b)[$£€]?(?:\d|(?:"
    + _NUMBER_WORDS + r")\b)",
    re.IGNORECASE,
)
_RANGE_BEFORE = re.compile(
    r"(?P<from>\bfrom\s+)?(?:\d[\d,.]*|\b(?:" + _NUMBER_WORDS + r"))"
    r"\s*(?:[a-z%]+\s+)?(?P<c>to|or|-|–)\s*[$£€]?$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\bbetween\s+[$£€]?$|\bbetween\s+[$£€]?[\d,.]+\s*(?:[a-z%]+\s+)?and\s+[$£€]?$", re.I)
_OPTION_CONTEXT = re.compile(
    r"\b(?:options?|optional|configur\w*|base model|standard model|top model|trims?|upgrades?|"
    r"available (?:in|with)|choice of|(?:can|could|will) (?:carry|hold|seat|accommodate|reach))\b",
    re.IGNORECASE,
)
_UP_TO = re.compile(r"\b(?:up to|a maximum of|at most)\s*$", re.IGNORECASE)
_PEOPLE_EVENT = re.compile(
    r"\b(?:kill\w*|died|dead|deaths?|injur\w*|wounded|missing|rescued|evacuat\w*|arrested|detained|"
    r"displaced|homeless)\b",
    re.IGNORECASE,
)
_MEMBERSHIP = re.compile(
    r"\b(?:members?|membership|includes?|included|including|comprises?|comprising|consists? of|made up of|"
    r"belong\w*|coalition of|alliance of|bloc of)\b",
    re.IGNORECASE,
)
_ATTENDANCE = re.compile(
    r"\b(?:attend\w*|came|come|gathered|gathering|represented|participat\w*|took part|taking part|delegat\w*|"
    r"envoys|turned out|convened)\b",
    re.IGNORECASE,
)
# What a sum of money is: the nearest of these words before it in its clause.
_MONEY_FRAMES = {
    "price": "price", "priced": "price", "list": "price", "paid": "paid", "pay": "paid", "paying": "paid",
    "bought": "paid", "buy": "paid", "purchased": "paid", "purchase": "paid", "sold": "paid", "sale": "paid",
    "cost": "cost", "costs": "cost", "spent": "cost", "spend": "cost", "spending": "cost", "incurred": "cost",
    "expenses": "cost", "budget": "budget", "loss": "loss", "losses": "loss", "damage": "loss",
    "damages": "loss",
    "revenue": "revenue", "revenues": "revenue", "sales": "revenue", "worth": "worth", "valued": "worth",
    "debt": "debt", "salary": "salary", "fees": "fees", "fee": "fees", "fine": "fine", "fined": "fine",
    "aid": "aid", "donated": "aid", "pledged": "aid", "investment": "investment", "invested": "investment",
    "reward": "reward", "profit": "profit", "profits": "profit",
}


def _sentence(article: Article, claim: Claim) -> tuple[int, int]:
    """Start and end of the sentence holding the claim (the article's sentences, or the nearest stops)."""
    for sentence in article.sentences:
        if sentence.start <= claim.span.start < sentence.end:
            return sentence.start, sentence.end
    text = article.text
    stops = [m.end() for m in re.finditer(r"[.!?]\s+|\n\s*\n", text[:claim.span.start])]
    start = stops[-1] if stops else 0
    found = re.search(r"[.!?](?:\s|$)|\n\s*\n", text[claim.span.end:])
    return start, claim.span.end + found.end() if found else len(text)


def _claim_faults(claim: Claim, article: Article) -> tuple[set[str], str, str]:
    """(faults of the claim alone, its sentence, its kind of context) from the article text."""
    text = article.text
    start, end = claim.span.start, claim.span.end
    if not (0 <= start < end <= len(text)) or text[start:end] != claim.span.text:
        return {"span does not match the article"}, "", ""
    s_start, s_end = _sentence(article, claim)
    sentence = text[s_start:s_end]
    before, after = text[max(s_start, start - 60):start], text[end:min(s_end, end + 60)]
    faults: set[str] = set()
    digits = re.fullmatch(r"\d{1,3}", claim.text.strip())
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before) or (
        digits and claim.value <= 120 and _APPOSED_BEFORE.search(before) and _APPOSED_AFTER.match(after)
    ):
        faults.add("age")
    if _RANK_BEFORE.search(before) or _ORDINAL_AFTER.match(after):
        faults.add("position or rank")
    if _TIME_AFTER.match(after) or re.search(r"\d:\d\d", claim.text):
        faults.add("time of day")
    unit_word = _UNIT_AFTER.match(after)
    unit = _UNIT_WORDS.get(unit_word.group(1).lower()) if unit_word else None
    if unit is None and re.search(r"magnitude\s*(?:of\s*)?$", before, re.IGNORECASE):
        unit = "magnitude"
    if (unit is not None or _READING_CONTEXT.search(sentence)) and not _DIMENSION.match(after) and not (
        _PEOPLE_EVENT.search(sentence) and unit is None
    ):
        faults.add("moment of a process (a reading, not a count)")
    ranged = _RANGE_BEFORE.search(before)
    if _RANGE_AFTER.match(after) or _BETWEEN.search(before) or (
        ranged and not (ranged["from"] and ranged["c"] == "to")
    ):
        faults.add("end of a range or alternative")
    event = bool(_PEOPLE_EVENT.search(sentence))
    up_to = _UP_TO.search(text[max(0, start - 15):start + len("a maximum of")]) or re.match(
        r"(?:up to|a maximum of|at most)\b", claim.text, re.IGNORECASE
    )
    if not event and (up_to or _OPTION_CONTEXT.search(sentence)):
        faults.add("option or configuration")
    context = ""
    if _MEMBERSHIP.search(sentence) and not _ATTENDANCE.search(sentence):
        context = "members"
    elif _ATTENDANCE.search(sentence) and not _MEMBERSHIP.search(sentence):
        context = "attending"
    if claim.unit in ("USD", "GBP", "EUR") or re.search(r"[$£€]|\b(?:dollars?|euros?|pounds?)\b", claim.text):
        words = re.findall(r"[A-Za-z]+", text[s_start:start].split(";")[-1])
        frame = next((_MONEY_FRAMES[w.lower()] for w in reversed(words) if w.lower() in _MONEY_FRAMES), "")
        context = f"money:{frame}" if frame else context
    elif claim.unit == "%" or re.search(r"%|percent|per cent", claim.text + after[:10], re.IGNORECASE):
        share = re.match(
            r"^\s*(?:%|percent|per cent)?\s*of\s+(?:the\s+|its\s+|their\s+)?([a-z]+)", after, re.IGNORECASE
        )
        context = f"share:{share.group(1).lower()}" if share else context
    return faults, sentence, context + (f"|unit:{unit}" if unit else "")


def disagreement_faults(disagreement: Disagreement, articles_by_id: dict[str, Article]) -> list[str]:
    """Reasons, from the article texts, why ``disagreement`` would be false; empty when none is found.

    The rule: a disagreement (kind ``conflict`` or ``different_counts``) must set against each other
    counts of the same quantity of the same thing at the same time, from different articles. A trend
    must follow one running count through time. Each claim is re-read in its own sentence, without
    trusting the fields the extractor set (only its span, value, unit and date are used), and these are
    reported:

    * "span does not match the article" / "article not found": the claim cannot be checked;
    * "age": "-year-old", "aged 38", or a bare number in apposition after a name or person noun
      ("Ruth Vance, 61, and ...");
    * "position or rank": "ranked 3", "No. 2", "5th"; "time of day": "10 p.m.", "9:40";
    * "moment of a process (a reading, not a count)": a distance, altitude, speed, duration or magnitude
      ("feet", "miles", "mph", "seconds", "altitude", "per minute" ...) unless stated as a size ("12 miles
      long");
    * "end of a range or alternative": "500 to 700", "between 60 and 80", "17 or 18";
    * "option or configuration": "up to X" or option/capacity words ("base model", "can carry") in a
      sentence that counts no people;
    and, for a conflict or different counts:
    * "one article": fewer than two articles are compared;
    * "different units": the claims' units differ, or the unit words after the numbers do;
    * "no date" / "different dates": a claim has no date, or the dates differ;
    * "membership vs attendance": one sentence counts a group's members ("includes", "members") and
      another the attendance of an event ("came", "attended", "represented");
    * "different subjects": sums of money framed differently ("price" vs "paid" vs "cost") or shares of
      different things ("percent of the wreckage" vs "of the vote");
    and, for a trend:
    * "figures for one date too far apart for one count" (see ``scattered_dates``).
    """
    faults: set[str] = set()
    contexts: list[str] = []
    for claim in disagreement.claims:
        article = articles_by_id.get(claim.article)
        if article is None:
            faults.add("article not found")
            continue
        own, _sentence_text, context = _claim_faults(claim, article)
        faults |= own
        contexts.append(context)
    if disagreement.kind == "trend" and scattered_dates(disagreement.claims):
        faults.add("figures for one date too far apart for one count")
    if disagreement.kind != "trend":
        if len({c.article for c in disagreement.claims}) < 2:
            faults.add("one article")
        if len({c.unit for c in disagreement.claims}) > 1:
            faults.add("different units")
        units = {part for ctx in contexts for part in ctx.split("|") if part.startswith("unit:")}
        if len(units) > 1:
            faults.add("different units")
        dates = {c.date for c in disagreement.claims}
        if None in dates:
            faults.add("no date")
        if len(dates - {None}) > 1:
            faults.add("different dates")
        kinds = {ctx.split("|")[0] for ctx in contexts}
        if {"members", "attending"} <= kinds or ("members" in kinds and len(kinds) > 1):
            faults.add("membership vs attendance")
        money = {k for k in kinds if k.startswith("money:")}
        shares = {k for k in kinds if k.startswith("share:")}
        if len(money) > 1 or len(shares) > 1:
            faults.add("different subjects")
    return sorted(faults)
