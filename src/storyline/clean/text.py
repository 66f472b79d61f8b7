"""Boilerplate removal for already-scraped plain text, with the headline and outlet pulled out.

Why our own cleaner: on text that has already lost its HTML, trafilatura finds nothing to work with and
jusText (which judges paragraphs one by one) keeps donation appeals that are well-formed prose and drops
short real paragraphs. This cleaner judges each line by cheap features (``storyline.clean.lines``) and by
lexicons of boilerplate *kinds* (``storyline.clean.lexicon``), then decides by position:

1. lines before the first prose paragraph are the page head: menus, banners, the headline (-> ``title``),
   the outlet line (-> ``outlet``), bylines and date stamps (kept as ``Removed`` metadata), credits;
   a run of bullets directly above the first paragraph is kept (story highlights);
2. lines between prose paragraphs are kept unless a lexicon kind matches or they have the shape of an
   inline related-story link (a headline without closing punctuation, or headline grammar);
3. the tail is cut at a related-stories list (repeated date stamps with teasers, or a "More on this"
   header), a reader-comment thread (several signature lines such as "Posted by: X | date"), error-page
   text, appeals and reporter bios; short lines after the last paragraph go;
4. prose far from the article (paragraphs separated from it by runs of menu/link lines, e.g. sidebar
   teasers) is dropped unless it is nearly as substantial as the article itself, or is a section of its
   own (several paragraphs of several sentences: a long page's next part, not a teaser).

``clean_corpus`` adds cross-document evidence: a line that recurs in several documents of the batch is a
site template line unless the documents are copies of each other or the line is story prose (sentences an
outlet reprinting the story carries too).

Before lines are judged, the text is put into lines the way a careful scraper would have left it
(``storyline.clean.wraps``): hard-wrapped copy is reflowed, line breaks a naive flattener copied from the
HTML source into the middle of a sentence are joined, and blocks it glued together without a space
("Print this pageThe board met ...") are cut apart, to be put back together when both pieces stay.

Offsets in ``Removed`` point into the raw input even when the input was hard-wrapped and reflowed.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from array import array
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from storyline.clean.lexicon import match_kind, normalise
from storyline.clean.lines import Line, boilerplate_kind, display, sentence_bounds, split_lines
from storyline.clean.metadata import (
    agency_from_dateline,
    choose_outlet,
    outlet_line,
    title_score,
)
from storyline.clean.wraps import join_soft_wraps, split_glued
from storyline.ingest.reflow import reflow_offsets
from storyline.model import Removed

__all__ = ["CleanResult", "clean_corpus", "clean_plain_text"]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_META = ("title", "outlet", "dateline", "byline")
_CONTENT_META = frozenset({"dateline", "byline", "outlet"})  # classifier kinds that position rules settle
_MENU_OF_OUTLETS = 3  # this many outlet-shaped lines above the headline are a menu, not a masthead
_TITLE_PROXIMITY = 0.05  # how much a headline candidate's score decays per line above the article
_THREAD_MIN = 400  # characters of article above the first comment signature
_BLOCK_GAP = 4  # junk lines (and words, below) between two paragraphs that put them in different blocks
_BLOCK_GAP_WORDS = 10
# A block of prose kept however light beside the article: this many paragraphs, sentences per paragraph
# and characters of prose (a section of a long page; sidebar teasers are a sentence or two each).
_SECTION_PARAGRAPHS = 2
_SECTION_SENTENCES = 2.0
_SECTION_CHARS = 1000
_BLOCK_KEEP = 0.5  # a block of prose stays when it weighs at least this share of the heaviest block
_SIGNATURE_AFTER = re.compile(r"^[-—–~]*\s*(posted|submitted|written|comment(ed)?) by:?\s+\S")
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
_SIGNATURE_BEFORE = re.compile(r"^[^.!?]{1,60}\b(says|said|wrote|writes|commented)( on .{1,40})?:$")
_TRAILING_KINDS = frozenset({"signoff", "copyright", "newsletter", "appeal", "contact"})
_TAIL_CUT_KINDS = frozenset({"error-page", "comments", "related-links"})
_SAID = re.compile(r"\b(said|says|told|according to|asked)\b")
_JOURNALISM = re.compile(
    r"\b(report(ing|er|s|ed)?|correspondent|journalist|editor|writer|columnist|bureau|covers|covered|"
    r"freelance|newsroom|anchor|host|producer|contributor|broadcast)\b"
)
# A bio says what the reporter does and where: "is a national political reporter for The AP",
# "began reporting from France for NPR in 2004", "has covered the waterfront for Harbour Radio".
_BIO_ROLE = re.compile(
    r"\b(is|was|has been|became) (a|an|the) [\w ,'-]{0,40}\b(reporter|correspondent|journalist|editor|"
    r"writer|columnist|producer|host|anchor|contributor|photographer|critic|analyst)s?\b[\w ,'-]{0,30}"
    r"\b(for|at|with|of)\b"
    r"|\b(began|started|joined|has covered|covers|has reported|reports|writes|has written)\b.{0,60}"
    r"\b(for|at)\b"
)
_BIO_START = re.compile(
    r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3},? (?:is|was|began|has|had|joined|covers|reports|writes|serves|"
    r"served|previously|spent|worked|became)\b"
)
_NOT_VERB = _wordset(
    "is was has does says its this thus always perhaps plus less unless news series species whereas"
)
# Headline grammar: Capitalised Subject + present-tense verb + bare noun + preposition
# ("X releases report on").
_HEADLINESE = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,5}(?P<verb>[a-z]{3,}s)\s+(?P<noun>[a-z][a-z-]+)\s+"
    r"(?:on|about|into|for|against|over|in|at|after|from|with|to|amid)\b"
)
_DETERMINERS = _wordset(
    "the a an his her its their our my your this that these those to of in on at for from with by as "
    "and or but no some any all more most up down out off over into about after before new"
)


@dataclass(slots=True)
class CleanResult:
    """The cleaned body, what was removed (offsets into the raw input), and the headline and outlet."""

    text: str
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None


@dataclass(slots=True)
class _Doc:
    raw: str
    flow: str
    offsets: array[int] | None  # raw offset of each reflowed character; None when reflow changed nothing
    lines: list[Line]
    glued: frozenset[int] = frozenset()  # offsets in ``flow`` of breaks put where blocks were glued


def _prepare(raw: str) -> _Doc:
    """Reflow hard-wrapped copy, join soft wraps left from the HTML source, split into featured lines."""
    flow, offsets = reflow_offsets(raw)
    joined, inner = join_soft_wraps(flow)
    if inner is not None:
        offsets = inner if offsets is None else array("q", (offsets[i] for i in inner))
    split, inner, glued = split_glued(joined)
    if inner is not None:
        offsets = inner if offsets is None else array("q", (offsets[i] for i in inner))
    return _Doc(raw, split, offsets, split_lines(split), glued)


def _is_link_shape(line: Line) -> bool:
    """An inline related-story link: a headline with no closing punctuation, or in headline grammar."""
    if line.bullet or line.norm.endswith(":"):
        return False
    if not line.terminal and line.words >= 6 and line.sentences <= 1:
        return True
    if line.sentences == 1 and line.words <= 14 and not _SAID.search(line.norm):
        found = _HEADLINESE.match(line.text)
        if found and found.group("verb") not in _NOT_VERB and found.group("noun") not in _DETERMINERS:
            noun = found.group("noun")
            return not noun.endswith(("s", "ly", "ed", "ing"))
    return False


def _is_story_prose(line: Line) -> bool:
    """Whether ``line`` reads as sentences of prose: then its repetition in another document says that both
    carry the same story (a wire paragraph, a quotation), not that it belongs to a site's template."""
    return line.is_sentence and line.quality != "short"


