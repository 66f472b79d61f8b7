"""Metadata carried by lines of scraped text: date stamps, bylines, the headline, the outlet.

Why here and not in the date or entity finders: these lines are *removed* from the body (they are not
prose), but what they carry is kept — the headline as ``title``, the outlet as ``outlet``, date stamps as
``Removed(reason="dateline")`` items that the publication-date finder reads. Outlets are only named on
evidence (an outlet line, an agency dateline such as "(CNN) --", a station slogan, the name an appeal or
copyright notice gives); when there is none we return None rather than guess. A page that republishes wire
copy names the wire in its credit line and dateline but itself in its masthead, copyright line and
appeals, so the page's own name wins (``choose_outlet``).
"""

from __future__ import annotations

import re

__all__ = [
    "agency_from_dateline",
    "choose_outlet",
    "clean_outlet_name",
    "has_date",
    "is_byline",
    "is_date_stamp",
    "is_relative_time",
    "is_stamp_line",
    "outlet_evidence",
    "outlet_from_boilerplate",
    "outlet_line",
    "title_score",
]

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DATE_PARTS = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b"  # July 6, 2012
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?:19|20)\d\d\b"  # 6 July 2012
    rf"|\b{_MONTH}\s+(?:19|20)\d\d\b"  # July 2012
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"  # July 6
    r"|\b(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:[t ]\d{1,2}:\d\d(?::\d\d)?z?)?\b"  # 2012-07-06
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d\d\b"  # 06/07/2012
    rf"|\b{_WEEKDAY}"
    r"|\b\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?"  # 10:56 pm
    r"|\b\d{3,4}\s*(?:gmt|utc|et|edt|est|pt|pdt|pst|bst|cet|cest|hkt|msk|ist)\b"  # 0256 GMT
    r"|\b\d{1,2}\s*[ap]\.?m\.?",
    re.IGNORECASE,
)
_STRONG_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}|\b\d{{1,2}}\s+{_MONTH}|\b{_MONTH}\s+(?:19|20)\d\d|\b(?:19|20)\d\d[-/.]\d"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d\d",
    re.IGNORECASE,
)
_FILLER = _wordset(
    "updated update published posted last modified on at first created date time timestamp and edited "
    "gmt utc et edt est pt pdt pst bst cet cest hkt msk ist local am pm hrs hours ago"
)
_WORD = re.compile(r"[A-Za-z]+")


def has_date(line: str) -> bool:
    """True when ``line`` names a calendar date (not just a year or a time)."""
    return _STRONG_DATE.search(line) is not None


# A relative time stamp as news pages print it: "59 minutes ago", "an hour ago", "Updated 3 hrs ago".
_RELATIVE = re.compile(
    r"\b(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+"
    r"(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?)\s+ago\b",
    re.IGNORECASE,
)


def is_relative_time(line: str) -> bool:
    """True when ``line`` contains a relative time stamp ("59 minutes ago", "an hour ago")."""
    return _RELATIVE.search(line) is not None


def is_date_stamp(line: str) -> bool:
    """True when ``line`` is a date/time stamp ("July 6, 2012 -- Updated 0256 GMT", "2 hrs ago")."""
    if len(line) > 120 or not (_STRONG_DATE.search(line) or _RELATIVE.search(line)):
        return False
    rest = _DATE_PARTS.sub(" ", _RELATIVE.sub(" ", line))
    words = [w.lower() for w in _WORD.findall(rest)]
    return all(w in _FILLER for w in words)


_STAMP_NAMES = 6  # name-like words a stamp line may carry beside its date ("Westfield Gazette ... Ann Roe")
_STAMP_TOKEN = re.compile(r"[^\s,;:|()\[\]–—-]+")
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+$", re.IGNORECASE)


