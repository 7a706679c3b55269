"""Near-duplicate detection: MinHash signatures over word shingles, with LSH banding.

Syndicated wire copy and republished articles differ in a byline, a headline or a trailing
paragraph but share most of their word 5-grams. Each article gets a MinHash signature of
``PERMS`` 32-bit values; two articles whose estimated Jaccard similarity of shingle sets is at
least ``threshold`` are near-duplicates. Candidate pairs come from LSH banding (``BANDS``
bands of ``ROWS`` rows: pairs at Jaccard ≈ 0.42 or more collide with probability ≥ 1/2,
at 0.7 with probability ≈ 0.99), so finding candidates costs O(1) per article
(Broder 1997; Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

PERMS = 128
BANDS = 32
ROWS = PERMS // BANDS
SHINGLE = 5
DEFAULT_THRESHOLD = 0.7

_WORD = re.compile(r"\w+", re.UNICODE)
_MASK32 = np.uint64(0xFFFFFFFF)

# Multiply-shift hash family h(x) = ((a*x + b) mod 2^64) >> 32 with odd a: fixed seeds so
# signatures stored by one run compare with those of the next.
_rng = np.random.default_rng(20161108)
_A = (_rng.integers(1, 2**63 - 1, size=PERMS, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 2**63 - 1, size=PERMS, dtype=np.uint64)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The set of case-folded word *k*-grams of *text* (the whole text if shorter)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def minhash(text: str) -> np.ndarray:
    """The MinHash signature (``PERMS`` uint32 values) of *text*'s shingle set."""
    sh = shingles(text)
    if not sh:
        return np.full(PERMS, 0xFFFFFFFF, dtype=np.uint32)
    base = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "little") for s in sh),
        dtype=np.uint64, count=len(sh),
    )
    with np.errstate(over="ignore"):
        hashed = (np.outer(base, _A) + _B) >> np.uint64(32)  # wraps mod 2^64 by design
    return (hashed & _MASK32).min(axis=0).astype(np.uint32)


def to_bytes(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets behind signatures *a* and *b*."""
    return float(np.mean(a == b))


class DuplicateIndex:
    """An in-memory LSH index of signatures; ``match`` finds the article a text copies."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self._buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
        self._sigs: dict[str, np.ndarray] = {}
        self._root: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sigs

    @staticmethod
    def _bands(sig: np.ndarray) -> Iterable[tuple[int, bytes]]:
        raw = to_bytes(sig)
        step = ROWS * 4
        for band in range(BANDS):
            yield band, raw[band * step:(band + 1) * step]

    def add(self, article_id: str, sig: np.ndarray, duplicate_of: str | None = None) -> None:
        """Index *sig*; a duplicate remembers its root so later copies link to the original."""
        if article_id in self._sigs:
            return
        self._sigs[article_id] = sig
        self._root[article_id] = self._root.get(duplicate_of, duplicate_of) if duplicate_of else article_id
        for key in self._bands(sig):
            self._buckets[key].append(article_id)

    def match(self, sig: np.ndarray) -> tuple[str, float] | None:
        """The original (root) article that *sig* nearly duplicates, with the similarity."""
        if not np.any(sig != 0xFFFFFFFF):  # empty text: nothing to compare
            return None
        seen: set[str] = set()
        best: tuple[str, float] | None = None
        for key in self._bands(sig):
            for other in self._buckets.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                sim = similarity(sig, self._sigs[other])
                if sim >= self.threshold and (best is None or sim > best[1]):
                    best = (other, sim)
        if best is None:
            return None
        return self._root.get(best[0], best[0]), best[1]
