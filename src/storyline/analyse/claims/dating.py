"""When a count was made, and whether a death count is a running total.

A date attached to the number itself ("12 on Friday, 19 on Saturday") or to its own verb ("died
Thursday") dates the event ("event"); a date on the reporting verb ("police said on Friday that ...") or
"by" a date gives the count *as of* that day ("as_of", or "as_of_after_event" when a clause above the count
dates its event earlier: "the wall gave way late on Thursday, killing at least 12 people, police said on
Friday" is Friday's toll of Thursday's collapse); otherwise the article's publication date stands in
("published", or "none" without one).

A death count is a running total (``Claim.tally == "running_total"``) when it is a toll or a count that
has risen ("the death toll has risen to 23"), when its sentence speaks of a period ("16,700 have been
killed in nearly 16 months", "7,500 people have died since March 2011") unless a day dates the count
itself, when it is dated by a report after its event (above), or when it took its measure from a running
total just before ("the true figure was ..."). ``relate.disagreements`` compares the other death counts
per day and shows running totals as a trend.

Why in two halves: which date mention hangs where is a question for the parse, what the mentions mean is
not. ``date_cues`` records, at analysis time, every date mention of the claim's sentence (the resolved ones
of ``Article.dates`` and the still unresolved ones of ``Article.unresolved_dates``, by span) and how it is
tied to the number; ``date_claim`` and ``redate_claims`` then decide from those cues and the resolved
mentions alone. So when ``relate.dates`` infers the publication date of an undated article and resolves
its "on Friday", the claims are dated again without spaCy, exactly as if the date had been known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from storyline.analyse.claims.attribution import is_reporting
from storyline.analyse.claims.tokens import token_at, verb_of
from storyline.analyse.nlp import doc_text
from storyline.grammar.dates import parse_iso
from storyline.model import Article, Claim, DateCue, DateMention, TotalRule

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storyline.model import DateLink

MentionKey = tuple[int, int]


def mention_key(mention: DateMention) -> MentionKey:
    """How a cue finds its mention among an article's dates: by its span."""
    return mention.span.start, mention.span.end


def date_cues(number: Token, mentions: list[DateMention], doc: Doc) -> list[DateCue]:
    """How each date mention of the number's sentence (``mentions``, in text order) is tied to it."""
    verb = verb_of(number)
    cues: list[DateCue] = []
    for mention in mentions:
        token = token_at(doc, mention.span.start, mention.span.end)
        if token is None:
            cues.append(DateCue(mention.span, "unplaced"))
            continue
        on_number = number in token.ancestors
        # Four characters before the mention, as the analyser has always read them: room for "by ", but not
        # for "since " or "from ", so the "since" link is never made. Widening it is a change of output
        # (counts "killed since 1983" would no longer be dated 1983), to be made on its own.
        prefix = doc_text(doc)[max(0, mention.span.start - 4):mention.span.start].lower()
        link, depth = _link(token, verb, prefix)
        cues.append(DateCue(mention.span, link, on_number, depth))
    return cues


def _link(token: Token, verb: Token | None, prefix: str) -> tuple[DateLink, int]:
    """How the date at ``token`` bears on a count whose verb is ``verb`` (see ``model.DateCue``)."""
    if prefix.endswith("by "):
        return "by", 0
    if prefix.endswith(("since ", "from ")):
        return "since", 0
    date_verb = verb_of(token)
    if date_verb is None or verb is None:
        return "apart", 0
    if date_verb == verb:
        return "verb", 0
    ancestors = list(verb.ancestors)
    if date_verb in ancestors:
        return ("report", ancestors.index(date_verb)) if is_reporting(date_verb) else ("above", 0)
    return "apart", 0


def date_of(
    cues: list[DateCue], mentions: Mapping[MentionKey, DateMention], published: str | None
) -> tuple[str | None, str]:
    """(date, dated_by) of a claim from its cues and the resolved mentions (see module doc).

    A cue whose mention is not among ``mentions`` (still unresolved) is passed over, as if not there.
    """
    resolved = [(cue, m) for cue in cues if (m := mentions.get((cue.span.start, cue.span.end))) is not None]
    for cue, mention in resolved:
        if cue.on_number and mention.granularity == "day":
            return mention.value, "event"
    as_of: str | None = None
    reported: tuple[int, str] | None = None
    event_days: list[str] = []
    for cue, mention in resolved:
        if cue.link == "by":
            as_of = as_of or mention.value
        elif cue.link == "verb":
            return mention.value, "event"
        elif cue.link == "report":
            # The nearest reporting verb dates the count: in "Police had said on Friday that about 40 were
            # missing, while the co-ordinator said at the weekend that at least 52 ...", 52 is the weekend's.
            if reported is None or cue.depth < reported[0]:
                reported = (cue.depth, mention.value)
        elif cue.link == "above" and mention.granularity == "day":
            event_days.append(mention.value)
    if reported is not None:
        after = any(day < reported[1] for day in event_days)
        return reported[1], "as_of_after_event" if after else "as_of"
    if as_of:
        return as_of, "as_of"
    day = parse_iso(published)
    return (day.isoformat(), "published") if day else (None, "none")


def is_running_total(
    rule: TotalRule, dated_by: str, cues: list[DateCue], mentions: Mapping[MentionKey, DateMention]
) -> bool:
    """Whether a death count under ``rule`` (``DatingEvidence.running_total``), dated as ``dated_by``, is a
    running total (see module doc)."""
    if rule == "always":
        return True
    day_dated = dated_by == "event" and any(
        m.granularity == "day" for cue in cues if (m := mentions.get((cue.span.start, cue.span.end)))
    )
    if day_dated:
        return False
    return rule == "unless_day_dated" or dated_by == "as_of_after_event"


def date_claim(
    claim: Claim,
    mentions: Mapping[MentionKey, DateMention],
    published: str | None,
    earlier: Mapping[int, Claim],
) -> None:
    """Set ``claim.date``, ``dated_by`` and a death count's ``tally`` from ``claim.dating``.

    ``mentions`` are the article's resolved dates by span, ``earlier`` the claims before this one by span
    start (for a measure taken from one of them).
    """
    evidence = claim.dating
    claim.date, claim.dated_by = date_of(evidence.cues, mentions, published)
    if evidence.running_total is None:
        return
    source = earlier.get(evidence.measure_from.start) if evidence.measure_from is not None else None
    inherited = source is not None and source.tally == "running_total"
    running = inherited or is_running_total(evidence.running_total, claim.dated_by, evidence.cues, mentions)
    claim.tally = "running_total" if running else "event"


def redate_claims(article: Article) -> None:
    """Date ``article.claims`` again from their recorded evidence, ``article.dates`` and
    ``article.published`` (after a publication date was inferred and the dates resolved against it).

    Pure: no parse, no spaCy. The result equals what ``extract_claims`` gives when the date is known from
    the start (``tests/analyse/test_claims.py`` checks this on real articles).
    """
    mentions = {mention_key(m): m for m in article.dates}
    earlier: dict[int, Claim] = {}
    for claim in article.claims:
        date_claim(claim, mentions, article.published, earlier)
        earlier[claim.span.start] = claim
