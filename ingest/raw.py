"""Keeping what an article was read from: compressed, and only up to a size."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from ingest.types import RawSource

ENCODING = "zlib"
_LEVEL = 6  # zlib's default: most of the saving at a fraction of level 9's time


@dataclass(frozen=True)
class PackedSource:
    """A raw source ready to keep: ``data`` compressed with ``encoding``."""

    media_type: str
    encoding: str
    size: int  # bytes before compression
    data: bytes


def pack_source(raw: RawSource | None, max_bytes: int) -> PackedSource | None:
    """The source compressed, or None when there is none or it is over ``max_bytes`` (0 keeps none)."""
    if raw is None or not raw.data or len(raw.data) > max_bytes:
        return None
    return PackedSource(raw.media_type, ENCODING, len(raw.data), zlib.compress(raw.data, _LEVEL))


def unpack_source(encoding: str, data: bytes) -> bytes:
    """The original bytes of a kept source."""
    if encoding != ENCODING:
        raise ValueError(f"unknown source encoding {encoding!r}")
    return zlib.decompress(data)
