"""Speakers as a reader needs them, the full resolved name: measured on PolNeAR and the seed reports.

Why a second speaker score: the span-based one (``quotes.score``) calls "he said" right when the predicted
span overlaps the gold span "he", yet a ledger entry under "he" (or "Clinton", or "the Secretary") tells a
reader nothing. Here the predicted speaker *name* is compared with the gold speaker's resolved name.

PolNeAR has no coreference or entity annotation (its ``.ann`` files hold Source, Cue, Content and
Attribution spans only), so the gold speaker's resolved name comes from one documented rule applied to
the gold source span and the article, independent of storyline's own entity step (only spaCy's parse
and named-entity tags are shared, with the title list that keeps "Speaker" out of "Paul Ryan" and the
quotation-mark pairing of ``analyse.quotes.marks``):

1. a relative pronoun source ("who", "which", "that") stands for the noun its clause hangs from;
2. a source whose syntactic head lies in a PERSON name ("Victor Cha, a scholar ...", "House Speaker Paul
   Ryan", "Mr. Obama") is that person: the name without titles; a name of one word (a surname) becomes
   the article's full name ending in that word, the nearest before the source, else the first after it;
   people joined by "and" are all of them ("Ted Cruz and Rand Paul"), compared as a group's name;
3. "he"/"she"/"him"/"her"/"his" is the person named in the nearest sentence among this one and the three
   before (earlier in the sentence when it is the same), outside quotation marks, of the pronoun's gender
   (known from an honorific "Mr."/"Mrs."/"Ms." or from the given name by gender-guesser; a name of
   unknown gender is no antecedent, which keeps spaCy's false names, "Conceding", "ROTC", out), a
   sentence subject first, then the latest mention;
4. a role description ("the Republican nominee", "Russia's foreign minister") whose head noun is a person
   title is the person the article gives that title to (the word among the five before the name, in its
   sentence, or in an apposition of it), the nearest before the source, else the first after;
5. any other source ("sources", "The New York Post", "Clinton aides") is its own name; "it", "they",
   "we", "I" and "you" are not resolved and those attributions are left out of the resolved score (their
   number is reported).

A predicted name matches a person's gold name when their first and last words agree (folded, "al-"
dropped: "Donald J. Trump" is "Donald Trump", "Trump" is not); other names when one's words contain the
other's ("New York Post" and "The New York Post"), determiners and possessives aside, except that one
of several names joined by "and" is not all of them ("Russia" is not "Russia and China").

The seed reports have a hand-judged gold file (``seed_speakers.json`` beside this module): for each quote
the friends-of-syria briefing ledger shows, the article file, a few words of the quote and the full name
of whoever said it, judged by reading the article. ``python -m storyline.evaluate.speakers DIR`` briefs
DIR and prints the ledger's speaker accuracy on it.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.analyse.lexicons.entities import PERSON_TITLES, ROLE_HEADS
from storyline.analyse.quotes.marks import find_quotations
from storyline.grammar.names import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["GoldName", "resolve_gold_name", "same_speaker", "seed_report", "speaker_key"]

SEED_GOLD = Path(__file__).with_name("seed_speakers.json")
PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
UNRESOLVED = {"it", "its", "they", "them", "we", "us", "i", "me", "you"}
RELATIVES = {"who", "which", "that", "whom"}
# role nouns a gold source may be described by ("the nominee"), beyond the person titles
ROLE_WORDS = ROLE_HEADS | {"nominee", "candidate", "chairman", "manager", "spokesman", "spokeswoman"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_MALE = {"mr", "sir"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_FEMALE = {"mrs", "ms", "miss", "madam"}


@dataclass(frozen=True, slots=True)
class GoldName:
    """The resolved name of a gold source; ``person`` decides how a predicted name is compared."""

    name: str
    person: bool
    #: what the gold source was: "name" (a full name), "surname" (one word of it), "pronoun", "role"
    #: (a description resolved to a name) or "other" (a group, an organisation: its own name)
    kind: str = field(default="name", compare=False)


# ------------------------------------------------------------------------------------------- matching


def speaker_key(name: str) -> list[str]:
    """The words of a name as compared: folded, lower case, no punctuation, determiners, possessives or
    leading titles ("The New York Post" -> new york post, "Mr. Obama" -> obama)."""
    words = [re.sub(r"['\u2019]s$", "", word) for word in fold(name).split()]
    words = [re.sub(r"[^\w\-]", "", word) for word in words]
    words = [word for word in words if word]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    while words and (words[0] in _DETERMINERS or words[0] in PERSON_TITLES) and len(words) > 1:
        words.pop(0)
    return words


def _bare(word: str) -> str:
    return re.sub(r"^(?:al|el)-", "", word)


def same_speaker(predicted: str, gold: GoldName) -> bool:
    """Whether ``predicted`` names the gold speaker (see the module docstring for the rule)."""
    ours, theirs = speaker_key(predicted), speaker_key(gold.name)
    if not ours or not theirs:
        return False
    if gold.person:
        if len(theirs) == 1:
            return len(ours) == 1 and _bare(ours[0]) == _bare(theirs[0])
        return ours[0] == theirs[0] and _bare(ours[-1]) == _bare(theirs[-1]) and len(ours) >= 2
    names = gold.name.replace(",", " ").split()
    if "and" in theirs and "and" not in ours and all(w[:1].isupper() for w in names if w != "and"):
        return False  # "Russia" is one of "Russia and China", not them
    joined_ours, joined_theirs = f" {' '.join(ours)} ", f" {' '.join(theirs)} "
    return joined_ours in joined_theirs or joined_theirs in joined_ours


# ------------------------------------------------------------------------------------ gold resolution


@dataclass(slots=True)
class _Person:
    start: int
    end: int
    words: list[str]  # the name as written, titles and possessive dropped
    gender: str
    sentence: int
    subject: bool
    root: int  # token index of the name's head
    quoted: bool = False  # inside quotation marks: named by the speaker, so rarely the speaker


class _Article:
    """The people named in one article (spaCy PERSON spans, titles stripped), for the gold rule."""

    def __init__(self, doc: Doc) -> None:

        self.doc = doc
        self.sentence = [0] * len(doc)
        for number, sent in enumerate(doc.sents):
            for index in range(sent.start, sent.end):
                self.sentence[index] = number
        self.people: list[_Person] = []
        quoted = [(q.inner_start, q.inner_end) for q in find_quotations(doc.text) if not q.single]
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            tokens = [token for token in ent if not token.is_punct or token.text == "."]
            while len(tokens) > 1 and tokens[-1].tag_ in ("VBZ", "VBD"):
                tokens.pop()  # a headline's "Obama Says": names do not end in a verb
            titles = []
            while len(tokens) > 1 and fold(tokens[0].text).strip(".") in PERSON_TITLES:
                titles.append(fold(tokens[0].text).strip("."))
                tokens.pop(0)
            # the words as written ("Holtz-Eakin" is one), without a possessive or a "Jr."
            written = doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)] if tokens else ""
            words = [re.sub(r"['\u2019]s?$", "", word) for word in written.split()]
            words = [word for word in words if word and word[0].isalpha()]
            while len(words) > 1 and fold(words[-1]).strip(".,") in _SUFFIXES:
                words.pop()
            if not words or not words[0][:1].isupper():
                continue
            before = doc[ent.start - 1].text.lower().strip(".") if ent.start else ""
            honorifics = set(titles) | {before}
            gender = ""
            if honorifics & _MALE:
                gender = "m"
            elif honorifics & _FEMALE:
                gender = "f"
            root = ent.root
            self.people.append(
                _Person(
                    tokens[0].idx,
                    ent.end_char,
                    words,
                    gender,
                    self.sentence[root.i],
                    root.dep_ in ("nsubj", "nsubjpass"),
                    root.i,
                    any(start < ent.start_char < end for start, end in quoted),
                )
            )
        for person in self.people:  # a surname's gender is its full name's ("Clinton" of Hillary Clinton)
            if not person.gender:
                person.gender = _given_gender(self.full_name(person).split()[0])

    def by_surname(self, word: str) -> _Person | None:
        """A person named in the article whose last name is ``word`` ("Stumpf", "PENCE"), if any."""
        wanted = _bare(fold(word))
        return next((p for p in self.people if _bare(fold(p.words[-1])) == wanted), None)

    def full_name(self, person: _Person) -> str:
        """``person``'s full name: as written if two words or more, else the nearest full name before it
        ending in the same word, else the first after it, else the one word."""
        if len(person.words) >= 2:
            return " ".join(person.words)
        surname = _bare(fold(person.words[-1]))
        full = [p for p in self.people if len(p.words) >= 2 and _bare(fold(p.words[-1])) == surname]
        if person.gender:  # "Mr. Clinton" is not Hillary, even when the article names no other Clinton
            full = [p for p in full if _given_gender(p.words[0]) in ("", person.gender)]
        if not full:  # a given name alone ("Hillary"): the one full name it begins
            given = [
                p for p in self.people if len(p.words) >= 2 and fold(p.words[0]) == fold(person.words[0])
            ]
            full = given if len({" ".join(p.words) for p in given}) == 1 else []
        before = [p for p in full if p.start < person.start]
        chosen = before[-1] if before else (full[0] if full else None)
        return " ".join(chosen.words if chosen else person.words)


def _given_gender(given: str) -> str:
    """ "f", "m" or "" for a given name, by gender-guesser."""
    from storyline.analyse.given_names import is_female_name

    return "f" if is_female_name(given) else _male_name(given)


def _male_name(given: str) -> str:
    """ "m" when gender-guesser calls ``given`` male (or mostly), else ""."""
    return "m" if _detector().get_gender(given) in ("male", "mostly_male") else ""


@functools.cache
def _detector() -> Any:
    """gender-guesser's detector, loaded once (its dictionary takes a second to read)."""
    import gender_guesser.detector

    return gender_guesser.detector.Detector()


