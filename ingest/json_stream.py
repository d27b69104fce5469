"""Records of a JSON file read one at a time with ijson, whatever the file's size.

A file is one object, a list of objects, or an object holding such a list under ``articles``,
``items`` or ``entries`` (as ``parse_json`` reads them). Each record is built alone, and one
larger than the cap is skipped (its events are read past, never kept) with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from errors import SourceError

LIST_FIELDS = frozenset({"articles", "items", "entries"})
_STARTS = frozenset({"start_map", "start_array"})
_ENDS = frozenset({"end_map", "end_array"})

Record = tuple[str, object | SourceError]  # label, the record or why not


class _TooLarge(Exception):
    pass


def _weight(event: str, value: Any) -> int:
    if event in ("string", "map_key"):
        return len(value) + 3
    return 8


def _build(events: Iterator[tuple[str, str, Any]], event: str, value: Any, cap: int) -> object:
    """The value that starts with (event, value), read to its end; raises _TooLarge past ``cap``
    (after reading past the rest of the value)."""
    import ijson

    if event not in _STARTS:
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth, size, over = 1, 0, False
    for _prefix, event, value in events:
        if not over:
            size += _weight(event, value)
            over = size > cap
            if not over:
                builder.event(event, value)
        if event in _STARTS:
            depth += 1
        elif event in _ENDS:
            depth -= 1
            if depth == 0:
                break
    if over:
        raise _TooLarge
    return builder.value


def _items(events: Iterator[tuple[str, str, Any]], cap: int, first: int = 1) -> Iterator[Record]:
    """The elements of the array whose start was just read, one record each."""
    number = first
    for _prefix, event, value in events:
        if event == "end_array":
            return
        label = f"item {number}"
        try:
            yield label, _build(events, event, value, cap)
        except _TooLarge:
            yield label, SourceError(f"record is too large (over {cap:,} bytes)")
        number += 1


def json_records(handle: IO[bytes], cap: int) -> Iterator[Record]:
    """Every record of a JSON file, in order; a syntax error ends the file with one problem."""
    import ijson

    events = ijson.parse(handle, use_float=True)
    count = 0
    try:
        for _prefix, event, _value in events:
            if event == "start_array":
                for record in _items(events, cap):
                    count += 1
                    yield record
                continue
            if event != "start_map":
                yield "file", SourceError("JSON holds neither an object nor a list of objects")
                return
            yield from _object_or_list(events, cap)
            return
    except ijson.JSONError as exc:
        where = f" after {count} records" if count else ""
        yield "file", SourceError(f"not valid JSON{where} ({str(exc)[:80]})")


def _object_or_list(events: Iterator[tuple[str, str, Any]], cap: int) -> Iterator[Record]:
    """A top-level object: the list it holds under a list field, else itself as one record."""
    import ijson

    builder = ijson.ObjectBuilder()
    builder.event("start_map", None)
    depth, size, over = 1, 0, False
    for prefix, event, value in events:
        if depth == 1 and event == "start_array" and prefix.split(".")[-1] in LIST_FIELDS:
            yield from _items(events, cap)
            for _rest in events:  # the fields after the list are not articles
                pass
            return
        if not over:
            size += _weight(event, value)
            over = size > cap
            if not over:
                builder.event(event, value)
        if event in _STARTS:
            depth += 1
        elif event in _ENDS:
            depth -= 1
            if depth == 0:
                break
    if over:
        yield "item 1", SourceError(f"record is too large (over {cap:,} bytes)")
    else:
        yield "item 1", builder.value
