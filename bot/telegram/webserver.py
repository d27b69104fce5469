"""The HTTP server of a worker (aiohttp): the webhook Telegram posts to, ``/healthz``, ``/metrics``.

python-telegram-bot's own webhook server serves nothing but the webhook, so this one follows
its ``customwebhookbot`` example instead: our route takes Telegram's POST, checks the secret
token header, and stores the update in the database before it answers 2xx. Telegram retries
whatever it did not get a 2xx for, so an update is either stored or re-sent, never lost, and a
re-sent copy is recognised by its ``update_id`` and answered without being handled again. A
database that cannot be reached gets Telegram a 503: it sends the update again later. A body that
could never be stored (not JSON, nested deeper than any update, an ``update_id`` beyond 64 bits,
a value the database refuses) is answered 200 and dropped with one warning, or Telegram would
send it again for ever.

``/healthz`` answers 200 while the database answers, else 503 (a load balancer leaves the
worker out); ``/metrics`` is the Prometheus text format. In polling mode only those two are
served, on ``BRIEFBOT_TELEGRAM__METRICS_PORT``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.telegram.metrics import CONTENT_TYPE, PrometheusMeter
from errors import SourceError, StoreUnavailable
from ingest.json_limits import load_json
from store.timestamps import utcnow
from store.updates import UpdateRepository

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_ID = 2**63 - 1  # the column is a signed 64-bit integer
MIN_UPDATE_ID = -(2**63)
# What a database that cannot be reached raises (its driver's connection errors, mapped or not).
UNAVAILABLE = (StoreUnavailable, OSError, TimeoutError)
HEALTH_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts (``path``), the secret it sends, where updates go and whom to wake."""

    path: str
    secret: str
    updates: UpdateRepository
    stored: Callable[[], None]  # called after a new update was stored


class WebServer:
    """The routes of one worker; ``start`` binds ``listen:port`` (port 0: any free port)."""

    def __init__(
        self,
        *,
        listen: str,
        port: int,
        meter: PrometheusMeter,
        health: Callable[[], Awaitable[None]],
        webhook: Webhook | None = None,
    ) -> None:
        self._listen = listen
        self._port = port
        self._meter = meter
        self._health = health
        self._webhook = webhook
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        """The port bound (useful when started on port 0)."""
        if self._runner is None or not self._runner.addresses:
            return self._port
        return int(self._runner.addresses[0][1])

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        if self._webhook is not None:
            app.router.add_post("/" + self._webhook.path.lstrip("/"), self._receive)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()
        log.info(
            "http server listening listen=%s port=%d webhook=%s",
            self._listen,
            self.port,
            self._webhook is not None,
        )

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, _request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(self._health(), HEALTH_TIMEOUT_SECONDS)
        except Exception as exc:
            log.warning("health check failed: %s", type(exc).__name__)
            return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
        return web.json_response({"status": "ok", "database": "ok"})

    async def _metrics(self, _request: web.Request) -> web.Response:
        return web.Response(body=self._meter.render(), headers={"Content-Type": CONTENT_TYPE})

    async def _receive(self, request: web.Request) -> web.Response:
        hook = self._webhook
        assert hook is not None
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, hook.secret.encode()):
            self._meter.webhook_request("forbidden")
            return web.Response(status=403)
        update, problem = _parse(await request.read())
        if update is None:
            log.warning("webhook body dropped: %s", problem)
            self._meter.webhook_request("invalid")
            return web.Response(status=200)
        update_id = int(update["update_id"])
        try:
            new = await hook.updates.store(update_id, update, now=utcnow())
        except UNAVAILABLE as exc:  # Telegram sends it again later: nothing is lost
            log.warning("webhook update not stored update_id=%d: %s", update_id, type(exc).__name__)
            self._meter.webhook_request("unavailable")
            return web.Response(status=503)
        except Exception as exc:  # the database refused this update: it would be refused again
            log.warning("webhook update dropped update_id=%d: %s", update_id, type(exc).__name__)
            self._meter.webhook_request("invalid")
            return web.Response(status=200)
        self._meter.webhook_request("stored" if new else "duplicate")
        if new:
            hook.stored()
        else:
            log.info("webhook update already stored update_id=%s: a copy, ignored", update["update_id"])
        return web.Response(status=200)


def _parse(body: bytes) -> tuple[dict[str, Any] | None, str]:
    """The update in a webhook body, or None and why it is not one that can be stored."""
    try:
        data = load_json(body)
    except SourceError as exc:
        return None, str(exc)
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None, "not a Telegram update (no update_id)"
    if not MIN_UPDATE_ID <= data["update_id"] <= MAX_UPDATE_ID:
        return None, "update_id does not fit in 64 bits"
    return data, ""
