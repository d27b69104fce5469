"""PostgreSQL's side of the passages index: document counts and an idf-weighted ranking.

SQLite's FTS5 has a vocabulary table and BM25; PostgreSQL has neither. Counts go through the GIN
index of migration 0007's weighted tsvector (title A, heading C, text D) and are kept for a
minute (idf weights need not be exact; a stem held by no passage is counted anew each time).
``ts_rank`` knows no idf, so each stem's rank is weighted by BM25's idf. Ranking every passage
that holds a common word ("the", "new") would cost seconds over 70,000 passages, so the passages
holding one of the question's informative stems are ranked first, by every stem; passages that
hold only common stems fill the rest of the limit, ranked together. The passages matched are the
same as on SQLite (any stem); only the order may differ.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import Passage
from store.search.query import ts_lexeme

# ts_rank's weights are listed D, C, B, A: text and heading 1, title 2, as bm25 on SQLite.
_TS_WEIGHTS = "'{0.5, 0.5, 0, 1}'::float4[]"
_COUNT = text("SELECT count(*) FROM passages_fts WHERE document @@ to_tsquery('simple', :lexeme)")
COMMON_SHARE = 0.05  # a stem in more than this share of passages is ranked only among the rest
COUNTS_SECONDS = 60.0
COUNTS_KEPT = 20_000


class PostgresPassageSearch:
    """Counts stems and ranks passages on PostgreSQL."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._total: tuple[int, float] | None = None

    async def counts(self, session: AsyncSession, stems: Sequence[str]) -> tuple[int, dict[str, int]]:
        """How many passages there are, and how many hold each stem (stems held by none left out)."""
        now = time.monotonic()
        if self._total is None or now - self._total[1] > COUNTS_SECONDS:
            self._total = (int(await session.scalar(select(func.count(Passage.id))) or 0), now)
        if len(self._counts) > COUNTS_KEPT:
            self._counts.clear()
        found: dict[str, int] = {}
        for stem in stems:
            kept = self._counts.get(stem)
            if kept is None or now - kept[1] > COUNTS_SECONDS:
                kept = (int(await session.scalar(_COUNT, {"lexeme": ts_lexeme(stem)}) or 0), now)
                if kept[0]:  # a stem held by none is counted again: a new article may hold it
                    self._counts[stem] = kept
            if kept[0]:
                found[stem] = kept[0]
        return self._total[0], found

    async def search(
        self, session: AsyncSession, stems: Sequence[str], limit: int, within: Sequence[int] | None
    ) -> list[tuple[int, int, float]]:
        """(passage id, article id, score) of passages holding any of ``stems``, best first."""
        total, counts = await self.counts(session, stems)
        held = [s for s in stems if s in counts]
        if not held:
            return []
        idf = {s: math.log(1 + (total - counts[s] + 0.5) / (counts[s] + 0.5)) for s in held}
        informative = [s for s in held if counts[s] <= COMMON_SHARE * total]
        common = [s for s in held if s not in informative]
        if not informative:
            return await self._rank_each(session, common, common, idf, limit, within)
        rows = await self._rank_each(session, informative, [*informative, *common], idf, limit, within)
        if len(rows) < limit and common:
            rows += await self._rank_together(session, common, informative, idf, limit - len(rows), within)
        return rows

    async def _rank_each(
        self,
        session: AsyncSession,
        matching: Sequence[str],
        ranked: Sequence[str],
        idf: dict[str, float],
        limit: int,
        within: Sequence[int] | None,
    ) -> list[tuple[int, int, float]]:
        """Passages holding any of ``matching``, scored by the idf-weighted rank of each stem of
        ``ranked``."""
        params: dict[str, object] = {}
        ranks = []
        for i, stem in enumerate(ranked):
            params[f"t{i}"], params[f"w{i}"] = ts_lexeme(stem), idf[stem]
            ranks.append(f":w{i} * ts_rank({_TS_WEIGHTS}, f.document, to_tsquery('simple', :t{i}))")
        return await _select(session, " + ".join(ranks), params, matching, (), limit, within)

    async def _rank_together(
        self,
        session: AsyncSession,
        matching: Sequence[str],
        exclude: Sequence[str],
        idf: dict[str, float],
        limit: int,
        within: Sequence[int] | None,
    ) -> list[tuple[int, int, float]]:
        """Passages holding any of ``matching`` (common stems) and none of ``exclude``, ranked by
        all of ``matching`` at once, weighted by their mean idf."""
        params: dict[str, object] = {"weight": sum(idf[s] for s in matching) / len(matching)}
        score = f":weight * ts_rank({_TS_WEIGHTS}, f.document, to_tsquery('simple', :match))"
        return await _select(session, score, params, matching, exclude, limit, within)


async def _select(
    session: AsyncSession,
    score: str,
    params: dict[str, object],
    matching: Sequence[str],
    exclude: Sequence[str],
    limit: int,
    within: Sequence[int] | None,
) -> list[tuple[int, int, float]]:
    """(passage id, article id, ``score``) of the best ``limit`` passages holding any of
    ``matching`` and none of ``exclude``, within these articles when given."""
    params = {**params, "limit": limit, "match": " | ".join(ts_lexeme(s) for s in matching)}
    sql = (
        f"SELECT p.id, p.article_id, {score} AS score FROM passages_fts AS f "
        "JOIN passages AS p ON p.id = f.rowid WHERE f.document @@ to_tsquery('simple', :match)"
    )
    if exclude:
        params["exclude"] = " | ".join(ts_lexeme(s) for s in exclude)
        sql += " AND NOT f.document @@ to_tsquery('simple', :exclude)"
    if within is not None:
        sql += " AND p.article_id IN :within"
        params["within"] = list(within)
    statement = text(sql + " ORDER BY score DESC, p.id LIMIT :limit")
    if within is not None:
        statement = statement.bindparams(bindparam("within", expanding=True))
    return [(int(a), int(b), float(c)) for a, b, c in (await session.execute(statement, params)).all()]
