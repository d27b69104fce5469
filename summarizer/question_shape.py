"""What a question asks for: its type (a number, a place, a date, a reason, a person…), its
content words, the names in it, and whether it leans on an earlier turn ("and where is she
from?").

Pure functions over the question's text; stems come from the caller's stemmer (the project's
one), so question and passages are compared word for word as the index compares them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from summarizer.tokens import STOPWORDS_EN

StemText = Callable[[str], list[str]]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


class Want(StrEnum):
    """The kind of answer a question asks for."""

    NUMBER = "number"  # how many, what fraction, how big
    MONEY = "money"  # how much (did it cost, was paid)
    AGE = "age"  # how old
    DURATION = "duration"  # how long, until when
    DATE = "date"  # when, what date, which year
    PLACE = "place"  # where, which city
    REASON = "reason"  # why, what is the point
    PERSON = "person"  # who, whom, which player
    DESCRIPTION = "description"  # who is <name>
    SCORE = "score"  # what was the score
    ENTITY = "entity"  # which company, which club
    MANNER = "manner"  # how did, how will
    SAID = "said"  # what did <someone> say, how did they react
    ANY = "any"  # what …


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WH = {"what", "who", "whom", "whose", "which", "when", "where", "why", "how"}
AUXILIARIES = _wordset(
    "is are was were do does did can could will would should has have had may might must shall am"
)
QUESTION_WORDS = _wordset("what who whom whose which when where why how did does do is are was were")
FRAMING = frozenset(("tell", "know"))
PRONOUNS = _wordset("he she they it his her their its him them there that this those these theirs hers")
_SAYING = (
    r"(?:say|said|tell|told|warn|argue|claim|think|react|respond|reply|add|admit|announce|describe|"
    r"call|suggest|insist|promise|predict|advise)"
)
_MONEY_WORDS = re.compile(
    r"\b(cost|costs|costing|price|priced|pay|pays|paying|paid|worth|spend|spent|fetch|fetched|earn|earned|raise|raised|"
    r"sell|sells|selling|sold|seeking|seek|fine|fined|charge|charged|charges|charging|fee|fees|money|"
    r"offer|offered|offering|bid|salary|earning|earns|raising|spending|"
    r"compensation|save|saving|fund|funding|funded|prize|budget|bill|take|took|takings|gross|grossed|"
    r"invest|invested|investment|owe|owed|debt|loan|profit|revenue|sales|award|awarded|damages)\b"
)
_PLACE_NOUNS = (
    "city|country|town|island|place|state|region|county|area|part|constituency|seat|highway|"
    "road|street|stadium|ground|venue|university|village|district|province|continent|capital"
)
_ENTITY_OPENING = re.compile(
    r"^(?:which|what)\s+(?!(?:is|are|was|were|did|does|do|will|would|can|could|should|shall|may|might|"
    r"must|has|have|had)\b)(\w+)"
)
_PERSON_NOUNS = re.compile(
    r"\b(?:person|man|woman|player|director|coach|manager|boss|actor|actress|singer|leader|minister|"
    r"official|former player|official|footballer|striker|defender|goalkeeper|scientist|author|judge|"
    r"chief|executive|founder|owner|winner|opponent)\b"
)


@dataclass(frozen=True)
class QuestionShape:
    """A question read for answering."""

    text: str
    want: Want
    terms: tuple[str, ...]  # content stems, in order, once each (names included)
    names: tuple[str, ...]  # stems of the names it mentions (capitalised words)
    leans_back: bool  # a pronoun or an omitted subject: it needs the turn before
    numbers: frozenset[str] = field(default_factory=frozenset)  # figures the question itself states
    # The words naming what is asked for: "which charities", "how many grievances", "on which highway".
    focus: tuple[str, ...] = ()
    # "What about the ferry?", "And Southwest?": the new subject a follow-up names (stems); empty
    # for any other question. ``borrows``: it asks the turn before's question about that subject.
    subject: tuple[str, ...] = ()
    borrows: bool = False
    borrowed: tuple[str, ...] = ()  # terms taken from the turn before's question (they weigh less)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _want(lowered: str) -> Want:
    """The answer type from how the question opens (and a few telling words)."""
    text = lowered.strip()
    text = re.sub(r"^(?:and|but|so|then|also|ok|okay)[\s,]+", "", text)
    if re.match(r"^by how (?:much|many)\b", text):  # "by how much will it rise": a change, not a sum
        return Want.NUMBER
    text = re.sub(r"^(?:in|on|at|to|from|for|by|until|since|of)\s+(?=(?:what|which|how)\b)", "", text)
    if re.match(r"^how (?:many|much)\b", text):
        priced = re.match(r"^how much (?:is|are|was|were)\b", text)  # "how much is a ticket?"
        money = _MONEY_WORDS.search(text) or " for" in text or priced
        if re.match(r"^how much\b", text) and money:
            return Want.MONEY
        return Want.NUMBER  # "how much footwear", "how much of the vote": a quantity, not a sum
    if re.match(r"^how old\b", text) or re.search(r"\bwhat(?:'s| is| was)\b.*\bage\b", text):
        return Want.AGE
    if re.match(r"^how long\b", text) or re.match(r"^until when\b", text):
        return Want.DURATION
    if re.match(r"^how (?:fast|quickly|soon)\b", text):
        return Want.DURATION
    if re.match(
        r"^(?:how (?:far|near|close|high|tall|deep|big|large|great|wide|heavy|low|expensive)|by how)\b", text
    ):
        return Want.MONEY if "expensive" in text[:20] else Want.NUMBER
    if re.match(r"^what (?:fraction|proportion|percentage|share|number|amount|tally)\b", text):
        return Want.NUMBER
    if re.match(r"^what (?:was|is) the (?:final )?(?:score|result)\b", text):
        return Want.SCORE
    if re.match(r"^when\b", text) or re.match(r"^(?:what|which) (?:date|day|year|month|time)\b", text):
        return Want.DATE
    if re.match(r"^where\b", text) or re.match(rf"^(?:what|which) (?:{_PLACE_NOUNS})\b", text):
        return Want.PLACE
    if re.match(r"^why\b", text) or re.match(r"^what (?:is|was) the (?:point|reason|purpose|aim)\b", text):
        return Want.REASON
    if re.match(rf"^(?:what|how)\s+(?:did|does|do|has|have|had|will|would)\s+.+?\s+{_SAYING}\b", text):
        return Want.SAID
    if re.match(r"^(?:who|whom)\s+(?:is|was|are)\s+[^\s]+(?:\s+[^\s]+){0,2}\??$", text):
        return Want.DESCRIPTION
    if re.match(r"^(?:who|whom|whose)\b", text):
        return Want.PERSON
    entity = _ENTITY_OPENING.match(text)
    if entity:
        return Want.PERSON if _PERSON_NOUNS.match(entity.group(1)) else Want.ENTITY
    if re.match(r"^how\b", text):
        return Want.MANNER
    if re.search(r"\bwhat (?:is|was) the (?:price|cost)\b|\bwhat did .* cost\b", text):
        return Want.MONEY
    return Want.ANY


_FOCUS_OPENING = re.compile(
    r"^(?:(?:and|but|so)\s+)?(?:(?:in|on|at|to|from|for|by|of|with)\s+)?"
    r"(?:which|what|whose|how many|how much)\s+(?:(?:is|was|are|were)\s+the\s+)?(?P<rest>.*)$"
)
FOCUS_WORDS = 3


def _focus(lowered: list[str]) -> list[str]:
    """The words right after "which", "what (is the)", "whose" or "how many", up to the first
    function word: what the question asks for."""
    opening = _FOCUS_OPENING.match(" ".join(lowered))
    if opening is None:
        return []
    focus: list[str] = []
    for word in tokens(opening.group("rest"))[:FOCUS_WORDS]:
        bare = word.removesuffix("'s")
        if bare in STOPWORDS_EN or bare in AUXILIARIES or bare in QUESTION_WORDS or bare != word:
            break
        focus.append(bare)
    return focus


def shape(text: str, stem_text: StemText) -> QuestionShape:
    """Read ``text`` as a question: its answer type, content stems, names, and whether it leans back."""
    raw = tokens(text)
    lowered = [t.lower().replace("’", "'") for t in raw]
    names: list[str] = []
    terms: list[str] = []
    pronoun = False
    for index, (token, low) in enumerate(zip(raw, lowered, strict=True)):
        bare = low.removesuffix("'s")
        if bare in PRONOUNS:
            pronoun = True
        if bare in STOPWORDS_EN or bare in QUESTION_WORDS or bare in AUXILIARIES or bare in FRAMING:
            continue
        if index > 0 and lowered[index - 1] == "how":  # "how many", "how long": the type, not the topic
            continue
        stems = stem_text(bare)
        if not stems:
            continue
        stem = stems[0]
        terms.append(stem)
        capital = token[0].isupper() or (len(token) > 1 and token.isupper())
        if capital and (index > 0 or bare not in _WH) and not token.isdigit():
            names.append(stem)
    numbers = frozenset(re.sub(r"\D", "", t) for t in raw if any(ch.isdigit() for ch in t))
    capitalised = {t.lower() for t in raw[1:] if t[:1].isupper()}
    focus = [s for w in _focus(lowered) if w not in capitalised for s in stem_text(w)[:1]]
    content = [t for t in terms if t not in names]
    leans = pronoun or (not names and len(content) <= 1)
    found = QuestionShape(
        text=text,
        want=_want(" ".join(lowered)),
        terms=tuple(dict.fromkeys(terms)),
        names=tuple(dict.fromkeys(names)),
        leans_back=leans,
        numbers=numbers,
        focus=tuple(dict.fromkeys(focus)),
    )
    return _with_subject(found, stem_text)


_WHAT_ABOUT = re.compile(
    r"^(?:(?:and|but|so|ok|okay)[\s,]+)?(?:what|how)\s+about\s+(?P<x>[^,;?]+?)\s*(?:[,;]\s*(?P<tail>.+?))?\s*\??$",
    re.IGNORECASE,
)
_AND_X = re.compile(r"^(?:and|but)\s+(?P<x>[^,;?]+?)\s*\??$", re.IGNORECASE)


def _with_subject(found: QuestionShape, stem_text: StemText) -> QuestionShape:
    """A follow-up that names a new subject ("what about the ferry?", "and Southwest?", "what about
    Matthew Perry, what is he working on?") is about that subject, not the turn before's: its
    pronouns mean the subject it names, and without a question of its own it borrows the turn
    before's ("and the strike?" after "how many…?" asks how many, of the strike)."""
    text = found.text.strip()
    match = _WHAT_ABOUT.match(text)
    tail = match.group("tail") if match else None
    if match is None:
        match = _AND_X.match(text)
        if match is None:
            return found
        opening = tokens(match.group("x"))[:1]
        if not opening or opening[0].lower() in _WH or opening[0].lower() in AUXILIARIES:
            return found
    subject_words = [
        w.lower()
        for w in tokens(match.group("x"))
        if w.lower() not in STOPWORDS_EN and w.lower() not in PRONOUNS and w.lower() not in _WH
    ]
    subject = tuple(dict.fromkeys(s for w in subject_words for s in stem_text(w)[:1]))
    if not subject:
        return found
    if tail and tokens(tail)[:1] and tokens(tail)[0].lower() in _WH:
        asked = shape(tail, stem_text)
        return replace(
            found,
            want=asked.want,
            focus=asked.focus,
            leans_back=False,
            subject=subject,
        )
    return replace(found, leans_back=False, subject=subject, borrows=True)


_COMPOUND = re.compile(
    r",?\s+and\s+(?=(?:what|who|whom|whose|which|when|where|why|how|until|on what|in which|by how)\b)",
    re.IGNORECASE,
)
_EACH = re.compile(
    r"^(?P<head>.*?\b)(?P<a>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+and\s+(?:the\s+)?"
    r"(?P<b>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,4}?)\s+each\b(?P<tail>.*)$"
)


def split_compound(text: str) -> list[str]:
    """The parts of a question that asks two things ("What did X say, and when did Y…?"), each a
    question of its own; a question asking one thing comes back alone."""
    parts = [p.strip(" ,;") for p in _COMPOUND.split(text) if p.strip(" ,;")]
    if len(parts) > 1:
        return [p if p.endswith("?") else p + "?" for p in parts]
    each = _EACH.match(text.strip())
    if each:
        head, tail = each.group("head"), each.group("tail")
        return [f"{head}{each.group('a')}{tail}".strip(), f"{head}the {each.group('b')}{tail}".strip()]
    return [text]
