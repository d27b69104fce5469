"""Settings that are no longer read: internal tuning now lives in code, beside what uses it, and
a few operator settings were replaced by finer ones (the README lists what is read).

An operator's ``.env`` may still set them; they are ignored with one warning (never an error),
so an upgrade does not stop the bot.
"""

from __future__ import annotations

from collections.abc import Iterable

PREFIX = "BRIEFBOT_"
# Whole groups that are gone (every variable under them), and single variables of kept groups.
RETIRED_GROUPS = frozenset({"SUMMARIZER"})
RETIRED_VARIABLES = frozenset(
    {
        *(
            f"QUESTIONS__{name}"
            for name in (
                "THREAD_TURNS",
                "SEARCH_PASSAGES",
                "CANDIDATE_ARTICLES",
                "CANDIDATE_POOL",
                "RARE_TERMS",
                "MAX_SENTENCES",
                "MIN_COVERAGE",
                "SIMILARITY_WEIGHT",
            )
        ),
        *(
            f"TELEGRAM__{name}"
            for name in (
                "UPDATE_ATTEMPTS",
                "UPDATE_CONCURRENCY",
                "INTERIM_AFTER_SECONDS",
                "STREAM_EDIT_SECONDS",
                "STREAM_EDIT_GROUP_SECONDS",
                "UPDATE_LEASE_SECONDS",
                "UPDATE_POLL_SECONDS",
            )
        ),
        *(
            f"FEEDS__{name}"
            for name in (
                "MIN_INTERVAL_SECONDS",
                "MAX_INTERVAL_SECONDS",
                "JITTER",
                "FAILING_AFTER",
                "FAILING_RETRY_SECONDS",
                "TEASER_WORDS",
                "MAX_ENTRIES",
                "CLAIM_BATCH",
                "LEASE_SECONDS",
                "TICK_SECONDS",
            )
        ),
        *(
            f"DIGEST__{name}"
            for name in (
                "MAX_WINDOW_DAYS",
                "FIRST_WINDOW_HOURS",
                "PACE_SPAN_SECONDS",
                "SEND_ATTEMPTS",
                "RETRY_BACKOFF_SECONDS",
                "FAILED_RETRY_SECONDS",
                "TICK_SECONDS",
                "CLAIM_BATCH",
                "LEASE_SECONDS",
                "HEARTBEAT_SECONDS",
                "SEND_CONCURRENCY",
                "CHAT_INTERVAL_SECONDS",
                "GROUP_INTERVAL_SECONDS",
            )
        ),
        *(
            f"LLM__{name}"
            for name in (
                "MAX_RETRY_AFTER_SECONDS",
                "CONTEXT_TOKENS",
                "CONDENSE_CHUNKS",
                "BREAKER_FAILURES",
                "BREAKER_SECONDS",
                "MIN_SUPPORT",
                "MIN_QUOTE_MATCH",
                "CACHE_ENTRIES",
                # replaced by FIRST_TOKEN_SECONDS, CHUNK_GAP_SECONDS and DEADLINE_SECONDS
                "TIMEOUT_SECONDS",
            )
        ),
        "INGEST__NEAR_DUPLICATE_THRESHOLD",
        "INGEST__FUTURE_TOLERANCE_HOURS",
        "STORE__BUSY_TIMEOUT_MS",
        "STORE__ECHO",  # SQL statements are logged at BRIEFBOT_LOG_LEVEL=DEBUG
        "RETENTION__BATCH",
    }
)


def retired_names(names: Iterable[str]) -> list[str]:
    """The retired variables among ``names`` (environment or .env), sorted, as spelled there."""
    found = []
    for name in names:
        upper = name.upper()
        if not upper.startswith(PREFIX):
            continue
        key = upper.removeprefix(PREFIX)
        group = key.split("__", 1)[0]
        if group in RETIRED_GROUPS or key in RETIRED_VARIABLES:
            found.append(name)
    return sorted(found)
