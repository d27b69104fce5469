"""Commands the bot does not know, and plain messages in private chats."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.html_text import escape
from bot.telegram.reply import reply_html
from bot.telegram.routing import command_for_bot
from bot.wording import HINT


async def unknown_command(update: Update, context: BotContext) -> None:
    """Say the command is unknown, only when it was meant for this bot."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    name = command_for_bot(message.text or "", context.bot.username, private=chat.type == chat.PRIVATE)
    if name is not None:
        await reply_html(update, context, f"I don't know /{escape(name)}. {HINT}")
