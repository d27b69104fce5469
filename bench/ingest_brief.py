"""Ingest rate and `brief` latency (p50/p95, cold and repeated) at 1k and 10k stored articles.

Articles (about 300 words) are generated here about invented events, each with its own names,
places and figures and told by several outlets (no third-party text), written to JSONL files and
imported through the same path as `briefbot ingest`. Prints figures; asserts nothing.
Run: `make bench` (or `python -m bench.ingest_brief --sizes 1000`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.periods import parse_period
from bot.services.briefings import BriefingService
from bot.services.wiring import build_services
from config import StoreSettings, load_settings
from store.search.query import parse_query
from summarizer.extractive import ExtractiveSummarizer
from summarizer.tuning import SummaryTuning

TOPICS = {
    "strike": ["drivers", "union", "transit", "buses", "wages", "talks", "depot", "commuters"],
    "election": ["voters", "ballot", "candidate", "turnout", "polls", "campaign", "debate"],
    "storm": ["winds", "flooding", "coast", "warnings", "rainfall", "evacuation", "power"],
    "rates": ["inflation", "bank", "borrowing", "mortgage", "economists", "bond", "markets"],
    "breach": ["hackers", "customers", "passwords", "regulator", "servers", "leak", "accounts"],
    "final": ["goal", "striker", "stadium", "coach", "penalty", "trophy", "supporters"],
}


def _words(text: str) -> list[str]:
    return text.split()


FILLER = _words(
    "officials said on Monday that the city would review plans after a week of reports and new "
    "figures showed change while residents asked whether the council could act before winter as "
    "ministers met advisers during talks over costs and the mayor promised details within days"
)
SYLLABLES = _words("ka lo ve ri an to mel dor sa ni ber gal fen tu rho ix ul ven mar os")
EVENTS_PER_1000 = 120  # about eight articles an event, from several outlets


def _name(rng: random.Random) -> str:
    return "".join(rng.sample(SYLLABLES, rng.randint(2, 3))).capitalize()


@dataclass(frozen=True)
class Event:
    """An invented event: same-event articles share its place, people, words and figures."""

    topic: str
    place: str
    people: tuple[str, ...]
    words: tuple[str, ...]
    figures: tuple[str, ...]


def make_events(rng: random.Random, count: int) -> list[Event]:
    events = []
    for _ in range(count):
        topic = rng.choice(list(TOPICS))
        events.append(
            Event(
                topic=topic,
                place=_name(rng),
                people=tuple(f"{_name(rng)} {_name(rng)}" for _ in range(2)),
                words=tuple(rng.sample(TOPICS[topic], 4) + [_name(rng).lower() for _ in range(4)]),
                figures=tuple(str(rng.randint(2, 9000)) for _ in range(3)),
            )
        )
    return events


def sentence(rng: random.Random, event: Event) -> str:
    picked = rng.sample(event.words, 3) + rng.sample(FILLER, 9) + [rng.choice(event.figures)]
    rng.shuffle(picked)
    return f"{rng.choice([event.place, *event.people])} " + " ".join(picked) + "."


def make_corpus(folder: Path, count: int, seed: int = 7, per_file: int = 1000) -> None:
    """Write ``count`` articles (about 300 words each) as JSONL files of ``per_file`` articles."""
    rng = random.Random(seed)
    base = datetime.now(UTC)
    events = make_events(rng, max(1, count * EVENTS_PER_1000 // 1000))
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, count, per_file):
        path = folder / f"part-{start // per_file:03d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for i in range(start, min(count, start + per_file)):
                event = rng.choice(events)
                paragraphs = [" ".join(sentence(rng, event) for _ in range(4)) for _ in range(5)]
                words = " ".join(rng.sample(event.words, 3))
                record = {
                    "title": f"{event.place} {event.topic}: {words} ({i})",
                    "text": "\n\n".join(paragraphs),
                    "url": f"https://bench.example/{event.topic}/{i}",
                    "source": f"Outlet {i % 12}",
                    "published": (base - timedelta(minutes=rng.randint(0, 60 * 24 * 7))).isoformat(),
                }
                handle.write(json.dumps(record) + "\n")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(size: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, size)
        settings = load_settings(store=StoreSettings(url=f"sqlite+aiosqlite:///{tmp}/bench.db"))
        services = await build_services(settings)
        try:
            started = time.perf_counter()
            report = await services.library.ingest_paths([corpus])
            elapsed = time.perf_counter() - started
            print(f"\n== {size:,} articles ==")
            print(
                f"ingest: {report.stored:,} stored, {report.duplicates} duplicates, "
                f"{len(report.problems)} problems in {elapsed:.2f} s "
                f"= {report.stored / elapsed:,.0f} articles/s"
            )
            queries = [
                (None, None),
                (None, "24h"),
                ("strike", None),
                ("storm", "3d"),
                ("rates inflation", "7d"),
                ("breach", "all"),
            ]
            for label, cold in (("cold", True), ("repeated", False)):
                service = services.briefings
                if not cold:  # warm the cache once per query, then measure repeats
                    for topic, period in queries:
                        await service.brief(
                            chat_id=None,
                            topic=parse_query(topic) if topic else None,
                            period=parse_period(period) if period else None,
                        )
                times: list[float] = []
                for i in range(runs):
                    if cold:
                        service = BriefingService(
                            services.store,
                            ExtractiveSummarizer(SummaryTuning()),
                            SummaryTuning(),
                        )
                    topic, period = queries[i % len(queries)]
                    t0 = time.perf_counter()
                    await service.brief(
                        chat_id=None,
                        topic=parse_query(topic) if topic else None,
                        period=parse_period(period) if period else None,
                    )
                    times.append((time.perf_counter() - t0) * 1000)
                print(
                    f"brief {label:8s}: p50 {statistics.median(times):6.1f} ms   "
                    f"p95 {pct(times, 0.95):6.1f} ms   (n={runs})"
                )
        finally:
            await services.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    for size in args.sizes:
        asyncio.run(measure(size, args.runs))


if __name__ == "__main__":
    main()
