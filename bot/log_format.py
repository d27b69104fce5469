"""Log lines for people (text) or for a log collector (JSON lines), as ``BRIEFBOT_LOG_FORMAT`` says.

Our messages carry their context as ``key=value`` pairs (``digest sent chat=42 stories=3``); in
JSON each pair also becomes a field of its own, so a collector can filter on ``chat`` without
parsing text. The standard fields are ``time`` (UTC, ISO 8601), ``level``, ``logger`` and
``message``, and ``exception`` with the traceback when there is one.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_PAIR = re.compile(r"(?<![\w.])([a-z_][a-z0-9_]*)=('[^']*'|\"[^\"]*\"|[^\s,;]+)")
_STANDARD = frozenset({"time", "level", "logger", "message", "exception"})


def pairs(message: str) -> dict[str, str]:
    """The ``key=value`` pairs of a message, values unquoted and without trailing punctuation."""
    found: dict[str, str] = {}
    for key, value in _PAIR.findall(message):
        if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1]
        else:
            value = value.rstrip(":.)")
        if key not in _STANDARD:
            found.setdefault(key, value)
    return found


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        line: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
        }
        line.update(pairs(message))
        if record.exc_text:  # already formatted (and its secrets masked: bot.log_secrets)
            line["exception"] = record.exc_text
        elif record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def use_format(kind: str, logger: logging.Logger | None = None) -> None:
    """Format every handler of ``logger`` (the root logger by default) as ``text`` or ``json``."""
    formatter = JsonFormatter() if kind == "json" else logging.Formatter(TEXT_FORMAT)
    for handler in (logger or logging.getLogger()).handlers:
        handler.setFormatter(formatter)
