"""The one guard before every handler: refuse users not allowed, rate-limit expensive work."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.arguments import reads_as_question
from bot.telegram import keyboards
from bot.telegram.access import REFUSED_TEXT, retry_text
from bot.telegram.context import BotContext
from bot.telegram.reply import answer_button, reply_html
from bot.telegram.routing import ReplyToBot, command_for_bot

logger = logging.getLogger(__name__)
COSTLY_COMMANDS = frozenset({"brief", "ask"})
COSTLY_BUTTONS = frozenset({keyboards.BRIEF, keyboards.LONGER})


def _addressed(update: Update, username: str) -> tuple[bool, bool]:
    """``(meant for this bot, expensive)`` for an update."""
    if update.callback_query is not None:
        action, _ = keyboards.parse_button(update.callback_query.data or "")
        return True, action in COSTLY_BUTTONS or action.startswith(keyboards.STORY_PREFIX)
    # Only new messages are answered (see bot.telegram.app.handlers): edits and channel posts are not.
    message, chat = update.message, update.effective_chat
    if message is None or chat is None:
        return False, False
    command = command_for_bot(message.text or "", username, private=chat.type == chat.PRIVATE)
    if command is not None:
        return True, command in COSTLY_COMMANDS
    if ReplyToBot().check_update(update):
        return True, True
    private = chat.type == "private"
    # A plain question in a private chat is answered, so it costs like /ask (a forwarded post does not).
    asked = private and message.forward_origin is None and reads_as_question(message.text or "")
    return private, asked


async def _tell(update: Update, context: BotContext, text: str) -> None:
    query = update.callback_query
    if query is None or not await answer_button(query, text):
        await reply_html(update, context, text)


async def guard(update: object, context: BotContext) -> None:
    """Stop updates from refused users (one polite line) and from chats over the rate limit."""
    if not isinstance(update, Update):
        return
    user, chat = update.effective_user, update.effective_chat
    meant, costly = _addressed(update, context.bot.username)
    if not context.policy.may_use(user.id if user else None):
        logger.info("refused user_id=%s chat_id=%s", user and user.id, chat and chat.id)
        if meant:
            await _tell(update, context, REFUSED_TEXT)
        raise ApplicationHandlerStop
    if chat is not None and (update.message is not None or update.callback_query is not None):
        # The chat writes again: if it had blocked the bot, its digests resume from now on.
        await context.services.subscriptions.chat_reachable(chat.id, True)
    if costly and chat is not None:
        wait = await context.limiter.acquire(chat.id)  # admits (and logs) when the store is down
        if wait > 0:
            logger.info("rate limited chat_id=%s wait=%.1f", chat.id, wait)
            await _tell(update, context, retry_text(wait))
            raise ApplicationHandlerStop
