"""Whether a model's sentence is supported by the passages it cites.

In the articles' own language: the share of the sentence's content words (stemmed, stopwords
left out) found in its cited passages must reach a threshold, every number in it must be in
them, and so must every other fact token it states (a weekday, a month, a scale word such as
"million", a name): words can match a passage while its day or its name is changed. In
another language, where words cannot be compared, the model quotes the passage words a
sentence rests on: the quote must be found in a cited passage, and the sentence's
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

_WHOLE_HOUR = re.compile(r"\b(\d{1,2}):00\b")
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


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
]
# A day or a month as written, capitalised (lower case "may" and "march" are verbs), to its name.
_DATES = (
    {d.capitalize(): d for d in _WEEKDAYS}
    | {d[:3].capitalize(): d for d in _WEEKDAYS}
    | {"Tues": "tuesday", "Weds": "wednesday", "Thur": "thursday", "Thurs": "thursday"}
    | {m.capitalize(): m for m in _MONTHS}
    | {m[:3].capitalize(): m for m in _MONTHS if m != "may"}
    | {"Sept": "september"}
)
# Scale words: "40 million" is not "40 billion"; "£40m" and "$2bn" say them in short.
_SCALES = {"thousand": "thousand", "million": "million", "billion": "billion", "trillion": "trillion"}
_SHORT_SCALE = re.compile(r"(?i)(\d)\s?(m|mn|bn|k)\b")
_SHORT_SCALES = {"m": "million", "mn": "million", "bn": "billion", "k": "thousand"}
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


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
    """The numbers a text states, normalised ("1,850" = "1850", "3.50" = "3.5", "nine" = "9",
    "4:00" = "4")."""
    text = _WHOLE_HOUR.sub(r"\1", text)
    found = {_number_value(m.group()) for m in _NUMBER.finditer(text)}
    found.update(_NUMBER_WORDS[w] for w in _WORD.findall(text.lower()) if w in _NUMBER_WORDS)
    return found


def _scale_words(text: str) -> str:
    return _SHORT_SCALE.sub(lambda m: f"{m.group(1)} {_SHORT_SCALES[m.group(2).lower()]}", text)


def _name_like(word: str) -> bool:
    """A name even at the start of a sentence: capitals inside it, or letters beside digits."""
    mixed_case = any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)
    return mixed_case or (any(c.isalpha() for c in word) and any(c.isdigit() for c in word))


def fact_tokens(sentence: str, language: str | None = None) -> set[str]:
    """The facts ``sentence`` states besides its numbers: days, months, scale words and names.

    Days and months count only capitalised ("May" as a month, not "may" as a verb), and "May"
    not at the start of a sentence; names are capitalised words that do not open the sentence
    (or name-like ones that do), unless the language capitalises every noun. A possessive
    "'s" is left out; names are folded to lower case.
    """
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(_scale_words(sentence))]
    found: set[str] = set()
    for i, word in enumerate(words):
        date = _DATES.get(word)
        if date is not None and (i > 0 or word != "May"):
            found.add(date)
        elif word.lower() in _SCALES:
            found.add(_SCALES[word.lower()])
        elif (
            len(word) > 1
            and word[0].isupper()
            and not is_stopword(word.lower())
            and ((i > 0 and language not in NOUN_CAPITALS) or _name_like(word))
        ):
            found.add(word.casefold())
    return found


def facts_missing(sentence: str, evidence: Iterable[str], language: str | None = None) -> set[str]:
    """The fact tokens of ``sentence`` (see ``fact_tokens``) that its ``evidence`` does not hold.

    The evidence is read in any case, so a name may stand where a passage has it in lower
    case, and a name may be a longer or shorter form of a passage word ("Berlin", "Berliner").
    """
    said = _scale_words(" ".join(evidence))
    dates = {d for w in _WORD.findall(said) if (d := _DATES.get(w.capitalize())) is not None}
    words = {_POSSESSIVE.sub("", w).casefold() for w in _WORD.findall(said)}
    return {
        token
        for token in fact_tokens(sentence, language)
        if token not in dates and not _mentions(token, words)
    }


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
