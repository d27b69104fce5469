"""Fresh `briefbot` processes load only what their command needs (start-up stays fast)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.services.library import DEMO_CORPUS

# Slow imports no offline --help or brief may pay for: page extraction, HTTP clients,
# Telegram, the LLM SDK, migrations, the worker's web server and metrics, PostgreSQL's driver and
# dialect, and what feeds and bulk imports use (feed parsing, JSON streaming, the progress bar).
HEAVY = (
    "trafilatura",
    "telegram",
    "httpx",
    "httpx2",
    "openai",
    "alembic",
    "aiohttp",
    "prometheus_client",
    "asyncpg",
    "sqlalchemy.dialects.postgresql",
    "feedparser",
    "ijson",
    "rich",
)


# `briefbot ARGS` that writes the modules it loaded to the file named first, when it exits.
RECORDING = (
    "import atexit, sys\n"
    "record = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(record, 'w', encoding='utf-8').write('\\n'.join(sorted(sys.modules))))\n"
    "from bot.cli import main\n"
    "sys.exit(main())\n"
)


def user_env(folder: Path) -> dict[str, str]:
    """The environment of a user whose data folder (the default store) lies in ``folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env["XDG_DATA_HOME"] = str(folder / "user-data")
    return env


def loaded_by(args: list[str], cwd: Path) -> set[str]:
    """Top-level packages a fresh `briefbot ARGS` had imported when it exited."""
    record = cwd / "modules.txt"
    env = user_env(cwd)
    # The default install: the optional embeddings extra (which loads torch and an HTTP client
    # through huggingface-hub) is off here even where it happens to be installed.
    env["BRIEFBOT_QUESTIONS__EMBEDDINGS"] = "off"
    done = subprocess.run(
        [sys.executable, "-c", RECORDING, str(record), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return {name.split(".")[0] for name in record.read_text().split()}


@pytest.fixture(scope="module")
def current_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose user's database is migrated and holds the demo corpus."""
    folder = tmp_path_factory.mktemp("startup")
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", str(DEMO_CORPUS)],
        cwd=folder,
        env=user_env(folder),
        check=True,
        timeout=120,
    )
    return folder


def test_help_loads_no_heavy_package(tmp_path: Path) -> None:
    loaded = loaded_by(["--help"], tmp_path)
    assert not loaded & set(HEAVY)
    assert not loaded & {"config", "store", "summarizer", "sqlalchemy", "pydantic"}


def test_brief_on_a_current_database_loads_no_heavy_package(current_database: Path) -> None:
    loaded = loaded_by(["brief"], current_database)
    assert "store" in loaded and "summarizer" in loaded  # it did brief
    assert not loaded & set(HEAVY)


def test_ask_on_a_current_database_loads_no_heavy_package(current_database: Path) -> None:
    loaded = loaded_by(["ask", "how many customers were affected?"], current_database)
    assert not loaded & set(HEAVY)


async def _loaded_by_async(args: list[str], cwd: Path, env: dict[str, str]) -> set[str]:
    """Like ``loaded_by``, without blocking the event loop (the LLM server runs on it)."""
    import asyncio

    record = cwd / "modules.txt"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        RECORDING,
        str(record),
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    return {name.split(".")[0] for name in record.read_text().split()}


async def test_with_an_llm_openai_is_imported_only_when_a_call_is_made(
    current_database: Path, llm_server
) -> None:
    env = user_env(current_database)
    env.update({"BRIEFBOT_LLM__BASE_URL": llm_server.url, "BRIEFBOT_LLM__MODEL": "test-model"})

    first = await _loaded_by_async(["brief"], current_database, env)
    calls = llm_server.calls
    again = await _loaded_by_async(["brief"], current_database, env)

    assert calls > 0 and "openai" in first
    assert llm_server.calls == calls  # every story came from the cache
    assert "openai" not in again and "httpx2" not in again
