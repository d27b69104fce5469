"""The one client of an OpenAI-compatible server: chat completions, streamed or not.

The ``openai`` SDK is imported on the first call, not before (it costs about half a second). The
time limits are ours: the first piece of a reply within ``first_token_seconds``, the next within
``chunk_gap_seconds``, the whole within ``deadline_seconds``; a call over one is cancelled (its
connection closed) and not tried again. The SDK's own timeout is set past the deadline, so its
retries (``max_retries``) only repeat refusals and failed connections, never a reply the server
already worked on. A response asking for a longer wait than ``max_retry_after_seconds`` is marked
not to be retried, so the caller falls back at once, and the circuit breaker stays open for that
wait. A reply's ``finish_reason`` is read: a stream that ends without one was broken off
(``LLMReplyInterrupted``). SDK and HTTP errors become ``LLMUnavailable`` here, at the boundary.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from config import LLMSettings
from errors import LLMReplyInterrupted, LLMReplyRejected, LLMUnavailable
from summarizer.llm.breaker import CircuitBreaker
from summarizer.llm.passages import estimate_tokens
from summarizer.llm.prompts import Prompt
from summarizer.llm.tuning import LLMTuning

if TYPE_CHECKING:
    import httpx2
    from openai import AsyncOpenAI

log = logging.getLogger(__name__)
PLACEHOLDER_KEY = "no-key-needed"  # the SDK insists on a key; local servers ignore it


@dataclass(frozen=True)
class TokenUsage:
    """Tokens one call used; ``estimated`` when the server did not say (characters / 4)."""

    prompt: int
    completion: int
    estimated: bool = False

    @property
    def total(self) -> int:
        return self.prompt + self.completion


@dataclass(frozen=True)
class Progress:
    """The next piece of the reply's text, while it streams in."""

    delta: str


@dataclass(frozen=True)
class Completion:
    """A finished reply: its text (content only, never reasoning fields), its usage, and why it
    ended (``stop``; ``length``: cut at ``max_output_tokens``; None when the server did not say)."""

    text: str
    usage: TokenUsage
    model: str
    finish_reason: str | None = "stop"

    @property
    def cut(self) -> bool:
        return self.finish_reason == "length"


def retry_after_seconds(headers: Any) -> float | None:
    """The wait a response asks for (``retry-after-ms``, ``retry-after`` seconds or date), or None."""
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / divisor)
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            if parsed is not None:
                return max(0.0, float(email.utils.mktime_tz(parsed) - time.time()))
    return None


