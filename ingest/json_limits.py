"""The one nesting limit for every JSON the bot reads, and the encodings JSON may come in.

Python's ``json`` recurses once per level (a few thousand levels end in ``RecursionError``),
and a streaming parser's events cost memory and time in proportion to the depth they sit at, so
a small file of nested brackets can take gigabytes. No article, feed or Telegram update nests
anywhere near ``MAX_DEPTH``; deeper JSON is refused before it is parsed, by a scan that skips
strings (with their escapes) in C and counts only brackets.
"""

from __future__ import annotations

import io
import json
import re
from typing import BinaryIO

from errors import SourceError
from ingest.text import BOMS

MAX_DEPTH = 64

# A string (escapes included), an opening bracket, a closing bracket.
_TOKENS = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")|([\[{])|([\]}])')
_TOKENS_BYTES = re.compile(rb'("[^"\\]*(?:\\.[^"\\]*)*")|([\[{])|([\]}])')
_OPEN, _CLOSE = 2, 3


class TooDeep(SourceError):
    """JSON nested deeper than the limit: refused before it is parsed."""

    def __init__(self, limit: int = MAX_DEPTH) -> None:
        super().__init__(f"nested deeper than {limit} levels")


def within_depth(text: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """Say whether no bracket of the JSON ``text`` sits more than ``limit`` levels deep."""
    if isinstance(text, bytes):
        if text.count(b"[") + text.count(b"{") <= limit:
            return True
        kinds = (token.lastindex for token in _TOKENS_BYTES.finditer(text))
    else:
        if text.count("[") + text.count("{") <= limit:
            return True
        kinds = (token.lastindex for token in _TOKENS.finditer(text))
    depth = 0
    for kind in kinds:
        if kind == _OPEN:
            depth += 1
            if depth > limit:
                return False
        elif kind == _CLOSE:
            depth -= 1
    return True


def check_depth(text: str | bytes, limit: int = MAX_DEPTH) -> None:
    """Raise TooDeep when the JSON ``text`` nests deeper than ``limit``."""
    if not within_depth(text, limit):
        raise TooDeep(limit)


def load_json(text: str | bytes) -> object:
    """``json.loads`` within the depth limit; raises TooDeep, or SourceError for invalid JSON."""
    check_depth(text)
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise SourceError(f"not valid JSON ({reason})") from exc


def json_encoding(head: bytes) -> tuple[str, int]:
    """The encoding of JSON starting with ``head`` and the length of its byte-order mark.

    Without a mark, RFC 4627's rule: JSON starts with an ASCII character, so the pattern of
    zero bytes among the first four says UTF-32 or UTF-16, big- or little-endian.
    """
    for bom, name in BOMS:
        if head.startswith(bom):
            return name, len(bom)
    if len(head) >= 4:
        if head[:3] == b"\0\0\0" and head[3]:
            return "utf-32-be", 0
        if head[0] and head[1:4] == b"\0\0\0":
            return "utf-32-le", 0
    if len(head) >= 2:
        if not head[0] and head[1]:
            return "utf-16-be", 0
        if head[0] and not head[1]:
            return "utf-16-le", 0
    return "utf-8", 0


def json_text(data: bytes) -> str | None:
    """The text of JSON bytes in UTF-16 or UTF-32 (by mark or by RFC 4627's rule), else None."""
    encoding, mark = json_encoding(data[:4])
    if encoding == "utf-8":
        return None
    return data[mark:].decode(encoding, errors="replace")


class _Utf8Reader(io.RawIOBase):
    """UTF-8 bytes of a text stream, for parsers that read bytes; ``tell`` is the source's offset."""

    def __init__(self, text: io.TextIOWrapper, source: BinaryIO) -> None:
        self._text = text
        self._source = source
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._text.read(max(1, len(buffer) // 4))
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def tell(self) -> int:
        return self._source.tell()


def utf8_stream(handle: BinaryIO) -> BinaryIO:
    """A binary file of JSON as UTF-8 without a byte-order mark, whatever it was written in."""
    head = handle.read(4)
    encoding, mark = json_encoding(head)
    handle.seek(mark)
    if encoding == "utf-8":
        return handle
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace")
    return io.BufferedReader(_Utf8Reader(text, handle))
