"""Reading a model's reply as plain text: reasoning stripped, markup removed, claims cut out.

A claim is a piece of text followed by citation markers (``[2]``, ``[1][3]``, ``[1, 2]``). What
this module returns is still unchecked; ``checks`` decides what survives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.sentences import split_sentences

_REASONING_TAGS = "think|thinking|thought|reasoning|reflection|analysis"
_REASONING_BLOCK = re.compile(rf"<(?P<tag>{_REASONING_TAGS})\b[^>]*>.*?</(?P=tag)\s*>", re.I | re.S)
_REASONING_OPEN = re.compile(rf"<(?:{_REASONING_TAGS})\b[^>]*>", re.I)
_REASONING_CLOSE = re.compile(rf"</(?:{_REASONING_TAGS})\s*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_BULLET = re.compile(r"^\s*(?:[-*•·‣▪–—>]+|\(?\d{1,2}[.)]|#{1,6})\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`+|~~)")
_MARKERS = re.compile(r"(?:\s*[\[［]\s*\d{1,4}(?:\s*[,;\-–]\s*\d{1,4})*\s*[\]］])+")
_ONE_MARKER = re.compile(r"[\[［]\s*(\d{1,4}(?:\s*[,;\-–]\s*\d{1,4})*)\s*[\]］]")
_AFTER_MARKERS = re.compile(r"^[.!?…。！？]+")
_MAX_RANGE = 10


@dataclass(frozen=True)
class RawClaim:
    """A piece of model text and the passage numbers written after it (possibly none)."""

    text: str
    numbers: tuple[int, ...]


def strip_reasoning(text: str) -> str:
    """The reply without ``<think>…</think>`` (and similar) blocks.

    An unclosed opening tag hides the rest of the reply (it may still close while streaming);
    a closing tag with no opening one ends a reasoning prelude, which is dropped. A tag still
    arriving ("<thi") sits on the unfinished last line, which is never checked before it ends.
    """
    text = _REASONING_BLOCK.sub("", text)
    closing = list(_REASONING_CLOSE.finditer(text))
    if closing:
        text = text[closing[-1].end() :]
    opening = _REASONING_OPEN.search(text)
    if opening:
        text = text[: opening.start()]
    return text


def clean_line(line: str) -> str:
    """One line of reply as plain text: bullets, Markdown emphasis and HTML tags removed."""
    line = _TAG.sub("", line)
    line = html.unescape(line)
    line = _TAG.sub("", line)  # tags that were written escaped (&lt;b&gt;)
    line = _BULLET.sub("", line)
    line = _EMPHASIS.sub("", line)
    return " ".join(line.split())


def marker_numbers(marker: str) -> tuple[int, ...]:
    """The passage numbers of a marker run (``[1][3]``, ``[1, 2]``, ``[2-4]``), in order, once each."""
    numbers: list[int] = []
    for match in _ONE_MARKER.finditer(marker):
        for part in re.split(r"\s*[,;]\s*", match.group(1)):
            bounds = [int(n) for n in re.split(r"\s*[\-–]\s*", part) if n]
            if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= _MAX_RANGE:
                numbers.extend(range(bounds[0], bounds[1] + 1))
            else:
                numbers.extend(bounds)
    return tuple(dict.fromkeys(numbers))


def claims(line: str) -> Iterator[RawClaim]:
    """The claims of one clean line, in order.

    Text before a marker run is one sentence or several; only the last of them carries the
    markers, the others come out uncited. Text after the last marker run is uncited too.
    """
    start = 0
    for match in _MARKERS.finditer(line):
        segment = line[start : match.start()]
        start = match.end()
        tail = _AFTER_MARKERS.match(line[start:])
        if tail:
            start += tail.end()
            if not segment.rstrip().endswith((".", "!", "?", "…")):
                segment = segment.rstrip() + tail.group()
        yield from _sentences(segment, marker_numbers(match.group()))
    yield from _sentences(line[start:], ())


def _sentences(segment: str, numbers: tuple[int, ...]) -> Iterator[RawClaim]:
    text = segment.strip()
    if not any(ch.isalnum() for ch in text):
        return
    pieces = split_sentences(text) or [text]
    for piece in pieces[:-1]:
        yield RawClaim(piece, ())
    yield RawClaim(pieces[-1], numbers)
