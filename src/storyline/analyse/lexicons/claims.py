"""Word lists of the claim analyser (``storyline.analyse.claims``): number words, qualifiers, labels,
units, what is counted and the verbs that frame a count.

Only general English is listed here (no word is taken from the evaluation articles); how each list is
used is documented where it is used.
"""

from __future__ import annotations

import re

# --- number grammar ---------------------------------------------------------------------------------------

UNIT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "dozen": 12, "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000,
    "mn": 1_000_000, "tn": 1_000_000_000_000,
}
# (pattern of the words before a number, the qualifier they normalise to)
QUALIFIERS = [
    (r"more than|over|in excess of|upwards of|just over|well over|above", "more than"),
    (r"at least|no fewer than|no less than|a minimum of", "at least"),
    (r"about|around|approximately|roughly|some|an estimated|estimated|close to|circa", "about"),
    (r"nearly|almost|just under|just shy of", "nearly"),
    (r"up to|as many as|at most|no more than|fewer than|less than|under|below|a maximum of", "up to"),
    (r"exactly|precisely|a total of", "exactly"),
]
# Words after which a number is a label, a rank or an age ("Chapter 7", "Resolution 1973", "aged 50").
LABEL_BEFORE = re.compile(
    r"\b(?:chapter|paragraph|article|section|resolution|no\.|number|page|room|route|flight|item|phase|"
    r"level|grade|category|class|model|version|point|step|stage|act|rule|clause|annex|protocol|pp?\.|"
    r"vol\.|channel|platform|gate|terminal|highway|interstate|precinct|district|ward|aged|age|ages|"
    r"ranked|rank|ranking|seeded|seed|position)\s*$|#\s*$",
    re.IGNORECASE,
)
TIME_AFTER = re.compile(r"^\s*(?:GMT|UTC|BST|EST|EDT|CET|HKT|[ap]\.?m\.?\b|h\b|:\d)", re.IGNORECASE)
# Nouns for a person, after which a bare number in apposition is an age ("her son, 34, were hurt").
PERSON_NOUNS = (
    r"wife|husband|widow|widower|son|daughter|sister|brother|mother|father|mum|mom|dad|grandmother|"
    r"grandfather|grandson|granddaughter|aunt|uncle|nephew|niece|cousin|fiancee?|partner|girlfriend|"
    r"boyfriend|friend|man|woman|boy|girl|child|baby|toddler|teenager|pilot|driver|passenger|victim|"
    r"suspect|officer|worker|student|resident|mayor|owner|sibling|spouse"
)
# Capitalised words that are not names, so a number after them ("Friday, 12 ...") is no age.
NOT_NAMES = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|However|Meanwhile|Today|Yesterday|Overall|Instead|Still"
)

# --- roles: counts, readings, ranges and options ------------------------------------------------------------

DIMENSION_AFTER = re.compile(
    r"^\s*(?:[a-z]+\s+){0,2}?(?:long|wide|deep|tall|high|across|in (?:length|width|diameter|depth|height))\b",
    re.IGNORECASE,
)
OPTION_WORDS = re.compile(
    r"\b(?:options?|optional|configur\w*|base model|standard model|top model|trims?|upgrades?|"
    r"available (?:in|with)|choice of)\b",
    re.IGNORECASE,
)
MODEL_NOUNS = {"model", "version", "edition", "variant", "configuration", "trim", "option", "package"}
CAPACITY = {"carry", "hold", "seat", "accommodate", "fit", "store", "support", "handle", "load"}
# Units and nouns whose numbers are readings of a moment or place, never counts in dispute.
READING_UNITS = frozenset({
    "km", "miles", "ft", "m", "hours", "days", "weeks", "months", "years", "minutes", "seconds", "mph",
    "knots", "km/h", "degrees", "magnitudes", "nautical miles",
})
READING_WHATS = frozenset({
    "degrees", "magnitudes", "points", "times", "mphs", "knots", "seconds", "miles", "feet", "kilometers",
    "kilometres", "meters", "metres", "fahrenheits", "celsiuses",
})

# --- subjects: what a count or amount is of -----------------------------------------------------------------

