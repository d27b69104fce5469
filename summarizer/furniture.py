"""Page furniture in news text: datelines, bylines, publication stamps, photo credits and captions
that run into the next sentence, found so the splitter can drop them or set them apart."""

from __future__ import annotations

import re


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:, [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2})?"
    r"(?:,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}))?,? )?"
    r"\((?:[A-Z][A-Za-z.]{1,15}|[a-z]{2,5})(?: [A-Z][A-Za-z.]{1,15}){0,2}\)"
    r"(?:\s*(?:--|[-–—:])\s*|(?=[A-Z\"“'‘]))"
)
# Publication stamps: "PUBLISHED: 12:01 EST, 3 May 2015 | UPDATED: ...", "Last updated at 10:31 AM".
_STAMP = re.compile(
    r"(?:\|\s*)?(?:published|updated|last updated(?: at)?)\s*:?\s*\.?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*[A-Z]{2,4}\b)?,?(?:\s*on)?(?:\s*\d{1,2}(?:st|nd|rd|th)?\s+[^\W\d_]+(?:\s+\d{4})?)?\s*\.?",
    re.IGNORECASE,
)
# A byline opening a block and glued to what follows: "By Jane Doe, Staff Writer", "By . Jane Doe .".
_LEAD_BYLINE = re.compile(
    r"^By (?:\. )?[A-Z][\w'’-]+(?: (?:[A-Z][\w'’-]+|and|de|van|von))*"
    r"(?:, (?:[A-Z]\w+ )*(?:Writer|Reporter|Correspondent|Editor|Staff)\b"
    r"|(?= \. | ?\|| (?:PUBLISHED|UPDATED)\b))"
    r"(?: \.)?"
)
# Photo credits and video prompts that run into the next sentence without a stop.
_INLINE_CREDIT = re.compile(
    r" ?\((?:photo|picture|image|pic|video|credit)s?(?: credit)?: [^()]{1,60}\)", re.I
)
_CREDIT = re.compile(
    r"(?:^|(?<=\s))(?:(?:photo|picture|image)s?(?: credit)?: (?:[\w.'’-]+ ){0,4}[\w.'’-]*/[\w.'’&-]+"
    r"|scroll down for (?:the )?videos?|click here to [\w ]{1,40}?(?= [A-Z]|$))(?= |$)",
    re.IGNORECASE,
)


def furniture_pieces(block: str, *, first: bool) -> list[tuple[str, bool]]:
    """Cut datelines, bylines, publication stamps and photo credits off the text around them.

    Returns (text, is_furniture) pairs; in-line credits such as "(Image: Jane Doe)" are dropped.
    """
    if first:
        block = _DATELINE.sub("", block, count=1)
    if "(" in block:
        block = _INLINE_CREDIT.sub("", block)
    pieces: list[tuple[str, bool]] = []
    byline = _LEAD_BYLINE.match(block)
    if byline and byline.end() < len(block):
        pieces.append((byline.group(), True))
        block = block[byline.end() :]
    marks = list(_CREDIT.finditer(block))
    lowered = block.lower()
    if "updated" in lowered or "published" in lowered:
        marks.extend(_STAMP.finditer(block))
    start = 0
    for match in sorted(marks, key=lambda m: m.start()):
        if match.start() < start:
            continue
        pieces.extend([(block[start : match.start()], False), (match.group(), True)])
        start = match.end()
    pieces.append((block[start:], False))
    out: list[tuple[str, bool]] = []
    for text, furniture in pieces:
        text = text.strip(" |") if not furniture else " ".join(text.replace(" .", " ").split()).strip(" |.")
        if text:
            out.append((text, furniture))
    return out


# A photo caption glued to the next sentence: "... outside the court on Monday The trial began".
_CAPTION_SEAM = re.compile(
    r"(?<=[a-z0-9)]) (?=(?:The [a-z]|An? (?:[a-z]|[A-Z]\w* [a-z])|(?P<label>[A-Z][a-z]+(?: [a-z]+){0,2}: )"
    r"[A-Z][\w'’]*,? [a-z]))"
)
_NOT_BEFORE_SEAM = _wordset(
    """
    a an the of in on at to for from by with as and or but than that which who is was are were be been
    told beat into onto about like said says read watched starred film movie album song book called
    titled named dubbed plan type class grade vitamin
    """
)


def caption_parts(sentence: str) -> list[str]:
    """Split a caption without a final stop off the sentence it runs into."""
    parts: list[str] = []
    start = 0
    for match in _CAPTION_SEAM.finditer(sentence):
        head = sentence[start : match.start()]
        words = head.split()
        last = words[-1] if words else ""
        if len(words) < 6 or last.lower().strip("()") in _NOT_BEFORE_SEAM or last.endswith("'s"):
            continue
        if match.group("label") and last[0].isupper():
            continue  # "Star Wars: The Phantom Menace" is a title, not a caption label
        parts.append(head.strip())
        start = match.end()
    parts.append(sentence[start:].strip())
    return [p for p in parts if p]
