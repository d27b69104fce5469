"""Feed parse-and-store rate on feedparser's test corpus (about 2,100 real feed files), polled
from 127.0.0.1 with teaser fetching off, into an empty store. Prints the counts: feeds, entries,
stored, duplicates, refused (by reason), feeds without entries (by reason), errors.
Needs ../shared/data. Run: `make bench-feeds`. Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import collections
import tempfile
from pathlib import Path

from bench.feed_corpus import CORPUS, poll_corpus
from bot.wording import reason_of


async def main() -> None:
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent")
        return
    with tempfile.TemporaryDirectory() as tmp:
        done = await poll_corpus(Path(tmp) / "corpus.db")
    run = done.run
    polls = run.polls
    entries = sum(p.entries for p in polls)
    empty = [p for p in polls if p.status == "ok" and not p.entries]
    errors = [p for p in polls if p.status == "error"]
    print(f"corpus: {done.files:,} files; added as feeds in {done.add_seconds:.1f} s")
    print(
        f"polled {len(polls):,} feeds in {done.poll_seconds:.1f} s = "
        f"{len(polls) / done.poll_seconds:,.0f} feeds/s, "
        f"{entries / done.poll_seconds:,.0f} entries/s"
    )
    print(
        f"entries {entries:,}: stored {run.total('stored'):,}, duplicates {run.total('duplicates'):,}, "
        f"refused {run.total('refused'):,}, deferred {run.total('deferred'):,}"
    )
    refusals = collections.Counter(reason_of(r.reason) for p in polls for r in p.refused)
    print("refused by reason:", "; ".join(f"{k} {v}" for k, v in refusals.most_common()))
    dupes = collections.Counter(r.reason for p in polls for r in p.duplicates)
    print("duplicates by reason:", "; ".join(f"{k} {v}" for k, v in dupes.most_common()))
    reasons = collections.Counter((p.problem or "").split(" (")[0].split(";")[0] for p in empty)
    print(f"feeds without entries {len(empty):,}:", "; ".join(f"{k} {v}" for k, v in reasons.most_common(8)))
    kinds = collections.Counter((p.error or "").split(" (")[0] for p in errors)
    print(f"feeds that failed {len(errors):,}:", "; ".join(f"{k} {v}" for k, v in kinds.most_common(8)))


if __name__ == "__main__":
    asyncio.run(main())
