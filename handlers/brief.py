"""/brief [topic] [period]."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update

from bot.arguments import parse_brief_args
from bot.telegram.context import BotContext
from bot.telegram.render_html import render_briefing_html
from bot.wording import broadened_line
from handlers.keyboards import briefing_buttons
from handlers.sending import send_chunks, with_progress

WORKING = "⏳ Working on your briefing…"


async def send_briefing(update: Update, context: BotContext, args: Sequence[str]) -> None:
    """Parse, brief with progress, and send the briefing with its buttons."""
    request = parse_brief_args(args)
    chat_id = update.effective_chat.id if update.effective_chat else None
    work = context.services.briefings.brief(chat_id=chat_id, topic=request.topic, period=request.period)
    briefing, interim = await with_progress(update, context, work, WORKING)
    markup = None if briefing.empty else briefing_buttons(briefing)
    note = broadened_line(briefing.topic) if briefing.broadened else None
    await send_chunks(update, context, render_briefing_html(briefing, note=note), markup=markup, edit=interim)


async def brief(update: Update, context: BotContext) -> None:
    """Send a briefing on an optional topic and period."""
    await send_briefing(update, context, context.args or [])
