"""A PostgreSQL server for the suites that run on both databases: a fresh database per test.

The server is the one ``BRIEFBOT_TEST_POSTGRES_URL`` names (``.ci/postgres start`` prints it).
Once per session a template database is migrated to head; each test then gets its own copy
(``CREATE DATABASE … TEMPLATE``, a few tens of milliseconds), dropped after the test. Without the
variable those runs are skipped, with a reason; under ``CI=true`` they fail instead, so a
PostgreSQL that did not start is never skipped silently.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pytest
from sqlalchemy.engine.url import make_url

POSTGRES_ENV = "BRIEFBOT_TEST_POSTGRES_URL"
NOT_SET = (
    f"{POSTGRES_ENV} is not set: the PostgreSQL runs are skipped "
    '(start one with `eval "$(.ci/postgres start)"` or run `make test-postgres`)'
)
T = TypeVar("T")


def in_thread(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion on an event loop of its own, in a thread of its own, so the
    test's event loop is left alone whether or not one is running."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(work())
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="postgres-admin")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


class PostgresServer:
    """Makes and drops the test databases on one server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self._names = itertools.count(1)
        self._prefix = f"briefbot_t{os.getpid()}"
        self.template = f"{self._prefix}_template"

    def url_of(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    def _dsn(self) -> str:
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def _admin(self, *statements: str) -> None:
        import asyncpg

        connection = await asyncpg.connect(self._dsn(), timeout=10)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    def check(self) -> None:
        """Reach the server once; raises what the driver raised."""
        in_thread(lambda: self._admin("SELECT 1"))

    def prepare_template(self) -> None:
        """A database migrated to head, copied for every test."""
        from config import StoreSettings
        from store.store import open_store

        async def migrate() -> None:
            await self._admin(
                f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)',
                f'CREATE DATABASE "{self.template}"',
            )
            store = await open_store(StoreSettings(url=self.url_of(self.template)))
            await store.aclose()

        in_thread(migrate)

    def create(self, *, migrated: bool = True) -> str:
        """A new database (a copy of the migrated template, or empty); its name."""
        name = f"{self._prefix}_{next(self._names)}"
        source = self.template if migrated else "template0"
        in_thread(lambda: self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
        return name

    def drop(self, name: str) -> None:
        in_thread(lambda: self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self.drop(self.template)


def start_postgres() -> PostgresServer:
    """The server of ``BRIEFBOT_TEST_POSTGRES_URL`` with its template ready, or a skip (a failure
    under CI) saying why not."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        if in_ci():
            pytest.fail(f"CI=true but {POSTGRES_ENV} is not set: .ci/run must start PostgreSQL")
        pytest.skip(NOT_SET)
    server = PostgresServer(url)
    try:
        server.check()
    except Exception as exc:
        reason = f"PostgreSQL at {server.url.render_as_string()} is unreachable: {exc}"
        if in_ci():
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    server.prepare_template()
    return server