def resolve_gold_name(article: _Article | Doc, start: int, end: int) -> GoldName | None:
    """The resolved name of the gold source ``[start, end)`` of ``article`` (see the module docstring);
    None when the rule leaves it unresolved ("it", "they", a pronoun with no compatible person near)."""
    known = article if isinstance(article, _Article) else _Article(article)
    doc = known.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    words = [token for token in span if not (token.is_punct or token.is_space)]
    if not words:
        return None
    if len(words) == 1 and words[0].lower_ in RELATIVES:
        antecedent = _antecedent(words[0])
        if antecedent is None:
            return None
        span = doc[antecedent.left_edge.i : antecedent.i + 1]
        words = [token for token in span if not (token.is_punct or token.is_space)]
    if len(words) == 1 and words[0].lower_ in UNRESOLVED:
        return None
    while len(words) > 1 and words[-1].tag_ == "POS":  # "Trump's": the possessor
        words.pop()
        span = doc[words[0].i : words[-1].i + 1]
    root = _root(span)
    person = next((p for p in known.people if p.start <= root.idx < p.end or p.root == root.i), None)
    if person is None:  # "The state's campaign chairman, Phil Lovas": the name in apposition
        appositions = {child.i for child in root.children if child.dep_ == "appos"}
        person = next((p for p in known.people if p.root in appositions), None)
    if person is None and root.pos_ == "PROPN" and root.text[:1].isupper():
        # a surname spaCy did not tag here ("Stumpf", a transcript's "PENCE"): the person of that surname
        named = known.by_surname(root.text)
        if named is not None:
            alone = _Person(root.idx, root.idx + 1, [named.words[-1]], "", 0, False, 0)
            return GoldName(known.full_name(alone), True, "surname")
    if person is not None:
        joined = [p for p in known.people if doc[p.root].dep_ == "conj" and doc[p.root].head.i == person.root]
        if joined:  # "Senator Ted Cruz and Senator Rand Paul": both, compared by their words
            return GoldName(" and ".join(known.full_name(p) for p in [person, *joined]), False, "other")
        return GoldName(known.full_name(person), True, "name" if len(person.words) >= 2 else "surname")
    if len(words) == 1 and words[0].lower_ in PRONOUNS:
        chosen = _antecedent_person(known, words[0])
        return GoldName(known.full_name(chosen), True, "pronoun") if chosen is not None else None
    indefinite = any(child.dep_ == "det" and child.lower_ in ("a", "an", "one") for child in root.children)
    if root.lower_ in ROLE_WORDS and root.pos_ in ("NOUN", "PROPN") and not indefinite:
        # "a spokesman" introduces someone (named, if at all, in apposition above); "the nominee" refers
        holder = _role_holder(known, root)
        # a definite role the rule cannot tie to a name ("the governor") is someone, but not known here
        return GoldName(known.full_name(holder), True, "role") if holder is not None else None
    return GoldName(doc.text[words[0].idx : words[-1].idx + len(words[-1].text)], False, "other")


