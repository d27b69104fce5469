"""`briefbot run` as a process: no token, polling stopped by SIGTERM, webhook with a secret."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

import httpx
import pytest

from bot.telegram.run import run_telegram
from config import StoreSettings, TelegramSettings, load_settings
from tests.telegram.fake_bot_api import FakeBotAPI
from tests.telegram.processes import RUN, bot_env, free_port
from tests.telegram.updates import message_update


async def _spawn(api: FakeBotAPI, tmp_path: Path, **extra: str) -> asyncio.subprocess.Process:
    env = bot_env(api, f"sqlite+aiosqlite:///{tmp_path}/run.db", **extra)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", RUN, cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )


async def _stop(process: asyncio.subprocess.Process) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode is not None
    return process.returncode, err.decode()


def test_without_token_run_explains_and_points_to_chat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(
        store=StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/t.db"),
        telegram=TelegramSettings(token=None),
    )

    code = run_telegram(settings)

    err = capsys.readouterr().err
    assert code == 2
    assert "BRIEFBOT_TELEGRAM__TOKEN" in err
    assert "briefbot chat" in err


async def test_polling_bot_answers_and_sigterm_shuts_down_cleanly(api: FakeBotAPI, tmp_path: Path) -> None:
    process = await _spawn(api, tmp_path)
    await api.wait_for(lambda a: a.sent("deleteWebhook"))

    api.push(message_update("/help"))
    await api.wait_for(lambda a: a.sent())
    code, err = await _stop(process)

    assert code == 0, err
    assert "Traceback" not in err


async def test_webhook_mode_verifies_the_secret_token(api: FakeBotAPI, tmp_path: Path) -> None:
    port = free_port()
    process = await _spawn(
        api,
        tmp_path,
        BRIEFBOT_TELEGRAM__WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
        BRIEFBOT_TELEGRAM__WEBHOOK_SECRET="s3cret",
        BRIEFBOT_TELEGRAM__WEBHOOK_PORT=str(port),
    )
    await api.wait_for(lambda a: a.sent("setWebhook"))
    update = json.dumps({"update_id": 1, **message_update("/help")})
    headers = {"Content-Type": "application/json"}

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        forged = await client.post("/hook", content=update, headers=headers)
        genuine = await client.post(
            "/hook",
            content=update,
            headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "s3cret"},
        )
    await api.wait_for(lambda a: a.sent())
    code, err = await _stop(process)

    assert forged.status_code == 403
    assert genuine.status_code == 200
    assert api.sent("setWebhook")[0]["secret_token"] == "s3cret"
    assert code == 0, err


async def test_refused_token_exits_with_one_clear_line(api: FakeBotAPI, tmp_path: Path) -> None:
    process = await _spawn(api, tmp_path, BRIEFBOT_TELEGRAM__TOKEN="999:WRONG")

    _, err = await asyncio.wait_for(process.communicate(), 20)

    assert process.returncode == 1
    assert err.decode().strip().splitlines()[-1] == (
        "Telegram refused the token in BRIEFBOT_TELEGRAM__TOKEN."
    )


async def test_webhook_refused_by_telegram_exits_saying_why(api: FakeBotAPI, tmp_path: Path) -> None:
    port = free_port()
    api.fail_next("setWebhook", 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    process = await _spawn(
        api,
        tmp_path,
        BRIEFBOT_TELEGRAM__WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
        BRIEFBOT_TELEGRAM__WEBHOOK_SECRET="s3cret-token",
        BRIEFBOT_TELEGRAM__WEBHOOK_PORT=str(port),
    )

    _, err = await asyncio.wait_for(process.communicate(), 20)

    last = err.decode().strip().splitlines()[-1]
    assert process.returncode == 1
    assert last.startswith("Telegram refused the webhook")
    assert "an https url must be provided" in last.lower()


async def test_a_full_run_s_log_never_holds_the_token_or_the_llm_key(tmp_path: Path) -> None:
    token, key = "7788990011:AAH-the-bot-token-nobody-may-read-0123", "sk-the-llm-key-nobody-may-read"
    api = FakeBotAPI(token=token)
    await api.start()
    try:
        env = bot_env(
            api,
            f"sqlite+aiosqlite:///{tmp_path}/run.db",
            BRIEFBOT_LOG_LEVEL="DEBUG",  # every logger at its most talkative
            BRIEFBOT_LLM__API_KEY=key,
            BRIEFBOT_LLM__BASE_URL="http://127.0.0.1:9/v1",
            BRIEFBOT_LLM__MODEL="local-model",
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
        )
        await api.wait_for(lambda a: a.sent("deleteWebhook"), within=20)
        api.push(message_update("/help"))
        await api.wait_for(lambda a: a.sent("sendMessage"), within=10)
        code, log = await _stop(process)
    finally:
        await api.stop()

    assert code == 0, log
    assert "/bot***/getUpdates" in log  # the request lines are there, masked
    assert token not in log and token.split(":")[1] not in log
    assert key not in log
