"""Settings: names from DESIGN.md, comma-separated id lists, one clear line for a wrong value."""

from __future__ import annotations

import subprocess
import sys

import pytest

from config import load_settings
from errors import UserInputError


def test_defaults_use_sqlite_offline_and_open_access(settings):
    assert settings.store.url.startswith("sqlite+aiosqlite:///")
    assert settings.llm.enabled is False
    assert settings.telegram.allowed_users == []
    assert settings.ingest.allow_private_networks is False


def test_nested_env_vars_are_read(monkeypatch, settings):
    monkeypatch.setenv("BRIEFBOT_TELEGRAM__TOKEN", "123:abc")
    monkeypatch.setenv("BRIEFBOT_TELEGRAM__ADMINS", "1, 2,3")
    monkeypatch.setenv("BRIEFBOT_TELEGRAM__ALLOWED_USERS", "")
    monkeypatch.setenv("BRIEFBOT_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    loaded = load_settings()
    assert loaded.telegram.token is not None
    assert loaded.telegram.token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(loaded)
    assert loaded.telegram.admins == [1, 2, 3]
    assert loaded.telegram.allowed_users == []
    assert loaded.llm.enabled is True


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("BRIEFBOT_TELEGRAM__ADMINS", "1,two", "BRIEFBOT_TELEGRAM__ADMINS"),
        ("BRIEFBOT_STORE__URL", "mysql://x", "BRIEFBOT_STORE__URL"),
        ("BRIEFBOT_LLM__TIMEOUT_SECONDS", "-3", "BRIEFBOT_LLM__TIMEOUT_SECONDS"),
        ("BRIEFBOT_RATE_LIMIT__REQUESTS", "0", "BRIEFBOT_RATE_LIMIT__REQUESTS"),
    ],
)
def test_wrong_value_names_the_variable(monkeypatch, settings, name, value, named):
    monkeypatch.setenv(name, value)
    with pytest.raises(UserInputError) as caught:
        load_settings()
    assert named in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cli_prints_one_line_without_traceback_for_a_wrong_value(tmp_path):
    env = {"BRIEFBOT_STORE__URL": "mysql://nope", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "brief"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "BRIEFBOT_STORE__URL" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
