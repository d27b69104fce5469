"""Inline keyboards and the callback data their buttons carry.

Buttons under a briefing carry a short key of that briefing (``sources#1a2b3c4d``), so a press
under an older briefing is told apart from one under the chat's latest, even after a restart.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.digests.subscriptions import SubscriptionInfo
from summarizer.languages import LANGUAGES, Language
from summarizer.types import Briefing, Citation, Length

BRIEF = "brief"
SOURCES = "sources"
LONGER = "longer"
ASK = "ask"
HELP = "help"
SETTINGS = "settings"
LENGTH_PREFIX = "length:"
LANGUAGES_MENU = "languages"
LANGUAGE_PREFIX = "lang:"
ORIGINAL = "original"
LANGUAGES_PER_ROW = 3
KEY_SEPARATOR = "#"


def briefing_key(briefing: Briefing) -> str:
    """A short fingerprint of a briefing that survives storing and reloading it."""
    shape = [
        briefing.topic,
        briefing.period_label,
        len(briefing.stories),
        [c.article_id for c in briefing.sources],
    ]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:8]


def parse_button(data: str) -> tuple[str, str | None]:
    """``(action, briefing key or None)`` from a button's callback data."""
    action, separator, key = data.partition(KEY_SEPARATOR)
    return action, (key if separator else None)


def main_buttons() -> InlineKeyboardMarkup:
    """The buttons under /start."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("📰 Brief me", callback_data=BRIEF)],
            [
                InlineKeyboardButton("⚙ Settings", callback_data=SETTINGS),
                InlineKeyboardButton("❓ Help", callback_data=HELP),
            ],
        ]
    )


def briefing_buttons(briefing: Briefing) -> InlineKeyboardMarkup:
    """The buttons under ``briefing``."""
    key = f"{KEY_SEPARATOR}{briefing_key(briefing)}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Sources", callback_data=f"{SOURCES}{key}"),
                InlineKeyboardButton("Longer", callback_data=f"{LONGER}{key}"),
                InlineKeyboardButton("Ask a follow-up", callback_data=ASK),
            ]
        ]
    )


STORY_PREFIX = "story:"
FORGET_YES = "forget:yes"
FORGET_NO = "forget:no"
STORY_LABEL_CHARS = 48


def story_buttons(stories: Sequence[Citation]) -> InlineKeyboardMarkup | None:
    """One button per closest story (data ``story:ARTICLE_ID``, well under 64 bytes)."""
    rows = []
    for story in stories:
        label = (
            story.title
            if len(story.title) <= STORY_LABEL_CHARS
            else story.title[: STORY_LABEL_CHARS - 1] + "…"
        )
        rows.append(
            [
                InlineKeyboardButton(
                    label or "Untitled story", callback_data=f"{STORY_PREFIX}{story.article_id}"
                )
            ]
        )
    return InlineKeyboardMarkup(rows) if rows else None


def parse_story(data: str) -> int | None:
    """The article id a story button carries, or None."""
    number = data.removeprefix(STORY_PREFIX)
    return int(number) if data.startswith(STORY_PREFIX) and number.isdigit() else None


def forget_buttons() -> InlineKeyboardMarkup:
    """Confirm or cancel /forget."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("🗑 Delete everything", callback_data=FORGET_YES),
                InlineKeyboardButton("Cancel", callback_data=FORGET_NO),
            ]
        ]
    )


def length_buttons(current: Length) -> InlineKeyboardMarkup:
    """One button per briefing length, the current one marked, and the language menu's button."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    f"{'✓ ' if length is current else ''}{length.value}",
                    callback_data=f"{LENGTH_PREFIX}{length.value}",
                )
                for length in Length
            ],
            [InlineKeyboardButton("🌐 Briefing language", callback_data=LANGUAGES_MENU)],
        ]
    )


def language_buttons(current: Language | None) -> InlineKeyboardMarkup:
    """One button per language briefings can be written in, and one for each article's own."""

    def button(label: str, code: str, chosen: bool) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            f"{'✓ ' if chosen else ''}{label}", callback_data=f"{LANGUAGE_PREFIX}{code}"
        )

    buttons = [button(lang.native, lang.code, current == lang) for lang in LANGUAGES]
    rows = [buttons[i : i + LANGUAGES_PER_ROW] for i in range(0, len(buttons), LANGUAGES_PER_ROW)]
    rows.append([button("Each article's own", ORIGINAL, current is None)])
    return InlineKeyboardMarkup(rows)


SUBSCRIPTION_PREFIX = "sub:"
SILENT_ON = "silent:on"
SILENT_OFF = "silent:off"


def subscription_buttons(subscriptions: Sequence[SubscriptionInfo]) -> InlineKeyboardMarkup | None:
    """A row per digest: pause or resume, change its time, remove it (data ``sub:ACTION:ID``)."""
    rows = []
    for s in subscriptions:
        toggle = ("▶ Resume", "resume") if s.paused else ("⏸ Pause", "pause")
        rows.append(
            [
                InlineKeyboardButton(
                    f"{s.number}. {toggle[0]}", callback_data=f"{SUBSCRIPTION_PREFIX}{toggle[1]}:{s.id}"
                ),
                InlineKeyboardButton("🕗 Time", callback_data=f"{SUBSCRIPTION_PREFIX}time:{s.id}"),
                InlineKeyboardButton("✖ Remove", callback_data=f"{SUBSCRIPTION_PREFIX}remove:{s.id}"),
            ]
        )
    return InlineKeyboardMarkup(rows) if rows else None


def time_buttons(subscription: SubscriptionInfo) -> InlineKeyboardMarkup:
    """Hours to move a digest to, quarter-hour nudges of its current time, and back to the list."""
    sid = subscription.id
    hours = [
        InlineKeyboardButton(f"{h:02d}:00", callback_data=f"{SUBSCRIPTION_PREFIX}at:{sid}:{h:02d}00")
        for h in range(24)
    ]
    rows = [hours[i : i + 6] for i in range(0, 24, 6)]
    rows.append(
        [
            InlineKeyboardButton("−15 min", callback_data=f"{SUBSCRIPTION_PREFIX}shift:{sid}:-15"),
            InlineKeyboardButton("+15 min", callback_data=f"{SUBSCRIPTION_PREFIX}shift:{sid}:15"),
        ]
    )
    rows.append([InlineKeyboardButton("« Back", callback_data=f"{SUBSCRIPTION_PREFIX}list:0")])
    return InlineKeyboardMarkup(rows)


def settings_buttons(current: Length, silent: bool) -> InlineKeyboardMarkup:
    """The length buttons, and a row to make digests silent or give them sound again."""
    rows = list(length_buttons(current).inline_keyboard)
    toggle = (
        InlineKeyboardButton("🔔 Digests with sound", callback_data=SILENT_OFF)
        if silent
        else InlineKeyboardButton("🔕 Silent digests", callback_data=SILENT_ON)
    )
    return InlineKeyboardMarkup([*rows, [toggle]])
