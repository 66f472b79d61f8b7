"""Entities of one article: people, organisations and places, each with every mention of it.

Why rules on top of spaCy: the small English model mislabels news names often enough to break a quote
ledger (Hollande and Lavrov as ORG, Hama as PERSON, a heading "Risky Recipes" as PERSON, "al-Assad" as
ORG), and it has no coreference. Both are fixed here with evidence gathered over the whole article:

1. mentions come from spaCy's NER, cleaned (titles and possessives stripped, "al-" kept with its name,
   bullets dropped) plus transcript labels ("HILLARY CLINTON:", "FABIUS:");
2. mentions are grouped by a normalised key (accent-folded surname for people, full name otherwise) and
   each group gets the label most of its evidence supports (a two-word PERSON with that surname, a
   person title before it, "in Hama" as a place, a lower-case use of the same words as a non-name);
3. further mentions of known surnames that NER missed are found by string search;
4. pronouns (he/she/him/his/her) and role nouns ("the Secretary", "the Syrian leader", "Russia's foreign
   minister") are linked to the most salient compatible person before them (gender from honorifics, the
   given name and the pronouns already resolved; a pronoun outside quotation marks never goes to a person
   named inside them); a role with nobody compatible before it goes to the one compatible person named
   after it (a lede's "France's foreign minister said" before "Foreign Minister Alain Juppe").

Titles stay out of names: "French Foreign Minister Alain Juppe" is the person "Alain Juppe" with the roles
"french", "foreign", "minister"; initials are name, not title ("J.M. Berger").

``Entity.key`` is shared across articles: "Alain Juppé", "Juppe" and "JUPPE:" all get "juppe".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.analyse.given_names import is_female_name
from storyline.analyse.lexicons.entities import (
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    KEY_ALIASES,
    LOCATIVE_PREPOSITIONS,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    PERSON_TITLES,
    REPORTER_LABEL_ROLES,
    ROLE_HEADS,
    ROLE_SYNONYMS,
    TITLE_FILLERS,
)
from storyline.grammar.names import ARTICLE_PARTICLES, NAME_PARTICLES, fold, surname_of, title_case_word
from storyline.grammar.transcripts import transcript_labels
from storyline.model import Entity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storyline.model import Article

# spaCy labels whose spans become mentions, and those that can become entities: a NORP span ("Syrian")
# only votes on the label of same-named mentions unless the votes make it a person
KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC"}

_WORD = re.compile(r"[^\W\d_][\w.'\u2019\-]*", re.UNICODE)
_LEADING_JUNK = re.compile(r"^[\W_]+", re.UNICODE)
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")
_TRAILING_MARKS = re.compile("\\s+[\"'`\u2018\u2019\u201c\u201d]+\\s*$")
_POSSESSIVE = re.compile(r"(?:['\u2019]s?|['\u2019])$")
# "al-" and "el-" as written before a surname, lower or capitalised, and as a regex: "(?:[Aa]l\-|[Ee]l\-)"
_ARTICLE_SPELLINGS = ARTICLE_PARTICLES + tuple(particle.capitalize() for particle in ARTICLE_PARTICLES)
_ARTICLE_PREFIX = (
    "(?:" + "|".join(f"[{p[0].upper()}{p[0]}]{re.escape(p[1:])}" for p in ARTICLE_PARTICLES) + ")"
)


def entity_key(name: str, label: str) -> str:
    """The cross-article key: a person's folded surname, otherwise the folded name without "the"."""
    if label == "PERSON":
        return surname_of(name)
    key = fold(name)
    key = re.sub(r"^the ", "", key)
    key = re.sub(r"'s$", "", key).strip(" .'")
    return KEY_ALIASES.get(key, key)


@dataclass
class _Mention:
    start: int
    end: int
    name: str
    label: str
    source: str  # "ner", "label", "search", "pronoun", "nominal"
    roles: set[str] = field(default_factory=set)
    subject: bool = False
    entity: int = -1


@dataclass
class _Cluster:
    label: str
    name: str
    key: str
    given: str = ""  # folded, to compare: "segolene"
    given_as_written: str = ""  # to look its gender up: "Ségolène"
    roles: set[str] = field(default_factory=set)
    gender: str = ""  # "m", "f" or unknown
    #: the gender comes from a title or the given name, not from pronouns linked so far (``_choose``)
    gender_known: bool = False
    mentions: list[_Mention] = field(default_factory=list)
    #: the mentions' starts, kept sorted, so "the last mention before" is a bisection (``_nearest_cluster``)
    starts: list[int] = field(default_factory=list)

    def add(self, mention: _Mention) -> None:
        self.mentions.append(mention)
        bisect.insort(self.starts, mention.start)


