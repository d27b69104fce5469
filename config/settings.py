"""The settings tree: env vars prefixed ``BRIEFBOT_``, nested with ``__``, also read from ``.env``."""

from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from config.fields import Group, blank_is_none, http_url, split_ids
from config.llm import LLMSettings
from config.periodic import DigestSettings, FeedSettings, RetentionSettings
from config.retired import retired_names
from errors import UserInputError

logger = logging.getLogger(__name__)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_SECRET_FIELDS = frozenset({"token", "api_key", "webhook_secret"})
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class TelegramSettings(Group):
    """How the bot talks to Telegram and who may use it."""

    token: SecretStr | None = None
    api_base_url: str = "https://api.telegram.org/bot"
    allowed_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # /healthz and /metrics in polling mode (webhook mode serves them on the webhook's port).
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_listen: str = "127.0.0.1"

    _split = field_validator("allowed_users", "admins", mode="before")(split_ids)
    _blank = field_validator("token", "webhook_url", "webhook_secret", "metrics_port", mode="before")(
        blank_is_none
    )
    _urls = field_validator("api_base_url", "webhook_url")(http_url)

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram refuses setWebhook with any other secret_token, so say so before starting.
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 letters, digits, _ or - (Telegram allows nothing else)")
        return value


class RateLimitSettings(Group):
    """Per-chat limits on the expensive work (briefings, questions): a token bucket.

    A chat may spend ``burst`` requests at once; the bucket refills at ``requests`` per
    ``per_seconds``. With the defaults a briefing and ten follow-ups in two minutes all pass,
    and a chat sending 60 requests in a minute is refused after about 22.
    """

    requests: int = Field(default=10, ge=1, le=1000)
    per_seconds: float = Field(default=60.0, gt=0, le=86400)
    burst: int = Field(default=12, ge=1, le=1000)


class QuestionSettings(Group):
    """Follow-up questions: how long a thread lasts, the optional embeddings, the LLM's second check."""

    # A thread idle for longer is not continued: a reply to it is answered from the whole store.
    thread_idle_hours: float = Field(default=24.0, gt=0, le=24 * 365)
    # Local embeddings (the `embeddings` extra): auto uses them when installed.
    embeddings: Literal["auto", "on", "off"] = "auto"
    # With an LLM: a second call asks whether each answer sentence is supported by its passages
    # (the lexical and number checks always run).
    llm_verify: bool = False


def default_data_dir() -> Path:
    """The user's data folder, the same whichever folder a command runs in:
    ``$XDG_DATA_HOME/briefbot``, else ``~/.local/share/briefbot``."""
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "briefbot"


def default_store_url() -> str:
    """SQLite in the user's data folder (``BRIEFBOT_STORE__URL`` sets another store)."""
    return f"sqlite+aiosqlite:///{default_data_dir() / 'briefbot.db'}"