def is_stamp_line(line: str) -> bool:
    """True for a short line of names around a date ("Westfield Gazette 1/8/08 Ann Roe", "x.com 2008-01-08").

    Why: pages print the outlet, the date and the author on one line above the story. What is left once
    the date is taken out is only capitalised words (names), a domain or date filler ("Updated", "by"),
    never running words, so a dated sentence or a lower-case headline is not a stamp.
    """
    end = line.rstrip()
    sentence_end = end.endswith((".", "?", "!", ":", ";", ",")) and not end.endswith(("a.m.", "p.m."))
    if len(line) > 100 or sentence_end:
        return False
    if not (_STRONG_DATE.search(line) or _RELATIVE.search(line)):
        return False
    rest = _DATE_PARTS.sub(" ", _RELATIVE.sub(" ", line))
    names = 0
    for token in _STAMP_TOKEN.findall(rest):
        word = token.strip("'\".")
        if not any(ch.isalpha() for ch in word) or word.lower() in _FILLER or word.lower() == "by":
            continue
        if _DOMAIN.match(word) or word[0].isupper():
            names += 1
            continue
        return False
    return 0 < names <= _STAMP_NAMES


_BYLINE = re.compile(r"^\s*(?i:by|written by|words by|reported by|posted by|story by)\s+(?i:the\s+)?[A-Z]")
_BYLINE_ROLE = re.compile(
    r"\b(?:staff writer|staff reporter|correspondent|wire staff|contributor|columnist|senior writer|"
    r"news service|contributing writer|special to)\b",
    re.I,
)


# Lower-case words an author line may hold besides names: "By Jane Doe and Ann Roe in Paris, Staff
# Writer 59 minutes ago", "By the Wire Staff, with files from the agencies".
_BYLINE_WORDS = _wordset(
    "by the and in of for with from at on files staff writer writers reporter reporters correspondent "
    "editor contributor columnist special to news service wire senior chief political de van von da al bin "
    "la le du del der den ten ter minute minutes second seconds hour hours day days week weeks ago updated "
    "posted published last modified am pm a an"
)


def is_byline(line: str) -> bool:
    """True for a short author line ("By the CNN Wire Staff", "Jane Doe, Staff Writer").

    "By Tuesday, forty people had died." starts like a byline but is a sentence: an author line holds
    names and a few role and time words, not running lower-case words.
    """
    words = line.split()
    if not words or len(words) > 14 or (line.rstrip().endswith((".", "?", "!")) and len(words) > 6):
        return False
    running = [w for w in _WORD.findall(line) if w.islower() and w not in _BYLINE_WORDS]
    if len(running) >= 2:
        return False
    if _BYLINE.match(line) and not line.rstrip().endswith(('."', ".”")):
        return True
    return len(words) <= 8 and bool(_BYLINE_ROLE.search(line)) and not re.search(r"\b(said|says)\b", line)


_OUTLET_WORD = (
    r"(?:News|Times|Post|Journal|Press|Herald|Tribune|Guardian|Telegraph|Gazette|Observer|Independent|"
    r"Chronicle|Mail|Express|Monitor|Review|Daily|Radio|Television|TV|Wire|Agency|Courier|Standard|Star|"
    r"Sun|Globe|Register|Dispatch|Bulletin|Reporter|Inquirer|Examiner|Insider|Magazine|Network|Broadcasting|"
    r"Ledger|Mirror|Record|Echo|Argus|Advertiser|Sentinel|Leader|Today|Media|FM)"
)
_OUTLET_LINE = re.compile(
    rf"^(?:The\s+)?(?:[A-Z][\w&'.-]*\s+){{0,3}}{_OUTLET_WORD}(?:\s+(?:Online|International|Service|Network))?$"
)
_KNOWN_AGENCY = re.compile(
    r"^(?:Reuters|AFP|AP|Associated Press|Agence France-Presse|Bloomberg|BBC(?: News)?|CNN|NPR|Xinhua|"
    r"Al Jazeera|RFI|Deutsche Welle|DW|Euronews|TASS|RIA Novosti|Interfax|UPI|dpa|ANSA|EFE|Kyodo|Yonhap)$"
)
# Words that make up section labels and banners ("Breaking News", "World News", "Today"): a line made only
# of these names no outlet.
_GENERIC = _wordset(
    "the breaking latest top local world national international business more live sport sports today "
    "today's uk us politics home entertainment tech science health opinion weather video videos good fake "
    "big news radio tv television magazine press media review podcasts"
)
# Short words that stay upper case when an all-caps masthead is re-cased ("BBC NEWS" -> "BBC News").
_SMALL_WORDS = _wordset("the of and for on in at to a an")


