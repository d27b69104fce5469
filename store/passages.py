"""The passages index: a few sentences of an article each, searched with BM25 over stemmed text.

Passages are cut when an article is stored, in the same transaction, by the cutter the store is
given (``summarizer.passages.passage_texts`` in the bot: the store itself knows no sentence
splitting). The full-text table holds the stemmed article title, heading and passage text, so
that a question naming a story's subject finds every passage of it; a trigger removes a passage's
row when the passage goes, and passages go with their article.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, func, insert, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from blocks import Block
from errors import StoreError
from store.index_texts import IndexTexts, PassageCutter, prepare
from store.models import Passage
from store.passages_postgres import PostgresPassageSearch
from store.search.stemming import TextStemmer

log = logging.getLogger(__name__)

_FTS_INSERT = text(
    "INSERT INTO passages_fts(rowid, title, heading, text) VALUES (:id, :title, :heading, :text)"
)
# Title, heading and text weights: the title names the story, the text holds the answer.
_BM25 = "bm25(passages_fts, 2.0, 1.0, 1.0)"


@dataclass(frozen=True)
class PassageHit:
    """A passage that matched a search, and its BM25 score (higher is better)."""

    id: int
    article_id: int
    score: float


@dataclass(frozen=True)
class StoredPassage:
    """A passage as stored: its sentences, the heading it sits under, where it starts."""

    id: int
    article_id: int
    first: int
    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class ArticleTerms:
    """The stems an article's passages are indexed under: its title's, and each passage's."""

    title: frozenset[str]
    passages: list[frozenset[str]]


