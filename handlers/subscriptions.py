"""/subscribe, /unsubscribe, /subscriptions: digests are not set up yet, and say so clearly."""

from __future__ import annotations

from telegram import Update

from bot.commands import DIGESTS_NOT_READY
from bot.telegram.context import BotContext
from bot.telegram.render_html import escape
from handlers.sending import reply_html


async def digests_not_set_up(update: Update, context: BotContext) -> None:
    """Answer any digest command with a clear "not set up yet"."""
    await reply_html(update, context, escape(DIGESTS_NOT_READY))
