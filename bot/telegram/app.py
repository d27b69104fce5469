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
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.commands import COMMANDS
from bot.scheduler import Ticks
from bot.services.wiring import Services
from bot.telegram.access import AccessPolicy
from bot.telegram.context import BotContext, BotData, ReplyTuning, context_types
from bot.telegram.guard import guard
from bot.telegram.keyboards import FORGET_NO, FORGET_YES, STORY_PREFIX, SUBSCRIPTION_PREFIX
from bot.telegram.routing import ReplyToBot
from bot.telegram.sender import shared_sender
from bot.telegram.update_worker import MeteredUpdateProcessor
from config import Settings
from handlers import (
    add,
    ask,
    brief,
    buttons,
    feeds,
    forget,
    forwards,
    membership,
    sources,
    start,
    stats,
    subscription_buttons,
    subscriptions,
    unknown,
    usage,
)
from handlers import settings as chat_settings
from handlers.failures import on_error
from store.heartbeats import BOT, WEBHOOK

logger = logging.getLogger(__name__)
BotApplication = Application[Any, BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
GUARD_GROUP = -1
MAX_CONCURRENT_UPDATES = 256  # python-telegram-bot's own default for concurrent updates


def handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """Every handler of group 0, in the order they are tried."""
    # New messages only: an edit must not run a command twice, and channel posts are not for us.
    new = filters.UpdateType.MESSAGE
    text_only = new & filters.TEXT & ~filters.COMMAND

    def command(names: str | list[str], callback: Any) -> CommandHandler[BotContext, None]:
        return CommandHandler(names, callback, filters=new)

    return [
        # First: a post forwarded to the bot in private is an article to store, never a command
        # or a question (whatever its text looks like). Forwards in groups are not for us.
        MessageHandler(new & filters.FORWARDED & filters.ChatType.PRIVATE, forwards.forwarded),
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
        command("subscribe", subscriptions.subscribe),
        command("unsubscribe", subscriptions.unsubscribe),
        command("subscriptions", subscriptions.subscriptions),
        command("digest", subscriptions.digest),
        command("usage", usage.usage),
        command("forget", forget.forget),
        command("stats", stats.stats),
        # The bot blocked, removed or re-added; a group that became a supergroup.
        ChatMemberHandler(membership.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, membership.migrated),
        # Buttons under /subscriptions, then those under briefings, /start and /settings.
        CallbackQueryHandler(subscription_buttons.press, pattern=f"^{SUBSCRIPTION_PREFIX}"),
        CallbackQueryHandler(forget.confirm, pattern=f"^(?:{FORGET_YES}|{FORGET_NO})$"),
        CallbackQueryHandler(ask.story, pattern=f"^{STORY_PREFIX}"),
        CallbackQueryHandler(buttons.button),
        # A reply to one of the bot's messages is a follow-up question in its thread (groups too).
        MessageHandler(text_only & ReplyToBot(), ask.follow_up),
        # In private chats, plain text that reads as a question is a follow-up of the latest
        # thread and a bare link is offered as /add; a forwarded post is never a question.
        MessageHandler(text_only & filters.ChatType.PRIVATE & ~filters.FORWARDED, ask.plain_message),
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


async def start_bot(application: BotApplication) -> None:
    """After start-up: register the menu and put the periodic ticks on the JobQueue's scheduler."""
    await register_menu(application)
    data = application.bot_data
    if data.ticks is not None and application.job_queue is not None:
        data.ticks.start()


async def stop_ticks(application: BotApplication) -> None:
    """Before shutting down: stop a digest run in progress (handing back its unsent claims)."""
    if application.bot_data.ticks is not None:
        await application.bot_data.ticks.stop()


async def close_services(application: BotApplication) -> None:
    """Close the digest sender and the services when the application shuts down."""
    data = application.bot_data
    if data.sender is not None:
        await data.sender.aclose()
    if data.services is not None:
        await data.services.aclose()


def build_application(
    settings: Settings, services: Services, *, reply: ReplyTuning | None = None
) -> BotApplication:
    """Build the Application against ``settings.telegram.api_base_url`` with ``services`` attached.

    A webhook worker gets no Updater: its updates come from the database (``UpdateWorker``).
    """
    token = settings.telegram.token
    if token is None:
        raise ValueError("BRIEFBOT_TELEGRAM__TOKEN is not set")
    webhook = settings.telegram.webhook_url is not None
    builder = (
        ApplicationBuilder()
        .token(token.get_secret_value())
        .base_url(settings.telegram.api_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .rate_limiter(AIORateLimiter(max_retries=1))
        .context_types(context_types())
        .concurrent_updates(MeteredUpdateProcessor(MAX_CONCURRENT_UPDATES, services.meter))
        .post_init(start_bot)
        .post_stop(stop_ticks)
        .post_shutdown(close_services)
    )
    if webhook:
        builder = builder.updater(None)
    application: BotApplication = builder.build()
    data = application.bot_data
    data.services = services
    data.reply = reply or ReplyTuning()
    data.policy = AccessPolicy.of(settings.telegram.allowed_users, settings.telegram.admins)
    data.limiter = services.limiter  # in the database: every worker counts against one bucket
    if application.job_queue is not None:  # the one scheduler of the process
        data.sender = shared_sender(services)
        data.ticks = Ticks(
            application.job_queue.scheduler,
            services.digests,
            data.sender,
            feeds=services.feeds.poller,
            retention=services.retention,
            role=WEBHOOK if webhook else BOT,
        )
    application.add_handler(TypeHandler(Update, guard), group=GUARD_GROUP)
    application.add_handlers(handlers())
    application.add_error_handler(on_error)
    return application