def extract_entities(article: Article, doc: Doc) -> list[Entity]:
    """People, organisations and places of ``article``, each with all its mentions (pronouns included).

    ``doc`` is spaCy's parse of ``article.text``. Errors are not caught here: the pipeline counts a
    layer's failure in one place.
    """
    text = article.text
    mentions = _ner_mentions(text, doc)
    mentions.extend(_label_mentions(text))
    _fix_labels(text, doc, mentions)
    clusters = _cluster(mentions)
    _search_more(text, clusters)
    _resolve_pronouns_and_roles(text, doc, clusters)
    return _to_entities(text, clusters)


# --------------------------------------------------------------------------------------------- mentions


def _ner_mentions(text: str, doc: Doc) -> list[_Mention]:
    mentions: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        end_char = ent.end_char
        last = ent.end - 1
        while last > ent.start and doc[last].pos_ in ("VERB", "AUX") and doc[last].tag_ in ("VBZ", "VBD"):
            last -= 1  # a headline's "Obama Says": the verb is not part of the name
            end_char = doc[last].idx + len(doc[last].text)
        cleaned = _clean_span(text, ent.start_char, end_char, ent.label_)
        if cleaned is None:
            continue
        start, end, roles = cleaned
        if _is_title_rest(text, start, end):
            continue  # "State" of "Secretary of State Hillary Clinton" is part of her title, not a name
        subject = any(token.dep_ in ("nsubj", "nsubjpass") for token in ent)
        mention = _Mention(start, end, text[start:end], ent.label_, "ner", roles, subject)
        mention.roles |= _roles_before(text, start)
        mentions.append(mention)
    return mentions


def _clean_span(text: str, start: int, end: int, label: str) -> tuple[int, int, set[str]] | None:
    """Trim an NER span to the bare name; return (start, end, stripped title words) or None if no name."""
    chunk = text[start:end]
    # cut at a slash or newline: "Jacques Brinon/Pool", names glued to the next line
    for sep in ("/", "\n", "|"):
        if sep in chunk:
            chunk = chunk.split(sep)[0]
    # a quotation mark NER took in after a space ("Donald Trump ''doesn't ..."), then spaces
    end = start + len(_TRAILING_MARKS.sub("", chunk).rstrip())
    junk = _LEADING_JUNK.match(text[start:end])
    if junk:
        start += junk.end()
    # keep "al-" with its name when NER started after it
    before = text[max(0, start - 3) : start]
    if fold(before) in ARTICLE_PARTICLES and (start - 3 == 0 or not text[start - 4].isalnum()):
        start -= 3
    poss = _POSSESSIVE.search(text[start:end])
    if poss and poss.start() > 0:
        end = start + poss.start()
    roles: set[str] = set()
    words = list(_WORD.finditer(text[start:end]))
    if label in ("ORG", "GPE", "LOC", "FAC") and words and words[0].group().lower() == "the":
        start += words[1].start() if len(words) > 1 else 0
        words = list(_WORD.finditer(text[start:end]))
    if label == "PERSON":
        index = 0
        while index < len(words) - 1 and _is_title_word(words[index].group()):
            if _INITIALS.fullmatch(words[index].group()) and not _is_title_word(words[index + 1].group()):
                break  # "J.M. Berger": initials of a name; "U.S. Secretary" is a title
            roles.add(fold(words[index].group()).strip("."))
            index += 1
        if index:
            start += words[index].start()
    stripped = text[start:end].strip()
    if not stripped or not any(char.isalpha() for char in stripped):
        return None
    if label == "PERSON" and (any(char.isdigit() for char in stripped) or not stripped[0].isupper()):
        return None
    return start, start + len(stripped), roles


def _is_title_rest(text: str, start: int, end: int) -> bool:
    """A mention made only of title words right after a title ("Secretary of *State*", "Minister of
    *Foreign Affairs*"): NER tags the end of the title as an organisation, and a person title before it
    would then turn it into a person."""
    words = _WORD.findall(text[start:end])
    if not words or not all(fold(word).strip(".") in PERSON_TITLES | TITLE_FILLERS for word in words):
        return False
    after_of = re.search(r"\b(?:of|for)\s+$", text[max(0, start - 40) : start]) is not None
    return after_of and bool(_roles_before(text, start))


def _is_title_word(word: str) -> bool:
    folded = fold(word).strip(".")
    return folded in PERSON_TITLES or folded in TITLE_FILLERS or (word.isupper() and len(word) <= 4)


