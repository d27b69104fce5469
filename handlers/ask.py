"""Questions: /ask, replies to the bot's messages, plain questions in private chats, and the
closest-story buttons under an answer the articles could not give.

Every answer's messages join its thread, so a reply to any of them continues it.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message, Update

from bot.arguments import bare_url, parse_question, reads_as_question
from bot.services.questions import Asked, Context
from bot.telegram.context import BotContext
from bot.telegram.html_text import escape
from bot.telegram.keyboards import parse_story, story_buttons
from bot.telegram.render_html import render_answer_html
from bot.telegram.reply import answer_button, reply_html, send_chunks, with_progress
from bot.telegram.routing import replied_to_bot
from bot.wording import ADD_URL, small_talk_line
from summarizer.types import ReplyKind

THINKING = "⏳ Looking through the articles…"


async def send_asked(update: Update, context: BotContext, asked: Asked, interim: Message | None) -> None:
    """Send an answer (or the plain no, with the closest stories as buttons) and link its
    messages to the answer's thread."""
    chunks = render_answer_html(asked.answer, expired=asked.expired, closest=asked.closest)
    markup = story_buttons(asked.closest) if asked.answer.kind is ReplyKind.DECLINE else None
    sent: list[Message] = []
    await send_chunks(update, context, chunks, markup=markup, edit=interim, sent=sent)
    chat = update.effective_chat
    if asked.thread_id is not None and chat is not None:
        await context.services.threads.link(chat.id, asked.thread_id, [m.message_id for m in sent])


async def answer_question(
    update: Update, context: BotContext, words: Sequence[str], *, how: Context, reply_to: int | None
) -> None:
    """Parse a question, answer it from the articles in its thread, send the answer."""
    question = parse_question(words)
    chat_id = update.effective_chat.id if update.effective_chat else None
    work = context.services.questions.ask(chat_id=chat_id, question=question, reply_to=reply_to, context=how)
    asked, interim = await with_progress(update, context, work, THINKING)
    await send_asked(update, context, asked, interim)


async def ask(update: Update, context: BotContext) -> None:
    """Answer the question after /ask, about the chat's latest briefing (or the message it replies to)."""
    reply_to = replied_to_bot(update.effective_message)
    await answer_question(update, context, context.args or [], how=Context.BRIEFING, reply_to=reply_to)


async def follow_up(update: Update, context: BotContext) -> None:
    """Answer a reply to the bot's message as a question in that message's thread."""
    message = update.effective_message
    text = message.text if message else None
    await answer_question(
        update, context, (text or "").split(), how=Context.NONE, reply_to=replied_to_bot(message)
    )


async def plain_message(update: Update, context: BotContext) -> None:
    """A private chat's plain text: a question is a follow-up of the latest thread, a bare link
    is offered as /add, anything else gets a hint."""
    text = update.effective_message.text if update.effective_message else None
    url = bare_url(text or "")
    if url is not None:
        await reply_html(update, context, escape(ADD_URL.format(url=url)))
    elif reads_as_question(text or ""):
        await answer_question(update, context, (text or "").split(), how=Context.LATEST, reply_to=None)
    else:
        await reply_html(update, context, escape(small_talk_line(text or "")))


async def story(update: Update, context: BotContext) -> None:
    """A closest-story button: a short cited summary of that article, starting a thread on it."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    article_id = parse_story(query.data or "")
    await answer_button(query)
    asked = await context.services.questions.about(chat_id=chat.id, article_id=article_id or 0)
    if asked is None:
        await reply_html(update, context, "That story is no longer stored.")
        return
    await send_asked(update, context, asked, None)
