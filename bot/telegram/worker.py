"""One ``briefbot run`` process, from start to a clean stop, polling or as one of N webhook workers.

Polling (the default): the worker holds the token's polling lease, polls getUpdates, and serves
``/healthz`` and ``/metrics`` on the metrics port when one is set. Webhook
(``BRIEFBOT_TELEGRAM__WEBHOOK_URL``): any number of identical workers sit behind one HTTPS
endpoint; each serves the webhook route, ``/healthz`` and ``/metrics`` on the webhook port,
stores what Telegram posts, and handles its share of the stored updates (``UpdateWorker``).
Either way the periodic ticks (digests, heartbeat, retention) run on the JobQueue's scheduler.

The lifecycle is python-telegram-bot's own (initialize, post_init, start … stop, post_stop,
shutdown, post_shutdown), driven here instead of by ``run_polling``/``run_webhook`` so that our
web server, the update worker and the lease start and stop in the right places around it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from bot.services.wiring import Services
from bot.telegram.app import BotApplication
from bot.telegram.metrics import PrometheusMeter
from bot.telegram.polling_lease import PollingLease, gone
from bot.telegram.update_worker import UpdateTuning, UpdateWorker
from bot.telegram.webserver import Webhook, WebServer
from config import Settings
from errors import WorkerRefused
from store.heartbeats import WEBHOOK

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
WEBHOOKS_RUN = (
    "webhook workers are running for this bot: a polling worker would delete their webhook; "
    "stop them first, or start this one with BRIEFBOT_TELEGRAM__WEBHOOK_URL as well"
)


def webhook_secret(settings: Settings) -> str:
    """The secret Telegram must send: the configured one, else one derived from the token, so
    every worker of a bot checks the same secret without it being configured."""
    telegram = settings.telegram
    if telegram.webhook_secret is not None:
        return telegram.webhook_secret.get_secret_value()
    assert telegram.token is not None
    material = b"briefbot webhook secret\0" + telegram.token.get_secret_value().encode()
    return hashlib.sha256(material).hexdigest()


class Worker:
    """Runs the application until a stop signal, then stops every part in order."""

    def __init__(
        self,
        application: BotApplication,
        services: Services,
        settings: Settings,
        meter: PrometheusMeter,
        *,
        holder_gone: Callable[[str], bool] = gone,
        updates: UpdateTuning | None = None,
    ) -> None:
        self._app = application
        self._services = services
        self._settings = settings
        self._meter = meter
        self._update_tuning = updates
        telegram = settings.telegram
        assert telegram.token is not None
        self._webhook_url = telegram.webhook_url
        self._owner = services.digests.owner
        self._lease = PollingLease(
            services.store.leases,
            telegram.token.get_secret_value(),
            self._owner,
            seconds=3 * services.digests.tuning.heartbeat_seconds,
            is_gone=holder_gone,
        )
        self._stop = asyncio.Event()
        self.running = asyncio.Event()  # set once updates are being received
        self._lost_to: str | None = None
        self.server: WebServer | None = None
        self.updates: UpdateWorker | None = None

    def stop(self) -> None:
        self._stop.set()

    async def run(self, *, handle_signals: bool = True) -> None:
        """Serve until stopped (SIGINT, SIGTERM or ``stop``); raises WorkerRefused when another
        process holds what this one needs."""
        loop = asyncio.get_running_loop()
        signals = STOP_SIGNALS if handle_signals else ()
        for sig in signals:
            loop.add_signal_handler(sig, self._stop.set)
        try:
            try:
                await self._claim_mode()
            except BaseException:
                await _call(self._app.post_shutdown, self._app)  # close the services
                raise
            await self._serve()
        finally:
            for sig in signals:
                loop.remove_signal_handler(sig)
        if self._lost_to is not None:
            raise WorkerRefused(f"another worker ({self._lost_to}) took over polling this bot; stopped")

    async def _claim_mode(self) -> None:
        if self._webhook_url is not None:
            holder = await self._lease.held_elsewhere()
            if holder is not None:
                raise WorkerRefused(
                    f"a worker polls this bot ({holder.owner}): setting a webhook would cut it off; "
                    "stop it first, or run every worker with BRIEFBOT_TELEGRAM__WEBHOOK_URL"
                )
            return
        others = await self._services.digests.alive(WEBHOOK)
        if others:
            raise WorkerRefused(WEBHOOKS_RUN)
        await self._lease.take()

    async def _serve(self) -> None:
        app = self._app
        try:
            await app.initialize()
        except BaseException:
            if self._webhook_url is None:
                await self._lease.release()
            await _call(app.post_shutdown, app)
            raise
        tasks: list[asyncio.Task[Any]] = []
        try:
            await _call(app.post_init, app)
            await self._connect()
            await app.start()
            await self._start_server()
            if self._webhook_url is None:
                tasks.append(asyncio.create_task(self._lease.keep(self._lost), name="polling-lease"))
            mode = "webhook" if self._webhook_url else "polling"
            log.info("worker running owner=%s mode=%s", self._owner, mode)
            self.running.set()
            await self._stop.wait()
        finally:
            log.info("worker stopping owner=%s", self._owner)
            await self._shutdown(tasks)

    async def _connect(self) -> None:
        """Start receiving updates: set the webhook, or start polling."""
        app, telegram = self._app, self._settings.telegram
        if self._webhook_url is not None:
            log.info("setting webhook listen=%s port=%d", telegram.webhook_listen, telegram.webhook_port)
            await app.bot.set_webhook(self._webhook_url, secret_token=webhook_secret(self._settings))
            return
        assert app.updater is not None
        log.info("starting polling base_url=%s", telegram.api_base_url)
        await app.updater.start_polling()

    async def _start_server(self) -> None:
        telegram, store = self._settings.telegram, self._services.store
        webhook = None
        if self._webhook_url is not None:
            self.updates = UpdateWorker(
                self._app, store.updates, owner=self._owner, meter=self._meter, tuning=self._update_tuning
            )
            # Served on the public URL's path, so a reverse proxy can forward it unchanged.
            path = urlsplit(self._webhook_url).path or "/"
            webhook = Webhook(path, webhook_secret(self._settings), store.updates, self.updates.wake)
            listen, port = telegram.webhook_listen, telegram.webhook_port
        elif telegram.metrics_port is not None:
            listen, port = telegram.metrics_listen, telegram.metrics_port
        else:
            return
        self.server = WebServer(
            listen=listen, port=port, meter=self._meter, health=store.ping, webhook=webhook
        )
        await self.server.start()
        if self.updates is not None:
            self.updates.start()

    def _lost(self, owner: str) -> None:
        log.error("polling lease lost to owner=%s; stopping", owner)
        self._lost_to = owner
        self._stop.set()

    async def _shutdown(self, tasks: list[asyncio.Task[Any]]) -> None:
        """Stop in order: no new updates in, the updates taken finished or handed back, polling
        and the application stopped, the ticks (a digest run hands back its claims), then close."""
        app = self._app
        if self.server is not None:
            await self.server.stop()
        if self.updates is not None:
            await self.updates.stop()
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await _call(app.post_stop, app)
        if self._webhook_url is None:
            await self._lease.release()  # before the store closes (post_shutdown)
        await app.shutdown()
        await _call(app.post_shutdown, app)


async def _call(hook: Any, app: BotApplication) -> None:
    if hook is not None:
        await hook(app)
