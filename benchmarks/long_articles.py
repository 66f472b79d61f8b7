"""Time the full brief of one very long article beside bare spaCy on the same text (issue 11).

Why: an article may be up to ``Settings.max_file_bytes`` (5 MB) on disk, and analysis, relating and
briefing must stay linear in its length (a 1 MB single-line article once took six minutes and 3.6 GB).
Four shapes are generated here, from invented sentences (no corpus text):

- ``normal``: a ~5 KB news article, the reference;
- ``paragraphs``: many paragraphs separated by blank lines;
- ``one-line``: the same kind of prose with no line break at all;
- ``marks``: prose full of quotation marks (“ ” « » ‘ ’ "), lone and unbalanced, and numbers.

For each, ``storyline.brief_texts([text])`` is timed (cleaning, analysis, relating, briefing) and, as the
peer, bare spaCy on the same text: ``nlp(part)`` over the parts storyline parses (``--peer parts``, the
default, so the ratio is storyline's cost over its own parse), or ``nlp(text)`` in one piece up to
``nlp.max_length`` and in parts of that length beyond (``--peer whole``: spaCy's own memory for one long
text). Every measurement runs in a fresh process, so its peak RSS is its own; seconds leave out loading the
model. Articles over ``Settings.max_article_chars`` (1,000,000) are briefed with the limit raised, to show
what the analysis would cost.

Usage: ``python benchmarks/long_articles.py [--cells paragraphs:250000,one-line:1000000] [--peer whole]``
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time

SHAPES = ("normal", "paragraphs", "one-line", "marks")
#: shape:size cells measured by default: each long shape at 250 KB and 1 MB, the paragraphs also at 2 MB.
DEFAULT_CELLS = (
    "normal:5000,paragraphs:250000,paragraphs:1000000,paragraphs:2000000,"
    "one-line:250000,one-line:1000000,marks:250000,marks:1000000"
)

_FIRST = ("Amara", "Tobias", "Ilse", "Marek", "Noor", "Halvard", "Celia", "Rowan", "Dita", "Oskar")
_LAST = ("Venter", "Quillan", "Okonjo", "Brandvold", "Lisowski", "Farrant", "Ibarra", "Thorne", "Mwale")
_PLACES = ("Port Selwyn", "Ardmoor", "Kestrel Bay", "Valdren", "Nyhavn Cross", "Oster Falls", "Brisca")
_BODIES = ("the harbour council", "the water board", "the regional assembly", "the transport union")
_VERBS = ("said", "told reporters", "added", "warned", "insisted", "argued")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_MONTHS = ("January", "March", "April", "June", "September", "November")
_NOUNS = ("bridge", "ferry service", "budget", "flood barrier", "tram line", "school", "clinic", "market")
_ACTS = ("approved", "delayed", "rejected", "reviewed", "expanded", "cut", "reopened", "suspended")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _fact(rng: random.Random) -> str:
    return (
        f"{rng.choice(_BODIES).capitalize()} {rng.choice(_ACTS)} the {rng.choice(_NOUNS)} in "
        f"{rng.choice(_PLACES)} on {rng.choice(_DAYS)}, after {rng.randint(2, 900)} residents signed a "
        f"petition in {rng.choice(_MONTHS)} {rng.randint(2001, 2024)}."
    )


def _quote(rng: random.Random) -> str:
    return (
        f"\u201cWe will not let the {rng.choice(_NOUNS)} fail,\u201d {_person(rng)} {rng.choice(_VERBS)}, "
        f"adding that {rng.randint(3, 75)} percent of the money would be spent by {rng.choice(_MONTHS)}."
    )


def _indirect(rng: random.Random) -> str:
    cost, years = rng.randint(1, 40), rng.randint(2, 9)
    return (
        f"{_person(rng)}, a spokesperson for {rng.choice(_BODIES)}, {rng.choice(_VERBS)} the "
        f"{rng.choice(_NOUNS)} would cost {cost} million dollars and take {years} years."
    )


def _marked(rng: random.Random) -> str:
    """A sentence with quotation marks of every kind, often unbalanced, and plenty of numbers."""
    pieces = [
        f"\u00ab{rng.choice(_NOUNS)} {rng.randint(1, 99)}\u00bb",
        f"\u2018{rng.choice(_ACTS)}",
        f"{rng.randint(10, 9999)}\u2019s",
        f"\u201c{rng.randint(1, 500)} of {rng.randint(500, 900)}",
        "\u201d",
        f'"{rng.choice(_PLACES)}',
        f"{rng.randint(1, 31)}.{rng.randint(0, 99)}%",
    ]
    rng.shuffle(pieces)
    head = pieces[: rng.randint(2, len(pieces))]
    return f"{_person(rng)} {rng.choice(_VERBS)} {' '.join(head)} on {rng.choice(_DAYS)}."


def _paragraph(rng: random.Random, marks: bool) -> str:
    makers = (_fact, _quote, _indirect, _marked) if marks else (_fact, _quote, _indirect)
    weights = (1, 1, 1, 3) if marks else (2, 1, 1)
    return " ".join(rng.choices(makers, weights)[0](rng) for _ in range(rng.randint(2, 5)))


def generate(shape: str, size: int, seed: int = 11) -> str:
    """An invented article of at most ``size`` characters (whole paragraphs) in ``shape``."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r} (one of {', '.join(SHAPES)})")
    rng = random.Random(f"{shape}-{size}-{seed}")
    title = f"{rng.choice(_BODIES).title()} {rng.choice(_ACTS).title()} {rng.choice(_PLACES)} Plan"
    paragraphs: list[str] = []
    total = len(title)
    while True:
        paragraph = _paragraph(rng, marks=shape == "marks")
        if paragraphs and total + len(paragraph) + 2 > size:
            break
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    if shape == "one-line":
        return " ".join(paragraphs)
    return f"{title}\n\n" + "\n\n".join(paragraphs)


