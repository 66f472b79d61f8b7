"""Numeric claims: every number that counts something, with what it counts, who says so and when.

Why regex first, parse second: numbers have a closed grammar ("more than 16,700", "2.4 million", "two
dozen", "$87m", "40%") that a regex reads exactly, while *what* is counted ("107 nations" -> countries),
*who* says so ("..., the Local Coordination Committees said", "according to UN estimates") and *when*
("killed on Thursday" vs "said Wednesday that 16,700 have been killed") need the dependency parse.

Numbers that do not count are skipped: dates and years, times ("0256 GMT"), ordinals ("third"), labels
("Chapter 7", "Paragraph 4", "Resolution 1973"), ranks ("ranked 3", "No. 2"), adjectival compounds
("six-point plan", "32-vessel"), ages ("aged 50", "50-year-old", and a bare number in apposition after a
person: "Ruth Vance, 61, and her son, 34, were hurt") and phone numbers.

Numbers that are kept but never compared between outlets carry a ``role`` (see ``model.Claim``): a
"reading" is a measurement at one moment or place (an altitude, a distance "seven miles off the coast", a
speed, a duration, a magnitude: a flight or a quake passes through many, so two of them differ without
disagreeing), a "range" is one end of "500 to 700 feet" or "17 or 18 miles", an "option" is a maximum,
capacity or configuration ("up to 3.2 GHz", "can carry 100 gallons", "with various options"). A measure
stated as a size ("the slick is 12 miles long") stays a count. Each count also gets a ``subject`` where
the parse says what it is of: "attending" for "107 nations came together" or "100 countries
represented", "members" for "the group includes more than 60 countries", "paid" for "bought for $300,000",
"price" for "the list price is ...", "wreckage" for "90 percent of the wreckage".

Deaths get a normalised ``what`` so outlets can be compared: "people killed" for a count tied to a day
("at least 70 people died Thursday") and "people killed in total" for a running toll ("16,700 have been
killed in nearly 16 months", "7,500 people have died since March 2011", "the death toll has risen to 23",
"killing at least 12 people, police said on Friday" -- dated only by its report); ``relate.disagreements``
compares the first per day and shows the second as a trend.

Other events are kept apart because a disaster story counts them side by side: "people missing" (also
"unaccounted for"), "people wounded", "people rescued" ("pulled 86 people from flooded homes"), "people
evacuated" ("moved from streets near the river"), "people detained", "people displaced". Generic nouns
(residents, neighbours, individuals) count "people". A bare number takes its measure from a counter noun
("the number of people killed ... has risen to 19", "police put the number of missing at about forty") or,
for "the true figure was more than 3,500", from the count mentioned just before.

Sources, nearest first: "according to X"; the subject of the reporting verb that governs the clause holding
the number ("Hollande boasted that ... about 100 countries", "X said" at the end), or of the verb a
reporting participle hangs from ("Police published a figure, saying 31 ..."); whoever sets a counter
("police raised the death toll to 23"); "it said" carries the previous source; in a transcript, the
speaker of the turn (not the programme's host or reporter).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storyline.analyse.dates import parse_iso
from storyline.model import Article, Claim, DateMention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "dozen": 12, "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000,
    "mn": 1_000_000, "tn": 1_000_000_000_000,
}
_WORD = "|".join(sorted(_UNITS_WORDS, key=len, reverse=True))
_SCALE = r"hundred|thousand|million|billion|trillion|dozen"
_NUMBER = re.compile(
    r"(?P<cur>[$£€]\s?)?"
    r"(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<dscale>" + _SCALE + r")\b|"
    r"(?P<abbr>m|bn|mn|tn|k)\b)?"
    r"|(?P<words>\b(?:an?|" + _WORD + r")(?:[\s-]+(?:" + _WORD + r"|" + _SCALE + r"|and))*"
    r"(?:[\s-]+(?:" + _SCALE + r"))?)\b)"
    r"(?P<pct>\s?%|\s(?:percent|per cent)\b)?",
    re.IGNORECASE,
)
_QUALIFIERS = [
    (r"more than|over|in excess of|upwards of|just over|well over|above", "more than"),
    (r"at least|no fewer than|no less than|a minimum of", "at least"),
    (r"about|around|approximately|roughly|some|an estimated|estimated|close to|circa", "about"),
    (r"nearly|almost|just under|just shy of", "nearly"),
    (r"up to|as many as|at most|no more than|fewer than|less than|under|below|a maximum of", "up to"),
    (r"exactly|precisely|a total of", "exactly"),
]
_QUALIFIER = re.compile(r"(?P<q>" + "|".join(p for p, _ in _QUALIFIERS) + r")\s+$", re.IGNORECASE)
_LABEL_BEFORE = re.compile(
    r"\b(?:chapter|paragraph|article|section|resolution|no\.|number|page|room|route|flight|item|phase|"
    r"level|grade|category|class|model|version|point|step|stage|act|rule|clause|annex|protocol|pp?\.|"
    r"vol\.|channel|platform|gate|terminal|highway|interstate|precinct|district|ward|aged|age|ages|"
    r"ranked|rank|ranking|seeded|seed|position)\s*$|#\s*$",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(r"^\s*(?:GMT|UTC|BST|EST|EDT|CET|HKT|[ap]\.?m\.?\b|h\b|:\d)", re.IGNORECASE)
_PHONE = re.compile(r"\+?\(?\d{1,4}\)?(?:[\s.-]\(?\d{2,4}\)?){2,}\d*")
_COMPOUND_AFTER = re.compile(r"^-(?!million|billion|thousand|hundred)[A-Za-z]")
_AGE_AFTER = re.compile(r"^[\s-]*(?:year|yr)s?[\s-]*old\b", re.IGNORECASE)
# A bare number in apposition after a person ("Ruth Vance, 61, and", "her son, 34, were", "Vance (61)"):
# an age. The word before must be a name or a person noun, and nothing may follow but punctuation or "and".
PERSON_NOUNS = (
    r"wife|husband|widow|widower|son|daughter|sister|brother|mother|father|mum|mom|dad|grandmother|"
    r"grandfather|grandson|granddaughter|aunt|uncle|nephew|niece|cousin|fiancee?|partner|girlfriend|"
    r"boyfriend|friend|man|woman|boy|girl|child|baby|toddler|teenager|pilot|driver|passenger|victim|"
    r"suspect|officer|worker|student|resident|mayor|owner|sibling|spouse"
)
_WEEKDAYS_MONTHS = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|However|Meanwhile|Today|Yesterday|Overall|Instead|Still"
)
AGE_APPOSITION_BEFORE = re.compile(
    r"(?:\b(?!(?:" + _WEEKDAYS_MONTHS + r")\b)[A-Z][\w'’.-]*|\b(?:" + PERSON_NOUNS + r")s?)\s*(?:,|\()\s*$"
)
AGE_APPOSITION_AFTER = re.compile(r"^\s*(?:,|\)|;|:|\.(?:\s|$)|$|and\b|—|--)")
_NUM_WORD = r"(?:[$£€]?\d[\d,.]*|(?:" + _WORD + r")\b)"
# One end of a range or an alternative: "500 to 700 feet", "between 60 and 80", "17 or 18 miles", "4-5".
# "from 7,000 to 12,000" keeps the second figure: it is where a count got to.
_RANGE_AFTER = re.compile(
    r"^\s*(?:[a-z%]+\s+)?(?:to|or|-|–)\s*(?!so\b|more\b|fewer\b|less\b|over\b)" + _NUM_WORD, re.IGNORECASE
)
_RANGE_BEFORE = re.compile(
    r"(?P<from>\bfrom\s+)?(?P<between>\bbetween\s+)?" + _NUM_WORD
    + r"\s*(?:[a-z%]+\s+)?(?P<conn>to|or|-|–|and)\s*[$£€]?$",
    re.IGNORECASE,
)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+[$£€]?$", re.IGNORECASE)
_DIMENSION_AFTER = re.compile(
    r"^\s*(?:[a-z]+\s+){0,2}?(?:long|wide|deep|tall|high|across|in (?:length|width|diameter|depth|height))\b",
    re.IGNORECASE,
)
_OPTION_WORDS = re.compile(
    r"\b(?:options?|optional|configur\w*|base model|standard model|top model|trims?|upgrades?|"
    r"available (?:in|with)|choice of)\b",
    re.IGNORECASE,
)
_MODEL_NOUNS = {"model", "version", "edition", "variant", "configuration", "trim", "option", "package"}
_CAPACITY = {"carry", "hold", "seat", "accommodate", "fit", "store", "support", "handle", "load"}
# Units and nouns whose numbers are readings of a moment or place, never counts in dispute.
READING_UNITS = frozenset({
    "km", "miles", "ft", "m", "hours", "days", "weeks", "months", "years", "minutes", "seconds", "mph",
    "knots", "km/h", "degrees", "magnitudes", "nautical miles",
})
_READING_WHATS = frozenset({
    "degrees", "magnitudes", "points", "times", "mphs", "knots", "seconds", "miles", "feet", "kilometers",
    "kilometres", "meters", "metres", "fahrenheits", "celsiuses",
})
_EVENT_WHAT = re.compile(r"\b(?:killed|wounded|missing|rescued|evacuated|detained|displaced)(?: in total)?$")
# Verb frames of a count of things: who came to an event vs who belongs to a group.
_FRAMES = {
    "attend": "attending", "come": "attending", "gather": "attending", "meet": "attending",
    "represent": "attending", "participate": "attending", "convene": "attending", "arrive": "attending",
    "send": "attending", "turn": "attending", "take": "attending", "assemble": "attending",
    "include": "members", "comprise": "members", "consist": "members", "belong": "members",
    "join": "members", "member": "members", "membership": "members", "unite": "members",
    "buy": "paid", "purchase": "paid", "pay": "paid", "sell": "paid", "acquire": "paid",
    "cost": "cost", "spend": "cost", "incur": "cost", "expense": "cost",
    "lose": "loss", "loss": "loss", "damage": "loss",
}
# Verbs that only link a figure to what it is a figure of: "the list price is $419,000", "the cost could
# top $20 billion" -- the subject of the verb says what is measured.
_LINKING = {"be", "top", "reach", "exceed", "surpass", "total", "stand", "hit", "remain", "become", "near",
            "approach", "amount", "run"}

_REPORTING = {
    "say", "tell", "report", "claim", "estimate", "announce", "state", "add", "confirm", "count", "record",
    "document", "put", "write", "insist", "note", "warn", "show", "find", "reveal", "accord", "boast",
    "acknowledge", "admit", "declare", "explain", "argue", "allege", "predict", "tweet", "concede", "stress",
    "brag", "calculate", "tally",
}
_DEATH = {"kill", "die", "slay", "massacre", "execute", "murder", "behead", "slaughter", "perish", "dead"}
_WOUND = {"injure", "wound", "hurt", "maim", "injured", "wounded"}
_DETAIN = {"arrest", "detain", "round", "imprison", "jail", "abduct", "kidnap", "seize"}
_MISSING = {"missing", "unaccounted", "disappear", "disappeared", "untraced"}
_RESCUE = {"rescue", "save", "airlift", "winch", "rescued"}
_EVACUATE = {"evacuate", "evacuated", "evacuee"}
_DISPLACE = {"flee", "displace", "displaced", "homeless"}
# Verbs that count a rescue or an evacuation only with a particle or source ("pulled 86 people from
# flooded homes", "brought 86 people out", "moved out of their homes", "after being moved from streets").
_RESCUE_PHRASAL = {"pull", "bring", "lift", "carry", "dig", "haul", "free"}
_EVACUATE_PHRASAL = {"move", "relocate", "rehouse", "clear", "bus", "ferry"}
_PEOPLE = {
    "people", "person", "individual", "civilian", "child", "woman", "man", "soldier", "protester",
    "demonstrator", "worker", "rebel", "fighter", "activist", "resident", "student", "journalist", "member",
    "officer", "policeman", "troop", "victim", "refugee", "Syrians", "passenger", "citizen", "militant",
    "neighbour", "neighbor", "inhabitant", "villager", "local", "household",
}
# Nouns that only say "people": a count of residents evacuated and of people evacuated measure the same.
_PEOPLE_GENERIC = {
    "people", "person", "individual", "resident", "inhabitant", "neighbour", "neighbor", "villager", "local",
}
# Nouns that hold a count rather than name what is counted: "the death toll has risen to 23", "the number
# of people killed ... has risen to 19", "police put the number of missing at about forty", "the true
# figure was more than 3,500".
_COUNTERS = {"toll", "number", "count", "figure", "total", "tally"}
_RISING = {"rise", "climb", "reach", "raise", "increase", "jump", "grow", "mount", "hit", "top", "pass"}
# Verbs whose subject sets a counter's value and so is the source: "police raised the death toll to 23".
_SETTING = {"put", "raise", "revise", "set", "give", "lower", "increase", "publish", "estimate", "place"}
# Verbs that hedge an event without changing it: "are known to have died", "is feared dead".
_EPISTEMIC = {"know", "believe", "fear", "think", "say", "report", "confirm", "presume", "feared", "thought",
              "understand", "assume", "expect", "estimate"}
_STATE_WORDS = {"missing": "missing", "dead": "killed", "injured": "wounded", "wounded": "wounded",
                "displaced": "displaced", "evacuated": "evacuated", "homeless": "displaced"}
_SYNONYMS = {
    "nation": "countries", "country": "countries", "state": "countries", "individual": "people",
    "person": "people", "people": "people", "e-mail": "emails", "email": "emails", "dollar": "dollars",
    "troop": "troops",
}
_PLURAL_IRREGULAR = {"man": "men", "woman": "women", "child": "children", "person": "people"}
_MEASURES = {
    "km": "km", "kilometre": "km", "kilometer": "km", "mile": "miles", "ft": "ft", "foot": "ft", "feet": "ft",
    "metre": "m", "meter": "m", "barrel": "barrels", "gallon": "gallons", "tonne": "tonnes", "ton": "tons",
    "kg": "kg", "kilogram": "kg", "hour": "hours", "day": "days", "week": "weeks", "month": "months",
    "year": "years", "minute": "minutes", "litre": "litres", "liter": "litres", "acre": "acres",
    "m": "m", "hr": "hours", "hrs": "hours", "min": "minutes", "mins": "minutes", "lb": "lb", "lbs": "lb",
    "second": "seconds", "sec": "seconds", "secs": "seconds", "mph": "mph", "knot": "knots",
}
_CURRENCY = {"$": ("dollars", "USD"), "£": ("pounds", "GBP"), "€": ("euros", "EUR")}
_CURRENCY_NOUNS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "yuan": "CNY", "rouble": "RUB", "ruble": "RUB",
}
_CUMULATIVE = re.compile(
    r"\b(?:since|so far|to date|in total|total|toll|already|during|over the past|over the last|now|"
    r"(?:has|have|had) (?:risen|climbed|reached|increased|grown)|confirmed dead|"
    r"in (?:the )?(?:past|last) |in (?:nearly |almost |more than |about |over )?\d+ (?:months|years|weeks)|"
    r"in (?:nearly |almost |more than |about |over )?(?:two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|sixteen|eighteen) (?:months|years|weeks))\b",
    re.IGNORECASE,
)
_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "who", "which"}
_MAX_SOURCE_CHARS = 90


def parse_number(text: str) -> float | None:
    """Normalised value of a number expression: "16,700" -> 16700, "2.4 million", "two dozen" -> 24."""
    match = _NUMBER.fullmatch(text.strip())
    if not match:
        return None
    return _value(match)


def _value(match: re.Match[str]) -> float | None:
    if match["digits"]:
        value = float(match["digits"].replace(",", ""))
        scale = (match["dscale"] or match["abbr"] or "").lower()
        return value * _SCALES.get(scale, 1)
    words = re.split(r"[\s-]+", match["words"].lower())
    total, current = 0.0, 0.0
    seen = False
    for word in words:
        if word in ("a", "an"):
            current = max(current, 1)
            continue
        if word == "and":
            continue
        if word in _UNITS_WORDS:
            current += _UNITS_WORDS[word]
            seen = True
        elif word in ("hundred", "dozen"):
            current = (current or 1) * _SCALES[word]
            seen = True
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
            seen = True
    value = total + current
    return value if seen and value > 0 else None


def _qualifier(text: str, start: int) -> tuple[str, int]:
    """Normalised qualifier before ``start`` and where it begins."""
    match = _QUALIFIER.search(text[max(0, start - 30):start])
    if not match:
        return "", start
    phrase = match["q"].lower()
    for pattern, name in _QUALIFIERS:
        if re.fullmatch(pattern, phrase):
            return name, start - (len(text[max(0, start - 30):start]) - match.start())
    return "", start


def _skip(text: str, start: int, end: int, match: re.Match[str], dates: list[DateMention]) -> bool:
    """Numbers that do not count anything (see module doc)."""
    if any(m.span.start <= start < m.span.end or m.span.start < end <= m.span.end for m in dates):
        return True
    before, after = text[max(0, start - 25):start], text[end:end + 20]
    if match["digits"] and not match["cur"] and not match["pct"]:
        digits = match["digits"]
        if re.fullmatch(r"(?:1[89]|20)\d\d", digits) and not match["dscale"] and not match["abbr"]:
            return True  # a year
        if re.fullmatch(r"0\d+", digits) or _TIME_AFTER.match(after):
            return True
        if re.match(r"^(?:st|nd|rd|th)\b", after) or re.search(r"[:/.]\d*$", before[-1:]):
            return True
        if re.match(r"^[:/]\d", after):
            return True
        capitalised = re.search(r"\b[A-Z][A-Za-z]*\.?\s*$", before)
        sentence_start = re.search(r"(?:^|[.!?]\s+|\n)\s*[A-Z][A-Za-z]*\s*$", before)
        if _LABEL_BEFORE.search(before) or (capitalised and not sentence_start):
            # "Chapter 7", "G 8", "Resolution 2042": a number right after a capitalised word is a label
            return not _QUALIFIER.search(before)
    if _COMPOUND_AFTER.match(after) or _AGE_AFTER.match(after):
        return True
    if (
        match["digits"] and not match["cur"] and not match["pct"] and "." not in match["digits"]
        and float(match["digits"].replace(",", "")) <= 120
        and AGE_APPOSITION_BEFORE.search(before) and AGE_APPOSITION_AFTER.match(after)
        and not _QUALIFIER.search(before)
    ):
        return True  # "Ruth Vance, 61, and her son, 34, were hurt"
    if _LABEL_BEFORE.search(before):
        return True
    if match["words"]:
        word = match["words"].lower()
        if word in ("a", "an", "one", "a dozen") and not _qualifier(text, start)[0]:
            return word != "a dozen"
        if word in ("a", "an"):
            return True
    window = text[max(0, start - 12):min(len(text), end + 12)]
    return bool(_PHONE.fullmatch(match.group(0).strip())) and len(re.sub(r"\D", "", window)) >= 9


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[-1]


def _governing_noun(number: Token) -> Token | None:
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
                    return _governing_noun(grandchild)
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ == "be":
        for child in token.head.children:
            if child.dep_ == "attr" and child.pos_ == "NOUN":
                return child
    if token.pos_ == "NOUN" and token.lower_ not in _SCALES:
        return token
    return None


def _verb_of(token: Token) -> Token | None:
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") and current.dep_ != "amod":
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def _plural(noun: Token) -> str:
    lemma = noun.lemma_.lower()
    if lemma in _SYNONYMS:
        return _SYNONYMS[lemma]
    if noun.tag_ in ("NNS", "NNPS") or lemma.endswith("s"):
        return noun.text.lower()
    if lemma in _PLURAL_IRREGULAR:
        return _PLURAL_IRREGULAR[lemma]
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

    Why so many kinds: a disaster story counts the dead, the missing, the rescued and the evacuated in the
    same paragraphs, and a briefing that pairs "about 40 missing" with "86 rescued" is wrong. The words come
    from the counted noun's modifiers, its verb and that verb's complements; a clause that only tells how
    the people got there ("spent the night in schools after being moved from streets") may add an
    evacuation, never a death.
    """
    anchor = noun if noun is not None else number
    words: set[str] = set()
    for child in anchor.children:
        words |= _words(child)
    verb = _verb_of(anchor)
    secondary: list[Token] = []
    if verb is not None and verb.dep_ in ("aux", "auxpass") and verb.head.pos_ in ("ADJ", "VERB"):
        verb = verb.head  # "at least 41 were unaccounted for": the auxiliary hangs from the predicate
    if verb is not None:
        words |= _words(verb)
        for child in verb.children:
            if child.dep_ in ("oprd", "acomp", "prt", "attr") and child is not anchor:
                words |= _words(child)
            elif child.dep_ == "xcomp" and verb.lemma_.lower() in _EPISTEMIC:
                words |= _words(child)  # "21 people are now known to have died", "feared dead"
                words.update(w for g in child.children if g.dep_ in ("acomp", "oprd") for w in _words(g))
            elif child.dep_ == "advcl" and child.pos_ == "VERB":
                secondary.append(child)
            elif child.dep_ == "prep":
                secondary.extend(g for g in child.children if g.dep_ == "pcomp" and g.pos_ == "VERB")
    if words & _DEATH:
        return "killed"
    if words & _WOUND:
        return "wounded"
    if words & _MISSING:
        return "missing"
    if words & _RESCUE or (verb is not None and _phrasal(verb, _RESCUE_PHRASAL)):
        return "rescued"
    if verb is not None and verb.lemma_.lower() in _DETAIN:
        return "detained"
    if words & _EVACUATE or (verb is not None and _phrasal(verb, _EVACUATE_PHRASAL)):
        return "evacuated"
    if any(_words(v) & _EVACUATE or _phrasal(v, _EVACUATE_PHRASAL) for v in secondary):
        return "evacuated"
    if words & _DISPLACE:
        return "displaced"
    return None


