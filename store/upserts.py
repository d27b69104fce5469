"""The dialect's own INSERT (for ON CONFLICT upserts), imported on first use.

SQLite's and PostgreSQL's ``insert`` build the same ``on_conflict_do_nothing`` and
``on_conflict_do_update``; only the one for the database in use is ever loaded, so a command
on SQLite does not import PostgreSQL's dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

    Upsert = sqlite.Insert | postgresql.Insert


def dialect_insert(dialect: str) -> Callable[[Any], Upsert]:
    """``insert`` of ``postgresql`` for that dialect, else of ``sqlite``."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
