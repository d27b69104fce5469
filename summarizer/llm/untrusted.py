"""Article text made safe to quote in a prompt: it can neither close its fence nor forge a citation.

Articles are untrusted input. Inside a passage, runs of angle brackets (the fence marker, in any
width) become a single guillemet, and citation-like text such as ``[7]`` or ``【7】`` becomes
``(7)``. Sentences addressed to an AI ("ignore previous instructions…") are left out: they are
not news, and leaving them out also means a reply that obeys one finds no passage to support it.
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


def neutralise(text: str) -> str:
    """``text`` with fence markers and citation-like markers defused (see the module docstring)."""
    text = _ANGLES.sub("\u00ab", text)
    return _CITATION.sub(lambda match: f"({match.group(1)})", text)


def is_injection(sentence: str) -> bool:
    """True when ``sentence`` reads as an instruction to an AI rather than as news."""
    return _INJECTION.search(unicodedata.normalize("NFKC", sentence)) is not None


def without_injections(text: str) -> str:
    """``text`` without the sentences that address an AI; paragraph breaks are kept."""
    if not is_injection(text):
        return text
    kept = [m.group() for m in _SENTENCE.finditer(text) if not is_injection(m.group())]
    return re.sub(r"[ \t]{2,}", " ", "".join(kept)).strip()


def quotable(text: str) -> str:
    """Article text as it may appear inside a prompt passage."""
    return neutralise(without_injections(text))
