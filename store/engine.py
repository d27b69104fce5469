"""The async engine and session factory, with SQLite tuned for a bot (WAL, busy timeout, foreign keys).

SQLite transactions are begun by SQLAlchemy, not by the sqlite3 module (which would leave DDL and
reads outside any transaction). Writers begin theirs ``IMMEDIATE``, so two processes sharing the
file take turns instead of failing when one wrote between the other's read and write. Within one
process, write sessions queue on a lock of their engine first: SQLite's busy timeout then bounds
only the wait for another process, not a queue of this one's own writers (twenty feed polls).

PostgreSQL (asyncpg, imported by SQLAlchemy only for a ``postgresql+asyncpg://`` URL) runs each
transaction in READ COMMITTED, where two workers can both read "not there yet" and both insert.
A write session there takes a transaction-scoped advisory lock named for what it guards, so such
read-then-write transactions take turns as on SQLite; code built for concurrency (claims with
``SKIP LOCKED`` or conditional updates) asks for no lock.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from config import StoreSettings
from errors import StoreConflict, StoreError, StoreUnavailable

# Connection execution option asking for a write transaction (BEGIN IMMEDIATE on SQLite).
WRITE_OPTIONS = {"briefbot_write": True}
# The advisory lock write sessions take on PostgreSQL unless told otherwise.
STORE_LOCK = "store"
BUSY_TIMEOUT_MS = 5000  # SQLite: how long a connection waits for another's write lock
_LOCK_NAMESPACE = 0x62726266  # "brbf": keeps our advisory lock keys apart from other applications'


def advisory_key(name: str) -> int:
    """A stable 64-bit advisory lock key for ``name`` (the same in every process and host)."""
    return (_LOCK_NAMESPACE << 32) | zlib.crc32(name.encode())


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def sqlite_file(url: str) -> Path | None:
    """The SQLite database file a store URL names (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def store_label(url: str) -> str:
    """Which database a store URL opens, for people: the SQLite file's full path, or the URL
    without its password."""
    db_file = sqlite_file(url)
    if db_file is not None:
        return str(db_file.resolve())
    if not is_postgresql(url):
        return "an in-memory SQLite database"
    return make_url(url).render_as_string(hide_password=True)


def error_reason(exc: BaseException) -> str:
    """The driver's own words for a database error, on one line (no SQL, no help links)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _check_sqlite_file(path: Path, timeout_ms: int) -> None:
    """Make the database folder and open the file once, so a bad path is one clear StoreError.

    Opening it here, not in aiosqlite's worker thread, also avoids that thread reporting to an
    event loop already closed by the failure.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=timeout_ms / 1000)) as probe:
            probe.execute("PRAGMA schema_version")
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the database {path}: {error_reason(exc)}") from exc


def create_engine(settings: StoreSettings, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> AsyncEngine:
    """Build the engine; for SQLite make the database folder and set the pragmas on every connection.

    Raises StoreError when the SQLite file cannot be opened or the database driver is missing.
    """
    db_file = sqlite_file(settings.url)
    if db_file is not None:
        _check_sqlite_file(db_file, busy_timeout_ms)
    options: dict[str, Any] = {}
    if is_postgresql(settings.url):
        # A worker outlives database restarts and idle connections cut by a proxy.
        options.update(pool_pre_ping=True, pool_size=settings.pool_size, max_overflow=settings.pool_overflow)
    try:
        engine = create_async_engine(settings.url, **options)
    except ImportError as exc:
        driver = make_url(settings.url).get_driver_name()
        raise StoreError(f"the database driver {driver} is not installed (pip install {driver})") from exc
    if engine.dialect.name == "sqlite":
        busy = busy_timeout_ms

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _begin)
            cursor = dbapi_conn.cursor()
            cursor.execute(f"PRAGMA busy_timeout={int(busy)}")  # first: switching to WAL may wait
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("briefbot_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def store_error(exc: SQLAlchemyError) -> StoreError:
    """Our error for a SQLAlchemy error: unavailable (try again later), conflict, or plain."""
    reason = error_reason(exc)
    if isinstance(exc, IntegrityError):
        return StoreConflict(reason)
    if _unavailable(exc):
        return StoreUnavailable(reason)
    return StoreError(reason)


# SQLite calls a bad statement an OperationalError too; only these words mean "not now".
_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open", "disk i/o", "readonly database")


def _unavailable(exc: SQLAlchemyError) -> bool:
    if isinstance(exc, InterfaceError | DisconnectionError | PoolTimeout):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    if isinstance(exc.orig, sqlite3.Error):
        return any(word in str(exc.orig).lower() for word in _SQLITE_UNAVAILABLE)
    return True  # PostgreSQL's: the server went away, is shutting down, or refused a connection


class StoreSession(AsyncSession):
    """A session whose SQLAlchemy errors leave it as ``StoreError`` (mapped once, here); inside
    the ``async with`` block they are still SQLAlchemy's, for code that handles one itself."""

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        await super().__aexit__(type_, value, traceback)
        if isinstance(value, SQLAlchemyError):
            raise store_error(value) from value


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit and raise our errors, not SQLAlchemy's."""
    return async_sessionmaker(engine, class_=StoreSession, expire_on_commit=False)


@asynccontextmanager
async def write_session(
    sessions: async_sessionmaker[AsyncSession], *, lock: str | None = STORE_LOCK
) -> AsyncIterator[AsyncSession]:
    """A session in a write transaction, committed on success and rolled back on error.

    Use it whenever a transaction reads before it writes (dedupe, get-or-create), so the read
    and the write see the same database even when another process writes meanwhile. On
    PostgreSQL the transactions of one ``lock`` name take turns (an advisory lock held until
    commit); ``lock=None`` for statements that are safe side by side on their own.
    """
    bind = sessions.kw.get("bind")
    queue = (
        _writers(bind) if isinstance(bind, AsyncEngine) and bind.dialect.name == "sqlite" else nullcontext()
    )
    async with queue, sessions() as session, session.begin():
        connection = await session.connection(execution_options=WRITE_OPTIONS)
        if lock is not None and connection.dialect.name == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(lock)})
        yield session


# Per engine and event loop (an asyncio lock serves one loop): the lock its writers queue on.
_WRITERS: weakref.WeakKeyDictionary[Any, weakref.WeakKeyDictionary[Any, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def _writers(engine: AsyncEngine) -> asyncio.Lock:
    """The lock this process's write sessions on a SQLite ``engine`` queue on."""
    per_loop = _WRITERS.setdefault(engine.sync_engine, weakref.WeakKeyDictionary())
    loop = asyncio.get_running_loop()
    found = per_loop.get(loop)
    if found is None:
        found = per_loop[loop] = asyncio.Lock()
    return found