def _root(span: Span) -> Token:
    """The head of ``span``: its token whose head lies outside it (the first such)."""
    for token in span:
        outside = not (span.start <= token.head.i < span.end) or token.head.i == token.i
        if outside and not token.is_punct:
            return token
    return span.root


def _antecedent(relative: Token) -> Token | None:
    clause = relative.head
    while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
        clause = clause.head
    return clause.head if clause.dep_ in ("relcl", "acl") else None


def _antecedent_person(known: _Article, pronoun: Token) -> _Person | None:
    gender = PRONOUNS[pronoun.lower_]
    sentence = known.sentence[pronoun.i]
    candidates = [
        p
        for p in known.people
        if p.start < pronoun.idx and 0 <= sentence - p.sentence <= 3 and p.gender == gender and not p.quoted
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (-(sentence - p.sentence), p.subject, p.start))


def _role_holder(known: _Article, role: Token) -> _Person | None:
    """The person the article gives ``role``'s title: the word in the five before the name (same
    sentence) or in an apposition of it; the nearest before ``role``, else the first after."""
    word = role.lower_
    # "the Republican nominee" is not the Democratic one: the role's modifiers must be in the title too
    modifiers = {
        child.lower_
        for child in role.children
        if child.dep_ in ("amod", "compound") and child.text[:1].isupper()
    }
    doc = known.doc
    holders = []
    for person in known.people:
        first = doc.char_span(person.start, person.end, alignment_mode="expand")
        if first is None or not len(first):
            continue
        window = doc[max(first.sent.start, first.start - 5) : first.start]
        titled = any(token.lower_ == word for token in window)
        head = doc[person.root]
        linked = [child for child in head.children if child.dep_ == "appos"]
        if head.dep_ == "appos":
            linked.append(head.head)
        context = {token.lower_ for token in window} | {
            token.lower_ for node in linked for token in node.subtree
        }
        titled = (titled or word in context) and modifiers <= context
        if titled and not (person.start <= role.idx < person.end):
            holders.append(person)
    before = [p for p in holders if p.start < role.idx]
    if before:
        return before[-1]
    return holders[0] if holders else None