def _initial_labels(lines: list[Line], repeated: set[str]) -> None:
    """Label each line by its content (``boilerplate_kind``, shared with the HTML cleaner).

    Bylines and date stamps become metadata (read later for the date), and outlet-only lines are left to
    the page-head rules, which read a masthead there; everything else the classifier finds is dropped.
    A line repeated across the batch is dropped as a template line unless it is story prose: outlets
    reprinting a wire story share its paragraphs, and dropping those dropped the best-sourced facts of
    the story from every copy (two articles sharing one of their two paragraphs both became too short to
    brief). Template prose that is boilerplate by its words (appeals, copyright, newsletters) is still
    found by the classifier.
    """
    for line in lines:
        kind = boilerplate_kind(line)
        line.kind = kind if kind not in _CONTENT_META else None
        if line.kind is None and line.norm in repeated and not _is_story_prose(line):
            line.kind = "repeated"
        if line.kind is None and kind in ("dateline", "byline"):
            line.meta = kind


def _release_embedded_appeals(lines: list[Line]) -> None:
    """A long "appeal" paragraph between two plain paragraphs is usually news quoting one; keep it.

    Site appeals come in runs at the top or bottom of the page (banner lines, several paragraphs), while
    a campaign's "thank you for your support" quoted mid-article sits between ordinary paragraphs.
    """
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if line.kind == "appeal" and line.words > 30:
            before, after = lines[i - 1], lines[i + 1]
            if all(other.quality == "good" and other.kind is None for other in (before, after)):
                line.kind = None


