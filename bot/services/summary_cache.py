"""The story summary cache's keys and payloads (the rows live in ``store.summaries``).

A key names everything a summary is written from: the content hashes of the story's articles,
the model, the prompt version, the length and sentence count, and the language. Digests and
chats share it, so a story costs one call however many read it. A reply that failed the checks
is remembered too (``rejection_payload``): asking the same model the same thing again would cost
a call for the same outcome, so the story stays offline until its articles change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from typing import Any

from summarizer.llm.prompts import PROMPT_VERSION
from summarizer.types import Claim, Length

CACHE_KIND = "story"


def summary_key(
    hashes: Sequence[str], *, model: str, length: Length, sentences: int, language: str | None
) -> str:
    """The cache key of a story's summary: what it is written from and how."""
    shape = {
        "articles": sorted(hashes),
        "model": model,
        "prompt": PROMPT_VERSION,
        "length": length.value,
        "sentences": sentences,
        "language": language or "",
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def cached_claims(payload: dict[str, Any] | None, allowed: Collection[int]) -> tuple[Claim, ...] | None:
    """The claims of a cached payload, if it is usable for a story of the ``allowed`` articles."""
    if not payload:
        return None
    try:
        claims = tuple(
            Claim(str(s["text"]), tuple(int(i) for i in s["article_ids"])) for s in payload["sentences"]
        )
    except (KeyError, TypeError, ValueError):
        return None
    if not claims or any(not c.article_ids or not set(c.article_ids) <= set(allowed) for c in claims):
        return None
    return claims


def rejection_payload(model: str) -> dict[str, Any]:
    """What is stored for a story whose reply left nothing after the checks."""
    return {"rejected": True, "model": model, "prompt": PROMPT_VERSION}


def is_rejection(payload: dict[str, Any] | None) -> bool:
    return bool(payload and payload.get("rejected") is True)


def cache_payload(claims: Sequence[Claim], model: str) -> dict[str, Any]:
    """What is stored for a story: its checked claims, and what wrote them."""
    return {
        "sentences": [{"text": c.text, "article_ids": list(c.article_ids)} for c in claims],
        "model": model,
        "prompt": PROMPT_VERSION,
    }
