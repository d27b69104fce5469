"""Feed discovery, OPML import and export, JSON Feed, and Atom: the ways feeds come in."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.services.wiring import Services
from errors import SourceError
from ingest.feeds.discovery import feed_links
from ingest.feeds.jsonfeed import parse_json_feed
from ingest.feeds.opml import OutlineFeed, parse_opml, write_opml
from tests.feeds.conftest import Site, body_text, item, rss

SITE_PAGE = """<!doctype html><html><head><title>Harbour Gazette</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">
<link rel="alternate" type="application/rss+xml" title="RSS" href="feed/rss">
</head><body><p>Welcome to the Harbour Gazette.</p></body></html>"""


def json_feed(items: list[dict[str, object]]) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Harbour JSON",
            "home_page_url": "https://harbour.example/",
            "items": items,
        }
    ).encode()


def test_feed_links_are_read_from_a_page_rss_first_and_made_absolute() -> None:
    links = feed_links(SITE_PAGE, "https://harbour.example/news/")

    assert links == ["https://harbour.example/news/feed/rss", "https://harbour.example/atom.xml"]


async def test_feeds_add_given_a_site_page_finds_its_feed(site: Site, feed_services: Services) -> None:
    site.serve("/", SITE_PAGE.encode(), "text/html")
    site.serve("/feed/rss", rss([item(1)], title="Harbour Gazette RSS"))

    added = await feed_services.feeds.add(site.url("/"))

    assert added.created and added.found_on == site.url("/")
    assert added.feed.url == site.url("/feed/rss") and added.feed.title == "Harbour Gazette RSS"


async def test_feeds_add_of_a_page_without_feed_links_says_so(site: Site, feed_services: Services) -> None:
    site.serve("/", b"<!doctype html><html><head></head><body><p>No feeds.</p></body></html>", "text/html")

    with pytest.raises(SourceError, match="not a feed and links to none"):
        await feed_services.feeds.add(site.url("/"))
    assert await feed_services.feeds.list() == []


async def test_an_opml_round_trip_keeps_every_feed_and_its_title(feed_services: Services) -> None:
    opml = b"""<?xml version="1.0"?><opml version="1.0"><head><title>mine</title></head><body>
      <outline text="News"><outline text="Harbour" title="Harbour News" type="rss"
          xmlUrl="https://harbour.example/rss" htmlUrl="https://harbour.example/"/>
        <outline text="Rail" xmlUrl="https://rail.example/atom.xml"/></outline>
      <outline text="Broken" xmlUrl="ftp://old.example/feed"/>
      <outline text="Weather" xmlUrl="https://weather.example/feed.json"/>
    </body></opml>"""

    first = await feed_services.feeds.import_opml(opml)
    exported = await feed_services.feeds.export_opml()
    again = await feed_services.feeds.import_opml(exported.encode())
    outlines, skipped = parse_opml(exported.encode())

    assert [f.title for f in first.added] == ["Harbour News", "Rail", "Weather"]
    assert first.skipped == ("Broken: not an http(s) feed URL",)
    assert (len(again.added), again.existing, again.skipped) == (0, 3, ())
    assert outlines == [
        OutlineFeed("https://harbour.example/rss", "Harbour News", "https://harbour.example/"),
        OutlineFeed("https://rail.example/atom.xml", "Rail", None),
        OutlineFeed("https://weather.example/feed.json", "Weather", None),
    ]
    assert skipped == []


def test_opml_with_entities_or_of_another_kind_is_refused() -> None:
    with pytest.raises(SourceError, match="declares entities"):
        parse_opml(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>')
    with pytest.raises(SourceError, match="not OPML"):
        parse_opml(b"<rss><channel/></rss>")
    assert write_opml([]).startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')


def test_a_json_feed_is_read_by_our_own_reader() -> None:
    doc = parse_json_feed(
        json_feed(
            [
                {
                    "id": "a1",
                    "title": "Ferry",
                    "content_html": "<p>Ferry text.</p>",
                    "url": "https://h.example/1",
                    "date_published": "2026-11-30T08:00:00+01:00",
                },
                {"id": 2, "content_text": "Plain text.", "summary": "Short"},
                "not an object",
            ]
        )
    )

    assert (doc.kind, doc.title, doc.site_url) == ("json", "Harbour JSON", "https://harbour.example/")
    first, second = doc.entries
    assert (first.guid, first.title, first.link, first.content) == (
        "a1",
        "Ferry",
        "https://h.example/1",
        "<p>Ferry text.</p>",
    )
    assert first.published == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert (second.guid, second.content, second.summary) == ("2", "Plain text.", "Short")
    assert doc.problem == "1 item(s) are not objects"


async def test_a_json_feed_is_polled_and_stored(site: Site, feed_services: Services) -> None:
    items = [
        {
            "id": f"j{n}",
            "title": f"JSON story {n}",
            "content_text": body_text(n),
            "url": f"https://h.example/{n}",
        }
        for n in (1, 2)
    ]
    site.serve("/feed.json", json_feed(items), "application/feed+json")

    added = await feed_services.feeds.add(site.url("/feed.json"))
    (poll,) = (await feed_services.feeds.poll_now()).polls

    assert added.feed.title == "Harbour JSON"
    assert (poll.status, poll.stored) == ("ok", 2)


async def test_an_atom_feed_is_polled_and_stored(site: Site, feed_services: Services) -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title>Harbour Atom</title><id>urn:atom</id><updated>2026-11-30T08:00:00Z</updated>
      <entry><id>urn:atom:1</id><title>Atom story</title><link href="https://h.example/a1"/>
      <updated>2026-11-30T08:00:00Z</updated>
      <content type="html">&lt;p&gt;{body_text(3)}&lt;/p&gt;</content></entry>
    </feed>"""
    site.serve("/atom.xml", atom.encode(), "application/atom+xml")

    added = await feed_services.feeds.add(site.url("/atom.xml"))
    (poll,) = (await feed_services.feeds.poll_now()).polls

    assert added.feed.title == "Harbour Atom" and poll.stored == 1
