"""Inline keyboards and the callback data their buttons carry."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from summarizer.types import Length

BRIEF = "brief"
SOURCES = "sources"
LONGER = "longer"
ASK = "ask"
HELP = "help"
SETTINGS = "settings"
LENGTH_PREFIX = "length:"


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


def briefing_buttons() -> InlineKeyboardMarkup:
    """The buttons under a briefing."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Sources", callback_data=SOURCES),
                InlineKeyboardButton("Longer", callback_data=LONGER),
                InlineKeyboardButton("Ask a follow-up", callback_data=ASK),
            ]
        ]
    )


def length_buttons(current: Length) -> InlineKeyboardMarkup:
    """One button per briefing length, the current one marked."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    f"{'✓ ' if length is current else ''}{length.value}",
                    callback_data=f"{LENGTH_PREFIX}{length.value}",
                )
                for length in Length
            ]
        ]
    )
