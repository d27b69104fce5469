"""/start and /help."""

from __future__ import annotations

from telegram import Update

from bot.arguments import USAGE
from bot.context import BotContext
from bot.render_html import escape
from handlers.keyboards import main_buttons
from handlers.sending import reply_html, send_chunks

GREETING = (
    "Hello! I turn stored news articles into short briefings with sources.\n"
    "Send /brief for the latest news, or <code>/brief topic 3d</code> for a topic and period.\n"
    "Tap Ask a follow-up under a briefing (or use /ask) to question what you just read."
)
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "What this bot does"),
    ("help", "All commands with examples"),
    ("brief", "A briefing: /brief [topic] [period]"),
    ("ask", "Ask about the news: /ask question"),
    ("sources", "Sources of the last briefing"),
    ("add", "Add an article: /add url-or-text"),
    ("feeds", "The feeds I read"),
    ("settings", "Briefing length"),
    ("timezone", "Your time zone"),
    ("subscribe", "A daily digest"),
    ("unsubscribe", "Stop a digest"),
    ("subscriptions", "Your digests"),
)


def help_html() -> str:
    """Every command, with usage and an example where it takes arguments."""
    lines = ["<b>Commands</b>"]
    for name, description in COMMANDS:
        lines.append(f"/{name} — {escape(description)}")
        if name in USAGE:
            lines.append(f"    e.g. <code>{escape(USAGE[name][1])}</code>")
    lines.append("Admins also: /stats")
    return "\n".join(lines)


async def start(update: Update, context: BotContext) -> None:
    """Greet, explain in three lines, show the main buttons."""
    await send_chunks(update, context, [GREETING], markup=main_buttons())


async def help_command(update: Update, context: BotContext) -> None:
    """List the commands."""
    await reply_html(update, context, help_html())