# Verb frames of a count of things: who came to an event vs who belongs to a group.
FRAMES = {
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
LINKING = {"be", "top", "reach", "exceed", "surpass", "total", "stand", "hit", "remain", "become", "near",
           "approach", "amount", "run"}

# --- what happened to the people counted --------------------------------------------------------------------

DEATH = {"kill", "die", "slay", "massacre", "execute", "murder", "behead", "slaughter", "perish", "dead"}
WOUND = {"injure", "wound", "hurt", "maim", "injured", "wounded"}
DETAIN = {"arrest", "detain", "round", "imprison", "jail", "abduct", "kidnap", "seize"}
MISSING = {"missing", "unaccounted", "disappear", "disappeared", "untraced"}
RESCUE = {"rescue", "save", "airlift", "winch", "rescued"}
EVACUATE = {"evacuate", "evacuated", "evacuee"}
DISPLACE = {"flee", "displace", "displaced", "homeless"}
# Verbs that count a rescue or an evacuation only with a particle or source ("pulled 86 people from
# flooded homes", "brought 86 people out", "moved out of their homes", "after being moved from streets").
RESCUE_PHRASAL = {"pull", "bring", "lift", "carry", "dig", "haul", "free"}
EVACUATE_PHRASAL = {"move", "relocate", "rehouse", "clear", "bus", "ferry"}
# Verbs that hedge an event without changing it: "are known to have died", "is feared dead".
EPISTEMIC = {"know", "believe", "fear", "think", "say", "report", "confirm", "presume", "feared", "thought",
             "understand", "assume", "expect", "estimate"}
# Words for a state that name the event themselves: "12 dead", "40 missing", "the number of missing".
STATE_WORDS = {"missing": "missing", "dead": "killed", "injured": "wounded", "wounded": "wounded",
               "displaced": "displaced", "evacuated": "evacuated", "homeless": "displaced"}
PEOPLE = {
    "people", "person", "individual", "civilian", "child", "woman", "man", "soldier", "protester",
    "demonstrator", "worker", "rebel", "fighter", "activist", "resident", "student", "journalist", "member",
    "officer", "policeman", "troop", "victim", "refugee", "Syrians", "passenger", "citizen", "militant",
    "neighbour", "neighbor", "inhabitant", "villager", "local", "household",
}
# Nouns that only say "people": a count of residents evacuated and of people evacuated measure the same.
PEOPLE_GENERIC = {
    "people", "person", "individual", "resident", "inhabitant", "neighbour", "neighbor", "villager", "local",
}

# --- counters: nouns that hold a count rather than name what is counted -------------------------------------

# "the death toll has risen to 23", "the number of people killed ... has risen to 19", "police put the
# number of missing at about forty", "the true figure was more than 3,500".
COUNTERS = {"toll", "number", "count", "figure", "total", "tally"}
RISING = {"rise", "climb", "reach", "raise", "increase", "jump", "grow", "mount", "hit", "top", "pass"}
# Verbs whose subject sets a counter's value and so is the source: "police raised the death toll to 23".
SETTING = {"put", "raise", "revise", "set", "give", "lower", "increase", "publish", "estimate", "place"}
DEATH_COUNTER_MODIFIERS = {"death", "casualty", "fatality", "fatalities", "deaths"}
# Words of a clause that speak of a period rather than a day: a death count in it is a running total.
CUMULATIVE = re.compile(
    r"\b(?:since|so far|to date|in total|total|toll|already|during|over the past|over the last|now|"
    r"(?:has|have|had) (?:risen|climbed|reached|increased|grown)|confirmed dead|"
    r"in (?:the )?(?:past|last) |in (?:nearly |almost |more than |about |over )?\d+ (?:months|years|weeks)|"
    r"in (?:nearly |almost |more than |about |over )?(?:two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|sixteen|eighteen) (?:months|years|weeks))\b",
    re.IGNORECASE,
)

# --- naming what is counted -------------------------------------------------------------------------------

SYNONYMS = {
    "nation": "countries", "country": "countries", "state": "countries", "individual": "people",
    "person": "people", "people": "people", "e-mail": "emails", "email": "emails", "dollar": "dollars",
    "troop": "troops",
}
PLURAL_IRREGULAR = {"man": "men", "woman": "women", "child": "children", "person": "people"}
MEASURES = {
    "km": "km", "kilometre": "km", "kilometer": "km", "mile": "miles", "ft": "ft", "foot": "ft", "feet": "ft",
    "metre": "m", "meter": "m", "barrel": "barrels", "gallon": "gallons", "tonne": "tonnes", "ton": "tons",
    "kg": "kg", "kilogram": "kg", "hour": "hours", "day": "days", "week": "weeks", "month": "months",
    "year": "years", "minute": "minutes", "litre": "litres", "liter": "litres", "acre": "acres",
    "m": "m", "hr": "hours", "hrs": "hours", "min": "minutes", "mins": "minutes", "lb": "lb", "lbs": "lb",
    "second": "seconds", "sec": "seconds", "secs": "seconds", "mph": "mph", "knot": "knots",
}
# Currency sign -> (what, unit)
CURRENCY = {"$": ("dollars", "USD"), "£": ("pounds", "GBP"), "€": ("euros", "EUR")}
CURRENCY_NOUNS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "yuan": "CNY", "rouble": "RUB", "ruble": "RUB",
}

# --- attribution ------------------------------------------------------------------------------------------

PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "who", "which"}
# Roles of a programme's own staff in a transcript label ("JANE ROE, HOST:"): their figures are the
# outlet's own account, not a source's.
STAFF_ROLES = ("HOST", "BYLINE", "ANCHOR", "CORRESPONDENT", "REPORTER", "PRESENTER")
