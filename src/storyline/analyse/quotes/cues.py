"""Reporting cues in a dependency parse: the verb (or "according to"), who speaks, what is reported.

Why the parse and not patterns: news puts the speaker before ("Lavrov said"), after ("said Fabius"),
in a participle ("criticized Clinton, saying ..."), in a conjunction ("arrived and said") or in a
prepositional phrase ("according to Fabius"); the dependency tree gives one way to find the subject in
all of these (``speakers``). Reporting verbs come in two strengths: speech verbs (said, told, warned ...)
and verbs of belief or intent (think, fear, want), which PolNeAR counts as attribution but which are
weaker evidence of a quote, so they get a lower confidence. Speech and stance nouns with a possessor
("Trump's proposal to ...") are cues too, as weak as beliefs. The word lists are in
``storyline.analyse.lexicons.cues`` and, for the verbs other steps share, ``storyline.grammar.reporting``.

Span conventions follow PolNeAR: the source keeps appositions ("said Laurence Tribe, professor of law")
and a possessive "'s", drops datelines and participial asides ("Rubio, speaking in Miami, said"); a
relative pronoun is the source span of its clause ("who endorsed Clinton") with the antecedent as the
name; the cue keeps its adverbs, a following date and a topic preposition ("also said Tuesday",
"warned of").

Finding a cue and trusting it are two things. PolNeAR annotates stances and beliefs ("rejected the
plan", "agreed to talks", "fears that") as attributions, so they are found here and kept on the article
(the evaluation measures them), but a briefing's quote ledger must only say that someone *said*
something. ``storyline.grammar.reporting.is_speech_cue`` is that narrower test; ``Cue.lemma`` keeps the
word so the quote step can ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.analyse.lexicons.cues import (
    ANSWER_WORDS,
    BELIEF_VERBS,
    EXPLETIVES,
    FIRST_SECOND_PERSON,
    HEARER_OBJECT_VERBS,
    INFINITIVE_HOSTS,
    NEEDS_PARTICLE,
    NOT_CUES,
    NOUN_PREPOSITIONS,
    OBJECT_CONTENT_VERBS,
    OBJECT_PREPOSITIONS,
    PLAIN_SPEECH,
    PLAIN_TOPICS,
    SOURCE_DOCUMENTS,
    SPEECH_NOUNS,
    STANCE_TOPICS,
)
from storyline.analyse.quotes.speakers import (
    dateline_fix,
    drop_dateline,
    speaker_after_quote,
    speaker_phrase,
    subject_of,
)
from storyline.grammar.reporting import SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Cue", "find_cues", "is_cue_verb"]

CONTENT_DEPS = {"ccomp", "xcomp", "csubj", "parataxis"}
OPENING_MARKS = {"\u201c", '"', "``", "\u2018"}
FINITE_OR_INFINITIVE = {"VB", "VBD", "VBZ", "VBP"}


@dataclass(slots=True)
class Cue:
    """One reporting cue found in the parse, as token indices of ``doc``."""

    tokens: list[int]
    speaker: list[int]  # the speaker noun phrase (empty when none was found)
    speaker_head: int | None
    content: list[int]  # the reported clause for indirect speech (may be empty)
    strength: float  # 1.0 speech verb, 0.6 belief verb
    according: bool = False
    lemma: str = ""  # the cue word's lemma ("say", "according", "statement"), for ``is_speech_cue``
    reported: bool = True  # False for an infinitive ("asked him to respond"): speech wanted, not made
    asked_of: bool = False  # the infinitive's speaker was asked by someone else ("called for X to say")


def is_cue_verb(token: Token) -> float:
    """How strongly ``token`` reports speech: 1.0, 0.6 (belief) or 0.0 (not a cue)."""
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.tag_ == "VBZ"):
        return 0.0
    lemma = _lemma(token)
    if lemma in NEEDS_PARTICLE:
        needed = NEEDS_PARTICLE[lemma]
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        has = any(child.lower_ in needed for child in token.children) or (
            nxt is not None and nxt.lower_ in needed
        )
        if not has and lemma == "call":  # 'called the system "rotten"', 'called it a mistake'
            has = any(child.dep_ in ("oprd", "ccomp", "xcomp") for child in token.children) or any(
                child.dep_ == "dobj" and any(t.text in OPENING_MARKS for t in child.subtree if t.i > child.i)
                for child in token.children
            )
        return 1.0 if has else 0.0
    if lemma == "continue":  # '"...," he continued' reports speech; "continues to grow" does not
        return 1.0 if not any(c.dep_ in ("xcomp", "dobj", "prep") for c in token.children) else 0.0
    if lemma in SPEECH_VERBS:
        return 1.0
    if lemma in BELIEF_VERBS:
        return 0.6
    if lemma not in NOT_CUES and any(
        child.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children)
        for child in token.children
    ):
        return 0.6  # any verb with a that-clause reports a stance ("figures that", "reckons that")
    return 0.0


def find_cues(doc: Doc, blocked: list[bool]) -> list[Cue]:
    """Every reporting cue of ``doc`` outside quoted text (``blocked[i]`` marks tokens inside quotes).

    Speaker and content are kept to the cue's own line: spaCy's sentences sometimes run across paragraph
    breaks, and a quote never does in cleaned text.
    """
    cues: list[Cue] = []
    lines = _line_ids(doc)
    for token in doc:
        if blocked[token.i]:
            continue
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            cue = _according(doc, token)
            if cue is not None:
                cue.speaker = _same_line(cue.speaker, lines, token.i)
                cue.content = _same_line(cue.content, lines, token.i)
                if cue.speaker:
                    cues.append(cue)
            continue
        if token.lower_ == "in" and token.i == token.sent.start:
            cue = _in_source(token, blocked, lines)
            if cue is not None:
                cues.append(cue)
            continue
        if token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUNS:
            cue = _noun_cue(token, blocked, lines)
            if cue is not None:
                cues.append(cue)
            continue
        strength = is_cue_verb(token)
        if not strength:
            continue
        subject = dateline_fix(subject_of(token))
        if subject is None or blocked[subject.i]:
            subject = speaker_after_quote(token, blocked)
        if subject is None or blocked[subject.i] or lines[subject.i] != lines[token.i]:
            continue
        if subject.lower_ in EXPLETIVES and subject.i > token.i:
            continue
        own = (
            {t.i for t in token.subtree}
            if token.is_ancestor(subject) is False and subject.is_ancestor(token)
            else set()
        )
        speaker = [i for i in speaker_phrase(subject, inverted=subject.i > token.i) if i not in own]
        speaker = drop_dateline(doc, _same_line(speaker, lines, subject.i), subject.i)
        speaker = _trim(doc, speaker, keep_quotes=False)
        if not speaker:
            continue
        head = subject.i
        if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
            head = subject.head.head.i  # "Sanders, who endorsed Clinton": "who" is the span, Sanders the name
        cue_tokens = _cue_tokens(token)
        content, clausal = _clause(token, set(speaker) | set(cue_tokens))
        if len(content) < 3 and strength == 1.0 and _parenthetical(token):
            content, clausal = _host_clause(token), True
        content = _trim(
            doc, _longest_run(_same_line(content, lines, token.i), set(speaker) | set(cue_tokens))
        )
        if strength < 1.0 and not clausal and not any(doc[i].dep_ == "dobj" for i in content):
            continue  # "wants a wall" is not reported speech; "fears that ..." is
        if strength < 1.0 and subject.lower_ in FIRST_SECOND_PERSON:
            continue  # "I think", "we didn't know": nearly always inside someone else's words
        if strength < 1.0 and token.tag_ == "VB" and any(c.lower_ == "to" for c in token.children):
            continue  # "hard to imagine", "wants to see": the belief is not the subject's report
        if not clausal:
            strength *= 0.6
        reported = not _unreported_infinitive(token)
        asked_of = not reported and (
            any(child.dep_ == "nsubj" for child in token.children)
            or any(child.dep_ in ("dobj", "dative") for child in token.head.children if token.dep_ == "xcomp")
        )
        cue = Cue(cue_tokens, speaker, head, content, strength, lemma=_lemma(token), reported=reported)
        cue.asked_of = asked_of
        cues.append(cue)
    return cues


def _lemma(token: Token) -> str:
    """The cue word's lemma; the small model lemmatises "hopes"/"hoping" to "hop"."""
    lemma = token.lemma_.lower()
    return "hope" if lemma == "hop" and token.lower_.startswith("hope") else lemma


