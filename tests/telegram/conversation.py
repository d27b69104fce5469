"""Reading what the bot sent to the fake Bot API, and pressing the buttons it sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.updates import callback_update

GROUP = -100123


def texts(api: FakeBotAPI, chat_id: int | None = None) -> list[str]:
    """Texts sent or edited in, in order, optionally for one chat."""
    sent = api.sent("sendMessage") + api.sent("editMessageText")
    return [p["text"] for p in sent if chat_id is None or int(p["chat_id"]) == chat_id]


def replies(count: int) -> Callable[[FakeBotAPI], bool]:
    """A condition for ``wait_for``: at least ``count`` messages sent."""
    return lambda api: len(api.sent()) >= count


def ends_with_buttons(api: FakeBotAPI, after: int = 0) -> bool:
    """True when more than ``after`` messages were sent and the last one carries buttons."""
    sent = api.sent()
    return len(sent) > after and bool(button_labels(sent[-1]))


def button_labels(params: dict[str, Any]) -> list[str]:
    """The labels of the inline buttons of a sent message."""
    markup = params.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def button_data(params: dict[str, Any], label: str) -> str:
    """The callback data of the button labelled ``label`` in a sent message."""
    markup = params.get("reply_markup") or {}
    return next(b["callback_data"] for row in markup["inline_keyboard"] for b in row if b["text"] == label)


def press(api: FakeBotAPI, label: str, **options: Any) -> None:
    """Press ``label`` under the last message the bot sent (or edited) with buttons."""
    params, message = [(p, m) for p, m in api.delivered if button_labels(p)][-1]
    api.push(callback_update(button_data(params, label), message=message, **options))
