"""Who says so: the source of a figure, from the parse of its sentence.

Sources, nearest first: "according to X"; whoever sets a counter ("police raised the death toll to 23");
the subject of the reporting verb that governs the clause holding the number ("Hollande boasted that ...
about 100 countries", "X said" at the end), or of the verb a reporting participle hangs from ("Police
published a figure, saying 31 ..."); "it said" carries the previous source; in a transcript, the speaker of
the turn (not the programme's host or reporter).

The reporting verbs are ``storyline.grammar.reporting.FIGURE_SOURCE_VERBS``, the quote analyser's verbs of
saying that also hand on a figure plus the verbs that produce one ("counted", "found", "put").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storyline.analyse.lexicons.claims import PRONOUNS, SETTING, STAFF_ROLES
from storyline.grammar.reporting import FIGURE_SOURCE_VERBS
from storyline.grammar.transcripts import TRANSCRIPT_TURN

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

MAX_SOURCE_CHARS = 90


def source_of(number: Token, sent: SpacySpan, counter_verb: Token | None, carried: str | None) -> str | None:
    """Who gives the figure at ``number`` (see module doc), or None.

    ``counter_verb`` is the verb that sets the counter the number is the value of ("raised the death toll
    to 23"), ``carried`` the source of the sentence before, for "..., it said".
    """
    source, pronoun = _reported_by(number, sent)
    if counter_verb is not None and counter_verb.lemma_.lower() in SETTING:
        # Whoever sets the count is the nearest attribution: in "the government said on Monday, as police
        # raised the death toll to 23" the toll is the police's.
        setter = next((c for c in counter_verb.children if c.dep_ == "nsubj"), None)
        if setter is not None and setter.lower_ not in PRONOUNS:
            source, pronoun = _phrase(setter), False
    if source is None and pronoun:
        source = carried  # "More than 11,000 of them were civilians, it said."
    return source


def is_reporting(verb: Token) -> bool:
    """Whether ``verb`` is a verb with which a source hands on a figure ("said", "estimated", "counted")."""
    return verb.lemma_.lower() in FIGURE_SOURCE_VERBS


def _reported_by(number: Token, sent: SpacySpan) -> tuple[str | None, bool]:
    """(who says so, whether it was a pronoun to carry over from earlier)."""
    for token in sent:
        if token.lower_ == "according":
            for child in token.children:
                if child.lower_ == "to":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            return _phrase(obj), False
    ancestors = list(number.ancestors)
    candidates = [t for t in ancestors if is_reporting(t) and _reports(t, number)]
    if not candidates:
        root = sent.root
        if is_reporting(root) and root not in ancestors and root != number:
            candidates = [root]
    for verb in candidates:
        # A participle has its speaker on the verb it hangs from: "Police published a figure, saying 31 ...".
        participle = verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj")
        holders = [verb, verb.head] if participle else [verb]
        for holder in holders:
            for child in holder.children:
                # the subject of a passive ("the slick was estimated to ...") is what is reported, not who
                agent = child.dep_ == "agent" and next((g for g in child.children if g.dep_ == "pobj"), None)
                speaker = child if child.dep_ == "nsubj" else agent or None
                if speaker is not None:
                    if speaker.lower_ in PRONOUNS:
                        return None, True
                    return _phrase(speaker), False
    return None, False


def _reports(verb: Token, number: Token) -> bool:
    """Whether ``verb`` reports the clause holding ``number`` ("said that 16,700 ..."), rather than
    taking it as its object ("the war has claimed 162,402 lives")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    for child in verb.children:
        if child.left_edge.i <= number.i <= child.right_edge.i:
            return child.dep_ in ("ccomp", "parataxis", "xcomp", "advcl", "conj")
    return False


def _clean_phrase(tokens: list[Token]) -> str:
    text = "".join(t.text_with_ws for t in sorted(tokens, key=lambda t: t.i))
    return " ".join(text.split()).strip(" ,;:-—\"“”'")


def _hyphen_pieces(head: Token) -> list[Token]:
    """The tokens of a hyphenated word spaCy split into siblings ("co", "-", "ordinator")."""
    doc = head.doc

    def joined(left: int, right: int) -> bool:
        """Tokens ``left`` and ``right`` (adjacent) are parts of one hyphenated word in the same role."""
        return (
            not doc[left].whitespace_
            and "-" in (doc[left].text, doc[right].text)
            and doc[left].head == doc[right].head
            and doc[left].dep_ == doc[right].dep_
        )

    first = last = head.i
    while first > 0 and joined(first - 1, first):
        first -= 1
    while last + 1 < len(doc) and joined(last, last + 1):
        last += 1
    return [doc[i] for i in range(first, last + 1)]


def _phrase(head: Token) -> str:
    """A source's name from its head token: the appositive proper name if any, no relative clauses."""
    pieces = _hyphen_pieces(head)
    # A role noun takes its appositive name ("One opposition group, the Syrian Observatory ..."), but a
    # name keeps itself ("Robert Graves, a research geophysicist with the USGS").
    for piece in pieces if head.pos_ != "PROPN" else []:
        appositions = [c for c in piece.children if c.dep_ == "appos"]
        # "The mayor of Millbrook, Ana Kerr," where the parser hangs the name on the town
        appositions += [
            a for prep in piece.children if prep.dep_ == "prep" and prep.lower_ == "of"
            for obj in prep.children for a in obj.children if a.dep_ == "appos" and a.ent_type_ == "PERSON"
        ]
        found = next((c for c in appositions if any(t.pos_ == "PROPN" for t in c.subtree)), None)
        if found is not None:
            head, pieces = found, [found]
            break
    cut = {"relcl", "acl", "appos", "advcl", "cc", "conj"}
    tokens: list[Token] = []

    def walk(token: Token) -> None:
        for child in token.lefts:
            if child.dep_ not in cut and child.text != ",":
                walk(child)
        tokens.append(token)
        for child in token.rights:
            if child.dep_ not in cut and child.text != ",":
                walk(child)

    for piece in pieces:
        walk(piece)
    name = _clean_phrase(tokens)
    if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and any(c.dep_ == "conj" for c in head.children)):
        inside = _entities_within(head.doc, head.left_edge.i, head.right_edge.i, "ORG")
        orgs = [org for org in inside if org not in name]
        if orgs:
            name = f"{name} ({orgs[-1]})"
    return name[:MAX_SOURCE_CHARS]


