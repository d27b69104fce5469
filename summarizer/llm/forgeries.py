"""What a model's sentence must never carry to a reader, however well its words match a passage.

The support check compares words, so a sentence made of a passage's words can still be forged:
it can name a host or a handle, turn the passage around, speak to the reader or the model,
repeat a word forty times, or print what an article told the model to print. ``forgery`` names
the first such fault of a sentence against the passages it rests on, or returns None.

Links in a briefing are built from stored article ids, never taken from model text, so any
token that looks like an address is a fault, whatever its ending (``evil-payments.ai``,
``evil.zip``, ``1.2.3.4``, ``xn--…``, ``evil[.]com``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable

# Dots as models and pranksters write them: full stops of other scripts, and defanged forms.
_DOTS = str.maketrans({"。": ".", "｡": ".", "․": ".", "‧": "."})
_ADDRESS = re.compile(
    r"(?i)(?:[a-z][a-z0-9+.-]*://|\bwww\d*\.|\bt\.me/|\]\(|mailto:"
    r"|\b[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9-]{1,63})*\.(?:[a-z]{2,63}|xn--[a-z0-9-]+)\b"
    r"|\bxn--[a-z0-9-]+"
    r"|\b\d{1,3}(?:\.\d{1,3}){3}\b"
    r"|\b(?=[0-9a-f:]*[a-f][0-9a-f:]*\b)(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b|::1\b"
    r"|\w\s*(?:\[\s*\.\s*\]|\(\s*\.\s*\)|[\[({]\s*dot\s*[\])}])\s*\w)"
)
# Dotted abbreviations that are words, not hosts ("e.g.", "U.S.", "a.m.", "Ph.D.").
_ABBREVIATION = re.compile(r"(?i)^(?:[a-z]\.){1,3}[a-z]{1,2}$|^(?:ph\.d|no\.\d+|st\.\w+)$")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,}|\w@\w")

# Speaking to the reader or to the model: never news, whatever the passage says.
_ALWAYS_ADDRESS = re.compile(
    r"(?i)\b(?:ignore|disregard)\b.{0,40}\b(?:instructions?|prompts?|rules|above|previous|everything)\b"
    r"|\b(?:system|developer)\s+(?:prompt|message)\b|\binstructions?\s*:"
    r"|\bas an ai\b|\b(?:language model|chatbot|ai assistant)\b"
    r"|\bclick\b|\btap (?:here|the link|below)\b|\bsend (?:your|us|me|money|bitcoin|crypto|funds)\b"
    r"|\byour (?:password|account|wallet|card|bank|pin|seed|login|details|personal data|credentials)\b"
    r"|\b(?:tell|warn|urge|inform) (?:your )?(?:readers|users|subscribers|everyone)\b"
    r"|\b(?:dear|attention) (?:reader|readers|user|users)\b|\breaders (?:should|must|need to)\b"
    r"|\b(?:buy|act|order|call|donate|subscribe|sign up|register|log ?in|verify) now\b"
    r"|\b(?:wire|transfer) (?:the )?(?:money|funds|payment)\b|\b(?:dm|message) us\b"
)
# Words that speak to someone: allowed only when the passage itself uses them.
_MAYBE_ADDRESS = re.compile(
    r"(?i)\b(?:you|your|yours|yourself|ignore|instructions?|prompt|visit|subscribe|download|contact"
    r"|reply|respond|urgent|urgently|immediately)\b"
)

# Turning a passage around: a negation, or a word's opposite, that its passage does not have.
_NEGATION = re.compile(
    r"(?i)\b(?:not|no|never|none|nobody|nothing|neither|nor|false|untrue|denied|deny|denies|hoax|myth"
    r"|lie|lies|lied|fake|fabricated|debunked|retracted|rumou?rs?|misinformation|disinformation"
    r"|contrary|cannot|refused|refuses|failed)\b|n['’]t\b"
)
_OPPOSITES = [
    (
        "approved approves approve approval",
        "rejected rejects reject rejection blocked vetoed cancelled lost defeated",
    ),
    ("won win wins winning victory", "lost lose loses losing defeat defeated"),
    (
        "rose rise rises risen increased increase increases up higher more gained",
        "fell fall falls fallen decreased decrease decreases down lower fewer less dropped",
    ),
    ("open opened opens opening", "closed close closes closing shut"),
    ("accepted accepts accept", "refused refuses refuse declined"),
    ("passed pass passes", "failed fail fails"),
    ("guilty convicted", "innocent acquitted"),
    ("safe", "unsafe dangerous"),
    ("confirmed confirms confirm", "denied denies deny"),
    ("began begin begins started start starts", "ended end ends stopped stop stops"),
    ("hired hires hire", "fired sacked"),
    ("expected", "unexpected"),
    ("likely", "unlikely"),
]
_OPPOSITE: dict[str, frozenset[str]] = {}
for _one, _other in _OPPOSITES:
    for _a, _b in ((_one, _other), (_other, _one)):
        for _word in _a.split():
            _OPPOSITE[_word] = _OPPOSITE.get(_word, frozenset()) | frozenset(_b.split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
REPEAT_FLOOR = 4  # a word may appear this often in a sentence before repetition is weighed


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_DOTS)


def _words(text: str) -> list[str]:
    return _WORD.findall(_plain(text).casefold())


def has_address(text: str) -> bool:
    """True when ``text`` names a host, an address, a link or an @handle, in whatever form."""
    plain = _plain(text)
    if _HANDLE.search(plain):
        return True
    return any(not _ABBREVIATION.match(m.group().strip(".")) for m in _ADDRESS.finditer(plain))


def addresses_someone(sentence: str, evidence: str) -> bool:
    """True when ``sentence`` speaks to the reader or the model instead of telling the news."""
    if _ALWAYS_ADDRESS.search(_plain(sentence)):
        return True
    said = {w.casefold() for w in _WORD.findall(evidence)}
    return any(m.group().casefold() not in said for m in _MAYBE_ADDRESS.finditer(sentence))


def reverses(sentence: str, evidence: str) -> bool:
    """True when ``sentence`` negates or turns around what its passages say.

    More negations than the passages hold, or a word whose opposite the passages use
    where they do not use the word itself ("rejected" over a passage saying "approved").
    """
    if len(_NEGATION.findall(sentence)) > len(_NEGATION.findall(evidence)):
        return True
    said = set(_words(evidence))
    return any(word not in said and _OPPOSITE.get(word, frozenset()) & said for word in set(_words(sentence)))


def repeats(sentence: str, evidence: str) -> bool:
    """True when a word comes back far more often than in the passages."""
    counts = Counter(w for w in _words(sentence) if len(w) > 1)
    if not counts:
        return False
    said = Counter(_words(evidence))
    return any(n >= REPEAT_FLOOR and n > 2 * said[w] + 2 for w, n in counts.items())


def reproduces(sentence: str, withheld: Iterable[str]) -> bool:
    """True when ``sentence`` contains one of the ``withheld`` phrases (word for word, any case)."""
    words = " " + " ".join(_words(sentence)) + " "
    return any(f" {' '.join(_words(p))} " in words for p in withheld if _words(p))


def line_forgery(line: str, withheld: Iterable[str] = ()) -> str | None:
    """The fault of a whole line that no passage can excuse (an address, an order obeyed,
    words to the reader or the model), or None: one such fault drops every sentence of it."""
    if has_address(line):
        return "link"
    if reproduces(line, withheld):
        return "ordered by the article"
    if _ALWAYS_ADDRESS.search(_plain(line)):
        return "addresses the reader"
    return None


def forgery(sentence: str, evidence: Collection[str], withheld: Iterable[str] = ()) -> str | None:
    """The first fault of ``sentence`` against its passages (``evidence``), or None."""
    said = " ".join(evidence)
    if has_address(sentence):
        return "link"
    if reproduces(sentence, withheld):
        return "ordered by the article"
    if addresses_someone(sentence, said):
        return "addresses the reader"
    if reverses(sentence, said):
        return "reverses its passage"
    if repeats(sentence, said):
        return "repeats a word"
    return None
