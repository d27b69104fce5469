"""Who may change a group's digests and settings: its admins (anonymous ones too) and the bot's admins."""

from __future__ import annotations

import logging
import time

from telegram import Chat, Update
from telegram.error import TelegramError

from bot.telegram.context import BotContext
from bot.wording import GROUP_ADMINS_ONLY
from errors import UserInputError

logger = logging.getLogger(__name__)
ADMINS_FRESH_SECONDS = 60.0


async def _group_admins(context: BotContext, chat_id: int) -> frozenset[int]:
    """The group's administrators from getChatAdministrators, remembered for a minute."""
    cache = context.bot_data.group_admins
    now = time.monotonic()
    cached = cache.get(chat_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    members = await context.bot.get_chat_administrators(chat_id)
    admins = frozenset(member.user.id for member in members)
    cache[chat_id] = (now + ADMINS_FRESH_SECONDS, admins)
    return admins


async def may_configure(update: Update, context: BotContext) -> bool:
    """True when the sender of ``update`` may change this chat's digests, zone and settings."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or chat.type not in {Chat.GROUP, Chat.SUPERGROUP}:
        return True
    if context.from_admin(update):
        return True
    # An anonymous admin writes as the group itself.
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True
    if user is None:
        return False
    try:
        return user.id in await _group_admins(context, chat.id)
    except TelegramError as exc:
        logger.warning("cannot read group admins chat_id=%s reason=%s", chat.id, exc)
        return False


async def require_configurer(update: Update, context: BotContext) -> None:
    """Raise the one polite line (a user input error) unless the sender may change the chat."""
    if not await may_configure(update, context):
        chat, user = update.effective_chat, update.effective_user
        logger.info("group change refused chat_id=%s user_id=%s", chat and chat.id, user and user.id)
        raise UserInputError(GROUP_ADMINS_ONLY)
