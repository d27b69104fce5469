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


class _CappedValue:
    """One value built from its events, keeping none past ``cap`` bytes (``over``), though every
    event up to the value's end is still taken."""

    def __init__(self, event: str, value: Any, cap: int) -> None:
        import ijson

        self._builder = ijson.ObjectBuilder()
        self._builder.event(event, value)
        self._cap = cap
        self._size = 0
        self.depth = 1
        self.over = False

    def take(self, event: str, value: Any) -> bool:
        """Add the next event; True once it ended the value."""
        if not self.over:
            self._size += _weight(event, value)
            self.over = self._size > self._cap
            if not self.over:
                self._builder.event(event, value)
        if event in _STARTS:
            self.depth += 1
        elif event in _ENDS:
            self.depth -= 1
        return self.depth == 0

    @property
    def value(self) -> object:
        return self._builder.value


def _build(events: Iterator[tuple[str, str, Any]], event: str, value: Any, cap: int) -> object:
    """The value that starts with (event, value), read to its end; raises _TooLarge past ``cap``
    (after reading past the rest of the value)."""
    if event not in _STARTS:
        return value
    built = _CappedValue(event, value, cap)
    for _prefix, event, value in events:
        if built.take(event, value):
            break
    if built.over:
        raise _TooLarge
    return built.value


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
    built = _CappedValue("start_map", None, cap)
    for prefix, event, value in events:
        if built.depth == 1 and event == "start_array" and prefix.split(".")[-1] in LIST_FIELDS:
            yield from _items(events, cap)
            for _rest in events:  # the fields after the list are not articles
                pass
            return
        if built.take(event, value):
            break
    if built.over:
        yield "item 1", SourceError(f"record is too large (over {cap:,} bytes)")
    else:
        yield "item 1", built.value