def _core(lines: list[Line], upto: int) -> list[int]:
    return [i for i in range(upto) if lines[i].quality == "good" and lines[i].kind is None]


def _link_list_start(lines: list[Line], first_good: int) -> int | None:
    """Start of a trailing list of date-stamped teasers (a related-stories block), if any."""
    stamps = [i for i in range(first_good + 1, len(lines)) if lines[i].meta == "dateline"]
    if len(stamps) < 3:
        return None
    # Find the first stamp from which stamps keep coming every few lines to the end of the document.
    start = stamps[-1]
    for a, b in zip(reversed(stamps[:-1]), reversed(stamps[1:]), strict=False):
        if b - a > 4:
            break
        start = a
    if len([s for s in stamps if s >= start]) < 3 or len(lines) - 1 - stamps[-1] > 4:
        return None
    # Extend upwards over the list's header lines ("Part of complete coverage on", "Syrian crisis").
    while start - 1 > first_good:
        above = lines[start - 1]
        if above.kind == "related-links" or (not above.terminal and above.words <= 8 and not above.bullet):
            start -= 1
        else:
            break
    return start


def _is_signature(line: Line) -> bool:
    """A comment's signature line: "Posted by: Sean | Jan 10, 2008", "BY NICK AT 01/08/08 06:49 PM"."""
    if line.words > 16:
        return False
    if _SIGNATURE_AFTER.search(line.norm) or _SIGNATURE_BEFORE.search(line.norm):
        return True
    return line.words <= 12 and line.norm.startswith("by ") and bool(_CLOCK.search(line.norm))


def _comment_thread_start(lines: list[Line], first_good: int) -> int | None:
    """Start of a reader-comment thread: several signature lines ("Posted by: Sean | Jan 10, 2008")."""
    # Comment counters near the top ("0 comments", "Read comments (1)") do not start a thread: only
    # signatures below a few paragraphs of article count.
    prose = paragraphs = 0
    signed: list[int] = []
    for i in range(first_good, len(lines)):
        line = lines[i]
        if line.quality == "good" and line.kind is None and not signed:
            prose += line.chars
            paragraphs += 1
        elif (prose >= _THREAD_MIN and paragraphs >= 2) and (line.kind == "comments" or _is_signature(line)):
            signed.append(i)
    if len(signed) < 2:
        return None
    start = signed[0]
    if lines[start].kind != "comments" and not _SIGNATURE_BEFORE.search(lines[start].norm):
        # The signature follows its comment: the thread starts after the last junk line above it.
        top = start - 1
        while (
            top - 1 > first_good
            and start - top < 25
            and not _is_junk(lines[top - 1])
            and not _is_link_shape(lines[top - 1])
        ):
            top -= 1
        start = top if top - 1 > first_good and start - top < 25 else start - 1
        if start <= first_good:
            return None
    prose_before = sum(lines[i].chars for i in range(first_good, start) if lines[i].quality == "good")
    return start if prose_before > 0 else None


