"""What of a model's reply may reach a reader: checked, cited sentences, nothing else.

In order: reasoning is stripped; markup removed; a sentence naming a host, an address, a link or
an @handle is dropped (links come only from stored article ids); a ``[n]`` naming no passage is
dropped. The
citations are the bot's, not the model's: a sentence whose markers are missing, wrong or do not
support it gets the passages that do, found by the same support check, and is dropped only when
no passage supports it (see ``support``); one stating a fact (a number, a day, a month, a
name) its best passages lack is dropped as such. A supported sentence that is still forged (it
turns its passage around, speaks to the reader or the model, repeats a word, or prints what an
article ordered printed) is dropped (see ``forgeries``). The checker reads a reply as it streams in, one
finished line at a time; ``dropped`` counts what went and why, ``recited`` what was re-cited,
and ``tally`` adds what was read and kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.llm.forgeries import forgery, has_address, line_forgery
from summarizer.llm.passages import PromptPassage
from summarizer.llm.prompts import QUOTE_LABEL
from summarizer.llm.reply_text import RawClaim, claims, clean_line, strip_reasoning
from summarizer.llm.support import (
    MIN_QUOTE_WORDS,
    facts_missing,
    lexical_support,
    names_supported,
    numbers_supported,
    quote_match,
    quote_words,
)
from summarizer.tokens import TermCounter

NUMBER_MISSING = "number not in its passages"
FACT_MISSING = "fact not in its passages"  # a day, a month, a scale or a name the passages lack
MAX_ASSIGNED = 3  # passages the bot may attach to one sentence the model did not cite right
# The label the prompt asks for, and what models writing another language sometimes make of it.
_TRANSLATED_LABELS = "zitat|citation|cita|citazione|citação|citaat|cytat|цитата|alıntı|引用"
_LABELS = rf"(?:{re.escape(QUOTE_LABEL[:-1])}|{_TRANSLATED_LABELS})"
_QUOTE_LINE = re.compile(rf"^\s*{_LABELS}\s*:\s*(.*)$", re.IGNORECASE)
_INLINE_QUOTE = re.compile(rf"\s+{_LABELS}\s*:\s*", re.IGNORECASE)
_SURROUNDING_QUOTES = "\"'“”„«»‘’ "


@dataclass(frozen=True)
class CheckedSentence:
    """A sentence that passed every check, and the passages it cites (numbers of the prompt)."""

    text: str
    passages: tuple[int, ...]


@dataclass(frozen=True)
class CheckTally:
    """What the checks made of one reply: sentences read, kept, re-cited, and dropped by reason.

    ``dropped`` may also count what was dropped within a kept sentence (an ``invalid citation``
    beside a valid one), so ``written`` is counted, not derived. ``recited`` counts the kept
    sentences whose passages the bot found because the model's markers were missing or wrong.
    """

    written: int = 0
    kept: int = 0
    dropped: Mapping[str, int] = field(default_factory=dict)
    recited: int = 0


Checked = Callable[[CheckTally], None]  # told what the checks made of a reply (a meter, a bench)


def ignore_checks(_tally: CheckTally) -> None:
    """The ``Checked`` of a caller that counts nothing."""


@dataclass
class CheckSettings:
    """Thresholds of the checks (from ``LLMTuning``) and the reply's expected shape."""

    min_support: float
    min_quote_match: float
    max_sentences: int
    with_quotes: bool = False
    language: str | None = None


