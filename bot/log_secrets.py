"""No secret in any log line: the bot token, the LLM key and the webhook secret are masked in
every record a handler writes, its traceback included.

The token travels in every Bot API URL (``…/bot<token>/getUpdates``), and httpx logs each
request's URL at INFO, so without this a polling bot writes its token thousands of times an
hour. httpx and httpcore are also quieted to WARNING unless the operator asks for DEBUG.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

MASK = "***"
# A Bot API token's shape (bot id, colon, 35 characters), for a token that is not ours.
_TOKEN_SHAPE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}")
CHATTY_LOGGERS = ("httpx", "httpcore")


class SecretFilter(logging.Filter):
    """Replaces each known secret (and anything shaped like a bot token) with ``***``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def mask(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return _TOKEN_SHAPE.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        return True


def hide_secrets(secrets: Iterable[str], *, level: str, logger: logging.Logger | None = None) -> None:
    """Mask ``secrets`` in every handler of ``logger`` (the root logger by default), and quiet
    the HTTP clients' request lines unless ``level`` is DEBUG."""
    found = SecretFilter(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(found)
    if level != "DEBUG":
        for name in CHATTY_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
