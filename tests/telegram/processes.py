"""`briefbot run` as a child process of a test: its command, its environment, a free port."""

from __future__ import annotations

import os
import socket

from tests.telegram.fake_bot_api import FakeBotAPI

RUN = (
    "import sys; from config import load_settings; from bot.telegram.run import run_telegram;"
    " sys.exit(run_telegram(load_settings()))"
)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(api: FakeBotAPI, store_url: str, **extra: str) -> dict[str, str]:
    """The environment of a briefbot process pointed at the fake Bot API and ``store_url``: none
    of the caller's own BRIEFBOT_ settings, then ``extra`` (full variable names)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(
        BRIEFBOT_TELEGRAM__TOKEN=api.token,
        BRIEFBOT_TELEGRAM__API_BASE_URL=api.base_url,
        BRIEFBOT_STORE__URL=store_url,
    )
    env.update(extra)
    return env