@dataclass
class ReplyChecker:
    """Checks one reply against the passages its prompt held; feed it the text as it grows."""

    passages: Mapping[int, PromptPassage]
    settings: CheckSettings
    terms: TermCounter = field(default_factory=TermCounter)
    dropped: Counter[str] = field(default_factory=Counter)
    kept: list[CheckedSentence] = field(default_factory=list)
    written: int = 0
    recited: int = 0
    diverged: bool = False
    _done: list[str] = field(default_factory=list)
    _pending: list[RawClaim] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list)
    _open_line: list[str] = field(default_factory=list)
    _tagged: bool = False

    def feed(self, delta: str) -> list[CheckedSentence]:
        """The sentences newly passed in the lines ``delta`` (the next piece of the reply) finishes.

        Plain text is read line by line as it comes, in linear time. Once a tag appears, what
        is visible may change behind what was read (a closing reasoning tag after text that
        looked like an answer), so the reply so far is read whole at each finished line; if it
        did change, nothing more is passed here: only a fresh check of the complete reply then
        counts, and ``diverged`` says so.
        """
        self._parts.append(delta)
        if "<" in delta:
            self._tagged = True
        if self.diverged or "\n" not in delta:
            if not self._tagged:
                self._open_line.append(delta)
            return []
        if not self._tagged:
            *finished, rest = "".join([*self._open_line, delta]).split("\n")
            self._open_line = [rest]
            self._done.extend(finished)
            return [s for line in finished for s in self._line_sentences(clean_line(line))]
        self._parts = ["".join(self._parts)]
        lines = strip_reasoning(self._parts[0]).split("\n")[:-1]
        if lines[: len(self._done)] != self._done:
            self.diverged = True
            return []
        return self._take(lines)

    def finish(self, text: str) -> list[CheckedSentence]:
        """Check the rest of the complete reply; returns the sentences newly passed.

        After a divergence the whole reply is checked afresh; ``kept`` is then the truth.
        """
        if self.diverged:
            self.kept.clear()
            self.dropped.clear()
            self.written = 0
            self.recited = 0
            self._done.clear()
            self._pending.clear()
            self.diverged = False
        new = self._take(strip_reasoning(text).split("\n"))
        new.extend(self._settle(None))
        return new

    @property
    def _withheld(self) -> tuple[str, ...]:
        """What the articles told the model to print: never shown, whatever cites it."""
        return tuple(phrase for p in self.passages.values() for phrase in p.withheld)

    def tally(self) -> CheckTally:
        """What the checks made of the reply so far."""
        return CheckTally(self.written, len(self.kept), dict(self.dropped), self.recited)

    def _take(self, lines: list[str]) -> list[CheckedSentence]:
        new: list[CheckedSentence] = []
        for line in lines[len(self._done) :]:
            self._done.append(line)
            new.extend(self._line_sentences(clean_line(line)))
        return new

    def _line_sentences(self, line: str) -> list[CheckedSentence]:
        if not line:
            return []
        if self.settings.with_quotes:
            quoted = _QUOTE_LINE.match(line)
            if quoted:
                return self._settle(quoted.group(1))
            settled = self._settle(None)
            parts = _INLINE_QUOTE.split(line, maxsplit=1)
            self._pending = list(self._unforged(parts[0]))
            if len(parts) > 1:
                settled.extend(self._settle(parts[1]))
            return settled
        return [s for s in (self._check(c, None) for c in self._unforged(line)) if s is not None]

    def _unforged(self, line: str) -> list[RawClaim]:
        """The claims of ``line``, none when the line as a whole is forged (see ``line_forgery``)."""
        found = list(claims(line))
        fault = line_forgery(line, self._withheld)
        if fault is None:
            return found
        self.written += len(found)
        self.dropped[fault] += len(found)
        return []

    def _settle(self, quote: str | None) -> list[CheckedSentence]:
        """Check the claims waiting for their quote line (``None``: no quote came)."""
        pending, self._pending = self._pending, []
        return [s for s in (self._check(c, quote) for c in pending) if s is not None]

    def _check(self, claim: RawClaim, quote: str | None) -> CheckedSentence | None:
        self.written += 1
        text = claim.text
        if has_address(text):
            return self._drop("link")
        valid = tuple(n for n in claim.numbers if n in self.passages)
        if len(valid) < len(claim.numbers):
            self.dropped["invalid citation"] += len(claim.numbers) - len(valid)
        reason = (
            self._problem(text, quote, valid)
            if valid
            else ("uncited" if not claim.numbers else "no valid citation")
        )
        if reason is not None:
            assigned = self._supporting(text, quote)
            if not isinstance(assigned, tuple):
                # A sentence whose number or other fact the best passages lack is a distortion,
                # whatever its markers were: counted as such.
                return self._drop(assigned if assigned in (NUMBER_MISSING, FACT_MISSING) else reason)
            valid = assigned
        evidence = [self.passages[n].text for n in valid]
        fault = forgery(text, evidence, self._withheld)
        if fault is not None:
            return self._drop(fault)
        tidy = _tidy(text)
        if any(k.text.casefold() == tidy.casefold() for k in self.kept):
            return self._drop("repeated")
        if len(self.kept) >= self.settings.max_sentences:
            return self._drop("beyond the asked length")
        sentence = CheckedSentence(tidy, valid)
        self.kept.append(sentence)
        if reason is not None:  # kept only because the bot found its passages
            self.recited += 1
        return sentence

    def _drop(self, reason: str) -> CheckedSentence | None:
        """Count ``reason``; the checked sentence is none."""
        self.dropped[reason] += 1
        return None

    def _problem(self, text: str, quote: str | None, numbers: Sequence[int]) -> str | None:
        """Why the passages ``numbers`` do not support ``text`` (None: they do)."""
        evidence = [self.passages[n].text for n in numbers]
        if self.settings.with_quotes:
            return self._quote_problem(text, quote, evidence)
        if not numbers_supported(text, evidence):
            return NUMBER_MISSING
        if lexical_support(text, evidence, self.terms) < self.settings.min_support:
            return "not supported by its passages"
        if facts_missing(text, evidence, self.settings.language):
            return FACT_MISSING
        return None

    def _supporting(self, text: str, quote: str | None) -> tuple[int, ...] | str | None:
        """The fewest passages (best first, at most ``MAX_ASSIGNED``) that support ``text``.

        Passages are ranked by what of the sentence each holds (its quote's match, in another
        language); the best are added one by one until the same check ``_problem`` makes passes.
        When none does: the problem of the widest try (a str), or None when there was none.
        """
        if self.settings.with_quotes:
            if not quote:
                return None
            ranked = sorted(self.passages, key=lambda n: -quote_match(quote, self.passages[n].text))
            return (ranked[0],) if ranked and self._problem(text, quote, ranked[:1]) is None else None
        ranked = sorted(
            self.passages, key=lambda n: -lexical_support(text, [self.passages[n].text], self.terms)
        )
        chosen: list[int] = []
        problem: str | None = None
        for number in ranked[:MAX_ASSIGNED]:
            chosen.append(number)
            problem = self._problem(text, None, chosen)
            if problem is None:
                return tuple(sorted(chosen))
        return problem

    def _quote_problem(self, text: str, quote: str | None, evidence: list[str]) -> str | None:
        if not quote or quote_words(quote) < MIN_QUOTE_WORDS:
            return "no quote"
        quote = quote.strip().strip(_SURROUNDING_QUOTES)
        if max(quote_match(quote, passage) for passage in evidence) < self.settings.min_quote_match:
            return "quote not in its passages"
        if not numbers_supported(text, [quote]):
            return "number not in its quote"
        story = [p.text for p in self.passages.values()]
        if not names_supported(text, quote, story, self.settings.language):
            return "name not in its quote"
        return None


def _tidy(text: str) -> str:
    text = text.strip().strip('"“”„«»').strip()
    if text and text[-1] not in ".!?…。！？\"'”’»)":
        text += "."
    return text[0].upper() + text[1:] if text and text[0].islower() else text