def _counter(number: Token) -> tuple[Token | None, Token | None]:
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
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lemma_.lower() in _COUNTERS:
            return (child, verb) if child != token else (None, None)
    return None, None


def _counter_what(counter: Token, number: Token, previous: str | None) -> str | None:
    """What a counter noun counts: its "of" phrase, a "death toll", or the count mentioned just before."""
    for child in counter.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                state = _STATE_WORDS.get(obj.lower_)
                if state:  # "the number of missing", "the count of dead"
                    return f"people {state}"
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                    what, _unit = _what(obj, number, None)
                    return what or None
    modifiers = {c.lower_ for c in counter.children if c.dep_ in ("compound", "amod")}
    if modifiers & {"death", "casualty", "fatality", "fatalities", "deaths"}:
        return "people killed"
    if modifiers & {"missing"}:
        return "people missing"
    if counter.lemma_.lower() == "toll":
        return "people killed"  # "the toll stood at 120": a toll with nothing else named counts the dead
    # "the true figure was more than 3,500", right after "about 2,000 people had been evacuated"
    return previous


def _what(noun: Token | None, number: Token, cur: str | None) -> tuple[str, str | None]:
    """(what, unit) for a number token."""
    if cur:
        return _CURRENCY[cur]
    state = _STATE_WORDS.get(number.head.lower_) if number.head is not number else None
    if state and (noun is None or noun == number.head):
        return f"people {state}", None  # "at least 12 dead", "40 missing"
    if noun is None:
        event = _event(None, number)
        return (f"people {event}", None) if event else ("", None)
    lemma = noun.lemma_.lower()
    compounds = [c.lower_ for c in noun.children if c.dep_ == "compound" and c.i < noun.i and c.is_alpha]
    for word in [*compounds, lemma]:
        if word in _MEASURES:  # "5,000 ft", and "396ft -LRB-" where a bracket token became the noun
            return _MEASURES[word], _MEASURES[word]
    if lemma in _CURRENCY_NOUNS:
        return _plural(noun), _CURRENCY_NOUNS[lemma]
    if lemma == "o'clock" or not re.fullmatch(r"[A-Za-z][A-Za-z'-]*", noun.text) or noun.text.startswith("-"):
        return "", None
    compounds = [c.lower_ for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    hyphenated = re.match(r"[\w-]+", noun.doc.text[noun.idx:noun.idx + 40])  # "e-mails", split by spaCy
    head = hyphenated.group(0).lower() if hyphenated and "-" in hyphenated.group(0) else _plural(noun)
    base = " ".join([*compounds, head])
    event = _event(noun, number)
    if event and (lemma in _PEOPLE or noun.ent_type_ == "NORP"):
        counted = "people" if lemma in _PEOPLE_GENERIC else _plural(noun)
        return f"{counted} {event}", None
    return base, None


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
        orgs = [e.text for e in head.doc.ents if e.label_ == "ORG" and head.left_edge.i <= e.start
                and e.end - 1 <= head.right_edge.i and e.text not in name]
        if orgs:
            name = f"{name} ({orgs[-1]})"
    return name[:_MAX_SOURCE_CHARS]


def _source(number: Token, sent: SpacySpan) -> tuple[str | None, bool]:
    """(who says so, whether it was a pronoun to carry over from earlier)."""
    for token in sent:
        if token.lower_ == "according":
            for child in token.children:
                if child.lower_ == "to":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            return _phrase(obj), False
    ancestors = list(number.ancestors)
    candidates = [t for t in ancestors if t.lemma_.lower() in _REPORTING and _reports(t, number)]
    if not candidates:
        root = sent.root
        if root.lemma_.lower() in _REPORTING and root not in ancestors and root != number:
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
                    if speaker.lower_ in _PRONOUNS:
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


def _role(
    text: str, start: int, end: int, q_start: int, what: str, unit: str | None, number: Token, sent: SpacySpan
) -> str:
    """Whether a kept number is a count, a reading, an end of a range or an option (see module doc)."""
    before, after = text[max(0, q_start - 40):q_start], text[end:end + 40]
    ranged = _RANGE_BEFORE.search(before)
    if ranged and not (
        (ranged["conn"] == "and" and not ranged["between"]) or (ranged["from"] and ranged["conn"] == "to")
    ):
        return "range"
    if _RANGE_AFTER.match(after) or _BETWEEN_BEFORE.search(before):
        return "range"
    event = bool(_EVENT_WHAT.search(what))
    if (unit in READING_UNITS or what in _READING_WHATS) and not _DIMENSION_AFTER.match(after):
        return "reading"
    if not event:
        if re.match(r"(?:up to|at most|a maximum of)\b", text[q_start:end], re.IGNORECASE):
            return "option"
        if _OPTION_WORDS.search(text[sent.start_char:sent.end_char]):
            return "option"
        verb = _verb_of(number)
        if verb is not None and verb.lemma_.lower() in _CAPACITY:
            return "option"  # "it can carry about 100 gallons": what the thing holds, not what it held
        words = what.split()
        spec = number.head if number.head.dep_ == "compound" else None
        if (len(words) > 1 and words[-1].rstrip("s") in _MODEL_NOUNS) or (
            spec is not None and spec.head.lemma_.lower() in _MODEL_NOUNS
        ):
            return "option"  # "the 2.8 GHz model": a specification of one configuration, not a count
    return "count"


def _frame(token: Token) -> str:
    lemma = token.lemma_.lower()
    return _FRAMES.get(lemma, lemma)


def _subject(noun: Token | None, number: Token) -> str | None:
    """What a count or amount is of, beyond what it counts (see module doc), or None."""
    anchor = noun if noun is not None else number
    for token in (number, anchor):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.lower_ not in _SCALES:
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
    verb = _verb_of(anchor.head if anchor.head is not anchor else anchor)
    if verb is None:
        return None
    if verb.lemma_.lower() in _LINKING or verb.pos_ == "AUX":
        # "The list price is $419,000": the linked subject says what is measured
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c is not anchor
                        and anchor not in c.subtree), None)
        if subject is None or subject.lower_ in _PRONOUNS or subject.pos_ not in ("NOUN", "PROPN"):
            return None
        return _frame(subject)
    if verb.lemma_.lower() in _REPORTING:
        return None
    return _frame(verb)


