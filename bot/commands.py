"""The command list, shared by Telegram's menu, /help and the console."""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str], ...] = (
    ("brief", "Briefing: /brief [topic] [24h|3d|7d|all]"),
    ("ask", "Ask about the news: /ask question"),
    ("sources", "Sources of the last briefing"),
    ("add", "Add an article: /add url-or-text"),
    ("feeds", "List feeds (admins: add / remove)"),
    ("settings", "Briefing length and language"),
    ("timezone", "Your time zone, e.g. /timezone Europe/Berlin"),
    ("subscribe", "Daily digest: /subscribe [HH:MM] [timezone] [topic]"),
    ("unsubscribe", "Stop a daily digest"),
    ("subscriptions", "Your daily digests"),
    ("usage", "AI tokens used today (and the budget)"),
    ("help", "What I can do"),
)

ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (("stats", "Figures for admins"),)

# Every command the bot answers: the menu's, the admins', and /start.
KNOWN_COMMANDS = frozenset({name for name, _ in COMMANDS + ADMIN_COMMANDS} | {"start"})

INTRO = (
    "I turn stored news articles into short briefings with sources.\n"
    "Try /brief for the latest stories, or /brief <topic> 3d for one subject.\n"
    "Then ask follow-up questions with /ask, or just reply to a briefing."
)

DIGESTS_NOT_READY = "Daily digests are not set up on this bot yet. Use /brief whenever you want the news."


def commands_for(*, admin: bool = False) -> tuple[tuple[str, str], ...]:
    """(name, description) of the commands /help lists: admins' only for admins."""
    return COMMANDS + ADMIN_COMMANDS if admin else COMMANDS


def help_lines(*, admin: bool = False) -> list[str]:
    """One line per command, for the console's /help."""
    return [f"/{name} — {text}" for name, text in commands_for(admin=admin)]
