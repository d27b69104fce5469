"""Commands the bot does not know, and plain messages in private chats."""

from __future__ import annotations

from telegram import Update

from bot.commands import KNOWN_COMMANDS
from bot.telegram.context import BotContext
from bot.telegram.html_text import escape
from bot.telegram.reply import reply_html

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


def command_for_bot(text: str, bot_username: str, *, private: bool) -> str | None:
    """The command name if this text is a command meant for this bot.

    In groups a bare command may be meant for another bot: only ours count, or any @this_bot.
    """
    name = addressed_command(text, bot_username)
    if name is None:  # not a command, or no text at all (stickers, photos, members joining)
        return None
    named = "@" in text.split(maxsplit=1)[0]
    return name if private or named or name in KNOWN_COMMANDS else None


async def unknown_command(update: Update, context: BotContext) -> None:
    """Say the command is unknown, only when it was meant for this bot."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    name = command_for_bot(message.text or "", context.bot.username, private=chat.type == chat.PRIVATE)
    if name is not None:
        await reply_html(update, context, f"I don't know /{escape(name)}. {HINT}")
