"""Which updates are meant for this bot: commands addressed to it, replies to its messages."""

from __future__ import annotations

from telegram import Message
from telegram.ext import filters

from bot.commands import KNOWN_COMMANDS


class ReplyToBot(filters.MessageFilter):
    """Messages that reply to one of this bot's messages."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        author = replied.from_user if replied else None
        return author is not None and author.id == message.get_bot().id


def replied_to_bot(message: Message | None) -> int | None:
    """The id of the bot's message this one replies to, or None."""
    replied = message.reply_to_message if message else None
    author = replied.from_user if replied else None
    if replied is None or author is None or message is None or author.id != message.get_bot().id:
        return None
    return replied.message_id


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
