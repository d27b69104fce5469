"""Making a lifted sentence stand on its own.

A sentence taken out of its article loses what came before it: "Meanwhile, the ferry operator
said…" points at a paragraph the reader never saw, and "He said…" at a person never named. A
leading discourse marker is trimmed (what remains is still the article's own words, with only the
first letter's case changed), and a sentence opening with a pronoun is marked, so that it is only
chosen together with the sentence before it.
"""

from __future__ import annotations

import re

_MARKERS = (
    "however",
    "meanwhile",
    "instead",
    "separately",
    "still",
    "also",
    "additionally",
    "moreover",
    "furthermore",
    "in addition",
    "nevertheless",
    "nonetheless",
    "besides",
    "indeed",
    "in fact",
    "as a result",
    "by contrast",
    "in contrast",
    "on the other hand",
    "at the same time",
    "even so",
    "that said",
    "elsewhere",
    "similarly",
    "likewise",
    "consequently",
    "therefore",
    "thus",
    "hence",
    "in turn",
    "of course",
    "after all",
    "then",
    "equally",
    "alternatively",
    "in the meantime",
    "but",
    "and",
    "yet",
    "so",
)
_MARKER = re.compile(
    r"^(?:" + "|".join(re.escape(m) for m in sorted(_MARKERS, key=len, reverse=True)) + r")\s*,\s+(?=\S)",
    re.IGNORECASE,
)
# "But the toll has…", "And the council…": a conjunction opening a sentence, no comma.
_CONJUNCTION = re.compile(r"^(?:but|and)\s+(?=[^\W\d_\"“‘'])", re.IGNORECASE)
_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "his", "her", "their", "its", "him", "them", "this", "these", "those", "that"]
)
_OPENING = re.compile(r"^[\"“‘'(\[«„]*([^\W\d_]+)")
_MIN_WORDS_LEFT = 4


def trim_discourse_marker(sentence: str) -> str:
    """The sentence without a leading discourse marker ("However,", "Meanwhile,", "But"), its first
    letter upper-cased; unchanged when nothing leads or too little would be left."""
    text = sentence
    for _ in range(2):  # "But, meanwhile, …"
        match = _MARKER.match(text) or _CONJUNCTION.match(text)
        if match is None:
            break
        rest = text[match.end() :]
        if len(rest.split()) < _MIN_WORDS_LEFT:
            break
        text = rest
    if text is sentence:
        return sentence
    return _capitalise(text)


def _capitalise(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if ch.isdigit():
            break
    return text


def opens_with_pronoun(sentence: str) -> bool:
    """True when the sentence's first word (past opening quotes) is a pronoun pointing back:
    "He said…", "They were joined…", "This is the second…", '"It was tired," she said.'"""
    match = _OPENING.match(sentence)
    return match is not None and match.group(1).lower() in _PRONOUNS


def is_lifted_from(sentence: str, text: str) -> bool:
    """True when the sentence is the article's own words: a substring of ``text`` once spaces are
    normalised, allowing only its first letter's case to differ (a trimmed marker)."""
    haystack = " ".join(text.split())
    needle = " ".join(sentence.split())
    if not needle:
        return False
    if needle in haystack:
        return True
    first = next((i for i, ch in enumerate(needle) if ch.isalpha()), -1)
    if first < 0:
        return False
    lowered = needle[:first] + needle[first].lower() + needle[first + 1 :]
    return lowered in haystack
