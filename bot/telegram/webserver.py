"""The HTTP server of a worker (aiohttp): the webhook Telegram posts to, ``/healthz``, ``/metrics``.

python-telegram-bot's own webhook server serves nothing but the webhook, so this one follows
its ``customwebhookbot`` example instead: our route takes Telegram's POST, checks the secret
token header, and stores the update in the database before it answers 2xx. Telegram retries
whatever it did not get a 2xx for, so an update is either stored or re-sent, never lost, and a
re-sent copy is recognised by its ``update_id`` and answered without being handled again. A
database that cannot be reached gets Telegram a 503: it sends the update again later.

``/healthz`` answers 200 while the database answers, else 503 (a load balancer leaves the
worker out); ``/metrics`` is the Prometheus text format. In polling mode only those two are
served, on ``BRIEFBOT_TELEGRAM__METRICS_PORT``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.telegram.metrics import CONTENT_TYPE, PrometheusMeter
from store.timestamps import utcnow
from store.updates import UpdateRepository

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
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
        update = _parse(await request.read())
        if update is None:
            self._meter.webhook_request("invalid")
            return web.Response(status=400, text="not a Telegram update")
        try:
            new = await hook.updates.store(int(update["update_id"]), update, now=utcnow())
        except Exception as exc:  # Telegram sends it again later: nothing is lost
            log.warning("webhook update not stored update_id=%s: %s", update["update_id"], type(exc).__name__)
            self._meter.webhook_request("unavailable")
            return web.Response(status=503)
        self._meter.webhook_request("stored" if new else "duplicate")
        if new:
            hook.stored()
        else:
            log.info("webhook update already stored update_id=%s: a copy, ignored", update["update_id"])
        return web.Response(status=200)


def _parse(body: bytes) -> dict[str, Any] | None:
    """The update in a webhook body, or None when it is not one."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    return data