def _tail_cut(lines: list[Line], first_good: int) -> int:
    """Index from which everything is tail boilerplate (len(lines) when there is none)."""
    cut = len(lines)
    listed = _link_list_start(lines, first_good)
    if listed is not None:
        for i in range(listed, len(lines)):
            lines[i].kind = "related-links"
        cut = listed
    thread = _comment_thread_start(lines, first_good)
    if thread is not None and thread < cut:
        for i in range(thread, cut):
            lines[i].kind = "comments"
        cut = thread
    good_chars = [line.chars if line.quality == "good" and line.kind is None else 0 for line in lines[:cut]]
    total = sum(good_chars)
    before = 0
    for i in range(first_good, cut):
        line = lines[i]
        if line.kind in _TAIL_CUT_KINDS and line.words <= 12 and before > 0:
            after = sum(good_chars[i + 1 :])
            if after < 0.3 * before or after < 0.15 * total:
                for j in range(i, cut):
                    if lines[j].kind is None:
                        lines[j].kind = "footer" if lines[j].quality != "good" else line.kind
                return i
        before += good_chars[i]
    return cut


def _mark_bio(lines: list[Line], core: list[int]) -> None:
    """A reporter bio among the last paragraphs ("X began reporting from France for NPR in 2004...")."""
    for i in core[-3:]:
        line = lines[i]
        if (
            _BIO_START.match(line.text)
            and _BIO_ROLE.search(line.norm)
            and _JOURNALISM.search(line.norm)
            and not _SAID.search(line.norm)
        ):
            if '"' in line.norm:
                continue
            for j in range(i, len(lines)):
                if lines[j].kind is None:
                    lines[j].kind = "bio"
            return


def _is_junk(line: Line) -> bool:
    if line.kind is not None or line.meta is not None:
        return True
    return line.quality == "short" and not line.bullet and not line.terminal


def _main_block(lines: list[Line], core: list[int]) -> list[int]:
    """Keep the article's run of paragraphs; drop prose islands (teasers, comments) far away from it.

    Paragraphs separated by several junk lines (menus, stamps, link lines) belong to different blocks.
    The block with most prose, weighted by how little junk sits between its paragraphs, is the article;
    other blocks stay only when they are nearly as substantial (an article split by an advert box).
    """
    if len(core) < 2:
        return core
    blocks: list[list[int]] = [[core[0]]]
    for a, b in itertools.pairwise(core):
        junk = [lines[k] for k in range(a + 1, b) if _is_junk(lines[k])]
        if len(junk) >= _BLOCK_GAP and sum(line.words for line in junk) >= _BLOCK_GAP_WORDS:
            blocks.append([b])
        else:
            blocks[-1].append(b)
    if len(blocks) == 1:
        return core

    def weight(block: list[int]) -> float:
        prose = sum(lines[i].chars for i in block)
        span = sum(lines[k].chars for k in range(block[0], block[-1] + 1))
        sentences = sum(max(1, lines[i].sentences) for i in block) / len(block)
        return prose * (prose / span) * min(sentences, 3.0)

    def anchored(block: list[int]) -> bool:
        """The block starts just below a byline or date stamp: the article's opening paragraphs."""
        return any(lines[k].meta in {"byline", "dateline"} for k in range(max(0, block[0] - 4), block[0]))

    def substantial(block: list[int]) -> bool:
        """Prose that stands on its own: several paragraphs of several sentences each (a section of a
        long page), where teasers in a sidebar are a sentence or two under each headline."""
        paragraphs = [lines[i] for i in block]
        sentences = sum(line.sentences for line in paragraphs) / len(paragraphs)
        prose = sum(line.chars for line in paragraphs)
        return (
            len(paragraphs) >= _SECTION_PARAGRAPHS
            and sentences >= _SECTION_SENTENCES
            and prose >= _SECTION_CHARS
        )

    weights = [weight(block) for block in blocks]
    best = max(weights)
    keep = [w >= _BLOCK_KEEP * best for w in weights]
    keep[0] = keep[0] or (weights[0] >= 0.05 * best and anchored(blocks[0]))
    for index, block in enumerate(blocks):
        keep[index] = keep[index] or substantial(block)
    for block, kept_block in zip(blocks, keep, strict=True):
        if not kept_block:
            for i in block:
                lines[i].kind = "related-links"
    return [i for block, kept_block in zip(blocks, keep, strict=True) if kept_block for i in block]


