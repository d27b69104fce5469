"""The languages a chat can have its briefings written in, and a guess at the language of a text.

The guess needs no downloads: the script (Cyrillic, kana, Han) and then counts of each language's
commonest function words. It answers None when unsure, which callers treat as "another language".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language briefings can be written in: ISO 639-1 code, English and native names."""

    code: str
    name: str
    native: str


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English"),
    Language("de", "German", "Deutsch"),
    Language("fr", "French", "Français"),
    Language("es", "Spanish", "Español"),
    Language("it", "Italian", "Italiano"),
    Language("pt", "Portuguese", "Português"),
    Language("nl", "Dutch", "Nederlands"),
    Language("pl", "Polish", "Polski"),
    Language("tr", "Turkish", "Türkçe"),
    Language("ru", "Russian", "Русский"),
    Language("uk", "Ukrainian", "Українська"),
    Language("ja", "Japanese", "日本語"),
    Language("zh", "Chinese", "中文"),
)
BY_CODE = {language.code: language for language in LANGUAGES}


def find_language(text: str) -> Language | None:
    """The language named by a code or a name in English or in itself (``de``, ``german``,
    ``Deutsch``), case forgiven; None when none matches."""
    wanted = text.strip().casefold()
    for language in LANGUAGES:
        if wanted in {language.code, language.name.casefold(), language.native.casefold()}:
            return language
    return None


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS = {
    "en": _wordset("the and of to in is that for it on was with as by at from are this be have has"),
    "de": _wordset("der die und das ist nicht mit den von zu sich des auf für im dem ein eine auch es"),
    "fr": _wordset("le la les et des est une pour que qui dans du au pas sur par plus il elle"),
    "es": _wordset("el la los las que y en un una es por con para del se lo como más"),
    "it": _wordset("il di che è un una per non con del della sono gli da si nel alla"),
    "pt": _wordset("o os as que do da em um uma para com não por se na no mais dos"),
    "nl": _wordset("het een en van is dat op te voor met zijn niet er aan ook als bij"),
    "pl": _wordset("i w na z się nie do że to jest jak po za przez od są dla"),
    "tr": _wordset("ve bir bu için ile çok olarak daha olan gibi ama ne kadar"),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_HITS = 3
SAMPLE_CHARS = 4000


def guess_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is most likely in, or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    if len(_KANA.findall(sample)) / letters > 0.05:
        return "ja"
    if len(_HAN.findall(sample)) / letters > 0.2:
        return "zh"
    if len(_CYRILLIC.findall(sample)) / letters > 0.3:
        return "uk" if len(_UKRAINIAN.findall(sample)) >= 3 else "ru"
    hits: Counter[str] = Counter()
    for word in _WORD.findall(sample.lower()):
        for code, words in _FUNCTION_WORDS.items():
            if word in words:
                hits[code] += 1
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < MIN_HITS:
        return None
    if len(ranked) == 2 and ranked[1][1] * 1.5 > ranked[0][1]:
        return None
    return ranked[0][0]
