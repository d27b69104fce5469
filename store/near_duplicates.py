"""An in-memory index of 64-bit simhashes that finds near-duplicates without comparing every pair.

Splitting the 64 bits into ``max_distance + 1`` bands means two hashes within ``max_distance`` bits share
at least one band exactly (pigeonhole), so only articles in the same band buckets are compared.
"""

from __future__ import annotations

from collections import defaultdict


class SimhashIndex:
    """Finds an indexed hash within ``max_distance`` bits of a query hash."""

    def __init__(self, max_distance: int = 3) -> None:
        self.max_distance = max_distance
        self._bands = max_distance + 1
        self._width = 64 // self._bands
        self._buckets: list[defaultdict[int, list[tuple[int, int]]]] = [
            defaultdict(list) for _ in range(self._bands)
        ]

    def _keys(self, value: int) -> list[int]:
        unsigned = value & 0xFFFFFFFFFFFFFFFF
        mask = (1 << self._width) - 1
        return [(unsigned >> (band * self._width)) & mask for band in range(self._bands)]

    def add(self, value: int, item_id: int) -> None:
        for band, key in enumerate(self._keys(value)):
            self._buckets[band][key].append((value, item_id))

    def find(self, value: int) -> int | None:
        """The id of an indexed near-duplicate of ``value``, or None."""
        for band, key in enumerate(self._keys(value)):
            for other, item_id in self._buckets[band].get(key, ()):
                if bin((value ^ other) & 0xFFFFFFFFFFFFFFFF).count("1") <= self.max_distance:
                    return item_id
        return None
