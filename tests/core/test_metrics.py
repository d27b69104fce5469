"""What /metrics counts: every series there from the start, and the services' events added up."""

from __future__ import annotations

from bot.services.usage import DIGESTS, UsageService
from bot.telegram.metrics import PrometheusMeter
from summarizer.llm.client import TokenUsage


def test_every_series_is_there_at_zero_before_anything_happened():
    rendered = PrometheusMeter().render().decode()

    for line in (
        "briefbot_updates_handled_total 0.0",
        "briefbot_updates_given_up_total 0.0",
        'briefbot_webhook_requests_total{result="duplicate"} 0.0',
        'briefbot_digests_total{outcome="sent"} 0.0',
        'briefbot_digests_total{outcome="failed"} 0.0',
        "briefbot_llm_calls_total 0.0",
        'briefbot_llm_tokens_total{kind="prompt"} 0.0',
        'briefbot_llm_sentences_total{outcome="kept"} 0.0',
        "briefbot_feed_polls_total 0.0",
        "briefbot_feed_errors_total 0.0",
        "briefbot_send_seconds_count 0.0",
    ):
        assert line in rendered


async def test_llm_calls_and_tokens_are_counted_as_they_are_charged(services):
    meter = PrometheusMeter()
    usage = UsageService(services.store, services.settings.llm, meter=meter)

    await usage.charge(DIGESTS, TokenUsage(prompt=120, completion=30), model="m")
    await usage.charge(DIGESTS, TokenUsage(prompt=80, completion=20), model="m")

    rendered = meter.render().decode()
    assert "briefbot_llm_calls_total 2.0" in rendered
    assert 'briefbot_llm_tokens_total{kind="prompt"} 200.0' in rendered
    assert 'briefbot_llm_tokens_total{kind="completion"} 50.0' in rendered


def test_feed_polls_and_their_errors_and_send_times_add_up():
    meter = PrometheusMeter()

    meter.feed_poll(failed=False)
    meter.feed_poll(failed=True)
    meter.message_sent(0.04)
    meter.update_handled(0.2)

    rendered = meter.render().decode()
    assert "briefbot_feed_polls_total 2.0" in rendered
    assert "briefbot_feed_errors_total 1.0" in rendered
    assert 'briefbot_send_seconds_bucket{le="0.05"} 1.0' in rendered
    assert "briefbot_update_seconds_count 1.0" in rendered
