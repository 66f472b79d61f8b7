"""Reporting cues in a dependency parse: the verb (or "according to"), who speaks, what is reported.

Why the parse and not patterns: news puts the speaker before ("Lavrov said"), after ("said Fabius"),
in a participle ("criticized Clinton, saying ..."), in a conjunction ("arrived and said") or in a
prepositional phrase ("according to Fabius"); the dependency tree gives one way to find the subject in
all of these. Reporting verbs come in two strengths: speech verbs (said, told, warned ...) and verbs of
belief or intent (think, fear, want), which PolNeAR counts as attribution but which are weaker evidence
of a quote, so they get a lower confidence. Speech and stance nouns with a possessor ("Trump's proposal
to ...") are cues too, as weak as beliefs.

Span conventions follow PolNeAR: the source keeps appositions ("said Laurence Tribe, professor of law")
and a possessive "'s", drops datelines and participial asides ("Rubio, speaking in Miami, said"); a
relative pronoun is the source span of its clause ("who endorsed Clinton") with the antecedent as the
name; the cue keeps its adverbs, a following date and a topic preposition ("also said Tuesday",
"warned of").

Finding a cue and trusting it are two things. PolNeAR annotates stances and beliefs ("rejected the
plan", "agreed to talks", "fears that") as attributions, so they are found here and kept on the article
(the evaluation measures them), but a briefing's quote ledger must only say that someone *said*
something. ``is_speech_cue`` is that narrower test: verbs of saying (said, told, added, warned, insisted,
denied ...) and their nouns (statement, remarks, comment ...). ``Cue.lemma`` keeps the word so the quote
step can ask it.
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
    # stances PolNeAR counts as attribution ("Christie endorsed Trump", "defended his call to ...")
    "endorse",
    "support",
    "back",
    "oppose",
    "refuse",
    "defend",
    "discuss",
    "express",
    "thank",
    "attack",
    "echo",
    "imply",
    "decline",
    "applaud",
    "share",
    "challenge",
    "list",
    "embrace",
    "compare",
    "decry",
    "encourage",
    "remind",
    "articulate",
    "chant",
    "underscore",
    "congratulate",
    "trumpet",
    "project",
    "slam",
    "blast",
    "float",
    "bemoan",
    "bark",
    "downplay",
    "recite",
    "reference",
    "debate",
    "offer",
    "name",
    "identify",
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
    "decide",
    "view",
    "remember",
    "deem",
    "like",
    "love",
    "hate",
}
# Verbs that only report speech with a particle or preposition: "called on", "called for", "pointed out".
NEEDS_PARTICLE = {
    "call": {"on", "for"},
    "point": {"out", "to"},
    "refer": {"to"},
    "talk": {"about"},
    "speak": {"about", "of", "out"},
    "shoot": {"back"},
    "lash": {"out"},
    "weigh": {"in"},
    "focus": {"on"},
    "shrug": {"off"},
    "vote": {"for", "against"},
    "put": {"it"},
}
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
    "oppose",
    "back",
    "defend",
    "discuss",
    "express",
    "thank",
    "attack",
    "echo",
    "refuse",
    "decline",
    "refer",
    "talk",
    "speak",
    "point",
}
# speech verbs whose direct object is the person addressed, not what was said ("told reporters")
HEARER_OBJECT_VERBS = {
    "tell",
    "inform",
    "assure",
    "advise",
    "ask",
    "thank",
    "urge",
    "warn",
    "remind",
    "brief",
}
EXPLETIVES = {"it", "there"}
# verbs whose prepositional phrases say where or to whom ("said on CNN"), not what ("argued for a ban")
PLAIN_TOPICS = ("about", "at")
STANCE_TOPICS = ("about", "at", "for", "against", "with", "on")
PLAIN_SPEECH = {"say", "add", "write", "report", "state", "note", "tweet", "post", "explain", "speak", "talk"}
OPENING_MARKS = {"\u201c", '"', "``", "\u2018"}
FIRST_SECOND_PERSON = {"i", "we", "you"}
# verbs with a that-clause that are not attribution ("make sure that", "ensure that", "mean that")
NOT_CUES = {"be", "make", "ensure", "mean", "seem", "appear", "happen", "turn", "prove", "require", "so"}
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


# nouns of speech, stance or intent that PolNeAR annotates as cues with a possessor as source
SPEECH_NOUNS = {
    "decision",
    "refusal",
    "proposal",
    "pledge",
    "promise",
    "argument",
    "concern",
    "call",
    "support",
    "view",
    "announcement",
    "criticism",
    "endorsement",
    "claim",
    "assertion",
    "insistence",
    "suggestion",
    "plan",
    "vow",
    "threat",
    "warning",
    "demand",
    "request",
    "belief",
    "fear",
    "hope",
    "desire",
    "intention",
    "opposition",
    "accusation",
    "allegation",
    "assessment",
    "admission",
    "complaint",
    "recommendation",
    "denial",
    "comment",
    "remark",
    "prediction",
    "position",
    "stance",
    "opinion",
    "attack",
    "defense",
    "praise",
    "description",
    "characterization",
    "commitment",
    "determination",
    "wish",
    "push",
    "effort",
}
SOURCE_DOCUMENTS = {"poll", "survey", "statement", "interview", "report", "study", "letter", "memo", "filing"}
FINITE_OR_INFINITIVE = {"VB", "VBD", "VBZ", "VBP"}
NOUN_PREPOSITIONS = {"of", "for", "on", "about", "to", "against", "that"}


# Verbs of saying: the act reported is an utterance (spoken or written), so what follows them is what
# someone said. Stance verbs ("reject", "support", "agree", "blame"), verbs of thought ("conclude",
# "estimate", "believe") and of intent ("refuse", "decline", "plan") are not in it: "X rejected the
# plan" reports a decision, not words. "call" is here for "called on/for" and 'called it "a mistake"';
# "continue" only counts as a cue in '"...," he continued' (see ``is_cue_verb``); "accord" is the lemma
# spaCy gives "according (to)".
SAYING_VERBS = frozenset(
    {
        "say", "tell", "add", "state", "declare", "note", "explain", "argue", "claim", "assert",
        "acknowledge", "admit", "announce", "report", "write", "tweet", "post", "suggest", "predict",
        "complain", "criticize", "criticise", "deny", "confirm", "urge", "demand", "promise", "pledge",
        "vow", "stress", "emphasize", "emphasise", "recall", "reply", "respond", "ask", "question",
        "joke", "concede", "charge", "allege", "contend", "observe", "remark", "shout", "testify", "warn",
        "insist", "boast", "caution", "accuse", "counter", "call", "brag", "retort", "quip", "exclaim",
        "lament", "scoff", "reiterate", "repeat", "point", "hint", "describe", "denounce", "condemn",
        "praise", "hail", "reveal", "disclose", "inform", "assure", "advise", "recommend", "propose",
        "plead", "cite", "whisper", "yell", "proclaim", "object", "preach", "speculate", "comment",
        "answer", "allude", "mention", "muse", "decry", "remind", "articulate", "chant", "underscore",
        "bemoan", "bark", "recite", "slam", "blast", "talk", "speak", "continue", "accord", "according",
        "appeal", "implore", "beg", "request", "order", "instruct", "swear", "threaten", "murmur",
        "mutter", "scream", "cry", "sigh", "snap", "concur", "pronounce", "affirm", "aver",
        "opine", "rebut", "refute", "retract", "apologize", "apologise", "confess", "divulge",
        "broadcast", "publish", "blog", "text", "email", "e-mail", "telephone", "phone", "radio",
        "brief", "interject", "interrupt", "elaborate", "clarify", "specify", "summarize", "summarise",
    }
)
# Nouns of saying ("in a statement", "his remarks that ..."): the noun names an utterance.
SAYING_NOUNS = frozenset(
    {
        "statement", "remark", "remarks", "comment", "comments", "word", "words", "announcement",
        "warning", "denial", "claim", "assertion", "accusation", "allegation", "admission", "insistence",
        "pledge", "promise", "vow", "complaint", "criticism", "prediction", "testimony", "speech",
        "interview", "message", "declaration", "briefing", "communique", "communiqué", "address",
        "answer", "reply", "response", "retort", "quip", "joke", "plea", "appeal", "call", "demand",
        "request", "suggestion", "threat", "description", "characterization", "confirmation",
        "explanation", "argument", "tweet", "post", "email", "letter", "note", "question", "assurance",
        "apology", "confession", "recommendation", "proposal", "praise", "condemnation", "denunciation",
    }
)
# Requests to act: "urged Britain to leave", "called on X to Y", "demanded that X step down". What
# follows is what someone was asked to do, not a report of what was said, so an unquoted paraphrase of
# a request stays off the ledger (quoted words, '"get off the sidelines"', still count).
REQUEST_VERBS = frozenset(
    {"urge", "call", "demand", "appeal", "plead", "implore", "beg", "request", "order", "instruct", "press"}
)
# Verbs whose infinitive object is the speaker's own commitment ("vowed to fight on"): that is what was
# said, unlike "told him to leave" or "asked them to wait".
COMMITMENT_VERBS = frozenset({"promise", "pledge", "vow", "swear", "threaten", "offer"})
# Verbs under which an infinitive cue is still a report ("went on to say", "continued to insist").
_INFINITIVE_HOSTS = frozenset({"go", "continue", "proceed", "begin", "start"})


def is_speech_cue(lemma: str) -> bool:
    """Whether a cue word (a lemma, any case) reports speech: a verb or noun of saying, or "according".

    Why a separate, narrower test than ``is_cue_verb``: the evaluation (PolNeAR) counts stances and
    beliefs as attributions, a briefing must not ("rejected", "agreed" and "fears" say nobody said
    anything). The quote step keeps cues that fail this test on the article with a confidence below the
    ledger's threshold; the trust check uses it to audit a finished briefing.
    """
    word = lemma.strip().lower()
    return word in SAYING_VERBS or word in SAYING_NOUNS


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
    lemma = token.lemma_.lower()
    if lemma == "hop" and token.lower_.startswith("hope"):
        lemma = "hope"  # the small model lemmatises "hopes"/"hoping" to "hop"
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
        subject = _dateline_fix(_subject(token))
        if subject is None or blocked[subject.i]:
            subject = _after_quote_subject(token, blocked)
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
        speaker = _after_dateline(doc, _same_line(speaker, lines, subject.i), subject.i)
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
    lemma = token.lemma_.lower()
    return "hope" if lemma == "hop" and token.lower_.startswith("hope") else lemma


def _unreported_infinitive(verb: Token) -> bool:
    """ "called for Assad to respond", "declined to comment", "met to discuss": an infinitive speech verb
    names speech that is wanted, refused or planned, not speech that happened. PolNeAR still annotates
    some ("declined to comment"), so the cue is kept, but it takes a quotation only when no other cue
    of the sentence can, and never reaches the ledger. "went on to say" still reports."""
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _INFINITIVE_HOSTS)


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


def _after_quote_subject(verb: Token, blocked: list[bool]) -> Token | None:
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


def _after_dateline(doc: Doc, indices: list[int], head: int) -> list[int]:
    """Drop a dateline before the speaker ("CLEVELAND, July 19 (UPI) — Former Attorney General ...")."""
    dashes = [i for i in indices if i < head and doc[i].text in {"\u2014", "\u2013", "--"}]
    return [i for i in indices if i > dashes[-1]] if dashes else indices


def _dateline_fix(subject: Token | None) -> Token | None:
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


def _noun_phrase(head: Token, inverted: bool = False) -> list[int]:
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
            take = child.dep_ != "prep" or child.lower_ in {
                "on",
                "of",
                "for",
                "against",
                "to",
                "that",
                "about",
            }
        if not take and speech:
            topics = PLAIN_TOPICS if lemma in PLAIN_SPEECH else STANCE_TOPICS
            take = child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ in topics)
            take = take or (child.i > verb.i and child.lower_ in ("so", "yes", "no"))  # "half said so"
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
    speaker = _noun_phrase(source)
    sent = according.sent
    phrase = set(range(according.i, max(speaker) + 1)) | set(speaker)
    before = [i for i in range(sent.start, according.i)]
    after = [i for i in range(max(phrase) + 1, sent.end)]
    content = before if len(before) >= len(after) else after
    return Cue(
        [according.i, to.i], speaker, source.i, _trim(doc, content), 1.0, according=True, lemma="according"
    )
