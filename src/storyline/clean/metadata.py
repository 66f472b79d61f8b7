"""Metadata carried by lines of scraped text: date stamps, bylines, the headline, the outlet.

Why here and not in the date or entity finders: these lines are *removed* from the body (they are not
prose), but what they carry is kept — the headline as ``title``, the outlet as ``outlet``, date stamps as
``Removed(reason="dateline")`` items that the publication-date finder reads. Outlets are only named on
evidence (an outlet line, an agency dateline such as "(CNN) --", a station slogan, the name an appeal or
copyright notice gives); when there is none we return None rather than guess.
"""

from __future__ import annotations

import re

__all__ = [
    "agency_from_dateline",
    "has_date",
    "is_byline",
    "is_date_stamp",
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


def is_date_stamp(line: str) -> bool:
    """True when ``line`` is a date/time stamp ("July 6, 2012 -- Updated 0256 GMT (1056 HKT)")."""
    if len(line) > 120 or not _STRONG_DATE.search(line):
        return False
    rest = _DATE_PARTS.sub(" ", line)
    words = [w.lower() for w in _WORD.findall(rest)]
    return all(w in _FILLER for w in words)


_BYLINE = re.compile(r"^\s*(?i:by|written by|words by|reported by|posted by|story by)\s+(?i:the\s+)?[A-Z]")
_BYLINE_ROLE = re.compile(
    r"\b(?:staff writer|staff reporter|correspondent|wire staff|contributor|columnist|senior writer|"
    r"news service|contributing writer|special to)\b",
    re.I,
)


def is_byline(line: str) -> bool:
    """True for a short author line ("By the CNN Wire Staff", "Jane Doe, Staff Writer")."""
    words = line.split()
    if not words or len(words) > 14 or (line.rstrip().endswith((".", "?", "!")) and len(words) > 6):
        return False
    if _BYLINE.match(line) and not line.rstrip().endswith(('."', ".”")):
        return True
    return len(words) <= 8 and bool(_BYLINE_ROLE.search(line)) and not re.search(r"\b(said|says)\b", line)


_OUTLET_WORD = (
    r"(?:News|Times|Post|Journal|Press|Herald|Tribune|Guardian|Telegraph|Gazette|Observer|Independent|"
    r"Chronicle|Mail|Express|Monitor|Review|Daily|Radio|Television|TV|Wire|Agency|Courier|Standard|Star|"
    r"Sun|Globe|Register|Dispatch|Bulletin|Reporter|Inquirer|Examiner|Insider|Magazine|Network|Broadcasting)"
)
_OUTLET_LINE = re.compile(
    rf"^(?:The\s+)?(?:[A-Z][\w&'.-]*\s+){{0,3}}{_OUTLET_WORD}(?:\s+(?:Online|International|Service|Network))?$"
)
_KNOWN_AGENCY = re.compile(
    r"^(?:Reuters|AFP|AP|Associated Press|Agence France-Presse|Bloomberg|BBC(?: News)?|CNN|NPR|Xinhua|"
    r"Al Jazeera|RFI|Deutsche Welle|DW|Euronews|TASS|RIA Novosti|Interfax|UPI|dpa|ANSA|EFE|Kyodo|Yonhap)$"
)


def outlet_line(line: str) -> str | None:
    """The outlet named by a line that is *only* an outlet name ("Bloomberg News"), else None."""
    text = line.strip().strip("|-–—:·").strip()
    if not text or len(text.split()) > 5 or text.endswith((".", "?", "!", ",")):
        return None
    if _OUTLET_LINE.match(text) or _KNOWN_AGENCY.match(text):
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


_SOURCE_FOR = re.compile(
    r"\b(?i:your source for|from|this is)\s+(?P<name>[A-Z][A-Za-z&]+(?: [A-Z][A-Za-z&]+)?)\s+News\b"
)
_PROVIDED_BY = re.compile(r"\b(?:transcript provided by|copyright)\s+(?P<name>[A-Z][A-Za-z&]{1,12})\b")
_NAMED_OUTLET = re.compile(rf"\b(?P<name>The\s+(?:[A-Z][\w&'-]*\s+){{0,3}}{_OUTLET_WORD})\b")
_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?\s*)?(?P<name>[A-Z][\w&' -]{2,40}?)"
    r"\s*(?:[.,|;]|\ball rights\b|$)",
    re.I,
)


def outlet_from_boilerplate(lines: list[tuple[str, str]]) -> str | None:
    """Name the outlet from removed boilerplate lines given as ``(reason, text)`` pairs.

    Evidence is ranked: a station slogan or a "From X News" intro, then a transcript credit, then the
    outlet an appeal names ("We, the journalists of The Moscow Times"), then a copyright holder.
    """
    ranked: list[tuple[int, str]] = []
    for reason, text in lines:
        for found in _SOURCE_FOR.finditer(text):
            ranked.append((0, found.group("name")))
        for found in _PROVIDED_BY.finditer(text):
            if found.group("name").lower() not in {"the", "by", "all"}:
                ranked.append((1, found.group("name")))
        if reason == "appeal":
            for found in _NAMED_OUTLET.finditer(text):
                ranked.append((2, found.group("name")))
        if reason == "copyright":
            holder = _HOLDER.search(text.strip())
            if holder:
                ranked.append((3, holder.group("name").strip(" .,")))
    if not ranked:
        return None
    ranked.sort(key=lambda item: item[0])
    return ranked[0][1]


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