def _recase(name: str) -> str:
    """A readable form of an all-caps masthead: "NORTHERN POST ONLINE" -> "Northern Post Online"."""
    if not name.isupper():
        return name
    words = []
    for word in name.split():
        lower = word.lower()
        if len(word) <= 3 and lower not in _SMALL_WORDS:
            words.append(word)  # an acronym: BBC, NPR, ABC
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join(words)


def _is_generic(name: str) -> bool:
    words = [w.lower() for w in name.split()]
    return all(w in _GENERIC for w in words)


def outlet_line(line: str) -> str | None:
    """The outlet named by a line that is *only* an outlet name ("Bloomberg News"), else None.

    An all-caps masthead ("NORTHERN POST ONLINE") is read in title case, and a site-name line followed by
    its section ("Northern Post Online | News") names the part before the separator. Section banners made
    of generic words only ("Breaking News", "World News", "News") name no outlet.
    """
    text = line.strip().strip("|-–—:·").strip()
    if " | " in text:
        text = text.split(" | ", 1)[0].strip()
    text = _recase(text)
    if not text or len(text.split()) > 5 or text.endswith((".", "?", "!", ",")):
        return None
    if _KNOWN_AGENCY.match(text):
        return text
    if _OUTLET_LINE.match(text) and not _is_generic(text):
        return text
    return None


_AGENCY_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w'.-]*(?:[ ,]+[A-Z][\w'.-]*){0,5},?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+)?"
    r"\((?P<name>[A-Z][A-Za-z&.' -]{0,30}?)\)\s*(?:--|—|–|-|_|:)"
)


def agency_from_dateline(line: str) -> str | None:
    """The agency in a wire dateline such as "Paris, France (CNN) --" or "MOBILE, Ala. (AP) --"."""
    found = _AGENCY_DATELINE.match(line)
    if not found:
        return None
    name = found.group("name").strip()
    return name if name and not name.isdigit() else None


# A proper name as a page writes its own: capitalised words, optionally after "The".
_NAME = r"(?:[Tt]he[ \t]+)?[A-Z][\w&'’.-]*(?:[ \t]+(?:of[ \t]+|and[ \t]+|&[ \t]+)?[A-Z][\w&'’.-]*){0,4}"
_SOURCE_FOR = re.compile(
    r"\b(?i:your source for|from|this is)\s+(?P<name>[A-Z][A-Za-z&]+(?: [A-Z][A-Za-z&]+)?)\s+News\b"
)
_PROVIDED_BY = re.compile(rf"\b(?i:transcript provided by)[ \t]+(?P<name>{_NAME})")
_COPYRIGHT_NAME = re.compile(rf"\b(?i:copyright)[ \t]+(?P<name>{_NAME})")
_NAMED_OUTLET = re.compile(rf"\b(?P<name>The\s+(?:[A-Z][\w&'-]*\s+){{0,3}}{_OUTLET_WORD})\b")
_HOLDER = re.compile(
    r"(?:(?:©|\(c\)|copyright)\s*)+(?:(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?\s*)?(?:(?:©|\(c\)|by)\s*)?"
    r"(?P<name>[A-Z][\w&' .-]{2,40}?)"
    r"\s*(?:[,|;]|\.(?!\d)|\ball rights\b|$)",
    re.I,
)
# How a page names itself in its own furniture: "Subscribe to X", "Support X", "the journalists of X",
# "X is an independent, listener-funded station", "Get the X Morning Briefing", "the X's newsletter".
_SELF_NAMING = (
    re.compile(rf"\b(?i:subscribe to|support|donate to|become a member of)\s+(?P<name>{_NAME})"),
    re.compile(rf"\b(?i:journalists|team|staff|editors|reporters) (?:of|at)\s+"
               rf"(?P<name>{_NAME})"),
    re.compile(
        rf"(?:^|[.!?]\s+)(?P<name>{_NAME}) is an? (?:[\w,-]+\s+){{0,4}}?(?:radio |tv |television |news )?"
        r"(?i:station|newspaper|paper|news ?site|website|publication|broadcaster|newsroom|"
        r"news organi[sz]ation|magazine|news agency|outlet)\b"
    ),
    re.compile(
        rf"(?P<name>{_NAME})(?:['’]s)?\s+(?:(?i:morning|evening|daily|weekly|breaking news|free)\s+)?"
        r"(?i:newsletters?|briefing|digest|e-?mail alerts)\b"
    ),
)
# Product words a self-naming phrase may drag into the name ("Northern Post Morning Briefing").
_PRODUCT_WORDS = _wordset(
    "morning evening daily weekly weekend briefing newsletter newsletters digest edition update updates "
    "alerts free breaking news today get sign subscribe support our your the this"
)
_FREQUENCY = re.compile(
    r"\s+(?:\d{2,4}(?:[.,]\d{1,2})?\s*(?:FM|AM|MHz|kHz|DAB\+?)|\d{2,3}[.,]\d{1,2})(?:\s+(?:FM|AM))?$", re.I
)
_LEGAL_TAIL = re.compile(
    r"[\s,]+(?:Ltd|Limited|Inc|LLC|plc|PLC|GmbH|S\.A\.|Corp(?:oration)?|Company|Pty)\.?$"
)
_YEAR_TAIL = re.compile(r"[\s,]+(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?|M{1,3}[CDXLVI]*)\.?$")
# Words of site navigation and legal furniture: a "name" containing one is a menu or a notice
# ("Subscribe to E-mail Select Language", "© 2008 Advertise | Privacy", "Copyright Notice").
_NAV_WORDS = _wordset(
    "home about contact advertise advertising privacy terms policy notice infringement images image photo "
    "photos video videos features forum forums archive archives e-mail email emails rss feeds feed select "
    "language sitemap login log register search help faq jobs classifieds weather traffic blogs blog alerts "
    "podcasts mobile subscriptions services products room back next previous more top links tools digital "
    "deals shop store events info information click here site page"
)
# Function words that never sit inside a masthead ("Sign Up For Breaking News", "Trip To Australia").
_FUNCTION_WORDS = _wordset(
    "to for up with a an in on at by from as your our my this that these those it we us you"
)


