"""``briefbot`` as a user runs it: ``python -m bot.cli`` in a fresh process, awaited."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from pathlib import Path


async def run_briefbot(*args: str, cwd: Path, env: Mapping[str, str]) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of ``briefbot ARGS`` (two minutes at most)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        cwd=cwd,
        env=dict(env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()
