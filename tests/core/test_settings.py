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
    monkeypatch.setenv("BRIEFBOT_LLM__MODEL", "llama3.1:8b")
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
        ("BRIEFBOT_LLM__FIRST_TOKEN_SECONDS", "-3", "BRIEFBOT_LLM__FIRST_TOKEN_SECONDS"),
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


def _error(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(UserInputError) as caught:
        load_settings()
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("BRIEFBOT_TELEGRAM__ADMINS", "alice", "comma-separated numeric Telegram user ids"),
        ("BRIEFBOT_TELEGRAM", "{not json", "BRIEFBOT_TELEGRAM__<NAME>"),
        ("BRIEFBOT_LOG_LEVEL", "loud", "DEBUG, INFO, WARNING, ERROR or CRITICAL"),
        ("BRIEFBOT_LOG_FORMAT", "xml", "BRIEFBOT_LOG_FORMAT: must be text or json"),
        (
            "BRIEFBOT_TELEGRAM__METRICS_PORT",
            "70000",
            "BRIEFBOT_TELEGRAM__METRICS_PORT: must be at most 65535",
        ),
        ("BRIEFBOT_LLM__BASE_URL", "not a url", "http:// or https:// URL"),
        ("BRIEFBOT_TELEGRAM__API_BASE_URL", "ftp://files.example/bot", "http:// or https:// URL"),
        ("BRIEFBOT_TELEGRAM__WEBHOOK_URL", "example.org/hook", "http:// or https:// URL"),
        ("BRIEFBOT_TELEGRAM__WEBHOOK_SECRET", "has spaces!", "1-256 letters, digits, _ or -"),
        ("BRIEFBOT_TELEGRAM__WEBHOOK_SECRET", "x" * 257, "1-256 letters, digits, _ or -"),
        ("BRIEFBOT_RATE_LIMIT__PER_SECONDS", "inf", "finite number"),
        ("BRIEFBOT_LLM__DEADLINE_SECONDS", "nan", "finite number"),
        ("BRIEFBOT_STORE__URL", "sqlite:///x.db", "must start with sqlite+aiosqlite://"),
        ("BRIEFBOT_STORE__URL", "mysql://bot:hunter2@db/news", "(got 'mysql://***@db/news')"),
    ],
)
def test_wrong_value_says_what_is_allowed_in_plain_words(monkeypatch, settings, name, value, says):
    message = _error(monkeypatch, name, value)

    assert name in message and says in message
    assert "Value error" not in message and "invalid literal" not in message and "Traceback" not in message


@pytest.mark.parametrize("value", ["[1, 2]", "1;2", " 1 , 2 ,"])
def test_id_lists_accept_json_and_loose_separators(monkeypatch, settings, value):
    monkeypatch.setenv("BRIEFBOT_TELEGRAM__ALLOWED_USERS", value)

    assert load_settings().telegram.allowed_users == [1, 2]


def test_the_metrics_port_is_off_unless_set_and_log_format_is_case_insensitive(monkeypatch, settings):
    monkeypatch.setenv("BRIEFBOT_TELEGRAM__METRICS_PORT", "")
    monkeypatch.setenv("BRIEFBOT_LOG_FORMAT", "JSON")

    loaded = load_settings()

    assert (loaded.telegram.metrics_port, loaded.log_format) == (None, "json")


def test_log_level_is_case_insensitive(monkeypatch, settings):
    monkeypatch.setenv("BRIEFBOT_LOG_LEVEL", "debug")

    assert load_settings().log_level == "DEBUG"


def test_blank_secrets_and_urls_count_as_unset(monkeypatch, settings):
    # A .env copied from a template often has `NAME=` lines: they must not switch features on.
    for name in (
        "BRIEFBOT_TELEGRAM__TOKEN",
        "BRIEFBOT_TELEGRAM__WEBHOOK_URL",
        "BRIEFBOT_LLM__BASE_URL",
        "BRIEFBOT_LLM__API_KEY",
    ):
        monkeypatch.setenv(name, " ")

    loaded = load_settings()

    assert loaded.telegram.token is None and loaded.telegram.webhook_url is None
    assert loaded.llm.base_url is None and loaded.llm.api_key is None
    assert loaded.llm.enabled is False


def test_run_with_an_empty_token_opens_the_console_chat(tmp_path):
    env = {"BRIEFBOT_TELEGRAM__TOKEN": "", "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--fallback-chat"],
        input="/quit\n",
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert "opening the local console chat" in done.stdout


def test_retired_tuning_variables_are_ignored_with_one_warning_naming_them(
    monkeypatch, settings, tmp_path, caplog
):
    monkeypatch.setenv("BRIEFBOT_SUMMARIZER__POSITION_WEIGHT", "inf")  # not even checked any more
    monkeypatch.setenv("BRIEFBOT_LLM__TIMEOUT_SECONDS", "8")  # replaced by three finer limits
    (tmp_path / ".env").write_text("BRIEFBOT_SUMMARIZER__MAX_STORIES=9\nBRIEFBOT_LOG_LEVEL=debug\n")

    with caplog.at_level("WARNING", logger="config.settings"):
        loaded = load_settings()

    (warning,) = [r for r in caplog.records if r.levelname == "WARNING"]
    assert "BRIEFBOT_SUMMARIZER__MAX_STORIES" in warning.getMessage()
    assert "BRIEFBOT_SUMMARIZER__POSITION_WEIGHT" in warning.getMessage()
    assert "BRIEFBOT_LLM__TIMEOUT_SECONDS" in warning.getMessage()
    assert "LOG_LEVEL" not in warning.getMessage() and loaded.log_level == "DEBUG"


