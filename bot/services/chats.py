"""Per-chat preferences: briefing length, the language briefings are written in, time zone, and
whether digests arrive silently."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.digests.subscriptions import SubscriptionService
from bot.services.zones import find_zone, suggest_zones
from errors import UnknownZone
from ingest.invisible import visible
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
    silent: bool = False


def _prefs(chat: Chat) -> ChatPrefs:
    return ChatPrefs(Length(chat.length), chat.timezone, BY_CODE.get(chat.language or ""), chat.silent)


class ChatService:
    """Reads and changes chat preferences."""

    def __init__(self, store: Store, subscriptions: SubscriptionService) -> None:
        self._store = store
        self._subscriptions = subscriptions

    async def prefs(self, chat_id: int) -> ChatPrefs:
        return _prefs(await self._store.chats.get(chat_id))

    async def set_length(self, chat_id: int, length: Length) -> ChatPrefs:
        return _prefs(await self._store.chats.update(chat_id, length=length.value))

    async def set_language(self, chat_id: int, language: Language | None) -> ChatPrefs:
        """Write this chat's briefings in ``language`` (None: each article's own)."""
        return _prefs(await self._store.chats.update(chat_id, language=language.code if language else None))

    async def set_silent(self, chat_id: int, silent: bool) -> ChatPrefs:
        """Digests arrive without notification sound (True) or with it."""
        return _prefs(await self._store.chats.update(chat_id, silent=silent))

    async def forget(self, chat_id: int) -> int:
        """Delete everything stored about the chat: settings, digests, threads, conversations and
        usage (the articles it added stay: they are the library's). How many records went."""
        return await self._store.chats.forget(chat_id)

    async def set_timezone(self, chat_id: int, timezone: str) -> ChatPrefs:
        """Set the chat's zone from an IANA name, a city (``new york``) or ``UTC±hh:mm``.

        Digests that follow the chat's zone are rescheduled; a wrong name gets the closest ones.
        """
        timezone = visible(timezone)
        zone = find_zone(timezone)
        if zone is None:
            raise UnknownZone(timezone.strip()[:60], tuple(suggest_zones(timezone)))
        chat = await self._store.chats.update(chat_id, timezone=zone)
        await self._subscriptions.chat_zone_changed(chat_id)
        return _prefs(chat)
