"""Near-duplicate articles (wire copy republished with another header) found with MinHash LSH.

Why MinHash: comparing shingle sets pairwise is quadratic; LSH buckets make a corpus of millions linear,
and the same signatures can be computed per article on any executor.
"""

from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

from storyline.model import Article

_WORD = re.compile(r"\w+")
SHINGLE = 5
PERMUTATIONS = 128


def signature(text: str) -> MinHash:
    """MinHash of the article's word 5-shingles (lower-cased)."""
    words = [word.lower() for word in _WORD.findall(text)]
    minhash = MinHash(num_perm=PERMUTATIONS)
    if len(words) < SHINGLE:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[index : index + SHINGLE]) for index in range(len(words) - SHINGLE + 1)}
    for shingle in shingles:
        minhash.update(shingle.encode("utf-8"))
    return minhash


def mark_near_duplicates(articles: list[Article], threshold: float = 0.8) -> int:
    """Set ``duplicate_of`` on every article that near-duplicates an earlier one; returns how many.

    The first article seen is the original: later copies point at it (never at another copy).
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    signatures: dict[str, MinHash] = {}
    marked = 0
    for article in articles:
        minhash = signature(article.text)
        candidates = [key for key in lsh.query(minhash) if minhash.jaccard(signatures[key]) >= threshold]
        if candidates:
            article.duplicate_of = _original(candidates)
            marked += 1
            continue
        key = f"{len(signatures)}#{article.id}"
        signatures[key] = minhash
        lsh.insert(key, minhash)
    return marked


def _original(candidates: list[str]) -> str:
    first = min(candidates, key=lambda key: int(key.split("#", 1)[0]))
    return first.split("#", 1)[1]
