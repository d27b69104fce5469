"""Small articles written for these tests, and a summarizer with default settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from summarizer.extractive import ExtractiveSummarizer
from summarizer.tuning import SummaryTuning
from summarizer.types import Doc

BRIDGE_A = (
    "The city council approved a new bridge over the Elm River on Tuesday. "
    "The bridge will cost 40 million dollars and open in 2027. "
    "Council members voted nine to two in favour of the bridge plan. "
    "Local shop owners said the construction may hurt business for a year. "
    "The mayor said the bridge would cut commuting times by twenty minutes."
)
BRIDGE_B = (
    "Councillors approved the Elm River bridge in a nine to two vote on Tuesday. "
    "The new bridge is expected to cost 40 million dollars. "
    "Engineers will begin work on the foundations in the spring. "
    "Critics argued the money should go to buses instead."
)
FLOOD = (
    "Heavy rain flooded parts of the harbour district overnight. "
    "Firefighters pumped water from dozens of basements near the harbour. "
    "The weather service warned that more rain is expected on Friday. "
    "No injuries were reported after the flooding."
)
TENNIS = (
    "The local tennis club won the regional championship on Sunday. "
    "Its youngest player, aged fifteen, won the deciding match in three sets. "
    "The club will now compete in the national finals in August."
)


@pytest.fixture
def summarizer() -> ExtractiveSummarizer:
    return ExtractiveSummarizer(SummaryTuning())


@pytest.fixture
def docs() -> list[Doc]:
    day = datetime(2026, 11, 24, 12, tzinfo=UTC)
    return [
        Doc(
            1, "Council approves Elm River bridge", BRIDGE_A, "https://a.example/1", "Gazette", day, rank=2.0
        ),
        Doc(
            2, "Elm River bridge gets green light", BRIDGE_B, "https://b.example/2", "Courier", day, rank=1.5
        ),
        Doc(3, "Harbour district flooded", FLOOD, "https://c.example/3", "Gazette", day, rank=1.0),
        Doc(4, "Tennis club wins title", TENNIS, None, "Sports Daily", day, rank=0.5),
    ]
