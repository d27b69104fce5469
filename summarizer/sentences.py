"""Paragraph and sentence splitting for news text, with its rules built in (no downloads).

Handles abbreviations and initials, numbers, quotes spanning sentences (kept whole when their
attribution follows), lines that are headings, bylines, captions or list items, sentences glued
without a space, and CJK terminators. Over-long runs without any boundary are cut at clause marks
or word counts.
"""

from __future__ import annotations

import re

from summarizer.furniture import caption_parts, furniture_pieces


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_SENTENCE_WORDS = 80
MAX_QUOTE_CHARS = 320

_BLANK_LINE = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BULLET = re.compile(r"^(?:[•◦▪►‣·*\-–—]|\d{1,2}[.)])\s+")
_SYMBOL_BULLET = re.compile(r"^[•◦▪►‣·*\-–—]\s+")
_TERMINATOR = re.compile(r"[.!?…]+[\"'”’»)\]]*|[。！？]+[\"'”’」』）)]*")
_QUOTE = re.compile(r"[\"“”„«»]")
_QUOTES = '"“”„«»'
_OPENING = '"“„«'

_NEXT_WORD = re.compile(r"\s*[\"“„«(\[']*([^\s]+)")
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")
_CLAUSE = re.compile(r"[;:,，；]\s")
_TERMINAL = '.!?…。！？:;"”’»)]'

# Titles before a name: a period after them never ends a sentence.
_TITLES = _wordset(
    """
    mr mrs ms dr prof st sen rep gov gen lt col sgt capt cmdr adm rev hon mt ft pres supt insp
    det cllr messrs mme mlle hr fr frau herr nr no nos vs v p pp vol art fig ca bzw usw z.b u.a
    d.h г гг им ул проф др т.е т.д т.п см стр
    """
)
# Abbreviations that may also end a sentence: they end one only before a typical sentence opener.
_ABBREVIATIONS = _wordset(
    """
    etc inc ltd co corp plc bros jr sr approx est dept govt jan feb mar apr jun jul aug sep sept
    oct nov dec mon tue wed thu fri sat sun a.m p.m e.g i.e u.s u.k u.n u.s.a e.u
    """
)
_OPENERS = _wordset(
    """
    the a an he she it they we i you this that these those there but and so yet in on at for as
    after before when while if his her its their our my however meanwhile police officials der
    die das er sie es wir ich aber und
    """
)
_MONTHS = _wordset(
    """
    january february march april may june july august september october november december januar
    februar märz juni juli oktober dezember
    """
)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each stripped, inner lines kept and trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return paragraphs


def split_sentences(text: str, *, opening: bool = True) -> list[str]:
    """Sentences of ``text`` in order; never empty strings, never a sentence of only punctuation.

    ``opening``: the text opens an article, so a wire-agency dateline at its start is dropped.
    """
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        for block in _line_blocks(paragraph.split("\n")):
            for piece, furniture in furniture_pieces(block, first=opening and not sentences):
                for sentence in [piece] if furniture else _split_block(piece):
                    for part in caption_parts(sentence):
                        sentences.extend(_cut_long(part))
    return [s for s in sentences if any(ch.isalnum() for ch in s)]


