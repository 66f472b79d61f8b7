"""Near-duplicate articles (wire copy republished with another header) found with MinHash LSH.

Why MinHash: comparing shingle sets pairwise is quadratic; LSH buckets make a corpus of millions linear,
and the signature of an article depends on that article alone, so any executor can compute it.
Why our own (numpy) implementation: datasketch pulls in SciPy at import, which cost a third of a second
of every command's start-up; the algorithm itself is a few lines.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import numpy as np

from storyline.model import Article

_WORD = re.compile(r"\w+")
SHINGLE = 5
PERMUTATIONS = 128
BANDS, ROWS = 32, 4  # 32 x 4 = 128; a pair with Jaccard 0.8 shares a band with probability > 0.99
_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64((1 << 32) - 1)
_rng = np.random.default_rng(20120706)  # fixed: signatures must agree across processes and runs
_A = _rng.integers(1, 1 << 32, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, size=PERMUTATIONS, dtype=np.uint64)


def shingles(text: str) -> set[str]:
    """Lower-cased word 5-grams (the whole text for very short ones)."""
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words)}
    return {" ".join(words[index : index + SHINGLE]) for index in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    """MinHash signature: for each of 128 hash functions, the minimum over the shingles."""
    hashes = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(item.encode("utf-8"), digest_size=4).digest(), "little")
            for item in shingles(text)
        ),
        dtype=np.uint64,
    )
    # (a * x + b) mod p with x < 2^32 and a, b < 2^32 stays below 2^64; the mask keeps 32 bits.
    values = ((hashes[:, None] * _A[None, :] + _B[None, :]) % _PRIME) & _MASK
    return values.min(axis=0)


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(first == second))


def mark_near_duplicates(articles: list[Article], threshold: float = 0.8) -> int:
    """Set ``duplicate_of`` on every article that near-duplicates an earlier one; returns how many.

    The first article seen is the original: later copies point at it (never at another copy).
    """
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    originals: list[tuple[str, np.ndarray]] = []
    marked = 0
    for article in articles:
        minhash = signature(article.text)
        bands = [(band, minhash[band * ROWS : (band + 1) * ROWS].tobytes()) for band in range(BANDS)]
        candidates = sorted({index for key in bands for index in buckets.get(key, [])})
        match = next(
            (index for index in candidates if jaccard(minhash, originals[index][1]) >= threshold), None
        )
        if match is not None:
            article.duplicate_of = originals[match][0]
            marked += 1
            continue
        for key in bands:
            buckets[key].append(len(originals))
        originals.append((article.id, minhash))
    return marked
