"""A reply that grows while it is written: one message edited as checked sentences arrive.

``LiveReply`` keeps the chunks the reply should show and brings Telegram up to date with at most
one call (send, edit or delete) per interval: Telegram limits edits like messages, about one a
second in a private chat and twenty a minute in a group. The first call waits one interval, so a
reply that is ready by then goes out whole. Each chunk is valid HTML on its own (``split_html``),
so every edit is; past Telegram's length limit the reply goes on in a new message. The last
call brings the buttons.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.telegram.context import BotContext
from bot.telegram.reply import TYPING_RENEW_SECONDS, Markup, Where, delete_quietly, send_one

logger = logging.getLogger(__name__)


@dataclass
class _Shown:
    message: Message
    text: str
    markup: Markup | None


class LiveReply:
    """The messages of one growing reply; use ``async with`` and call ``show`` and ``finish``."""

    def __init__(
        self,
        update: Update,
        context: BotContext,
        *,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._context = context
        self._where = Where.of(update)
        self._interval = interval
        self._clock = clock
        self._wanted: list[str] = []
        self._markup: Markup | None = None
        self._shown: list[_Shown] = []
        self._changed = asyncio.Event()
        self._closed = False
        self._next_call = clock() + interval
        self._task: asyncio.Task[None] | None = None
        self.calls = 0

    @classmethod
    def for_chat(cls, update: Update, context: BotContext) -> LiveReply:
        """A reply paced for this chat: groups more slowly than private chats."""
        chat = update.effective_chat
        tuning = context.reply
        private = chat is not None and chat.type == chat.PRIVATE
        return cls(
            update,
            context,
            interval=tuning.stream_edit_seconds if private else tuning.stream_edit_group_seconds,
        )

    async def __aenter__(self) -> LiveReply:
        if self._where is not None:
            self._task = asyncio.create_task(self._run(), name="live-reply")
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._task is None:
            return
        if error is not None or not self._closed:
            self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        if error is not None:
            # A half-written reply would keep saying "writing…": take it down; the error handler answers.
            for shown in self._shown:
                await delete_quietly(shown.message)

    @property
    def message_ids(self) -> list[int]:
        """The ids of the messages that show the reply now."""
        return [shown.message.message_id for shown in self._shown]

    def show(self, chunks: Sequence[str]) -> None:
        """What the reply should show now (no buttons yet)."""
        self._wanted = list(chunks)
        self._changed.set()

    async def finish(self, chunks: Sequence[str], markup: Markup | None) -> None:
        """Show the final chunks, the buttons under the last, and wait until Telegram has them."""
        self._wanted = list(chunks)
        self._markup = markup
        self._closed = True
        self._changed.set()
        if self._task is not None:
            await asyncio.shield(self._task)

    def _markup_at(self, index: int) -> Markup | None:
        return self._markup if self._closed and index == len(self._wanted) - 1 else None

    def _next_step(self) -> int | None:
        """The index of the first message that differs from what is wanted, or None."""
        for index, text in enumerate(self._wanted):
            if index >= len(self._shown):
                return index
            shown = self._shown[index]
            if shown.text != text or shown.markup is not self._markup_at(index):
                return index
        return len(self._wanted) if len(self._shown) > len(self._wanted) else None

    async def _run(self) -> None:
        typing = asyncio.create_task(self._typing())
        try:
            while True:
                await self._changed.wait()
                self._changed.clear()
                while (index := self._next_step()) is not None:
                    # Once the reply is complete, its first message need not wait any longer.
                    first_of_finished = self._closed and not self._shown
                    delay = 0.0 if first_of_finished else self._next_call - self._clock()
                    if delay > 0:
                        await asyncio.sleep(delay)
                        continue  # what is wanted may have changed meanwhile
                    await self._apply(index)
                    self._next_call = self._clock() + self._interval
                if self._closed:
                    return
        finally:
            typing.cancel()

    async def _apply(self, index: int) -> None:
        assert self._where is not None
        self.calls += 1
        if index >= len(self._wanted):
            await delete_quietly(self._shown.pop().message)
            return
        text, markup = self._wanted[index], self._markup_at(index)
        if index >= len(self._shown):
            message = await send_one(self._context, self._where, text, markup, None)
            self._shown.append(_Shown(message, text, markup))
            return
        shown = self._shown[index]
        try:
            message = await send_one(self._context, self._where, text, markup, shown.message)
        except BadRequest as exc:
            # The message was deleted meanwhile or can no longer be edited: send it anew.
            logger.warning("live edit failed chat_id=%s reason=%s; sending anew", self._where.chat_id, exc)
            message = await send_one(self._context, self._where, text, markup, None)
        self._shown[index] = _Shown(message, text, markup)

    async def _typing(self) -> None:
        """Show "typing" until the first message is out."""
        assert self._where is not None
        where = self._where
        while not self._shown:
            try:
                await self._context.bot.send_chat_action(
                    where.chat_id, ChatAction.TYPING, message_thread_id=where.thread_id
                )
            except Forbidden:
                return
            except TelegramError as exc:
                logger.info("typing failed chat_id=%s reason=%s", where.chat_id, exc)
            await asyncio.sleep(TYPING_RENEW_SECONDS)
