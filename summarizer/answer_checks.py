"""Whether a ranked sentence may be given as an answer: cheap checks, each one explainable.

- **named**: every named thing in the question (a name, a nationality, an organisation, a place,
  a figure, a date) is found in the sentence's article; "Chinese" is found by China, Chinese or
  Beijing. A question about "the Chinese foreign ministry" over a story that never mentions China
  is not answered from it.
- **type**: the sentence holds the kind of thing asked for close to the question's words it
  matches: a figure for "how many", a sum for "how much", a name for "who", a place for "where",
  a date for "when", a cause for "why".

An answer needs both (and enough of the question covered, which ranking already asks). When
something relevant was found but fails them, the reply shows the closest passages instead; when
nothing relevant was found, it declines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarizer.answer_types import answer_spans
from summarizer.question_shape import QuestionShape, StemText, Want
from summarizer.tokens import STOPWORDS_EN

CLOSEST_PASSAGES = 2  # passages shown when the articles don't say exactly
NEAR_WORDS = 20  # the asked-for thing must be this close (in words) to a matched question word

_WORD = re.compile(r"[^\W_]+")
_NAME_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# A nationality or a country named one way in a question is often named another in the article.
_PLACES: tuple[tuple[str, ...], ...] = (
    ("china", "chinese", "beijing"),
    ("russia", "russian", "russians", "moscow", "kremlin"),
    ("america", "american", "americans", "us", "usa", "washington"),
    ("britain", "british", "uk", "england", "english", "london"),
    ("france", "french", "paris"),
    ("germany", "german", "germans", "berlin"),
    ("japan", "japanese", "tokyo"),
    ("india", "indian", "indians", "delhi"),
    ("italy", "italian", "italians", "rome"),
    ("spain", "spanish", "madrid"),
    ("ireland", "irish", "dublin"),
    ("scotland", "scottish", "scots", "edinburgh"),
    ("wales", "welsh", "cardiff"),
    ("greece", "greek", "greeks", "athens"),
    ("israel", "israeli", "israelis", "jerusalem"),
    ("iran", "iranian", "tehran"),
    ("iraq", "iraqi", "iraqis", "baghdad"),
    ("ukraine", "ukrainian", "kyiv", "kiev"),
    ("canada", "canadian", "ottawa"),
    ("australia", "australian", "canberra"),
    ("brazil", "brazilian"),
    ("mexico", "mexican"),
    ("netherlands", "dutch", "holland", "amsterdam"),
    ("sweden", "swedish", "swede", "stockholm"),
    ("europe", "european", "eu"),
    ("norway", "norwegian", "norwegians", "oslo"),
    ("denmark", "danish", "dane", "danes", "copenhagen"),
    ("finland", "finnish", "finn", "finns", "helsinki"),
    ("poland", "polish", "pole", "poles", "warsaw"),
    ("turkey", "turkish", "turk", "turks", "ankara"),
    ("korea", "korean", "koreans", "seoul", "pyongyang"),
    ("egypt", "egyptian", "cairo"),
    ("switzerland", "swiss", "bern", "geneva"),
    ("belgium", "belgian", "brussels"),
    ("portugal", "portuguese", "lisbon"),
    ("austria", "austrian", "vienna"),
    ("pakistan", "pakistani", "islamabad"),
    ("saudi", "arabia", "riyadh"),
    ("syria", "syrian", "damascus"),
    ("afghanistan", "afghan", "kabul"),
    ("nigeria", "nigerian", "abuja", "lagos"),
    ("argentina", "argentine", "argentinian", "buenos"),
    ("thailand", "thai", "bangkok"),
    ("indonesia", "indonesian", "jakarta"),
    ("vietnam", "vietnamese", "hanoi"),
    ("kenya", "kenyan", "nairobi"),
    ("jamaica", "jamaican", "kingston"),
)
ALIASES: dict[str, frozenset[str]] = {word: frozenset(group) for group in _PLACES for word in group}


@dataclass(frozen=True)
class Named:
    """A named thing of the question: how it is written, and the words any of which find it."""

    surface: str
    forms: frozenset[str]


def named_things(question: str, stem_text: StemText) -> list[Named]:
    """The question's names (capitalised words past the first, stop words aside) and figures."""
    tokens = _NAME_TOKEN.findall(question)
    found: list[Named] = []
    for index, token in enumerate(tokens):
        bare = re.sub(r"['’]s$", "", token)
        low = bare.lower()
        if any(ch.isdigit() for ch in bare):
            found.append(Named(bare, frozenset({low})))
            continue
        if index == 0 or not bare[:1].isupper() or len(bare) < 2 or low in STOPWORDS_EN:
            continue
        stems = stem_text(low)
        forms = {low, *stems[:1], *ALIASES.get(low, ())}
        found.append(Named(bare, frozenset(forms)))
    return list({n.surface: n for n in found}.values())


def article_words(texts: Iterable[str], stem_text: StemText) -> frozenset[str]:
    """Every word of an article, lower-cased, with its stem: what named things are looked up in."""
    words: set[str] = set()
    for text in texts:
        lowered = [w.lower() for w in _WORD.findall(text)]
        words.update(lowered)
        if lowered:
            words.update(stem_text(" ".join(lowered)))
    return frozenset(words)


def missing_names(named: Sequence[Named], words: frozenset[str]) -> list[str]:
    """The named things none of whose forms the article holds."""
    return [n.surface for n in named if n.forms.isdisjoint(words)]


def type_near(found: QuestionShape, sentence: str, stem_text: StemText) -> tuple[bool, str]:
    """Whether ``sentence`` holds what ``found`` asks for near the question words it matches,
    and what was seen (for the reply's signals)."""
    if found.want in (Want.ANY, Want.MANNER):
        return True, "no particular kind of answer asked for"
    words = list(_WORD.finditer(sentence))
    if not words:
        return False, "empty sentence"
    stems = stem_text(" ".join(w.group().lower() for w in words))
    if found.want is Want.ENTITY and not set(found.focus).isdisjoint(stems):
        return True, f"names the {' '.join(found.focus)} asked about"  # "which contract": "a navy contract"
    spans = answer_spans(found.want, sentence, found.text, found.numbers)
    if not spans:
        return False, f"no {found.want.value} in the sentence"
    asked = set(found.terms)
    matched = [i for i, stem in enumerate(stems) if stem in asked]
    if not matched:
        return True, f"a {found.want.value} ({_first(spans, sentence)}), the question's words in the context"
    starts = [w.start() for w in words]
    positions = [_index(starts, start) for start, _ in spans]
    distance = min(abs(p - m) for p in positions for m in matched)
    if distance <= NEAR_WORDS:
        return True, f"a {found.want.value} ({_first(spans, sentence)}) {distance} words from the question's"
    return False, f"the {found.want.value} is {distance} words from the question's words"


def _index(starts: Sequence[int], offset: int) -> int:
    """The word at character ``offset``."""
    index = 0
    for i, start in enumerate(starts):
        if start <= offset:
            index = i
    return index


def _first(spans: Sequence[tuple[int, int]], sentence: str) -> str:
    start, end = spans[0]
    return sentence[start:end].strip()[:40]
