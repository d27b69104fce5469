"""Word tokens for scoring: lower-cased words, stopwords (en, de, ru) and a light stemmer.

Nothing here downloads data; CJK runs become character bigrams because they have no spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

STOPWORDS_EN = _wordset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
    having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself just let's me more most mustn't my myself no
    nor not now of off on once only or other ought our ours ourselves out over own same shan't
    she she'd she'll she's should shouldn't so some such than that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've this those through
    to too under until up upon us very was wasn't we we'd we'll we're we've were weren't what
    what's when when's where where's which while who who's whom why why's will with won't would
    wouldn't you you'd you'll you're you've your yours yourself yourselves one two said says say
    mr mrs ms would could may might must shall also still yet however since via per s t
    """
)

STOPWORDS_DE = _wordset(
    """
    aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin
    bis bist da damit dann das dass dem den der des dessen die dies diese diesem diesen dieser
    dieses doch dort du durch ein eine einem einen einer eines er es etwas euch für gegen hat
    hatte hatten hier hin ich ihm ihn ihr ihre im in ist ja jede jedem jeden jeder jedes kann
    kein keine man mein mich mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr sein
    seine sich sie sind so soll über um und uns unter vom von vor war waren was weil wenn wer
    werden wie wieder will wir wird wo zu zum zur zwischen wurde wurden sagte
    """
)

STOPWORDS_RU = _wordset(
    """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже
    для до его ее её если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо мне
    может мы на над надо не него нее неё нет ни них но ну о об однако он она они оно от очень по
    под после при с со так также такой там те тем то того тоже той только том ты у уже хотя чего
    чей чем что чтобы чье чья эта эти это этот я заявил сказал
    """
)

QUESTION_WORDS = _wordset(
    """
    what who whom whose which when where why how did does do is are was were happen happened
    happening tell know latest news about anything something thing things any there
    affect affected affects impact impacted decide decided mean means cause caused say said
    expect expected plan planned think going will would could should many much long
    """
)

_RU_ENDINGS = (
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ться", "ется", "ится", "ают",
    "яют", "ала", "ила", "ого", "ов", "ев", "ей", "ой", "ый", "ий", "ая", "яя", "ое", "ее", "ые",
    "ие", "ах", "ях", "ам", "ям", "ом", "ем", "ую", "юю", "ть", "ла", "ли", "ло", "а", "я", "о",
    "е", "ы", "и", "у", "ю", "ь",
)  # fmt: skip


def words(text: str) -> list[str]:
    """Lower-cased word tokens; CJK runs are split into overlapping character bigrams."""
    lowered = text.lower()
    if _CJK.search(lowered) is None:
        return [t.replace("’", "'") for t in _WORD.findall(lowered)]
    out: list[str] = []
    for match in _WORD.finditer(lowered):
        token = match.group().replace("’", "'")
        if _CJK.search(token):
            out.extend(_cjk_bigrams(token))
        else:
            out.append(token)
    return out


def _cjk_bigrams(token: str) -> list[str]:
    grams: list[str] = []
    run: list[str] = []
    for char in [*token, " "]:
        if _CJK.match(char):
            run.append(char)
            continue
        if len(run) == 1:
            grams.append(run[0])
        grams.extend(run[i] + run[i + 1] for i in range(len(run) - 1))
        run = []
    rest = _CJK.sub(" ", token).split()
    return grams + rest


def is_stopword(token: str) -> bool:
    """True for function words of English, German or Russian."""
    return token in STOPWORDS_EN or token in STOPWORDS_DE or token in STOPWORDS_RU


def stem(token: str) -> str:
    """A light suffix-stripping stemmer (English rules, Russian endings for Cyrillic words)."""
    if _CYRILLIC.search(token):
        return _stem_ru(token)
    if not token.isascii() or len(token) <= 3:
        return token
    if token.endswith("'s"):
        token = token[:-2]
    for suffix, repl in (("sses", "ss"), ("ies", "y"), ("ied", "y"), ("ing", ""), ("edly", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return _undouble(token[: -len(suffix)] + repl)
    if token.endswith("ed") and len(token) > 4:
        return _undouble(token[:-2])
    if token.endswith("ly") and len(token) > 5:
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")) and len(token) > 3:
        return token[:-1]
    return token


def _undouble(token: str) -> str:
    if len(token) > 3 and token[-1] == token[-2] and token[-1] not in "lsz":
        return token[:-1]
    if token.endswith("e") and len(token) > 3:
        return token[:-1]
    return token


def _stem_ru(token: str) -> str:
    for ending in _RU_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            return token[: -len(ending)]
    return token


class TermCounter:
    """Turns text into stemmed content terms, caching stems (one per summarizer, not global)."""

    def __init__(self) -> None:
        self._stems: dict[str, str] = {}

    def terms(self, text: str) -> list[str]:
        """Stemmed tokens of ``text`` without stopwords or one-letter words."""
        return self.filter(words(text))

    def filter(self, tokens: Iterable[str]) -> list[str]:
        """Stem ``tokens`` and drop stopwords and one-letter Latin/Cyrillic words."""
        cache = self._stems
        out: list[str] = []
        for token in tokens:
            stemmed = cache.get(token)
            if stemmed is None:
                if len(cache) > 200_000:
                    cache.clear()
                dropped = is_stopword(token) or (len(token) == 1 and not _CJK.match(token))
                stemmed = cache[token] = "" if dropped else stem(token)
            if stemmed:
                out.append(stemmed)
        return out
