"""Page extraction in worker processes with a time limit: a page that takes too long is refused,
and its worker is killed (a thread could not be) and replaced, so its CPU is freed at once.

Workers are forked from a forkserver (never from the bot's own process, whose event loop and
threads a fork would copy) that has trafilatura imported already, so a new worker starts in
milliseconds. ``extract`` waits in a thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from errors import SourceError
from ingest.page_parsing import Page, serve
from ingest.types import ParsedArticle

logger = logging.getLogger(__name__)

_PRELOAD = ["trafilatura", "ingest.page_parsing"]
_KILL_WAIT = 5.0


class ExtractionTimeout(SourceError):
    """The page took longer than the limit to read; its worker was killed."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(_KILL_WAIT)
        self.process.close()


def _context() -> Any:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    return context


def _start_worker(context: Any) -> _Worker:
    parent, child = context.Pipe()
    process = context.Process(target=serve, args=(child,), name="briefbot-extract", daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent)


class _TimedOut(Exception):
    pass


def _round_trip(worker: _Worker, page: Page, timeout: float) -> tuple[str, Any]:
    worker.conn.send(page)
    if not worker.conn.poll(timeout):
        raise _TimedOut
    result: tuple[str, Any] = worker.conn.recv()
    return result


class ExtractionPool:
    """Up to ``workers`` extraction processes, started when first needed."""

    def __init__(self, workers: int, timeout_seconds: float) -> None:
        self._size = workers
        self._timeout = timeout_seconds
        self._context: Any = None
        self._idle: asyncio.Queue[_Worker] | None = None
        self._started = 0
        self._all: set[_Worker] = set()
        self._lock = asyncio.Lock()

    def worker_pids(self) -> list[int]:
        """The process ids of the live workers (for tests and figures)."""
        return [w.process.pid for w in self._all if w.process.pid is not None]

    async def _take(self) -> _Worker:
        async with self._lock:
            if self._idle is None:
                self._idle = asyncio.Queue()
                self._context = _context()
            if self._idle.empty() and self._started < self._size:
                self._started += 1
                worker = await asyncio.to_thread(_start_worker, self._context)
                self._all.add(worker)
                return worker
        return await self._idle.get()

    async def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        await asyncio.to_thread(worker.kill)
        fresh = await asyncio.to_thread(_start_worker, self._context)
        self._all.add(fresh)
        assert self._idle is not None
        self._idle.put_nowait(fresh)

    async def extract(self, page: Page) -> ParsedArticle:
        """The article of ``page``; raises SourceError when it has none or takes too long."""
        worker = await self._take()
        loop = asyncio.get_running_loop()
        work = loop.run_in_executor(None, _round_trip, worker, page, self._timeout)
        try:
            kind, value = await asyncio.shield(work)
        except _TimedOut:
            logger.warning("extraction timed out url=%s bytes=%d", page.url, len(page.data))
            await self._replace(worker)
            raise ExtractionTimeout(
                f"the page took too long to read (over {self._timeout:g} s); it was not stored"
            ) from None
        except (EOFError, OSError) as exc:
            logger.warning("extraction worker died url=%s error=%s", page.url, exc)
            await self._replace(worker)
            raise SourceError("the page could not be read (its reader stopped)") from exc
        except asyncio.CancelledError:
            work.add_done_callback(lambda done: done.cancelled() or done.exception())
            worker.kill()  # unblocks the waiting thread; a fresh worker takes its place
            self._all.discard(worker)
            self._started -= 1
            raise
        assert self._idle is not None
        self._idle.put_nowait(worker)
        if kind == "ok":
            article: ParsedArticle = value
            return article
        raise SourceError(str(value))

    async def aclose(self) -> None:
        """Stop every worker."""
        workers, self._all = list(self._all), set()
        for worker in workers:
            await asyncio.to_thread(worker.kill)
        self._idle, self._started = None, 0
