"""Shared fixtures: settings on a temporary SQLite file, and services built as `briefbot run` builds them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services.wiring import Services, build_services
from config import QuestionSettings, Settings, StoreSettings, load_settings
from errors import SourceError
from ingest.addresses import IPAddress, SystemResolver, literal_address
from tests.llm.fake_openai import FakeOpenAI

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests have no DNS and send nothing off loopback: the system resolver knows only
    ``localhost``; a test that needs a name resolved gives its own resolver (the seam)."""

    async def resolve(self: SystemResolver, host: str, port: int) -> list[IPAddress]:
        if host == "localhost":
            address = literal_address("127.0.0.1")
            assert address is not None
            return [address]
        raise SourceError(f"could not find the host {host}")

    monkeypatch.setattr(SystemResolver, "resolve", resolve)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings isolated from the developer's environment and .env, on a fresh database file."""
    for name in list(__import__("os").environ):
        if name.startswith("BRIEFBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    # Embeddings stay off unless a test asks for them (they are an optional extra).
    return load_settings(
        store=StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/test.db"),
        questions=QuestionSettings(embeddings="off"),
    )


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    """Services on an empty, migrated database."""
    built = await build_services(settings)
    try:
        yield built
    finally:
        await built.aclose()


@pytest.fixture
async def demo_services(settings: Settings) -> AsyncIterator[Services]:
    """Services with the bundled demo corpus loaded."""
    built = await build_services(settings, seed_demo=True)
    try:
        yield built
    finally:
        await built.aclose()


@pytest.fixture
async def llm_server() -> AsyncIterator[FakeOpenAI]:
    """An OpenAI-compatible server on loopback (see tests/llm/fake_openai.py)."""
    server = FakeOpenAI()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