def _unreported_infinitive(verb: Token) -> bool:
    """ "called for Assad to respond", "declined to comment", "met to discuss": an infinitive speech verb
    names speech that is wanted, refused or planned, not speech that happened. PolNeAR still annotates
    some ("declined to comment"), so the cue is kept, but it takes a quotation only when no other cue
    of the sentence can, and never reaches the ledger. "went on to say" still reports."""
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in INFINITIVE_HOSTS)


def _in_source(prep: Token, blocked: list[bool], lines: list[int]) -> Cue | None:
    """ "In a poll released Monday, 50 percent chose Clinton": the poll (statement, interview ...) is the
    source, "In" the cue and the rest of the clause the content, as PolNeAR annotates it."""
    doc = prep.doc
    objects = [child for child in prep.children if child.dep_ == "pobj"]
    if not objects or objects[0].lemma_.lower() not in SOURCE_DOCUMENTS or prep.head is prep:
        return None
    if is_cue_verb(prep.head) or any(is_cue_verb(t) for t in prep.sent if t.i > prep.i and t.dep_ == "ROOT"):
        return None  # "In a statement, the campaign said ...": the verb's subject is the source
    speaker = [i for i in sorted(t.i for t in objects[0].subtree) if lines[i] == lines[prep.i]]
    speaker = _trim(doc, [i for i in speaker if not blocked[i]], keep_quotes=False)
    phrase_end = max(t.i for t in prep.subtree)
    content = [
        i for i in range(phrase_end + 1, prep.sent.end) if lines[i] == lines[prep.i] and not blocked[i]
    ]
    content = _trim(doc, content)
    if not speaker or len(content) < 3:
        return None
    return Cue([prep.i], speaker, objects[0].i, content, 0.6, according=True, lemma=prep.lower_)


