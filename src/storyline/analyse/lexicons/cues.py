"""Word lists of the quote analyser (``storyline.analyse.quotes``): cue verbs and nouns, what they take
as content, and the words of headlines, transcripts and speakers.

The reporting verbs shared with other steps (``SPEECH_VERBS``, the verbs and nouns of saying) live in
``storyline.grammar.reporting``; this module holds only what the quote analyser alone needs. All of it
is general English, chosen on PolNeAR's train split, never on the articles the project is evaluated on.
"""

from __future__ import annotations

import re

from storyline.grammar.reporting import SPEECH_VERBS

# Word lists read better many to a line, so the formatter leaves them be.
# fmt: off

# ----------------------------------------------------------------------------------------- cue verbs

# Verbs of belief or intent: PolNeAR counts "fears that ...", "wants to ..." as attribution, but they are
# weaker evidence of a quote than a speech verb, so they make a cue of lower strength.
BELIEF_VERBS = frozenset(
    {
        "think", "believe", "fear", "hope", "expect", "want", "feel", "know", "doubt", "worry", "wonder",
        "suspect", "assume", "consider", "understand", "learn", "find", "show", "see", "hear", "recognize",
        "realize", "imagine", "envision", "intend", "plan", "seek", "prefer", "wish", "decide", "view",
        "remember", "deem", "like", "love", "hate",
    }
)
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
# Verbs with a that-clause that are not attribution ("make sure that", "ensure that", "mean that").
NOT_CUES = frozenset(
    {"be", "make", "ensure", "mean", "seem", "appear", "happen", "turn", "prove", "require", "so"}
)
# Verbs under which an infinitive cue is still a report ("went on to say", "continued to insist").
INFINITIVE_HOSTS = frozenset({"go", "continue", "proceed", "begin", "start"})

# ---------------------------------------------------------------------------------- what is reported

# Verbs whose object is what was reported ("urged a ceasefire", "denied the report", "endorsed Cruz").
OBJECT_CONTENT_VERBS = frozenset(
    {
        "call", "urge", "accuse", "caution", "warn", "blame", "praise", "hail", "criticize", "criticise",
        "condemn", "denounce", "welcome", "describe", "deny", "confirm", "reject", "dismiss", "demand",
        "promise", "pledge", "announce", "ask", "advise", "propose", "recommend", "cite", "mock", "question",
        "acknowledge", "admit", "predict", "reveal", "dispute", "endorse", "want", "seek", "support",
        "highlight", "oppose", "back", "defend", "discuss", "express", "thank", "attack", "echo", "refuse",
        "decline", "refer", "talk", "speak", "point",
    }
)
# Prepositions whose object is the content of an ``OBJECT_CONTENT_VERBS`` verb ("warned of", "called for").
OBJECT_PREPOSITIONS = frozenset({"on", "of", "for", "against", "to", "that", "about"})
# Speech verbs whose direct object is the person addressed, not what was said ("told reporters").
HEARER_OBJECT_VERBS = frozenset(
    {"tell", "inform", "assure", "advise", "ask", "thank", "urge", "warn", "remind", "brief"}
)
# Verbs of plain saying, whose prepositional phrases mostly say where or to whom ("said on CNN"); other
# speech verbs take a topic with more prepositions ("argued for a ban", "sided with").
PLAIN_SPEECH = frozenset(
    {"say", "add", "write", "report", "state", "note", "tweet", "post", "explain", "speak", "talk"}
)
PLAIN_TOPICS = ("about", "at")
STANCE_TOPICS = ("about", "at", "for", "against", "with", "on")
# A bare answer a speech verb reports ("half said so", "she said no").
ANSWER_WORDS = ("so", "yes", "no")

# ------------------------------------------------------------------------------------ nouns as cues

# Nouns of speech, stance or intent that PolNeAR annotates as cues with a possessor as source
# ("Trump's proposal to ban ...", "his promise of change").
SPEECH_NOUNS = frozenset(
    {
        "decision", "refusal", "proposal", "pledge", "promise", "argument", "concern", "call", "support",
        "view", "announcement", "criticism", "endorsement", "claim", "assertion", "insistence", "suggestion",
        "plan", "vow", "threat", "warning", "demand", "request", "belief", "fear", "hope", "desire",
        "intention", "opposition", "accusation", "allegation", "assessment", "admission", "complaint",
        "recommendation", "denial", "comment", "remark", "prediction", "position", "stance", "opinion",
        "attack", "defense", "praise", "description", "characterization", "commitment", "determination",
        "wish", "push", "effort",
    }
)
# Prepositions and markers that join a speech noun to its content ("proposal of", "claim that").
NOUN_PREPOSITIONS = frozenset({"of", "for", "on", "about", "to", "against", "that"})
# Messages someone issues ("issued a statement saying ..."): the issuer is the speaker of the participle.
MESSAGE_NOUNS = frozenset(
    {
        "statement", "letter", "tweet", "post", "email", "e-mail", "memo", "note", "message", "release",
        "video", "ad", "advertisement", "speech", "interview", "op-ed", "column", "editorial", "report",
    }
)
# Documents that are a source when a sentence opens with them ("In a poll released Monday, ...").
SOURCE_DOCUMENTS = frozenset(
    {"poll", "survey", "statement", "interview", "report", "study", "letter", "memo", "filing"}
)

