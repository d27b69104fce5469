"""The bot blocked, removed, unblocked or re-added (my_chat_member), and groups that became supergroups."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update

from bot.telegram.context import BotContext

logger = logging.getLogger(__name__)
REACHABLE = frozenset({ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED})


def reachable(status: str) -> bool:
    """True when the bot can write to a chat where its membership is ``status``."""
    return status in REACHABLE


async def my_chat_member(update: Update, context: BotContext) -> None:
    """Mark the chat blocked (its digests wait) or reachable again (they resume)."""
    change = update.my_chat_member
    if change is None:
        return
    can_write = reachable(change.new_chat_member.status)
    if await context.services.subscriptions.chat_reachable(change.chat.id, can_write):
        logger.info("chat %s chat_id=%s", "reachable" if can_write else "blocked", change.chat.id)


async def migrated(update: Update, context: BotContext) -> None:
    """A group upgraded to a supergroup: its digests and settings move to the new id."""
    message = update.effective_message
    if message is None or not message.migrate_to_chat_id:
        return
    if await context.services.subscriptions.chat_migrated(message.chat.id, message.migrate_to_chat_id):
        logger.info("chat migrated old=%s new=%s", message.chat.id, message.migrate_to_chat_id)
