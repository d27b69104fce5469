"""A few invented news events told by one or two outlets each, for LLM briefing tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.services.library import IngestReport
from bot.services.wiring import Services
from ingest.types import ParsedArticle
from store.timestamps import utcnow

BRIDGE = [
    ParsedArticle(
        title="Council approves Elm River bridge",
        text=(
            "The city council approved a new bridge over the Elm River on Tuesday.\n\n"
            "The bridge will cost 40 million dollars and open in 2027.\n\n"
            "Council members voted nine to two in favour of the plan.\n\n"
            "Shop owners on Mill Street said the construction may hurt business for a year."
        ),
        url="https://gazette.example/elm-bridge",
        source="Gazette",
    ),
    ParsedArticle(
        title="Elm River bridge gets green light",
        text=(
            "Councillors approved the Elm River bridge in a nine to two vote on Tuesday.\n\n"
            "The new bridge is expected to cost 40 million dollars.\n\n"
            "Engineers will begin work on the bridge foundations in the spring."
        ),
        url="https://courier.example/bridge-vote",
        source="Courier",
    ),
]
FLOOD = [
    ParsedArticle(
        title="Harbour district flooded after storm",
        text=(
            "Heavy rain flooded parts of the harbour district overnight.\n\n"
            "Firefighters pumped water from dozens of basements near the harbour.\n\n"
            "The weather service warned that more rain is expected on Friday."
        ),
        url="https://gazette.example/harbour-flood",
        source="Gazette",
    ),
    ParsedArticle(
        title="Basements pumped dry after harbour flood",
        text=(
            "Firefighters spent the night pumping water out of flooded basements in the harbour district.\n\n"
            "No injuries were reported after the flooding.\n\n"
            "Forecasters expect more heavy rain in the harbour district on Friday."
        ),
        url="https://herald.example/harbour-basements",
        source="Herald",
    ),
]
TENNIS = [
    ParsedArticle(
        title="Tennis club wins regional title",
        text=(
            "The Riverside tennis club won the regional championship on Sunday.\n\n"
            "Its youngest player, aged fifteen, won the deciding match in three sets.\n\n"
            "The club will now compete in the national finals in August."
        ),
        source="Sports Daily",
    ),
]
EVENTS = [BRIDGE, FLOOD, TENNIS]
BRIDGE_FOLLOW_UP = ParsedArticle(
    title="Elm River bridge design shown to residents",
    text=(
        "Engineers showed residents the design of the Elm River bridge on Thursday.\n\n"
        "The bridge will have two lanes for cars and a wide path for cyclists.\n\n"
        "The council said the Elm River bridge will still cost 40 million dollars."
    ),
    url="https://courier.example/bridge-design",
    source="Courier",
)


def dated(articles: list[ParsedArticle], hours_ago: float) -> list[ParsedArticle]:
    moment = utcnow() - timedelta(hours=hours_ago)
    return [replace(a, published=moment - timedelta(minutes=i)) for i, a in enumerate(articles)]


async def store_events(services: Services, events: list[list[ParsedArticle]] | None = None) -> IngestReport:
    """Store the events, the first newest, all within the last day."""
    articles: list[ParsedArticle] = []
    for age, event in enumerate(events or EVENTS):
        articles.extend(dated(event, hours_ago=1 + age))
    return await services.library.store_articles(articles, default_source="test")
