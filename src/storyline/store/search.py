"""Full-text search over the stored articles: a terms table in the store's own DuckDB file, ranked by BM25.

Why not DuckDB's ``fts`` extension: it is not bundled in the duckdb wheel, and ``INSTALL fts`` downloads it
from extensions.duckdb.org at run time, which this project forbids (it runs offline and downloads nothing
at run time). So this module builds what the extension builds, in plain tables beside the articles: one
row per searchable passage (each sentence, quote and claim of an article, and its title), one row per
(passage, term) with the term's frequency, and the Okapi BM25 formula as SQL over them. Terms are made the
way ``fts`` makes them: lowercased, accents folded, stop words dropped (``storyline.grammar.stopwords``,
spaCy's English list) and Snowball-stemmed (the ``snowballstemmer`` package's English stemmer, the same
stemmer family ``fts`` uses), so "killed" finds "killing" and "Juppe" finds "Juppé".

Why passages and not whole articles: a hit should point at the sentence or quote that matched, with its
offsets into ``Article.text``, so a reader lands on the passage, as every line of a briefing does.

Keeping the index in the same file means it is saved, copied and locked with the store, and a search can
join it to ``articles`` in one query. ``search_indexed`` records which articles are indexed, so an index
added to an existing store (or one left behind by a crash) is caught up with ``refresh_index``.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import duckdb
import pyarrow as pa

from storyline.grammar.stopwords import STOP_WORDS
from storyline.model import Article

SEARCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS search_passages (
    id BIGINT PRIMARY KEY,
    article VARCHAR,
    kind VARCHAR,
    position INTEGER,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR,
    speaker VARCHAR,
    length INTEGER
);
CREATE TABLE IF NOT EXISTS search_terms (
    passage BIGINT,
    term VARCHAR,
    tf INTEGER
);
CREATE TABLE IF NOT EXISTS search_indexed (
    article VARCHAR PRIMARY KEY
);
"""

#: BM25's term-frequency saturation and length normalisation, the usual values (and ``fts``'s defaults).
K1 = 1.2
B = 0.75

#: What a quote's content spans are joined with in its passage text (the gaps are elided narration).
QUOTE_JOINER = " … "

# A number with thousands separators or decimals ("3,500", "6.4") is one token; otherwise a token is a run
# of letters and digits, with inner apostrophes kept ("o'brien", "marrow's"). Underscores are not words.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+(?![^\W_])|[^\W_]+(?:'[^\W_]+)*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_POSSESSIVE = re.compile(r"(?<=[^\W_])'s(?![^\W_])")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Contraction endings whose head is what matters: "we'll" is "we" (a stop word), "marrow's" is "marrow".
_CLITICS = ("'s", "'ll", "'re", "'ve", "'d", "'m")
_PHRASE = re.compile(r'"([^"]*)"')
_QUOTE_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})

# Fixed names of the Arrow views ``index_articles`` registers (never input; visible to this connection).
_VIEW = "storyline_search_new_"

_local = threading.local()


def _stemmer() -> Any:
    """This thread's Snowball English stemmer, made once per thread.

    Why per thread: a stemmer object keeps its working word in itself, so two threads stemming with one
    object (the server searches from a thread pool) could read each other's half-stemmed words.
    """
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = snowballstemmer.stemmer("english")
        _local.stemmer = stemmer
    return stemmer


@functools.cache
def _combining() -> re.Pattern[str]:
    """A character class of every combining mark (``unicodedata.combining``), built once (about 0.1 s).

    Why a regex: removing the marks with one ``re.sub`` is three times faster than testing each character
    in Python, and indexing spends most of its time folding text.
    """
    marks = "".join(chr(code) for code in range(0x110000) if unicodedata.combining(chr(code)))
    return re.compile(f"[{re.escape(marks)}]")


def _fold(text: str) -> str:
    """``text`` case-folded with accents removed ("Juppé" → "juppe"), so either spelling finds the other;
    curly apostrophes become straight ones, numbers lose their thousands separators ("3,500" → "3500")
    and possessives their "'s" ("Marrow's" → "marrow")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    folded = decomposed if decomposed.isascii() else _combining().sub("", decomposed)
    return _POSSESSIVE.sub("", _THOUSANDS.sub("", folded))


def words(text: str) -> list[str]:
    """The word tokens of ``text`` as a phrase is compared: folded (see ``_fold``), stop words and stems
    kept as they are, because a phrase is the words as written."""
    return _TOKEN.findall(_fold(text))


@functools.lru_cache(maxsize=200_000)
def _term(word: str) -> str | None:
    """The index term of one folded word, or None for a stop word (or a contraction of one: "don't").

    Cached: news vocabulary repeats heavily, and the cache spares both the stop-word test and the stemmer.
    """
    if word.endswith("n't"):
        return None  # a negated auxiliary ("don't", "wasn't"): every one of them is a stop word
    for clitic in _CLITICS:
        if word.endswith(clitic) and len(word) > len(clitic):
            word = word[: -len(clitic)]
            break
    if not word or word in STOP_WORDS:
        return None
    return str(_stemmer().stemWord(word))


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order: folded words, stop words dropped, Snowball-stemmed.

    Deterministic and the same for passages and queries, which is all that makes them meet.
    """
    return [term for term in map(_term, words(text)) if term is not None]