def _bare_spacy(text: str, peer: str) -> dict[str, float]:
    from storyline.analyse.nlp import get_nlp, split_for_parser

    nlp = get_nlp()
    nlp("Warm up the pipeline.")
    parts = split_for_parser(text, nlp.max_length if peer == "whole" else None)
    started = time.perf_counter()
    for start, end in parts:
        nlp(text[start:end])
    return {"seconds": time.perf_counter() - started, "parts": len(parts)}


def _storyline(text: str) -> dict[str, float]:
    import storyline
    from storyline.analyse.given_names import female_given_names
    from storyline.analyse.nlp import get_nlp
    from storyline.config import Settings

    get_nlp()("Warm up the pipeline.")
    female_given_names()
    storyline.brief_texts([generate("normal", 3_000, seed=1)])  # imports and compiled patterns, once
    settings = Settings(max_article_chars=max(Settings().max_article_chars, len(text)))
    started = time.perf_counter()
    brief = storyline.brief_texts([text], settings=settings)
    seconds = time.perf_counter() - started
    article = brief.articles[0] if brief.articles else None
    return {
        "seconds": seconds,
        "sentences": len(article.sentences) if article else 0,
        "quotes": len(article.quotes) if article else 0,
        "claims": len(article.claims) if article else 0,
        "problems": len(brief.problems) + (len(article.problems) if article else 0),
    }


def _child(system: str, shape: str, size: int, peer: str) -> None:
    """Run one measurement in this (fresh) process and print it as JSON, with its peak RSS."""
    import resource

    text = generate(shape, size)
    result = _storyline(text) if system == "storyline" else _bare_spacy(text, peer)
    result["chars"] = len(text)
    result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _measure(system: str, shape: str, size: int, peer: str) -> dict[str, float]:
    command = [sys.executable, __file__, "--peer", peer, "--child", system, shape, str(size)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", default=DEFAULT_CELLS, help="shape:size,... (default: %(default)s)")
    parser.add_argument("--peer", choices=("parts", "whole"), default="parts")
    parser.add_argument("--child", nargs=3, metavar=("SYSTEM", "SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]), args.peer)
        return 0
    cells = [(shape, int(size)) for shape, size in (cell.split(":") for cell in args.cells.split(","))]
    print(f"one fresh process per cell; seconds without the model load; peak RSS with it; peer: {args.peer}")
    header = (
        f"{'shape':<11}{'chars':>10}{'sents':>7}{'quotes':>7}{'claims':>7} | {'storyline s':>11}{'MiB':>6} | "
        f"{'spaCy s':>8}{'MiB':>6}{'parts':>6} | {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for shape, size in cells:
        ours = _measure("storyline", shape, size, args.peer)
        peer = _measure("spacy", shape, size, args.peer)
        flag = " (problems!)" if ours["problems"] else ""
        print(
            f"{shape:<11}{int(ours['chars']):>10,}{int(ours['sentences']):>7}{int(ours['quotes']):>7}"
            f"{int(ours['claims']):>7} | {ours['seconds']:>11.2f}{ours['rss_mib']:>6.0f} | "
            f"{peer['seconds']:>8.2f}{peer['rss_mib']:>6.0f}{int(peer['parts']):>6} | "
            f"{ours['seconds'] / peer['seconds']:>5.2f}x{flag}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
