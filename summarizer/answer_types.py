"""Whether a sentence holds the kind of answer a question asks for: a figure for "how many", a
sum for "how much", a date for "when", a place for "where", a reason clause for "why"…

Each check looks for something the question itself does not already say (a number the question
states is no answer to it). A match is a hint for ranking, never proof of an answer.
"""

from __future__ import annotations

import re

from summarizer.question_shape import Want

SINGLE_NAME = 0.8  # who: one capitalised word, against a full name
BARE_FIGURE = 0.7  # how many: a figure without its unit, against a quantity with one
AGE_OR_DATE = 0.3  # how many: only an age or a date

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens|half|quarter|third|"
    "double|twice|triple"
)
_FIGURE = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d[\d,.]*")
_MONEY = re.compile(
    r"[$£€¥]\s?\d|\d[\d,.]*\s?(?:m|bn|k|mn)?\s*(?:euros?|dollars?|pounds?|pence|cents?|francs?|yen|"
    r"rupees?|kronor|krona|crowns?|usd|eur|gbp)\b|\b(?:euros?|dollars?|pounds?)\b",
    re.IGNORECASE,
)
_UNITS = (
    r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|nights?|"
    r"miles?|kilomet(?:re|er)s?|km|metres?|meters?|feet|ft|foot|inches|yards?|knots?|"
    r"per cent|percent|%|tonnes?|tons?|kg|kilos?|grams?|litres?|degrees?|gigawatts?|megawatts?|mph"
)
_MEASURE = re.compile(rf"(?:\d[\d,.]*|\b(?:{_NUMBER_WORDS})\b)[\s-]*(?:{_UNITS})\b|\d%", re.IGNORECASE)
_DURATION = re.compile(
    rf"(?:\d[\d,.]*|\b(?:{_NUMBER_WORDS}|a|an|several|few)\b)[\s-]*(?:seconds?|minutes?|hours?|days?|"
    rf"weeks?|months?|years?|decades?)\b|\buntil\b|\btill\b|\bfor life\b",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b\d{1,3}-year-old\b|\b(?:aged|age of)\s+\d{1,3}\b|\b[a-z]+(?:-[a-z]+)?-year-old\b|,\s?\d{1,3},|"
    r"\b\d{1,3}\s+years?\s+old\b",
    re.IGNORECASE,
)
_MONTHS_RE = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:1[5-9]|20)\d{2}s?\b|\b(?:today|yesterday|tomorrow|tonight|last (?:week|month|year)|"
    r"next (?:week|month|year)|this (?:week|month|year))\b|\b\d{1,2}(?:[.:]\d{2})?\s?(?:a\.m\.|p\.m\.|"
    r"(?:am|pm)\b)|\b(?:spring|summer|autumn|winter)\b|\b(?:shortly|soon) after\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a result|after|since|so that|in order to|amid|following|"
    r"thanks to|blamed|wants? to|aims? to|to (?:cut|reduce|avoid|help|raise|protect|prevent|stop)|"
    r"in an attempt|over (?:claims|concerns|fears|reports)|reason)\b",
    re.IGNORECASE,
)
_SCORE = re.compile(r"\b\d{1,2}\s?-\s?\d{1,2}\b|\b\d{1,3} votes? to \d{1,3}\b")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’.-]+(?:\s+(?:of|de|the|and)?\s*[A-Z][\w'’.-]+)*")
# A sentence's first word is capitalised anyway: only a name of two words or more counts there.
_OPENING_NAME = re.compile(r"^[\"“‘']?([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)+)")
_PLACE_WORDS = re.compile(
    r"\b(?:in|at|to|from|near|outside|inside|across|on)\s+(?:the\s+)?[A-Za-z][\w'’-]+|"
    r"\b(?:city|town|island|country|street|road|interstate|highway|stadium|university|county|region|"
    r"north(?:ern)?|south(?:ern)?|east(?:ern)?|west(?:ern)?)\b",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"\b(?:chief|head|leader|director|manager|minister|spokes\w+|executive|president|chairman|founder|"
    r"biologist|scientist|researcher|professor|expert|lawyer|judge|officer|official|owner|editor|"
    r"analyst|economist|coach|captain|player|striker|defender|singer|actor|actress|author|mediator|"
    r"former|member|who\b|a\s+\w+\s+(?:from|at|of)\b)",
    re.IGNORECASE,
)


_DATE_FIGURE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS_RE})\b|\b(?:{_MONTHS_RE})\s+\d{{1,2}}\b|\b(?:1[5-9]|20)\d{{2}}\b|"
    r"\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s?(?:a\.m\.|p\.m\.|am|pm)",
    re.IGNORECASE,
)


