"""/add url-or-text: store an article from a link or pasted text."""

from __future__ import annotations

from telegram import Update

from bot.arguments import parse_add
from bot.telegram.context import BotContext
from bot.telegram.render_html import render_ingest_report_html
from bot.telegram.reply import reply_html, send_chunks, with_progress

READING = "⏳ Reading…"
ADMINS_ONLY_ADDS = "Only admins can add articles on this bot."

__all__ = ["add", "parse_add"]


async def add(update: Update, context: BotContext) -> None:
    """Store the linked page or the pasted text and report what was stored."""
    if not context.may_add(update):
        await reply_html(update, context, ADMINS_ONLY_ADDS)
        return
    text = update.effective_message.text if update.effective_message else None
    is_url, payload = parse_add(text or "")
    library = context.services.library
    work = library.add_url(payload) if is_url else library.add_text(payload, source="chat")
    report, interim = await with_progress(update, context, work, READING)
    await send_chunks(update, context, render_ingest_report_html(report), edit=interim)
