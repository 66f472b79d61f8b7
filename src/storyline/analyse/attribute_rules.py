"""The attribute ruler's rules matched over token arrays: the same matches, about a fortieth of the time.

Why: in ``en_core_web_sm`` the ``attribute_ruler`` (179 rules that map fine tags to coarse POS and
morphology, and fix lemmas of words like "gonna") spent about 15% of the whole pipeline's time in spaCy's
general ``Matcher``, which walks a state machine token by token in Python-visible steps. Every rule here is
one or two tokens with equality, ``IN``, ``NOT_IN`` or ``REGEX`` tests on ``LOWER``, ``TAG``, ``DEP`` and
``IS_SPACE``; such rules are boolean masks over ``doc.to_array`` columns. Only the *matching* is replaced:
the matches are sorted and applied by the ruler's own ``set_annotations``, so what each token gets is
spaCy's own doing. ``tests/analyse/test_attribute_rules.py`` checks the matches equal the ``Matcher``'s,
and ``benchmarks/scale.py --check-rules`` compares every token's attributes on the shared articles.

A ruler whose rules use anything else (operators, other attributes or tests) is left as it is.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

COLUMNS = ("LOWER", "TAG", "DEP", "IS_SPACE")
Mask = Callable[["np.ndarray[Any, Any]", "Doc"], "np.ndarray[Any, Any]"]


class UnsupportedRule(ValueError):
    """A rule this matcher cannot express exactly; the ruler then keeps spaCy's Matcher."""


class ArrayRuleMatcher:
    """Matches of an ``AttributeRuler``'s rules as ``(key, start, end)``, like ``Matcher(as_spans=False)``."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        self._regex_cache: dict[tuple[str, int], bool] = {}
        self.rules: list[tuple[int, list[Mask]]] = []
        for number, rule in enumerate(ruler.patterns):
            key = int(self.strings[str(number)])
            patterns: list[list[dict[str, Any]]] = rule["patterns"]  # type: ignore[assignment]
            for pattern in patterns:
                self.rules.append((key, [self._token_test(token) for token in pattern]))

    def _token_test(self, token: dict[str, Any]) -> Mask:
        tests = [self._attribute_test(name, value) for name, value in token.items()]
        if not tests:
            raise UnsupportedRule("an empty token pattern")

        def all_of(columns: np.ndarray[Any, Any], doc: Doc) -> np.ndarray[Any, Any]:
            mask = tests[0](columns, doc)
            for test in tests[1:]:
                mask = mask & test(columns, doc)
            return mask

        return all_of

    def _attribute_test(self, name: str, value: Any) -> Mask:
        if name not in COLUMNS:
            raise UnsupportedRule(f"attribute {name}")
        column = COLUMNS.index(name)
        if name == "IS_SPACE":
            if not isinstance(value, bool):
                raise UnsupportedRule(f"IS_SPACE {value!r}")
            flag = int(value)
            return lambda columns, doc: columns[:, column] == flag
        if isinstance(value, str):
            wanted = np.uint64(self.strings[value])
            return lambda columns, doc: columns[:, column] == wanted
        if isinstance(value, dict) and len(value) == 1:
            ((operator, argument),) = value.items()
            if operator in ("IN", "NOT_IN") and all(isinstance(item, str) for item in argument):
                members = np.array([self.strings[item] for item in argument], dtype=np.uint64)
                if operator == "IN":
                    return lambda columns, doc: np.isin(columns[:, column], members)
                return lambda columns, doc: ~np.isin(columns[:, column], members)
            if operator == "REGEX" and isinstance(argument, str):
                return self._regex_test(column, argument)
        raise UnsupportedRule(f"{name} {value!r}")

    def _regex_test(self, column: int, pattern: str) -> Mask:
        """``re.search`` on the attribute's string, as spaCy's REGEX predicate does; cached per value."""
        compiled = re.compile(pattern)
        cache = self._regex_cache

        def test(columns: np.ndarray[Any, Any], doc: Doc) -> np.ndarray[Any, Any]:
            values = columns[:, column]
            found = np.zeros(len(values), dtype=bool)
            for value in np.unique(values):
                known = cache.get((pattern, int(value)))
                if known is None:
                    known = bool(compiled.search(self.strings[int(value)]))
                    cache[(pattern, int(value))] = known
                if known:
                    found |= values == value
            return found

        return test

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        length = len(doc)
        if length == 0:
            return []
        columns = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).astype(np.uint64, copy=False)
        matches: list[tuple[int, int, int]] = []
        for key, tests in self.rules:
            width = len(tests)
            if width > length:
                continue
            mask = tests[0](columns, doc)[: length - width + 1]
            for offset, test in enumerate(tests[1:], start=1):
                mask = mask & test(columns, doc)[offset : length - width + 1 + offset]
            matches.extend((key, int(start), int(start) + width) for start in np.flatnonzero(mask))
        return matches


def install(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Give the pipeline's attribute ruler the array matcher; False (and nothing changed) if it cannot."""
    if name not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe(name)
    try:
        matcher = ArrayRuleMatcher(ruler)
    except UnsupportedRule:
        return False
    strings = ruler.vocab.strings

    def match(self: AttributeRuler, doc: Doc) -> list[tuple[int, int, int, int]]:
        # As AttributeRuler.match: sorted by the rule's number, so that later rules take precedence.
        found = [(int(strings[key]), key, start, end) for key, start, end in matcher(doc)]
        found.sort()
        return found

    ruler.match = types.MethodType(match, ruler)
    return True
