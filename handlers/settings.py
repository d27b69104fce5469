"""/settings (briefing length, per chat) and /timezone."""

from __future__ import annotations

from telegram import Update

from bot.arguments import parse_length
from bot.context import BotContext
from bot.render_html import escape
from handlers.keyboards import length_buttons
from handlers.sending import reply_html, send_chunks


async def settings(update: Update, context: BotContext) -> None:
    """Show this chat's briefing length with buttons, or set it from an argument."""
    if update.effective_chat is None:
        return
    chats, chat_id = context.services.chats, update.effective_chat.id
    if context.args:
        prefs = await chats.set_length(chat_id, parse_length(context.args))
        await reply_html(update, context, f"Briefings will be <b>{prefs.length.value}</b>.")
        return
    prefs = await chats.prefs(chat_id)
    text = (
        f"Briefing length: <b>{prefs.length.value}</b>\n"
        f"Time zone: <b>{escape(prefs.timezone)}</b> (change with /timezone)"
    )
    await send_chunks(update, context, [text], markup=length_buttons(prefs.length))


async def timezone(update: Update, context: BotContext) -> None:
    """Show or set this chat's time zone."""
    if update.effective_chat is None:
        return
    chats, chat_id = context.services.chats, update.effective_chat.id
    if context.args:
        prefs = await chats.set_timezone(chat_id, " ".join(context.args))
        await reply_html(update, context, f"Time zone set to <b>{escape(prefs.timezone)}</b>.")
        return
    prefs = await chats.prefs(chat_id)
    await reply_html(
        update,
        context,
        f"Time zone: <b>{escape(prefs.timezone)}</b>\n"
        "Change it with <code>/timezone Area/City</code>,"
        " e.g. <code>/timezone Europe/Berlin</code>.",
    )
