"""Related words in /brief: when few articles match a topic as typed, those that say a related
word of the paraphrase lexicon in their title or standfirst (energy: electricity, power, grid)
follow them, and the briefing says so; words a stem joins (park, parking) stay apart."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.periods import Window, parse_period
from bot.services.briefings import BriefingService
from bot.services.related_words import add_related
from bot.services.wiring import Services, build_services
from bot.terminal.render_text import render_briefing
from config import Settings
from ingest.fingerprints import content_hash, simhash
from store.articles import Arrival, NewArticle
from store.search.query import parse_query
from store.timestamps import utcnow
from summarizer.extractive import ExtractiveSummarizer
from summarizer.paraphrase import GROUPS, Lexicon
from summarizer.tuning import SummaryTuning
from summarizer.types import Briefing, Length

pytestmark = pytest.mark.both_stores  # on SQLite and on PostgreSQL (tests/conftest.py)

EVERYTHING = parse_period("all")

# (source, title, standfirst, body, hours ago): invented events, each its own story.
CORPUS = [
    (
        "Wire",
        "Energy ministers agree on a winter plan",
        "",
        "Ministers from six countries met in Brussels on Monday to share gas reserves over winter. "
        "The agreement takes effect in December and runs until the end of March.",
        30,
    ),
    (
        "Courier",
        "Electricity demand hits a record in the cold",
        "",
        "Demand peaked at 14 gigawatts on Friday evening as temperatures fell to minus twelve. "
        "The grid operator asked households to run dishwashers after nine at night.",
        2,
    ),
    (
        "Gazette",
        "Households told to cut evening use as demand sets a record",
        "Power use peaked on Friday evening",
        "People were asked to wait until after nine at night before starting washing machines. "
        "The operator said the record of 14 gigawatts came as the north saw minus twelve degrees.",
        1,
    ),
    (
        "Wire",
        "Tram drivers vote for a second strike",
        "",
        "The union said the electricity bills of its members had doubled since the spring. "
        "Talks with the city operator broke down on Thursday afternoon without a new date.",
        3,
    ),
    (
        "Wire",
        "Parks department plants four hundred oaks",
        "",
        "The city's parks will get four hundred new trees before the spring, the department said. "
        "Volunteers from three schools will help plant them in March.",
        5,
    ),
    (
        "Wire",
        "Parking fees rise in the town centre",
        "",
        "Drivers will pay more at the station garage from the first of the month. "
        "The council said the money would go to repairing the multi-storey car park roof.",
        6,
    ),
    (
        "Wire",
        "Ferry fares to rise in the new year",
        "",
        "Tickets on the island route will cost a fifth more from January, the operator said. "
        "Season tickets for island residents will keep their old prices until the summer.",
        7,
    ),
    (
        "Wire",
        "Fuel prices climb for a third week",
        "",
        "Drivers paid on average four cents more a litre than a month ago at the pump. "
        "Analysts blamed the refinery fire and the weak currency for the rise.",
        8,
    ),
]
TITLES = [title for _, title, _, _, _ in CORPUS]

# (typed topic, exact matches, articles added by related words (by index in CORPUS), words named)
CASES = [
    ("energy", {0}, {1, 2}, ("electricity", "power")),  # 3 says electricity only in its body
    ("electricity", {1, 3}, {0, 2}, ("power", "energy")),  # 3 says it in its body: an exact match
    ("power", {2}, {0, 1}, ("electricity", "energy")),
    ('"energy"', {0}, set(), ()),  # a quoted word is taken alone
    ("energy -power", {0}, {1}, ("electricity",)),  # an excluded word is never added
    ("fares", {6}, {5, 7}, ("fee", "price")),  # fees and prices in titles; "pay" in a body is not
    ("parking", {5}, set(), ()),
    ("park", {4, 5}, set(), ()),  # "car park" in the parking story's body
    ("parks", {4, 5}, set(), ()),
]


def _articles(now: datetime) -> dict[str, list[NewArticle]]:
    by_source: dict[str, list[NewArticle]] = {}
    for source, title, standfirst, body, hours in CORPUS:
        by_source.setdefault(source, []).append(
            NewArticle(
                title=title,
                standfirst=standfirst,
                text=body,
                content_hash=content_hash(title, body),
                simhash=simhash(f"{title}\n{body}"),
                published_at=now - timedelta(hours=hours),
            )
        )
    return by_source


async def _store_corpus(services: Services) -> None:
    for source, items in _articles(utcnow()).items():
        added = await services.store.articles.add_many(items, source=source)
        assert len(added.stored_ids) == len(items), added.duplicates


async def _stories(services: Services, briefing: Briefing) -> list[set[str]]:
    """The titles of each story's articles, in story order."""
    stories = []
    for story in briefing.stories:
        found = await services.store.articles.get_many(story.article_ids)
        stories.append({c.article.title for c in found})
    return stories


def _titles(stories: list[set[str]]) -> set[str]:
    return set().union(*stories)


def _exact_stories_first(stories: list[set[str]], exact: set[str]) -> bool:
    """True when no story told only by related matches comes before one with an exact match."""
    related_only = [exact.isdisjoint(titles) for titles in stories]
    return related_only == sorted(related_only)


