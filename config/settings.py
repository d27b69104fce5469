"""The settings tree: env vars prefixed ``BRIEFBOT_``, nested with ``__``, also read from ``.env``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from errors import UserInputError

DEFAULT_DB_PATH = Path("data") / "briefbot.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_SECRET_FIELDS = frozenset({"token", "api_key", "webhook_secret"})
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class _Group(BaseModel):
    """A settings group: infinite or NaN numbers are refused like any other wrong value."""

    model_config = ConfigDict(allow_inf_nan=False)


def _split_ids(value: Any) -> Any:
    """Accept ``"1, 2;3"``, ``"[1, 2]"`` or an empty string as well as a list for id lists."""
    if isinstance(value, str):
        parts = [part.strip() for part in re.split(r"[,;\s]+", value.strip().strip("[]"))]
        if not all(part.lstrip("-").isdigit() for part in parts if part):
            raise ValueError("use comma-separated numeric Telegram user ids, for example 12345,67890")
        return [int(part) for part in parts if part]
    if isinstance(value, int):
        return [value]
    return value


def _blank_is_none(value: Any) -> Any:
    """Treat ``NAME=`` (an empty or blank value, common in .env templates) as not set."""
    return None if isinstance(value, str) and not value.strip() else value


def _http_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// URL with a host")
    return value.strip()


class TelegramSettings(_Group):
    """How the bot talks to Telegram and who may use it."""

    token: SecretStr | None = None
    api_base_url: str = "https://api.telegram.org/bot"
    allowed_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Webhook workers: a stored update is held this long by the worker handling it (renewed while
    # its handlers run), tried at most update_attempts times, and up to update_concurrency at once
    # per worker; an idle worker looks for updates others left every update_poll_seconds.
    update_lease_seconds: float = Field(default=60.0, ge=1, le=3600)
    update_attempts: int = Field(default=3, ge=1, le=100)
    update_concurrency: int = Field(default=16, ge=1, le=1000)
    update_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    # /healthz and /metrics in polling mode (webhook mode serves them on the webhook's port).
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_listen: str = "127.0.0.1"
    interim_after_seconds: float = Field(default=1.0, ge=0.0, le=30.0)
    # A briefing being written grows in one message: at most one edit this often (Telegram's
    # limit for groups, about 20 messages a minute, counts edits too).
    stream_edit_seconds: float = Field(default=1.0, ge=0.0, le=60.0)
    stream_edit_group_seconds: float = Field(default=3.0, ge=0.0, le=60.0)

    _split = field_validator("allowed_users", "admins", mode="before")(_split_ids)
    _blank = field_validator("token", "webhook_url", "webhook_secret", "metrics_port", mode="before")(
        _blank_is_none
    )
    _urls = field_validator("api_base_url", "webhook_url")(_http_url)

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram refuses setWebhook with any other secret_token, so say so before starting.
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 letters, digits, _ or - (Telegram allows nothing else)")
        return value


class RateLimitSettings(_Group):
    """Per-chat limits on the expensive work (briefings, questions): a token bucket.

    A chat may spend ``burst`` requests at once; the bucket refills at ``requests`` per
    ``per_seconds``. With the defaults a briefing and ten follow-ups in two minutes all pass,
    and a chat sending 60 requests in a minute is refused after about 22.
    """

    requests: int = Field(default=10, ge=1, le=1000)
    per_seconds: float = Field(default=60.0, gt=0, le=86400)
    burst: int = Field(default=12, ge=1, le=1000)


class QuestionSettings(_Group):
    """Follow-up questions: threads, retrieval, the answerer's threshold and the optional embeddings."""

    # A thread idle for longer is not continued: a reply to it is answered from the whole store.
    thread_idle_hours: float = Field(default=24.0, gt=0, le=24 * 365)
    thread_turns: int = Field(default=4, ge=1, le=50)  # turns a thread remembers
    search_passages: int = Field(default=150, ge=1, le=1000)  # passages BM25 hands to the answerer
    candidate_articles: int = Field(default=8, ge=1, le=100)  # of the whole store, besides the thread's
    # Articles BM25 proposes (besides those of the question's rarest words) before they are ranked
    # by how much of the question they hold.
    candidate_pool: int = Field(default=40, ge=1, le=500)
    rare_terms: int = Field(default=3, ge=0, le=10)  # the question's rarest words, each searched alone
    max_sentences: int = Field(default=3, ge=1, le=3)
    # Share of the question (idf-weighted) the best sentence and its context must cover, else no answer.
    min_coverage: float = Field(default=0.4, ge=0, le=1)
    # Local embeddings (the `embeddings` extra): auto uses them when installed.
    embeddings: Literal["auto", "on", "off"] = "auto"
    similarity_weight: float = Field(default=0.4, ge=0, le=5)
    # With an LLM: a second call asks whether each answer sentence is supported by its passages
    # (the lexical and number checks always run).
    llm_verify: bool = False


