"""The one stemmer of briefbot: words folded and stemmed by English Snowball, for index and query alike.

Text is split into runs of letters and digits (what FTS5's ``unicode61`` and PostgreSQL's
``simple`` parser both take as one word), lower-cased with diacritics removed, and each word
stemmed; no stop word is dropped. What comes out is plain words separated by spaces, so the
database tokenizer only has to split on spaces and can never disagree with us.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence

import Stemmer

LANGUAGE = "english"
# Letters and digits only: an underscore or a mark is a separator, as in unicode61.
_WORD = re.compile(r"[^\W_]+")
# The Snowball stemmer keeps a cache and is not safe to share between threads.
_CACHE_SIZE = 20_000


def fold(text: str) -> str:
    """``text`` lower-cased, with diacritics removed (``Zürich`` → ``zurich``)."""
    if text.isascii():  # most text: nothing to decompose, and casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order (``"Covid-19's"`` → ``["covid", "19", "s"]``)."""
    return _WORD.findall(fold(text))


class TextStemmer:
    """Stems words and whole texts; one per thread is made on first use, so any thread may call it."""

    def __init__(self, language: str = LANGUAGE) -> None:
        self.language = language
        self._local = threading.local()

    def _stemmer(self) -> Stemmer.Stemmer:
        stemmer: Stemmer.Stemmer | None = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = Stemmer.Stemmer(self.language, _CACHE_SIZE)
            self._local.stemmer = stemmer
        return stemmer

    def stem_words(self, folded: Sequence[str]) -> list[str]:
        """The stems of words already folded by ``words``."""
        return list(self._stemmer().stemWords(list(folded)))

    def stem_text(self, text: str) -> str:
        """``text`` as the index stores it: its stemmed words joined by single spaces."""
        return " ".join(self.stem_words(words(text)))
