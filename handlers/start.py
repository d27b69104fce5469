"""/start and /help, from the command list the console shares (``bot.commands``)."""

from __future__ import annotations

from telegram import Update

from bot.arguments import GRAMMAR, USAGE
from bot.commands import INTRO, commands_for
from bot.telegram.context import BotContext
from bot.telegram.html_text import escape
from bot.telegram.keyboards import main_buttons
from bot.telegram.reply import reply_html, send_chunks


def help_html(*, admin: bool = False) -> str:
    """Every command, with an example where it takes arguments; /stats only for admins."""
    lines = ["<b>Commands</b>"]
    for name, description in commands_for(admin=admin):
        lines.append(f"/{name} — {escape(description)}")
        example = USAGE[name][1] if name in USAGE else f"/{name}"
        if example != f"/{name}" and example not in description:
            lines.append(f"    e.g. <code>{escape(example)}</code>")
    lines += ["", *(escape(line) for line in GRAMMAR)]
    return "\n".join(lines)


async def start(update: Update, context: BotContext) -> None:
    """Greet, explain in three lines, show the main buttons."""
    await send_chunks(update, context, [escape(INTRO)], markup=main_buttons())


async def help_command(update: Update, context: BotContext) -> None:
    """List the commands."""
    await reply_html(update, context, help_html(admin=context.from_admin(update)))
