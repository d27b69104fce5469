"""``briefbot run``: the Telegram bot, polling by default or as a webhook worker, until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import TextIO

from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.services.digests.tuning import DigestTuning
from bot.services.wiring import build_services
from bot.telegram.app import build_application
from bot.telegram.metrics import PrometheusMeter
from bot.telegram.update_worker import UpdateTuning
from bot.telegram.worker import Worker
from config import Settings
from errors import WorkerRefused

logger = logging.getLogger(__name__)
NO_TOKEN = (
    "No Telegram token is set.\n"
    "Get one from @BotFather and set it, for example:\n"
    "    export BRIEFBOT_TELEGRAM__TOKEN=123456:ABC...\n"
    "(or put it in .env). To try the bot without Telegram, run: briefbot chat"
)


def run_telegram(
    settings: Settings,
    *,
    out: TextIO | None = None,
    digest_tuning: DigestTuning | None = None,
    update_tuning: UpdateTuning | None = None,
) -> int:
    """Run the bot until stopped; return the exit code (2 when no token is configured).

    ``digest_tuning``, ``update_tuning``: how digests are sent and how webhook workers share
    stored updates; their defaults unless a test or benchmark needs others.
    """
    if settings.telegram.token is None:
        print(NO_TOKEN, file=out or sys.stderr)
        return 2
    # This process is the bot: opt in to PTB 22's timedelta durations, or every RetryAfter warns.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    try:
        asyncio.run(_serve(settings, digest_tuning, update_tuning))
    except WorkerRefused as exc:
        print(f"briefbot: {exc}", file=out or sys.stderr)
        return 1
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


async def _serve(
    settings: Settings, digest_tuning: DigestTuning | None, update_tuning: UpdateTuning | None
) -> None:
    meter = PrometheusMeter()
    services = await build_services(settings, meter=meter, digest_tuning=digest_tuning)
    try:
        application = build_application(settings, services)
    except BaseException:
        await services.aclose()
        raise
    await Worker(application, services, settings, meter, updates=update_tuning).run()