def _classify(lines: list[Line]) -> tuple[int, int]:
    """Set ``kind`` (reason to drop) on every line to remove; return the body's first/last line."""
    core = _core(lines, len(lines))
    if not core:
        # No prose at all: keep the sentence-like lines that no lexicon condemns.
        for line in lines:
            if line.kind is None and line.meta is None and line.quality == "short":
                line.kind = "menu"
        return 0, len(lines) - 1
    first = core[0]
    cut = _tail_cut(lines, first)
    core = _core(lines, cut)
    if not core:
        return first, first - 1
    _mark_bio(lines, core)
    core = _main_block(lines, _core(lines, cut))
    if not core:
        return first, first - 1
    first, last = core[0], core[-1]
    _classify_head(lines, first)
    _classify_middle(lines, first, last)
    _classify_tail(lines, last, cut)
    # A date stamp well below the article belongs to whatever follows it (teasers, comments), and the
    # publication-date finder must not read it as the article's dateline.
    for line in lines[last + 3 :]:
        if line.meta == "dateline" and line.kind is None:
            line.kind = "footer"
    return first, last


def _classify_head(lines: list[Line], first: int) -> None:
    # Story highlights: bullets (and near-prose lines) directly above the first paragraph stay.
    keep = first
    while keep - 1 >= 0:
        above = lines[keep - 1]
        if (
            above.kind is None
            and above.meta is None
            and (above.bullet or (above.quality == "near" and above.is_sentence))
        ):
            keep -= 1
        else:
            break
    for i in range(keep):
        line = lines[i]
        if line.kind is None and line.meta is None:
            line.meta = "head"


def _classify_middle(lines: list[Line], first: int, last: int) -> None:
    run: list[Line] = []
    for i in range(first, last + 1):
        line = lines[i]
        if line.quality == "good" and line.kind is None:
            _judge_run(run)
            run = []
            continue
        if line.kind is None and line.meta is None:
            run.append(line)
    _judge_run(run)


def _judge_run(run: list[Line]) -> None:
    """Uncertain lines between two paragraphs: subheads, bullets, short paragraphs stay; links go."""
    if not run:
        return
    navish = [line for line in run if not line.terminal and not line.bullet and line.words <= 5]
    if len(run) >= 3 and len(navish) >= 2 * len(run) / 3:
        for line in run:
            line.kind = "menu"
        return
    for line in run:
        if outlet_line(line.text):
            line.kind = "outlet"  # a wire credit or masthead left between paragraphs ("Reuters")
        elif _is_link_shape(line):
            line.kind = "related-links"


