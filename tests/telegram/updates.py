"""Updates as Telegram sends them: messages, edits, channel posts and button presses."""

from __future__ import annotations

import time
from typing import Any


def user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}


def message_update(
    text: str,
    *,
    chat_id: int = 42,
    user_id: int = 42,
    chat_type: str = "private",
    reply_to: dict[str, Any] | None = None,
    message_id: int = 1,
    thread_id: int | None = None,
) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    chat.update({"title": "Group"} if chat_type != "private" else {"first_name": "U"})
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat,
        "from": user(user_id),
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    if thread_id is not None:  # a topic of a forum supergroup
        message.update(is_topic_message=True, message_thread_id=thread_id)
    return {"message": message}


def edited(update: dict[str, Any]) -> dict[str, Any]:
    """The same message as an ``edited_message`` update."""
    return {"edited_message": {**update["message"], "edit_date": int(time.time())}}


def channel_post(text: str, *, chat_id: int = -100777) -> dict[str, Any]:
    """A post in a channel where the bot is an admin (no sender user)."""
    post = message_update(text, chat_id=chat_id, chat_type="channel")["message"]
    del post["from"]
    post["sender_chat"] = post["chat"]
    return {"channel_post": post}


def callback_update(
    data: str, *, message: dict[str, Any] | None, user_id: int = 42, query_id: str | None = None
) -> dict[str, Any]:
    """A button press under ``message``; None means a button under an inline-mode message."""
    query: dict[str, Any] = {
        "id": query_id or f"cb{time.monotonic_ns()}",
        "from": user(user_id),
        "chat_instance": "ci",
        "data": data,
    }
    if message is None:
        query["inline_message_id"] = "inline-1"
    else:
        query["message"] = message
    return {"callback_query": query}


def my_chat_member(
    chat_id: int, status: str, *, user_id: int | None = None, chat_type: str = "private"
) -> dict[str, Any]:
    """The bot's own membership changed: ``kicked`` when a user blocks it, ``member`` when back."""
    who = user(user_id if user_id is not None else chat_id)
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    chat.update({"first_name": "U"} if chat_type == "private" else {"title": "Group"})
    bot = {"id": 777000111, "is_bot": True, "first_name": "Briefbot", "username": "brief_test_bot"}
    old_status = "member" if status == "kicked" else "kicked"
    return {
        "my_chat_member": {
            "chat": chat,
            "from": who,
            "date": int(time.time()),
            "old_chat_member": {
                "status": old_status,
                "user": bot,
                **({"until_date": 0} if old_status == "kicked" else {}),
            },
            "new_chat_member": {
                "status": status,
                "user": bot,
                **({"until_date": 0} if status == "kicked" else {}),
            },
        }
    }


def forwarded_update(
    text: str | None,
    origin: dict[str, Any],
    *,
    caption: str | None = None,
    chat_id: int = 42,
    user_id: int = 42,
    chat_type: str = "private",
) -> dict[str, Any]:
    """A message forwarded to the bot: ``origin`` is its ``forward_origin`` (channel, user,
    hidden_user); a media post has a photo and a caption instead of text."""
    update = message_update(text or "", chat_id=chat_id, user_id=user_id, chat_type=chat_type)
    message = update["message"]
    message["forward_origin"] = {"date": int(time.time()) - 3600, **origin}
    if text is None:
        del message["text"]
        message["photo"] = [{"file_id": "ph1", "file_unique_id": "u1", "width": 90, "height": 60}]
        if caption is not None:
            message["caption"] = caption
    return update


def channel_origin(title: str, username: str | None, message_id: int = 55) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": -100200300, "type": "channel", "title": title}
    if username:
        chat["username"] = username
    return {"type": "channel", "chat": chat, "message_id": message_id}
