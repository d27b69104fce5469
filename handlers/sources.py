"""/sources: the sources of the last briefing in this chat."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.render_html import render_sources_html
from bot.telegram.reply import send_chunks


async def sources(update: Update, context: BotContext) -> None:
    """List the numbered sources of this chat's last briefing."""
    if update.effective_chat is None:
        return
    briefing = await context.services.briefings.last(update.effective_chat.id)
    cited = briefing.sources if briefing is not None else ()
    await send_chunks(update, context, render_sources_html(cited))