# Pacing, leases, batches and thresholds now tuned in code, beside what uses them.
MOVED_TO_CODE = (
    "BRIEFBOT_TELEGRAM__UPDATE_LEASE_SECONDS",
    "BRIEFBOT_TELEGRAM__UPDATE_POLL_SECONDS",
    "BRIEFBOT_FEEDS__TICK_SECONDS",
    "BRIEFBOT_DIGEST__TICK_SECONDS",
    "BRIEFBOT_DIGEST__CLAIM_BATCH",
    "BRIEFBOT_DIGEST__LEASE_SECONDS",
    "BRIEFBOT_DIGEST__HEARTBEAT_SECONDS",
    "BRIEFBOT_DIGEST__SEND_CONCURRENCY",
    "BRIEFBOT_DIGEST__CHAT_INTERVAL_SECONDS",
    "BRIEFBOT_DIGEST__GROUP_INTERVAL_SECONDS",
    "BRIEFBOT_INGEST__NEAR_DUPLICATE_THRESHOLD",
    "BRIEFBOT_INGEST__FUTURE_TOLERANCE_HOURS",
    "BRIEFBOT_STORE__ECHO",
)


def test_knobs_moved_into_code_are_ignored_with_one_warning_naming_each(
    monkeypatch, settings, tmp_path, caplog
):
    env_file, environment = MOVED_TO_CODE[::2], MOVED_TO_CODE[1::2]
    (tmp_path / ".env").write_text("".join(f"{name}=-1\n" for name in env_file))  # once out of bounds
    for name in environment:
        monkeypatch.setenv(name, "-1")

    with caplog.at_level("WARNING", logger="config.settings"):
        loaded = load_settings()

    (warning,) = [r for r in caplog.records if r.levelname == "WARNING"]
    assert all(name in warning.getMessage() for name in MOVED_TO_CODE)
    assert loaded.digest.send_rate == 25.0 and loaded.feeds.interval_seconds == 1800.0


def test_an_env_file_that_is_not_utf8_is_one_clear_error(tmp_path, settings):
    (tmp_path / ".env").write_bytes("BRIEFBOT_LOG_LEVEL=caf\u00e9\n".encode("cp1252"))

    with pytest.raises(UserInputError) as caught:
        load_settings()

    assert str(caught.value) == "invalid configuration: .env is not UTF-8 text (byte 0xe9 at position 22)"


def test_an_api_key_alone_means_openai_s_endpoint_and_default_model(monkeypatch, settings):
    monkeypatch.setenv("BRIEFBOT_LLM__API_KEY", "sk-test")

    llm = load_settings().llm

    assert llm.enabled and llm.endpoint == "https://api.openai.com/v1" and llm.model == "gpt-4o-mini"
    assert "sk-test" not in repr(llm)


def test_a_custom_server_needs_a_model_but_no_key(monkeypatch, settings):
    monkeypatch.setenv("BRIEFBOT_LLM__BASE_URL", "http://127.0.0.1:11434/v1")
    message = _error(monkeypatch, "BRIEFBOT_LLM__MODEL", " ")

    assert message.startswith(
        "invalid configuration: BRIEFBOT_LLM__MODEL: required when BRIEFBOT_LLM__BASE_URL is set:"
        " the name of a model that server serves"
    )
    monkeypatch.setenv("BRIEFBOT_LLM__MODEL", "llama3.1:8b")
    llm = load_settings().llm
    assert llm.enabled and llm.api_key is None and llm.endpoint == "http://127.0.0.1:11434/v1"
    monkeypatch.setenv("BRIEFBOT_LLM__BASE_URL", "https://bot:hunter2@llm.example/v1")
    assert load_settings().llm.shown_endpoint == "https://***@llm.example/v1"


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        (
            "BRIEFBOT_LLM__BASE_URL",
            "localhost:11434",
            "BRIEFBOT_LLM__BASE_URL: must be an http:// or https:// URL",
        ),
        ("BRIEFBOT_LLM__DAILY_TOKENS", "-1", "BRIEFBOT_LLM__DAILY_TOKENS: must be at least 0 (got '-1')"),
        ("BRIEFBOT_LLM__CHAT_DAILY_TOKENS", "-5", "BRIEFBOT_LLM__CHAT_DAILY_TOKENS: must be at least 0"),
    ],
)
def test_llm_settings_are_checked_at_start_with_one_line_each(monkeypatch, settings, name, value, says):
    assert says in _error(monkeypatch, name, value)


def test_the_default_time_limits_wait_for_a_slow_local_server_within_one_deadline(settings):
    llm = settings.llm

    assert llm.first_token_seconds >= 60  # a CPU server reads the prompt for 20-30 s first
    assert llm.chunk_gap_seconds <= llm.first_token_seconds <= llm.deadline_seconds


@pytest.mark.parametrize(
    ("base_url", "at_once"),
    [(None, 2), ("https://api.openai.com/v1", 2), ("http://127.0.0.1:8080/v1", 1), ("http://gpu.lan/v1", 1)],
)
def test_stories_written_at_once_default_to_what_the_server_can_take(base_url, at_once):
    from config import LLMSettings

    llm = LLMSettings(base_url=base_url, api_key="k", model="m")

    assert llm.stories_at_once == at_once
    assert LLMSettings(base_url=base_url, api_key="k", model="m", concurrency=4).stories_at_once == 4
