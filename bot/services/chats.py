"""Per-chat preferences: briefing length, the language briefings are written in, and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.arguments import usage_error
from store.models import Chat
from store.store import Store
from summarizer.languages import BY_CODE, Language
from summarizer.types import Length


@dataclass(frozen=True)
class ChatPrefs:
    """What a chat chose; ``language`` None keeps the articles' own language."""

    length: Length
    timezone: str
    language: Language | None = None


def _prefs(chat: Chat) -> ChatPrefs:
    return ChatPrefs(Length(chat.length), chat.timezone, BY_CODE.get(chat.language or ""))


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
        return _prefs(await self._store.chats.get(chat_id))

    async def set_length(self, chat_id: int, length: Length) -> ChatPrefs:
        return _prefs(await self._store.chats.update(chat_id, length=length.value))

    async def set_language(self, chat_id: int, language: Language | None) -> ChatPrefs:
        """Write this chat's briefings in ``language`` (None: each article's own)."""
        return _prefs(await self._store.chats.update(chat_id, language=language.code if language else None))

    async def set_timezone(self, chat_id: int, timezone: str) -> ChatPrefs:
        zone = canonical_timezone(timezone)
        if zone is None:
            raise usage_error("timezone", f"I don't know the time zone {timezone.strip()[:60]!r}.")
        return _prefs(await self._store.chats.update(chat_id, timezone=zone))
