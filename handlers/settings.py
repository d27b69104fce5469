"""/settings (briefing length, per chat) and /timezone; the ⚙ buttons show and set the same."""

from __future__ import annotations

from telegram import Update

from bot.arguments import parse_length
from bot.services.chats import ChatPrefs
from bot.telegram.context import BotContext
from bot.telegram.render_html import escape
from handlers.keyboards import length_buttons
from handlers.sending import reply_html, send_chunks


def prefs_html(prefs: ChatPrefs) -> str:
    """A chat's briefing length and time zone."""
    return (
        f"Briefing length: <b>{prefs.length.value}</b>\n"
        f"Time zone: <b>{escape(prefs.timezone)}</b> (change with /timezone)"
    )


def length_set_html(prefs: ChatPrefs) -> str:
    """The confirmation of a new briefing length."""
    return f"Briefings will be <b>{prefs.length.value}</b>."


async def show_settings(update: Update, context: BotContext, chat_id: int) -> None:
    """Send the chat's settings with one button per briefing length."""
    prefs = await context.services.chats.prefs(chat_id)
    await send_chunks(update, context, [prefs_html(prefs)], markup=length_buttons(prefs.length))


async def settings(update: Update, context: BotContext) -> None:
    """Show this chat's settings with buttons, or set the briefing length from an argument."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    if not context.args:
        await show_settings(update, context, chat_id)
        return
    prefs = await context.services.chats.set_length(chat_id, parse_length(context.args))
    await reply_html(update, context, length_set_html(prefs))


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
