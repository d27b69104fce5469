"""Sending rendered HTML chunks so that a reply never fails because of length or markup."""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from telegram import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.telegram.context import BotContext
from bot.telegram.html_text import escape, split_html

logger = logging.getLogger(__name__)
T = TypeVar("T")
Markup = InlineKeyboardMarkup | ForceReply
TYPING_RENEW_SECONDS = 4.0
_TAGS = re.compile(r"<[^>]+>")


def plain_text(chunk: str) -> str:
    """The visible text of an HTML chunk, for the plain-text fallback."""
    return html.unescape(_TAGS.sub("", chunk))


def plain_pieces(chunk: str) -> list[str]:
    """The chunk's visible text in pieces Telegram accepts without any parse mode."""
    paragraphs = escape(plain_text(chunk)).split("\n\n")
    return [html.unescape(piece) for piece in split_html(paragraphs)] or ["…"]


def html_refused(error: BadRequest) -> bool:
    """True when Telegram refused the text itself (markup or length), not the message to edit."""
    # Also "Entities_too_long": too many links and tags in one message, however short its text.
    reason = error.message.lower().replace("_", " ")
    return "can't parse entities" in reason or "too long" in reason


@dataclass(frozen=True)
class Where:
    """A chat and, in forum supergroups, the topic to answer in (else replies land in General)."""

    chat_id: int
    thread_id: int | None = None

    @classmethod
    def of(cls, update: Update) -> Where | None:
        chat, message = update.effective_chat, update.effective_message
        if chat is None:
            return None
        in_topic = message is not None and message.is_topic_message
        return cls(chat.id, message.message_thread_id if message is not None and in_topic else None)


async def _deliver(
    context: BotContext,
    where: Where,
    text: str,
    markup: Markup | None,
    edit: Message | None,
    parse_mode: str | None,
) -> Message:
    """Send ``text``, or edit it into ``edit`` (only inline keyboards can be edited in)."""
    if edit is None or isinstance(markup, ForceReply):
        return await context.bot.send_message(
            where.chat_id,
            text,
            parse_mode=parse_mode,
            reply_markup=markup,
            message_thread_id=where.thread_id,
        )
    try:
        result = await edit.edit_text(text, parse_mode=parse_mode, reply_markup=markup)
    except BadRequest as exc:
        # Already showing exactly this: the edit is as good as done.
        if "message is not modified" not in exc.message.lower():
            raise
        return edit
    return result if isinstance(result, Message) else edit


async def send_one(
    context: BotContext,
    where: Where,
    chunk: str,
    markup: Markup | None,
    edit: Message | None,
) -> Message:
    """Send (or edit into ``edit``) one chunk; fall back to plain text if Telegram refuses the HTML."""
    try:
        return await _deliver(context, where, chunk, markup, edit, ParseMode.HTML)
    except BadRequest as exc:
        if not html_refused(exc):
            raise
        logger.warning("html refused chat_id=%s reason=%s; sending plain text", where.chat_id, exc)
    pieces = plain_pieces(chunk)
    sent: Message | None = None
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        target = edit if index == 0 else None
        sent = await _deliver(context, where, piece, markup if last else None, target, None)
    assert sent is not None
    return sent


async def send_chunks(
    update: Update,
    context: BotContext,
    chunks: Sequence[str],
    *,
    markup: Markup | None = None,
    edit: Message | None = None,
    sent: list[Message] | None = None,
) -> Message | None:
    """Send chunks in order, buttons under the last; the first may replace an interim message.

    ``sent`` collects every message that now shows a chunk (to link them to a thread).
    """
    where = Where.of(update)
    if where is None:
        return None
    last: Message | None = None
    for index, chunk in enumerate(chunks):
        buttons = markup if index == len(chunks) - 1 else None
        target = edit if index == 0 else None
        try:
            last = await send_one(context, where, chunk, buttons, target)
        except BadRequest as exc:
            if target is None:
                raise
            # The interim note was deleted or can no longer be edited: send the result anew.
            logger.warning("edit failed chat_id=%s reason=%s; sending anew", where.chat_id, exc)
            await delete_quietly(target)
            last = await send_one(context, where, chunk, buttons, None)
        if sent is not None:
            sent.append(last)
    return last


async def delete_quietly(message: Message) -> None:
    try:
        await message.delete()
    except TelegramError as exc:
        logger.info("could not delete message_id=%s reason=%s", message.message_id, exc)


async def answer_button(query: CallbackQuery, text: str | None = None) -> bool:
    """Stop a button's spinner (with ``text`` as an alert); False if Telegram no longer takes the answer.

    A press queued while the bot was down is too old to answer, but is still worth acting on.
    """
    try:
        await query.answer(text, show_alert=text is not None)
    except BadRequest as exc:
        logger.info("could not answer button data=%r reason=%s", query.data, exc)
        return False
    return True


async def reply_html(update: Update, context: BotContext, text: str) -> Message | None:
    """Send one short HTML reply to the chat an update came from."""
    return await send_chunks(update, context, [text])


async def _progress(call: Awaitable[T], chat_id: int, what: str) -> T | None:
    """Show progress (typing, the interim note); if that fails, the result is still worth sending.

    Forbidden goes on: the chat blocked the bot, so there is no one to work for.
    """
    try:
        return await call
    except Forbidden:
        raise
    except TelegramError as exc:
        logger.warning("progress %s failed chat_id=%s reason=%s", what, chat_id, exc)
        return None


async def with_progress(
    update: Update, context: BotContext, work: Awaitable[T], note: str
) -> tuple[T, Message | None]:
    """Run ``work`` showing "typing"; past the configured delay, also post an interim ``note``.

    The interim message is returned so the result can be edited into it; if the work fails it
    is deleted, and the error goes on to the application's error handler.
    """
    where = Where.of(update)
    if where is None:
        return await work, None

    def typing() -> Awaitable[bool]:
        return context.bot.send_chat_action(
            where.chat_id, ChatAction.TYPING, message_thread_id=where.thread_id
        )

    try:
        await _progress(typing(), where.chat_id, "typing")
    except BaseException:
        if asyncio.iscoroutine(work):
            work.close()
        raise
    task = asyncio.ensure_future(work)
    interim: Message | None = None
    try:
        delay = context.reply.interim_after_seconds
        done, _ = await asyncio.wait({task}, timeout=delay)
        if not done:
            sending = _deliver(context, where, note, None, None, ParseMode.HTML)
            interim = await _progress(sending, where.chat_id, "note")
        while not task.done():
            # Telegram shows "typing" for about five seconds; renew it while the work runs.
            done, _ = await asyncio.wait({task}, timeout=TYPING_RENEW_SECONDS)
            if not done:
                await _progress(typing(), where.chat_id, "typing")
        return task.result(), interim
    except BaseException:
        task.cancel()
        if interim is not None:
            await delete_quietly(interim)
        raise