# ------------------------------------------------------------------------------------------ speakers

# Subjects that stand for no one ("it is said", "there are claims").
EXPLETIVES = frozenset({"it", "there"})
# A belief in the first or second person ("I think", "we didn't know") is nearly always inside someone
# else's words, not the reporter's attribution.
FIRST_SECOND_PERSON = frozenset({"i", "we", "you"})
# Pronouns that stand for an organisation or a country ("it said") and for a person ("he said").
ORG_PRONOUNS = frozenset({"it", "its"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their"})
# Relative pronouns that are a speaker's span ("who endorsed Clinton") with the antecedent as the name.
WH_WORDS = frozenset({"who", "which", "that"})
# Heads of a speaker phrase that name a document or artefact, not someone who speaks: "a draft
# resolution urges", "the report concludes", "the images showed".
DOCUMENT_NOUNS = frozenset(
    {
        "resolution", "draft", "report", "plan", "statement", "document", "text", "letter", "proposal",
        "bill", "law", "treaty", "agreement", "accord", "declaration", "communique", "memo", "memorandum",
        "study", "survey", "poll", "paper", "article", "book", "record", "transcript", "analysis",
        "assessment", "review", "message", "email", "note", "tweet", "post", "release", "video", "footage",
        "image", "photo", "picture", "recording", "tape", "map", "chart", "data", "figure", "estimate",
        "programme", "program", "initiative", "deal", "charter", "constitution", "decree", "motion",
        "amendment", "finding", "evidence", "narrative", "summary", "version", "rule", "regulation", "policy",
        "guideline", "directive", "ruling", "verdict", "judgment", "filing", "lawsuit", "indictment",
        "petition", "editorial", "manifesto", "budget", "forecast", "projection", "model", "recorder",
        "radar", "log", "sign", "signal", "proposition", "platform",
    }
)

# ------------------------------------------------------------------------------- requests, promises

# Requests to act: "urged Britain to leave", "called on X to Y", "demanded that X step down". What
# follows is what someone was asked to do, not a report of what was said, so an unquoted paraphrase of
# a request stays off the ledger (quoted words, '"get off the sidelines"', still count).
REQUEST_VERBS = frozenset(
    {"urge", "call", "demand", "appeal", "plead", "implore", "beg", "request", "order", "instruct", "press"}
)
# Verbs whose infinitive object is the speaker's own commitment ("vowed to fight on"): that is what was
# said, unlike "told him to leave" or "asked them to wait".
COMMITMENT_VERBS = frozenset({"promise", "pledge", "vow", "swear", "threaten", "offer"})

# ----------------------------------------------------------------------------------------- headlines

# Plural nouns that headlines use more often than the verb ("Paris Terror Attacks Highlight ...").
HEADLINE_NOUNS = frozenset(
    {"attack", "claim", "plan", "hope", "fear", "call", "point", "view", "note", "report", "post"}
)
# Verbs of attack only headlines use for speech ("Trump Rips Bush", "Sanders Knocks Clinton").
HEADLINE_ONLY_VERBS = frozenset({"slam", "blast", "rip", "knock", "hit"})
# The verbs that attribute a headline to the words before them ("Icon Endorses Cruz").
HEADLINE_VERBS = (SPEECH_VERBS | BELIEF_VERBS | HEADLINE_ONLY_VERBS) - HEADLINE_NOUNS
# First lines that are navigation, not a headline.
NOT_HEADLINE = re.compile(r"^\s*(?:read more|related|see also|more|photos?|contact|follow)\b", re.IGNORECASE)
# Rubrics before a headline ("The Latest: Sanders declares 'revolution'").
HEADLINE_PREFIX = re.compile(
    r"^\s*(?:the latest|breaking|exclusive|watch|update|analysis|opinion|live|video)\s*:\s*", re.IGNORECASE
)

# --------------------------------------------------------------------------------------- transcripts

# Transcript roles whose lines are the broadcaster's own narration, not a quote.
REPORTER_ROLES = ("byline", "host", "anchor", "reporter", "correspondent")
# Transcript lines that record a sound, not words ("(LAUGHTER)", "(FOREIGN LANGUAGE SPOKEN)").
NON_SPEECH = re.compile(
    r"^\(?(?:foreign language spoken|unintelligible|laughter|applause|crosstalk)[^)]*\)?\.?$", re.IGNORECASE
)
