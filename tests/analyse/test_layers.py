"""The declared analysis: requirements come before the layers that need them, and each layer assigns only
what it declares."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from storyline.analyse import layers
from storyline.analyse.layers import LAYERS, Layer, LayerOrderError, check_order
from storyline.analyse.nlp import get_nlp
from storyline.model import Article

TEXT = (
    "Hillary Clinton said on Friday that 100 countries had joined the meeting in Paris.\n\n"
    '"We are united," she told reporters. Police said at least 12 people were killed on Thursday.'
)


def test_the_default_order_satisfies_every_requirement() -> None:
    assert check_order(LAYERS) == LAYERS
    names = [layer.layer for layer in LAYERS]
    assert names.index("entities") < names.index("quotes")
    assert names.index("dates") < names.index("claims")


def test_a_layer_before_its_requirement_is_refused_naming_both() -> None:
    quotes = next(layer for layer in LAYERS if layer.layer == "quotes")
    entities = next(layer for layer in LAYERS if layer.layer == "entities")
    with pytest.raises(LayerOrderError, match="quotes/1 requires entities"):
        check_order([quotes, entities])


def test_two_layers_may_not_assign_the_same_attribute() -> None:
    first = Layer("a/1", requires=("text",), assigns=("quotes",), run=lambda article, doc: ([],))
    second = Layer("b/1", requires=("text",), assigns=("quotes",), run=lambda article, doc: ([],))
    with pytest.raises(LayerOrderError, match="both assign quotes"):
        check_order([first, second])


def test_each_layer_assigns_only_what_it_declares() -> None:
    doc = get_nlp()(TEXT)
    article = Article(id="a1", source="test", text=TEXT, published="2012-07-06")
    for layer in LAYERS:
        before = {f.name: getattr(article, f.name) for f in dataclasses.fields(article)}
        values = layer.run(article, doc)
        after = {f.name: getattr(article, f.name) for f in dataclasses.fields(article)}
        assert before == after, f"{layer.name} changed the article itself instead of returning its values"
        assert len(values) == len(layer.assigns)
        for attribute, value in zip(layer.assigns, values, strict=True):
            # a dated article resolves its "on Friday": nothing is left unresolved
            assert value or attribute == "unresolved_dates", f"{layer.name} found nothing for {attribute}"
            setattr(article, attribute, value)


def test_no_analyser_catches_its_own_failures() -> None:
    """The engine's guard is the only place a layer's error is caught (and counted); a broad ``except``
    inside an analyser would hide failures from the count."""
    package = Path(layers.__file__).resolve().parent
    broad: list[str] = []
    for path in [*package.rglob("*.py"), *(package.parent / "grammar").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler):
                caught = ast.unparse(node.type) if node.type else "everything"
                if caught in {"everything", "Exception", "BaseException"}:
                    broad.append(f"{path.name}:{node.lineno} catches {caught}")
    assert not broad
