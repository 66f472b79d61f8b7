"""Reporting cues in a dependency parse: the verb (or "according to"), who speaks, what is reported.

Why the parse and not patterns: news puts the speaker before ("Lavrov said"), after ("said Fabius"),
in a participle ("criticized Clinton, saying ..."), in a conjunction ("arrived and said") or in a
prepositional phrase ("according to Fabius"); the dependency tree gives one way to find the subject in
all of these. Reporting verbs come in two strengths: speech verbs (said, told, warned ...) and verbs of
belief or intent (think, fear, want), which PolNeAR counts as attribution but which are weaker evidence
of a quote, so they get a lower confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SPEECH_VERBS = {
    "say",
    "tell",
    "add",
    "state",
    "declare",
    "note",
    "explain",
    "argue",
    "claim",
    "assert",
    "acknowledge",
    "admit",
    "announce",
    "report",
    "write",
    "tweet",
    "post",
    "suggest",
    "predict",
    "complain",
    "criticize",
    "criticise",
    "deny",
    "confirm",
    "urge",
    "demand",
    "promise",
    "pledge",
    "vow",
    "stress",
    "emphasize",
    "emphasise",
    "recall",
    "reply",
    "respond",
    "ask",
    "question",
    "mock",
    "joke",
    "concede",
    "charge",
    "allege",
    "contend",
    "maintain",
    "observe",
    "remark",
    "shout",
    "testify",
    "warn",
    "insist",
    "boast",
    "caution",
    "accuse",
    "counter",
    "call",
    "blame",
    "threaten",
    "estimate",
    "conclude",
    "agree",
    "brag",
    "retort",
    "quip",
    "exclaim",
    "lament",
    "scoff",
    "reiterate",
    "repeat",
    "continue",
    "point",
    "signal",
    "hint",
    "indicate",
    "describe",
    "denounce",
    "condemn",
    "praise",
    "hail",
    "welcome",
    "reveal",
    "disclose",
    "inform",
    "assure",
    "advise",
    "recommend",
    "propose",
    "plead",
    "cite",
    "dismiss",
    "reject",
    "disagree",
    "contradict",
    "dispute",
    "highlight",
    "underline",
    "whisper",
    "yell",
    "proclaim",
    "concur",
    "object",
    "protest",
    "preach",
    "tout",
    "forecast",
    "speculate",
    "surmise",
    "comment",
    "answer",
    "allude",
    "mention",
    "muse",
}
BELIEF_VERBS = {
    "think",
    "believe",
    "fear",
    "hope",
    "expect",
    "want",
    "feel",
    "know",
    "doubt",
    "worry",
    "wonder",
    "suspect",
    "assume",
    "consider",
    "understand",
    "learn",
    "find",
    "show",
    "see",
    "hear",
    "recognize",
    "realize",
    "imagine",
    "envision",
    "intend",
    "plan",
    "seek",
    "prefer",
    "wish",
}
# Verbs that only report speech with a particle or preposition: "called on", "called for", "pointed out".
NEEDS_PARTICLE = {"call": {"on", "for"}, "point": {"out"}}
SUBJECT_DEPS = {"nsubj", "csubj"}
CONTENT_DEPS = {"ccomp", "xcomp", "csubj", "parataxis"}
OBJECT_CONTENT_VERBS = {
    "call",
    "urge",
    "accuse",
    "caution",
    "warn",
    "blame",
    "praise",
    "hail",
    "criticize",
    "criticise",
    "condemn",
    "denounce",
    "welcome",
    "describe",
    "deny",
    "confirm",
    "reject",
    "dismiss",
    "demand",
    "promise",
    "pledge",
    "announce",
    "ask",
    "advise",
    "propose",
    "recommend",
    "cite",
    "mock",
    "question",
    "acknowledge",
    "admit",
    "predict",
    "reveal",
    "dispute",
    "endorse",
    "want",
    "seek",
    "support",
    "highlight",
}
EXPLETIVES = {"it", "there"}
MESSAGE_NOUNS = {
    "statement",
    "letter",
    "tweet",
    "post",
    "email",
    "e-mail",
    "memo",
    "note",
    "message",
    "release",
    "video",
    "ad",
    "advertisement",
    "speech",
    "interview",
    "op-ed",
    "column",
    "editorial",
    "report",
}


@dataclass(slots=True)
class Cue:
    """One reporting cue found in the parse, as token indices of ``doc``."""

    tokens: list[int]
    speaker: list[int]  # the speaker noun phrase (empty when none was found)
    speaker_head: int | None
    content: list[int]  # the reported clause for indirect speech (may be empty)
    strength: float  # 1.0 speech verb, 0.6 belief verb
    according: bool = False


def is_cue_verb(token: Token) -> float:
    """How strongly ``token`` reports speech: 1.0, 0.6 (belief) or 0.0 (not a cue)."""
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.tag_ == "VBZ"):
        return 0.0
    lemma = token.lemma_.lower()
    if lemma in NEEDS_PARTICLE:
        needed = NEEDS_PARTICLE[lemma]
        nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        has = any(child.lower_ in needed for child in token.children) or (
            nxt is not None and nxt.lower_ in needed
        )
        if not has and lemma == "call":  # 'called the system "rotten"', 'called it a mistake'
            has = any(child.dep_ in ("oprd", "ccomp") for child in token.children)
        return 1.0 if has else 0.0
    if lemma in SPEECH_VERBS:
        return 1.0
    if lemma in BELIEF_VERBS:
        return 0.6
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
        strength = is_cue_verb(token)
        if not strength:
            continue
        subject = _dateline_fix(_subject(token))
        if subject is None or blocked[subject.i] or lines[subject.i] != lines[token.i]:
            continue
        if subject.lower_ in EXPLETIVES and subject.i > token.i:
            continue
        own = (
            {t.i for t in token.subtree}
            if token.is_ancestor(subject) is False and subject.is_ancestor(token)
            else set()
        )
        speaker = [i for i in _noun_phrase(subject, inverted=subject.i > token.i) if i not in own]
        speaker = _trim(doc, speaker, keep_quotes=False)
        if not speaker:
            continue
        cue_tokens = _cue_tokens(token)
        content, clausal = _clause(token, set(speaker) | set(cue_tokens))
        if len(content) < 3 and strength == 1.0 and _parenthetical(token):
            content, clausal = _host_clause(token), True
        content = _trim(
            doc, _longest_run(_same_line(content, lines, token.i), set(speaker) | set(cue_tokens))
        )
        if strength < 1.0 and not clausal:
            continue  # "wants a wall" is not reported speech; "fears that ..." is
        if not clausal:
            strength *= 0.6
        cues.append(Cue(cue_tokens, speaker, subject.i, content, strength))
    return cues


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
    """The contiguous run of ``indices`` on the anchor token's line."""
    kept = [i for i in indices if lines[i] == lines[anchor]]
    return kept


