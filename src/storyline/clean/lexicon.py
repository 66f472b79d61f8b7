"""Phrase lexicons for *kinds* of web boilerplate, each tied to a removal reason.

Why kinds and not strings: every site words its donation banner or its sign-off a little differently, but
the kinds recur (menus, photo credits, reading times, appeals, newsletters, copyright and station headers,
transcript sign-offs, contact lines, comment widgets, related-story headers, error pages). The patterns
below describe those kinds in general terms; the structural rules in ``storyline.clean.text`` decide what
they cannot (titles, link lists, position in the page).

Patterns run on a *normalised* line: lower case, curly quotes made straight, whitespace collapsed. Many are
only trusted on short lines, because a long sentence that merely mentions "subscribe" or "comments" is
usually news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "REASONS",
    "Kind",
    "appeal_score",
    "match_kind",
    "normalise",
]

#: The fixed vocabulary of ``Removed.reason`` values the plain-text cleaner emits.
REASONS = (
    "title",
    "outlet",
    "dateline",
    "byline",
    "menu",
    "header",
    "footer",
    "advert",
    "caption",
    "credit",
    "reading-time",
    "appeal",
    "newsletter",
    "copyright",
    "station",
    "signoff",
    "bio",
    "contact",
    "comments",
    "related-links",
    "error-page",
    "repeated",
)

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " ", "`": "'"})
_DOUBLED = re.compile(r"''")
_SPACES = re.compile(r"\s+")


def normalise(line: str) -> str:
    """Lower case, straight quotes, single spaces: the form every lexicon pattern expects."""
    return _DOUBLED.sub('"', _SPACES.sub(" ", line.translate(_QUOTES))).strip().lower()


@dataclass(frozen=True, slots=True)
class Kind:
    """A boilerplate kind: its reason, its patterns, and the longest line (in words) it may judge."""

    reason: str
    pattern: re.Pattern[str]  # the kind's patterns as one alternation: one scan per line
    max_words: int

    def matches(self, norm: str, words: int) -> bool:
        return words <= self.max_words and self.pattern.search(norm) is not None


def _kind(reason: str, max_words: int, *patterns: str) -> Kind:
    return Kind(reason, re.compile("|".join(f"(?:{p})" for p in patterns)), max_words)


_MENU_WORDS = (
    r"home|menu|search|navigation|main menu|sections?|more|share|share this( article| story)?|print|e-?mail|"
    r"tweet|facebook|twitter|linkedin|whatsapp|reddit|pinterest|sign in|log ?in|log out|register|sign up|"
    r"subscribe|close|back to top|top|next|previous|prev|watch|listen|video|videos|photos?|gallery|"
    r"toggle navigation|open menu|close menu|accessibility|site map|sitemap|rss|feedback|help|login"
)

# Order matters: the first kind that matches names the reason.
KINDS: tuple[Kind, ...] = (
    _kind(
        "error-page",
        40,
        r"\bpage not found\b",
        r"^(error )?404\b",
        r"\b(page|content|article|story) you (requested|are looking for|were looking for)\b.*"
        r"\b(not|no longer|cannot|can't|couldn't)\b",
        r"\b(page|content|article|story|link|file|url|site|account|video)\b[^.]{0,40}"
        r"\b(does not|doesn't|no longer) exist",
        r"\bis not available anymore\b",
        r"\b(this|the) (page|article|story|content) (has been|was) (removed|deleted|moved)\b",
        r"^sorry,? (the|this|we couldn't|we can't)\b.*\b(page|find)\b",
    ),
    _kind(
        "menu",
        12,
        r"^(skip|jump) to (the )?(main )?(content|navigation|search|menu|article|footer)\b",
        r"^(toggle|open|close) (navigation|menu|search)\b",
        rf"^({_MENU_WORDS})( ?[|/·•,] ?({_MENU_WORDS}))*:?$",
        r"^(share|follow us|find us|connect with us) (on|via|this)\b",
        r"^(you are here|breadcrumb)\b",
        r"^(view|see) (all|more) (stories|articles|videos|photos|news)$",
    ),
    _kind(
        "advert",
        10,
        r"^(advertisement|advertising|sponsored( content)?|promoted( content)?|ad|ads by \w+)\b",
        r"\bcontinue reading (the main story|below)\b",
        r"^story continues below\b",
        r"^story continued below$",
    ),
    _kind(
        "credit",
        14,
        r"^(photo|image|picture|video|graphic|illustration|credit)s?( by| courtesy( of)?| credit)?\s*[:/]",
        r"^(photo|image|picture)s? (by|courtesy of|credit|from)\b",
        r"\b(getty images|shutterstock|ap photo|afp photo|afp/getty|reuters/|/reuters|/afp|/ap\b|/pool\b|"
        r"/epa\b|epa-efe|/getty|anadolu agency/|sipa usa|/sipa\b)",
        r"^(thumbnail |header |cover |top |lead )?(image|photo|picture)s? courtesy\b",
        r"^\(?(photo|image|picture)s?:",
        r"^\((ap|afp|reuters|getty images|epa)\)$",
    ),
    _kind(
        "caption",
        60,
        r"^(in (a|this|the) (file |handout )?(photo|picture|image|video still)( released| taken| provided)?"
        r"\b)",
        r"^(image caption|photo caption|caption|pictured|file photo|photo|picture|image)\s*:",
        r"^image (copyright|caption)\b",
        r"^(enlarge|expand) (this )?image\b",
    ),
    _kind(
        "reading-time",
        8,
        r"^(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[ -]?(min|mins|minutes?)\.?( read(ing)?)?"
        r"( time)?$",
        r"^(estimated )?(reading|read) time:?\s*\d",
        r"^\d+ ?(min|minute)s? (read|listen)\b",
        r"^listen to (this|the) (article|story)\b",
    ),
    _kind(
        "newsletter",
        12,
        r"\bsign up (for|to|now|here)\b",
        r"^get the latest\b",
        r"\bsubscribe (to|now|for|today|here)\b",
    ),
    _kind(
        "newsletter",
        12,
        r"newsletter",
    ),
    _kind(
        "newsletter",
        30,
        r"newsletter.*\b(sign|subscribe|receive|inbox|your|free|daily|weekly)\b",
        r"\b(sign|subscribe|receive|your|free|daily|weekly)\b.*newsletter",
        r"\b(delivered|straight|directly) to your inbox\b",
        r"\bin your inbox\b",
        r"\benter your e-?mail( address)?\b",
        r"\breceive (essential|the latest|our|daily|weekly|breaking)\b.*\b(news|updates|stories|headlines)\b",
        r"\bget (the|our) (latest|best|top)\b.*\b(e-?mail|inbox)\b",
    ),
    _kind(
        "copyright",
        25,
        r"©",
        r"\(c\) ?(19|20)\d\d\b",
        r"\bcopyright (©|\(c\)|(19|20)\d\d)",
        r"\ball rights reserved\b",
        r"\bmay not be (published|reproduced|broadcast|rewritten|redistributed|copied)\b",
        r"^copyright\b",
        r"\bterms of (use|service)\b.*\bprivacy\b",
        r"^privacy (policy|notice)$",
    ),
    _kind(
        "station",
        8,
        r"\byour source for\b",
        r"\b(play|listen) live\b",
        r"\blive radio\b",
        r"\bon air( now)?\b",
        r"^(next up|up next|now playing|coming up|on now|live tv|watch live)\b:?",
        r"\bpublic media$",
        r"\b(radio|tv|television) stations?$",
        r"^(all )?(stations|schedule|programs|podcasts|donate)$",
    ),
    _kind(
        "signoff",
        40,
        r"\btranscript provided by\b",
        r"\bthis (transcript|text) (was|has been|may be|is)\b.*\b(edited|rush|final|updated|revised)\b",
        r"\bcopyright (npr|cnn|bbc|cbs|nbc|abc|pbs)\b",
        r"^\(?(additional )?(reporting|writing|editing) by [a-z][^.;]*(;|$)",
        r"^\(?(reporting|writing) by\b.*\bediting by\b",
        r"^(compiled|written) by \w+ staff\b",
    ),
    _kind(
        "contact",
        30,
        r"^to contact the (reporter|editor|writer|author)s?\b",
        r"^-+ ?editors?:",
        r"^editors?:",
        r"^(e-?mail|contact|write to|tips?)( us)?:",
        r"^(follow|find) (us|him|her|me|them) on\b",
        r"^contact us\b",
        r"^send (us )?(your )?(news )?tips?\b",
        r"^(have|got) a (news )?tip\b",
        r"^[\w.+-]+@[\w-]+\.[\w.-]+$",
    ),
    _kind(
        "comments",
        12,
        r"comments? powered by\b",
        r"\bdisqus\b",
        r"^(\d+ )?(comments?|replies|responses)$",
        r"^(leave|post|add|write|view|show|hide|read|load|see) (a |your |all |the |more )?(\d+ )?comments?\b",
        r"\bcomments? (are|is|have|has)( now)?( been)? (closed|disabled|moderated)\b",
        r"\b(report|recommend|flag|reply to) (this )?(comment|post)\b",
        r"^log ?in to (comment|reply)\b",
        r"^(report abuse|reply|community guidelines|join the conversation|join the discussion)$",
        r"^(\d+|one|no) (responses?|comments?|replies|reactions?) (to|so far|on|for)\b",
        r"^(what do you think|have your say|tell us what you think)\b",
        r"\b(we'd|we would) (like|love) (your|to hear your) (thoughts|comments|views)\b",
        r"\bshare your (thoughts|views|comments)\b",
        r"^(sort by|newest|oldest|most popular)( first)?$",
    ),
    _kind(
        "related-links",
        10,
        r"^(related|read more|see also|also read|read also|more (from|on|in|about) (this|the|our)|"
        r"more (stories|news|videos|coverage|headlines)|recommended (for you|stories|reading)|top stories|"
        r"latest (news|stories|headlines)|most (read|popular|viewed|shared|emailed)|editors'? picks|"
        r"what to read next|further reading|you (may|might) (also )?(like|be interested)|"
        r"in case you missed it|"
        r"related (stories|articles|coverage|content|links|topics|news))\b.*[^.!?]$",
        r"^(trending|popular|recommended|more|related)( now| stories| news| articles)?:?$",
        r"^part of (complete|full|our) coverage\b",
        r"^(read|see|watch) more\b:?$",
        r"^(keep|continue) reading\b",
        r"^(click|tap) here\b",
    ),
)

_APPEAL = tuple(
    re.compile(p)
    for p in (
        r"\bsmall favou?r to ask\b",
        r"^(before you go|one more thing|a message from)\b",
        r"\bsupport us\b",
        r"\bwe need your (help|support)\b",
        r"\byour (support|contribution|donation|generosity)\b",
        r"\b(please )?(donate|make a (donation|contribution)|chip in)\b",
        r"\bbecome a (member|subscriber|patron|supporter|friend of)\b",
        r"\bsupport (our|independent|quality|local|the) (journalism|reporting|newsroom|work)\b",
        r"\b(our|independent|quality) journalism\b",
        r"\bad-free\b",
        r"\bdisabled (all )?(the )?ads\b",
        r"\bnot ready to (support|donate|subscribe|give)\b",
        r"\bremind me later\b",
        r"\bpa[iy]ment methods?\b",
        r"\b(reader|listener|member)-(funded|supported)\b",
        r"\b(ad ?blocker|whitelist us|turn off your ad)\b",
        r"\bthank you for (reading|your support|supporting)\b",
        r"\b(support|donate|give) (today|now|monthly)\b",
        r"[$€£] ?\d[\d,.]* (a|per|each) (month|year)\b",
        r"\b(monthly|recurring) (gift|donation|support)\b",
        r"\bkeep (providing|bringing) you\b",
        r"\brefuse to be silenced\b",
        r"\b(branded|labell?ed|designated) (as )?an? \"?foreign agent\b",
    )
)
# Kinds that may be judged even on a line of reported speech (it is rarely news that quotes them).
_ANY_SPEECH = frozenset({"signoff", "copyright", "contact", "error-page"})
_WE = re.compile(r"\b(we|us|our)\b")
_YOU = re.compile(r"\b(you|your)\b")
_REPORTED = re.compile(r"\b(said|says|told|according to|asked|added)\b")


_APPEAL_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in _APPEAL))


# Every appeal pattern contains one of these; checking them first skips the regexes on most lines.
_APPEAL_HINTS = (
    "favo", "support", "help", "donat", "contribut", "chip in", "become a", "journalism", "ad-free", "ads",
    "not ready", "remind me", "ment method", "funded", "blocker", "whitelist", "thank you", "$", "€", "£",
    "monthly", "recurring", "keep ", "silenced", "agent", "before you go", "one more thing", "a message from",
    "generosity", "give today", "give now", "give monthly", "turn off your ad",
)


def appeal_score(norm: str) -> int:
    """How many donation/subscription-appeal cues a normalised line carries."""
    if not any(hint in norm for hint in _APPEAL_HINTS) or _APPEAL_ANY.search(norm) is None:
        return 0
    return sum(1 for pattern in _APPEAL if pattern.search(norm))


def match_kind(norm: str, words: int) -> str | None:
    """The boilerplate reason for a normalised line, or None when no lexicon kind fits it."""
    reported = words > 12 and _REPORTED.search(norm) is not None and '"' in norm
    for kind in KINDS:
        if reported and kind.reason not in _ANY_SPEECH:
            continue
        if kind.matches(norm, words):
            return kind.reason
    score = appeal_score(norm)
    if score >= 2 or (score == 1 and words <= 8):
        return "appeal"
    # One cue in a longer line counts only when the site talks to its reader ("we ... your").
    if score == 1 and words <= 30 and not _REPORTED.search(norm) and _WE.search(norm) and _YOU.search(norm):
        return "appeal"
    return None
