"""Reading articles from files and folders, choosing the parser by file suffix."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from config.settings import IngestSettings
from errors import SourceError
from ingest.folders import Listing, folder_files, open_regular
from ingest.html import html_charset, parse_html
from ingest.json_limits import json_text
from ingest.jsonfile import parse_json, parse_jsonl
from ingest.limits import apply_limits, drop_future_date
from ingest.markdown import parse_markdown
from ingest.plaintext import parse_plain_text
from ingest.text import decode_bytes, is_blank
from ingest.types import FileResult, ParsedArticle, RawSource

logger = logging.getLogger(__name__)

EMPTY_FILE = "empty file"
NO_ARTICLES = "no articles in the file"
FILE_SOURCE = ""  # the file names no source: the library stores it under its default
KNOWN_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson"}
)

# Articles, refusals and notes (see ingest.jsonfile.Parsed).
Parser = Callable[[bytes], tuple[list[ParsedArticle], list[str], list[str]]]


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _too_large(size: int, settings: IngestSettings) -> str:
    limit = _megabytes(settings.max_file_bytes)
    return f"file is too large ({_megabytes(size)}; the limit is {limit})"


def _parse_text(data: bytes) -> tuple[list[ParsedArticle], list[str], list[str]]:
    raw = RawSource("text/plain", data)
    return [parse_plain_text(decode_bytes(data), source=FILE_SOURCE, raw=raw)], [], []


def _parse_markdown(data: bytes) -> tuple[list[ParsedArticle], list[str], list[str]]:
    raw = RawSource("text/markdown", data)
    return [parse_markdown(decode_bytes(data), source=FILE_SOURCE, raw=raw)], [], []


def _parse_html(data: bytes) -> tuple[list[ParsedArticle], list[str], list[str]]:
    html = decode_bytes(data, declared=html_charset(data))
    return [parse_html(html, source=FILE_SOURCE, raw=RawSource("text/html", data))], [], []


def _json_text(data: bytes) -> str:
    """JSON in UTF-16 or UTF-32 (JSON's own rule, BOM or not), else text as any file is read."""
    text = json_text(data)
    return decode_bytes(data) if text is None else text


def _parse_json(data: bytes) -> tuple[list[ParsedArticle], list[str], list[str]]:
    return parse_json(_json_text(data), default_source=FILE_SOURCE)


def _parse_jsonl(data: bytes) -> tuple[list[ParsedArticle], list[str], list[str]]:
    return parse_jsonl(_json_text(data), default_source=FILE_SOURCE)


def _parser_for(name: str) -> Parser:
    """The parser for a file name; unknown suffixes are read as plain text."""
    suffix = Path(name).suffix.lower()
    if suffix in (".md", ".markdown"):
        return _parse_markdown
    if suffix in (".html", ".htm", ".xhtml"):
        return _parse_html
    if suffix == ".json":
        return _parse_json
    if suffix in (".jsonl", ".ndjson"):
        return _parse_jsonl
    return _parse_text


def parse_bytes(data: bytes, *, name: str) -> tuple[list[ParsedArticle], list[str], list[str]]:
    """The articles in the bytes of a file named ``name`` (its suffix picks the reader; anything
    else is plain text), with refusals and notes, before any size or date rule is applied.

    Raises SourceError when the bytes are not text at all or hold nothing readable.
    """
    return _parser_for(name)(data)


def read_bytes(
    data: bytes, *, name: str, settings: IngestSettings, keep_future_dates: bool = False
) -> FileResult:
    """Parse the bytes of one file named ``name``; every failure becomes a problem line.

    Dates too far in the future are dropped unless ``keep_future_dates`` (for a corpus that is
    re-dated after reading, such as the demo).
    """
    if len(data) > settings.max_file_bytes:
        return FileResult(path=name, articles=(), problems=(_too_large(len(data), settings),))
    if is_blank(data):
        return FileResult(path=name, articles=(), problems=(EMPTY_FILE,))
    try:
        parsed, problems, notes = parse_bytes(data, name=name)
    except SourceError as exc:
        return FileResult(path=name, articles=(), problems=(str(exc),))
    if not parsed and not problems:  # an empty JSON list, say
        return FileResult(path=name, articles=(), problems=(NO_ARTICLES,))
    articles: list[ParsedArticle] = []
    now = datetime.now(UTC)
    for article in parsed:
        try:
            limited = apply_limits(article, settings)
        except SourceError as exc:
            problems.append(str(exc))
            continue
        dated, note = (limited, "") if keep_future_dates else drop_future_date(limited, now=now)
        articles.append(dated)
        if note:
            notes.append(note)
    logger.info("read file name=%s articles=%d problems=%d", name, len(articles), len(problems))
    return FileResult(name, tuple(articles), tuple(problems), tuple(notes))


def read_file(path: Path, settings: IngestSettings, keep_future_dates: bool = False) -> FileResult:
    """Read one file under the size limit; every failure becomes a problem line."""
    name = str(path)
    try:
        with open_regular(path) as handle:  # a pipe or device would block or never end
            size = os.fstat(handle.fileno()).st_size
            if size > settings.max_file_bytes:
                return FileResult(path=name, articles=(), problems=(_too_large(size, settings),))
            data = handle.read(settings.max_file_bytes + 1)
    except SourceError as exc:
        return FileResult(path=name, articles=(), problems=(str(exc),))
    except OSError as exc:
        return FileResult(path=name, articles=(), problems=(f"cannot read ({exc.strerror})",))
    return read_bytes(data, name=name, settings=settings, keep_future_dates=keep_future_dates)


def files_under(folder: Path) -> Listing:
    """Known-suffix regular files inside a folder, and the entries refused (see ingest.folders)."""
    return folder_files(folder, KNOWN_SUFFIXES)


def read_path(path: Path, settings: IngestSettings, *, keep_future_dates: bool = False) -> list[FileResult]:
    """Read a file, or every known file under a folder (one result per file).

    Raises SourceError only when the path does not exist; a bad file yields a problem instead.
    """
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if not path.is_dir():
        return [read_file(path, settings, keep_future_dates)]
    listing = files_under(path)
    refused = [FileResult(path=str(p), articles=(), problems=(why,)) for p, why in listing.refused]
    if not listing.files:
        known = ", ".join(sorted(KNOWN_SUFFIXES))
        return [*refused, FileResult(path=str(path), articles=(), problems=(f"no files found ({known})",))]
    return [*refused, *(read_file(file, settings, keep_future_dates) for file in listing.files)]
