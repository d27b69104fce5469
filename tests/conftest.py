"""Shared fixtures: settings on a fresh database, and services built as `briefbot run` builds them.

The database is a temporary SQLite file. A module marked ``pytestmark = pytest.mark.both_stores``
runs each of its tests that use the database (the ``store_url`` fixture, which ``settings``
uses) twice: on SQLite and on a fresh PostgreSQL database (see tests/postgres.py).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.services.wiring import Services, build_services
from config import QuestionSettings, Settings, StoreSettings, load_settings
from errors import SourceError
from ingest.addresses import IPAddress, SystemResolver, literal_address
from tests.llm.fake_openai import FakeOpenAI
from tests.postgres import PostgresServer, start_postgres
from tests.telegram.fake_bot_api import FakeBotAPI

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
STORES = ("sqlite", "postgresql")
# Variables of the test harness itself, kept when a test clears the developer's BRIEFBOT_ ones.
HARNESS_ENV = frozenset({"BRIEFBOT_TEST_POSTGRES_URL"})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_stores: run the module's database tests on SQLite and on PostgreSQL"
    )
    # Nothing a test runs writes to the real user's data folder, module fixtures included (each
    # test then gets a folder of its own: ``user_data_folder``).
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="briefbot-user-data-")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_kind" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_stores"):
        metafunc.parametrize("store_kind", STORES, indirect=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The test PostgreSQL server (skipped without BRIEFBOT_TEST_POSTGRES_URL; failed under CI)."""
    server = start_postgres()
    try:
        yield server
    finally:
        server.close()


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


@pytest.fixture(autouse=True)
def user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The user's data folder (the default store and logs) lies in the test's own temp folder, for
    the test and every process it starts."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    return tmp_path / "user-data" / "briefbot"


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> Iterator[str]:
    """A fresh PostgreSQL database at head, for tests that need PostgreSQL itself."""
    name = postgres.create()
    try:
        yield postgres.url_of(name)
    finally:
        postgres.drop(name)


@pytest.fixture
def store_kind(request: pytest.FixtureRequest) -> str:
    """``sqlite``, or each of STORES in turn in a both_stores module."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def store_url(store_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The test's database URL, at head: a SQLite file (migrated when first opened), or a fresh
    PostgreSQL database."""
    if store_kind == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/test.db"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def empty_store_url(store_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL with nothing in it yet, not even the schema."""
    if store_kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/empty.db"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = server.create(migrated=False)
    try:
        yield server.url_of(name)
    finally:
        server.drop(name)


@pytest.fixture
def settings(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings isolated from the developer's environment and .env, on a fresh database."""
    for name in list(os.environ):
        if name.startswith("BRIEFBOT_") and name not in HARNESS_ENV:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    # Embeddings stay off unless a test asks for them (they are an optional extra).
    return load_settings(store=StoreSettings(url=store_url), questions=QuestionSettings(embeddings="off"))


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
async def api() -> AsyncIterator[FakeBotAPI]:
    """A Telegram Bot API server on loopback (see tests/telegram/fake_bot_api.py)."""
    server = FakeBotAPI()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def llm_server() -> AsyncIterator[FakeOpenAI]:
    """An OpenAI-compatible server on loopback (see tests/llm/fake_openai.py)."""
    server = FakeOpenAI()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
