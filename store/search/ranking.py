"""Ranked topic search over the articles' full-text index: FTS5's bm25 on SQLite, ts_rank over
the weighted tsvector of migration 0007 on PostgreSQL. The same query AST goes to either."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from errors import StoreError
from store.search.query import Query, to_fts5, to_tsquery
from store.search.stemming import TextStemmer
from store.timestamps import UTCDateTime

log = logging.getLogger(__name__)


async def rank_articles(
    session: AsyncSession,
    dialect: str,
    topic: Query,
    stemmer: TextStemmer,
    *,
    since: datetime | None,
    until: datetime | None = None,
    stored: tuple[datetime, datetime] | None,
    limit: int,
) -> dict[int, float]:
    """Article id → rank (higher is better) of the best ``limit`` articles matching ``topic``,
    published since ``since`` and before ``until``, and stored within ``stored`` (after, until];
    {} when the query fails."""
    if dialect not in ("sqlite", "postgresql"):
        raise StoreError(f"full-text search is not set up for {dialect}")
    # The window is applied inside the ranked query, so recent matches are never crowded out
    # by better-ranked older ones.
    conditions, times = "", {}
    if since is not None:
        conditions += "AND a.published_at >= :since "
        times["since"] = since
    if until is not None:
        conditions += "AND a.published_at < :until_published "
        times["until_published"] = until
    if stored is not None:
        conditions += "AND a.ingested_at > :after AND a.ingested_at <= :until "
        times.update(after=stored[0], until=stored[1])
    if dialect == "postgresql":
        # The weighted tsvector of migration 0007 (title A, standfirst B, text D), ranked with
        # the same 5 : 2 : 1 weights as bm25 below; ts_rank's weights are listed D, C, B, A.
        sql = text(
            "SELECT a.id, ts_rank('{0.2, 0, 0.4, 1}'::float4[], f.document, q.tsq) AS rank "
            "FROM articles_fts AS f JOIN articles AS a ON a.id = f.rowid "
            "CROSS JOIN to_tsquery('simple', :query) AS q(tsq) "
            f"WHERE f.document @@ q.tsq {conditions}ORDER BY rank DESC, a.id DESC LIMIT :limit"
        )
        query = to_tsquery(topic, stemmer)
    else:
        sql = text(
            "SELECT a.id, -bm25(articles_fts, 5.0, 2.0, 1.0) AS rank "
            "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH :query {conditions}ORDER BY rank DESC LIMIT :limit"
        )
        query = to_fts5(topic, stemmer)
    # Bound as the column's type, so they compare like the stored values.
    sql = sql.bindparams(*(bindparam(name, type_=UTCDateTime()) for name in times))
    params: dict[str, object] = {"query": query, "limit": limit, **times}
    try:
        hits = (await session.execute(sql, params)).all()
    except SQLAlchemyError as exc:
        log.warning("fts query failed query=%r error=%s", query, exc)
        return {}
    return {int(row_id): float(rank) for row_id, rank in hits}