def _roles_before(text: str, start: int) -> set[str]:
    """Title words written just before a name: "US Secretary of State " -> {"us", "secretary", ...}."""
    window = text[max(0, start - 80) : start]
    if not window.endswith((" ", "\u00a0")):
        return set()
    roles: set[str] = set()
    words = window.split()
    titled = False
    for word in reversed(words):
        clean = word.strip(',;:()\u201c\u201d"')
        if clean != word and word.endswith((",", ";", ":", ")")):
            break
        folded = fold(clean).strip(".")
        if folded in PERSON_TITLES:
            titled = True
            roles.add(folded)
        elif folded in TITLE_FILLERS or _is_demonym(clean):
            roles.add(folded)
        else:
            break
    return roles if titled else set()


def _is_demonym(word: str) -> bool:
    return bool(word[:1].isupper() and re.fullmatch(r"[A-Z][a-z]+(?:an|ian|ese|ish|ch|i)", word))


def _label_mentions(text: str) -> list[_Mention]:
    mentions = []
    for start, end, name, role in transcript_labels(text):
        roles = {"reporter"} if any(word in role for word in REPORTER_LABEL_ROLES) else set()
        mentions.append(_Mention(start, end, name, "PERSON", "label", roles, True))
    return mentions


# ------------------------------------------------------------------------------------------------ labels


def _fix_labels(text: str, doc: Doc, mentions: list[_Mention]) -> None:
    """Give every group of same-key mentions the label its evidence supports (see module docstring)."""
    surnames_of_people: set[str] = set()
    for mention in mentions:
        if mention.label == "PERSON" and len(mention.name.split()) >= 2 and mention.source == "ner":
            surnames_of_people.add(surname_of(mention.name))
        if mention.label == "PERSON" and mention.source == "label" and len(mention.name.split()) >= 2:
            surnames_of_people.add(surname_of(mention.name))
    votes: dict[str, dict[str, float]] = {}
    for mention in mentions:
        single = len(mention.name.split()) == 1 or fold(mention.name).startswith(NAME_PARTICLES)
        key = surname_of(mention.name) if single else fold(mention.name)
        tally = votes.setdefault(key, {})
        tally[mention.label] = tally.get(mention.label, 0.0) + 1.0
        if single and key in surnames_of_people:
            tally["PERSON"] = tally.get("PERSON", 0.0) + 3.0
        if mention.roles & PERSON_TITLES:
            tally["PERSON"] = tally.get("PERSON", 0.0) + 3.0
        if single and mention.label == "PERSON" and _after_locative(text, mention.start):
            tally["GPE"] = tally.get("GPE", 0.0) + 2.5
    lower_case_use = _LowerCaseUse(text)
    for mention in mentions:
        single = len(mention.name.split()) == 1 or fold(mention.name).startswith(NAME_PARTICLES)
        key = surname_of(mention.name) if single else fold(mention.name)
        tally = votes.get(key, {})
        if tally and mention.source == "ner":
            best = max(tally.items(), key=lambda item: item[1])[0]
            if best != mention.label and (mention.label in NAME_LABELS or best == "PERSON"):
                mention.label = best
        if (
            mention.label == "PERSON"
            and mention.source == "ner"
            and _is_common_phrase(mention, text, lower_case_use)
        ):
            mention.label = "MISC"


def _after_locative(text: str, start: int) -> bool:
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].lower() in LOCATIVE_PREPOSITIONS


