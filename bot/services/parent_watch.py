"""A child process that dies with its parent, however the parent ends (``kill -9`` included).

A process pool's worker waits on a queue whose writing end it holds itself, so it never sees its
parent go; orphaned, it and multiprocessing's resource tracker (which waits for every holder of
its pipe) would run for good. On Linux the kernel sends the child SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread of the child watches its parent's pid.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0


def _kernel_kills_orphans() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; False where that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def die_with_parent(parent: int) -> None:
    """Make this (child) process end when the process ``parent`` does: a pool's initializer."""
    if not _kernel_kills_orphans():
        threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the kernel was asked
        os._exit(1)
