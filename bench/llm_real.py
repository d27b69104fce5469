"""The real-server mode of ``bench.llm``: what a real model's replies become, command by command.

Against llama-cpp-python's server with SmolLM2-135M-Instruct (started here from `make smoke-llm`'s
cache, or already running on loopback: ``--base-url``), over the bundled demo corpus in a
throwaway store, it runs ``/brief``, ``/ask`` with a question the corpus answers and ``/ask`` with
one it does not, and prints per command: LLM calls, time to first token and total time, the
sentences the model wrote, how many the output checks kept, re-cited and dropped (by reason),
and the fallbacks (stories written offline, answers left to the offline answerer).
``--runs N`` repeats the commands with the summary cache emptied in between.
Run: `python -m bench.llm --real` (after `make smoke-llm` built the server once).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from bench.llm_server import SMOKE_DIR, LlamaServer, ServerOptions, server_python, smollm2_weights
from bench.smoke_llm import ANSWERABLE, UNANSWERABLE, smoke_settings
from bot.services.metrics import Meter
from bot.services.wiring import Services, build_services
from summarizer.llm.checks import CheckTally
from summarizer.llm.client import Completion, LLMClient, Progress
from summarizer.llm.prompts import Prompt


class TallyMeter(Meter):
    """Keeps what the output checks made of each reply."""

    def __init__(self) -> None:
        self.tallies: list[CheckTally] = []

    def llm_checks(self, tally: CheckTally) -> None:
        self.tallies.append(tally)


@dataclass(frozen=True)
class Call:
    """One LLM call: seconds to its first piece of text (None: none came) and to its end."""

    first_token: float | None
    seconds: float


def time_calls(client: LLMClient, calls: list[Call]) -> None:
    """Note each call ``client`` makes in ``calls``: the bench watches the client, it does not
    change what it does."""
    inner = client.complete

    async def complete(prompt: Prompt) -> AsyncIterator[Progress | Completion]:
        started = time.perf_counter()
        first: float | None = None
        try:
            async for item in inner(prompt):
                if first is None and (
                    isinstance(item, Progress) or (isinstance(item, Completion) and item.text)
                ):
                    first = time.perf_counter() - started
                yield item
        finally:
            calls.append(Call(first, time.perf_counter() - started))

    client.complete = complete  # type: ignore[method-assign]


@dataclass
class Outcome:
    """One command of one run: its calls, checks, fallbacks and wall time."""

    command: str
    seconds: float
    calls: list[Call]
    tallies: list[CheckTally]
    fallbacks: str

    @property
    def written(self) -> int:
        return sum(t.written for t in self.tallies)

    @property
    def kept(self) -> int:
        return sum(t.kept for t in self.tallies)

    @property
    def recited(self) -> int:
        return sum(t.recited for t in self.tallies)

    @property
    def dropped(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for t in self.tallies:
            total.update(t.dropped)
        return total


@dataclass
class Watch:
    """What a command cost, taken from the meter and the timed client."""

    meter: TallyMeter
    calls: list[Call] = field(default_factory=list)

    async def outcome(self, command: str, run: Callable[[], Awaitable[str]]) -> Outcome:
        self.calls.clear()
        self.meter.tallies.clear()
        started = time.perf_counter()
        fallbacks = await run()
        return Outcome(
            command, time.perf_counter() - started, list(self.calls), list(self.meter.tallies), fallbacks
        )


async def brief(services: Services) -> str:
    briefing = await services.briefings.brief(chat_id=None, topic=None, period=None)
    offline = Counter(s.offline_reason.value for s in briefing.stories if s.offline_reason)
    shown = ", ".join(f"{reason} ×{n}" for reason, n in offline.items())
    return f"{sum(offline.values())} of {len(briefing.stories)} stories offline" + (
        f" ({shown})" if shown else ""
    )


def ask(services: Services, question: str) -> Callable[[], Awaitable[str]]:
    async def run() -> str:
        answer = (await services.questions.ask(chat_id=None, question=question)).answer
        said = "answered" if answer.answered else "not answered"
        return f"{said} by the {'LLM' if answer.generated_by == 'llm' else 'offline answerer'}"

    return run


def print_outcome(o: Outcome) -> None:
    firsts = [c.first_token for c in o.calls if c.first_token is not None]
    first = (
        f"first token p50 {statistics.median(firsts):5.1f} s max {max(firsts):5.1f} s"
        if firsts
        else "no token"
    )
    longest = max((c.seconds for c in o.calls), default=0.0)
    print(
        f"{o.command:44s} {len(o.calls)} calls  {first}  longest {longest:5.1f} s  total {o.seconds:6.1f} s"
    )
    share = f" ({o.kept / o.written:.0%})" if o.written else ""
    dropped = ", ".join(f"{reason} ×{n}" for reason, n in o.dropped.most_common()) or "none"
    print(
        f"    sentences written {o.written}, kept {o.kept}{share}, re-cited {o.recited}; dropped: {dropped}"
    )
    print(f"    fallbacks: {o.fallbacks}")


async def clear_cache(services: Services) -> None:
    async with services.store.engine.begin() as conn:
        await conn.execute(text("DELETE FROM summaries"))


async def bench_commands(base_url: str, runs: int) -> list[Outcome]:
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        meter = TallyMeter()
        # What the model writes is measured, not the time limits: a busy 2-core machine reads a
        # 6,000-token prompt in minutes, past the default deadline.
        settings = smoke_settings(Path(tmp), base_url, first_token_seconds=900, deadline_seconds=1800)
        services = await build_services(settings, seed_demo=True, meter=meter)
        try:
            assert services.llm is not None
            watch = Watch(meter)
            time_calls(services.llm, watch.calls)
            for run in range(runs):
                if run:
                    await clear_cache(services)
                print(f"\n== run {run + 1} of {runs} ==")
                for command, body in (
                    ("/brief", lambda: brief(services)),
                    (f"/ask {ANSWERABLE}", ask(services, ANSWERABLE)),
                    (f"/ask {UNANSWERABLE}", ask(services, UNANSWERABLE)),
                ):
                    outcome = await watch.outcome(command, body)
                    print_outcome(outcome)
                    outcomes.append(outcome)
        finally:
            await services.aclose()
    return outcomes


async def real_server(base_url: str | None, runs: int) -> None:
    if base_url is not None:
        outcomes = await bench_commands(base_url, runs)
    else:
        model = smollm2_weights(SMOKE_DIR)
        with LlamaServer(server_python(SMOKE_DIR), model, ServerOptions()) as server:
            print(f"server {server.base_url} {model.name}, ready in {server.started_in:.1f} s")
            outcomes = await bench_commands(server.base_url, runs)
            if (code := server.died()) is not None:
                print(f"the server died (exit code {code}): see {server.log_path}")
    written = sum(o.written for o in outcomes)
    kept = sum(o.kept for o in outcomes)
    share = f"{kept / written:.1%}" if written else "n/a"
    print(f"\nall commands: sentences written {written}, kept {kept} ({share})")