# -- indexing -------------------------------------------------------------------------------------------


class _Passage(NamedTuple):
    """One searchable passage; its fields are ``search_passages``' columns after ``id``, in order."""

    article: str
    kind: str
    position: int
    start: int
    end: int
    text: str
    speaker: str | None


def _passages(article: Article) -> Iterator[_Passage]:
    """The searchable passages of one article: title, sentences, quotes and claims."""
    if article.title and article.title.strip():
        yield _Passage(article.id, "title", 0, 0, 0, article.title, None)
    for position, sentence in enumerate(article.sentences):
        yield _Passage(article.id, "sentence", position, sentence.start, sentence.end, sentence.text, None)
    for position, quote in enumerate(article.quotes):
        if not quote.content:
            continue
        text = QUOTE_JOINER.join(span.text for span in quote.content)
        start = min(span.start for span in quote.content)
        end = max(span.end for span in quote.content)
        yield _Passage(article.id, "quote", position, start, end, text, quote.speaker.name)
    for position, claim in enumerate(article.claims):
        yield _Passage(article.id, "claim", position, claim.span.start, claim.span.end, claim.text, None)


def _delete(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    """Remove ``ids``' index rows: the indexed mark first and passages last, so that a crash between the
    statements (outside a transaction) leaves the article unindexed, to be redone, never half-indexed."""
    con.execute("DELETE FROM search_indexed WHERE article IN (SELECT unnest(?::VARCHAR[]))", [ids])
    con.execute(
        "DELETE FROM search_terms WHERE passage IN "
        "(SELECT id FROM search_passages WHERE article IN (SELECT unnest(?::VARCHAR[])))",
        [ids],
    )
    con.execute("DELETE FROM search_passages WHERE article IN (SELECT unnest(?::VARCHAR[]))", [ids])


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Bulk-insert an Arrow table (columns named as the table's) through a registered view."""
    if rows.num_rows == 0:
        return
    view = _VIEW + table
    columns = ", ".join(f'"{name}"' for name in rows.column_names)
    con.register(view, rows)
    try:
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view}")
    finally:
        con.unregister(view)


#: The Arrow types of ``search_passages``' columns, in table order.
_PASSAGE_TYPES = {
    "id": pa.int64(),
    "article": pa.string(),
    "kind": pa.string(),
    "position": pa.int32(),
    "start": pa.int32(),
    "end": pa.int32(),
    "text": pa.string(),
    "speaker": pa.string(),
    "length": pa.int32(),
}


def index_articles(con: duckdb.DuckDBPyConnection, articles: Iterable[Article]) -> int:
    """(Re)index ``articles``: replace their passages and terms, mark them indexed; the passages written.

    Of several articles with one id the last wins, as in ``Store.save_articles``. The rows are built as
    Arrow tables and bulk-inserted from them (row-by-row ``executemany`` is 60–90× slower). No
    transaction is opened here, since the caller may already be in one (``Store.save_articles``): run it
    inside one so that the articles and their index change together. Without one, the statements are
    ordered so that a crash leaves an article unindexed (``unindexed_ids`` finds it), never half-indexed.
    """
    latest = {article.id: article for article in articles}
    if not latest:
        return 0
    ids = list(latest)
    # Taken before the delete, so the ids of rows deleted in this transaction are never reused in it.
    top = con.execute("SELECT coalesce(max(id), 0) FROM search_passages").fetchone()
    base = (int(top[0]) if top else 0) + 1
    rows: list[tuple[Any, ...]] = []
    term_passages: list[int] = []
    term_names: list[str] = []
    term_counts: list[int] = []
    for article in latest.values():
        for passage in _passages(article):
            passage_id = base + len(rows)
            found = terms(passage.text)
            counts = Counter(found)
            rows.append((passage_id, *passage, len(found)))
            term_passages.extend(itertools.repeat(passage_id, len(counts)))
            term_names.extend(counts)
            term_counts.extend(counts.values())
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in _PASSAGE_TYPES]
    passage_rows = pa.table(
        {
            name: pa.array(values, type=kind)
            for (name, kind), values in zip(_PASSAGE_TYPES.items(), columns, strict=True)
        }
    )
    term_rows = pa.table(
        {
            "passage": pa.array(term_passages, type=pa.int64()),
            "term": pa.array(term_names, type=pa.string()),
            "tf": pa.array(term_counts, type=pa.int32()),
        }
    )
    _delete(con, ids)
    _insert(con, "search_passages", passage_rows)
    _insert(con, "search_terms", term_rows)
    _insert(con, "search_indexed", pa.table({"article": pa.array(ids, type=pa.string())}))
    return len(rows)


