"""The one exception tree of briefbot.

    BriefbotError                 anything briefbot raises on purpose
    ├── UserInputError            the user's words or arguments cannot be used
    │   ├── UsageError            wrong arguments; carries the usage line and an example
    │   └── QueryError            a topic query that cannot work (only exclusions, an open quote)
    ├── SourceError               a file, page or feed cannot be read or yields no article
    ├── SummarizerError           a summary or answer cannot be produced
    │   ├── LLMUnavailable        the LLM server is unreachable, times out or answers garbage
    │   └── BudgetExceeded        the LLM token budget for the period is spent
    └── StoreError                the database cannot be opened, migrated or written

Third-party errors are mapped to these at the boundary (``raise ... from exc``); user-facing text is
made at the edge (handlers, CLI, console) from these classes.
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


class QueryError(UserInputError):
    """Raised for a topic query that cannot be searched; the message says what to change."""


class SourceError(BriefbotError):
    """Raised when a file, page or feed cannot be read or holds no usable article."""


class SummarizerError(BriefbotError):
    """Raised when a briefing, summary or answer cannot be produced."""


class LLMUnavailable(SummarizerError):
    """Raised when the LLM server cannot be reached, times out, or answers unusably."""


class BudgetExceeded(SummarizerError):
    """Raised when the configured LLM token budget is spent."""


class StoreError(BriefbotError):
    """Raised when the database cannot be opened, migrated or written."""
