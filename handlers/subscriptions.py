"""/subscribe, /unsubscribe, /subscriptions (with buttons) and /digest: a chat's daily digests."""

from __future__ import annotations

from telegram import Update

from bot.arguments import (
    parse_digest_args,
    parse_subscribe_args,
    parse_subscriptions_args,
    parse_unsubscribe_args,
)
from bot.services.digests.subscriptions import SubscriptionInfo
from bot.telegram.context import BotContext
from bot.telegram.group_admins import require_configurer
from bot.telegram.html_text import escape
from bot.telegram.keyboards import briefing_buttons, subscription_buttons
from bot.telegram.render_html import render_digest_html
from bot.telegram.reply import reply_html, send_chunks, with_progress
from bot.wording import (
    NO_SUBSCRIPTIONS,
    digest_heading,
    subscribed_line,
    subscription_lines,
    unsubscribed_line,
)
from store.timestamps import utcnow

BUILDING = "⏳ Putting your digest together…"


def list_html(found: list[SubscriptionInfo]) -> str:
    """The chat's digests, numbered, with their next run in local time."""
    if not found:
        return escape(NO_SUBSCRIPTIONS)
    lines = "\n".join(escape(line) for line in subscription_lines(found, utcnow()))
    return f"<b>Digests</b>\n{lines}"


def _chat_id(update: Update) -> int:
    if update.effective_chat is None:
        raise RuntimeError("a digest command needs a chat")
    return update.effective_chat.id


async def subscribe(update: Update, context: BotContext) -> None:
    """Start a digest at a time, on some days, in a zone, on a topic."""
    await require_configurer(update, context)
    request = parse_subscribe_args(context.args or [])
    chat = update.effective_chat
    assert chat is not None
    info = await context.services.subscriptions.subscribe(
        chat.id, request, kind=chat.type, title=chat.title or chat.full_name or ""
    )
    await reply_html(update, context, escape(subscribed_line(info, utcnow())))


async def unsubscribe(update: Update, context: BotContext) -> None:
    """Stop digest n, or all of them."""
    await require_configurer(update, context)
    which = parse_unsubscribe_args(context.args or [])
    removed = await context.services.subscriptions.unsubscribe(_chat_id(update), which)
    await reply_html(update, context, escape(unsubscribed_line(removed, which)))


async def subscriptions(update: Update, context: BotContext) -> None:
    """List the digests with buttons, or pause, resume, remove or retime one by its number."""
    action, number, at = parse_subscriptions_args(context.args or [])
    service, chat_id = context.services.subscriptions, _chat_id(update)
    if action != "list":
        await require_configurer(update, context)
        await service.apply(chat_id, action, number, at)
    found = await service.of_chat(chat_id)
    await send_chunks(update, context, [list_html(found)], markup=subscription_buttons(found))


async def digest(update: Update, context: BotContext) -> None:
    """Preview digest n now (its watermark does not move)."""
    number = parse_digest_args(context.args or [])
    work = context.services.subscriptions.preview(_chat_id(update), number)
    preview, interim = await with_progress(update, context, work, BUILDING)
    chunks = render_digest_html(preview, digest_heading(preview, utcnow()))
    markup = None if preview.empty else briefing_buttons(preview.briefing)
    await send_chunks(update, context, chunks, markup=markup, edit=interim)