def _noun_cue(noun: Token, blocked: list[bool], lines: list[int]) -> Cue | None:
    """ "his promise of change", "Trump's proposal to ban Muslims", "the DNC's decision that ...": a
    speech or stance noun whose possessor is the source and whose complement is the content (PolNeAR
    annotates these; the adjectives and the preposition belong to the cue: "energetic endorsement of")."""
    doc = noun.doc
    owners = [child for child in noun.children if child.dep_ == "poss"]
    if not owners or blocked[owners[0].i]:
        return None
    owner = owners[0]
    speaker = [i for i in sorted(t.i for t in owner.subtree) if lines[i] == lines[noun.i]]
    speaker = _trim(doc, speaker, keep_quotes=False)  # PolNeAR keeps the "'s" in the source
    cue_tokens = [noun.i]
    content: list[int] = []
    for child in noun.children:
        if child.dep_ == "amod" and child.i < noun.i:
            cue_tokens.extend(range(child.i, noun.i))
        elif child.dep_ in ("acl", "ccomp") and child.i > noun.i and child.tag_ in FINITE_OR_INFINITIVE:
            content.extend(t.i for t in child.subtree)
        elif child.dep_ == "prep" and child.lower_ in NOUN_PREPOSITIONS and child.i == noun.i + 1:
            cue_tokens.append(child.i)
            content.extend(t.i for g in child.children if g.dep_ in ("pobj", "pcomp") for t in g.subtree)
    content = [i for i in content if lines[i] == lines[noun.i] and not blocked[i]]
    content = _trim(doc, content)
    if not speaker or not content:
        return None
    return Cue(sorted(set(cue_tokens)), speaker, owner.i, content, 0.6, lemma=noun.lemma_.lower())


def _parenthetical(verb: Token) -> bool:
    """ "As the Post reported, ..." or "The talks, he said, were useless": the cue comments on its host."""
    if verb.dep_ == "parataxis":
        return True
    return verb.dep_ == "advcl" and any(
        child.dep_ == "mark" and child.lower_ == "as" for child in verb.children
    )


def _host_clause(verb: Token) -> list[int]:
    """The clause a parenthetical cue hangs from, without the cue's own words."""
    own = {token.i for token in verb.subtree}
    return _trim(verb.doc, [token.i for token in verb.head.subtree if token.i not in own])


def _line_ids(doc: Doc) -> list[int]:
    ids = []
    line = 0
    for token in doc:
        ids.append(line)
        line += token.text_with_ws.count("\n")
    return ids


def _same_line(indices: list[int], lines: list[int], anchor: int) -> list[int]:
    """The ``indices`` on the anchor token's line (``lines`` from ``_line_ids``)."""
    return [i for i in indices if lines[i] == lines[anchor]]


def _cue_tokens(verb: Token) -> list[int]:
    """The verb with its auxiliaries, negation and particle ("has said", "did not say", "called on")."""
    indices = [verb.i]
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") and abs(child.i - verb.i) <= 3:
            indices.append(child.i)
    lemma = verb.lemma_.lower()
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if lemma in NEEDS_PARTICLE and nxt is not None and nxt.lower_ in NEEDS_PARTICLE[lemma]:
        indices.append(nxt.i)
    for child in verb.children:
        # "also said", "later said", "said Tuesday", "said of", "warned of": PolNeAR's cue includes them
        if child.dep_ == "advmod" and child.i < verb.i and child.pos_ == "ADV":
            between = range(child.i + 1, min(indices))
            if all(verb.doc[i].dep_ in ("aux", "neg", "advmod") for i in between):
                indices.append(child.i)
        elif child.i == max(indices) + 1:
            date = child.dep_ == "npadvmod" and child.ent_type_ == "DATE"
            topic = child.dep_ == "prep" and child.lower_ in ("of", "about") and lemma in SPEECH_VERBS
            if date or topic:
                indices.append(child.i)
    return sorted(set(indices))


