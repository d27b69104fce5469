"""/feeds: list the feeds; admins add and remove them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from telegram import Update

from bot.arguments import usage_error
from bot.context import BotContext
from bot.render_html import escape, render_lines_html
from bot.render_text import render_feeds
from handlers.sending import reply_html, send_chunks

ADMINS_ONLY = "Only admins can add or remove feeds."
FeedAction = tuple[Literal["list", "add", "remove"], str]


def parse_feeds_args(args: Sequence[str]) -> FeedAction:
    """``[]`` lists; ``add URL`` and ``remove URL-or-id`` change the feeds."""
    words = [a for a in args if a.strip()]
    if not words:
        return "list", ""
    verb = words[0].lower()
    if verb in {"add", "remove"} and len(words) == 2:
        return ("add" if verb == "add" else "remove"), words[1]
    raise usage_error("feeds", "Use /feeds alone, or /feeds add URL, or /feeds remove URL-or-id.")


async def feeds(update: Update, context: BotContext) -> None:
    """List feeds, or add/remove one when an admin asks."""
    action, ref = parse_feeds_args(context.args or [])
    library = context.services.library
    if action == "list":
        found = await library.list_feeds()
        await send_chunks(update, context, render_lines_html("Feeds", render_feeds(found).splitlines()))
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