class PassageRepository:
    """Writes passages beside new articles, and searches and reads them for questions."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        dialect: Dialect,
        stemmer: TextStemmer,
        cutter: PassageCutter | None,
    ) -> None:
        self._sessions = sessions
        self._dialect = dialect
        self._stemmer = stemmer
        self._cutter = cutter
        self._postgres = PostgresPassageSearch() if dialect.name == "postgresql" else None

    @property
    def cutter(self) -> PassageCutter | None:
        return self._cutter

    def prepare(self, title: str, standfirst: str, text: str, blocks: Sequence[Block]) -> IndexTexts:
        """An article's stemmed texts, its passages cut by this repository's cutter from ``blocks``
        (``store.index_texts.passage_blocks``)."""
        return prepare(title, standfirst, text, blocks, stemmer=self._stemmer, cutter=self._cutter)

    async def index(self, session: AsyncSession, articles: Sequence[tuple[int, IndexTexts]]) -> int:
        """Index the passages of articles just flushed in ``session`` (article id, its texts);
        how many were added. Without a cutter (a store opened only to migrate or inspect) articles
        have no passages."""
        rows: list[dict[str, object]] = []
        indexed: list[dict[str, object]] = []
        for article_id, texts in articles:
            for passage in texts.passages:
                rows.append(
                    {
                        "article_id": article_id,
                        "first": passage.first,
                        "heading": passage.heading,
                        "text": passage.text,
                    }
                )
                indexed.append(
                    {"title": texts.title, "heading": passage.stemmed_heading, "text": passage.stemmed_text}
                )
        if not rows:
            return 0
        ids = await self._insert(session, rows)
        await session.execute(
            _FTS_INSERT, [{"id": pid, **row} for pid, row in zip(ids, indexed, strict=True)]
        )
        return len(ids)

    async def _insert(self, session: AsyncSession, rows: list[dict[str, object]]) -> list[int]:
        """Insert passage rows and return their ids, in order."""
        if self._dialect.name != "sqlite":
            returning = insert(Passage).returning(Passage.id, sort_by_parameter_order=True)
            return list(await session.scalars(returning, rows))
        # SQLite answers an ordered RETURNING one statement a row (a third of bulk-import time);
        # callers hold the write transaction (BEGIN IMMEDIATE), so the next ids are ours to give.
        start = int(await session.scalar(select(func.coalesce(func.max(Passage.id), 0))) or 0) + 1
        ids = list(range(start, start + len(rows)))
        await session.execute(insert(Passage), [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
        return ids

    def _require_search(self) -> None:
        if self._dialect.name not in ("sqlite", "postgresql"):
            raise StoreError(f"passage search is not set up for {self._dialect.name}")

    async def search(
        self, stems: Sequence[str], *, limit: int, within: Sequence[int] | None = None
    ) -> list[PassageHit]:
        """Passages matching any of ``stems`` (already stemmed words), best BM25 first;
        ``within`` limits the search to these articles."""
        self._require_search()
        unique = [s for s in dict.fromkeys(stems) if s]
        if not unique or limit <= 0 or (within is not None and not within):
            return []
        try:
            async with self._sessions() as session:
                if self._postgres is not None:
                    found = await self._postgres.search(session, unique, limit, within)
                else:
                    found = await self._sqlite_search(session, unique, limit, within)
        except StoreError as exc:
            log.warning("passage search failed terms=%d error=%s", len(unique), exc)
            return []
        return [PassageHit(int(pid), int(aid), float(score)) for pid, aid, score in found]

    async def _sqlite_search(
        self, session: AsyncSession, stems: Sequence[str], limit: int, within: Sequence[int] | None
    ) -> list[tuple[int, int, float]]:
        params: dict[str, object] = {
            "limit": limit,
            "query": " OR ".join('"' + s.replace('"', '""') + '"' for s in stems),
        }
        sql = (
            f"SELECT p.id, p.article_id, -{_BM25} AS score FROM passages_fts "
            "JOIN passages AS p ON p.id = passages_fts.rowid WHERE passages_fts MATCH :query"
        )
        order = " ORDER BY score DESC, p.id LIMIT :limit"
        if within is not None:
            statement = text(sql + " AND p.article_id IN :within" + order).bindparams(
                bindparam("within", expanding=True)
            )
            params["within"] = list(within)
        else:
            statement = text(sql + order)
        return [(int(a), int(b), float(c)) for a, b, c in (await session.execute(statement, params)).all()]

    async def of_articles(self, article_ids: Sequence[int]) -> list[StoredPassage]:
        """Every passage of these articles, in article order then reading order."""
        if not article_ids:
            return []
        async with self._sessions() as session:
            stmt = (
                select(Passage)
                .where(Passage.article_id.in_(list(article_ids)))
                .order_by(Passage.article_id, Passage.first)
            )
            rows = list(await session.scalars(stmt))
        return [
            StoredPassage(r.id, r.article_id, r.first, r.heading, tuple(r.text.split("\n"))) for r in rows
        ]

    async def article_terms(self, article_ids: Sequence[int]) -> dict[int, ArticleTerms]:
        """The indexed (stemmed) words of each article: of its title, and of each passage (its
        heading and text), in reading order."""
        self._require_search()
        if not article_ids:
            return {}
        statement = text(
            "SELECT p.article_id, f.title, f.heading, f.text FROM passages AS p "
            "JOIN passages_fts AS f ON f.rowid = p.id WHERE p.article_id IN :ids "
            "ORDER BY p.article_id, p.first"
        ).bindparams(bindparam("ids", expanding=True))
        async with self._sessions() as session:
            rows = (await session.execute(statement, {"ids": list(dict.fromkeys(article_ids))})).all()
        found: dict[int, ArticleTerms] = {}
        for article_id, title, heading, body in rows:
            terms = found.setdefault(int(article_id), ArticleTerms(frozenset(str(title).split()), []))
            terms.passages.append(frozenset(f"{heading} {body}".split()))
        return found

    async def document_counts(self, stems: Sequence[str]) -> tuple[int, dict[str, int]]:
        """How many passages there are, and how many contain each stem (for idf weights)."""
        self._require_search()
        unique = [s for s in dict.fromkeys(stems) if s]
        async with self._sessions() as session:
            if self._postgres is not None:  # no vocabulary table: counted through the index
                return await self._postgres.counts(session, unique)
            total = int(await session.scalar(select(func.count(Passage.id))) or 0)
            if not unique:
                return total, {}
            statement = text("SELECT term, doc FROM passages_vocab WHERE term IN :terms").bindparams(
                bindparam("terms", expanding=True)
            )
            rows = (await session.execute(statement, {"terms": unique})).all()
        return total, {str(term): int(doc) for term, doc in rows}

    async def count(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.count(Passage.id))) or 0)
