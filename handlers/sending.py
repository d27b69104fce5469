"""Sending rendered HTML chunks so that a reply never fails because of length or markup."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
from collections.abc import Awaitable, Sequence
from typing import TypeVar

from telegram import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.context import BotContext
from bot.render_html import escape, split_html

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


async def _send_one(
    context: BotContext,
    chat_id: int,
    chunk: str,
    markup: Markup | None,
    edit: Message | None,
) -> Message:
    """Send (or edit into ``edit``) one chunk; fall back to plain text if Telegram refuses it."""
    try:
        # Only inline keyboards can be edited into a message.
        if edit is not None and not isinstance(markup, ForceReply):
            result = await edit.edit_text(chunk, parse_mode=ParseMode.HTML, reply_markup=markup)
            return result if isinstance(result, Message) else edit
        return await context.bot.send_message(chat_id, chunk, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        logger.warning("html refused chat_id=%s reason=%s; sending plain text", chat_id, exc)
    pieces = plain_pieces(chunk)
    sent: Message | None = None
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        sent = await context.bot.send_message(
            chat_id, piece, parse_mode=None, reply_markup=markup if last else None
        )
    assert sent is not None
    return sent


async def send_chunks(
    update: Update,
    context: BotContext,
    chunks: Sequence[str],
    *,
    markup: Markup | None = None,
    edit: Message | None = None,
) -> Message | None:
    """Send chunks in order, buttons under the last; the first may replace an interim message."""
    chat = update.effective_chat
    if chat is None:
        return None
    last: Message | None = None
    for index, chunk in enumerate(chunks):
        buttons = markup if index == len(chunks) - 1 else None
        target = edit if index == 0 else None
        try:
            last = await _send_one(context, chat.id, chunk, buttons, target)
        except BadRequest as exc:
            if target is None:
                raise
            logger.warning("edit failed chat_id=%s reason=%s; sending anew", chat.id, exc)
            last = await _send_one(context, chat.id, chunk, buttons, None)
    return last


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
    chat = update.effective_chat
    if chat is None:
        return await work, None
    try:
        await _progress(context.bot.send_chat_action(chat.id, ChatAction.TYPING), chat.id, "typing")
    except BaseException:
        if asyncio.iscoroutine(work):
            work.close()
        raise
    task = asyncio.ensure_future(work)
    interim: Message | None = None
    try:
        delay = context.services.settings.telegram.interim_after_seconds
        done, _ = await asyncio.wait({task}, timeout=delay)
        if not done:
            sending = context.bot.send_message(chat.id, note, parse_mode=ParseMode.HTML)
            interim = await _progress(sending, chat.id, "note")
        while not task.done():
            # Telegram shows "typing" for about five seconds; renew it while the work runs.
            done, _ = await asyncio.wait({task}, timeout=TYPING_RENEW_SECONDS)
            if not done:
                await _progress(context.bot.send_chat_action(chat.id, ChatAction.TYPING), chat.id, "typing")
        return task.result(), interim
    except BaseException:
        task.cancel()
        if interim is not None:
            with contextlib.suppress(TelegramError):
                await interim.delete()
        raise