@pytest.fixture
async def corpus_services(services: Services) -> Services:
    await _store_corpus(services)
    return services


@pytest.mark.parametrize(("typed", "exact", "related", "words"), CASES, ids=[c[0] for c in CASES])
async def test_a_thin_topic_takes_in_related_words_after_its_exact_matches(
    corpus_services: Services, typed: str, exact: set[int], related: set[int], words: tuple[str, ...]
) -> None:
    briefing = await corpus_services.briefings.brief(
        chat_id=None, topic=parse_query(typed), period=EVERYTHING
    )

    stories = await _stories(corpus_services, briefing)
    assert _titles(stories) == {TITLES[i] for i in exact | related}
    assert _exact_stories_first(stories, {TITLES[i] for i in exact})
    assert set(briefing.related) == set(words)


async def test_related_matches_rank_below_every_exact_match(corpus_services: Services) -> None:
    topic = parse_query("energy")
    articles = corpus_services.store.articles
    exact = await articles.candidates(since=None, topic=topic, limit=50)
    lexicon = Lexicon(articles.stemmer.stem_words)

    found = await add_related(articles, lexicon, topic, exact, Window(None), limit=50)

    assert [c.article.title for c in found.candidates][:1] == [TITLES[0]]
    assert {c.article.title for c in found.candidates[1:]} == {TITLES[1], TITLES[2]}
    assert max(c.rank for c in found.candidates[1:]) < found.candidates[0].rank
    assert found.related_ids == {c.article.id for c in found.candidates[1:]}


async def test_the_stories_of_exact_matches_lead_even_when_related_ones_are_newer_and_wider(
    corpus_services: Services,
) -> None:
    briefing = await corpus_services.briefings.brief(
        chat_id=None, topic=parse_query("energy"), period=EVERYTHING
    )

    # The record-demand story has two sources and is a day newer: it would lead on its own score.
    assert len(briefing.stories) == 2
    assert briefing.stories[0].headline == "Energy ministers agree on a winter plan"


async def test_the_briefing_says_which_related_words_it_took_in(corpus_services: Services) -> None:
    briefing = await corpus_services.briefings.brief(
        chat_id=None, topic=parse_query("energy"), period=EVERYTHING
    )

    assert render_briefing(briefing).splitlines()[1] == (
        "Few articles match “energy”, so articles that say electricity or power instead are added "
        "after them. Quote a word to match only it."
    )


async def test_a_topic_with_enough_exact_matches_takes_in_no_related_words(settings: Settings) -> None:
    services = await build_services(settings, summary_tuning=SummaryTuning(max_stories=1))
    try:
        await _store_corpus(services)

        # Two articles say "electricity": enough for a briefing of one story.
        briefing = await services.briefings.brief(
            chat_id=None, topic=parse_query("electricity"), period=EVERYTHING
        )
        stories = await _stories(services, briefing)
    finally:
        await services.aclose()

    assert briefing.related == ()
    assert _titles(stories) <= {TITLES[1], TITLES[3]}


async def test_related_words_are_looked_up_by_word_not_by_stem(corpus_services: Services) -> None:
    # A lexicon where "park" is related to "garden": "parking" shares its stem, not its meaning.
    lexicon = Lexicon(str.split, groups=(*GROUPS, "park garden"))
    store = corpus_services.store
    await store.articles.add_many(
        [
            NewArticle(
                title="Garden show opens at the castle",
                text="Forty growers show their roses and apple trees until Sunday evening.",
                content_hash=content_hash("garden", "show"),
                simhash=simhash("Garden show opens at the castle"),
                published_at=utcnow(),
            )
        ],
        source="Wire",
    )
    tuning = SummaryTuning()
    service = BriefingService(store, ExtractiveSummarizer(tuning), tuning, lexicon=lexicon)

    parking = await service.brief(chat_id=None, topic=parse_query("parking"), period=EVERYTHING)
    parks = await service.brief(chat_id=None, topic=parse_query("parks"), period=EVERYTHING)

    assert _titles(await _stories(corpus_services, parking)) == {TITLES[5]}
    assert "Garden show opens at the castle" in _titles(await _stories(corpus_services, parks))


async def test_a_digest_keeps_to_its_topic_as_typed(corpus_services: Services) -> None:
    now = utcnow()
    built = await corpus_services.briefings.digest(
        topic=parse_query("energy"),
        arrived=Arrival(after=now - timedelta(days=1), until=now + timedelta(minutes=1)),
        published_since=now - timedelta(days=7),
        length=Length.NORMAL,
        label="since yesterday",
    )

    assert set(built.articles) and {c.title for c in built.articles.values()} == {TITLES[0]}
    assert built.briefing.related == ()


async def test_the_demo_corpus_briefs_energy_with_the_grid_articles(demo_services: Services) -> None:
    briefing = await demo_services.briefings.brief(chat_id=None, topic=parse_query("energy"), period=None)

    titles = _titles(await _stories(demo_services, briefing))
    assert "Power prices soar as record demand strains grid" in titles  # the one that says energy
    # It says electricity, never energy or power: its title's "grid" brings it.
    assert "Grid operator warns of tight supply as cold snap sets demand record" in titles
    assert any(t.startswith("Households asked to cut evening power use") for t in titles)
    assert set(briefing.related) == {"grid", "power"}