def _classify_tail(lines: list[Line], last: int, cut: int) -> None:
    i = last + 1
    # Short closing paragraphs that directly follow the last one stay.
    while (
        i < cut
        and lines[i].kind is None
        and lines[i].meta is None
        and lines[i].quality == "near"
        and lines[i].is_sentence
        and not lines[i].text.endswith(("...", "…"))
        and not _is_link_shape(lines[i])
    ):
        i += 1
    for j in range(i, cut):
        line = lines[j]
        if line.kind is None and line.meta is None:
            line.kind = "related-links" if (not line.terminal and line.words >= 4) else "footer"


def _pick_title_outlet(lines: list[Line], first: int) -> tuple[str | None, list[str], list[str]]:
    """The headline, and the outlet lines of the page head split into mastheads and credits.

    A masthead sits above the headline; an outlet line below it (next to the byline and date stamp) credits
    the wire the story came from. A site-name line repeated across the batch is a template line, which is
    exactly what a masthead is, so it is read too (and removed as "outlet" rather than "repeated").
    """
    outlets: list[tuple[int, str]] = []
    for line in lines[:first]:
        if line.meta == "head" or (line.kind == "repeated" and line.meta is None):
            name = outlet_line(line.text)
            if name:
                line.meta = "outlet"
                line.kind = None
                outlets.append((line.index, name))
    head = [line for line in lines[:first] if line.meta in {"head", "outlet"}]
    body_words = {
        word.strip("'’")
        for line in lines[first:]
        if line.kind is None
        for word in re.findall(r"[\w'’-]+", line.norm)
    }
    best: Line | None = None
    best_score = 0.0
    for line in head:
        if line.meta != "head":
            continue
        # The headline sits just above the article: nearer lines are preferred.
        score = title_score(line.text, body_words) / (1.0 + _TITLE_PROXIMITY * (first - line.index))
        if score > best_score:
            best, best_score = line, score
    if best is not None:
        best.meta = "title"
        # Some scrapes repeat the headline as the first line of the body; it is still the title.
        for line in lines[first : first + 3]:
            if line.norm == best.norm and line.kind is None and line is not best:
                line.kind = "title"
    # Date stamps far above both the headline and the first paragraph belong to page furniture.
    anchors = [first] + ([best.index] if best is not None else [])
    for line in lines[:first]:
        if line.meta == "dateline" and line.kind is None and min(abs(line.index - a) for a in anchors) > 6:
            line.kind = "header"
    for line in head:
        if line.meta == "head":
            line.kind = "header"
            line.meta = None
    top = best.index if best is not None else first
    mastheads = [name for index, name in outlets if index < top]
    credits = [name for index, name in outlets if index > top]
    if len(mastheads) >= _MENU_OF_OUTLETS:
        mastheads = []  # many outlet-shaped lines above the headline are a menu of sections or sister sites
    return (display(best.text) if best else None), mastheads, credits


def _span(doc: _Doc, start: int, end: int) -> tuple[int, int]:
    """Raw-input span of the reflowed span ``[start, end)``."""
    if doc.offsets is None:
        return start, end
    return doc.offsets[start], doc.offsets[end - 1] + 1


def _trim_trailing(line: Line) -> tuple[int, str] | None:
    """Trailing sentences of a kept line that are sign-offs/copyright notices: (offset in line, reason)."""
    bounds = sentence_bounds(line.text)
    if len(bounds) < 2:
        return None
    cut: tuple[int, str] | None = None
    # The first sentence goes too when every sentence is a notice ("Copyright 2008 X. All rights
    # reserved. Users of this site agree to ..."): a notice too long for the lexicon's line limit.
    for start, end in reversed(bounds):
        piece = normalise(line.text[start:end])
        kind = match_kind(piece, len(piece.split()))
        if kind in _TRAILING_KINDS:
            cut = (start, kind)
        else:
            break
    return cut


