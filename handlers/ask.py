"""/ask question, and plain replies to the bot's own messages as follow-up questions."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message, Update
from telegram.ext import filters

from bot.arguments import parse_question
from bot.telegram.context import BotContext
from bot.telegram.render_html import render_answer_html
from handlers.sending import send_chunks, with_progress

THINKING = "⏳ Looking through the articles…"


class ReplyToBot(filters.MessageFilter):
    """Messages that reply to one of this bot's messages."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        author = replied.from_user if replied else None
        return author is not None and author.id == message.get_bot().id


async def answer_question(update: Update, context: BotContext, words: Sequence[str]) -> None:
    """Parse a question, answer it from the articles, send the answer."""
    question = parse_question(words)
    chat_id = update.effective_chat.id if update.effective_chat else None
    work = context.services.questions.ask(chat_id=chat_id, question=question)
    answer, interim = await with_progress(update, context, work, THINKING)
    await send_chunks(update, context, render_answer_html(answer), edit=interim)


async def ask(update: Update, context: BotContext) -> None:
    """Answer the question after /ask."""
    await answer_question(update, context, context.args or [])


async def follow_up(update: Update, context: BotContext) -> None:
    """Answer a reply to the bot's message as a question."""
    text = update.effective_message.text if update.effective_message else None
    await answer_question(update, context, (text or "").split())
