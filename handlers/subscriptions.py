"""/subscribe, /unsubscribe, /subscriptions: digests are not set up yet, and say so clearly."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from handlers.sending import reply_html

NOT_SET_UP = (
    "Daily digests are not set up on this bot yet, so there is nothing to subscribe to.\n"
    "Meanwhile, send /brief whenever you want the latest news."
)


async def digests_not_set_up(update: Update, context: BotContext) -> None:
    """Answer any digest command with a clear "not set up yet"."""
    await reply_html(update, context, NOT_SET_UP)
