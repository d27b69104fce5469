"""Fingerprints of article text: an exact content hash and a 64-bit simhash for near-duplicates."""

from __future__ import annotations

import hashlib
import math
import re

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"\w+")
_SHINGLE = 2
_BITS = 64
_MASK = (1 << _BITS) - 1
_SIGN = 1 << (_BITS - 1)
# Two articles whose simhashes agree in this share of bits (0.85: all but 9 of 64) are one story
# edited, stored once.
NEAR_DUPLICATE_THRESHOLD = 0.85
# Odd multipliers that spread a word hash across all 64 bits when combining a shingle.
_MIX = (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB)


def content_hash(title: str, text: str) -> str:
    """The sha256 of title and text with case and whitespace differences ignored."""
    canonical = " ".join(f"{title}\n{text}".casefold().split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class WordHashes:
    """Stable 64-bit word hashes (Python's hash() changes between processes), remembered across
    the articles of one run: news repeats its words, and blake2b per word is most of a simhash's
    cost. Not shared between threads; make one per run."""

    def __init__(self) -> None:
        self._known: dict[str, int] = {}

    def of(self, words: list[str]) -> npt.NDArray[np.uint64]:
        known = self._known
        for word in set(words).difference(known):
            digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
            known[word] = int.from_bytes(digest, "little")
        return np.fromiter(map(known.__getitem__, words), dtype=np.uint64, count=len(words))


def _shingle_hashes(words: list[str], known: WordHashes) -> npt.NDArray[np.uint64]:
    """Hashes of overlapping word pairs, mixed with splitmix64 so every bit is well spread."""
    hashes = known.of(words)
    if len(hashes) < _SHINGLE:
        combined = hashes
    else:
        count = len(hashes) - _SHINGLE + 1
        combined = np.zeros(count, dtype=np.uint64)
        for offset, multiplier in enumerate(_MIX[:_SHINGLE]):
            combined ^= hashes[offset : offset + count] * np.uint64(multiplier)
    mixed: npt.NDArray[np.uint64] = combined ^ (combined >> np.uint64(30))
    mixed = mixed * np.uint64(_MIX[1])
    mixed ^= mixed >> np.uint64(27)
    mixed = mixed * np.uint64(_MIX[2])
    mixed ^= mixed >> np.uint64(31)
    return mixed


def simhash(text: str, known: WordHashes | None = None) -> int:
    """A 64-bit simhash over word shingles, as a signed int so SQLite can store it.

    Pass one ``WordHashes`` for a run of articles to hash each distinct word once.
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return 0
    hashes = _shingle_hashes(words, known or WordHashes())
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(hashes)
    value = 0
    for index in np.flatnonzero(votes > 0):
        value |= 1 << int(index)
    return value - (1 << _BITS) if value & _SIGN else value


def hamming(a: int, b: int) -> int:
    """The number of differing bits between two 64-bit fingerprints (signed or unsigned)."""
    return ((a ^ b) & _MASK).bit_count()


def similarity(a: int, b: int) -> float:
    """Similarity of two simhashes in [0, 1]: the share of equal bits."""
    return 1.0 - hamming(a, b) / _BITS


def is_near_duplicate(a: int, b: int, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> bool:
    """Say whether two simhashes are within the near-duplicate threshold."""
    return similarity(a, b) >= threshold


def max_near_distance(threshold: float) -> int:
    """The most bits two simhashes may differ in and still be near-duplicates at ``threshold``."""
    return math.floor(_BITS * (1.0 - threshold) + 1e-9)
