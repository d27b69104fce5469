"""``briefbot summarize``: an extractive summary of one text from a file or standard input."""

from __future__ import annotations

import sys
from pathlib import Path

from config import Settings
from errors import SourceError, UserInputError
from ingest.plaintext import split_headline
from ingest.text import decode_bytes, normalize_text
from summarizer.extractive import ExtractiveSummarizer

MAX_SENTENCES = 100


def read_input(ref: str, max_bytes: int) -> bytes:
    """The bytes of ``ref`` (a path, or ``-`` for stdin), refusing more than ``max_bytes``."""
    if ref == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(ref)
        if path.is_dir():
            raise SourceError(f"{ref}: is a folder, not a file")
        if not path.exists():
            raise SourceError(f"{ref}: no such file")
        if not path.is_file():
            raise SourceError(f"{ref}: not a regular file")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError(f"{ref}: larger than {max_bytes:,} bytes; not summarized")
    return data


def summarize_text(text: str, settings: Settings, *, sentences: int | None = None) -> list[str]:
    """The summary sentences of ``text`` (a headline first line is used as the title)."""
    title, body = split_headline(normalize_text(text))
    if not body.strip():
        body, title = title, ""
    if not body.strip():
        raise SourceError("nothing to summarize: the text is empty")
    count = sentences or settings.summarizer.summary_sentences
    summarizer = ExtractiveSummarizer(settings.summarizer)
    summary = summarizer.summarize(body, title=title, sentences=count)
    if not summary:
        raise SourceError("nothing to summarize: no sentences found in the text")
    return summary


def summarize_file(ref: str, settings: Settings, *, sentences: int | None = None) -> int:
    """Print the summary of a file or stdin; returns the exit code."""
    if sentences is not None and not 1 <= sentences <= MAX_SENTENCES:
        raise UserInputError(f"--sentences must be between 1 and {MAX_SENTENCES}")
    text = decode_bytes(read_input(ref, settings.ingest.max_file_bytes))
    for line in summarize_text(text, settings, sentences=sentences):
        print(line)
    return 0