def _apposed_age(number: Token, noun: Token | None) -> bool:
    """A bare number hung as an apposition on a person ("Ruth Vance, 61, ...", "her son, 34, ...")."""
    if noun is not None or number.dep_ != "appos":
        return False
    head = number.head
    return head.ent_type_ == "PERSON" or head.pos_ == "PROPN" or bool(
        re.fullmatch(r"(?:" + PERSON_NOUNS + r")s?", head.lower_)
    )


def _claim_date(
    number: Token, article: Article, sentence_dates: list[DateMention], doc: Doc
) -> tuple[str | None, str]:
    """The date a count refers to, and how it was found.

    A date attached to the number itself ("12 on Friday, 19 on Saturday") or to its own verb ("died
    Thursday") dates the event ("event"); a date on the reporting verb ("police said on Friday that ...")
    or "by" a date gives the count *as of* that day ("as_of", or "as_of_after_event" when a clause above
    the count dates its event earlier: "the wall gave way late on Thursday, killing at least 12 people,
    police said on Friday" is Friday's toll of Thursday's collapse); otherwise the article's publication
    date stands in ("published", or "none" without one).
    """
    verb = _verb_of(number)
    as_of: str | None = None
    reported: tuple[int, str] | None = None
    event_days: list[str] = []
    for mention in sentence_dates:
        token = _token_at(doc, mention.span.start, mention.span.end)
        if token is not None and number in token.ancestors and mention.granularity == "day":
            return mention.value, "event"
    for mention in sentence_dates:
        token = _token_at(doc, mention.span.start, mention.span.end)
        if token is None:
            continue
        prefix = doc.text[max(0, mention.span.start - 4):mention.span.start].lower()
        if prefix.endswith("by "):
            as_of = as_of or mention.value
            continue
        if prefix.endswith(("since ", "from ")):
            continue
        date_verb = _verb_of(token)
        if verb is not None and date_verb == verb:
            return mention.value, "event"
        if date_verb is not None and date_verb.lemma_.lower() in _REPORTING and verb is not None and (
            date_verb in verb.ancestors
        ):
            # The nearest reporting verb dates the count: in "Police had said on Friday that about 40 were
            # missing, while the co-ordinator said at the weekend that at least 52 ...", 52 is the weekend's.
            depth = list(verb.ancestors).index(date_verb)
            if reported is None or depth < reported[0]:
                reported = (depth, mention.value)
        elif date_verb is not None and verb is not None and date_verb in verb.ancestors \
                and mention.granularity == "day":
            event_days.append(mention.value)
    if reported is not None:
        after = any(day < reported[1] for day in event_days)
        return reported[1], "as_of_after_event" if after else "as_of"
    if as_of:
        return as_of, "as_of"
    published = parse_iso(article.published)
    return (published.isoformat(), "published") if published else (None, "none")