class StoreSettings(Group):
    """Where articles, subscriptions and the rest are kept."""

    url: str = Field(default_factory=default_store_url)
    # PostgreSQL: connections each worker keeps open, and how many more it may open at a peak.
    pool_size: int = Field(default=10, ge=1, le=500)
    pool_overflow: int = Field(default=10, ge=0, le=500)

    @field_validator("url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value


class IngestSettings(Group):
    """Limits on what is fetched and stored."""

    allow_private_networks: bool = False
    max_file_bytes: int = Field(default=10_000_000, ge=1_000, le=1_000_000_000)
    max_article_chars: int = Field(default=200_000, ge=1_000, le=10_000_000)
    min_article_chars: int = Field(default=40, ge=1, le=10_000)
    fetch_timeout_seconds: float = Field(default=15.0, gt=0, le=300)
    # Each article's raw source (page, file, record) is kept compressed up to this size; 0 keeps none.
    max_source_bytes: int = Field(default=2_000_000, ge=0, le=1_000_000_000)
    # One record of a JSON or JSONL import (the file itself may be any size).
    max_record_bytes: int = Field(default=2_000_000, ge=1_000, le=1_000_000_000)
    # Fetching: connecting, and the longest wait for the next bytes (fetch_timeout_seconds above
    # bounds the whole download, so a server dripping bytes cannot hold a fetch for ever).
    connect_timeout_seconds: float = Field(default=5.0, gt=0, le=120)
    read_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    max_redirects: int = Field(default=5, ge=0, le=20)
    # A page is cut to this many bytes before extraction, which runs in a worker process that is
    # killed after extract_timeout_seconds (the page is then refused, saying why).
    max_extract_bytes: int = Field(default=1_000_000, ge=10_000, le=100_000_000)
    extract_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    extract_workers: int = Field(default=1, ge=1, le=32)
    # Who may add articles from the chat (/add, forwarded posts): everyone the bot serves, or admins.
    chat_adds: Literal["everyone", "admins"] = "everyone"


class Settings(BaseSettings):
    """The whole configuration of briefbot."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFBOT_",
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        allow_inf_nan=False,
    )

    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    rate_limit: RateLimitSettings = Field(default_factory=RateLimitSettings)
    questions: QuestionSettings = Field(default_factory=QuestionSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    feeds: FeedSettings = Field(default_factory=FeedSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # "json": one JSON object per log line (for a log collector); "text": lines for people.
    log_format: Literal["text", "json"] = "text"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}


def _describe(error: Any) -> str:
    """One variable's problem in plain words: its name, what is wrong or allowed, what was given."""
    loc = [str(part) for part in error["loc"]]
    name = "BRIEFBOT_" + "__".join(loc).upper()
    kind, message = error["type"], str(error["msg"])
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind == "finite_number":
        message = "must be a finite number"
    elif kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        message = f"must be {words} {error.get('ctx', {}).get(key)}"
    elif kind == "literal_error" and loc == ["log_level"]:
        message = "must be one of " + ", ".join(LOG_LEVELS[:-1]) + " or " + LOG_LEVELS[-1]
    elif kind == "literal_error" and loc == ["log_format"]:
        message = "must be text or json"
    given = error.get("input")
    if isinstance(given, str | int | float) and not _SECRET_FIELDS.intersection(loc):
        shown = re.sub(r"//[^/@\s]*@", "//***@", str(given))  # no passwords from database URLs
        message += f" (got {shown[:60]!r})"
    return f"{name}: {message}"


def _describe_source_error(exc: SettingsError) -> str:
    """pydantic-settings' own errors (a group given as invalid JSON) name the field, not the variable."""
    found = re.search(r'field "(\w+)"', str(exc))
    group = found.group(1).upper() if found else "…"
    return f"BRIEFBOT_{group}: not valid JSON; set single values as BRIEFBOT_{group}__<NAME> instead"


def _warn_retired(env_file: Path) -> None:
    """One warning naming every variable still set that is no longer read (it is ignored)."""
    names = set(os.environ)
    if env_file.is_file():
        with contextlib.suppress(UnicodeDecodeError):  # Settings() below says so in one line
            names |= set(dotenv_values(env_file))
    retired = retired_names(names)
    if retired:
        logger.warning(
            "ignoring settings that are no longer read (tuned in code, or replaced: see the README): %s",
            ", ".join(retired),
        )


def load_settings(**overrides: Any) -> Settings:
    """Load the settings once; a wrong value raises one readable line naming each variable.

    Variables of settings that are now tuned in code are ignored, with one warning naming them.
    """
    _warn_retired(Path(str(Settings.model_config.get("env_file") or ".env")))
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = [_describe(err) for err in exc.errors()]
        raise UserInputError("invalid configuration: " + "; ".join(lines)) from exc
    except SettingsError as exc:
        raise UserInputError("invalid configuration: " + _describe_source_error(exc)) from exc
    except UnicodeDecodeError as exc:  # only the .env file is decoded here
        where = f"byte 0x{exc.object[exc.start]:02x} at position {exc.start}"
        raise UserInputError(f"invalid configuration: .env is not UTF-8 text ({where})") from exc
