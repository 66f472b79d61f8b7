"""Time the cross-outlet quote ledger (``relate.quotes.merge_quotes``) before and after the blocking index.

Run: ``python benchmarks/merge_quotes.py [--sizes 100 300 1000 3000] [--per-article 10] [--old-max 3000]``,
and on real quotes ``python benchmarks/merge_quotes.py --polnear --sizes 100 300 924``.

"old" is a copy of the all-pairs loop ``merge_quotes`` had before (every quote against every group); "new"
is the library's indexed version. Both get the same story, and their outputs are checked equal
(``to_dict`` of every ledger entry) before a time is printed. The growth exponent is the least-squares slope
of log(seconds) over log(articles); 2 is quadratic.

Why synthetic and how it is shaped: a story's quotes are mostly the same statements carried by many
outlets, trimmed and re-punctuated, by a few dominant speakers and a long tail. So the generator draws
speakers by Zipf popularity (15 + articles/20 of them, 5% of quotes unattributed), gives each speaker a
growing pool of statements (two per article in all) whose words mix function words (40%: "we", "not",
"people" are in most quotes, so their posting lists are long) with content words drawn by Zipf's law
from a vocabulary that grows by Heaps' law with the story (V = 30 * N ** 0.5 for N statement words; a
fixed vocabulary would make every word's posting list grow with the story), and makes each
of an article's quotes a copy of a statement (70%: a trimmed span with words dropped, direct or partial),
a paraphrase (20%: indirect, a third of the words replaced) or a quote of its own (10%).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from storyline.model import Article, Quote, QuoteKind, Span, Speaker, StoryEntity
from storyline.relate.entities import member_index, story_entity_of
from storyline.relate.quotes import (
    CONTAINMENT,
    JACCARD,
    MIN_TOKENS,
    _position,
    _rank,
    content_tokens,
    merge_quotes,
    quoted_phrases,
    speaker_key,
)

FUNCTION_WORDS = " ".join(
    (
        "the a of to and in that is it for on be will with we not they he she was were are has have",
        "would said but our us this there no people all been",
    )
).split()
QUOTE_MARKS = re.compile("[\"\u201c\u201d]|``|''")
POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "quotes" / "polnear" / "data"
SYLLABLES = ("ka", "lo", "mi", "ra", "te", "su", "no", "vi", "de", "ba", "po", "ri", "ga", "ne", "to")


def _old_same_quote(a: set[str], b: set[str]) -> bool:
    """``same_quote`` as it was (it now counts the union instead of building it), for the old loop."""
    if len(a) < MIN_TOKENS or len(b) < MIN_TOKENS:
        return a == b and bool(a)
    common = len(a & b)
    return common / min(len(a), len(b)) >= CONTAINMENT or common / len(a | b) >= JACCARD


def old_merge_quotes(
    articles: list[Article],
    entities: Sequence[StoryEntity] | None = None,
    *,
    min_confidence: float = 0.0,
) -> list[Quote]:
    """``merge_quotes`` as it was before the blocking index (the all-pairs scan), kept as the baseline."""
    story = member_index(entities) if entities is not None else None
    items: list[tuple[str, set[str], set[tuple[str, ...]], Quote, int]] = []
    for order, article in enumerate(articles):
        by_id = {entity.id: entity for entity in article.entities}
        for quote in article.quotes:
            if not quote.content or quote.confidence < min_confidence:
                continue
            key = speaker_key(quote, by_id, story)
            speaker = dataclasses.replace(quote.speaker)
            if story is not None:
                speaker.entity = story_entity_of(story, quote.article, quote.speaker.entity)
            copy = dataclasses.replace(quote, speaker=speaker, also_in=list(quote.also_in))
            items.append((key, content_tokens(quote), quoted_phrases(quote), copy, order))
    groups: list[list[int]] = []
    for index, (key, tokens, phrases, quote, _order) in enumerate(items):
        placed = False
        for group in groups:
            if any(items[member][3].article == quote.article for member in group):
                continue  # one article does not repeat itself; keep both of its quotes
            if items[group[0]][0] != key and key and items[group[0]][0]:
                continue
            if any(_old_same_quote(tokens, items[m][1]) or phrases & items[m][2] for m in group):
                group.append(index)
                placed = True
                break
        if not placed:
            groups.append([index])
    merged: list[tuple[str, int, Quote]] = []
    for group in groups:
        best = min(group, key=lambda member: _rank(items[member][3]))
        quote = items[best][3]
        others = [items[member][3].article for member in group if member != best]
        quote.also_in = sorted(set(quote.also_in) | set(others) - {quote.article})
        merged.append((items[best][0], _position(items[group[0]][3], items[group[0]][4]), quote))
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for key, position, _quote in merged:
        counts[key] = counts.get(key, 0) + 1
        first[key] = min(first.get(key, position), position)
    merged.sort(key=lambda item: (-counts[item[0]], first[item[0]], item[0], item[1]))
    return [quote for _key, _position_, quote in merged]


def synthetic_story(articles: int, per_article: int, seed: int = 0) -> list[Article]:
    """A story of ``articles`` articles with ``per_article`` quotes each, shaped as the module says."""
    rng = random.Random(seed)
    # Heaps' law, V = K * N ** 0.5 with K = 30, over the ~34 new statement words per article
    size = int(30 * math.sqrt(34 * articles))
    vocabulary = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)]
    zipf = [1 / (rank + 1) for rank in range(len(vocabulary))]
    speakers = [f"Speaker {chr(65 + i % 26)}{i}" for i in range(15 + articles // 20)]
    popularity = [1 / (rank + 1) for rank in range(len(speakers))]

    def words(count: int) -> list[str]:
        content = rng.choices(vocabulary, zipf, k=count)
        return [rng.choice(FUNCTION_WORDS) if rng.random() < 0.4 else word for word in content]

    said: dict[str, list[list[str]]] = {}
    story: list[Article] = []
    for number in range(articles):
        for _ in range(2):  # the story moves on: new statements as articles come in
            speaker = rng.choices(speakers, popularity)[0]
            said.setdefault(speaker, []).append(words(rng.randint(5, 30)))
        article_id = f"a{number}"
        quotes: list[Quote] = []
        offset = 0
        for _ in range(per_article):
            speaker = rng.choices(list(said), [popularity[speakers.index(s)] for s in said])[0]
            statement = rng.choice(said[speaker])
            roll = rng.random()
            kind: QuoteKind
            if roll < 0.7:
                start = rng.randint(0, len(statement) // 3)
                end = rng.randint(max(start + 1, len(statement) * 2 // 3), len(statement))
                text_words = [w for w in statement[start:end] if rng.random() > 0.1] or statement[start:end]
                kind = rng.choice(("direct", "direct", "partial"))
            elif roll < 0.9:
                text_words = [w if rng.random() > 0.33 else words(1)[0] for w in statement]
                kind = "indirect"
            else:
                text_words = words(rng.randint(5, 30))
                kind = "direct"
            text = " ".join(text_words) + "."
            name = "" if rng.random() < 0.05 else speaker
            quotes.append(
                Quote(
                    article_id,
                    kind,
                    Speaker(name),
                    None,
                    [Span(offset, offset + len(text), text)],
                    confidence=rng.choice((0.6, 0.8, 0.9)),
                )
            )
            offset += len(text) + 1
        story.append(Article(article_id, article_id, "", quotes=quotes))
    return story


def polnear_story(root: Path) -> list[Article]:
    """PolNeAR's gold attributions (train and dev, first annotator of each text) as one long "story" of
    real quotes, articles in date order: ``Source`` is the speaker, ``Content`` the quote, direct when
    quotation marks surround it, else indirect. Read from ``../shared/data`` at run time, never copied.

    Why: real speakers ("Trump", "he", "Clinton" dominate) and real word frequencies, where the
    synthetic story's are assumptions; but these are 924 articles of many stories, so few quotes repeat.
    """
    articles: list[Article] = []
    for part in ("train", "dev"):
        by_stem: dict[str, Path] = {}
        for path in sorted((root / part / "attributions").glob("*.ann")):
            by_stem.setdefault(re.sub(r"_[0-9a-f]{4}$", "", path.stem), path)
        for text_path in sorted((root / part / "text").glob("*.txt")):
            ann = by_stem.get(text_path.stem)
            if ann is not None:
                text = text_path.read_text(encoding="utf-8")
                quotes = _polnear_quotes(text_path.stem, text, ann.read_text(encoding="utf-8"))
                articles.append(Article(text_path.stem, text_path.stem, text, quotes=quotes))
    return sorted(articles, key=lambda article: (article.id.split("_")[1], article.id))


def _polnear_quotes(article_id: str, text: str, ann: str) -> list[Quote]:
    spans: dict[str, list[Span]] = {}
    quotes: list[Quote] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0].startswith("T") and " " in fields[1]:
            pieces = [piece.split() for piece in fields[1].split(" ", 1)[1].split(";")]
            spans[fields[0]] = [Span.of(text, int(a), int(b)) for a, b in pieces]
        elif len(fields) >= 2 and fields[0].startswith("E"):
            roles = dict(item.partition(":")[::2] for item in fields[1].split())
            content = spans.get(roles.get("Content", ""), [])
            if not content:
                continue
            speaker = " ".join(span.text for span in spans.get(roles.get("Source", ""), []))
            marks = any(QUOTE_MARKS.search(text[max(0, s.start - 2) : s.end + 2]) for s in content)
            kind: QuoteKind = "direct" if marks else "indirect"
            quotes.append(Quote(article_id, kind, Speaker(speaker), None, content))
    return quotes


def _time(call: Callable[[], list[Quote]]) -> tuple[float, list[Quote]]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(seconds) on log(size)."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(second) for second in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000])
    parser.add_argument("--per-article", type=int, default=10)
    parser.add_argument("--old-max", type=int, default=3000, help="largest story the old loop is run on")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--polnear",
        action="store_true",
        help=f"real quotes instead: the first SIZES articles of PolNeAR's gold attributions ({POLNEAR})",
    )
    args = parser.parse_args()
    real = polnear_story(POLNEAR) if args.polnear else []
    print(f"{'articles':>8}{'quotes':>8}{'groups':>8}{'old s':>10}{'new s':>9}{'speed-up':>10}")
    old_sizes: list[int] = []
    old_seconds: list[float] = []
    new_seconds: list[float] = []
    for size in args.sizes:
        story = real[:size] if args.polnear else synthetic_story(size, args.per_article, args.seed)
        quotes = sum(len(article.quotes) for article in story)
        new, ledger = _time(lambda story=story: merge_quotes(story))  # type: ignore[misc]
        new_seconds.append(new)
        old_text = "-"
        ratio = "-"
        if size <= args.old_max:
            old, reference = _time(lambda story=story: old_merge_quotes(story))  # type: ignore[misc]
            if [q.to_dict() for q in ledger] != [q.to_dict() for q in reference]:
                raise SystemExit(f"{size} articles: the indexed ledger differs from the all-pairs one")
            old_sizes.append(size)
            old_seconds.append(old)
            old_text, ratio = f"{old:.2f}", f"{old / new:.0f}x"
        print(f"{size:>8}{quotes:>8}{len(ledger):>8}{old_text:>10}{new:>9.3f}{ratio:>10}", flush=True)
    if len(old_sizes) > 1:
        print(f"growth exponent, old: {_exponent(old_sizes, old_seconds):.2f}")
    if len(args.sizes) > 1:
        print(f"growth exponent, new: {_exponent(args.sizes, new_seconds):.2f}")
    print("outputs identical (to_dict of every entry) wherever both ran")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
