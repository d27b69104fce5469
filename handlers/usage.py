"""/usage: the AI tokens this chat used today; admins also see the totals and the top chats."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.render_html import render_lines_html
from bot.telegram.reply import send_chunks
from bot.wording import usage_lines

TITLE = "AI usage today"


async def usage(update: Update, context: BotContext) -> None:
    """The chat's own token figures and budget; the whole bot's for admins."""
    if update.effective_chat is None:
        return
    report = await context.services.usage.report(update.effective_chat.id, admin=context.from_admin(update))
    await send_chunks(update, context, render_lines_html(TITLE, usage_lines(report)))
