"""The application's one error handler: log with context, tell the user without internals."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.arguments import worded
from bot.telegram.context import BotContext
from bot.telegram.html_text import escape
from bot.telegram.render_html import render_usage_html
from bot.telegram.reply import reply_html
from errors import BriefbotError, SourceError, SummarizerError, UsageError, UserInputError

logger = logging.getLogger(__name__)
SOMETHING_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
SUMMARIZER_DOWN = "Sorry, I could not write that right now. Please try again later."


def telegram_unavailable(error: BaseException) -> bool:
    """Flood control, timeouts and lost connections: Telegram's trouble, not a bug of ours."""
    return isinstance(error, RetryAfter | NetworkError) and not isinstance(error, BadRequest)


def user_text(error: BaseException) -> str | None:
    """What to tell the user about ``error`` (None for nothing), never internals.

    Nothing when Telegram is unavailable: a reply would hit the same flood limit or dead
    connection, and a send that timed out may well have arrived.
    """
    if isinstance(error, BriefbotError):
        error = worded(error)
    if isinstance(error, UsageError):
        return render_usage_html(error.problem, error.usage, error.example)
    if isinstance(error, UserInputError | SourceError):
        return escape(str(error))
    if isinstance(error, SummarizerError):
        return SUMMARIZER_DOWN
    if isinstance(error, Forbidden) or telegram_unavailable(error):
        return None
    return SOMETHING_WRONG


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure with the update's context and answer the chat briefly."""
    error = context.error
    if error is None:
        return
    chat = update.effective_chat if isinstance(update, Update) else None
    message = update.effective_message if isinstance(update, Update) else None
    text = message.text if message else None
    if isinstance(error, UserInputError | SourceError | Forbidden):
        logger.info("user-facing failure chat_id=%s error=%r", chat and chat.id, error)
    elif telegram_unavailable(error):
        logger.warning("telegram unavailable chat_id=%s error=%r", chat and chat.id, error)
    else:
        logger.error("handler failed chat_id=%s text=%r", chat and chat.id, (text or "")[:80], exc_info=error)
    reply = user_text(error)
    if reply is None or chat is None or not isinstance(update, Update):
        return
    try:
        await reply_html(update, context, reply)
    except TelegramError:
        logger.warning("could not report failure to chat_id=%s", chat.id, exc_info=True)
