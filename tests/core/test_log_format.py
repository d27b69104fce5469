"""Log lines as JSON (BRIEFBOT_LOG_FORMAT=json): one object a line, context pairs as fields."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from bot.log_format import JsonFormatter, pairs
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("digest sent chat=42 stories=3", {"chat": "42", "stories": "3"}),
        ("fts query failed query='gas prices' error=boom", {"query": "gas prices", "error": "boom"}),
        ("skipped slot=2026-11-30T08:00:00+00:00: outside", {"slot": "2026-11-30T08:00:00+00:00"}),
        ("retry in=1.5s reason=TimedOut, later", {"in": "1.5s", "reason": "TimedOut"}),
        ("no pairs here, a=b is not one at a.b=c", {"a": "b"}),
        ("level=fake message=fake owner=w1", {"owner": "w1"}),  # standard fields stay ours
        ("", {}),
    ],
)
def test_key_value_context_is_read_out_of_a_message(message, found):
    assert pairs(message) == found


def test_a_record_becomes_one_json_line_with_its_pairs_and_traceback():
    try:
        raise ValueError("bad")
    except ValueError:
        record = logging.LogRecord(
            "bot.x", logging.ERROR, __file__, 1, "digest failed subscription=%d", (7,), sys.exc_info()
        )

    line = JsonFormatter().format(record)

    assert "\n" not in line
    data = json.loads(line)
    assert {k: data[k] for k in ("level", "logger", "message", "subscription")} == {
        "level": "ERROR",
        "logger": "bot.x",
        "message": "digest failed subscription=7",
        "subscription": "7",
    }
    assert data["time"].endswith("+00:00")
    assert "ValueError: bad" in data["exception"]


def test_the_cli_writes_json_lines_when_told_to(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "BRIEFBOT_LOG_FORMAT": "json",
        "BRIEFBOT_STORE__URL": "sqlite+aiosqlite:///x.db",
    }

    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "-v", "migrate"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert done.returncode == 0, done.stderr
    assert lines and all({"time", "level", "logger", "message"} <= set(line) for line in lines)


@pytest.mark.parametrize("formatter", [logging.Formatter("%(message)s"), JsonFormatter()])
def test_secrets_are_masked_in_messages_arguments_and_tracebacks(formatter):
    from bot.log_secrets import SecretFilter

    handler = logging.Handler()
    handler.setFormatter(formatter)
    handler.addFilter(SecretFilter(["42:SECRET", "sk-key"]))
    logger = logging.Logger("secrets")
    try:
        raise ValueError("POST http://h/bot42:SECRET/getMe failed; key sk-key")
    except ValueError:
        record = logger.makeRecord(
            "secrets",
            logging.ERROR,
            __file__,
            1,
            "url=%s other=%s",
            ("http://h/bot42:SECRET/x", "1234567:" + "A" * 35),
            sys.exc_info(),
        )
    assert handler.filter(record)
    line = handler.format(record)

    assert "SECRET" not in line and "sk-key" not in line and "A" * 35 not in line
    assert "url=http://h/bot***/x other=***" in line and "bot***/getMe failed; key ***" in line