# A dateline with a wire-agency tag opening an article: "LONDON, England (Reuters) --", "(AP) —".
def _line_blocks(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines; keep headings, bylines, captions and list items on their own."""
    blocks: list[str] = []
    current = ""
    for line in lines:
        if current and _continues(current, line):
            current = f"{current} {line}"
            continue
        if current:
            blocks.append(current)
        current = _SYMBOL_BULLET.sub("", line)
    if current:
        blocks.append(current)
    return blocks


def _continues(current: str, line: str) -> bool:
    if _BULLET.match(line) or _BULLET.match(current) or current[-1] in _TERMINAL:
        return False
    if len(current.split()) <= 8:
        return False
    return line[0].islower() or current[-1].islower() or current[-1] in ",-–"


def _split_block(block: str) -> list[str]:
    """Split one run of text at sentence ends, keeping short quoted speech whole."""
    out: list[str] = []
    start = 0
    spans = _kept_quotes(block)
    for match in _TERMINATOR.finditer(block):
        token = match.group()
        if spans and any(begin < match.start() < end for begin, end in spans):
            continue
        if not _is_boundary(block, match.start(), match.end(), token):
            continue
        out.append(block[start : match.end()].strip())
        start = match.end()
    tail = block[start:].strip()
    if tail:
        out.append(tail)
    return out


def _kept_quotes(block: str) -> list[tuple[int, int]]:
    """Spans of quotations that close within MAX_QUOTE_CHARS and are followed by their attribution.

    ``"We will strike. We have no choice," the union said.`` stays one sentence; a quotation that
    never closes (news style runs one across paragraphs) or ends its sentence is split as usual.
    """
    if not any(q in block for q in _QUOTES):
        return []
    spans: list[tuple[int, int]] = []
    opened: tuple[str, int] | None = None
    for match in _QUOTE.finditer(block):
        char, pos = match.group(), match.start()
        if opened is None:
            if char in _OPENING:
                opened = (char, pos)
            continue
        if char in _OPENING and char != '"' and not (char == "“" and opened[0] == "„"):
            opened = (char, pos)  # an unclosed quotation: start again from this one
            continue
        begin = opened[1]
        opened = None
        if pos - begin <= MAX_QUOTE_CHARS and _attributed(block, pos):
            spans.append((begin, pos))
    return spans


def _attributed(block: str, close: int) -> bool:
    """True when the sentence goes on past the closing quote: ``," she said``, ``», dit-il``."""
    before = block[:close].rstrip()
    after = block[close + 1 :].lstrip()
    if before.endswith((",", "…")) or before.endswith("..."):
        return True
    return bool(after) and (after[0].islower() or after[0] in ",;")


def _is_boundary(block: str, begin: int, end: int, token: str) -> bool:
    if token[0] in "。！？":
        return True
    after = block[end : end + 2]
    if not after:
        return True
    window = block[max(0, begin - 40) : begin].rsplit(None, 1)
    prev = window[-1].lstrip('"“„«([') if window else ""
    if not after[0].isspace():
        # A sentence glued to the next one, as in "$10.9bn.For the year": lower-case word, then Xx.
        return len(after) == 2 and after[0].isupper() and after[1].islower() and _lower_tail(prev)
    next_match = _NEXT_WORD.match(block, end)
    nxt = next_match.group(1) if next_match else ""
    if not nxt or nxt[0].islower():
        return False
    if not token.startswith(".") or token.startswith(".."):
        return True
    return _period_ends_sentence(prev, nxt)


def _lower_tail(word: str) -> bool:
    return len(word) >= 2 and word[-2:].isalpha() and word[-2:].islower()


def _period_ends_sentence(prev: str, nxt: str) -> bool:
    key = prev.lower().rstrip(".")
    opener = nxt.strip("\"'“”„«»()[]").lower()
    if key in _TITLES:
        return False
    if len(key) == 1 and key.isalpha() and prev[0].isupper():
        return False  # an initial, as in "J. K. Rowling"
    if key in _ABBREVIATIONS or _DOTTED.match(key):
        return opener in _OPENERS
    # A German date ("3. Oktober") is no sentence end.
    return not (key.isdigit() and len(key) <= 2 and opener in _MONTHS)


def _cut_long(sentence: str) -> list[str]:
    """Cut a run longer than MAX_SENTENCE_WORDS at clause marks, or by words as a last resort."""
    words = sentence.split()
    if len(words) <= MAX_SENTENCE_WORDS:
        return [sentence] if sentence else []
    pieces: list[str] = []
    rest = sentence
    while len(rest.split()) > MAX_SENTENCE_WORDS:
        window = " ".join(rest.split()[:MAX_SENTENCE_WORDS])
        cut = -1
        for match in _CLAUSE.finditer(window):
            if match.start() > len(window) // 3:
                cut = match.end()
        if cut < 0:
            cut = len(window)
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


_BOILERPLATE = re.compile(
    r"^(?:read more|related(?: articles?| stories)?:|see also|more on this|click here|scroll down"
    r"|sign up|subscribe|follow (?:us|@)|share (?:this|on)|advertisement|image (?:caption|copyright)"
    r"|(?:photo|picture|image|video|graphic)s?(?: credit)?:|watch:|listen:|copyright|all rights"
    r"|©|getty images|published:|updated:|last updated|this article|comments?\b|loading)"
    r"|click here|scroll down for|newsletter|cookie",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|von|от|автор)\s+[\w.'’-]+(?:\s+[\w.'’-]+){0,4}(?:,\s*[\w ]+)?$", re.I)


def is_boilerplate(sentence: str) -> bool:
    """True for bylines, captions, "Read more" and newsletter lines, and similar page furniture."""
    stripped = sentence.strip().strip("|-–—•*")
    if _BOILERPLATE.search(stripped) and len(stripped.split()) <= 30:
        return True
    return _BYLINE.match(stripped) is not None