_TURN = re.compile(r"(?P<name>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})(?:, (?P<role>[A-Z][A-Z ,'’-]+))?:\s")
_STAFF_ROLES = ("HOST", "BYLINE", "ANCHOR", "CORRESPONDENT", "REPORTER", "PRESENTER")


def _turn_speakers(text: str) -> dict[int, str]:
    """Paragraph start -> speaker, for transcript turns ("DANIEL MERCER: Twelve people have ...").

    The programme's own staff (labelled HOST, BYLINE, ... and later turns under their surname) are left
    out: what a reporter says is the outlet's own account, which the claim's article already names.
    """
    staff: set[str] = set()
    speakers: dict[int, str] = {}
    starts = [found.end() for found in re.finditer(r"(?:^|\n\n)(?=\S)", text)]
    turns = [(start, _TURN.match(text, start)) for start in starts]
    if sum(1 for _start, turn in turns if turn is not None) < 2:
        return speakers  # one "LAHORE: ..." opening is a dateline, not a transcript
    for start, turn in turns:
        if turn is None:
            continue
        name = turn["name"].strip()
        if turn["role"] and any(role in turn["role"] for role in _STAFF_ROLES):
            staff.update({name, name.split()[-1]})
            continue
        if name in staff or len(name) < 3:
            continue
        speakers[start] = " ".join(word.capitalize() for word in name.split())
    return speakers


