"""Bulk imports: files and folders (recursively) read record by record, whatever their size.

JSON Lines are read a line at a time and JSON arrays through ijson, so an export of any size
streams; the size cap (``max_record_bytes``) applies to each record. Other files are read
whole under ``max_file_bytes``, as before. Each record or file becomes one ``Item``: an article,
or the reason it was refused. ``bytes_read`` grows as the files are read, for a progress bar.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from config.settings import IngestSettings
from errors import SourceError
from ingest.files import EMPTY_FILE, KNOWN_SUFFIXES, NO_ARTICLES, files_under, read_file
from ingest.folders import open_regular
from ingest.json_limits import load_json, utf8_stream
from ingest.json_stream import json_records
from ingest.jsonfile import article_from_record
from ingest.limits import apply_limits, drop_future_date
from ingest.text import decode_bytes, is_blank
from ingest.types import ParsedArticle

logger = logging.getLogger(__name__)

_DRAIN = 1 << 20
STREAMED = frozenset({".json", ".jsonl", ".ndjson"})


@dataclass(frozen=True)
class Item:
    """One record or file read: its article, or why it was refused; notes on fields left out."""

    label: str
    article: ParsedArticle | None
    problem: str | None = None
    notes: tuple[str, ...] = ()


class ImportReader:
    """The items of some paths, in order; ``total_bytes`` and ``bytes_read`` measure progress."""

    def __init__(self, paths: Sequence[Path], settings: IngestSettings) -> None:
        self._settings = settings
        self._now = datetime.now(UTC)
        self.missing: list[str] = []
        self.files: list[Path] = []
        for path in paths:
            if not path.exists():
                self.missing.append(f"{path}: no such file or folder")
            elif path.is_dir():
                listing = files_under(path)
                self.missing.extend(f"{entry}: {why}" for entry, why in listing.refused)
                if not listing.files:
                    known = ", ".join(sorted(KNOWN_SUFFIXES))
                    self.missing.append(f"{path}: no files found ({known})")
                self.files.extend(listing.files)
            else:
                self.files.append(path)
        self.total_bytes = sum(_size(f) for f in self.files)
        self.bytes_read = 0

    def __iter__(self) -> Iterator[Item]:
        for problem in self.missing:
            yield Item(problem.split(": ", 1)[0], None, problem.split(": ", 1)[1])
        for path in self.files:
            start = self.bytes_read
            if path.suffix.lower() in STREAMED:
                yield from self._streamed(path)
            else:
                yield from self._whole(path)
            self.bytes_read = start + _size(path)

    def _whole(self, path: Path) -> Iterator[Item]:
        result = read_file(path, self._settings)
        for article in result.articles:
            yield Item(result.path, article, notes=result.notes)
        for problem in result.problems:
            yield Item(result.path, None, problem)

    def _record(self, label: str, record: object, raw: bytes) -> Item:
        """One record's article, or why not: a failure of any kind refuses this record alone."""
        try:
            if isinstance(record, SourceError):
                raise record
            article, notes = article_from_record(record, raw=raw)
            limited = apply_limits(article, self._settings)
            dated, note = drop_future_date(limited, now=self._now)
        except SourceError as exc:
            return Item(label, None, str(exc))
        except Exception as exc:  # a bug or a case no rule foresaw must not end the import
            logger.info("record not read label=%s error=%s", label, type(exc).__name__, exc_info=True)
            return Item(label, None, f"could not be read ({type(exc).__name__})")
        return Item(label, dated, notes=tuple(f"{label}: {n}" for n in (*notes, note) if n))

    def _streamed(self, path: Path) -> Iterator[Item]:
        name = str(path)
        try:
            handle = open_regular(path)
        except SourceError as exc:
            yield Item(name, None, str(exc))
            return
        with handle:
            if _blank(handle):
                yield Item(name, None, EMPTY_FILE)
                return
            if path.suffix.lower() == ".json":
                base = self.bytes_read
                count = 0
                for label, record in json_records(handle, self._settings.max_record_bytes):
                    self.bytes_read = base + handle.tell()
                    raw = b"" if isinstance(record, SourceError) else _dumped(record)
                    count += 1
                    yield self._labelled(name, self._record(label, record, raw))
                if not count:  # an empty list
                    yield Item(name, None, NO_ARTICLES)
                return
            for label, record, raw in self._lines(utf8_stream(handle)):
                yield self._labelled(name, self._record(label, record, raw))

    @staticmethod
    def _labelled(name: str, item: Item) -> Item:
        notes = tuple(f"{name}: {note}" for note in item.notes)
        return Item(f"{name}: {item.label}", item.article, item.problem, notes)

    def _lines(self, handle: BinaryIO) -> Iterator[tuple[str, object, bytes]]:
        cap = self._settings.max_record_bytes
        readline = handle.readline
        number = 0
        base = self.bytes_read
        while True:
            line: bytes = readline(cap + 2)
            if not line:
                return
            number += 1
            self.bytes_read = base + handle.tell()
            if len(line) > cap and not line.endswith(b"\n"):
                while (more := readline(_DRAIN)) and not more.endswith(b"\n"):
                    pass
                yield f"line {number}", SourceError(f"record is too large (over {cap:,} bytes)"), b""
                continue
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                text = decode_bytes(line)
            try:
                yield f"line {number}", load_json(text), line.rstrip(b"\r\n")
            except SourceError as exc:
                yield f"line {number}", exc, b""


def _blank(handle: BinaryIO) -> bool:
    """Say whether the file holds nothing but white space (read up to its first other byte)."""
    head = handle.read(4)
    blank = is_blank(head)
    while blank and (chunk := handle.read(_DRAIN)):
        blank = is_blank(chunk)
    handle.seek(0)
    return blank


def _dumped(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
