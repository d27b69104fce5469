"""/stats for admins."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.render_html import render_lines_html
from bot.telegram.reply import reply_html, send_chunks
from bot.wording import stats_lines

ADMINS_ONLY = "Only admins can see the statistics."


async def stats(update: Update, context: BotContext) -> None:
    """Counts of articles, sources, chats, briefings and questions."""
    if not context.from_admin(update):
        await reply_html(update, context, ADMINS_ONLY)
        return
    figures = await context.services.stats.stats()
    await send_chunks(update, context, render_lines_html("Statistics", stats_lines(figures)))