def clean_outlet_name(name: str) -> str | None:
    """Tidy an outlet name found in page furniture, or None when nothing name-like is left.

    A broadcaster's copyright or masthead often carries its frequency ("Radio Wenlow 98.4 FM"), which is
    not part of the name other pages use; legal suffixes ("Ltd") and product words ("Morning Briefing")
    likewise go, and a possessive ("the Courier's") becomes the bare name.
    """
    text = " ".join(name.replace("’", "'").split()).strip(" .,;:|-–—")
    text = re.sub(r"'s$", "", text)
    if not text or text.split()[0].lower() in _FUNCTION_WORDS:
        return None  # "Support Our Troops", "Subscribe to your ..."
    for _ in range(2):  # "Davies Brothers Pty Ltd", "Guardian News and Media Limited 2008"
        text = _YEAR_TAIL.sub("", text)
        text = _LEGAL_TAIL.sub("", text)
    text = _FREQUENCY.sub("", text)
    if re.search(r"\b(?:Radio|FM)\b", text):
        text = re.sub(r"\s+\d{2,4}$", "", text)  # "Radio Wenlow 98" left by a cut-off frequency
    words = text.split()
    while words and words[-1].lower() in _PRODUCT_WORDS:
        words.pop()
    lead_the = bool(words) and words[0] == "The"  # "the" in running text is an article, not the name
    while words and words[0].lower() in _PRODUCT_WORDS:
        words.pop(0)
    if not words or not words[0][:1].isupper() or _is_generic(" ".join(words)):
        return None
    if any(w.lower() in _NAV_WORDS or w.lower() in _FUNCTION_WORDS for w in words):
        return None
    if len(words) == 1 and len(words[0]) < 2:
        return None
    text = ("The " if lead_the else "") + " ".join(words)
    return _recase(text)


