"""How the broadcast runs: its ticks, claims, leases and pace within one chat. Code, not settings.

What an operator sets is in ``DigestSettings`` (the default time, the grace window, the overall
send rate); these are tuned with the runner and Telegram's limits, and tests shorten them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DigestTuning:
    """How due digests are looked for, claimed and paced, and how often a bot says it is alive."""

    tick_seconds: float = 5.0  # how often a running bot looks for due digests
    # Digests claimed at a time, and how long a claim holds before another process may take it
    # over (renewed while its batch is being sent).
    claim_batch: int = 100
    lease_seconds: float = 120.0
    # Sends in flight at once: a crash may repeat at most this many digests (see the README).
    send_concurrency: int = 4
    # Telegram's limits within one chat: the gap between two messages to a private chat, a group.
    chat_interval_seconds: float = 1.0
    group_interval_seconds: float = 3.0
    # How often a running bot says it is alive; a polling worker's lease lasts three of these.
    heartbeat_seconds: float = 10.0
