"""``briefbot summarize``: extractive summaries of the article(s) in one file or standard input.

The text is read exactly as ``ingest`` reads it (the file's suffix picks the reader; standard
input is plain text), so both commands agree on the headline, standfirst and body.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from config import Settings
from errors import SourceError, UserInputError
from ingest.files import parse_bytes
from ingest.text import is_blank
from summarizer.extractive import ExtractiveSummarizer
from summarizer.tuning import SummaryTuning
from summarizer.types import Doc

MAX_SENTENCES = 100
STDIN = "-"


@dataclass(frozen=True)
class Summary:
    """The summary of one article: its title and chosen sentences, in article order."""

    title: str
    sentences: tuple[str, ...]


def read_input(ref: str, max_bytes: int) -> bytes:
    """The bytes of ``ref`` (a path, or ``-`` for stdin), refusing more than ``max_bytes``."""
    if ref == STDIN:
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


def summarize_bytes(
    data: bytes, settings: Settings, *, name: str = STDIN, sentences: int | None = None
) -> list[Summary]:
    """The summary of each article in ``data`` (a file named ``name``; ``-`` is plain text).

    Raises UserInputError for a sentence count out of range, SourceError when there is nothing
    to summarize.
    """
    if sentences is not None and not 1 <= sentences <= MAX_SENTENCES:
        raise UserInputError(f"--sentences must be between 1 and {MAX_SENTENCES}")
    if is_blank(data):
        raise SourceError("nothing to summarize: the text is empty")
    articles, problems, _ = parse_bytes(data, name=name)
    if not articles:
        raise SourceError(f"nothing to summarize: {problems[0] if problems else 'no articles found'}")
    tuning = SummaryTuning()
    count = sentences or tuning.summary_sentences
    summarizer = ExtractiveSummarizer(tuning)
    summaries = []
    for article in articles:
        doc = Doc(0, article.title, article.text, standfirst=article.standfirst, blocks=article.blocks)
        chosen = summarizer.summarize_doc(doc, sentences=count)
        if chosen:
            summaries.append(Summary(article.title, tuple(chosen)))
    if not summaries:
        raise SourceError("nothing to summarize: no sentences found in the text")
    return summaries


def summarize_input(ref: str, settings: Settings, *, sentences: int | None = None) -> list[Summary]:
    """The summaries of a file or of standard input (``-``)."""
    data = read_input(ref, settings.ingest.max_file_bytes)
    return summarize_bytes(data, settings, name=ref, sentences=sentences)
