"""/feeds: list the feeds (with their health) and the sources of stored articles; admins add and
remove feeds."""

from __future__ import annotations

from telegram import Update

from bot.arguments import parse_feeds_args
from bot.telegram.context import BotContext
from bot.telegram.html_text import escape
from bot.telegram.render_html import render_lines_html
from bot.telegram.reply import reply_html, send_chunks, with_progress
from bot.wording import added_feed_line, feed_lines, source_lines
from handlers.add import READING

ADMINS_ONLY = "Only admins can add or remove feeds."


async def feeds(update: Update, context: BotContext) -> None:
    """List feeds, or add/remove one when an admin asks."""
    action, ref = parse_feeds_args(context.args or [])
    service = context.services.feeds
    if action == "list":
        await send_chunks(update, context, render_lines_html("Feeds", feed_lines(await service.list())))
        return
    if action == "sources":
        listed = source_lines(await context.services.library.list_sources())
        await send_chunks(update, context, render_lines_html("Sources", listed))
        return
    if not context.from_admin(update):
        await reply_html(update, context, ADMINS_ONLY)
    elif action == "add":
        added, interim = await with_progress(update, context, service.add(ref), READING)
        await send_chunks(update, context, [escape(added_feed_line(added))], edit=interim)
    else:
        removed = await service.remove(ref)
        note = "Removed (its articles stay)." if removed else f"No feed matches {escape(ref)}."
        await reply_html(update, context, note)