def _new_figures(sentence: str, stated: frozenset[str]) -> bool:
    """True when the sentence states a figure the question does not (dates and times aside)."""
    sentence = _DATE_FIGURE.sub(" ", sentence)
    digits = {re.sub(r"\D", "", d) for d in _DIGITS.findall(sentence)} - {""}
    if digits - stated:
        return True
    return bool(re.search(rf"\b(?:{_NUMBER_WORDS})\b", sentence, re.IGNORECASE))


_CALENDAR = re.compile(
    rf"^(?:{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.IGNORECASE
)


def _new_names(sentence: str, question: str) -> list[str]:
    """Capitalised names in ``sentence`` that the question does not say (weekdays and months
    are no names)."""
    asked = question.lower()
    found = []
    opening = _OPENING_NAME.match(sentence)
    matches = [opening] if opening else []
    matches += [m for m in _CAPITALISED.finditer(sentence) if not opening or m.start() >= opening.end()]
    for match in matches:
        words = [w for w in match.group(match.lastindex or 0).split() if not _CALENDAR.match(w.strip(".,'’"))]
        name = " ".join(words)
        if name and name.lower() not in asked:
            found.append(name)
    return found


def _person_fit(sentence: str, question: str) -> float:
    """A name of two words or more (as people's names are) fits best; one capitalised word less."""
    names = _new_names(sentence, question)
    if any(len(n.split()) > 1 for n in names):
        return 1.0
    return SINGLE_NAME if names else 0.0


_AGE_OR_DATE = re.compile(
    rf"\b[\w]+(?:-[\w]+)?-year-old\b|\b(?:aged|age of)\s+\d{{1,3}}\b|\b\d{{1,3}}\s+years?\s+old\b|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS_RE})\b|\b(?:{_MONTHS_RE})\s+\d{{1,2}}\b|\b(?:1[5-9]|20)\d{{2}}\b",
    re.IGNORECASE,
)


def _number_fit(sentence: str, stated: frozenset[str]) -> float:
    """A quantity with its unit fits best, a bare figure less, an age or a date hardly at all."""
    rest = _AGE_OR_DATE.sub(" ", sentence)
    if _MEASURE.search(rest) and _new_figures(rest, stated):
        return 1.0
    if _new_figures(rest, stated):
        return BARE_FIGURE
    return AGE_OR_DATE if _new_figures(sentence, stated) else 0.0


_REPORTED = re.compile(
    r"[\"“”]|\b(?:said|says|told|warned|argued|claimed|added|admitted|announced|described|called|"
    r"suggested|insisted|promised|predicted|advised|believes?|thinks?|statement|according to)\b",
    re.IGNORECASE,
)


def _speaker_named(sentence: str, question: str) -> bool:
    """True when a name the question asks about is in the sentence (who is reported speaking)."""
    asked = [w for i, w in enumerate(re.findall(r"[^\W_]+", question)) if i > 0 and w[:1].isupper()]
    lowered = sentence.lower()
    return not asked or any(w.lower() in lowered for w in asked)


