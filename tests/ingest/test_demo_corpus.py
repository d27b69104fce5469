"""The demo corpus that `make run` loads: it parses cleanly and shows overlapping stories."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config.settings import IngestSettings
from ingest.files import read_path
from ingest.fingerprints import content_hash, hamming, simhash
from ingest.types import ParsedArticle

DEMO = Path(__file__).resolve().parents[2] / "bot" / "demo" / "articles.jsonl"


@pytest.fixture(scope="module")
def demo() -> tuple[ParsedArticle, ...]:
    (result,) = read_path(DEMO, IngestSettings())
    assert result.problems == ()
    return result.articles


def test_demo_corpus_has_24_articles_of_120_to_250_words(demo: tuple[ParsedArticle, ...]) -> None:
    assert len(demo) == 24
    for article in demo:
        assert 120 <= len(article.text.split()) <= 250, article.title
        assert article.text.count("\n\n") >= 3, article.title


def test_demo_corpus_urls_dates_and_sources(demo: tuple[ParsedArticle, ...]) -> None:
    low, high = datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 25, tzinfo=UTC)
    for article in demo:
        assert article.url is not None
        assert re.fullmatch(r"https://demo\.briefbot\.example/[a-z-]+/[a-z0-9-]+", article.url)
        assert article.published is not None and low <= article.published < high
        assert article.source
    assert len({article.url for article in demo}) == 24


def test_demo_corpus_has_no_duplicates_or_near_duplicates(demo: tuple[ParsedArticle, ...]) -> None:
    threshold_bits = 9  # NEAR_DUPLICATE_THRESHOLD = 0.85 of 64 bits
    hashes = [simhash(article.text) for article in demo]

    closest = min(hamming(a, b) for i, a in enumerate(hashes) for b in hashes[i + 1 :])

    assert closest > threshold_bits
    assert len({content_hash(a.title, a.text) for a in demo}) == 24


@pytest.mark.parametrize(
    ("keyword", "outlets"),
    [("strike", 4), ("Nordgrid", 3), ("Tallyo", 4), ("Rovers", 3), ("Ilse Marten", 4)],
)
def test_demo_corpus_stories_are_reported_by_several_outlets(
    demo: tuple[ParsedArticle, ...], keyword: str, outlets: int
) -> None:
    sources = Counter(a.source for a in demo if keyword in a.title + a.text)

    assert len(sources) >= outlets
