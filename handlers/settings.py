"""/settings (briefing length and language, per chat) and /timezone; the ⚙ buttons show and set the same."""

from __future__ import annotations

from telegram import Update

from bot.arguments import parse_settings_args
from bot.services.chats import ChatPrefs
from bot.telegram.context import BotContext
from bot.telegram.group_admins import require_configurer
from bot.telegram.html_text import escape
from bot.telegram.keyboards import language_buttons, settings_buttons
from bot.telegram.reply import reply_html, send_chunks
from bot.wording import language_label
from summarizer.languages import Language

OFFLINE_LANGUAGE = "No AI writer is set up on this bot, so briefings keep each article's language for now."


def prefs_html(prefs: ChatPrefs) -> str:
    """A chat's briefing length, briefing language and time zone."""
    return (
        f"Briefing length: <b>{prefs.length.value}</b>\n"
        f"Briefing language: <b>{escape(language_label(prefs.language))}</b>"
        " (change with <code>/settings language de</code>)\n"
        f"Time zone: <b>{escape(prefs.timezone)}</b> (change with /timezone)\n"
        f"Digests: <b>{'silent' if prefs.silent else 'with sound'}</b>"
    )


def length_set_html(prefs: ChatPrefs) -> str:
    """The confirmation of a new briefing length."""
    return f"Briefings will be <b>{prefs.length.value}</b>."


def language_set_html(prefs: ChatPrefs, *, llm: bool) -> str:
    """The confirmation of a new briefing language (and a note when only the offline writer serves)."""
    text = f"Briefings will be written in <b>{escape(language_label(prefs.language))}</b>."
    if prefs.language is not None and not llm:
        text += f"\n{escape(OFFLINE_LANGUAGE)}"
    return text


def silent_set_html(prefs: ChatPrefs) -> str:
    """The confirmation of digests with or without sound."""
    return (
        "Digests will arrive <b>silently</b>." if prefs.silent else "Digests will arrive <b>with sound</b>."
    )


async def show_settings(update: Update, context: BotContext, chat_id: int) -> None:
    """Send the chat's settings with one button per briefing length and the language menu."""
    prefs = await context.services.chats.prefs(chat_id)
    await send_chunks(
        update, context, [prefs_html(prefs)], markup=settings_buttons(prefs.length, prefs.silent)
    )


async def show_languages(update: Update, context: BotContext, chat_id: int) -> None:
    """Send the languages briefings can be written in, the current one marked."""
    prefs = await context.services.chats.prefs(chat_id)
    text = f"Write briefings in which language? Now: <b>{escape(language_label(prefs.language))}</b>."
    await send_chunks(update, context, [text], markup=language_buttons(prefs.language))


async def set_language(update: Update, context: BotContext, chat_id: int, language: Language | None) -> None:
    """Set the chat's briefing language and confirm it."""
    prefs = await context.services.chats.set_language(chat_id, language)
    llm = context.services.briefings.writes_with_llm
    await reply_html(update, context, language_set_html(prefs, llm=llm))


async def settings(update: Update, context: BotContext) -> None:
    """Show this chat's settings with buttons, or set the length or language from arguments."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    if not context.args:
        await show_settings(update, context, chat_id)
        return
    await require_configurer(update, context)
    change = parse_settings_args(context.args)
    if change.list_languages:
        await show_languages(update, context, chat_id)
        return
    if change.language_given:
        await set_language(update, context, chat_id, change.language)
        return
    lines = []
    if change.length is not None:
        lines.append(length_set_html(await context.services.chats.set_length(chat_id, change.length)))
    if change.silent is not None:
        lines.append(silent_set_html(await context.services.chats.set_silent(chat_id, change.silent)))
    await reply_html(update, context, "\n".join(lines))


async def timezone(update: Update, context: BotContext) -> None:
    """Show or set this chat's time zone."""
    if update.effective_chat is None:
        return
    chats, chat_id = context.services.chats, update.effective_chat.id
    if context.args:
        await require_configurer(update, context)
        prefs = await chats.set_timezone(chat_id, " ".join(context.args))
        await reply_html(update, context, f"Time zone set to <b>{escape(prefs.timezone)}</b>.")
        return
    prefs = await chats.prefs(chat_id)
    await reply_html(
        update,
        context,
        f"Time zone: <b>{escape(prefs.timezone)}</b>\n"
        "Change it with <code>/timezone Area/City</code>, a city or <code>UTC±hh:mm</code>,"
        " e.g. <code>/timezone Europe/Berlin</code>, <code>/timezone new york</code>.",
    )