def fits(want: Want, sentence: str, question: str, stated: frozenset[str]) -> float:
    """How well ``sentence`` holds an answer of kind ``want`` to ``question`` (0, 0.5 or 1)."""
    if want is Want.ANY or want is Want.MANNER:
        return 0.0
    if want is Want.NUMBER:
        return _number_fit(sentence, stated)
    if want is Want.MONEY:
        if _MONEY.search(sentence) and _new_figures(sentence, stated):
            return 1.0
        return 0.25 if _FIGURE.search(sentence) and _new_figures(sentence, stated) else 0.0
    if want is Want.AGE:
        return 1.0 if _AGE.search(sentence) else 0.0
    if want is Want.DURATION:
        return 1.0 if _DURATION.search(sentence) else 0.5 if _DATE.search(sentence) else 0.0
    if want is Want.DATE:
        return 1.0 if _DATE.search(sentence) else 0.0
    if want is Want.SCORE:
        return 1.0 if _SCORE.search(sentence) else 0.0
    if want is Want.REASON:
        return 1.0 if _REASON.search(sentence) else 0.0
    if want is Want.PLACE:
        if _new_names(sentence, question):
            return 1.0
        return 0.5 if _PLACE_WORDS.search(sentence) else 0.0
    if want is Want.PERSON:
        return _person_fit(sentence, question)
    if want is Want.ENTITY:
        return 1.0 if _new_names(sentence, question) else 0.0
    if want is Want.SAID:
        if not _REPORTED.search(sentence):
            return 0.0
        return 1.0 if _speaker_named(sentence, question) else 0.25
    if want is Want.DESCRIPTION:
        return 1.0 if _ROLE.search(sentence) else 0.0
    return 0.0


Span = tuple[int, int]


def _spans(pattern: re.Pattern[str], sentence: str) -> list[Span]:
    return [m.span() for m in pattern.finditer(sentence)]


_FIGURE_RUN = re.compile(rf"\d(?:[\d,.]*\d)?|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)


_NAMED_BEFORE = re.compile(r"(?<=\S\s)[A-Z][a-z]+\s$")
_UNIT_AFTER = re.compile(
    r"[\s-]*(hours?|minutes?|seconds?|days?|weeks?|months?|years?|a\.m\.|p\.m\.)", re.IGNORECASE
)


def _figure_spans(sentence: str, stated: frozenset[str], question: str = "") -> list[Span]:
    """Figures the question does not state (dates and ages aside)."""
    hidden = [m.span() for m in _AGE_OR_DATE.finditer(sentence)]
    hidden += [m.span() for m in _DATE_FIGURE.finditer(sentence)]
    spans = []
    for m in _FIGURE_RUN.finditer(sentence):
        if any(a <= m.start() < b for a, b in hidden):
            continue
        if _NAMED_BEFORE.search(sentence, 0, m.start()):
            continue  # "Local 412", "Route 9": part of a name
        unit = _UNIT_AFTER.match(sentence, m.end())
        if unit and unit.group(1).lower().rstrip("s") not in question.lower():
            continue  # "a 72-hour strike" says how long, not how many
        digits = re.sub(r"\D", "", m.group())
        if digits and digits in stated:
            continue
        spans.append(m.span())
    return spans


def _name_spans(sentence: str, question: str) -> list[Span]:
    spans = []
    for name in _new_names(sentence, question):
        start = sentence.find(name.split()[0])
        if start >= 0:
            spans.append((start, start + len(name)))
    return spans


def answer_spans(want: Want, sentence: str, question: str, stated: frozenset[str]) -> list[Span]:
    """Where ``sentence`` holds an answer of kind ``want`` (character spans; none when it holds
    none). ``ANY`` and ``MANNER`` ask for no particular kind and get none."""
    if want is Want.NUMBER:
        return _figure_spans(sentence, stated, question)
    if want is Want.MONEY:
        # A sum asked for is answered by a sum: "26 countries" is no answer to "how much money".
        return [s for s in _spans(_MONEY, sentence) if _new_figures(sentence, stated)]
    finders: dict[Want, re.Pattern[str]] = {
        Want.AGE: _AGE,
        Want.DURATION: _DURATION,
        Want.DATE: _DATE,
        Want.SCORE: _SCORE,
        Want.REASON: _REASON,
        Want.SAID: _REPORTED,
        Want.DESCRIPTION: _ROLE,
    }
    if want in finders:
        spans = _spans(finders[want], sentence)
        if want is Want.DURATION and not spans:
            spans = _spans(_DATE, sentence)
        return spans
    if want in (Want.PLACE, Want.PERSON, Want.ENTITY):
        spans = _name_spans(sentence, question)
        if want is Want.PLACE and not spans:
            spans = _spans(_PLACE_WORDS, sentence)
        return spans
    return []
