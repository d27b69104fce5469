"""Candidate sentences of an article: taken only from its paragraphs and quotes, made to stand on
their own, each with the heading it sits under and the sentence it leans on, if any."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from summarizer.sentences import is_boilerplate, split_sentences
from summarizer.standalone import opens_with_pronoun, trim_discourse_marker
from summarizer.tokens import TermCounter
from summarizer.tuning import SummaryTuning
from summarizer.types import Doc, Role

log = logging.getLogger(__name__)

CHARS_PER_SENTENCE = 600  # a sentence is at most ~MAX_SENTENCE_WORDS words
MAX_ANCHORS = 3  # a pronoun may lean back over at most this many sentences to a name
# Someone's own words: a quotation of a few words at least, opened and closed in the sentence.
_QUOTATION = re.compile(r"[\"“„«][^\"“”„«»]*?(?:\s\S+){3,}[^\"“”„«»]*?[\"”»]")
# ... said by someone named: '," said Helga Marsh', '," Astley said', '— Declan Murrow, chairman'.
_REPORTING = (
    r"(?:said|says|told|added|warned|argued|insisted|explained|wrote|asked|admitted|claimed|stressed)"
)
_NAMED = re.compile(
    rf"[\"”»],?\s+(?:{_REPORTING}\s+(?!he\b|she\b|they\b|it\b|we\b|i\b)[A-Za-z]|(?!He\b|She\b|They\b|It\b|We\b|I\b)"
    rf"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*\s+{_REPORTING}\b)|[\"”»]\s+[—–-]\s+[A-Z]"
)


@dataclass(frozen=True)
class Unit:
    """One candidate sentence: its text (as shown), its article, where it is, and what it needs.

    ``anchors`` are the units (indices into the same list) that must be shown with it: the
    sentence that names whom its opening pronoun means. ``reaction``: it quotes
    someone (or follows on from a quotation, "He said…"): what people said, not what happened;
    ``named``: it is one whole quotation that names who said it.
    """

    text: str
    doc: int
    position: int
    terms: list[str]
    heading: str
    anchors: tuple[int, ...] = ()
    reaction: bool = False
    named: bool = False
    paragraph: int = 0  # which body block (paragraph or quote) it is in


def _raw_sentences(doc: Doc, cap: int) -> list[tuple[str, str, Role, int]]:
    """(sentence, heading, block role, block number) of the doc's body, the first ``cap``."""
    out: list[tuple[str, str, Role, int]] = []
    budget = cap * CHARS_PER_SENTENCE
    for index, (block, heading) in enumerate(doc.body()):
        if budget <= 0 or len(out) >= cap:
            break
        text = block.text[:budget]
        budget -= len(text)
        out.extend((s, heading, block.role, index) for s in split_sentences(text, opening=index == 0))
    if len(out) > cap:
        log.debug("sentences capped count=%d cap=%d", len(out), cap)
    return out[:cap]


def article_units(
    doc: Doc, index: int, terms: TermCounter, settings: SummaryTuning, *, limit: int | None = None
) -> list[Unit]:
    """The eligible sentences of one doc, in order (positions count every body sentence).

    A sentence is eligible when it has enough words and is not page furniture; one opening with
    a pronoun is eligible only while the sentences it leans on are.
    """
    cap = settings.max_sentences if limit is None else limit
    min_words = settings.min_sentence_words
    rows: list[tuple[str, list[str], bool, bool, str]] = []
    quoted: list[bool] = []
    named: list[bool] = []
    paragraphs: list[int] = []
    for sentence, heading, role, paragraph in _raw_sentences(doc, cap):
        paragraphs.append(paragraph)
        text = trim_discourse_marker(sentence)
        found = terms.terms(text)
        long_enough = len(text.split()) >= min_words or len(found) >= min_words
        eligible = bool(found) and long_enough and not is_boilerplate(text)
        rows.append((text, found, eligible, opens_with_pronoun(text), heading))
        quoted.append(role is Role.QUOTE or _QUOTATION.search(text) is not None)
        named.append(_QUOTATION.search(text) is not None and _NAMED.search(text) is not None)
    if rows and not any(row[2] for row in rows):
        # Only fragments: fall back to whatever has words; page furniture is never a summary.
        rows = [(t, f, bool(f) and not is_boilerplate(t), p, h) for t, f, _, p, h in rows]
    kept: dict[int, int] = {}  # position -> index among the kept units
    units: list[Unit] = []
    for position, (text, found, eligible, pronoun, heading) in enumerate(rows):
        if not eligible:
            continue
        anchors: tuple[int, ...] = ()
        reaction = quoted[position]
        if pronoun:
            chain = _anchor_chain(rows, position)
            if chain is None or any(p not in kept for p in chain):
                continue
            anchors = tuple(kept[p] for p in chain)
            reaction = reaction or quoted[position - 1]  # "He said…" right after his quotation
        kept[position] = len(units)
        units.append(
            Unit(
                text,
                index,
                position,
                found,
                heading,
                anchors,
                reaction,
                named[position],
                paragraphs[position],
            )
        )
    return units


def _anchor_chain(rows: list[tuple[str, list[str], bool, bool, str]], position: int) -> list[int] | None:
    """The position of the sentence that names whom a pronoun opener means: the nearest one before
    it that does not open with a pronoun itself, within MAX_ANCHORS; None when there is none."""
    for at in range(position - 1, max(-1, position - 1 - MAX_ANCHORS), -1):
        if not rows[at][3]:
            return [at]
    return None