class LLMClient:
    """Chat completions through ``AsyncOpenAI``, guarded by a circuit breaker."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        tuning: LLMTuning | None = None,
    ) -> None:
        if settings.model is None:
            raise ValueError("LLM settings have no model (is the LLM configured?)")
        self._settings = settings
        self.tuning = tuning = tuning or LLMTuning()
        self.model: str = settings.model
        self.breaker = CircuitBreaker(tuning.breaker_failures, tuning.breaker_seconds, clock)
        self._sdk: AsyncOpenAI | None = None

    def _client(self) -> AsyncOpenAI:
        if self._sdk is None:
            import openai  # only now: importing it takes about half a second

            settings = self._settings
            http = openai.DefaultAsyncHttpxClient(
                timeout=self._transport_timeout, event_hooks={"response": [self._mark_long_waits]}
            )
            key = settings.api_key.get_secret_value() if settings.api_key else PLACEHOLDER_KEY
            self._sdk = openai.AsyncOpenAI(
                api_key=key or PLACEHOLDER_KEY,
                base_url=settings.endpoint,
                timeout=self._transport_timeout,
                max_retries=settings.max_retries,
                http_client=http,
            )
        return self._sdk

    @property
    def _transport_timeout(self) -> float:
        """Past every limit of ours, so the SDK never times out (and retries) a try itself."""
        s = self._settings
        return max(s.first_token_seconds, s.chunk_gap_seconds, s.deadline_seconds) + 1.0

    async def _mark_long_waits(self, response: httpx2.Response) -> None:
        """Tell the SDK not to retry a response that asks for a longer wait than we allow."""
        wait = retry_after_seconds(response.headers)
        if wait is not None and wait > self.tuning.max_retry_after_seconds:
            response.headers["x-should-retry"] = "false"

    async def aclose(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()
            self._sdk = None

    async def complete(self, prompt: Prompt) -> AsyncIterator[Progress | Completion]:
        """The reply to ``prompt``: its text so far while it streams, then the ``Completion``.

        Raises ``LLMUnavailable`` (also, without a request, while the breaker is open) and
        ``LLMReplyRejected`` for a reply that is not a chat completion.
        """
        if not self.breaker.allow():
            raise LLMUnavailable("the LLM is skipped for a while after failures", skipped=True)
        settled = False
        try:
            async for item in self._request(prompt):
                yield item
            self.breaker.succeeded()
            settled = True
        except LLMUnavailable as exc:
            wait = exc.retry_after if exc.retry_after is not None else None
            long_wait = wait is not None and wait > self.tuning.max_retry_after_seconds
            self.breaker.failed(wait=wait if long_wait else None)
            settled = True
            raise
        except LLMReplyRejected:
            self.breaker.succeeded()  # the server answered; the checks deal with what it said
            settled = True
            raise
        finally:
            if not settled:
                self.breaker.abandoned()

    async def _request(self, prompt: Prompt) -> AsyncIterator[Progress | Completion]:
        import openai

        settings = self._settings
        options: dict[str, Any] = {
            "model": self.model,
            "messages": list(prompt.messages),
            "max_tokens": settings.max_output_tokens,
            "temperature": settings.temperature,
        }
        started = time.monotonic()
        try:
            if settings.stream:
                async for item in self._streamed(prompt, options, started + settings.deadline_seconds):
                    yield item
            else:
                async with asyncio.timeout(settings.deadline_seconds):
                    completion = await self._whole(prompt, options)
                yield completion
        except TimeoutError as exc:
            log.warning("llm call cancelled after=%.1fs model=%s", time.monotonic() - started, self.model)
            raise LLMUnavailable(f"cancelled after {time.monotonic() - started:.1f} s: {exc}") from exc
        except openai.RateLimitError as exc:
            wait = retry_after_seconds(exc.response.headers)
            raise LLMUnavailable(f"rate limited (HTTP 429, wait {wait})", retry_after=wait) from exc
        except openai.APITimeoutError as exc:
            raise LLMUnavailable(f"timed out after {time.monotonic() - started:.1f} s") from exc
        except openai.APIConnectionError as exc:
            raise LLMUnavailable(f"cannot reach {settings.shown_endpoint}") from exc
        except openai.APIStatusError as exc:
            wait = retry_after_seconds(exc.response.headers)
            log.warning("llm refused status=%d model=%s", exc.status_code, self.model)
            raise LLMUnavailable(f"HTTP {exc.status_code}", retry_after=wait) from exc
        except openai.APIError as exc:
            raise LLMReplyRejected(f"not a chat completion: {type(exc).__name__}") from exc
        except ValueError as exc:  # a stream event that is not JSON
            raise LLMReplyRejected("not a chat completion: malformed stream") from exc

    async def _whole(self, prompt: Prompt, options: dict[str, Any]) -> Completion:
        response = await self._client().chat.completions.create(**options)
        choices = getattr(response, "choices", None)
        if not choices:
            raise LLMReplyRejected("not a chat completion: no choices")
        text = choices[0].message.content or ""
        finish = getattr(choices[0], "finish_reason", None)
        return Completion(text, _usage(getattr(response, "usage", None), prompt, text), self.model, finish)

    async def _streamed(
        self, prompt: Prompt, options: dict[str, Any], deadline: float
    ) -> AsyncIterator[Progress | Completion]:
        """The streamed reply, each wait bounded by the first-token or gap limit and the deadline.

        The limits are applied around each wait, never across a ``yield``: a timeout must not
        cancel whatever the consumer is doing between pieces.
        """
        settings = self._settings
        first = settings.first_token_seconds
        async with _within(first, deadline, "no reply started"):
            stream = await self._client().chat.completions.create(
                **options, stream=True, stream_options={"include_usage": True}
            )
        parts: list[str] = []
        reported = None
        finish: str | None = None
        chunks = aiter(stream)
        limit, waiting_for = first, "no reply started"
        try:
            while True:
                try:
                    async with _within(limit, deadline, waiting_for):
                        chunk = await anext(chunks)
                except StopAsyncIteration:
                    break
                if getattr(chunk, "usage", None) is not None:
                    reported = chunk.usage
                for choice in getattr(chunk, "choices", None) or ():
                    if choice.index != 0:
                        continue
                    finish = getattr(choice, "finish_reason", None) or finish
                    delta = getattr(choice, "delta", None)
                    if delta is None:
                        continue
                    if getattr(delta, "reasoning_content", None) or getattr(delta, "content", None):
                        limit, waiting_for = settings.chunk_gap_seconds, "the reply paused"
                    content = getattr(delta, "content", None)
                    if content:
                        parts.append(content)
                        yield Progress(content)
        finally:
            await stream.close()
        text = "".join(parts)
        if finish is None:
            raise LLMReplyInterrupted(
                f"the stream ended without a finish_reason after {len(text)} characters"
            )
        yield Completion(text, _usage(reported, prompt, text), self.model, finish)


class _within:
    """``asyncio.timeout`` for one wait: ``limit`` seconds, or less when the deadline comes first;
    its ``TimeoutError`` says which limit ran out."""

    def __init__(self, limit: float, deadline: float, waiting_for: str) -> None:
        remaining = deadline - time.monotonic()
        self._by_deadline = remaining < limit
        self._why = (
            "over the whole-reply deadline" if self._by_deadline else f"{waiting_for} within {limit:g} s"
        )
        self._timeout = asyncio.timeout(max(0.0, min(limit, remaining)))

    async def __aenter__(self) -> None:
        await self._timeout.__aenter__()

    async def __aexit__(self, *exc: Any) -> None:
        try:
            await self._timeout.__aexit__(*exc)
        except TimeoutError as error:
            raise TimeoutError(self._why) from error


def _usage(reported: Any, prompt: Prompt, text: str) -> TokenUsage:
    prompt_tokens = getattr(reported, "prompt_tokens", None)
    completion_tokens = getattr(reported, "completion_tokens", None)
    if isinstance(prompt_tokens, int) and isinstance(completion_tokens, int):
        return TokenUsage(prompt_tokens, completion_tokens)
    return TokenUsage(
        estimate_tokens("".join(m["content"] for m in prompt.messages)), estimate_tokens(text), True
    )
