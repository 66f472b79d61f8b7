"""Who speaks: the speaker phrase of a reporting cue in spaCy's dependency parse.

Why its own module: finding the subject is most of the work of a cue and has its own troubles, each
handled by one function: the verb's subject may sit in the clause the verb hangs from ("arrived and
said", "issued a statement saying"), after the verb ("said Fabius"), inside a quotation the parser
wrongly made the verb's head ('"We were wrong," Ramos, 58, told AFP'), or behind a dateline that spaCy
made the subject ("PARIS — France's foreign minister said"). ``cues`` decides what is a cue and what
it reports; this module only says who.

Span conventions follow PolNeAR: the speaker keeps appositions ("said Laurence Tribe, professor of
law") and drops datelines and participial asides ("Rubio, speaking in Miami, said").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.analyse.lexicons.cues import MESSAGE_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["dateline_fix", "drop_dateline", "speaker_after_quote", "speaker_phrase", "subject_of"]

SUBJECT_DEPS = {"nsubj", "csubj"}


def subject_of(verb: Token) -> Token | None:
    """The speaker of ``verb``: its subject, a passive agent, or the subject of the verb it hangs from."""
    current = verb
    for _ in range(3):
        subjects = [child for child in current.children if child.dep_ in SUBJECT_DEPS]
        if subjects:  # two subjects happen after a dateline ("PARIS — the minister said"): take the nearest
            child = min(subjects, key=lambda item: abs(item.i - current.i))
            return child
        for child in current.children:
            if child.dep_ == "agent":
                objects = [grand for grand in child.children if grand.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if current.dep_ == "acl" and current.head.lemma_.lower() in MESSAGE_NOUNS:
            # "issued a statement saying ...": the speaker is whoever issued the statement
            noun = current.head
            if noun.dep_ in ("dobj", "pobj", "nsubjpass") and noun.head is not noun:
                current = noun.head if noun.dep_ != "pobj" else noun.head.head
                continue
            break
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head is not current.head:
            current = current.head.head  # "punctuated his list by saying ...": the subject of "punctuated"
            continue
        if current.dep_ in ("conj", "advcl", "xcomp", "relcl", "acl") and current.head is not current:
            if current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return current.head
            if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.pos_ in ("NOUN", "PROPN"):
                return current.head  # "the super PAC backing Jeb Bush", "911 calls saying shots were fired"
            current = current.head
            continue
        break
    return None


def dateline_fix(subject: Token | None) -> Token | None:
    """ "PARIS — France's foreign minister ... said", "CLEVELAND, July 19 (UPI) — Michael Mukasey said":
    spaCy makes the dateline the subject and the real speaker its apposition after the dash."""
    if subject is None or not subject.text.isupper() or len(subject.text) < 3:
        return subject
    doc = subject.doc
    nxt = doc[subject.i + 1] if subject.i + 1 < len(doc) else None
    if nxt is None:
        return subject
    if nxt.text in {"\u2014", "\u2013", "-", "--", "("}:
        dash = nxt.i
    else:  # a date and agency between the place and the dash
        window = doc[subject.i + 1 : min(len(doc), subject.i + 10)]
        dashes = [t.i for t in window if t.text in {"\u2014", "\u2013", "--"}]
        if not dashes:
            return subject
        dash = dashes[0]
    appositions = [child for child in subject.children if child.dep_ == "appos" and child.i > dash]
    return appositions[-1] if appositions else subject


def speaker_phrase(head: Token, inverted: bool = False) -> list[int]:
    """The speaker's phrase: the subject's subtree, without a trailing comma or dash.

    After the verb ("said Fabius, and the sooner the better") the phrase stops at the first comma.
    """
    doc = head.doc
    # "Marco Rubio, speaking at a rally in Miami, said": the participle says where, not who (PolNeAR
    # leaves it out of the source; appositions it keeps)
    aside = {
        token.i
        for child in head.children
        if child.dep_ == "acl" and child.tag_ in ("VBG", "VBN") and doc[child.left_edge.i - 1].text == ","
        for token in child.subtree
    }
    indices = sorted(token.i for token in head.subtree if token.i not in aside)
    if aside and indices and max(indices) > min(aside):
        indices = [i for i in indices if i < min(aside)]
    if inverted:
        # an apposition or relative clause after the comma still describes the speaker ("said Laurence
        # Tribe, professor of constitutional law at Harvard"); anything else ends the phrase
        described = {
            token.i for child in head.children if child.dep_ in ("appos", "relcl") for token in child.subtree
        }
        cut = [
            i
            for i in indices
            if i > head.i
            and doc[i].text in {",", ";", "--", "\u2014"}
            and not (i + 1 in described and i + 1 < len(doc) and doc[i + 1].text[:1].isalpha())
        ]
        if cut:
            indices = [i for i in indices if i < cut[0]]
    while indices and (doc[indices[-1]].is_punct or doc[indices[-1]].is_space):
        indices.pop()
    while indices and (doc[indices[0]].is_punct or doc[indices[0]].is_space):
        indices.pop(0)
    return indices or [head.i]


def drop_dateline(doc: Doc, indices: list[int], head: int) -> list[int]:
    """Drop a dateline before the speaker ("CLEVELAND, July 19 (UPI) — Former Attorney General ...")."""
    dashes = [i for i in indices if i < head and doc[i].text in {"\u2014", "\u2013", "--"}]
    return [i for i in indices if i > dashes[-1]] if dashes else indices


def speaker_after_quote(verb: Token, blocked: list[bool]) -> Token | None:
    """In '"We were wrong," Ramos, 58, told AFP' spaCy hangs the verb off the quoted clause, so its subject
    climbs into the quotation; the speaker is the name just between the closing mark and the verb."""
    doc = verb.doc
    index = verb.i - 1
    while index >= 0 and (doc[index].is_punct or doc[index].like_num) and not blocked[index]:
        index -= 1
    if index < 0 or blocked[index] or doc[index].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    start = index
    while start > 0 and not blocked[start - 1] and not doc[start - 1].is_punct:
        start -= 1
    if start == 0:
        return None
    quote_end = start - 1
    while quote_end >= 0 and doc[quote_end].is_punct and not blocked[quote_end]:
        quote_end -= 1
    if quote_end < 0 or not blocked[quote_end] or index - start > 5:
        return None  # the name must follow a quotation directly
    token = doc[index]
    while token.head.i != token.i and start <= token.head.i <= index and token.dep_ in ("compound", "flat"):
        token = token.head
    return token