class _LowerCaseUse:
    """Whether a name's words occur in lower case in the text ("Risky Recipes" / "risky recipes").

    Why a class: the answer depends on the name alone, and searching the whole text once per mention made
    a long article quadratic. Each name is searched once, and only when every word of its lower-case form
    is a word of the text (a whole-word match needs that), which one pass over the text tells.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: set[str] | None = None
        self.known: dict[str, bool] = {}

    def __call__(self, lower: str) -> bool:
        found = self.known.get(lower)
        if found is None:
            if self.words is None:
                self.words = set(_WORD_RUN.findall(self.text))
            found = all(word in self.words for word in _WORD_RUN.findall(lower)) and (
                lower in self.text  # the substring test is cheap, the regex is not
                and re.search(r"\b" + re.escape(lower) + r"\b", self.text) is not None
            )
            self.known[lower] = found
        return found


_WORD_RUN = re.compile(r"\w+")


def _is_common_phrase(mention: _Mention, text: str, lower_case_use: _LowerCaseUse | None = None) -> bool:
    """A "name" whose words also occur in lower case in the article ("Risky Recipes" / "risky recipes")."""
    words = mention.name.split()
    if len(words) < 2 or mention.roles:
        return False
    lower = mention.name.lower()
    if lower == mention.name:
        return False
    return (lower_case_use or _LowerCaseUse(text))(lower)


# -------------------------------------------------------------------------------------------- clustering


def _cluster(mentions: list[_Mention]) -> list[_Cluster]:
    """Group name mentions into entities: people by surname (longest name wins), others by key."""
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], list[int]] = {}
    # Lookups that scanned every cluster per mention (quadratic in a long article), kept as indexes:
    by_given: dict[str, list[int]] = {}  # PERSON clusters by folded given name, in creation order
    org_prefix: dict[str, tuple[int, int]] = {}  # ORG key -> (clusters checked, first cluster it prefixes)
    ordered = sorted(
        (m for m in mentions if m.label in NAME_LABELS),
        key=lambda m: (-len(m.name.split()), m.start),
    )
    for mention in ordered:
        label = mention.label
        key = entity_key(mention.name, label)
        if not key:
            continue
        words = fold(mention.name).split()
        target = -1
        if label == "PERSON":
            candidates = by_key.get(("PERSON", key), [])
            if len(words) >= 2:
                given = words[0]
                same = [index for index in candidates if clusters[index].given in ("", given)]
                target = same[0] if same else -1
            elif candidates:
                candidates = _of_honorific(clusters, candidates, mention.roles)
                target = _nearest_cluster(clusters, candidates, mention.start)
            else:
                given_matches = by_given.get(key, [])
                if len(given_matches) == 1:
                    target = given_matches[0]
        else:
            candidates = by_key.get((label, key), [])
            if not candidates and label == "ORG":
                # the first ORG cluster this key prefixes; clusters are only appended, so a found one stays
                # the first and only the clusters made since the last look need looking at
                checked, first = org_prefix.get(key, (0, -1))
                if first < 0:
                    first = next(
                        (
                            i
                            for i in range(checked, len(clusters))
                            if clusters[i].label == "ORG" and _is_prefix(key, clusters[i].key)
                        ),
                        -1,
                    )
                org_prefix[key] = (len(clusters), first)
                candidates = [first] if first >= 0 else []
            target = candidates[0] if candidates else -1
        if target < 0:
            cluster = _Cluster(label, _display_name(mention), key)
            if label == "PERSON" and len(words) >= 2:
                cluster.given = words[0]
                cluster.given_as_written = cluster.name.split()[0]
            clusters.append(cluster)
            target = len(clusters) - 1
            by_key.setdefault((label, key), []).append(target)
            if label == "PERSON":
                by_given.setdefault(cluster.given, []).append(target)
        cluster = clusters[target]
        mention.entity = target
        cluster.add(mention)
        cluster.roles |= mention.roles
    for cluster in clusters:
        cluster.gender = _gender(cluster)
        cluster.gender_known = bool(cluster.gender)
    _disambiguate_keys(clusters)
    return clusters


def _display_name(mention: _Mention) -> str:
    name = re.sub(r"\s+", " ", mention.name)
    if name.isupper() and len(name) > 4:
        name = " ".join(title_case_word(word) for word in name.split())
    return name


def _is_prefix(short: str, long: str) -> bool:
    return long.startswith(short + " ") and len(short) >= 4


def _of_honorific(clusters: list[_Cluster], candidates: list[int], roles: set[str]) -> list[int]:
    """Among same-surname people, those an honorific fits: "Mr. Clinton" is not Hillary (a woman's given
    name), "Mrs. Clinton" not Bill (a given name known as no woman's is not proof of a man, so a
    "Mrs." keeps everyone but those already called "Mr."). All of them when none fits."""
    if roles & MALE_HONORIFICS:
        fitting = [i for i in candidates if not _given_name_gender(clusters[i].given_as_written)]
    elif roles & FEMALE_HONORIFICS:
        fitting = [
            i
            for i in candidates
            if _given_name_gender(clusters[i].given_as_written) == "f"
            or not clusters[i].roles & MALE_HONORIFICS
        ]
        female = [i for i in fitting if _given_name_gender(clusters[i].given_as_written) == "f"]
        fitting = female or fitting
    else:
        return candidates
    return fitting or candidates


def _nearest_cluster(clusters: list[_Cluster], candidates: list[int], offset: int) -> int:
    """Among same-surname people, the one mentioned (by full name) most recently before ``offset``."""
    best, best_pos = candidates[0], -1
    for index in candidates:
        starts = clusters[index].starts
        before = bisect.bisect_right(starts, offset)  # the mentions at or before ``offset``
        if before and starts[before - 1] > best_pos:
            best, best_pos = index, starts[before - 1]
    return best


def _gender(cluster: _Cluster) -> str:
    """ "f" or "m" when a title or the given name tells, else "" (compatible with he and she alike)."""
    if cluster.label != "PERSON":
        return ""
    if cluster.roles & FEMALE_HONORIFICS or _given_name_gender(cluster.given_as_written) == "f":
        return "f"
    if cluster.roles & MALE_HONORIFICS:
        return "m"
    return ""


def _given_name_gender(given: str) -> str:
    """ "f" when ``given`` is a woman's name by ``gender-guesser``'s dictionary, else "".

    Only the answer "female" counts. The costs are lopsided: a person wrongly taken for a woman can never
    be "he" again, so every "he" near them goes to someone else, while a gender left open only loses a
    tie-break. "mostly_female" is where the wrong answers are: "Kim" (the surname first in "Kim
    Jong-un"), "Stacy", "Lindsey", "Kelly", "Leslie" are often men; it also holds "Mary", which is
    therefore left open. "andy" (either), "unknown" and the male answers leave the gender open as well:
    a man's gender comes from titles and from the pronouns already linked to him, as before the
    dictionary replaced a hand list of women's names. Look the name up as written, accents kept
    ("Ségolène" is known, "Segolene" is not).
    """
    if not given:
        return ""
    return "f" if is_female_name(given) else ""


def _disambiguate_keys(clusters: list[_Cluster]) -> None:
    """Two people with one surname in an article (Hillary and Bill Clinton) get "given surname" keys."""
    seen: dict[str, list[_Cluster]] = {}
    for cluster in clusters:
        if cluster.label == "PERSON":
            seen.setdefault(cluster.key, []).append(cluster)
    for group in seen.values():
        if len(group) > 1:
            for cluster in group:
                if cluster.given:
                    cluster.key = f"{cluster.given} {cluster.key}"


def _search_more(text: str, clusters: list[_Cluster]) -> None:
    """Add mentions NER missed: other occurrences of a known person's surname, or of the first word of
    their name when the article calls them by it (one pass over the text).

    With two people of one surname (Hillary and Bill Clinton), an occurrence goes to the one named most
    recently before it.
    """
    owners: dict[str, list[int]] = {}
    for index, cluster in enumerate(clusters):
        if cluster.label != "PERSON":
            continue
        bare = cluster.name.split()[-1]
        for particle in _ARTICLE_SPELLINGS:
            if bare.startswith(particle):
                bare = bare[len(particle) :]
        if len(bare) >= 3 and bare[:1].isupper():
            owners.setdefault(bare, []).append(index)
        # a person the article calls by the first word of their name ("Ban" of "Ban Ki-moon"), as NER
        # found at least once: NER's other misses of that word are them too
        first = cluster.name.split()[0]
        if first != bare and len(first) >= 3 and any(m.name == first for m in cluster.mentions):
            owners.setdefault(first, []).append(index)
    if not owners:
        return
    names = "|".join(re.escape(name) for name in sorted(owners, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w\-])" + _ARTICLE_PREFIX + r"?(" + names + r")(?![\w\-])")
    taken = sorted((m.start, m.end) for c in clusters for m in c.mentions)
    starts = [start for start, _ in taken]
    for match in pattern.finditer(text):
        if _overlaps(taken, starts, match.start(), match.end()):
            continue
        candidates = owners[match.group(1)]
        index = (
            candidates[0] if len(candidates) == 1 else _nearest_cluster(clusters, candidates, match.start())
        )
        mention = _Mention(match.start(), match.end(), match.group(), "PERSON", "search", set(), False, index)
        clusters[index].add(mention)


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps a span of the sorted ``spans`` (names are short: look nearby)."""
    position = bisect.bisect_left(starts, end)
    return any(s < end and start < e for s, e in spans[max(0, position - 8) : position])


# ------------------------------------------------------------------------------------------ coreference


def _resolve_pronouns_and_roles(text: str, doc: Doc, clusters: list[_Cluster]) -> None:
    """Link he/she and "the <role>" descriptions to the most salient compatible person before them."""
    people = [i for i, c in enumerate(clusters) if c.label == "PERSON"]
    if not people:
        return
    sent_index = _sentence_index(doc)
    # (start offset, sentence number, cluster index, is subject) of every resolved person mention
    timeline: list[tuple[int, int, int, bool]] = []
    for index in people:
        for mention in clusters[index].mentions:
            token = _token_at(doc, mention.start)
            subject = mention.subject or (token is not None and token.dep_ in ("nsubj", "nsubjpass"))
            sentence = sent_index[token.i] if token is not None else 0
            timeline.append((mention.start, sentence, index, subject))
    timeline.sort()
    by_person = _Timelines(timeline)
    pronouns = MALE_PRONOUNS | FEMALE_PRONOUNS
    quoted = _Quoted(text)
    pending = [token for token in doc if token.lower_ in pronouns]
    pending.extend(_role_descriptions(doc))
    pending.sort(key=lambda token: token.idx)
    for token in pending:
        sentence = sent_index[token.i]
        is_pronoun = token.lower_ in pronouns
        if is_pronoun:
            gender = "m" if token.lower_ in MALE_PRONOUNS else "f"
            choice = _choose(clusters, timeline, token.idx, sentence, gender, quoted)
            start, end = token.idx, token.idx + len(token.text)
        else:
            choice = _choose_role(clusters, timeline, token, sentence, by_person)
            start, end = _description_span(token)
        if choice < 0:
            continue
        cluster = clusters[choice]
        if is_pronoun and not cluster.gender and _one_person_near(timeline, token.idx, sentence):
            cluster.gender = gender
        subject = token.dep_ in ("nsubj", "nsubjpass")
        source = "pronoun" if is_pronoun else "nominal"
        cluster.add(_Mention(start, end, text[start:end], "PERSON", source, set(), subject, choice))
        item = (start, sentence, choice, subject)
        bisect.insort(timeline, item)
        by_person.add(item)


_Item = tuple[int, int, int, bool]  # (start offset, sentence number, cluster index, is subject)


class _Timelines:
    """The timeline of person mentions split by person, each in text order, for "the last mention of any
    of these people" without walking back through everyone else's (``_choose_role``)."""

    def __init__(self, timeline: list[_Item]) -> None:
        self.of: dict[int, list[_Item]] = {}
        for item in timeline:
            self.of.setdefault(item[2], []).append(item)
        #: (role word, nationalities) -> the people compatible with it (roles do not change meanwhile)
        self.compatible: dict[tuple[str, frozenset[str]], frozenset[int]] = {}

    def add(self, item: _Item) -> None:
        bisect.insort(self.of.setdefault(item[2], []), item)

    def first_after(self, index: int, bound: _Item) -> _Item | None:
        """The first item of person ``index`` after ``bound`` in timeline order."""
        items = self.of.get(index, [])
        position = bisect.bisect_right(items, bound)
        return items[position] if position < len(items) else None

    def last_before(self, people: frozenset[int], bound: _Item) -> _Item | None:
        """The latest item of any of ``people`` before ``bound`` in timeline order."""
        best: _Item | None = None
        for index in people:
            items = self.of.get(index, [])
            position = bisect.bisect_left(items, bound)
            if position and (best is None or items[position - 1] > best):
                best = items[position - 1]
        return best


class _Quoted:
    """The article's quoted stretches (``analyse.quotes.marks``), to ask whether an offset is inside one."""

    def __init__(self, text: str) -> None:
        from storyline.analyse.quotes.marks import find_quotations  # the quotes package imports this one

        regions = sorted((q.inner_start, q.inner_end) for q in find_quotations(text) if not q.single)
        self.starts = [start for start, _ in regions]
        self.ends = [end for _, end in regions]

    def inside(self, offset: int) -> bool:
        position = bisect.bisect_right(self.starts, offset)
        return bool(position) and offset < self.ends[position - 1]


def _one_person_near(timeline: list[_Item], offset: int, sentence: int) -> bool:
    """Whether exactly one person is mentioned before ``offset`` in this sentence or the one before.

    The timeline is in text order and sentence numbers grow with it, so the walk back stops at the first
    mention two sentences away; a mention placed in sentence 0 only because no token was found at it can
    sit anywhere, and never counts from sentence 2 on, so it is stepped over.
    """
    people: set[int] = set()
    position = bisect.bisect_left(timeline, (offset, -1, -1, False))
    for index in range(position - 1, -1, -1):
        _start, sent, person, _subject = timeline[index]
        if sentence - sent <= 1:
            people.add(person)
            if len(people) > 1:
                return False
        elif sent > 0:
            break
    return len(people) == 1


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _choose(
    clusters: list[_Cluster],
    timeline: list[tuple[int, int, int, bool]],
    offset: int,
    sentence: int,
    gender: str,
    quoted: _Quoted | None = None,
) -> int:
    """The most salient person mentioned in this or the three sentences before, of a compatible gender.

    A pronoun outside quotation marks skips the people named inside them: in '"Obama doesn't get along
    with Putin," he said' the speaker names them, so neither is "he".
    """
    scores: dict[int, float] = {}
    position = bisect.bisect_left(timeline, (offset, -1, -1, False))
    outside = quoted is None or not quoted.inside(offset)
    for start, sent, index, subject in reversed(timeline[max(0, position - 200) : position]):
        if sentence - sent > 3:
            break  # the timeline is in text order: everything earlier is further away
        if outside and quoted is not None and quoted.inside(start):
            continue
        cluster = clusters[index]
        if cluster.gender and cluster.gender != gender:
            continue
        score = 10.0 - 2.0 * (sentence - sent) + (1.5 if subject else 0.0) + start / max(offset, 1)
        if cluster.gender == gender and cluster.gender_known:
            # a title or given name that fits beats a merely compatible subject; a gender learned from
            # earlier pronouns does not, or the person most talked about would take every "he" from a
            # man just introduced ("Raynard Jackson, a consultant, ... voted for Obama. '...,' he said")
            score += 2.0
        scores[index] = max(scores.get(index, -1e9), score)
    if not scores:
        return -1
    return max(scores.items(), key=lambda item: item[1])[0]


def _role_descriptions(doc: Doc) -> list[Token]:
    """Heads of definite role descriptions: "the Secretary", "the Syrian leader", and a country's or
    body's ("Russia's foreign minister", "the UN's envoy"), the head noun token."""
    heads = []
    for token in doc:
        if token.lower_ not in ROLE_HEADS or token.pos_ not in ("NOUN", "PROPN"):
            continue
        left = list(token.lefts)
        if (
            not any(child.lower_ == "the" and child.dep_ == "det" for child in left)
            and _possessor(token) is None
        ):
            continue
        if any(child.dep_ == "compound" and child.ent_type_ == "PERSON" for child in left):
            continue
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and (nxt.ent_type_ == "PERSON" or nxt.lower_ == "of"):
            continue  # "the President Obama", "the secretary of ..." are not bare descriptions
        heads.append(token)
    return heads


def _possessor(role: Token) -> Token | None:
    """The place or body a role belongs to ("*Russia*'s foreign minister"); a person's possessive ("Trump's
    spokesman") is another person's role, not a description of that person, and so are pronouns."""
    for child in role.lefts:
        if child.dep_ == "poss" and child.pos_ == "PROPN" and child.ent_type_ in ("GPE", "ORG", "NORP"):
            return child
    return None


def _description_span(token: Token) -> tuple[int, int]:
    start = min([token.idx] + [child.idx for child in token.lefts])
    return start, token.idx + len(token.text)


def _choose_role(
    clusters: list[_Cluster],
    timeline: list[_Item],
    token: Token,
    sentence: int,
    by_person: _Timelines | None = None,
) -> int:
    """The person mentioned most recently before ``token`` who holds its role ("the Secretary")."""
    head = token.lower_
    wanted = ROLE_SYNONYMS.get(head, {head})
    modifiers = {fold(child.text) for child in token.lefts if child.dep_ in ("amod", "compound")}
    demonyms = {word for word in modifiers if _is_demonym(word.capitalize())}
    possessor = _possessor(token)
    country = fold(possessor.text) if possessor is not None else ""
    bound = (token.idx, -1, -1, False)
    position = bisect.bisect_left(timeline, bound)
    # Roles do not change while descriptions are resolved, so who is compatible is known up front; the walk
    # back is short when one of them was named recently, else their own timelines answer at once.
    people = by_person or _Timelines(timeline)
    key = (head, frozenset(demonyms | {country}))
    compatible = people.compatible.get(key)
    if compatible is None:
        compatible = frozenset(
            index
            for index in people.of
            if _holds_role(clusters[index], wanted, demonyms) and _of_country(clusters[index], country)
        )
        people.compatible[key] = compatible
    if not compatible:
        return -1
    for offset in range(position - 1, max(-1, position - 201), -1):
        if timeline[offset][2] in compatible:
            return timeline[offset][2]  # the most recent compatible person
    found = people.last_before(compatible, bound) if position > 200 else None
    if found is not None:
        return found[2]
    # a lede names the role before the person ("France's foreign minister said ..." and, paragraphs on,
    # "Foreign Minister Alain Juppe"): the first compatible person named after it, when one only is
    later = [people.first_after(index, bound) for index in compatible]
    named_later = [item for item in later if item is not None]
    return named_later[0][2] if len(named_later) == 1 else -1


def _of_country(cluster: _Cluster, country: str) -> bool:
    """No nationality of ``cluster`` contradicts the possessor ``country`` ("Russia's" minister is not the
    "French" one). The test is loose on purpose (the first two letters: "France"/"French",
    "Russia"/"Russian"): it only rules out, and spelling a demonym from a country needs a table."""
    if not country:
        return True
    their_demonyms = {role for role in cluster.roles if _is_demonym(role.capitalize())}
    return not their_demonyms or any(role[:2] == country[:2] for role in their_demonyms)


def _holds_role(cluster: _Cluster, wanted: set[str], demonyms: set[str]) -> bool:
    """``cluster`` has one of the ``wanted`` roles and no nationality other than ``demonyms``' ones."""
    if not cluster.roles & wanted:
        return False
    their_demonyms = {role for role in cluster.roles if _is_demonym(role.capitalize())}
    return not (demonyms and their_demonyms and not demonyms & their_demonyms)


# --------------------------------------------------------------------------------------------- records


def _to_entities(text: str, clusters: list[_Cluster]) -> list[Entity]:
    entities: list[Entity] = []
    ordered = sorted(
        (c for c in clusters if c.mentions and c.label in NAME_LABELS),
        key=lambda c: min(m.start for m in c.mentions),
    )
    for number, cluster in enumerate(ordered, start=1):
        spans: dict[tuple[int, int], Span] = {}
        for mention in sorted(cluster.mentions, key=lambda m: (m.start, m.end)):
            if 0 <= mention.start < mention.end <= len(text):
                spans.setdefault((mention.start, mention.end), Span.of(text, mention.start, mention.end))
        entities.append(Entity(f"e{number}", cluster.name, cluster.label, cluster.key, list(spans.values())))
    return entities


def entity_at(entities: list[Entity], start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping ``[start, end)`` (the longest such mention wins)."""
    pairs = ((entity, mention) for entity in entities for mention in entity.mentions)
    return _best_overlap(pairs, start, end)


def _best_overlap(pairs: Iterable[tuple[Entity, Span]], start: int, end: int) -> Entity | None:
    """``entity_at`` over ``(entity, mention)`` pairs in entity order: the first longest overlap wins."""
    best: Entity | None = None
    best_len = -1
    for entity, mention in pairs:
        if mention.start < end and start < mention.end:
            length = min(end, mention.end) - max(start, mention.start)
            if length > best_len:
                best, best_len = entity, length
    return best


#: Mentions longer than this are few (names are short) and are looked at on every lookup, which lets the
#: index find the rest by their start alone.
_SHORT_MENTION = 80


class EntityIndex:
    """The mentions of an article's entities sorted by position, for many lookups in one article.

    Why: ``entity_at`` looks at every mention, and the quote step asks once per cue and per quotation,
    which made a long article quadratic. The index finds the mentions near an offset by bisection and
    hands them back in the order ``entity_at`` would meet them (entity by entity), so every answer,
    ties included, is the one ``entity_at`` gives.
    """

    def __init__(self, entities: list[Entity], labels: Collection[str] | None = None) -> None:
        self.entities = [e for e in entities if labels is None or e.label in labels]
        short: list[tuple[int, int, int]] = []  # (start, entity order, mention order)
        self.long: list[tuple[int, int]] = []  # (entity order, mention order), checked every time
        for order, entity in enumerate(self.entities):
            for number, mention in enumerate(entity.mentions):
                if mention.end - mention.start <= _SHORT_MENTION:
                    short.append((mention.start, order, number))
                else:
                    self.long.append((order, number))
        short.sort()
        self.starts = [start for start, _, _ in short]
        self.keys = [(order, number) for _, order, number in short]

    def starting_in(self, low: int, high: int) -> list[tuple[Entity, Span]]:
        """Every (entity, mention) whose mention starts in ``[low, high)``, in entity order."""
        first = bisect.bisect_left(self.starts, low)
        last = bisect.bisect_left(self.starts, high)
        keys = [*self.keys[first:last]]
        keys.extend(key for key in self.long if low <= self._mention(key).start < high)
        return [(self.entities[order], self._mention((order, number))) for order, number in sorted(keys)]

    def near(self, low: int, high: int) -> list[tuple[Entity, Span]]:
        """Every (entity, mention) whose mention could overlap ``[low, high)`` (all that start in
        ``(low - _SHORT_MENTION, high)``, and the long ones), in entity order."""
        first = bisect.bisect_right(self.starts, low - _SHORT_MENTION)
        last = bisect.bisect_left(self.starts, high)
        keys = sorted([*self.keys[first:last], *self.long])
        return [(self.entities[order], self._mention((order, number))) for order, number in keys]

    def _mention(self, key: tuple[int, int]) -> Span:
        return self.entities[key[0]].mentions[key[1]]

    def at(self, start: int, end: int) -> Entity | None:
        """``entity_at(entities, start, end)`` for the indexed entities."""
        return _best_overlap(self.near(start, max(start, end)), start, end)
