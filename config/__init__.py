"""Settings for briefbot: one pydantic-settings tree, loaded once at the entry point."""

from config.settings import (
    DigestSettings,
    IngestSettings,
    LLMSettings,
    QuestionSettings,
    RateLimitSettings,
    Settings,
    StoreSettings,
    SummarizerSettings,
    TelegramSettings,
    load_settings,
)

__all__ = [
    "DigestSettings",
    "IngestSettings",
    "LLMSettings",
    "QuestionSettings",
    "RateLimitSettings",
    "Settings",
    "StoreSettings",
    "SummarizerSettings",
    "TelegramSettings",
    "load_settings",
]
