"""Commands the bot does not know, and plain messages in private chats."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.render_html import escape
from handlers.sending import reply_html

HINT = "Send /brief for a briefing, /ask with a question, or /help for everything I can do."


def addressed_command(text: str, bot_username: str) -> str | None:
    """The command name if this text is a command this bot should see (bare or @this_bot)."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head = text.split(maxsplit=1)[0][1:]
    name, _, target = head.partition("@")
    if target and target.lower() != bot_username.lower():
        return None
    return name.lower()


async def unknown_command(update: Update, context: BotContext) -> None:
    """Say the command is unknown, only when it was meant for this bot."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    text = message.text or ""
    name = addressed_command(text, context.bot.username)
    # In groups a bare unknown command may be meant for another bot: answer only when named.
    named = "@" in text.split(maxsplit=1)[0]
    if name is not None and (chat.type == "private" or named):
        await reply_html(update, context, f"I don't know /{escape(name)}. {HINT}")


async def plain_message(update: Update, context: BotContext) -> None:
    """Point a private chat's plain text at the commands."""
    await reply_html(update, context, HINT)
