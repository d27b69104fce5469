"""/add url-or-text: store an article from a link or pasted text."""

from __future__ import annotations

from telegram import Update

from bot.arguments import usage_error
from bot.context import BotContext
from bot.render_html import render_ingest_report_html
from handlers.sending import send_chunks, with_progress

READING = "⏳ Reading…"


def parse_add(message_text: str) -> tuple[bool, str]:
    """``(is_url, payload)`` from the message text; the pasted text keeps its line breaks."""
    parts = message_text.split(maxsplit=1)
    payload = parts[1].strip() if len(parts) > 1 else ""
    if not payload:
        raise usage_error("add", "Give a link or paste the article text after /add.")
    is_url = len(payload.split()) == 1 and payload.lower().startswith(("http://", "https://"))
    return is_url, payload


async def add(update: Update, context: BotContext) -> None:
    """Store the linked page or the pasted text and report what was stored."""
    text = update.effective_message.text if update.effective_message else None
    is_url, payload = parse_add(text or "")
    library = context.services.library
    work = library.add_url(payload) if is_url else library.add_text(payload, source="chat")
    report, interim = await with_progress(update, context, work, READING)
    await send_chunks(update, context, render_ingest_report_html(report), edit=interim)
