"""Fixtures: services pointed at the loopback LLM server, built as `briefbot run` builds them."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.services.wiring import Services, build_services
from config import QuestionSettings, Settings, StoreSettings, load_settings
from summarizer.llm.tuning import LLMTuning
from tests.llm.fake_openai import FakeOpenAI, llm_options


@pytest.fixture
def llm_settings(settings: Settings, llm_server: FakeOpenAI, tmp_path: Path) -> Callable[..., Settings]:
    """Settings whose LLM is the loopback server; keywords override LLM settings."""

    def make(*, verify: bool = False, **overrides: Any) -> Settings:
        return load_settings(
            store=StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/llm.db"),
            llm=llm_options(llm_server, **overrides),
            questions=QuestionSettings(embeddings="off", llm_verify=verify),
        )

    return make


MakeServices = Callable[..., Awaitable[Services]]


@pytest.fixture
async def llm_services(llm_settings: Callable[..., Settings]) -> AsyncIterator[MakeServices]:
    """Build services against the loopback LLM (keywords: LLM settings; ``tuning`` and ``clock``
    for the LLM client); all closed at the end."""
    built: list[Services] = []

    async def make(
        *, tuning: LLMTuning | None = None, clock: Callable[[], float] = time.monotonic, **overrides: Any
    ) -> Services:
        services = await build_services(llm_settings(**overrides), llm_tuning=tuning, llm_clock=clock)
        built.append(services)
        return services

    yield make
    for services in built:
        await services.aclose()
