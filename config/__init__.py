"""Settings for briefbot: one pydantic-settings tree, loaded once at the entry point."""

from config.llm import LLMSettings
from config.periodic import DigestSettings, FeedSettings, RetentionSettings
from config.settings import (
    IngestSettings,
    QuestionSettings,
    RateLimitSettings,
    Settings,
    StoreSettings,
    TelegramSettings,
    load_settings,
)

__all__ = [
    "DigestSettings",
    "FeedSettings",
    "IngestSettings",
    "LLMSettings",
    "QuestionSettings",
    "RateLimitSettings",
    "RetentionSettings",
    "Settings",
    "StoreSettings",
    "TelegramSettings",
    "load_settings",
]
