"""Settings for briefbot: one pydantic-settings tree, loaded once at the entry point."""

from config.settings import (
    DigestSettings,
    FeedSettings,
    IngestSettings,
    LLMSettings,
    QuestionSettings,
    RateLimitSettings,
    RetentionSettings,
    Settings,
    StoreSettings,
    SummarizerSettings,
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
    "SummarizerSettings",
    "TelegramSettings",
    "load_settings",
]