def _subject(verb: Token) -> Token | None:
    """The speaker of ``verb``: its subject, a passive agent, or the subject of the verb it hangs from."""
    current = verb
    for _ in range(3):
        subjects = [child for child in current.children if child.dep_ in SUBJECT_DEPS]
        if subjects:  # two subjects happen after a dateline ("PARIS — the minister said"): take the nearest
            child = min(subjects, key=lambda item: abs(item.i - current.i))
            if child.tag_ in ("WDT", "WP") and current.dep_ == "relcl":
                return current.head
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
        if current.dep_ in ("conj", "advcl", "xcomp", "relcl", "acl") and current.head is not current:
            if current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return current.head
            current = current.head
            continue
        break
    return None


def _dateline_fix(subject: Token | None) -> Token | None:
    """ "PARIS — France's foreign minister ... said": spaCy makes the dateline the subject and the real
    speaker its apposition."""
    if subject is None or not subject.text.isupper() or len(subject.text) < 3:
        return subject
    nxt = subject.doc[subject.i + 1] if subject.i + 1 < len(subject.doc) else None
    if nxt is None or nxt.text not in {"\u2014", "\u2013", "-", "--", "("}:
        return subject
    appositions = [child for child in subject.children if child.dep_ == "appos" and child.i > nxt.i]
    return appositions[-1] if appositions else subject


def _noun_phrase(head: Token, inverted: bool = False) -> list[int]:
    """The speaker's phrase: the subject's subtree, without a trailing comma or dash.

    After the verb ("said Fabius, and the sooner the better") the phrase stops at the first comma.
    """
    indices = sorted(token.i for token in head.subtree)
    doc = head.doc
    if inverted:
        cut = [i for i in indices if i > head.i and doc[i].text in {",", ";", "--", "\u2014"}]
        if cut:
            indices = [i for i in indices if i < cut[0]]
    while indices and (doc[indices[-1]].is_punct or doc[indices[-1]].is_space):
        indices.pop()
    while indices and (doc[indices[0]].is_punct or doc[indices[0]].is_space):
        indices.pop(0)
    return indices or [head.i]


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
    return sorted(set(indices))


def _clause(verb: Token, exclude: set[int]) -> tuple[list[int], bool]:
    """The reported content: the verb's clausal complement(s), or its object for verbs like "urged".

    Returns the token indices and whether a clause (not just an object) was found.
    """
    parts: list[int] = []
    clausal = False
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.i in exclude:
            continue
        take = child.dep_ in CONTENT_DEPS
        clausal = clausal or take
        if not take and lemma in OBJECT_CONTENT_VERBS and child.dep_ in ("dobj", "prep", "pcomp", "dative"):
            take = child.dep_ != "prep" or child.lower_ in {
                "on",
                "of",
                "for",
                "against",
                "to",
                "that",
                "about",
            }
        if take:
            parts.extend(token.i for token in child.subtree if token.i not in exclude)
            # "accused them of standing up for": a preposition governing a verb is a clause too
            clausal = clausal or any(grand.dep_ == "pcomp" for grand in child.children)
    return _trim(verb.doc, sorted(set(parts))), clausal


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
    speaker = _noun_phrase(source)
    sent = according.sent
    phrase = set(range(according.i, max(speaker) + 1)) | set(speaker)
    before = [i for i in range(sent.start, according.i)]
    after = [i for i in range(max(phrase) + 1, sent.end)]
    content = before if len(before) >= len(after) else after
    return Cue([according.i, to.i], speaker, source.i, _trim(doc, content), 1.0, according=True)