def _assemble(doc: _Doc, title: str | None, outlet: str | None) -> CleanResult:
    paragraphs: list[str] = []
    removed: list[Removed] = []
    pending: tuple[int, int, str] | None = None  # merged run of same-reason drops (raw start, end, reason)

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            start, end, reason = pending
            removed.append(Removed(start, end, doc.raw[start:end], reason))
            pending = None

    previous_kept: Line | None = None
    for line in doc.lines:
        reason = line.kind or (line.meta if line.meta in _META else None)
        if (
            reason is None
            and previous_kept is not None
            and previous_kept.end in doc.glued
            and line.start == previous_kept.end + 1
            and paragraphs
        ):
            paragraphs[-1] += display(line.text)  # two kept pieces of one glued word or line: as they were
            previous_kept = line
            continue
        previous_kept = line if reason is None else None
        if reason is None:
            text = line.text
            trim = _trim_trailing(line)
            if trim is not None:
                offset, why = trim
                text = line.text[:offset]
                flush()
                start, end = _span(doc, line.start + offset, line.end)
                removed.append(Removed(start, end, doc.raw[start:end], why))
            paragraphs.append(display(text))
            flush()
            continue
        start, end = _span(doc, line.start, line.end)
        if pending is not None and pending[2] == reason and reason not in _META:
            pending = (pending[0], end, reason)
        else:
            flush()
            pending = (start, end, reason)
    flush()
    return CleanResult("\n\n".join(p for p in paragraphs if p), removed, title, outlet)


def _clean(doc: _Doc, repeated: set[str]) -> CleanResult:
    lines = doc.lines
    if not lines:
        return CleanResult("", [], None, None)
    _initial_labels(lines, repeated)
    _release_embedded_appeals(lines)
    first, _last = _classify(lines)
    title, mastheads, credits = _pick_title_outlet(lines, first)
    result = _assemble(doc, title, None)
    agency: str | None = None
    for line in lines[first : first + 3]:
        if line.kind is None and line.meta is None:
            agency = agency_from_dateline(line.text)
            if agency:
                break
    boilerplate = [(item.reason, item.text) for item in result.removed]
    result.outlet = choose_outlet(mastheads, credits, agency, boilerplate)
    return result


def clean_plain_text(raw: str) -> CleanResult:
    """Clean one scraped plain-text article (see the module docstring for how)."""
    return _clean(_prepare(raw or ""), set())


def clean_corpus(raws: list[str], repeated: Collection[str] | None = None) -> list[CleanResult]:
    """Clean a batch, also dropping template lines repeated across documents of the batch.

    A line counts as repeated when it occurs in at least two documents; it is dropped unless it is story
    prose (``_is_story_prose``). Repetition is ignored for a document whose paragraphs are mostly shared
    (syndicated wire copy), since there it marks the story, not a template.

    ``repeated`` (the ``line_key`` of every line found in two or more documents) is given when the batch
    is one partition of a larger corpus: the evidence then comes from the whole corpus, counted in a first
    pass (``line_keys``), so a corpus cleaned in partitions reads exactly as one cleaned at once.
    """
    docs = [_prepare(raw or "") for raw in raws]
    seen: Counter[str] = Counter()
    if repeated is None:
        for doc in docs:
            seen.update({line.norm for line in doc.lines if line.words > 0})
    results: list[CleanResult] = []
    for doc in docs:
        evidence = [line.norm for line in doc.lines if line.words > 0]
        if repeated is None:
            shared = {norm for norm in evidence if seen[norm] >= 2}
        else:
            shared = {norm for norm in evidence if line_key(norm) in repeated}
        prose = [line.norm for line in doc.lines if line.quality == "good"]
        copied = sum(1 for norm in prose if norm in shared) > 0.5 * len(prose) if prose else False
        # Copies of one story share everything, so repetition says nothing about their template.
        results.append(_clean(doc, set() if copied else shared))
    return results


def line_key(norm: str) -> str:
    """A short fixed-size key of a normalised line: what the corpus-wide count of repeated lines ships."""
    return hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def line_keys(raw: str) -> set[str]:
    """The keys of the lines of one plain-text document that ``clean_corpus`` counts as evidence."""
    return {line_key(line.norm) for line in _prepare(raw or "").lines if line.words > 0}
