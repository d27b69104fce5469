"""Per-chat preferences: briefing length and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.arguments import usage_error
from store.store import Store
from summarizer.types import Length


@dataclass(frozen=True)
class ChatPrefs:
    """What a chat chose."""

    length: Length
    timezone: str


def canonical_timezone(name: str) -> str | None:
    """The IANA zone ``name`` means (case-insensitive, ``UTC`` accepted), or None."""
    text = name.strip()
    if not text or "." in text or text.startswith("/"):
        return None
    try:
        ZoneInfo(text)
        return text
    except (ZoneInfoNotFoundError, ValueError):
        pass
    lowered = text.lower()
    for zone in available_timezones():
        if zone.lower() == lowered:
            return zone
    return None


class ChatService:
    """Reads and changes chat preferences."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def prefs(self, chat_id: int) -> ChatPrefs:
        chat = await self._store.chats.get(chat_id)
        return ChatPrefs(Length(chat.length), chat.timezone)

    async def set_length(self, chat_id: int, length: Length) -> ChatPrefs:
        chat = await self._store.chats.update(chat_id, length=length.value)
        return ChatPrefs(Length(chat.length), chat.timezone)

    async def set_timezone(self, chat_id: int, timezone: str) -> ChatPrefs:
        zone = canonical_timezone(timezone)
        if zone is None:
            raise usage_error("timezone", f"I don't know the time zone {timezone.strip()[:60]!r}.")
        chat = await self._store.chats.update(chat_id, timezone=zone)
        return ChatPrefs(Length(chat.length), chat.timezone)