def _entities_within(doc: Doc, first: int, last: int, label: str) -> list[str]:
    """The texts of the ``label`` entities wholly inside tokens ``first..last``, in order.

    Why not ``doc.ents``: it builds every entity of the article, once per source phrase, which made the
    claims of a long article quadratic; the tokens' IOB tags give the same entities in the phrase alone.
    """
    found: list[str] = []
    index = first
    while index <= last:
        if doc[index].ent_iob_ != "B":  # outside, or inside an entity that began before the phrase
            index += 1
            continue
        end = index + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end - 1 <= last and doc[index].ent_type_ == label:
            found.append(doc[index:end].text)
        index = end
    return found


def turn_speakers(text: str) -> dict[int, str]:
    """Paragraph start -> speaker, for transcript turns ("DANIEL MERCER: Twelve people have ...").

    The programme's own staff (labelled HOST, BYLINE, ... and later turns under their surname) are left
    out: what a reporter says is the outlet's own account, which the claim's article already names.
    """
    staff: set[str] = set()
    speakers: dict[int, str] = {}
    starts = [found.end() for found in re.finditer(r"(?:^|\n\n)(?=\S)", text)]
    turns = [(start, TRANSCRIPT_TURN.match(text, start)) for start in starts]
    if sum(1 for _start, turn in turns if turn is not None) < 2:
        return speakers  # one "LAHORE: ..." opening is a dateline, not a transcript
    for start, turn in turns:
        if turn is None:
            continue
        name = turn["name"].strip()
        if turn["role"] and any(role in turn["role"] for role in STAFF_ROLES):
            staff.update({name, name.split()[-1]})
            continue
        if name in staff or len(name) < 3:
            continue
        speakers[start] = " ".join(word.capitalize() for word in name.split())
    return speakers
