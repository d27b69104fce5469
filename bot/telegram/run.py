"""``briefbot run``: the Telegram bot, polling by default or on a webhook, until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import sys
from typing import TextIO
from urllib.parse import urlsplit

from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.services.wiring import build_services
from bot.telegram.app import BotApplication, build_application
from config import Settings

logger = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
NO_TOKEN = (
    "No Telegram token is set.\n"
    "Get one from @BotFather and set it, for example:\n"
    "    export BRIEFBOT_TELEGRAM__TOKEN=123456:ABC...\n"
    "(or put it in .env). To try the bot without Telegram, run: briefbot chat"
)


def run_telegram(settings: Settings, *, out: TextIO | None = None) -> int:
    """Run the bot until stopped; return the exit code (2 when no token is configured)."""
    if settings.telegram.token is None:
        print(NO_TOKEN, file=out or sys.stderr)
        return 2
    # This process is the bot: opt in to PTB 22's timedelta durations, or every RetryAfter warns.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    # run_polling/run_webhook drive their own loop; build the services on that same loop first.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    services = loop.run_until_complete(build_services(settings))
    try:
        application = build_application(settings, services)
    except BaseException:
        loop.run_until_complete(services.aclose())
        loop.close()
        raise
    try:
        _run(application, settings)
    except InvalidToken:
        print("Telegram refused the token in BRIEFBOT_TELEGRAM__TOKEN.", file=out or sys.stderr)
        return 1
    except BadRequest as exc:
        # Reached, but refused: most often the webhook URL or secret (BadRequest is a NetworkError).
        what = "the webhook setup" if settings.telegram.webhook_url else "a start-up request"
        print(f"Telegram refused {what}: {exc}", file=out or sys.stderr)
        return 1
    except NetworkError as exc:
        base = settings.telegram.api_base_url
        print(f"Cannot reach the Bot API at {base}: {exc}", file=out or sys.stderr)
        return 1
    return 0


def _run(application: BotApplication, settings: Settings) -> None:
    """Poll, or serve a webhook when a webhook URL is configured; returns once stopped."""
    telegram = settings.telegram
    if telegram.webhook_url:
        secret = (
            telegram.webhook_secret.get_secret_value()
            if telegram.webhook_secret
            else secrets.token_urlsafe(32)
        )
        logger.info("starting webhook listen=%s port=%d", telegram.webhook_listen, telegram.webhook_port)
        application.run_webhook(
            listen=telegram.webhook_listen,
            port=telegram.webhook_port,
            # Serve on the public URL's path, so a reverse proxy can forward it unchanged.
            url_path=urlsplit(telegram.webhook_url).path.lstrip("/"),
            webhook_url=telegram.webhook_url,
            secret_token=secret,
            stop_signals=STOP_SIGNALS,
        )
    else:
        logger.info("starting polling base_url=%s", telegram.api_base_url)
        application.run_polling(stop_signals=STOP_SIGNALS)
