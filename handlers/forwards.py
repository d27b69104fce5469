"""Posts forwarded to the bot in a private chat: stored as articles, never taken for questions."""

from __future__ import annotations

from telegram import Message, MessageOriginChannel, MessageOriginChat, Update

from bot.services.library import ForwardedPost
from bot.telegram.context import BotContext
from bot.telegram.render_html import render_ingest_report_html
from bot.telegram.reply import reply_html, send_chunks, with_progress
from handlers.add import ADMINS_ONLY_ADDS, READING

NO_TEXT = "That forwarded message has no text (or caption) to store."


def forwarded_post(message: Message) -> ForwardedPost | None:
    """The post a forwarded message carries (a media post's caption is its text), or None when
    it has no text. A channel's post names the channel, and its t.me link when it is public."""
    text = (message.text or message.caption or "").strip()
    if not text:
        return None
    origin = message.forward_origin
    date = origin.date if origin is not None else None
    if isinstance(origin, MessageOriginChannel):
        chat = origin.chat
        title = chat.title or chat.username or "channel"
        return ForwardedPost(
            text, channel=title, username=chat.username, message_id=origin.message_id, date=date
        )
    if isinstance(origin, MessageOriginChat):  # posted on behalf of a group (an anonymous admin)
        chat = origin.sender_chat
        return ForwardedPost(text, channel=chat.title or chat.username or None, date=date)
    return ForwardedPost(text, date=date)  # a user, or a user who hides their account


async def forwarded(update: Update, context: BotContext) -> None:
    """Store the forwarded post and say what was stored, or why not."""
    message = update.effective_message
    if message is None:
        return
    if not context.may_add(update):
        await reply_html(update, context, ADMINS_ONLY_ADDS)
        return
    post = forwarded_post(message)
    if post is None:
        await reply_html(update, context, NO_TEXT)
        return
    report, interim = await with_progress(
        update, context, context.services.library.add_forwarded(post), READING
    )
    await send_chunks(update, context, render_ingest_report_html(report), edit=interim)
