"""The Prometheus meter of ``briefbot run``: counters and histograms on a registry of its own.

Each worker process serves its own figures on ``/metrics``; Prometheus scrapes every worker and
sums them. The registry belongs to the meter, not to the module, so two bots in one test process
never share counts. ``briefbot_feed_polls_total`` and ``briefbot_feed_errors_total`` are
declared for the feed poller, which reports through ``Meter.feed_poll``.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.services.metrics import DIGEST_OUTCOMES, WEBHOOK_RESULTS, Meter
from summarizer.llm.checks import CheckTally

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Telegram round trips and handler runs: tens of milliseconds to tens of seconds (an LLM briefing).
SECONDS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class PrometheusMeter(Meter):
    """Counts what services report, for ``/metrics``."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self._updates = Counter(
            "briefbot_updates_handled", "Updates that went through the handlers", registry=r
        )
        self._update_seconds = Histogram(
            "briefbot_update_seconds", "Time the handlers took per update", buckets=SECONDS, registry=r
        )
        self._given_up = Counter(
            "briefbot_updates_given_up", "Stored updates dropped after too many attempts", registry=r
        )
        self._webhook = Counter(
            "briefbot_webhook_requests", "Webhook requests by result", ["result"], registry=r
        )
        self._digests = Counter("briefbot_digests", "Digests by outcome", ["outcome"], registry=r)
        self._send_seconds = Histogram(
            "briefbot_send_seconds", "Telegram's answer time per digest message", buckets=SECONDS, registry=r
        )
        self._llm_calls = Counter("briefbot_llm_calls", "LLM calls that returned", registry=r)
        self._llm_tokens = Counter("briefbot_llm_tokens", "LLM tokens used", ["kind"], registry=r)
        self._llm_sentences = Counter(
            "briefbot_llm_sentences",
            "Sentences of LLM replies the checks kept (and of those, re-cited), or dropped (by reason)",
            ["outcome"],
            registry=r,
        )
        self._feed_polls = Counter("briefbot_feed_polls", "Feed polls", registry=r)
        self._feed_errors = Counter("briefbot_feed_errors", "Feed polls that failed", registry=r)
        for outcome in DIGEST_OUTCOMES:  # every series shows from the start, at zero
            self._digests.labels(outcome)
        for result in WEBHOOK_RESULTS:
            self._webhook.labels(result)
        for kind in ("prompt", "completion"):
            self._llm_tokens.labels(kind)
        self._llm_sentences.labels("kept")

    def render(self) -> bytes:
        """The text exposition format of every metric."""
        return generate_latest(self.registry)

    def update_handled(self, seconds: float) -> None:
        self._updates.inc()
        self._update_seconds.observe(seconds)

    def update_given_up(self) -> None:
        self._given_up.inc()

    def webhook_request(self, result: str) -> None:
        self._webhook.labels(result).inc()

    def digest(self, outcome: str) -> None:
        self._digests.labels(outcome).inc()

    def message_sent(self, seconds: float) -> None:
        self._send_seconds.observe(seconds)

    def llm_call(self, tokens_in: int, tokens_out: int) -> None:
        self._llm_calls.inc()
        self._llm_tokens.labels("prompt").inc(tokens_in)
        self._llm_tokens.labels("completion").inc(tokens_out)

    def llm_checks(self, tally: CheckTally) -> None:
        self._llm_sentences.labels("kept").inc(tally.kept)
        self._llm_sentences.labels("re-cited").inc(tally.recited)  # of those kept
        for reason, count in tally.dropped.items():
            self._llm_sentences.labels(reason).inc(count)

    def feed_poll(self, *, failed: bool) -> None:
        self._feed_polls.inc()
        if failed:
            self._feed_errors.inc()
