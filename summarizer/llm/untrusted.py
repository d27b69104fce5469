"""Article text made safe to quote in a prompt: it can neither close its fence nor forge a citation.

Articles are untrusted input. Inside a passage, runs of angle brackets (the fence marker, in any
width) become a single guillemet, and citation-like text such as ``[7]`` or ``【7】`` becomes
``(7)``. Sentences addressed to an AI ("ignore previous instructions…", "print 'X'") are left
out: they are not news, and leaving them out also means a reply that obeys one finds no passage
to support it; ``ordered_outputs`` keeps what they ordered printed, so the checks can drop it.
"""

from __future__ import annotations

import re
import unicodedata

FENCE_OPEN = "<<<"
FENCE_CLOSE = ">>>"

_ANGLES = re.compile(r"[<>\uff1c\uff1e\ufe64\ufe65\u2039\u203a\u3008\u3009\u27e8\u27e9]{2,}")
_CITATION = re.compile(
    r"[\[\uff3b\u3010\u3014]\s*(\d{1,4}(?:\s*[,;\-\u2013]\s*\d{1,4})*)\s*[\]\uff3d\u3011\u3015]"
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_AI = r"(?:ai|llm|gpt|chatgpt|assistant|chatbot|language\s+model)s?"
_INJECTION = re.compile(
    r"\b(?:"
    r"(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?"
    r"(?:previous|prior|above|earlier|preceding|system)\s+(?:instructions?|prompts?|rules|messages)"
    r"|(?:new|updated|real|actual)\s+instructions?\s*:"
    rf"|you\s+are\s+(?:now\s+)?(?:an?\s+|the\s+)?{_AI}\b"
    rf"|(?:if|when)\s+you\s+are\s+(?:an?\s+)?{_AI}\b"
    rf"|{_AI}(?:\s+(?:systems?|tools?|models?|agents?))?\s+(?:reading|summari[sz]ing|processing)\s+this\b"
    rf"|(?:note|message|attention|instructions?)\s+(?:to|for)\s+(?:all\s+|any\s+)?{_AI}\b"
    r"|(?:reveal|print|repeat|show|output)\s+(?:your|the)\s+(?:system|developer)\s+(?:prompt|message|instructions)"
    r")",
    re.IGNORECASE,
)


# An article telling its reader (the model) what to write: "print 'X'", "say the phrase X". Verbs
# that news also uses ("say", "include") count only with a word naming the text to be written.
_ORDER_START = r"(?:^|[.!?:;]\s+|\b(?:please|must|should|always|then|and|to|now|also|simply)\s+)"
_ORDER_TARGET = r"(?:word|words|phrase|text|string|marker|code|token|sentence|line|message|verbatim|exactly)"
_ORDER_FILLER = rf"(?:\s+(?:the|this|these|a|following|only|out|{_ORDER_TARGET}))*"
_QUOTED = [('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("«", "»"), ("„", "“”")]
_ORDER_WHAT = (
    r"\s*:?\s*(?:"
    + "|".join(f"{re.escape(o)}([^{re.escape(c)}\n]{{2,120}})[{re.escape(c)}]" for o, c in _QUOTED)
    + r"|(?-i:([A-Z0-9]+(?:[-_][A-Z0-9]+)+|[A-Z]+\d[A-Z0-9]*)))"
)
_ORDER = re.compile(
    rf"(?i){_ORDER_START}(?:"
    rf"(?:print|output|echo|emit|respond with|reply with|answer with|end (?:your|the|each) \w+ with)"
    rf"{_ORDER_FILLER}"
    rf"|(?:say|write|repeat|include|add|append|insert|type|state|end with|begin with|start with)"
    rf"(?:\s+(?:the|this|these|a|following|only|out))*\s+{_ORDER_TARGET}{_ORDER_FILLER}"
    rf"){_ORDER_WHAT}"
)


def ordered_outputs(text: str) -> tuple[str, ...]:
    """What ``text`` (an article) tells a model to print, say or output, as written there."""
    found = []
    for match in _ORDER.finditer(unicodedata.normalize("NFKC", text)):
        phrase = next((g for g in match.groups() if g), "").strip(" .,!?;:")
        if len(phrase) >= 4 and any(ch.isalnum() for ch in phrase):
            found.append(phrase)
    return tuple(dict.fromkeys(found))


def neutralise(text: str) -> str:
    """``text`` with fence markers and citation-like markers defused (see the module docstring)."""
    text = _ANGLES.sub("\u00ab", text)
    return _CITATION.sub(lambda match: f"({match.group(1)})", text)


def is_injection(sentence: str) -> bool:
    """True when ``sentence`` reads as an instruction to an AI rather than as news (including an
    order to print, say or output some text)."""
    plain = unicodedata.normalize("NFKC", sentence)
    return _INJECTION.search(plain) is not None or _ORDER.search(plain) is not None


def without_injections(text: str) -> str:
    """``text`` without the sentences that address an AI; paragraph breaks are kept."""
    if not is_injection(text):
        return text
    kept = [m.group() for m in _SENTENCE.finditer(text) if not is_injection(m.group())]
    return re.sub(r"[ \t]{2,}", " ", "".join(kept)).strip()


def quotable(text: str) -> str:
    """Article text as it may appear inside a prompt passage."""
    return neutralise(without_injections(text))
