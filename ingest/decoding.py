"""Content-Encoding undone under a cap on the decompressed size, so a gzip bomb cannot fill memory.

httpx would decompress a whole network chunk at once (a 64 KB chunk of a bomb is 64 MB); here
each step is told how much it may produce, and the count is of decompressed bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

from errors import SourceError

ACCEPTED = "gzip, deflate"
_STEP = 64 * 1024


class TooLarge(SourceError):
    """The body grew past the cap once decompressed."""


class _Inflater:
    """gzip (several members too), zlib-wrapped or raw deflate, one bounded step at a time."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._raw_deflate = False
        self._object = self._new()

    def _new(self) -> zlib._Decompress:
        if self._encoding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> bytes:
        """Decompress ``data``; raises TooLarge once more than ``room`` bytes come out."""
        out: list[bytes] = []
        made = 0
        pending = data
        while pending:
            try:
                piece = self._object.decompress(pending, min(_STEP, room - made + 1))
            except zlib.error as exc:
                if self._encoding == "deflate" and not self._raw_deflate and not made:
                    self._raw_deflate = True  # servers often send raw deflate under that name
                    self._object = self._new()
                    continue
                raise SourceError(f"the {self._encoding} data is damaged") from exc
            out.append(piece)
            made += len(piece)
            if made > room:
                raise TooLarge("too large once decompressed")
            pending = self._object.unconsumed_tail
            if self._object.eof:
                pending = self._object.unused_data
                if pending and self._encoding == "gzip" and pending.strip(b"\0"):
                    self._object = self._new()  # the next gzip member
                else:
                    pending = b""
            elif not piece and not pending:
                break
        return b"".join(out)


async def read_capped(chunks: AsyncIterator[bytes], encoding: str, limit: int) -> bytes:
    """The body of ``chunks`` (raw, as sent) decoded from ``encoding``, at most ``limit`` bytes.

    Raises TooLarge past the limit, SourceError for an encoding we did not ask for.
    """
    codings = [
        c.strip().lower() for c in encoding.split(",") if c.strip() and c.strip().lower() != "identity"
    ]
    if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
        raise SourceError(f"the server sent an encoding we cannot read ({encoding})")
    inflater = (
        _Inflater("gzip" if codings and codings[0] in ("gzip", "x-gzip") else "deflate") if codings else None
    )
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        piece = inflater.feed(chunk, limit - size) if inflater is not None else chunk
        size += len(piece)
        if size > limit:
            raise TooLarge("too large")
        parts.append(piece)
    return b"".join(parts)
