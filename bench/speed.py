"""Summarizer speed: one 1,000-word article, and a briefing over 200 candidate articles.

Targets (issue "offline summarizer"): a 1,000-word article in ≤ 20 ms median; a briefing over
200 candidates in ≤ 300 ms. Texts are real news from ../shared/data/news-summaries when it is
present (read at run time, never copied), otherwise the bundled demo corpus. Every briefing run
uses a fresh summarizer (cold: no caches). Prints figures; asserts nothing.
Run: ``make bench-speed`` (or ``python -m bench.speed``).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from summarizer.briefing import build_briefing
from summarizer.extractive import ExtractiveSummarizer
from summarizer.tuning import SummaryTuning
from summarizer.types import Doc, Length

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO / ".." / "shared" / "data" / "news-summaries"
DEMO = REPO / "bot" / "demo" / "articles.jsonl"


def load_articles() -> tuple[str, list[dict[str, str]]]:
    """(where from, articles with title and text)."""
    files = sorted(SHARED.glob("*.jsonl"))
    origin = "shared news-summaries" if files else "bundled demo corpus"
    rows: list[dict[str, str]] = []
    for path in files or [DEMO]:
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return origin, [{"title": r.get("title") or "", "text": r["text"]} for r in rows]


def thousand_words(articles: list[dict[str, str]], count: int) -> list[str]:
    """Texts of exactly 1,000 words: one article cut to length, or several joined until long enough."""
    texts: list[str] = []
    pool = [a["text"] for a in articles]
    for start in range(len(pool)):
        words: list[str] = []
        i = start
        while len(words) < 1000:
            words.extend(pool[i % len(pool)].split())
            i += 1
        texts.append(" ".join(words[:1000]))
        if len(texts) == count:
            break
    return texts


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_articles(texts: list[str], settings: SummaryTuning) -> list[float]:
    summarizer = ExtractiveSummarizer(settings)
    summarizer.summarize(texts[0], sentences=3)  # import-time and first-call costs are not the article's
    times: list[float] = []
    for text in texts:
        start = time.perf_counter()
        summarizer.summarize(text, sentences=3)
        times.append((time.perf_counter() - start) * 1000)
    return times


def candidate_docs(articles: list[dict[str, str]], count: int, seed: int = 11) -> list[Doc]:
    rng = random.Random(seed)
    picked = rng.sample(articles, min(count, len(articles)))
    while len(picked) < count:
        picked.append(rng.choice(articles))
    now = datetime.now(UTC)
    return [
        Doc(
            id=i + 1,
            title=a["title"] or a["text"][:60],
            text=a["text"],
            url=f"https://bench.example/{i}",
            source=f"Outlet {i % 9}",
            published=now - timedelta(minutes=rng.randint(0, 72 * 60)),
            rank=0.0,
        )
        for i, a in enumerate(picked)
    ]


def bench_briefings(docs: list[Doc], settings: SummaryTuning, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for length in Length:
        times: list[float] = []
        for _ in range(runs):
            summarizer = ExtractiveSummarizer(settings)
            start = time.perf_counter()
            build_briefing(docs, summarizer=summarizer, settings=settings, length=length)
            times.append((time.perf_counter() - start) * 1000)
        out[length.value] = times
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=100, help="1,000-word texts to time")
    parser.add_argument("--runs", type=int, default=15, help="briefings per length")
    args = parser.parse_args(argv)
    settings = SummaryTuning()
    origin, articles = load_articles()
    print(f"texts: {origin} ({len(articles)} articles)")

    times = bench_articles(thousand_words(articles, args.articles), settings)
    print(
        f"summarize 1,000 words, 3 sentences: median {statistics.median(times):5.1f} ms   "
        f"p95 {percentile(times, 0.95):5.1f} ms   (n={len(times)}; target median <= 20 ms)"
    )
    docs = candidate_docs(articles, 200)
    for length, runs in bench_briefings(docs, settings, args.runs).items():
        print(
            f"briefing over {len(docs)} candidates, {length:6s}: median {statistics.median(runs):6.1f} ms   "
            f"p95 {percentile(runs, 0.95):6.1f} ms   (n={len(runs)}, cold; target <= 300 ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
