"""Looking into the full-text index directly, on either database (tests only)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def fts_rowids(conn: AsyncConnection, stem: str, table: str = "articles_fts") -> list[int]:
    """The ids of the articles (or, with ``passages_fts``, the passages) whose indexed (stemmed)
    text holds the word ``stem``."""
    if conn.dialect.name == "postgresql":
        sql = text(f"SELECT rowid FROM {table} WHERE document @@ to_tsquery('simple', :q) ORDER BY rowid")
        stem = "'" + stem + "'"
    else:
        sql = text(f"SELECT rowid FROM {table} WHERE {table} MATCH :q ORDER BY rowid")
    return [int(row[0]) for row in await conn.execute(sql, {"q": stem})]
