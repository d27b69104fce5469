"""The LLM backend's settings: an OpenAI-compatible server, its budgets and its limits."""

from __future__ import annotations

import re

from pydantic import Field, SecretStr, ValidationInfo, field_validator

from config.fields import Group, blank_is_none, http_url

OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


class LLMSettings(Group):
    """An OpenAI-compatible server for briefings; with neither base URL nor key the offline
    summarizer serves.

    A key alone means OpenAI's endpoint and ``DEFAULT_OPENAI_MODEL``; a base URL (Ollama, vLLM,
    llama.cpp's server, …) needs the model it serves, and may go without a key.

    Time: a reply must start within ``first_token_seconds`` (local servers read the whole prompt
    first), pause no longer than ``chunk_gap_seconds`` between pieces, and end within
    ``deadline_seconds``; a call over any of them is cancelled, not retried. The SDK retries
    (``max_retries``) only refusals and connection errors, which come before any reply.
    """

    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = Field(default=None, validate_default=True)
    first_token_seconds: float = Field(default=60.0, gt=0, le=3600)
    chunk_gap_seconds: float = Field(default=30.0, gt=0, le=3600)
    deadline_seconds: float = Field(default=180.0, gt=0, le=7200)
    max_retries: int = Field(default=2, ge=0, le=10)
    stream: bool = True
    temperature: float = Field(default=0.2, ge=0, le=2)
    max_output_tokens: int = Field(default=600, ge=16, le=100_000)
    # Stories written at the same time for one briefing; unset: 2 for OpenAI's endpoint, 1 for any
    # other server (llama.cpp's breaks off a running reply when another request arrives).
    concurrency: int | None = Field(default=None, ge=1, le=16)
    # Daily token budgets (UTC days; prompt + completion tokens); 0 means no limit.
    chat_daily_tokens: int = Field(default=50_000, ge=0)
    daily_tokens: int = Field(default=2_000_000, ge=0)

    _blank = field_validator("base_url", "api_key", "model", mode="before")(blank_is_none)
    _url = field_validator("base_url")(http_url)

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
    def stories_at_once(self) -> int:
        """Stories written at the same time: the setting, else what the server is known to take."""
        if self.concurrency is not None:
            return self.concurrency
        return 2 if self.base_url is None or self.base_url.rstrip("/") == OPENAI_BASE_URL else 1

    @property
    def endpoint(self) -> str:
        """The base URL calls go to: the one configured, else OpenAI's."""
        return self.base_url or OPENAI_BASE_URL

    @property
    def shown_endpoint(self) -> str:
        """The endpoint as logs and messages may show it: without a user or password in it."""
        return re.sub(r"//[^/@\s]*@", "//***@", self.endpoint)
