"""/feeds: list the feeds and the sources of stored articles; admins add and remove feeds."""

from __future__ import annotations

from telegram import Update

from bot.arguments import parse_feeds_args
from bot.telegram.context import BotContext
from bot.telegram.render_html import escape, render_lines_html
from bot.wording import feed_lines, source_lines
from handlers.sending import reply_html, send_chunks

ADMINS_ONLY = "Only admins can add or remove feeds."


async def feeds(update: Update, context: BotContext) -> None:
    """List feeds, or add/remove one when an admin asks."""
    action, ref = parse_feeds_args(context.args or [])
    library = context.services.library
    if action == "list":
        found = await library.list_feeds()
        await send_chunks(update, context, render_lines_html("Feeds", feed_lines(found)))
        return
    if action == "sources":
        listed = source_lines(await library.list_sources())
        await send_chunks(update, context, render_lines_html("Sources", listed))
        return
    if not context.from_admin(update):
        await reply_html(update, context, ADMINS_ONLY)
    elif action == "add":
        feed = await library.add_feed(ref)
        await reply_html(update, context, f"Added feed {feed.id}: {escape(feed.title or feed.url)}")
    else:
        removed = await library.remove_feed(ref)
        note = "Removed." if removed else f"No feed matches {escape(ref)}."
        await reply_html(update, context, note)
