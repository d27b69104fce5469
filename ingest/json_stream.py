"""Records of a JSON file read one at a time with ijson, whatever the file's size.

A file is one object, a list of objects, or an object holding such a list under ``articles``,
``items`` or ``entries`` (as ``parse_json`` reads them). Each record is built alone, and one
larger than the cap or nested deeper than ``MAX_DEPTH`` is skipped (its events are read past,
never kept) with a reason. ijson's ``basic_parse`` events carry no path, so each costs the same
at any depth: the depth is counted here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

from errors import SourceError
from ingest.json_limits import MAX_DEPTH, TooDeep, utf8_stream

LIST_FIELDS = frozenset({"articles", "items", "entries"})
_STARTS = frozenset({"start_map", "start_array"})
_ENDS = frozenset({"end_map", "end_array"})

Record = tuple[str, object | SourceError]  # label, the record or why not
Events = Iterator[tuple[str, Any]]


def _weight(event: str, value: Any) -> int:
    if event in ("string", "map_key"):
        return len(value) + 3
    return 8


class _CappedValue:
    """One value built from its events, keeping none once past ``cap`` bytes or deeper than
    ``MAX_DEPTH`` (counting the ``outer`` levels around it) (``problem``), though every event up
    to the value's end is still taken."""

    def __init__(self, event: str, value: Any, cap: int, outer: int) -> None:
        import ijson

        self._builder = ijson.ObjectBuilder()
        self._builder.event(event, value)
        self._cap = cap
        self._size = 0
        self._room = MAX_DEPTH - outer
        self.depth = 1
        self.problem: SourceError | None = None if self._room >= 1 else TooDeep()

    def take(self, event: str, value: Any) -> bool:
        """Add the next event; True once it ended the value."""
        if event in _STARTS:
            self.depth += 1
            if self.depth > self._room and self.problem is None:
                self.problem = TooDeep()
        elif event in _ENDS:
            self.depth -= 1
        if self.problem is None:
            self._size += _weight(event, value)
            if self._size > self._cap:
                self.problem = SourceError(f"record is too large (over {self._cap:,} bytes)")
            else:
                self._builder.event(event, value)
        return self.depth == 0

    @property
    def value(self) -> object:
        return self._builder.value


def _build(events: Events, event: str, value: Any, cap: int, outer: int) -> object | SourceError:
    """The value that starts with (event, value), read to its end, or why it was not kept."""
    if event not in _STARTS:
        return cast(object, value)
    built = _CappedValue(event, value, cap, outer)
    for event, value in events:
        if built.take(event, value):
            break
    return built.problem or built.value


def _items(events: Events, cap: int, outer: int) -> Iterator[Record]:
    """The elements of the array whose start was just read (``outer`` levels deep), one each."""
    number = 1
    for event, value in events:
        if event == "end_array":
            return
        yield f"item {number}", _build(events, event, value, cap, outer)
        number += 1


def json_records(handle: BinaryIO, cap: int) -> Iterator[Record]:
    """Every record of a JSON file (UTF-8, -16 or -32), in order; a syntax error ends the file
    with one problem."""
    import ijson

    events = ijson.basic_parse(utf8_stream(handle), use_float=True)
    count = 0
    try:
        for event, _value in events:
            if event == "start_array":
                for record in _items(events, cap, outer=1):
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
        yield "file", SourceError(f"not valid JSON{where} ({_reason(exc)})")


def _reason(exc: Exception) -> str:
    """The parser's complaint in one short line, without the bytes it quotes."""
    return str(exc).split("\n")[0].strip()[:80]


def _object_or_list(events: Events, cap: int) -> Iterator[Record]:
    """A top-level object: the list it holds under a list field, else itself as one record."""
    built = _CappedValue("start_map", None, cap, outer=0)
    key = None
    for event, value in events:
        if built.depth == 1 and event == "map_key":
            key = value
        elif built.depth == 1 and event == "start_array" and key in LIST_FIELDS:
            yield from _items(events, cap, outer=2)
            for _rest in events:  # the fields after the list are not articles
                pass
            return
        if built.take(event, value):
            break
    yield "item 1", built.problem or built.value


def object_fields(handle: BinaryIO, list_field: str) -> tuple[dict[str, object], list[Record]]:
    """A top-level object's fields, and the elements of its list under ``list_field`` one record
    each: a field or element too deep is a SourceError in its place, the others are kept.

    Raises SourceError when the JSON is not an object or not valid.
    """
    import ijson

    events = ijson.basic_parse(utf8_stream(handle), use_float=True)
    fields: dict[str, object] = {}
    records: list[Record] = []
    try:
        event, _value = next(events, ("", None))
        if event != "start_map":
            raise SourceError("JSON holds no object")
        for event, key in events:
            if event == "end_map":
                break
            event, value = next(events, ("end", None))
            if key == list_field and event == "start_array":
                records = list(_items(events, sys.maxsize, outer=2))
            else:
                fields[key] = _build(events, event, value, sys.maxsize, outer=1)
    except ijson.JSONError as exc:
        raise SourceError(f"not valid JSON ({_reason(exc)})") from exc
    return fields, records
