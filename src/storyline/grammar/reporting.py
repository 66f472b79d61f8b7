"""Reporting verbs: the words with which news says that someone said, wrote, believed or counted something.

Why one module: the quote analyser asks "is this verb a report of speech?" to find who is quoted, the
claim analyser asks "is this verb a report?" to find who a figure comes from, and the trust check asks
"did someone *say* this?" of a finished briefing. When each step kept its own list the lists drifted (a
verb added to one was missing from the other), so the figure sources are defined here as an extension
of the speech verbs, not as a second list.

Three strengths, from broad to narrow:

- ``SPEECH_VERBS``: what PolNeAR annotates as attribution, utterances and public stances alike
  ("said", "warned", "endorsed", "rejected"): the cues a quote is found by;
- ``SAYING_VERBS`` / ``SAYING_NOUNS`` (``is_speech_cue``): only words naming an utterance, so a
  briefing never says that someone *said* what they only rejected, believed or planned;
- ``FIGURE_SOURCE_VERBS``: the speech verbs that pass a figure on ("officials said 12 died"), plus the
  verbs that produce one ("the census counted", "a study found").
"""

from __future__ import annotations

__all__ = [
    "FIGURE_MAKING_VERBS",
    "FIGURE_SOURCE_VERBS",
    "SAYING_NOUNS",
    "SAYING_VERBS",
    "SPEECH_VERBS",
    "is_speech_cue",
]

# Word lists read better many to a line, so the formatter leaves them be.
# fmt: off

# Verbs that report an utterance, or a judgement made in words ("warned", "mocked", "dismissed",
# "estimated"): what follows them is what someone said or claimed.
_UTTERANCE_VERBS = frozenset(
    {
        "say", "tell", "add", "state", "declare", "note", "explain", "argue", "claim", "assert",
        "acknowledge", "admit", "announce", "report", "write", "tweet", "post", "suggest", "predict",
        "complain", "criticize", "criticise", "deny", "confirm", "urge", "demand", "promise",
        "pledge", "vow", "stress", "emphasize", "emphasise", "recall", "reply", "respond", "ask",
        "question", "mock", "joke", "concede", "charge", "allege", "contend", "observe", "remark",
        "shout", "testify", "warn", "insist", "boast", "caution", "accuse", "counter", "call",
        "blame", "threaten", "estimate", "conclude", "agree", "brag", "retort", "quip", "exclaim",
        "lament", "scoff", "reiterate", "repeat", "point", "signal", "hint", "indicate", "describe",
        "denounce", "condemn", "praise", "hail", "welcome", "reveal", "disclose", "inform", "assure",
        "advise", "recommend", "propose", "plead", "cite", "dismiss", "reject", "disagree",
        "contradict", "dispute", "highlight", "underline", "whisper", "yell", "proclaim", "concur",
        "object", "protest", "preach", "tout", "forecast", "speculate", "surmise", "comment",
        "answer", "allude", "mention", "muse",
    }
)
# Public stances PolNeAR counts as attribution ("Christie endorsed Trump", "defended his call to ...").
_STANCE_VERBS = frozenset(
    {
        "endorse", "support", "back", "oppose", "refuse", "defend", "discuss", "express", "thank",
        "attack", "echo", "imply", "decline", "applaud", "share", "challenge", "list", "embrace",
        "compare", "decry", "encourage", "remind", "articulate", "chant", "underscore",
        "congratulate", "trumpet", "project", "slam", "blast", "float", "bemoan", "bark", "downplay",
        "recite", "reference", "debate", "offer", "name", "identify",
    }
)
# The verbs (lemmas) that make a reporting cue at full strength.
SPEECH_VERBS = _UTTERANCE_VERBS | _STANCE_VERBS

# Verbs of saying: the act reported is an utterance (spoken or written), so what follows them is what
# someone said. Stance verbs ("reject", "support", "agree", "blame"), verbs of thought ("conclude",
# "estimate", "believe") and of intent ("refuse", "decline", "plan") are not in it: "X rejected the
# plan" reports a decision, not words. "call" is here for "called on/for" and 'called it "a mistake"';
# "continue" for '"...," he continued'; "accord" is the lemma spaCy gives "according (to)".
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
# fmt: on


def is_speech_cue(lemma: str) -> bool:
    """Whether a cue word (a lemma, any case) reports speech: a verb or noun of saying, or "according".

    Why a narrower test than ``SPEECH_VERBS``: the evaluation (PolNeAR) counts stances and beliefs as
    attributions, a briefing must not ("rejected", "agreed" and "fears" say nobody said anything). The
    quote step keeps cues that fail this test on the article with a confidence below the ledger's
    threshold; the trust check uses it to audit a finished briefing.
    """
    word = lemma.strip().lower()
    return word in SAYING_VERBS or word in SAYING_NOUNS


# fmt: off
# The words of saying that pass a figure on ("officials said 12 died", "the ministry confirmed 40
# arrests", "according to the UN"). Requests, stances and insults ("urged", "endorsed", "mocked") do not
# source a number; intersecting keeps this a choice among the speech words, never a list of its own.
_PASSES_ON_FIGURES = (SPEECH_VERBS | SAYING_VERBS) & {
    "say", "tell", "report", "claim", "estimate", "announce", "state", "add", "confirm", "write", "insist",
    "note", "warn", "reveal", "boast", "acknowledge", "admit", "declare", "explain", "argue", "allege",
    "predict", "tweet", "concede", "stress", "brag", "accord",
}
# Verbs that produce a figure rather than repeat one: counting, recording, measuring ("the census
# counted", "a study found", "the data show", "estimates put the toll at").
FIGURE_MAKING_VERBS = frozenset({"count", "record", "document", "put", "show", "find", "calculate", "tally"})

# Verbs whose subject (or "according to" object) is the source of a figure in its clause.
FIGURE_SOURCE_VERBS = _PASSES_ON_FIGURES | FIGURE_MAKING_VERBS
