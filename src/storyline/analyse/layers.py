"""The analysis layers, each declaring what it requires and what it assigns (as spaCy's components do).

Why declared: the layers depend on each other (quotes need the entities to name speakers, claims need the
dates to date a count), and when the order lived in the body of one function, a newcomer moving a line
broke a later layer silently. Here every layer says which article attributes it reads and which it
writes; ``check_order`` verifies once, when the pipeline is built, that each requirement is assigned by
an earlier layer (or given: the cleaned ``text``, its ``published`` date and the spaCy ``parse``).
Running the layers, and turning one layer's failure into a counted problem, is the engine's job
(``storyline.engine.pipeline.analyse_with_doc``): no layer catches its own errors.

Each ``run`` imports its analyser on first use, so building the list costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.model import Article

#: What every layer may use without another layer providing it.
GIVEN = ("text", "published", "parse")


class LayerOrderError(ValueError):
    """A layer requires something no earlier layer assigns."""


@dataclass(frozen=True, slots=True)
class Layer:
    """One analyser: ``run(article, doc)`` returns the value of each attribute in ``assigns``, in order.

    ``name`` is versioned ("quotes/1") so a stored layer can say which analyser made it.
    """

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Article, Doc], tuple[Any, ...]]

    @property
    def layer(self) -> str:
        """The unversioned name ("quotes"), used in problems and counters."""
        return self.name.split("/")[0]


def _sentences(article: Article, doc: Doc) -> tuple[Any, ...]:
    from storyline.analyse.sentences import split_sentences

    return (split_sentences(article.text, doc),)


def _entities(article: Article, doc: Doc) -> tuple[Any, ...]:
    from storyline.analyse.entities import extract_entities

    return (extract_entities(article, doc),)


def _dates(article: Article, doc: Doc) -> tuple[Any, ...]:
    from storyline.analyse.dates import extract_dates

    return extract_dates(article, doc)


def _quotes(article: Article, doc: Doc) -> tuple[Any, ...]:
    from storyline.analyse.quotes import extract_quotes

    return (extract_quotes(article, doc, article.entities),)


def _claims(article: Article, doc: Doc) -> tuple[Any, ...]:
    from storyline.analyse.claims import extract_claims

    return (extract_claims(article, doc),)


def check_order(layers: Sequence[Layer], given: Sequence[str] = GIVEN) -> tuple[Layer, ...]:
    """``layers`` as a tuple if every requirement is given or assigned by an earlier layer; otherwise
    ``LayerOrderError`` naming the layer and what it lacks. Two layers may not assign the same attribute.
    """
    available = set(given)
    assigned: dict[str, str] = {}
    for layer in layers:
        missing = [need for need in layer.requires if need not in available]
        if missing:
            lacking = ", ".join(missing)
            raise LayerOrderError(f"layer {layer.name} requires {lacking}, which no earlier layer assigns")
        for name in layer.assigns:
            if name in assigned:
                raise LayerOrderError(f"layers {assigned[name]} and {layer.name} both assign {name}")
            assigned[name] = layer.name
            available.add(name)
    return tuple(layers)


#: The default analysis, in the order it runs; checked when this module is first imported, so a wrong
#: order fails at start, before any article is read.
LAYERS: tuple[Layer, ...] = check_order(
    (
        Layer("sentences/1", requires=("text", "parse"), assigns=("sentences",), run=_sentences),
        Layer("entities/1", requires=("text", "parse"), assigns=("entities",), run=_entities),
        Layer(
            "dates/1", requires=("text", "published"), assigns=("dates", "unresolved_dates"), run=_dates
        ),
        Layer("quotes/1", requires=("text", "parse", "entities"), assigns=("quotes",), run=_quotes),
        Layer(
            "claims/1",
            requires=("text", "parse", "dates", "unresolved_dates"),
            assigns=("claims",),
            run=_claims,
        ),
    )
)


def empty_value(article: Article, attribute: str) -> Any:
    """What a failed layer leaves in ``attribute``: an empty value of the same kind as the default."""
    current = getattr(article, attribute)
    return type(current)() if isinstance(current, (list, dict, set, tuple)) else None
