"""The composition root of the Telegram bot: one Application, its guard, handlers and error handler."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.commands import COMMANDS
from bot.services.rate_limit import RateLimiter
from bot.services.wiring import Services
from bot.telegram.access import AccessPolicy
from bot.telegram.context import BotContext, BotData, context_types
from config import Settings
from handlers import add, ask, brief, buttons, feeds, sources, start, stats, subscriptions, unknown, usage
from handlers import settings as chat_settings
from handlers.failures import on_error
from handlers.guard import guard

logger = logging.getLogger(__name__)
BotApplication = Application[Any, BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
GUARD_GROUP = -1


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Every handler of group 0, in the order they are tried."""
    # New messages only: an edit must not run a command twice, and channel posts are not for us.
    new = filters.UpdateType.MESSAGE
    text_only = new & filters.TEXT & ~filters.COMMAND

    def command(names: str | list[str], callback: Any) -> CommandHandler[BotContext, None]:
        return CommandHandler(names, callback, filters=new)

    return [
        # Commands (CommandHandler also accepts /command@this_bot in groups).
        command("start", start.start),
        command("help", start.help_command),
        command("brief", brief.brief),
        command("ask", ask.ask),
        command("sources", sources.sources),
        command("add", add.add),
        command("feeds", feeds.feeds),
        command("settings", chat_settings.settings),
        command("timezone", chat_settings.timezone),
        command(["subscribe", "unsubscribe", "subscriptions"], subscriptions.digests_not_set_up),
        command("usage", usage.usage),
        command("stats", stats.stats),
        # Buttons under briefings, /start and /settings.
        CallbackQueryHandler(buttons.button),
        # A reply to one of the bot's messages is a follow-up question (groups too).
        MessageHandler(text_only & ask.ReplyToBot(), ask.follow_up),
        # Other plain text only gets a hint, and only in private chats.
        MessageHandler(text_only & filters.ChatType.PRIVATE, unknown.plain_message),
        # Last: commands nobody above took.
        MessageHandler(new & filters.COMMAND, unknown.unknown_command),
    ]


async def register_menu(application: BotApplication) -> None:
    """Register the command menu; a failure is logged, never fatal."""
    commands = [BotCommand(name, description) for name, description in COMMANDS]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as exc:
        logger.warning("could not register the command menu: %s", exc)


async def close_services(application: BotApplication) -> None:
    """Close the services when the application shuts down."""
    services = application.bot_data.services
    if services is not None:
        await services.aclose()


def build_application(settings: Settings, services: Services) -> BotApplication:
    """Build the Application against ``settings.telegram.api_base_url`` with ``services`` attached."""
    token = settings.telegram.token
    if token is None:
        raise ValueError("BRIEFBOT_TELEGRAM__TOKEN is not set")
    application: BotApplication = (
        ApplicationBuilder()
        .token(token.get_secret_value())
        .base_url(settings.telegram.api_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .rate_limiter(AIORateLimiter(max_retries=1))
        .context_types(context_types())
        .concurrent_updates(True)
        .post_init(register_menu)
        .post_shutdown(close_services)
        .build()
    )
    data = application.bot_data
    data.services = services
    data.policy = AccessPolicy.of(settings.telegram.allowed_users, settings.telegram.admins)
    data.limiter = RateLimiter(settings.rate_limit.requests, settings.rate_limit.per_seconds)
    application.add_handler(TypeHandler(Update, guard), group=GUARD_GROUP)
    application.add_handlers(handlers())
    application.add_error_handler(on_error)
    return application
