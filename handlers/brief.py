"""/brief [topic] [period]: offline at once, or, with an LLM, growing one checked sentence at a time."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import aclosing

from telegram import Message, Update

from bot.arguments import BriefRequest, parse_brief_args
from bot.services.llm_briefings import BriefingDone
from bot.services.threads import Origin
from bot.telegram.context import BotContext
from bot.telegram.keyboards import briefing_buttons
from bot.telegram.live_reply import LiveReply
from bot.telegram.render_html import render_briefing_html, render_partial_briefing_html
from bot.telegram.reply import send_chunks, with_progress
from bot.wording import broadened_line
from summarizer.types import Briefing

WORKING = "⏳ Working on your briefing…"


async def send_briefing(update: Update, context: BotContext, args: Sequence[str]) -> None:
    """Parse, brief with progress, and send the briefing with its buttons."""
    request = parse_brief_args(args)
    if context.services.briefings.writes_with_llm:
        await stream_briefing(update, context, request)
        return
    chat_id = update.effective_chat.id if update.effective_chat else None
    work = context.services.briefings.brief(chat_id=chat_id, topic=request.topic, period=request.period)
    briefing, interim = await with_progress(update, context, work, WORKING)
    markup = None if briefing.empty else briefing_buttons(briefing)
    note = broadened_line(briefing.topic) if briefing.broadened else None
    sent: list[Message] = []
    chunks = render_briefing_html(briefing, note=note)
    await send_chunks(update, context, chunks, markup=markup, edit=interim, sent=sent)
    await start_thread(update, context, briefing, [m.message_id for m in sent])


async def start_thread(
    update: Update, context: BotContext, briefing: Briefing, message_ids: list[int]
) -> None:
    """A briefing starts a thread: a reply to any of its messages asks about its articles."""
    chat = update.effective_chat
    if chat is not None and not briefing.empty:
        ids = [c.article_id for c in briefing.sources]
        await context.services.threads.started(chat.id, Origin.BRIEFING, ids, message_ids)


async def stream_briefing(update: Update, context: BotContext, request: BriefRequest) -> None:
    """Show the briefing as its checked sentences arrive; the final edit brings the buttons."""
    chat_id = update.effective_chat.id if update.effective_chat else None
    events = context.services.briefings.stream(chat_id=chat_id, topic=request.topic, period=request.period)
    final: Briefing | None = None
    async with aclosing(events), LiveReply.for_chat(update, context) as reply:
        async for event in events:
            if isinstance(event, BriefingDone):
                final = event.briefing
                markup = None if final.empty else briefing_buttons(final)
                note = broadened_line(final.topic) if final.broadened else None
                await reply.finish(render_briefing_html(final, note=note), markup)
            else:
                note = broadened_line(event.briefing.topic) if event.briefing.broadened else None
                reply.show(render_partial_briefing_html(event.briefing, stories=event.stories, note=note))
    if final is not None:
        await start_thread(update, context, final, reply.message_ids)


async def brief(update: Update, context: BotContext) -> None:
    """Send a briefing on an optional topic and period."""
    await send_briefing(update, context, context.args or [])