def outlet_evidence(lines: list[tuple[str, str]]) -> list[tuple[int, str]]:
    """Outlet names found in removed boilerplate lines ``(reason, text)``, each with a rank (lower wins).

    0: a station slogan or a "From X News" intro; 1: a transcript credit ("Transcript provided by X");
    3: the name the page gives itself in an appeal, newsletter or subscription line ("Support X",
    "We, the journalists of The Moscow Times", "Get the X Morning Briefing"); 4: a copyright holder.
    (Rank 2 is a masthead line and 5/6 a wire credit or agency dateline; see ``choose_outlet``.)
    """
    ranked: list[tuple[int, str]] = []

    def add(rank: int, raw_name: str, single_ok: bool = True) -> None:
        name = clean_outlet_name(raw_name)
        if not name:
            return
        # One bare word after "Subscribe to"/"Support" is usually a product or a cause ("RSS", "Arts"),
        # unless it is a known agency or shaped like an outlet name.
        if not single_ok and len(name.removeprefix("The ").split()) < 2 and not (
            _KNOWN_AGENCY.match(name) or _OUTLET_LINE.match(name)
        ):
            return
        ranked.append((rank, name))

    for reason, block in lines:
        if reason == "title":
            continue
        for text in block.splitlines():  # a removed item may be several lines merged
            for found in _SOURCE_FOR.finditer(text):
                add(0, found.group("name"))
            for found in _PROVIDED_BY.finditer(text):
                add(1, found.group("name"))
            for pattern in _SELF_NAMING:
                for found in pattern.finditer(text):
                    add(3, found.group("name"), single_ok=False)
            if reason == "appeal":
                for found in _NAMED_OUTLET.finditer(text):
                    add(3, found.group("name"))
            if reason in ("copyright", "signoff"):
                holder = _HOLDER.search(text.strip())
                if holder:
                    add(4, holder.group("name"))
                for found in _COPYRIGHT_NAME.finditer(text):
                    add(4, found.group("name"))
    return ranked


def outlet_from_boilerplate(lines: list[tuple[str, str]]) -> str | None:
    """Name the outlet from removed boilerplate lines given as ``(reason, text)`` pairs (best rank wins)."""
    ranked = outlet_evidence(lines)
    if not ranked:
        return None
    return min(ranked, key=lambda item: item[0])[1]


def choose_outlet(
    mastheads: list[str],
    credits: list[str],
    agency: str | None,
    boilerplate: list[tuple[str, str]],
) -> str | None:
    """The page's own outlet from every kind of evidence, best first.

    Why this order: a page that republishes wire copy names the wire in a credit line under the headline,
    in the dateline ("(Meridian Press) -") and in the body ("published from a Meridian Press wire feed"),
    but names *itself* in its masthead, its copyright line and its appeals. So a broadcaster's slogan or
    transcript credit comes first, then the masthead above the headline, then self-naming furniture and the
    copyright holder; a credit line below the headline and the agency dateline only speak when the page
    says nothing about itself.
    """
    ranked = outlet_evidence(boilerplate)
    ranked += [(2, name) for name in mastheads]
    ranked += [(5, name) for name in credits]
    if agency:
        ranked.append((6, agency))
    if not ranked:
        return None
    best = min(rank for rank, _ in ranked)
    names = [name for rank, name in ranked if rank == best]
    # Among equally good names prefer the fullest one that the others abbreviate ("The Courier" vs
    # "The Wenlow Courier"), else the first found.
    for name in names:
        if all(_abbreviates(other, name) for other in names):
            return name
    return names[0]


def _abbreviates(short: str, full: str) -> bool:
    """Whether every word of ``short`` (ignoring "The") occurs, in order, in ``full``."""
    words = [w for w in short.lower().split() if w != "the"]
    rest = iter(w for w in full.lower().split() if w != "the")
    return all(any(w == r for r in rest) for w in words)


_SEPARATORS = re.compile(r"\s[|·»•/]\s|\s[|·»•]|[|·»•]\s")
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
_TITLE_WORD = re.compile(r"[\w'’-]+")
_STOP = _wordset("a an the of in on at to for and or but with by from as is are was were")


def title_score(line: str, body_words: set[str]) -> float:
    """How headline-like a pre-body line is: a few to twenty words, no closing period, echoed by the body."""
    words = _TITLE_WORD.findall(line)
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return 0.0
    if len(_SEPARATORS.findall(line)) >= 2 or _CLOCK.search(line):
        return 0.0  # a menu bar ("News | Sport | ...") or a time stamp, not a headline
    text = line.rstrip()
    if text.endswith((".", ",", ";")) and not text.endswith(("..", "U.S.", "U.N.")):
        return 0.0
    content = [w.lower().strip("'’") for w in words if w.lower() not in _STOP]
    if not content:
        return 0.0
    echoed = sum(1 for w in content if w in body_words) / len(content)
    length = min(len(words), 6) + 0.25 * max(0, min(len(words), 16) - 6)  # short headlines are common
    return length * (0.3 + echoed)
