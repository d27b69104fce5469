"""/brief [topic] [period]: offline at once, or, with an LLM, growing one checked sentence at a time."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import aclosing

from telegram import Message, Update

from bot.arguments import BriefRequest, parse_brief_args
from bot.services.briefing_events import BriefingDone
from bot.telegram.context import BotContext
from bot.telegram.keyboards import briefing_buttons
from bot.telegram.live_reply import LiveReply
from bot.telegram.render_html import render_briefing_html, render_partial_briefing_html
from bot.telegram.reply import send_chunks, with_progress
from bot.wording import topic_line

WORKING = "⏳ Working on your briefing…"


async def send_briefing(update: Update, context: BotContext, args: Sequence[str]) -> None:
    """Parse, brief with progress, and send the briefing with its buttons."""
    request = parse_brief_args(args)
    if context.services.briefings.writes_with_llm:
        await stream_briefing(update, context, request)
        return
    chat_id = update.effective_chat.id if update.effective_chat else None
    work = context.services.briefings.briefed(chat_id=chat_id, topic=request.topic, period=request.period)
    done, interim = await with_progress(update, context, work, WORKING)
    briefing = done.briefing
    markup = None if briefing.empty else briefing_buttons(briefing)
    note = topic_line(briefing)
    sent: list[Message] = []
    chunks = render_briefing_html(briefing, note=note)
    await send_chunks(update, context, chunks, markup=markup, edit=interim, sent=sent)
    await join_thread(update, context, done.thread_id, [m.message_id for m in sent])


async def join_thread(
    update: Update, context: BotContext, thread_id: int | None, message_ids: list[int]
) -> None:
    """The briefing's messages join the thread it started: a reply to any of them asks about its
    articles."""
    chat = update.effective_chat
    if chat is not None and thread_id is not None:
        await context.services.threads.link(chat.id, thread_id, message_ids)


async def stream_briefing(update: Update, context: BotContext, request: BriefRequest) -> None:
    """Show the briefing as its checked sentences arrive; the final edit brings the buttons."""
    chat_id = update.effective_chat.id if update.effective_chat else None
    events = context.services.briefings.stream(chat_id=chat_id, topic=request.topic, period=request.period)
    done: BriefingDone | None = None
    async with aclosing(events), LiveReply.for_chat(update, context) as reply:
        async for event in events:
            if isinstance(event, BriefingDone):
                done, final = event, event.briefing
                markup = None if final.empty else briefing_buttons(final)
                note = topic_line(final)
                await reply.finish(render_briefing_html(final, note=note), markup)
            else:
                note = topic_line(event.briefing)
                reply.show(render_partial_briefing_html(event.briefing, stories=event.stories, note=note))
    if done is not None:
        await join_thread(update, context, done.thread_id, reply.message_ids)


async def brief(update: Update, context: BotContext) -> None:
    """Send a briefing on an optional topic and period."""
    await send_briefing(update, context, context.args or [])