def extract_claims(article: Article, doc: Doc) -> list[Claim]:
    """Every counting number in ``article.text`` as a Claim (``article.dates`` must already be filled)."""
    claims: list[Claim] = []
    try:
        text = article.text
        turns = _turn_speakers(text)
        last_source: tuple[int, str | None] = (-9, None)
        last_what: tuple[int, str | None] = (-9, None)
        for index, sent in enumerate(doc.sents):
            sent_dates = [m for m in article.dates if sent.start_char <= m.span.start < sent.end_char]
            carried = last_source[1] if last_source[0] >= index - 1 else None
            previous = last_what[1] if last_what[0] >= index - 2 else None
            paragraph = text.rfind("\n\n", 0, sent.start_char)
            speaker = turns.get(paragraph + 2 if paragraph >= 0 else 0)
            for match in _NUMBER.finditer(text, sent.start_char, sent.end_char):
                claim = _claim(article, doc, sent, match, sent_dates, carried, previous)
                if claim is not None:
                    if claim.source is None and speaker:
                        claim.source = speaker  # a transcript turn: the speaker says so
                    claims.append(claim)
                    if claim.source:
                        last_source = (index, claim.source)
                    if claim.unit is None and claim.what not in _MEASURES.values():
                        last_what = (index, claim.what)
                        previous = claim.what
    except Exception:  # one odd sentence must never lose the article's other layers
        return claims
    return claims


