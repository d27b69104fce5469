"""What the bot counts for its operator: the events services report, without knowing Prometheus.

Services take a ``Meter`` and call it as things happen. This base class counts nothing, so the
console and the CLI pay nothing for it; ``briefbot run`` passes the Prometheus meter of
``bot.telegram.metrics``, served on ``/metrics``.
"""

from __future__ import annotations

from summarizer.llm.checks import CheckTally

# Digest outcomes, as the digest runner reports them.
DIGEST_OUTCOMES = ("sent", "empty", "skipped", "failed", "blocked")
# What a webhook did with a request: stored a new update, ignored a copy, refused or rejected it.
WEBHOOK_RESULTS = ("stored", "duplicate", "forbidden", "invalid", "unavailable")


class Meter:
    """Counts nothing; the Prometheus meter overrides every method."""

    def update_handled(self, seconds: float) -> None:
        """An update went through the handlers, taking ``seconds``."""

    def update_given_up(self) -> None:
        """A stored update failed too often and will not be tried again."""

    def webhook_request(self, result: str) -> None:
        """A webhook request was answered; ``result`` is one of WEBHOOK_RESULTS."""

    def digest(self, outcome: str) -> None:
        """A claimed digest ended; ``outcome`` is one of DIGEST_OUTCOMES."""

    def message_sent(self, seconds: float) -> None:
        """Telegram answered one digest message after ``seconds``."""

    def llm_call(self, tokens_in: int, tokens_out: int) -> None:
        """An LLM call returned, using these tokens."""

    def llm_checks(self, tally: CheckTally) -> None:
        """The output checks read an LLM reply: its sentences kept, and dropped by reason."""

    def feed_poll(self, *, failed: bool) -> None:
        """A feed was polled (``failed``: it could not be read)."""
