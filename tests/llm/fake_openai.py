"""An OpenAI-compatible server on loopback: ``/v1/chat/completions``, plain and streamed.

Replies are scripted: queue ``Reply`` objects with ``script`` (served in order), or set a
``responder`` that builds one from the request; without either it echoes the first sentence of
each passage it was given, cited, which passes every check. ``requests`` keeps each request's
JSON body, so tests count calls and read prompts. Faults: any status with headers (500, 429 with
Retry-After), a server that never answers (``hang``), malformed bodies, a stream cut short.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from config import LLMSettings

TEST_MODEL = "test-model"
PASSAGE = re.compile(r"<<<PASSAGE (\d+)>>>\n(?:from [^\n]*\n)?(.*?)\n<<<END PASSAGE \1>>>", re.S)
ASKED = re.compile(r"at most (\d+) (?:short )?sentence")


def passages_of(request: dict[str, Any]) -> dict[int, str]:
    """The passages of a recorded request, by number, as the model saw them."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return {int(n): text for n, text in PASSAGE.findall(user)}


def asked_sentences(request: dict[str, Any]) -> int:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    found = ASKED.search(user)
    return int(found.group(1)) if found else 3


def wants_quotes(request: dict[str, Any]) -> bool:
    system = next(m["content"] for m in request["messages"] if m["role"] == "system")
    return "Quote:" in system


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return (match.group(1) if match else text).strip()


def echo_reply(request: dict[str, Any]) -> str:
    """A faithful reply: the first sentence of each passage, cited (with quotes when asked)."""
    lines = []
    for number, text in list(passages_of(request).items())[: asked_sentences(request)]:
        sentence = first_sentence(text)
        lines.append(f"{sentence.rstrip('.')} [{number}].")
        if wants_quotes(request):
            lines.append(f'Quote: "{sentence}"')
    return "\n".join(lines)


@dataclass
class Reply:
    """One scripted answer."""

    text: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before answering
    hang: bool = False  # never answer
    usage: bool = True  # report token usage
    reasoning: str | None = None  # a reasoning field beside the content
    chunk_delay: float = 0.0  # between streamed chunks
    cut_after: int | None = None  # a stream that breaks off after this many chunks
    body: str | None = None  # a raw body instead of a chat completion
    chunks: list[str] | None = None  # how the streamed text is cut (default: a few characters each)
    finish_reason: str | None = "stop"  # None: the stream ends with [DONE] but never says why


Responder = Callable[[dict[str, Any]], Reply | str]


@dataclass
class FakeOpenAI:
    """The server; ``url`` is its base URL (ending in ``/v1``)."""

    script: list[Reply] = field(default_factory=list)
    responder: Responder | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)
    fixed_latency: float = 0.0  # every answer waits this long (benchmarks)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def then(self, *replies: Reply | str) -> FakeOpenAI:
        """Queue replies, served in order before the responder takes over."""
        self.script.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)
        return self

    def _next(self, request: dict[str, Any]) -> Reply:
        if self.script:
            return self.script.pop(0)
        made = (self.responder or echo_reply)(request)
        return made if isinstance(made, Reply) else Reply(made)

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        reply = self._next(body)
        if reply.hang:
            await asyncio.sleep(3600)
        await asyncio.sleep(reply.delay + self.fixed_latency)
        self.answered_at.append(time.monotonic())
        if reply.status != 200:
            error = {"error": {"message": "scripted failure", "type": "server_error", "code": reply.status}}
            return web.json_response(error, status=reply.status, headers=reply.headers)
        if reply.body is not None:
            return web.Response(text=reply.body, content_type="application/json", headers=reply.headers)
        if body.get("stream"):
            return await self._stream(request, body, reply)
        message: dict[str, Any] = {"role": "assistant", "content": reply.text}
        if reply.reasoning is not None:
            message["reasoning_content"] = reply.reasoning
        answer: dict[str, Any] = {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
        }
        if reply.usage:
            answer["usage"] = _usage(body, reply.text)
        return web.json_response(answer)

    async def _stream(self, request: web.Request, body: dict[str, Any], reply: Reply) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)

        async def send(payload: dict[str, Any]) -> None:
            await response.write(f"data: {json.dumps(payload)}\n\n".encode())

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": body["model"],
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }

        if reply.reasoning is not None:
            await send(chunk({"role": "assistant", "reasoning_content": reply.reasoning}))
        pieces = reply.chunks if reply.chunks is not None else _pieces(reply.text)
        for index, piece in enumerate(pieces):
            if reply.cut_after is not None and index >= reply.cut_after:
                return response  # the connection ends without [DONE]
            await send(chunk({"content": piece}))
            if reply.chunk_delay:
                await asyncio.sleep(reply.chunk_delay)
        await send(chunk({}, reply.finish_reason))
        if reply.usage and (body.get("stream_options") or {}).get("include_usage"):
            await send(
                {
                    "id": "chatcmpl-test",
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": body["model"],
                    "choices": [],
                    "usage": _usage(body, reply.text),
                }
            )
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


def _pieces(text: str, size: int = 7) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    prompt = sum(len(m["content"]) for m in body["messages"]) // 4 + 1
    completion = len(text) // 4 + 1
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def llm_options(server: FakeOpenAI, **overrides: Any) -> LLMSettings:
    """LLM settings for the loopback server: no retries and short time limits unless asked."""
    options: dict[str, Any] = {
        "base_url": server.url,
        "model": TEST_MODEL,
        "first_token_seconds": 5.0,
        "chunk_gap_seconds": 5.0,
        "deadline_seconds": 10.0,
        "max_retries": 0,
    }
    return LLMSettings(**{**options, **overrides})
