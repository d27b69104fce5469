"""A log of served requests (briefings, answers, LLM calls) and the tokens they used.

Each row carries its UTC day and the account that pays, so the daily budgets read one indexed
range: a chat's own calls, or everything on that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from store.models import Usage
from store.timestamps import utcnow

LLM_KIND = "llm"


@dataclass(frozen=True)
class TokenTotals:
    """LLM calls and tokens over some rows; ``estimated_calls`` of them had no server figures."""

    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    estimated_calls: int = 0

    @property
    def tokens(self) -> int:
        return self.tokens_in + self.tokens_out


@dataclass(frozen=True)
class ChatTokens:
    """One chat's tokens on a day, for the admins' top list."""

    chat_id: int
    totals: TokenTotals


def utc_day(moment: datetime) -> str:
    """The UTC date of ``moment`` as ``YYYY-MM-DD`` (the ``day`` column)."""
    return moment.astimezone(UTC).date().isoformat()


class UsageRepository:
    """Records and counts usage."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def record(
        self,
        kind: str,
        *,
        chat_id: int | None = None,
        tokens_in: int = 0,
        tokens_out: int = 0,
        account: str | None = None,
        estimated: bool = False,
        model: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Log one request; ``account`` defaults to the chat, or ``local`` without one."""
        moment = at or utcnow()
        async with self._sessions.begin() as session:
            session.add(
                Usage(
                    chat_id=chat_id,
                    kind=kind,
                    tokens_in=tokens_in,
                    tokens_out=tokens_out,
                    created_at=moment,
                    account=account or ("chat" if chat_id is not None else "local"),
                    day=utc_day(moment),
                    estimated=estimated,
                    model=model,
                )
            )

    async def count(self, kind: str, *, since: datetime | None = None) -> int:
        async with self._sessions() as session:
            stmt = select(func.count(Usage.id)).where(Usage.kind == kind)
            if since is not None:
                stmt = stmt.where(Usage.created_at >= since)
            return int(await session.scalar(stmt) or 0)

    async def tokens(
        self, day: str, *, chat_id: int | None = None, account: str | None = None
    ) -> TokenTotals:
        """LLM tokens on ``day``: of one chat's own account, of one account, or of everyone."""
        where: list[ColumnElement[bool]] = [Usage.day == day, Usage.kind == LLM_KIND]
        if chat_id is not None:
            where += [Usage.chat_id == chat_id, Usage.account == "chat"]
        if account is not None:
            where.append(Usage.account == account)
        async with self._sessions() as session:
            row = (await session.execute(select(*_totals()).where(*where))).one()
        return _row_totals(row)

    async def top_chats(self, day: str, *, limit: int) -> list[ChatTokens]:
        """The chats that used the most LLM tokens on ``day``, most first."""
        spent = func.sum(Usage.tokens_in + Usage.tokens_out)
        stmt = (
            select(Usage.chat_id, *_totals())
            .where(Usage.day == day, Usage.kind == LLM_KIND, Usage.account == "chat")
            .group_by(Usage.chat_id)
            .order_by(spent.desc(), Usage.chat_id)
            .limit(limit)
        )
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        return [ChatTokens(int(row[0]), _row_totals(row[1:])) for row in rows if row[0] is not None]

    async def accounts(self, day: str) -> dict[str, TokenTotals]:
        """LLM tokens on ``day`` by account (``chat`` sums every chat)."""
        stmt = (
            select(Usage.account, *_totals())
            .where(Usage.day == day, Usage.kind == LLM_KIND)
            .group_by(Usage.account)
        )
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        return {str(row[0]): _row_totals(row[1:]) for row in rows}


def _totals() -> tuple[ColumnElement[int], ...]:
    return (
        func.count(Usage.id),
        func.coalesce(func.sum(Usage.tokens_in), 0),
        func.coalesce(func.sum(Usage.tokens_out), 0),
        func.coalesce(func.sum(case((Usage.estimated, 1), else_=0)), 0),
    )


def _row_totals(row: Sequence[Any]) -> TokenTotals:
    calls, tokens_in, tokens_out, estimated = row
    return TokenTotals(int(calls), int(tokens_in), int(tokens_out), int(estimated))
