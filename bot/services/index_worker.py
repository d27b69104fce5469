"""A worker process that works out the next batch's index texts while a bulk import writes this one.

Cutting articles into passages and stemming them is CPU work of about a third of an import; in
the importing process it would wait behind the database writes. One process, started for large
imports only (its start costs about half a second), takes it over. Should it fail, the batch is
indexed in the importing process as usual: nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from blocks import Block
from bot.services.parent_watch import die_with_parent
from store.index_texts import IndexTexts, PassageCutter, prepare_many

log = logging.getLogger(__name__)

Prepared = asyncio.Future[list[IndexTexts]]


class IndexWorker:
    """Prepares ``(title, standfirst, text, blocks)`` batches in one spawned process."""

    def __init__(self, cutter: PassageCutter) -> None:
        self._cutter = cutter
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, articles: Sequence[tuple[str, str, str, tuple[Block, ...]]]) -> Prepared:
        if self._pool is None:
            # spawn, not fork: the importing process runs an event loop and database threads.
            # The worker dies with this process, even killed (then the resource tracker ends too).
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            )
        return asyncio.wrap_future(self._pool.submit(prepare_many, list(articles), self._cutter))

    @staticmethod
    async def result(prepared: Prepared, count: int) -> list[IndexTexts] | None:
        """The batch's texts, or None when the worker failed (the store then works them out)."""
        try:
            texts = await prepared
        except Exception as exc:  # a broken or killed worker process
            log.warning("index worker failed articles=%d error=%s; indexing in process", count, exc)
            return None
        return texts if len(texts) == count else None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
