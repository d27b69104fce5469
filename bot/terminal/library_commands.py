"""The command line's commands that fill or show the library: ``ingest``, ``feeds …``, ``stats``.

Each prints plain text and returns the exit status (1 when something asked for failed).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from errors import SourceError, UserInputError

if TYPE_CHECKING:
    from bot.services.wiring import Services

EXIT_FAILED = 1


async def ingest(services: Services, refs: Sequence[str]) -> int:
    """Import every path and link given; one that fails is a problem line, not the end of the run."""
    from bot.services.library import EMPTY_REPORT, IngestReport
    from bot.terminal.progress import import_progress, wants_progress
    from bot.wording import import_lines
    from ingest.urls import has_http_scheme

    report = EMPTY_REPORT
    paths = [Path(ref) for ref in refs if not has_http_scheme(ref)]
    if paths:
        if wants_progress():
            with import_progress() as progress:
                report += await services.library.ingest_paths(paths, progress=progress)
        else:
            report += await services.library.ingest_paths(paths)
    for ref in refs:
        if not has_http_scheme(ref):
            continue
        try:
            report += await services.library.add_url(ref)
        except SourceError as exc:
            report += IngestReport(0, 0, (f"{ref}: {exc}",), ())
    print("\n".join(import_lines(report)))
    return EXIT_FAILED if report.problems else 0


async def feeds(services: Services, args: argparse.Namespace) -> int:
    """``feeds add|list|remove|poll|import|export``."""
    from bot.wording import added_feed_line, count, feed_lines, poll_lines

    feeds, action = services.feeds, args.feeds_action
    if action == "list":
        print("\n".join(feed_lines(await feeds.list())))
        return 0
    if action == "add":
        added = await feeds.add(args.url)
        print(added_feed_line(added))
        if args.teasers is not None:
            info = await feeds.set_teasers(str(added.feed.id), args.teasers)
            print(f"Teaser pages of feed {info.id}: {'fetched' if info.fetch_teasers else 'not fetched'}.")
        return 0
    if action == "remove":
        removed = await feeds.remove(args.ref)
        print("Feed removed (its articles stay)." if removed else f"No feed {args.ref!r}.")
        return 0 if removed else EXIT_FAILED
    if action == "poll":
        run = await feeds.poll_now(args.refs)
        print("\n".join(poll_lines(run)))
        return EXIT_FAILED if any(p.status == "error" for p in run.polls) else 0
    if action == "import":
        try:
            data = await asyncio.to_thread(Path(args.file).read_bytes)
        except OSError as exc:
            raise UserInputError(f"{args.file}: cannot read ({exc.strerror})") from exc
        done = await feeds.import_opml(data)
        feeds_added = count(len(done.added), "feed", "feeds")
        print(f"Added {feeds_added}; {done.existing} already there; {len(done.skipped)} skipped.")
        for line in done.skipped:
            print(f"  - {line}")
        return EXIT_FAILED if done.skipped else 0
    opml = await feeds.export_opml()
    if args.file == "-":
        sys.stdout.write(opml)
    else:
        await asyncio.to_thread(Path(args.file).write_text, opml, encoding="utf-8")
        print(f"Wrote {count(len(await feeds.list()), 'feed', 'feeds')} to {args.file}.")
    return 0


async def stats(services: Services, store_url: str) -> int:
    """The store's figures, headed by which database they come from (another folder, another store)."""
    from bot.wording import stats_lines
    from store.engine import store_label

    print(f"Database: {store_label(store_url)}")
    print("\n".join(stats_lines(await services.stats.stats(), sources=50)))
    return 0
