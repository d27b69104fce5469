"""/forget: delete everything stored about a chat, after a confirm button (in groups, its admins')."""

from __future__ import annotations

from telegram import Update

from bot.telegram import keyboards
from bot.telegram.context import BotContext
from bot.telegram.group_admins import may_configure
from bot.telegram.html_text import escape
from bot.telegram.reply import answer_button, reply_html, send_chunks
from bot.wording import FORGET_QUESTION, FORGOTTEN, GROUP_ADMINS_ONLY, NOT_FORGOTTEN


async def forget(update: Update, context: BotContext) -> None:
    """Ask for confirmation before forgetting the chat."""
    if not await may_configure(update, context):
        await reply_html(update, context, escape(GROUP_ADMINS_ONLY))
        return
    await send_chunks(update, context, [escape(FORGET_QUESTION)], markup=keyboards.forget_buttons())


async def confirm(update: Update, context: BotContext) -> None:
    """The confirm or cancel button under /forget."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    if not await may_configure(update, context):
        await answer_button(query, GROUP_ADMINS_ONLY)
        return
    await answer_button(query)
    if query.data != keyboards.FORGET_YES:
        await reply_html(update, context, escape(NOT_FORGOTTEN))
        return
    await context.services.chats.forget(chat.id)
    await reply_html(update, context, escape(FORGOTTEN))
