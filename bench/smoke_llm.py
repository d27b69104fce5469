"""`make smoke-llm`: briefbot's LLM path against a real server and a real (tiny) model.

llama-cpp-python's server runs SmolLM2-135M-Instruct on 127.0.0.1 (see ``bench.llm_server``).
Over the bundled demo corpus in a throwaway store, the same services the CLI and the bot use
write ``/brief``, answer ``/ask`` with a question the corpus answers and one it does not, through
the real ``openai`` client. Each reply is printed as the CLI prints it, with the time it took.

Asserted: nothing crashes; every story of the briefing is either written by the LLM with every
sentence cited, or written offline with the notice that says why; the answer is cited (by the LLM
or, as fallback, offline); the unanswerable question gets a plain no. Exits 1 when one fails.
Run: `make smoke-llm` (or `python -m bench.smoke_llm` once the server is built).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.llm_server import MODEL_NAME, SMOKE_DIR, LlamaServer, ServerOptions, server_python, smollm2_weights
from bot.services.wiring import Services, build_services
from bot.terminal.render_text import CLI_HINT, render_answer, render_briefing
from config import LLMSettings, Settings, StoreSettings, load_settings
from summarizer.types import Answer, Briefing

ANSWERABLE = "how many customers were affected?"
UNANSWERABLE = "who won the chess olympiad in 1927?"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def smoke_settings(folder: Path, base_url: str, **llm_options: Any) -> Settings:
    """The LLM as a new user points it at a local server: a base URL and a model, defaults for
    the rest (one story at a time, generous time limits); ``llm_options`` override them."""
    llm = LLMSettings(base_url=base_url, model=MODEL_NAME, **llm_options)
    return load_settings(store=StoreSettings(url=f"sqlite+aiosqlite:///{folder}/smoke.db"), llm=llm)


def briefing_problems(briefing: Briefing) -> list[str]:
    """What is wrong with a briefing a reader would see: empty, uncited, offline without a notice."""
    if not briefing.stories:
        return ["the briefing has no stories"]
    problems = []
    numbers = {c.number for c in briefing.sources}
    for i, story in enumerate(briefing.stories, 1):
        if not story.sentences:
            problems.append(f"story {i} has no sentence")
        for sentence in story.sentences:
            if not sentence.citations or not set(sentence.citations) <= numbers:
                problems.append(f"story {i}: a sentence without a valid citation: {sentence.text[:80]!r}")
        if story.generated_by != "llm":
            if story.offline_reason is None:
                problems.append(f"story {i} was written offline and no notice says why")
            elif story.offline_reason not in briefing.notices:
                problems.append(f"story {i}: its notice {story.offline_reason} is not shown")
    return problems


def answer_problems(answer: Answer, *, answerable: bool) -> list[str]:
    if not answerable:
        return (
            [] if not answer.answered else [f"an unanswerable question was answered ({answer.generated_by})"]
        )
    if not answer.answered or not answer.sentences:
        return ["the answerable question got no answer"]
    numbers = {c.number for c in answer.sources}
    return [
        f"an answer sentence without a valid citation: {s.text[:80]!r}"
        for s in answer.sentences
        if not s.citations or not set(s.citations) <= numbers
    ]


def briefing_outcome(briefing: Briefing) -> str:
    written = sum(1 for s in briefing.stories if s.generated_by == "llm")
    offline = [
        s.offline_reason.value for s in briefing.stories if s.generated_by != "llm" and s.offline_reason
    ]
    reasons = f" (offline: {', '.join(sorted(set(offline)))})" if offline else ""
    return f"{written} of {len(briefing.stories)} stories written by the LLM{reasons}"


async def run_commands(services: Services) -> list[str]:
    problems: list[str] = []
    started = time.perf_counter()
    briefing = await services.briefings.brief(chat_id=None, topic=None, period=None)
    seconds = time.perf_counter() - started
    print(f"\n== /brief: {seconds:.1f} s, {briefing_outcome(briefing)} ==")
    print(render_briefing(briefing, cli=True))
    problems += [f"/brief: {p}" for p in briefing_problems(briefing)]
    for question, answerable in ((ANSWERABLE, True), (UNANSWERABLE, False)):
        started = time.perf_counter()
        asked = await services.questions.ask(chat_id=None, question=question)
        seconds = time.perf_counter() - started
        answer = asked.answer
        shape = "answered" if answer.answered else "not answered"
        print(f"\n== /ask {question}: {seconds:.1f} s, {shape}, written by {answer.generated_by} ==")
        print(render_answer(answer, hint=CLI_HINT, closest=asked.closest))
        problems += [f"/ask {question}: {p}" for p in answer_problems(answer, answerable=answerable)]
    return problems


async def smoke(base_url: str) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        services = await build_services(smoke_settings(Path(tmp), base_url), seed_demo=True)
        try:
            return await run_commands(services)
        finally:
            await services.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=SMOKE_DIR, help="where the server and weights are kept")
    parser.add_argument("--base-url", default=None, help="use a server already running on loopback")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.base_url and urlsplit(args.base_url).hostname not in LOOPBACK:
        parser.error("--base-url must be a server on this machine (127.0.0.1 or localhost)")
    if args.base_url:
        problems = asyncio.run(smoke(args.base_url))
    else:
        model = smollm2_weights(args.cache)
        with LlamaServer(
            server_python(args.cache), model, ServerOptions(), args.cache / "server.log"
        ) as server:
            print(f"server: {server.base_url} {model.name}, ready in {server.started_in:.1f} s")
            problems = asyncio.run(smoke(server.base_url))
            if (code := server.died()) is not None:
                problems.append(f"the server died (exit code {code}): see {server.log_path}")
    print(f"\nsmoke-llm took {time.perf_counter() - started:.1f} s")
    for problem in problems:
        print(f"FAILED {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print("smoke-llm passed")


if __name__ == "__main__":
    main()
