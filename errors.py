"""The one exception tree of briefbot.

    BriefbotError                 anything briefbot raises on purpose
    ├── UserInputError            the user's words or arguments cannot be used
    │   ├── UsageError            wrong arguments; carries the usage line and an example
    │   ├── QueryError            a topic query that cannot work (only exclusions, an open quote)
    │   ├── UnknownZone           a time zone no name, city or offset matches (with suggestions)
    │   ├── DigestLimit           a chat already holds the most digests allowed
    │   └── NoSuchDigest          a digest number the chat does not have (or it has none)
    ├── SourceError               a file, page or feed cannot be read or yields no article
    ├── SummarizerError           a summary or answer cannot be produced
    │   ├── LLMUnavailable        the LLM server is unreachable, times out, refuses, or is skipped
    │   │                         for a while (circuit breaker, a long Retry-After)
    │   ├── LLMReplyRejected      the LLM's reply was empty, malformed, or left nothing after the checks
    │   │   └── LLMReplyInterrupted  a stream that ended without a finish_reason (cut by the server)
    │   └── BudgetExceeded        a chat's or the bot's daily LLM token budget is spent
    ├── StoreError                the database cannot be opened, migrated, read or written
    │   ├── StoreUnavailable      it cannot be reached now (connection lost, pool or lock timeout):
    │   │                         the same work may succeed later
    │   └── StoreConflict         a write clashed with a row written meanwhile (a unique key)
    └── WorkerRefused             another process already does what this one was started for
                                  (polls the bot's token), so this one does not start

Third-party errors are mapped to these at the boundary (``raise ... from exc``): SQLAlchemy's at the
end of every store session (``store.engine.StoreSession``). User-facing text is made at the edge
(handlers, CLI, console) from these classes.
"""

from __future__ import annotations


class BriefbotError(Exception):
    """Base of every error briefbot raises on purpose."""


class UserInputError(BriefbotError):
    """Raised when a user's text or arguments cannot be used as given."""


class UsageError(UserInputError):
    """Raised for wrong command arguments; says how the command is used, with an example."""

    def __init__(self, problem: str, usage: str, example: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.usage = usage
        self.example = example

    def __str__(self) -> str:
        return f"{self.problem}\nUsage: {self.usage}\nExample: {self.example}"


class UnknownZone(UserInputError):
    """Raised by services for a time zone they cannot find; front ends word it with a usage line."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(f"unknown time zone {name!r}")
        self.name = name
        self.suggestions = suggestions


class DigestLimit(UserInputError):
    """Raised when a chat that holds ``limit`` digests asks for another."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"this chat already has {limit} digests")
        self.limit = limit


class NoSuchDigest(UserInputError):
    """Raised for digest ``number`` of a chat that has ``count`` (0: none); ``command`` asked."""

    def __init__(self, command: str, number: int, count: int) -> None:
        super().__init__(f"no digest {number} (the chat has {count})")
        self.command = command
        self.number = number
        self.count = count


class QueryError(UserInputError):
    """Raised for a topic query that cannot be searched; the message says what to change."""


class SourceError(BriefbotError):
    """Raised when a file, page or feed cannot be read or holds no usable article."""


class SummarizerError(BriefbotError):
    """Raised when a briefing, summary or answer cannot be produced."""


class LLMUnavailable(SummarizerError):
    """Raised when the LLM server cannot be reached, times out or refuses, after the SDK's retries.

    ``retry_after`` is the wait the server asked for, when it asked for one; ``skipped`` is True
    when no request was made at all because the circuit breaker is open.
    """

    def __init__(self, reason: str, *, retry_after: float | None = None, skipped: bool = False) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.skipped = skipped


class LLMReplyRejected(SummarizerError):
    """Raised when an LLM reply is empty, malformed, or keeps no sentence after the output checks."""


class LLMReplyInterrupted(LLMReplyRejected):
    """Raised when a streamed reply ends without a ``finish_reason``: the server broke it off
    (llama.cpp's server does so when another request waits)."""


class BudgetExceeded(SummarizerError):
    """Raised when a daily LLM token budget is spent; ``scope`` is ``"chat"`` or ``"daily"``."""

    def __init__(self, scope: str, *, spent: int, budget: int) -> None:
        super().__init__(f"{scope} LLM budget spent: {spent} of {budget} tokens")
        self.scope = scope
        self.spent = spent
        self.budget = budget


class StoreError(BriefbotError):
    """Raised when the database cannot be opened, migrated, read or written."""


class StoreUnavailable(StoreError):
    """Raised when the database cannot be reached now; the same work may succeed later."""


class StoreConflict(StoreError):
    """Raised when a write clashes with a row another session wrote meanwhile (a unique key)."""


class WorkerRefused(BriefbotError):
    """Raised when ``briefbot run`` may not start: another live process holds what it needs (the
    bot's polling lease, or webhook workers run where a poller would delete their webhook)."""
