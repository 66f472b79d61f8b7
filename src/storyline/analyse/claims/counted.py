"""What a number counts (``what``), what the count is of (``subject``), and whether it may be compared
(``role``), read from the dependency parse.

What is counted: "107 nations" counts countries, "$87m" dollars, "5,000 ft" ft. Counts of people get the
event that happened to them, because a disaster story counts them side by side and a briefing that pairs
"about 40 missing" with "86 rescued" is wrong: "people killed" ("at least 70 people died"), "people
missing" (also "unaccounted for"), "people wounded", "people rescued" ("pulled 86 people from flooded
homes"), "people evacuated" ("moved from streets near the river"), "people detained", "people displaced".
Generic nouns (residents, neighbours, individuals) count "people". A bare number takes its measure from
a counter noun ("the number of people killed ... has risen to 19", "police put the number of missing at
about forty") or, for "the true figure was more than 3,500", from the count mentioned just before.

Roles (see ``model.Claim``): a "reading" is a measurement at one moment or place (an altitude, a distance
"seven miles off the coast", a speed, a duration, a magnitude: a flight or a quake passes through many, so
two of them differ without disagreeing), a "range" is one end of "500 to 700 feet" or "17 or 18 miles", an
"option" is a maximum, capacity or configuration ("up to 3.2 GHz", "can carry 100 gallons", "with various
options"). A measure stated as a size ("the slick is 12 miles long") stays a count.

Subjects: "attending" for "107 nations came together" or "100 countries represented", "members" for "the
group includes more than 60 countries", "paid" for "bought for $300,000", "price" for "the list price is
...", "wreckage" for "90 percent of the wreckage".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from storyline.analyse.claims.numbers import BETWEEN_BEFORE, RANGE_AFTER, RANGE_BEFORE
from storyline.analyse.claims.tokens import verb_of
from storyline.analyse.lexicons.claims import (
    CAPACITY,
    COUNTERS,
    CURRENCY,
    CURRENCY_NOUNS,
    DEATH,
    DEATH_COUNTER_MODIFIERS,
    DETAIN,
    DIMENSION_AFTER,
    DISPLACE,
    EPISTEMIC,
    EVACUATE,
    EVACUATE_PHRASAL,
    FRAMES,
    LINKING,
    MEASURES,
    MISSING,
    MODEL_NOUNS,
    OPTION_WORDS,
    PEOPLE,
    PEOPLE_GENERIC,
    PERSON_NOUNS,
    PLURAL_IRREGULAR,
    PRONOUNS,
    READING_UNITS,
    READING_WHATS,
    RESCUE,
    RESCUE_PHRASAL,
    SCALES,
    STATE_WORDS,
    SYNONYMS,
    WOUND,
)
from storyline.analyse.nlp import doc_text
from storyline.grammar.reporting import FIGURE_SOURCE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


class Counted(NamedTuple):
    """What a number counts: ``what`` ("people killed", "countries"), its ``unit`` ("USD", "ft") and, for
    a count of people, the ``event`` that happened to them ("killed", "missing"), with which ``what`` ends.
    """

    what: str
    unit: str | None = None
    event: str | None = None


NOTHING = Counted("")


def governing_noun(number: Token) -> Token | None:
    """The noun a number token counts ("107 nations" -> nations; "11 of 15 votes" -> votes)."""
    token = number
    for _ in range(4):
        if token.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and token.head.pos_ == "NUM":
            token = token.head
            continue
        break
    if token.dep_ in ("nummod", "quantmod", "amod", "compound") and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and grandchild.pos_ in ("NOUN", "PROPN"):
                    return grandchild
                if grandchild.dep_ == "pobj" and grandchild.pos_ == "NUM":
                    return governing_noun(grandchild)
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ == "be":
        for child in token.head.children:
            if child.dep_ == "attr" and child.pos_ == "NOUN":
                return child
    if token.pos_ == "NOUN" and token.lower_ not in SCALES:
        return token
    return None


def _plural(noun: Token) -> str:
    lemma = noun.lemma_.lower()
    if lemma in SYNONYMS:
        return SYNONYMS[lemma]
    if noun.tag_ in ("NNS", "NNPS") or lemma.endswith("s"):
        return noun.text.lower()
    if lemma in PLURAL_IRREGULAR:
        return PLURAL_IRREGULAR[lemma]
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    if lemma.endswith(("s", "x", "ch", "sh")):
        return lemma + "es"
    return lemma + "s"


def _words(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _phrasal(verb: Token, lemmas: set[str]) -> bool:
    """``verb`` is one of ``lemmas`` used with "out"/"from" ("brought 86 people out", "moved from")."""
    if verb.lemma_.lower() not in lemmas:
        return False
    return any(
        (child.dep_ == "prt" and child.lower_ == "out")
        or (child.dep_ == "prep" and child.lower_ in ("from", "out"))
        for child in verb.children
    )


def _event(noun: Token | None, number: Token) -> str | None:
    """The participle for an event count ("killed", "missing", "rescued", "evacuated"), or None.

    The words come from the counted noun's modifiers, its verb and that verb's complements; a clause that
    only tells how the people got there ("spent the night in schools after being moved from streets") may
    add an evacuation, never a death.
    """
    anchor = noun if noun is not None else number
    words: set[str] = set()
    for child in anchor.children:
        words |= _words(child)
    verb = verb_of(anchor)
    secondary: list[Token] = []
    if verb is not None and verb.dep_ in ("aux", "auxpass") and verb.head.pos_ in ("ADJ", "VERB"):
        verb = verb.head  # "at least 41 were unaccounted for": the auxiliary hangs from the predicate
    if verb is not None:
        words |= _words(verb)
        for child in verb.children:
            if child.dep_ in ("oprd", "acomp", "prt", "attr") and child is not anchor:
                words |= _words(child)
            elif child.dep_ == "xcomp" and verb.lemma_.lower() in EPISTEMIC:
                words |= _words(child)  # "21 people are now known to have died", "feared dead"
                words.update(w for g in child.children if g.dep_ in ("acomp", "oprd") for w in _words(g))
            elif child.dep_ == "advcl" and child.pos_ == "VERB":
                secondary.append(child)
            elif child.dep_ == "prep":
                secondary.extend(g for g in child.children if g.dep_ == "pcomp" and g.pos_ == "VERB")
    if words & DEATH:
        return "killed"
    if words & WOUND:
        return "wounded"
    if words & MISSING:
        return "missing"
    if words & RESCUE or (verb is not None and _phrasal(verb, RESCUE_PHRASAL)):
        return "rescued"
    if verb is not None and verb.lemma_.lower() in DETAIN:
        return "detained"
    if words & EVACUATE or (verb is not None and _phrasal(verb, EVACUATE_PHRASAL)):
        return "evacuated"
    if any(_words(v) & EVACUATE or _phrasal(v, EVACUATE_PHRASAL) for v in secondary):
        return "evacuated"
    if words & DISPLACE:
        return "displaced"
    return None


def counter_of(number: Token) -> tuple[Token | None, Token | None]:
    """(counter noun, its verb) when a bare number gives a counter's value.

    "has risen to 19" (subject "the number of people killed"), "raised the death toll ... to 23", "put the
    number of missing at about forty", "the true figure was more than 3,500", and the list after a colon in
    "The count has climbed every day: 12 on Friday, 19 on Saturday".
    """
    token = number
    for _ in range(4):
        if token.dep_ in ("appos", "conj") and token.head.pos_ == "NUM":
            token = token.head
        else:
            break
    verb: Token | None = None
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ in ("to", "at", "of"):
        verb = token.head.head
    elif token.dep_ in ("attr", "npadvmod", "dobj", "acomp", "oprd"):
        verb = token.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None, None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lemma_.lower() in COUNTERS:
            return (child, verb) if child != token else (None, None)
    return None, None


def counted_by(counter: Token, number: Token) -> Counted | None:
    """What a counter noun counts: its "of" phrase ("the number of people killed") or a "death toll"; None
    when it names nothing, so the figure counts what the count mentioned just before did ("the true figure
    was more than 3,500", right after "about 2,000 people had been evacuated")."""
    for child in counter.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                state = STATE_WORDS.get(obj.lower_)
                if state:  # "the number of missing", "the count of dead"
                    return Counted(f"people {state}", None, state)
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                    found = counted_as(obj, number, None)
                    return Counted(found.what, None, found.event) if found.what else NOTHING
    modifiers = {c.lower_ for c in counter.children if c.dep_ in ("compound", "amod")}
    if modifiers & DEATH_COUNTER_MODIFIERS:
        return Counted("people killed", None, "killed")
    if modifiers & {"missing"}:
        return Counted("people missing", None, "missing")
    if counter.lemma_.lower() == "toll":
        return Counted("people killed", None, "killed")  # "the toll stood at 120" counts the dead
    return None


def counted_as(noun: Token | None, number: Token, cur: str | None) -> Counted:
    """What the number token counts, given the noun that governs it and its currency sign."""
    if cur:
        what, unit = CURRENCY[cur]
        return Counted(what, unit)
    state = STATE_WORDS.get(number.head.lower_) if number.head is not number else None
    if state and (noun is None or noun == number.head):
        return Counted(f"people {state}", None, state)  # "at least 12 dead", "40 missing"
    if noun is None:
        event = _event(None, number)
        return Counted(f"people {event}", None, event) if event else NOTHING
    lemma = noun.lemma_.lower()
    compounds = [c.lower_ for c in noun.children if c.dep_ == "compound" and c.i < noun.i and c.is_alpha]
    for word in [*compounds, lemma]:
        if word in MEASURES:  # "5,000 ft", and "396ft -LRB-" where a bracket token became the noun
            return Counted(MEASURES[word], MEASURES[word])
    if lemma in CURRENCY_NOUNS:
        return Counted(_plural(noun), CURRENCY_NOUNS[lemma])
    if lemma == "o'clock" or not re.fullmatch(r"[A-Za-z][A-Za-z'-]*", noun.text) or noun.text.startswith("-"):
        return NOTHING
    compounds = [c.lower_ for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    hyphenated = re.match(r"[\w-]+", doc_text(noun.doc)[noun.idx:noun.idx + 40])  # "e-mails", split by spaCy
    head = hyphenated.group(0).lower() if hyphenated and "-" in hyphenated.group(0) else _plural(noun)
    event = _event(noun, number)
    if event and (lemma in PEOPLE or noun.ent_type_ == "NORP"):
        people = "people" if lemma in PEOPLE_GENERIC else _plural(noun)
        return Counted(f"{people} {event}", None, event)
    return Counted(" ".join([*compounds, head]))


def apposed_age(number: Token, noun: Token | None) -> bool:
    """A bare number hung as an apposition on a person ("Ruth Vance, 61, ...", "her son, 34, ...")."""
    if noun is not None or number.dep_ != "appos":
        return False
    head = number.head
    return head.ent_type_ == "PERSON" or head.pos_ == "PROPN" or bool(
        re.fullmatch(r"(?:" + PERSON_NOUNS + r")s?", head.lower_)
    )


def role_of(
    text: str, q_start: int, end: int, counted: Counted, number: Token, sent: SpacySpan
) -> str:
    """Whether a kept number is a count, a reading, an end of a range or an option (see module doc)."""
    before, after = text[max(0, q_start - 40):q_start], text[end:end + 40]
    ranged = RANGE_BEFORE.search(before)
    if ranged and not (
        (ranged["conn"] == "and" and not ranged["between"]) or (ranged["from"] and ranged["conn"] == "to")
    ):
        return "range"
    if RANGE_AFTER.match(after) or BETWEEN_BEFORE.search(before):
        return "range"
    what, unit = counted.what, counted.unit
    if (unit in READING_UNITS or what in READING_WHATS) and not DIMENSION_AFTER.match(after):
        return "reading"
    if counted.event is None:
        if re.match(r"(?:up to|at most|a maximum of)\b", text[q_start:end], re.IGNORECASE):
            return "option"
        if OPTION_WORDS.search(text[sent.start_char:sent.end_char]):
            return "option"
        verb = verb_of(number)
        if verb is not None and verb.lemma_.lower() in CAPACITY:
            return "option"  # "it can carry about 100 gallons": what the thing holds, not what it held
        words = what.split()
        spec = number.head if number.head.dep_ == "compound" else None
        if (len(words) > 1 and words[-1].rstrip("s") in MODEL_NOUNS) or (
            spec is not None and spec.head.lemma_.lower() in MODEL_NOUNS
        ):
            return "option"  # "the 2.8 GHz model": a specification of one configuration, not a count
    return "count"


def _frame(token: Token) -> str:
    lemma = token.lemma_.lower()
    return FRAMES.get(lemma, lemma)


def subject_of(noun: Token | None, number: Token) -> str | None:
    """What a count or amount is of, beyond what it counts (see module doc), or None."""
    anchor = noun if noun is not None else number
    for token in (number, anchor):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.lower_ not in SCALES:
                    return obj.lemma_.lower()  # "90 percent of the wreckage"
    head = anchor.head
    if anchor.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _frame(head.head)  # "a score of 78 percent", "a loss of $15 billion"
    near = [t for t in anchor.subtree] + list(anchor.ancestors)[:3]
    if any(t.lemma_.lower() in ("member", "membership") for t in near):
        return "members"
    for child in anchor.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            return _frame(child)  # "about 100 countries represented"
    verb = verb_of(anchor.head if anchor.head is not anchor else anchor)
    if verb is None:
        return None
    if verb.lemma_.lower() in LINKING or verb.pos_ == "AUX":
        # "The list price is $419,000": the linked subject says what is measured
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c is not anchor
                        and anchor not in c.subtree), None)
        if subject is None or subject.lower_ in PRONOUNS or subject.pos_ not in ("NOUN", "PROPN"):
            return None
        return _frame(subject)
    if verb.lemma_.lower() in FIGURE_SOURCE_VERBS:
        return None
    return _frame(verb)