def gold_names(doc: Doc, sources: Sequence[tuple[int, int]]) -> list[GoldName | None]:
    """``resolve_gold_name`` for each ``(start, end)`` gold source of one article (parsed once)."""
    known = _Article(doc)
    return [resolve_gold_name(known, start, end) if end > start else None for start, end in sources]


# ------------------------------------------------------------------------------------------ seed gold


def load_seed_gold(path: Path = SEED_GOLD) -> list[dict[str, str]]:
    """The hand-judged seed gold: ``{"file", "quote", "speaker"}`` items (a few words of the quote)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return list(data["quotes"])


def seed_report(folder: Path, gold_path: Path = SEED_GOLD) -> dict[str, Any]:
    """Brief ``folder`` and score the ledger's speaker names against the hand-judged gold.

    A ledger quote is judged when its article file and the gold's words match (the gold's words, spaces
    normalised, inside the quote's content); quotes of the ledger the gold does not list count as
    unjudged, gold items the ledger no longer shows as missing.
    """
    from storyline.api import brief

    gold = load_seed_gold(gold_path)
    result = brief(folder)
    file_of = {article.id: Path(article.source).name for article in result.articles}
    judged = correct = 0
    wrong: list[str] = []
    found: set[int] = set()
    for quote in result.quotes:
        file = file_of.get(quote.article, "")
        content = _squash(" ".join(span.text for span in quote.content))
        for number, item in enumerate(gold):
            if number in found or item["file"] != file or _squash(item["quote"]) not in content:
                continue
            found.add(number)
            judged += 1
            name = quote.speaker.name
            if same_speaker(name, GoldName(item["speaker"], item.get("person", True) is not False)):
                correct += 1
            else:
                wrong.append(f"{file}: {item['quote']!r}: {name!r}, gold {item['speaker']!r}")
            break
    return {
        "ledger": len(result.quotes),
        "gold": len(gold),
        "judged": judged,
        "correct": correct,
        "accuracy": round(100 * correct / judged, 1) if judged else 0.0,
        "missing": len(gold) - len(found),
        "wrong": wrong,
    }


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def format_seed_report(report: dict[str, Any]) -> str:
    lines = [
        f"seed reports: ledger {report['ledger']} quotes, gold {report['gold']}, judged {report['judged']}, "
        f"missing {report['missing']}: speaker accuracy {report['accuracy']:.1f} "
        f"({report['correct']}/{report['judged']})"
    ]
    lines.extend(f"  wrong: {item}" for item in report["wrong"])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storyline evaluate speakers", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the seed reports (../shared/data/friends-of-syria)")
    parser.add_argument("--gold", type=Path, default=SEED_GOLD, help="hand-judged speakers (JSON)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 2
    print(format_seed_report(seed_report(args.folder, args.gold)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
