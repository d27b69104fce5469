"""The command list, shared by Telegram's menu, /help and the console."""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str], ...] = (
    ("brief", "Briefing: /brief [topic] [today|yesterday|since monday|3d|all]"),
    ("ask", "Ask about the latest briefing: /ask question (or reply to it)"),
    ("sources", "Sources of the last briefing"),
    ("add", "Add an article: /add url-or-text"),
    ("feeds", "List feeds (admins: add / remove)"),
    ("settings", "Briefing length and language; digests silent or with sound"),
    ("timezone", "Your time zone, e.g. /timezone Europe/Berlin or /timezone new york"),
    ("subscribe", "Digest: /subscribe [7pm] [weekdays|weekends|fri] [city] [topic]"),
    ("subscriptions", "Your digests: pause, resume, change the time, remove"),
    ("unsubscribe", "Stop a digest: /unsubscribe n or all"),
    ("digest", "Preview a digest now: /digest [n]"),
    ("usage", "AI tokens used today (and the budget)"),
    ("forget", "Delete everything stored about this chat"),
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


def commands_for(*, admin: bool = False) -> tuple[tuple[str, str], ...]:
    """(name, description) of the commands /help lists: admins' only for admins."""
    return COMMANDS + ADMIN_COMMANDS if admin else COMMANDS


def help_lines(*, admin: bool = False) -> list[str]:
    """One line per command, for the console's /help."""
    return [f"/{name} — {text}" for name, text in commands_for(admin=admin)]