class StoreSettings(_Group):
    """Where articles, subscriptions and the rest are kept."""

    url: str = f"sqlite+aiosqlite:///{DEFAULT_DB_PATH}"
    echo: bool = False
    busy_timeout_ms: int = Field(default=5000, ge=0, le=600_000)
    # PostgreSQL: connections each worker keeps open, and how many more it may open at a peak.
    pool_size: int = Field(default=10, ge=1, le=500)
    pool_overflow: int = Field(default=10, ge=0, le=500)

    @field_validator("url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value


OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


class LLMSettings(_Group):
    """An OpenAI-compatible server for briefings; with neither base URL nor key the offline
    summarizer serves.

    A key alone means OpenAI's endpoint and ``DEFAULT_OPENAI_MODEL``; a base URL (Ollama, vLLM,
    llama.cpp's server, …) needs the model it serves, and may go without a key. The SDK retries
    (``max_retries``, ``timeout_seconds`` a try); with the defaults the worst case, 3 tries of 8 s
    plus the SDK's 0.5-1 s waits between them, stays under 30 s.
    """

    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = Field(default=None, validate_default=True)
    timeout_seconds: float = Field(default=8.0, gt=0, le=600)
    max_retries: int = Field(default=2, ge=0, le=10)
    # A server asking to wait longer than this (Retry-After) is skipped at once, for that long.
    max_retry_after_seconds: float = Field(default=5.0, ge=0, le=120)
    stream: bool = True
    temperature: float = Field(default=0.2, ge=0, le=2)
    # Prompt passages of one story, in estimated tokens; a longer story is condensed map-reduce
    # style over at most condense_chunks windows of this size.
    context_tokens: int = Field(default=6000, ge=256, le=1_000_000)
    condense_chunks: int = Field(default=3, ge=1, le=20)
    max_output_tokens: int = Field(default=600, ge=16, le=100_000)
    # Stories written at the same time for one briefing.
    concurrency: int = Field(default=2, ge=1, le=16)
    # Circuit breaker: after this many failed calls in a row, skip the LLM for breaker_seconds.
    breaker_failures: int = Field(default=3, ge=1, le=100)
    breaker_seconds: float = Field(default=60.0, gt=0, le=86400)
    # Daily token budgets (UTC days; prompt + completion tokens); 0 means no limit.
    chat_daily_tokens: int = Field(default=50_000, ge=0)
    daily_tokens: int = Field(default=2_000_000, ge=0)
    # Output checks: share of a sentence's content words its cited passages must contain, and
    # share of a quote (other-language briefings) that must be found word for word in its passage.
    min_support: float = Field(default=0.65, ge=0, le=1)
    min_quote_match: float = Field(default=0.8, ge=0, le=1)
    cache_entries: int = Field(default=20_000, ge=100, le=10_000_000)

    _blank = field_validator("base_url", "api_key", "model", mode="before")(_blank_is_none)
    _url = field_validator("base_url")(_http_url)

    @field_validator("model")
    @classmethod
    def _model_for_server(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            return value.strip()
        if info.data.get("base_url"):
            raise ValueError(
                "required when BRIEFBOT_LLM__BASE_URL is set: the name of a model that server serves"
            )
        return DEFAULT_OPENAI_MODEL if info.data.get("api_key") is not None else None

    @property
    def enabled(self) -> bool:
        return bool(self.base_url) or self.api_key is not None

    @property
    def endpoint(self) -> str:
        """The base URL calls go to: the one configured, else OpenAI's."""
        return self.base_url or OPENAI_BASE_URL

    @property
    def shown_endpoint(self) -> str:
        """The endpoint as logs and messages may show it: without a user or password in it."""
        return re.sub(r"//[^/@\s]*@", "//***@", self.endpoint)


class IngestSettings(_Group):
    """Limits on what is fetched and stored."""

    allow_private_networks: bool = False
    max_file_bytes: int = Field(default=10_000_000, ge=1_000, le=1_000_000_000)
    max_article_chars: int = Field(default=200_000, ge=1_000, le=10_000_000)
    min_article_chars: int = Field(default=40, ge=1, le=10_000)
    fetch_timeout_seconds: float = Field(default=15.0, gt=0, le=300)
    near_duplicate_threshold: float = Field(default=0.85, ge=0.0, le=1.0)
    # Each article's raw source (page, file, record) is kept compressed up to this size; 0 keeps none.
    max_source_bytes: int = Field(default=2_000_000, ge=0, le=1_000_000_000)
    # A publication date further ahead than this is a mistake (time zones differ by up to 14 h).
    future_tolerance_hours: float = Field(default=24.0, ge=0, le=24 * 365)
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


class FeedSettings(_Group):
    """Polling feeds: how often, how politely, and what to do with teasers and failures."""

    # Each feed's own interval starts here; Cache-Control max-age and Retry-After move it within
    # [min_interval_seconds, max_interval_seconds], and each poll is moved by up to ±jitter of it.
    interval_seconds: float = Field(default=1800.0, gt=0, le=7 * 86400)
    min_interval_seconds: float = Field(default=300.0, gt=0, le=7 * 86400)
    max_interval_seconds: float = Field(default=86400.0, gt=0, le=30 * 86400)
    jitter: float = Field(default=0.1, ge=0, le=0.5)
    tick_seconds: float = Field(default=30.0, gt=0, le=3600)
    # Feeds polled at the same time, claimed at a time, and how long a claim holds.
    concurrency: int = Field(default=4, ge=1, le=64)
    claim_batch: int = Field(default=20, ge=1, le=10_000)
    lease_seconds: float = Field(default=600.0, gt=0, le=86400)
    # After this many failed polls in a row a feed is marked failing (listed with its last error)
    # and retried every failing_retry_seconds; it is never dropped.
    failing_after: int = Field(default=5, ge=1, le=1000)
    failing_retry_seconds: float = Field(default=21600.0, gt=0, le=30 * 86400)
    # An entry with fewer words than this is a teaser: its linked page is fetched (per feed: off).
    teaser_words: int = Field(default=80, ge=0, le=10_000)
    fetch_teasers: bool = True
    max_feed_bytes: int = Field(default=5_000_000, ge=1_000, le=1_000_000_000)
    max_entries: int = Field(default=200, ge=1, le=100_000)

    @field_validator("max_interval_seconds")
    @classmethod
    def _above_min(cls, value: float, info: ValidationInfo) -> float:
        low = info.data.get("min_interval_seconds")
        if low is not None and value < low:
            raise ValueError(f"must be at least BRIEFBOT_FEEDS__MIN_INTERVAL_SECONDS ({low:g})")
        return value


class RetentionSettings(_Group):
    """How long stored articles are kept (counted from when they were stored)."""

    # Articles stored longer ago are pruned with what is derived from them; 0 keeps them for ever.
    article_days: float = Field(default=90.0, ge=0, le=365 * 100)
    batch: int = Field(default=500, ge=1, le=100_000)
    # Conversation threads idle this long are deleted (a reply to an expired one is answered afresh).
    thread_days: float = Field(default=30.0, gt=0, le=365 * 10)


class SummarizerSettings(_Group):
    """Weights and budgets of the offline extractive summarizer and the briefing builder."""

    position_weight: float = Field(default=1.0, ge=0)
    centrality_weight: float = Field(default=1.0, ge=0)
    title_weight: float = Field(default=0.6, ge=0)
    # A heading lends its words to the sentences under it (never a sentence itself).
    heading_weight: float = Field(default=0.3, ge=0)
    mmr_lambda: float = Field(default=0.7, ge=0, le=1)
    story_similarity: float = Field(default=0.2, ge=0, le=1)
    # Dense TF-IDF rows and a doc-by-doc matrix per briefing: memory grows with the square of this.
    max_candidates: int = Field(default=200, ge=1, le=1000)
    max_stories: int = Field(default=5, ge=1, le=50)
    sentences_per_story: int = Field(default=2, ge=1, le=10)
    summary_sentences: int = Field(default=3, ge=1, le=100)
    # Scoring of single articles and stories (tuned on the development split of bench/quality.py).
    position_half_life: float = Field(default=4.0, gt=0, le=1000)
    # Above this share of the article's sentences, the half-life grows as (share/position_share)**exponent.
    position_share: float = Field(default=0.25, ge=0.01, le=1)
    position_share_exponent: float = Field(default=8.0, ge=0, le=50)
    redundancy: float = Field(default=0.6, ge=0, le=1)
    long_sentence_words: int = Field(default=40, ge=0, le=1000)
    agreement_weight: float = Field(default=0.5, ge=0)
    agreement_similarity: float = Field(default=0.45, ge=0, le=1)
    min_sentence_words: int = Field(default=5, ge=1, le=100)
    max_sentences: int = Field(default=400, ge=10, le=100_000)
    # Briefings: story ranking and size per Length (normal uses max_stories/sentences_per_story).
    # A story's summary reads its most representative articles, each up to this many sentences.
    story_max_docs: int = Field(default=10, ge=1, le=1000)
    story_doc_sentences: int = Field(default=12, ge=1, le=1000)
    # In a briefing's story, position counts paragraphs (the score halves every this many) and
    # weighs more: a short story tells what happened and what followed, from the top.
    story_paragraph_half_life: float = Field(default=2.0, gt=0, le=1000)
    story_position_weight: float = Field(default=2.0, ge=0)
    sources_weight: float = Field(default=1.0, ge=0)
    recency_weight: float = Field(default=0.5, ge=0)
    relevance_weight: float = Field(default=0.5, ge=0)
    recency_half_life_hours: float = Field(default=24.0, gt=0)
    short_stories: int = Field(default=3, ge=1, le=50)
    long_stories: int = Field(default=8, ge=1, le=50)
    short_sentences: int = Field(default=1, ge=1, le=10)
    long_sentences: int = Field(default=3, ge=1, le=10)
    # A briefing of at most this many stories gives each more sentences (what happened, its main
    # consequence, who reacted): the *_few_* counts per length.
    few_stories: int = Field(default=2, ge=0, le=50)
    short_few_sentences: int = Field(default=2, ge=1, le=10)
    normal_few_sentences: int = Field(default=4, ge=1, le=10)
    long_few_sentences: int = Field(default=6, ge=1, le=10)


class DigestSettings(_Group):
    """Daily digests: defaults and limits for subscribers, and how the broadcast is paced."""

    default_time: str = "08:00"
    max_per_chat: int = Field(default=10, ge=1, le=100)
    # With nothing new since the last digest: send one short line (true) or nothing (false).
    send_when_empty: bool = True
    # A slot missed while the bot was down is still sent within this many hours; older ones are skipped.
    grace_hours: float = Field(default=6.0, ge=0, le=24 * 7)
    # No digest covers more than this, however long the pause, block or downtime before it.
    max_window_days: float = Field(default=7.0, gt=0, le=365)
    first_window_hours: float = Field(default=24.0, gt=0, le=24 * 365)
    tick_seconds: float = Field(default=5.0, gt=0, le=3600)
    # Sends in flight at once; a crash may repeat at most this many digests (see README).
    send_concurrency: int = Field(default=4, ge=1, le=64)
    # Messages per second over all chats and all workers, below Telegram's ~30/s so interactive
    # replies keep room; workers take turns in spans of this many seconds of that pace.
    send_rate: float = Field(default=25.0, gt=0, le=100_000)
    pace_span_seconds: float = Field(default=0.25, gt=0, le=60)
    chat_interval_seconds: float = Field(default=1.0, ge=0, le=60)
    group_interval_seconds: float = Field(default=3.0, ge=0, le=600)
    claim_batch: int = Field(default=100, ge=1, le=10_000)
    lease_seconds: float = Field(default=120.0, gt=0, le=86400)
    send_attempts: int = Field(default=3, ge=1, le=20)
    retry_backoff_seconds: float = Field(default=1.0, ge=0, le=600)
    # A slot whose send finally failed is tried again at a later tick, after this (doubling) delay.
    failed_retry_seconds: float = Field(default=60.0, ge=0, le=86400)
    heartbeat_seconds: float = Field(default=10.0, gt=0, le=3600)

    @field_validator("default_time")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        found = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
            raise ValueError("must be a time of day as HH:MM, from 00:00 to 23:59")
        return f"{int(found.group(1)):02d}:{found.group(2)}"


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
    summarizer: SummarizerSettings = Field(default_factory=SummarizerSettings)
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


def load_settings(**overrides: Any) -> Settings:
    """Load the settings once; a wrong value raises one readable line naming each variable."""
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
