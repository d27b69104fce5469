"""A small Bot API server on loopback that records calls and answers like Telegram.

It serves queued updates through getUpdates, checks HTML the way Telegram does (unsupported or
unbalanced tags give 400 "can't parse entities", more than 4,096 characters after parsing gives
400 "message is too long"), and answers 403 for chats marked as blocked. It also knows each
group's administrators (getChatAdministrators), answers 400 with ``migrate_to_chat_id`` for a
group that became a supergroup, and can answer 429 with ``retry_after`` for chosen chats.
``hold_first`` keeps the first message to a chat waiting, unanswered and never delivered, as if
the network had swallowed it (for killing the worker that sent it).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.telegram.telegram_html import HtmlError, parse_telegram_html, utf16_length

BOT_USER = {
    "id": 777000111,
    "is_bot": True,
    "first_name": "Briefbot",
    "username": "brief_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_RIGHTS = {
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
}
_STRING_PARAMS = frozenset(
    {"text", "parse_mode", "callback_query_id", "action", "secret_token", "url", "data"}
)


def _decode(params: dict[str, str]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for key, value in params.items():
        if key in _STRING_PARAMS:
            decoded[key] = value
            continue
        try:
            decoded[key] = json.loads(value)
        except ValueError:
            decoded[key] = value
    return decoded


# How long wait_for waits before it calls a test hung: far beyond any answer on a loaded machine.
HANG_GUARD_SECONDS = 120.0


@dataclass
class FakeBotAPI:
    """The server; ``push`` queues updates, ``calls`` lists what the bot sent."""

    token: str = "123:ABC"
    blocked_chats: set[int] = field(default_factory=set)
    fail_methods: set[str] = field(default_factory=set)
    refuse_html: bool = False
    expired_queries: set[str] = field(default_factory=set)
    # Sent messages containing one of these are deleted at once, as if by the user.
    vanishing: set[str] = field(default_factory=set)
    _failures: dict[str, list[web.Response]] = field(default_factory=dict)
    _chat_failures: dict[tuple[str, int], list[web.Response]] = field(default_factory=dict)
    # Group id → its administrators' user ids (getChatAdministrators); the bot itself is one too.
    admins: dict[int, list[int]] = field(default_factory=dict)
    # Old group id → the supergroup it became (sends to the old id get 400 migrate_to_chat_id).
    migrated: dict[int, int] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    call_times: list[float] = field(default_factory=list)  # time.monotonic() of each call, in order
    messages: list[dict[str, Any]] = field(default_factory=list)
    # Each message sent or edited successfully, with the parameters it was sent with.
    delivered: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    port: int = 0
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _new_update: asyncio.Event = field(default_factory=asyncio.Event)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))
    _chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    _live: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # text and markup
    _runner: web.AppRunner | None = None
    _holding: set[int] = field(default_factory=set)
    held: list[int] = field(default_factory=list)  # chats whose first message is being held
    _release: asyncio.Event = field(default_factory=asyncio.Event)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- driving conversations -------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> None:
        update = {"update_id": next(self._ids), **update}
        for key in ("message", "edited_message", "channel_post", "callback_query"):
            carried = update.get(key) or {}
            chat = (carried.get("message") or {} if key == "callback_query" else carried).get("chat")
            if chat:
                self._chats[chat["id"]] = chat
        self._updates.append(update)
        self._new_update.set()

    def fail_next(
        self,
        method: str,
        code: int = 500,
        description: str = "Internal Server Error",
        *,
        retry_after: int | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next call of ``method`` (for ``chat_id`` only, when given) with this error."""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        response = self._error(code, description, parameters)
        if chat_id is None:
            self._failures.setdefault(method, []).append(response)
        else:
            self._chat_failures.setdefault((method, chat_id), []).append(response)

    def flood(self, chat_id: int, retry_after: int) -> None:
        """The next message to ``chat_id`` meets Telegram's flood control (429 with retry_after)."""
        self.fail_next(
            "sendMessage",
            429,
            f"Too Many Requests: retry after {retry_after}",
            retry_after=retry_after,
            chat_id=chat_id,
        )

    def hold_first(self, chat_id: int) -> None:
        """The next message to ``chat_id`` gets no answer until the server stops, and is never
        delivered."""
        self._holding.add(chat_id)

    def bot_message(self, chat_id: int, text: str = "An earlier message") -> dict[str, Any]:
        """A message the bot sent earlier (outside the recorded calls), to reply to or press."""
        return self._message(chat_id, text, next(self._message_ids))

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def wait_for(
        self, predicate: Callable[[FakeBotAPI], object], within: float = HANG_GUARD_SECONDS
    ) -> None:
        """Wait until ``predicate`` holds, looking again after every Bot API call (and every few
        milliseconds, for state no call shows). ``within`` only stops a hung test: a slow machine
        takes longer, it does not fail."""
        deadline = time.monotonic() + within
        while not predicate(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {self.calls}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.02)

    # ---- the Bot API -----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            return await self._answer(request)
        finally:
            self._changed.set()  # wakes wait_for

    async def _answer(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        form = await request.post() if request.can_read_body else {}
        params = _decode({key: str(value) for key, value in form.items()})
        params.update(_decode(dict(request.query)))
        if method != "getUpdates":
            self.calls.append((method, params))
            self.call_times.append(time.monotonic())
        if method in self.fail_methods:
            return self._error(500, "Internal Server Error")
        if self._failures.get(method):
            return self._failures[method].pop(0)
        chat_key = (
            (method, int(params["chat_id"])) if str(params.get("chat_id", "")).lstrip("-").isdigit() else None
        )
        if chat_key is not None and self._chat_failures.get(chat_key):
            return self._chat_failures[chat_key].pop(0)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(404, "Not Found")
        result = await handler(params)
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_deleteMessage(self, params: dict[str, Any]) -> Any:
        if self._live.pop((int(params["chat_id"]), int(params["message_id"])), None) is None:
            return self._error(400, "Bad Request: message to delete not found")
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(params.get("secret_token", "x"))):
            return self._error(400, "Bad Request: secret token contains unallowed characters")
        return True

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        return self._check_chat(params) or True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        if params.get("callback_query_id") in self.expired_queries:
            return self._error(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        if offset:  # as Telegram does: an offset confirms, and forgets, every earlier update
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        wait = min(float(params.get("timeout") or 0), 0.2)
        pending = [u for u in self._updates if u["update_id"] >= offset]
        if not pending and wait:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), wait)
            pending = [u for u in self._updates if u["update_id"] >= offset]
        return pending

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = int(params.get("chat_id", 0))
        if chat_id in self._holding:
            self._holding.discard(chat_id)
            self.held.append(chat_id)
            await self._release.wait()
            return self._error(500, "Internal Server Error")
        problem = self._check_chat(params) or self._check_text(params)
        if problem:
            return problem
        message = self._message(int(params["chat_id"]), params["text"], next(self._message_ids))
        key = (message["chat"]["id"], message["message_id"])
        self._live[key]["markup"] = params.get("reply_markup")
        if any(marker in params["text"] for marker in self.vanishing):
            del self._live[key]
        self.delivered.append((params, message))
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        problem = self._check_chat(params) or self._check_text(params)
        if problem:
            return problem
        key = (int(params["chat_id"]), int(params["message_id"]))
        current = self._live.get(key)
        if current is None:
            return self._error(400, "Bad Request: message to edit not found")
        if (current["text"], current["markup"]) == (params["text"], params.get("reply_markup")):
            return self._error(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup"
                " are exactly the same as a current content and reply markup of the message",
            )
        message = self._message(key[0], params["text"], key[1])
        self._live[key]["markup"] = params.get("reply_markup")
        self.delivered.append((params, message))
        return message

    def _check_chat(self, params: dict[str, Any]) -> web.Response | None:
        chat_id = int(params.get("chat_id", 0))
        if chat_id in self.blocked_chats:
            return self._error(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.migrated:
            return self._error(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        return None

    async def _m_getChatAdministrators(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        if chat_id > 0:
            return self._error(400, "Bad Request: there are no administrators in the private chat")
        members = [{"status": "administrator", "user": BOT_USER, "can_be_edited": False, **_RIGHTS}]
        for number, user_id in enumerate(self.admins.get(chat_id, [])):
            user = {"id": user_id, "is_bot": False, "first_name": f"Admin{user_id}"}
            if number == 0:
                members.append({"status": "creator", "user": user, "is_anonymous": False})
            else:
                members.append({"status": "administrator", "user": user, "can_be_edited": True, **_RIGHTS})
        return members

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """Every call of ``method``, answered or refused, with its parameters."""
        return self.sent(method)

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages delivered (sent, not edited) to ``chat_id``, in order."""
        return [p for p, m in self.delivered if int(m["chat"]["id"]) == chat_id and "message_id" not in p]

    def _check_text(self, params: dict[str, Any]) -> web.Response | None:
        text = str(params.get("text", ""))
        if params.get("parse_mode") == "HTML":
            if self.refuse_html and "<" in text:
                return self._error(400, "Bad Request: can't parse entities: Unsupported start tag")
            try:
                text = parse_telegram_html(text)
            except HtmlError as exc:
                return self._error(400, f"Bad Request: can't parse entities: {exc}")
        if not text.strip():
            return self._error(400, "Bad Request: message text is empty")
        if utf16_length(text) > 4096:
            return self._error(400, "Bad Request: message is too long")
        return None

    def _message(self, chat_id: int, text: str, message_id: int) -> dict[str, Any]:
        chat = self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "U"})
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": text,
        }
        self.messages.append(message)
        self._live[(chat_id, message_id)] = {"text": text, "markup": None}
        return message