def _clause(verb: Token, exclude: set[int]) -> tuple[list[int], bool]:
    """The reported content: the verb's clausal complement(s), or its object for verbs like "urged".

    Also, as PolNeAR annotates them: the object of any speech verb but those whose object is the hearer
    ("mentioned the violence", "said so"), the object of the preposition a cue's particle brings
    ("referring to the convention": the preposition is part of the cue), and the passive subject when an
    agent names the source ("O'Malley's move was first reported by MSNBC").
    Returns the token indices and whether a clause (not just an object) was found.
    """
    parts: list[int] = []
    clausal = False
    lemma = verb.lemma_.lower()
    speech = (lemma in SPEECH_VERBS or lemma in BELIEF_VERBS) and lemma not in HEARER_OBJECT_VERBS
    has_agent = any(child.dep_ == "agent" for child in verb.children)
    for child in verb.children:
        if child.i in exclude:
            if child.dep_ == "prep":  # "referring to X": "to" is the cue's, X is the content
                for grand in child.children:
                    if grand.dep_ in ("pobj", "pcomp"):
                        parts.extend(token.i for token in grand.subtree if token.i not in exclude)
            continue
        take = child.dep_ in CONTENT_DEPS
        clausal = clausal or take
        if not take and lemma in OBJECT_CONTENT_VERBS and child.dep_ in ("dobj", "prep", "pcomp", "dative"):
            take = child.dep_ != "prep" or child.lower_ in OBJECT_PREPOSITIONS
        if not take and speech:
            topics = PLAIN_TOPICS if lemma in PLAIN_SPEECH else STANCE_TOPICS
            take = child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ in topics)
            take = take or (child.i > verb.i and child.lower_ in ANSWER_WORDS)  # "half said so"
        if not take and has_agent and child.dep_ == "nsubjpass":
            take = True
        if take and child.dep_ == "prep" and _only_when(child):
            take = False  # "cited on Wednesday", "posted at 9 p.m.": when, not what
        if take:
            parts.extend(token.i for token in child.subtree if token.i not in exclude)
            # "accused them of standing up for": a preposition governing a verb is a clause too
            clausal = clausal or any(grand.dep_ == "pcomp" for grand in child.children)
    return _trim(verb.doc, sorted(set(parts))), clausal


def _only_when(prep: Token) -> bool:
    """A prepositional phrase that is only a date or time ("on Wednesday", "in 2014")."""
    objects = [child for child in prep.children if child.dep_ == "pobj"]
    return bool(objects) and all(obj.ent_type_ in ("DATE", "TIME") for obj in objects)


def _trim(doc: Doc, indices: list[int], keep_quotes: bool = True) -> list[int]:
    """Drop white space and punctuation at both ends (quotation marks stay when ``keep_quotes``)."""
    closing = "\u201d\"'\u2019" if keep_quotes else ""
    opening = "\u201c\"'\u2018" if keep_quotes else ""
    while indices and (
        doc[indices[-1]].is_space or (doc[indices[-1]].is_punct and doc[indices[-1]].text not in closing)
    ):
        indices.pop()
    while indices and (
        doc[indices[0]].is_space or (doc[indices[0]].is_punct and doc[indices[0]].text not in opening)
    ):
        indices.pop(0)
    return indices


def _longest_run(indices: list[int], exclude: set[int]) -> list[int]:
    """The longest stretch of consecutive ``indices`` that does not cross the speaker or the cue."""
    runs: list[list[int]] = []
    for index in indices:
        if index in exclude:
            continue
        if runs and index == runs[-1][-1] + 1 and not any(runs[-1][-1] < x < index for x in exclude):
            runs[-1].append(index)
        else:
            runs.append([index])
    return max(runs, key=len) if runs else []


def _according(doc: Doc, according: Token) -> Cue | None:
    """ "... , according to Fabius": the source is the object of "to", the content the rest of the clause."""
    to = doc[according.i + 1]
    objects = [child for child in to.children if child.dep_ == "pobj"]
    if not objects:
        nxt = doc[to.i + 1] if to.i + 1 < len(doc) else None
        if nxt is None or nxt.pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PRON"):
            return None
        objects = [nxt]
    source = objects[0]
    speaker = speaker_phrase(source)
    sent = according.sent
    phrase = set(range(according.i, max(speaker) + 1)) | set(speaker)
    before = [i for i in range(sent.start, according.i)]
    after = [i for i in range(max(phrase) + 1, sent.end)]
    content = before if len(before) >= len(after) else after
    return Cue(
        [according.i, to.i], speaker, source.i, _trim(doc, content), 1.0, according=True, lemma="according"
    )
