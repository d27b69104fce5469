"""Dedupe keys that outlive their articles: feed GUIDs (per feed), canonical URLs, content hashes.

Every stored article leaves its URL and content hash here, and a feed poll leaves the GUIDs of
the entries it handled, so pruning an article never lets a feed bring it back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import SeenKey
from store.upserts import dialect_insert

GUID, URL, HASH = "guid", "url", "hash"
GLOBAL = 0  # the scope of URLs and hashes; a GUID's scope is its feed's id
_LONGEST_KEY = 500
_CHUNK = 500  # keys per IN (...) query


def key_of(value: str) -> str:
    """The stored form of a key: itself, or a hash of it when it is very long."""
    if len(value) <= _LONGEST_KEY:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


async def known_keys(session: AsyncSession, kind: str, scope: int, values: Collection[str]) -> set[str]:
    """Which of ``values`` (as given, not as stored) are already seen."""
    by_key = {key_of(v): v for v in values}
    found: set[str] = set()
    keys = list(by_key)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        stmt = select(SeenKey.key).where(SeenKey.kind == kind, SeenKey.scope == scope, SeenKey.key.in_(chunk))
        found.update(by_key[k] for k in await session.scalars(stmt))
    return found


async def remember_keys(session: AsyncSession, rows: Iterable[tuple[str, int, str]], *, at: datetime) -> None:
    """Record (kind, scope, value) keys; those already recorded are left as they are."""
    values = [
        {"kind": kind, "scope": scope, "key": key_of(value), "seen_at": at}
        for kind, scope, value in dict.fromkeys(rows)
    ]
    if not values:
        return
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = dialect_insert(dialect)
    for start in range(0, len(values), _CHUNK):
        stmt = insert(SeenKey).on_conflict_do_nothing()
        await session.execute(stmt, values[start : start + _CHUNK])
