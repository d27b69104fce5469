"""`briefbot run` or `digest send-due` as a child process of a test: its code, its tuning, its
environment, a free port."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict

from bot.services.digests.tuning import DigestTuning
from bot.telegram.update_worker import UpdateTuning
from tests.telegram.fake_bot_api import FakeBotAPI

# `briefbot run` and `briefbot digest send-due` with the settings of their environment, and the
# tuning a test gives as JSON in the argument after the code (``tuned``): tuning is code, so no
# variable of the environment sets it.
_TUNING = """
import json, sys
from bot.services.digests.tuning import DigestTuning
from bot.telegram.update_worker import UpdateTuning

given = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
digest_tuning = DigestTuning(**given.get("digest", {}))
update_tuning = UpdateTuning(**given.get("updates", {}))
"""
RUN = (
    _TUNING
    + """
from bot.telegram.run import run_telegram
from config import load_settings

sys.exit(run_telegram(load_settings(), digest_tuning=digest_tuning, update_tuning=update_tuning))
"""
)
SEND_DUE = (
    _TUNING
    + """
from bot.cli import main

sys.exit(main(["digest", "send-due"], digest_tuning=digest_tuning))
"""
)


def tuned(*, digest: DigestTuning | None = None, updates: UpdateTuning | None = None) -> str:
    """The argument after ``-c RUN`` or ``-c SEND_DUE`` that gives the child this tuning (the
    defaults otherwise)."""
    return json.dumps(
        {"digest": asdict(digest) if digest else {}, "updates": asdict(updates) if updates else {}}
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
