"""Inline button presses: Sources, Longer, Ask a follow-up, and the /start and /settings buttons
(lengths, the language menu and its languages)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import ForceReply, Message, Update

from bot.telegram import keyboards
from bot.telegram.context import BotContext
from bot.telegram.group_admins import may_configure
from bot.telegram.keyboards import briefing_buttons
from bot.telegram.render_html import render_briefing_html, render_sources_html
from bot.telegram.reply import answer_button, reply_html, send_chunks, with_progress
from bot.wording import GROUP_ADMINS_ONLY
from handlers.brief import WORKING, join_thread, send_briefing
from handlers.settings import length_set_html, set_language, show_languages, show_settings, silent_set_html
from handlers.start import help_html
from summarizer.languages import LANGUAGES, Language
from summarizer.types import Length

logger = logging.getLogger(__name__)
NO_BRIEFING = "There is no briefing in this chat yet — send /brief first."
ASK_PROMPT = "Reply to this message with your question about the briefing."
EXPIRED = "This button no longer works. Send /brief for a fresh briefing."
FULL_LENGTH = "That briefing is already as long as the stored articles allow."
OLDER = "These buttons belong to an older briefing. Use the ones under the latest, or send /brief."
Action = Callable[[Update, BotContext, int], Awaitable[None]]


async def _brief(update: Update, context: BotContext, chat_id: int) -> None:
    await send_briefing(update, context, [])


async def _sources(update: Update, context: BotContext, chat_id: int) -> None:
    last = await context.services.briefings.last(chat_id)
    await send_chunks(update, context, render_sources_html(last.sources if last else ()))


async def _longer(update: Update, context: BotContext, chat_id: int) -> None:
    work = context.services.briefings.longer(chat_id)
    longer, interim = await with_progress(update, context, work, WORKING)
    if longer is None or not longer.grew:
        await send_chunks(update, context, [NO_BRIEFING if longer is None else FULL_LENGTH], edit=interim)
        return
    chunks = render_briefing_html(longer.briefing)
    sent: list[Message] = []
    await send_chunks(
        update, context, chunks, markup=briefing_buttons(longer.briefing), edit=interim, sent=sent
    )
    await join_thread(update, context, longer.thread_id, [m.message_id for m in sent])


async def _ask(update: Update, context: BotContext, chat_id: int) -> None:
    # In groups a selective ForceReply reaches only members the text mentions.
    user, chat = update.effective_user, update.effective_chat
    in_group = chat is not None and chat.type != chat.PRIVATE
    prompt = f"{user.mention_html()}: {ASK_PROMPT}" if user and in_group else ASK_PROMPT
    markup = ForceReply(selective=True, input_field_placeholder="Your question")
    sent: list[Message] = []
    await send_chunks(update, context, [prompt], markup=markup, sent=sent)
    # The answer to the prompt is a reply to it: the prompt joins the thread of the message pressed under.
    threads = context.services.threads
    query = update.callback_query
    under = query.message.message_id if query is not None and query.message is not None else None
    found = await threads.of_message(chat_id, under) if under is not None else None
    thread = found.thread if found is not None else None
    if thread is None:
        thread = (await threads.latest(chat_id, briefings_only=True)).thread
    if thread is not None:
        await threads.link(chat_id, thread.id, [m.message_id for m in sent])


async def _help(update: Update, context: BotContext, chat_id: int) -> None:
    await reply_html(update, context, help_html(admin=context.from_admin(update)))


def _set_length(length: Length) -> Action:
    async def action(update: Update, context: BotContext, chat_id: int) -> None:
        prefs = await context.services.chats.set_length(chat_id, length)
        await reply_html(update, context, length_set_html(prefs))

    return action


def _set_language(language: Language | None) -> Action:
    async def action(update: Update, context: BotContext, chat_id: int) -> None:
        await set_language(update, context, chat_id, language)

    return action


def _set_silent(silent: bool) -> Action:
    async def action(update: Update, context: BotContext, chat_id: int) -> None:
        prefs = await context.services.chats.set_silent(chat_id, silent)
        await reply_html(update, context, silent_set_html(prefs))

    return action


# Buttons that change a chat's settings: in groups, only its admins may press them.
CHANGES = frozenset(
    {
        *(f"{keyboards.LENGTH_PREFIX}{x.value}" for x in Length),
        *(f"{keyboards.LANGUAGE_PREFIX}{x.code}" for x in LANGUAGES),
        f"{keyboards.LANGUAGE_PREFIX}{keyboards.ORIGINAL}",
        keyboards.SILENT_ON,
        keyboards.SILENT_OFF,
    }
)


def actions() -> dict[str, Action]:
    """What each button's callback data does."""
    table: dict[str, Action] = {
        keyboards.BRIEF: _brief,
        keyboards.SOURCES: _sources,
        keyboards.LONGER: _longer,
        keyboards.ASK: _ask,
        keyboards.HELP: _help,
        keyboards.SETTINGS: show_settings,
        keyboards.LANGUAGES_MENU: show_languages,
        f"{keyboards.LANGUAGE_PREFIX}{keyboards.ORIGINAL}": _set_language(None),
    }
    table.update({f"{keyboards.LENGTH_PREFIX}{x.value}": _set_length(x) for x in Length})
    table.update({f"{keyboards.LANGUAGE_PREFIX}{x.code}": _set_language(x) for x in LANGUAGES})
    table.update({keyboards.SILENT_ON: _set_silent(True), keyboards.SILENT_OFF: _set_silent(False)})
    return table


async def button(update: Update, context: BotContext) -> None:
    """Answer the press at once (Telegram's time limit), then do what the button says."""
    query, chat = update.callback_query, update.effective_chat
    if query is None:
        return
    name, key = keyboards.parse_button(query.data or "")
    action = actions().get(name)
    if action is None or chat is None:
        # Data from an older version of the bot, or a button under an inline-mode message.
        logger.info("button not handled data=%r chat_id=%s", query.data, chat and chat.id)
        await answer_button(query, EXPIRED if action is None else None)
        return
    if key is not None and not await _is_latest(context, chat.id, key):
        await answer_button(query, OLDER)
        return
    if name in CHANGES and not await may_configure(update, context):
        await answer_button(query, GROUP_ADMINS_ONLY)
        return
    await answer_button(query)
    await action(update, context, chat.id)


async def _is_latest(context: BotContext, chat_id: int, key: str) -> bool:
    """False when the chat has a newer briefing than the one a button was under."""
    last = await context.services.briefings.last(chat_id)
    return last is None or keyboards.briefing_key(last) == key