def _claim(
    article: Article,
    doc: Doc,
    sent: SpacySpan,
    match: re.Match[str],
    sent_dates: list[DateMention],
    carried: str | None,
    previous: str | None = None,
) -> Claim | None:
    """One claim from a number match, or None when the number does not count anything.

    ``carried`` is the source of the sentence before (for "..., it said"); ``previous`` what the last
    counts of the two sentences before measured (for "the true figure was more than 3,500").
    """
    text = article.text
    start, end = match.span()
    raw = match.group(0)
    end = start + len(raw.rstrip())
    start += len(raw) - len(raw.lstrip())
    if start >= end or _skip(text, start, end, match, sent_dates):
        return None
    value = _value(match)
    if value is None:
        return None
    qualifier, q_start = _qualifier(text, start)
    number = _token_at(doc, start, end)
    if number is None:
        return None
    cur = match["cur"].strip() if match["cur"] else None
    noun = _governing_noun(number)
    if not cur and not match["pct"] and value <= 120 and _apposed_age(number, noun):
        return None
    counter, counter_verb = (None, None) if noun is not None or cur else _counter(number)
    if counter is not None:
        what, unit = (_counter_what(counter, number, previous) or ""), None
    else:
        what, unit = _what(noun, number, cur)
    if match["pct"]:
        what, unit = "percent", "%"
    if not what:
        return None
    date, dated_by = _claim_date(number, article, sent_dates, doc)
    if what.startswith(("people killed", "civilians killed")) or what.endswith(" killed"):
        clause = text[sent.start_char:sent.end_char]
        day_dated = dated_by == "event" and any(m.granularity == "day" for m in sent_dates)
        running = counter is not None and (
            counter.lemma_.lower() == "toll" or (counter_verb is not None and counter_verb.lemma_ in _RISING)
        )
        # A death count dated by its report after the event ("the wall gave way late on Thursday, killing
        # at least 12 people, police said on Friday") is the toll as of that day, like one "risen to 19".
        total = running or (not day_dated and (_CUMULATIVE.search(clause) or dated_by == "as_of_after_event"))
        if total and not what.endswith(" in total"):
            what += " in total"
    source, pronoun = _source(number, sent)
    if counter_verb is not None and counter_verb.lemma_.lower() in _SETTING:
        # Whoever sets the count is the nearest attribution: in "the government said on Monday, as police
        # raised the death toll to 23" the toll is the police's.
        setter = next((c for c in counter_verb.children if c.dep_ == "nsubj"), None)
        if setter is not None and setter.lower_ not in _PRONOUNS:
            source, pronoun = _phrase(setter), False
    if source is None and pronoun:
        source = carried  # "More than 11,000 of them were civilians, it said."
    role = _role(text, start, end, q_start, what, unit, number, sent)
    return Claim(
        article=article.id,
        value=value,
        text=text[q_start:end],
        qualifier=qualifier,
        what=what,
        span=Span.of(text, q_start, end),
        source=source,
        date=date,
        unit=unit,
        role=role,
        subject=_subject(noun, number) if role == "count" else None,
        dated_by=dated_by,
    )
