"""A circuit breaker: after a few failed calls in a row, skip the LLM for a while.

Closed, it lets every call through and counts failures in a row. Open, it refuses calls until
its time is up; then it lets one trial call through (half-open): success closes it, failure
opens it again. A server asking to be left alone (a long Retry-After) opens it for that long.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)
MAX_OPEN_SECONDS = 3600.0


@dataclass
class CircuitBreaker:
    """Counts consecutive failures; ``allow`` says whether a call may be made now."""

    failures_to_open: int
    open_seconds: float
    clock: Callable[[], float] = time.monotonic
    _failures: int = 0
    _open_until: float | None = None
    _trial: bool = field(default=False, repr=False)

    def allow(self) -> bool:
        """True when a call may go out now; after the open time, one trial call at a time."""
        if self._open_until is None:
            return True
        if self.clock() < self._open_until or self._trial:
            return False
        self._trial = True
        return True

    def succeeded(self) -> None:
        if self._open_until is not None:
            log.info("llm circuit closed")
        self._failures = 0
        self._open_until = None
        self._trial = False

    def abandoned(self) -> None:
        """A call that ended neither way (cancelled): let the next trial through."""
        self._trial = False

    def failed(self, *, wait: float | None = None) -> None:
        """Count a failed call; ``wait`` (a server's Retry-After) opens the breaker at once."""
        self._failures += 1
        self._trial = False
        if wait is not None:
            self._open(min(wait, MAX_OPEN_SECONDS))
        elif self._failures >= self.failures_to_open or self._open_until is not None:
            self._open(self.open_seconds)

    def _open(self, seconds: float) -> None:
        self._open_until = self.clock() + seconds
        log.warning("llm circuit open seconds=%.0f failures=%d", seconds, self._failures)
