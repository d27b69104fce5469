"""The buttons under /subscriptions: pause, resume, remove, change the time (data ``sub:ACTION:ID…``)."""

from __future__ import annotations

import logging
from datetime import time

from telegram import Message, Update

from bot.telegram.context import BotContext
from bot.telegram.group_admins import may_configure
from bot.telegram.keyboards import SUBSCRIPTION_PREFIX, subscription_buttons, time_buttons
from bot.telegram.reply import answer_button, send_chunks
from bot.wording import GROUP_ADMINS_ONLY
from handlers.subscriptions import list_html

logger = logging.getLogger(__name__)
GONE = "That digest no longer exists."


def parse_data(data: str) -> tuple[str, int, str] | None:
    """``(action, subscription id, argument)`` from ``sub:ACTION:ID[:ARG]``, or None."""
    parts = data.removeprefix(SUBSCRIPTION_PREFIX).split(":")
    if len(parts) not in (2, 3) or not parts[1].lstrip("-").isdigit():
        return None
    return parts[0], int(parts[1]), parts[2] if len(parts) == 3 else ""


async def press(update: Update, context: BotContext) -> None:
    """Do what the button says, then show the list (or the time choice) in the same message."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    parsed = parse_data(query.data or "")
    if parsed is None:
        await answer_button(query, "This button no longer works. Send /subscriptions.")
        return
    action, sid, arg = parsed
    if action != "list" and not await may_configure(update, context):
        await answer_button(query, GROUP_ADMINS_ONLY)
        return
    service = context.services.subscriptions
    changed = True
    if action == "pause":
        changed = await service.pause(chat.id, sid) is not None
    elif action == "resume":
        changed = await service.resume(chat.id, sid) is not None
    elif action == "remove":
        changed = await service.remove(chat.id, sid)
    elif action == "at" and len(arg) == 4 and arg.isdigit() and int(arg[:2]) < 24 and int(arg[2:]) < 60:
        changed = await service.set_time(chat.id, sid, time(int(arg[:2]), int(arg[2:]))) is not None
    elif action == "shift" and arg.lstrip("-").isdigit() and abs(int(arg)) <= 720:
        changed = await service.shift_time(chat.id, sid, int(arg)) is not None
    elif action == "time":
        target = next((s for s in await service.of_chat(chat.id) if s.id == sid), None)
        if target is None:
            await answer_button(query, GONE)
            return
        await answer_button(query)
        text = f"New time for digest {target.number} (now {target.at_time}, {target.zone}):"
        await send_chunks(update, context, [text], markup=time_buttons(target), edit=_message(update))
        return
    elif action != "list":
        logger.info("subscription button not handled data=%r", query.data)
    await answer_button(query, None if changed else GONE)
    found = await service.of_chat(chat.id)
    await send_chunks(
        update, context, [list_html(found)], markup=subscription_buttons(found), edit=_message(update)
    )


def _message(update: Update) -> Message | None:
    """The message the pressed button is under, to edit (None when it is too old to reach)."""
    query = update.callback_query
    message = query.message if query is not None else None
    return message if isinstance(message, Message) else None
