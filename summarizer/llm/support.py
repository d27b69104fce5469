"""Whether a model's sentence is supported by the passages it cites.

In the articles' own language: the share of the sentence's content words (stemmed, stopwords
left out) found in its cited passages must reach a threshold, and every number in it must be
in them. In another language, where words cannot be compared, the model quotes the passage
words a sentence rests on: the quote must be found in a cited passage, and the sentence's
numbers and names must appear in the quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from summarizer.tokens import TermCounter, is_stopword

MIN_QUOTE_WORDS = 3
NAME_PREFIX = 4  # "Berlin" in the quote stands for "Berliner" in a German sentence
# Languages that capitalise every noun: a capitalised word there is not a sign of a name.
NOUN_CAPITALS = frozenset({"de", "lb"})

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[,.\u00a0\u202f]\d{3})+$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUOTES = str.maketrans({c: '"' for c in "“”„«»‟″"} | {c: "'" for c in "‘’‚‹›′"} | {"–": "-", "—": "-"})
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_TEENS = "fifteen sixteen seventeen eighteen nineteen twenty"
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORDS = {word: str(value) for value, word in enumerate(f"{_UNITS} {_TEENS}".split())} | {
    word: str(value) for word, value in _TENS.items()
}


def _number_value(token: str) -> str:
    if _THOUSANDS.match(token):
        return re.sub(r"\D", "", token)
    token = token.replace(",", ".")
    if "." in token:
        whole, _, fraction = token.partition(".")
        fraction = fraction.rstrip("0")
        return f"{whole}.{fraction}" if fraction else whole
    return token.lstrip("0") or "0"


def numbers(text: str) -> set[str]:
    """The numbers a text states, normalised ("1,850" = "1850", "3.50" = "3.5", "nine" = "9")."""
    found = {_number_value(m.group()) for m in _NUMBER.finditer(text)}
    found.update(_NUMBER_WORDS[w] for w in _WORD.findall(text.lower()) if w in _NUMBER_WORDS)
    return found


def lexical_support(sentence: str, passages: Iterable[str], terms: TermCounter) -> float:
    """Share of the sentence's content terms that occur in the passages (0 for no terms)."""
    wanted = set(terms.terms(sentence))
    if not wanted:
        return 0.0
    found = set(terms.terms(" ".join(passages)))
    return len(wanted & found) / len(wanted)


def numbers_supported(sentence: str, evidence: Iterable[str]) -> bool:
    """True when every number of ``sentence`` occurs in ``evidence``."""
    stated = numbers(sentence)
    return not stated or stated <= numbers(" ".join(evidence))


def _normal(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _WORD.findall(plain)


def quote_match(quote: str, passage: str) -> float:
    """Share of the quote's words found in order in the passage (1.0: word for word).

    An ellipsis splits the quote into parts that are matched separately.
    """
    haystack = _normal(passage)
    parts = [p for p in re.split(r"\.\.\.|…", quote) if _normal(p)]
    total = sum(len(_normal(p)) for p in parts)
    if not total or not haystack:
        return 0.0
    matched = 0
    for part in parts:
        words = _normal(part)
        blocks = SequenceMatcher(None, words, haystack, autojunk=False).get_matching_blocks()
        matched += sum(block.size for block in blocks)
    return matched / total


def quote_words(quote: str) -> int:
    return len(_normal(quote))


def _script(word: str) -> str:
    for ch in word:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return name.split(" ")[0] if name else ""
    return ""


def names(sentence: str) -> list[str]:
    """Capitalised words that do not open the sentence: names, places, organisations."""
    words = _WORD.findall(sentence)
    return [
        w
        for i, w in enumerate(words)
        if i > 0 and w[0].isupper() and len(w) > 1 and not is_stopword(w.lower())
    ]


def _mentions(name: str, words: set[str]) -> bool:
    folded = name.casefold()
    if folded in words:
        return True
    stem = folded[:NAME_PREFIX]
    return len(folded) >= NAME_PREFIX and any(
        len(w) >= NAME_PREFIX and w[:NAME_PREFIX] == stem and (w.startswith(folded) or folded.startswith(w))
        for w in words
    )


def names_supported(sentence: str, quote: str, story: Iterable[str], language: str | None) -> bool:
    """True unless the sentence names someone or something its quote does not.

    A name found elsewhere in the story but not in the quote is a swap; a name found nowhere is
    invented, except in another script (transliterated) or where every noun is capitalised.
    """
    in_quote = set(_normal(quote))
    in_story = set(_normal(" ".join(story)))
    quote_script = _script(quote)
    for name in names(sentence):
        if _mentions(name, in_quote):
            continue
        if _mentions(name, in_story):
            return False
        if language in NOUN_CAPITALS or _script(name) != quote_script:
            continue
        return False
    return True
