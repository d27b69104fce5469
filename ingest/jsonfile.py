"""JSON and JSON Lines files to articles; one broken record never spoils the others."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from errors import SourceError
from ingest.dates import parse_published
from ingest.html import looks_like_html
from ingest.html_units import fragment_units
from ingest.json_limits import load_json, within_depth
from ingest.json_stream import json_records
from ingest.layout import text_units
from ingest.structure import assemble, parsed_article
from ingest.text import normalize_text
from ingest.types import ParsedArticle, RawSource
from ingest.units import Unit
from ingest.urls import canonical_url

_TEXT_FIELDS = ("text", "body", "content")
_DATE_FIELDS = ("published", "published_at", "date", "pubDate")
_LIST_FIELDS = ("articles", "items", "entries")

# Articles, refusals (a record not stored) and notes (a record stored without some field).
Parsed = tuple[list[ParsedArticle], list[str], list[str]]


def _field(item: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = item.get(name)
        if value not in (None, ""):
            return value
    return None


def _body_units(text: str) -> list[Unit]:
    """The units of a record's body: HTML markup by its tags, plain text by its layout."""
    return fragment_units(text) if looks_like_html(text) else text_units(text)


def _json_kind(value: object) -> str:
    """What a JSON value is, in JSON's words rather than Python's."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else type(value).__name__


def article_from_record(
    item: object, *, default_source: str = "", raw: bytes | None = None
) -> tuple[ParsedArticle, list[str]]:
    """Build one article from a JSON object; returns it with notes about ignored fields.

    The body is read by the same structure rules as a file: a ``title`` field names the headline,
    a ``standfirst`` (or ``summary``) field the standfirst. ``raw`` is the record as it was read.
    Raises SourceError when the record is not an object or has no text.
    """
    if not isinstance(item, dict):
        raise SourceError(f"not an object but {_json_kind(item)}")
    raw_text = _field(item, _TEXT_FIELDS)
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise SourceError("no text (expected a 'text', 'body' or 'content' field)")
    notes: list[str] = []
    title = item.get("title")
    if isinstance(title, int | float) and not isinstance(title, bool):
        title = str(title)
    title = normalize_text(title).replace("\n", " ") if isinstance(title, str) else ""
    standfirst = item.get("standfirst") or item.get("summary") or ""
    standfirst = normalize_text(standfirst).replace("\n", " ") if isinstance(standfirst, str) else ""
    if looks_like_html(standfirst):
        standfirst = " ".join(unit.text for unit in fragment_units(standfirst))
    structure = assemble(_body_units(raw_text), title=title, standfirst=standfirst)
    url = None
    raw_url = item.get("url") or item.get("link")
    if raw_url:
        try:
            url = canonical_url(str(raw_url))
        except SourceError as exc:
            notes.append(f"url ignored ({exc})")
    raw_date = _field(item, _DATE_FIELDS)
    published = parse_published(raw_date) if raw_date is not None else None
    if raw_date is not None and published is None:
        notes.append(f"date {str(raw_date)[:40]!r} not understood, ignored")
    source = item.get("source") or default_source
    if isinstance(source, dict):  # feeds often give {"name": ..., "url": ...}
        source = source.get("name") or source.get("title") or default_source
    if not isinstance(source, str | int):
        source = default_source
    article = parsed_article(
        structure,
        source=normalize_text(str(source)),
        url=url,
        published=published,
        raw=RawSource("application/json", raw) if raw is not None else None,
    )
    return article, notes


Record = tuple[str, object | SourceError, bytes]  # label, the record (or why not), its raw form


def _collect(records: Iterable[Record], default_source: str) -> Parsed:
    """Articles from labelled records; a record that is already an error becomes a problem line."""
    articles: list[ParsedArticle] = []
    problems: list[str] = []
    notes: list[str] = []
    for label, record, raw in records:
        try:
            if isinstance(record, SourceError):
                raise record
            article, ignored = article_from_record(record, default_source=default_source, raw=raw)
        except SourceError as exc:
            problems.append(f"{label}: {exc}")
            continue
        articles.append(article)
        notes.extend(f"{label}: {note}" for note in ignored)
    return articles, problems, notes


def parse_json(text: str, *, default_source: str = "") -> Parsed:
    """Read a .json file: one object, a list of objects, or an object holding such a list.

    Raises SourceError when the file is not valid JSON at all. A file nested too deep somewhere
    is streamed instead, so only the records that nest too deep are refused.
    """
    if not within_depth(text):
        return _collect(_streamed(text), default_source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if isinstance(data, dict):
        nested = _field(data, _LIST_FIELDS)
        data = nested if isinstance(nested, list) else [data]
    if not isinstance(data, list):
        raise SourceError("JSON holds neither an object nor a list of objects")
    labelled = [(f"item {i}", r, _raw(r)) for i, r in enumerate(data, 1)]
    return _collect(labelled, default_source)


def _streamed(text: str) -> Iterator[Record]:
    for label, record in json_records(io.BytesIO(text.encode("utf-8")), sys.maxsize):
        yield label, record, b"" if isinstance(record, SourceError) else _raw(record)


def _raw(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def parse_jsonl(text: str, *, default_source: str = "") -> Parsed:
    """Read a .jsonl file: one object per line; a broken line becomes a problem, not a failure."""
    return _collect(_jsonl_records(text), default_source)


def _jsonl_records(text: str) -> Iterator[Record]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", load_json(line), line.encode("utf-8")
        except SourceError as exc:
            yield f"line {number}", exc, b""