def forget_articles(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> None:
    """Remove the passages, terms and indexed marks of the articles ``ids`` (unknown ids are ignored).

    Call it (or ``index_articles``) whenever an article's record changes or goes: ``unindexed_ids`` only
    sees articles with no mark, not marks that went stale.
    """
    wanted = list(dict.fromkeys(ids))
    if wanted:
        _delete(con, wanted)


def _unindexed(con: duckdb.DuckDBPyConnection, limit: int | None, after: str | None = None) -> list[str]:
    """``unindexed_ids`` from the first id past ``after`` (a cursor, so a batch is never asked for twice)."""
    sql = "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM search_indexed s WHERE s.article = a.id)"
    params: list[Any] = []
    if after is not None:
        sql += " AND a.id > ?"
        params.append(after)
    sql += " ORDER BY a.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(0, int(limit)))
    return [row[0] for row in con.execute(sql, params).fetchall()]


def unindexed_ids(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[str]:
    """Ids of the stored articles not in the index, sorted; at most ``limit`` of them."""
    return _unindexed(con, limit)


def refresh_index(
    con: duckdb.DuckDBPyConnection, load: Callable[[list[str]], list[Article]], batch: int = 200
) -> int:
    """Index every article not yet indexed, ``batch`` at a time (loaded with ``load(ids)``, such as
    ``Store.load_articles``); the number of articles indexed.

    Batches bound the memory a first indexing of a large store takes. An id ``load`` does not return is
    skipped (it stays unindexed) rather than asked for again, so the loop always ends. As with
    ``index_articles``, no transaction is opened: the caller may run each batch (or all) in one.
    """
    size = max(1, int(batch))
    done = 0
    after: str | None = None
    while True:
        ids = _unindexed(con, size, after)
        if not ids:
            return done
        after = ids[-1]
        wanted = set(ids)
        articles = [article for article in load(ids) if article.id in wanted]
        index_articles(con, articles)
        done += len({article.id for article in articles})


# -- searching ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One matching passage: where it is (article, kind, position, offsets into ``Article.text``), its
    text, who said it (quotes only) and its BM25 score (higher is better; 0 when no term was scored)."""

    article: str
    kind: str
    position: int
    start: int
    end: int
    text: str
    speaker: str | None
    score: float


@dataclass(frozen=True)
class _Query:
    include: list[str]  # distinct terms every passage must contain
    exclude: list[str]  # terms no passage may contain (``-word``)
    phrases: list[list[str]]  # word sequences (``words``) that must appear contiguously


def _parse(query: str) -> _Query:
    """Split a query into required terms, ``-excluded`` terms and ``"quoted phrases"``.

    A phrase's terms are required too (the index narrows the candidates, the phrase check then confirms
    the order). An unmatched double quote is ignored.
    """
    text = query.translate(_QUOTE_MARKS)
    phrases = [found for found in (words(match) for match in _PHRASE.findall(text)) if found]
    include: list[str] = [term for phrase in phrases for term in terms(" ".join(phrase))]
    exclude: list[str] = []
    for chunk in _PHRASE.sub(" ", text).replace('"', " ").split():
        if chunk.startswith("-") and len(chunk) > 1:
            exclude.extend(terms(chunk[1:]))
        else:
            include.extend(terms(chunk))
    included = list(dict.fromkeys(include))
    return _Query(included, [term for term in dict.fromkeys(exclude) if term not in included], phrases)


def _contains(sequence: list[str], phrase: list[str]) -> bool:
    """Whether ``phrase`` occurs in ``sequence`` as a contiguous run (words hold no spaces, so comparing
    the space-joined strings is exact, and much faster than comparing slices)."""
    return f" {' '.join(phrase)} " in f" {' '.join(sequence)} "


_HIT_COLUMNS = 'p.article, p.kind, p.position, p.start, p."end", p.text, p.speaker'
_ORDER = "score DESC, article, position, kind, id"


def _candidates(parsed: _Query, kinds: list[str] | None) -> tuple[str, list[Any]]:
    """The SQL (and its parameters) of every passage matching the query's terms, with its BM25 score.

    Only fixed fragments are put together here; every term and kind is a parameter. With required terms
    the passages are those holding all of them (``count(*)`` of distinct terms, as ``search_terms`` has
    one row per passage and term), scored by BM25 over all passages (N, average length). A query of
    phrases made only of stop words has no terms: its candidates are the passages whose lowered,
    accent-stripped text contains each of the phrase's words, all scored 0, for the phrase check to confirm.
    """
    params: list[Any] = []
    if parsed.include:
        sql = (
            "WITH q AS (SELECT DISTINCT unnest(?::VARCHAR[]) AS term), "
            "stats AS (SELECT count(*)::DOUBLE AS n, coalesce(avg(length), 0)::DOUBLE AS avgdl "
            "FROM search_passages), "
            "df AS (SELECT t.term, count(*)::DOUBLE AS df FROM search_terms t JOIN q ON t.term = q.term "
            "GROUP BY t.term), "
            "matched AS (SELECT t.passage, sum("
            "ln(1 + (s.n - d.df + 0.5) / (d.df + 0.5)) * t.tf * (? + 1) "
            "/ (t.tf + ? * (1 - ? + ? * p.length / greatest(s.avgdl, 1e-9)))) AS score "
            "FROM search_terms t JOIN df d ON t.term = d.term JOIN search_passages p ON p.id = t.passage "
            "CROSS JOIN stats s GROUP BY t.passage HAVING count(*) = ?) "
            f"SELECT p.id, {_HIT_COLUMNS}, m.score FROM matched m JOIN search_passages p ON p.id = m.passage "
            "WHERE TRUE"
        )
        params += [parsed.include, K1, K1, B, B, len(parsed.include)]
    else:
        sql = f"SELECT p.id, {_HIT_COLUMNS}, 0.0::DOUBLE AS score FROM search_passages p WHERE TRUE"
        for word in dict.fromkeys(word for phrase in parsed.phrases for word in phrase):
            sql += " AND contains(replace(strip_accents(lower(p.text)), chr(8217), chr(39)), ?)"
            params.append(word)
    if kinds:
        sql += " AND p.kind IN (SELECT unnest(?::VARCHAR[]))"
        params.append(kinds)
    if parsed.exclude:
        sql += (
            " AND NOT EXISTS (SELECT 1 FROM search_terms x WHERE x.passage = p.id "
            "AND x.term IN (SELECT unnest(?::VARCHAR[])))"
        )
        params.append(parsed.exclude)
    return sql, params


def _hit(row: Sequence[Any]) -> SearchHit:
    """A hit from a candidate row ``(id, article, kind, position, start, end, text, speaker, score)``."""
    return SearchHit(
        article=row[1],
        kind=row[2],
        position=int(row[3]),
        start=int(row[4]),
        end=int(row[5]),
        text=row[6],
        speaker=row[7],
        score=float(row[8]),
    )


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    *,
    kinds: Collection[str] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[SearchHit], int]:
    """One page of the passages matching ``query``, best first, and how many match in all.

    A passage matches when it holds every term of the query (so "Dorrance resign" finds the passages with
    both), none of the ``-excluded`` words, and each ``"quoted phrase"`` as contiguous words (compared as
    ``words`` gives them: folded, punctuation and spacing ignored, stop words kept). Hits are ranked by
    BM25 (k1 = 1.2, b = 0.75, idf = ln(1 + (N − df + 0.5) / (df + 0.5)) over all N passages), then by
    article and position. ``kinds`` keeps only passages of those kinds ("title", "sentence", "quote",
    "claim"); None or empty keeps all. A query with nothing to look for (empty, only stop words or
    punctuation) matches nothing: ``([], 0)``.

    Phrases are checked in Python on the candidates the terms select, streamed in rank order, so the
    total is exact and only the page is kept. A phrase made only of stop words (``"to be"``) has no terms:
    its candidates are found by substring in SQL (lowercased and accent-stripped by DuckDB, which agrees
    with ``words``' folding on ordinary text but may miss a passage with, say, a ligature), which scans
    every passage, and all its hits score 0.
    """
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be >= 0 (got limit={limit}, offset={offset})")
    parsed = _parse(query)
    if not parsed.include and not parsed.phrases:
        return [], 0
    sql, params = _candidates(parsed, sorted(set(kinds)) if kinds else None)
    if not parsed.phrases:
        rows = con.execute(
            f"SELECT *, count(*) OVER () AS total FROM ({sql}) ORDER BY {_ORDER} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        if rows:
            return [_hit(row) for row in rows], int(rows[0][9])
        counted = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        return [], int(counted[0]) if counted else 0
    cursor = con.execute(f"SELECT * FROM ({sql}) ORDER BY {_ORDER}", params)
    page: list[SearchHit] = []
    total = 0
    while chunk := cursor.fetchmany(1000):
        for row in chunk:
            sequence = words(row[6] or "")
            if all(_contains(sequence, phrase) for phrase in parsed.phrases):
                if offset <= total < offset + limit:
                    page.append(_hit(row))
                total += 1
    return page, total
