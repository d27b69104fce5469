"""`briefbot feeds add|list|poll|export|import|remove` and `briefbot stats`, in fresh processes,
against the loopback feed site."""

from __future__ import annotations

import os
from pathlib import Path

from tests.cli_process import run_briefbot
from tests.feeds.conftest import Site, item, rss


async def briefbot(cwd: Path, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env["BRIEFBOT_INGEST__ALLOW_PRIVATE_NETWORKS"] = "true"  # the site is on 127.0.0.1
    code, out, err = await run_briefbot(*args, cwd=cwd, env=env)
    return code, out + err


async def test_feeds_from_the_command_line(site: Site, tmp_path: Path, settings) -> None:
    site.serve("/rss", rss([item(1), item(2)], title="Harbour News"))
    site.serve(
        "/",
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>',
        "text/html",
    )

    added = await briefbot(tmp_path, "feeds", "add", site.url("/"), "--no-teasers")
    polled = await briefbot(tmp_path, "feeds", "poll")
    listed = await briefbot(tmp_path, "feeds", "list")
    exported = await briefbot(tmp_path, "feeds", "export", "feeds.opml")
    removed = await briefbot(tmp_path, "feeds", "remove", "1")
    imported = await briefbot(tmp_path, "feeds", "import", "feeds.opml")
    stats = await briefbot(tmp_path, "stats")

    found = f"Added feed 1: Harbour News <{site.url('/rss')}> (found on {site.url('/')})."
    assert added == (0, found + " It is polled from now on.\nTeaser pages of feed 1: not fetched.\n")
    assert polled[0] == 0 and polled[1].splitlines()[:2] == [
        "Polled 1 feed: 2 new, 0 seen, 0 duplicates, 0 refused; 0 not modified, 0 without entries, 0 failed.",
        "1. Harbour News: 2 new",
    ]
    assert (
        listed[0] == 0
        and "1. Harbour News <" in listed[1]
        and "2 articles · ok, polled just now: 2 new" in listed[1]
    )
    assert listed[1].rstrip().endswith("teaser pages not fetched")
    assert exported == (0, "Wrote 1 feed to feeds.opml.\n")
    assert removed == (0, "Feed removed (its articles stay).\n")
    assert imported == (0, "Added 1 feed; 0 already there; 0 skipped.\n")
    assert stats[0] == 0
    assert "Articles: 2" in stats[1] and "- Harbour News (feed): 2" in stats[1]
    assert "Feeds: 1 (0 ok, 0 with errors, 0 failing, 1 not polled yet)" in stats[1]  # imported anew
