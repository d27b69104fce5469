"""What a briefing sentence states, read just far enough to keep a story from saying a thing twice.

A fact here is a number with the word it counts ("2.3 million customers", "61,204 made"): two
sentences of one story that share one state the same fact, however different their other words.
A sentence with too few content words ("Here is what stood out.") states nothing and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarizer.types import Claim

_SCALES = "%|per cent|percent|million|billion|thousand|bn|m\\b"
_NUMBER = re.compile(rf"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*({_SCALES})?\s*([A-Za-z][\w-]*)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        """a an the and or but if then so of to in on at by for with from as into over after before about
    is are was were be been being has have had do does did will would can could should may might must
    it its this that these those there here what which who whom whose when where why how all any
    each more most some such no not only own same than too very just also out up down off again
    he she they we you i me him her them us our your their his my mine stood said says say""",
    )
)


@dataclass(frozen=True)
class FactTuning:
    """``min_content_words``: fewer content words than this and a sentence says nothing."""

    min_content_words: int = 3


def facts(text: str) -> frozenset[tuple[str, str]]:
    """Each number in ``text`` with its scale and the word after it, normalised."""
    found = set()
    for number, scale, word in _NUMBER.findall(text):
        value = number.replace(",", "")
        if len(value) == 4 and value.startswith(("19", "20")) and not scale:
            continue  # a year names when, not what
        found.add((f"{value} {scale.lower()}".strip(), (word or "").lower()))
    return frozenset(found)


def content_words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in _FUNCTION_WORDS]


def states_something(text: str, tuning: FactTuning = FactTuning()) -> bool:
    return len(content_words(text)) >= tuning.min_content_words


def repeated_facts(sentences: Iterable[str]) -> int:
    """How many of ``sentences`` state a fact an earlier one already stated."""
    seen: set[tuple[str, str]] = set()
    repeats = 0
    for text in sentences:
        stated = facts(text)
        repeats += bool(stated & seen)
        seen |= stated
    return repeats


def without_repeats(claims: Sequence[Claim], tuning: FactTuning = FactTuning()) -> list[Claim]:
    """``claims`` in order, less those that state nothing or repeat an earlier claim's fact."""
    kept: list[Claim] = []
    seen: set[tuple[str, str]] = set()
    for claim in claims:
        stated = facts(claim.text)
        if not states_something(claim.text, tuning) or stated & seen:
            continue
        kept.append(claim)
        seen |= stated
    return kept
