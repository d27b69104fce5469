"""What a short line of a web page is by its wording alone: a byline or date stamp, a caption or
credit, or page furniture (navigation, teasers, related links, adverts, sharing, newsletter and
footer lines).

The rules look at whole lines, case-insensitively, and only at short ones. Rules that could also
fit a sentence of a story ("Share prices fell…", "By Monday, the river…") are worded so that they
do not: the call to action must be all the line says. Where a line sits on the page (before the
headline, after the last paragraph) is ``ingest.structure``'s business.
"""

from __future__ import annotations

import re

from blocks import Role

MAX_LINE_WORDS = 30  # longer lines are prose, whatever they say
_TEASER_WORDS = 14


def _whole(*rules: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{rule})" for rule in rules), re.IGNORECASE)


_NAME = r"[A-Z][\w'’.-]*"
_JOB = (
    r"(?:correspondent|reporter|editor|writer|columnist|desk|staff|contributor|critic|producer"
    r"|journalist|photographer|analyst)s?"
)
_JOB_WORD = re.compile(rf"\b{_JOB}\b", re.IGNORECASE)
_NETWORKS = (
    r"(?:facebook|x|twitter|email|e-mail|copy link|whatsapp|linkedin|print|save|tweet|telegram|reddit"
    r"|messenger|pinterest|bluesky|threads)"
)

_BYLINE = _whole(
    # "By Mara Lindqvist", "By TOBIAS WREN, Transport Correspondent", "Written by Lucia Ferrant · 5 min read"
    rf"(?:(?:written|words|story|text|interview) )?by:? {_NAME}(?: (?:{_NAME}|de|van|von|da|and|&))*"
    r"(?:\s*[,|·•/;.-]\s*.*)?",
    # "by oskar feld | health reporter"
    rf"by [\w'’.-]+(?: [\w'’.-]+){{0,3}}\s*[,|·•/]\s*.*{_JOB}.*",
    # "Words: Hana Sato · Pictures: Leif Brun", "Reporter: Sana Whitlock"
    r"(?:words|reporter|reporting|author|authors|text|writer|photos|pictures|photography)\s*:\s*\S.{0,80}",
    # "Colm Fairweather, Environment Correspondent"
    rf"{_NAME}(?: {_NAME}){{1,3}},(?: [\w&'’-]+){{0,4}} {_JOB}\.?",
    # "Ruth Okonjo is Transport Correspondent at Alder Press."
    rf"{_NAME}(?: {_NAME}){{1,3}} is (?:a |an |the |our )?(?:[\w&'’-]+ ){{0,4}}{_JOB}\b.*",
    r"(?:reporting|additional reporting|editing|edited) by .*",
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DATE_WORDS = _wordset(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat
    sun january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec am pm a.m p.m gmt utc bst cet cest est edt pst pdt
    at on updated published posted modified last first ago hour hours minute minutes min mins day
    days week weeks yesterday today read reading time st nd rd th
    """
)
_DATE_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")
_CAPTION = _whole(
    r"(?:photo|photograph|picture|pic|image|credit|pictured|illustration|graphic|video|main image"
    r"|top image|photo credit|image credit|image source)s?\s*:\s*.{1,200}",
    r"(?:photo|photograph|picture|image|illustration|video|gallery)s?",
    r".{1,200}\((?:image|photo|picture|pic|credit|photograph|illustration)s?:\s*[^()]{1,80}\)\.?",
    r".{1,200}[.!?]\s*(?:photo|picture|image|credit|pictured|illustration)s?:\s*[^.]{1,80}\.?",
    r".{0,60}\b(?:getty images|shutterstock|alamy stock)\b.{0,20}",
)
_RELATED_LABEL = _whole(
    r"(?:read more|read next|more on this story|more on this|related|related (?:stories|coverage|articles"
    r"|content|links|reading|topics)|you (?:may|might) also like|most (?:read|popular|viewed|shared)"
    r"|top stories|trending(?: now)?|recommended(?: for you)?|see also|also read|further reading"
    r"|more from [\w' ]{1,30}|suggested (?:topics|reading|articles)|editor'?s picks|latest (?:news|stories)"
    r"|more stories|what to read next|in other news|elsewhere on [\w ]{1,30})\s*:?",
)
# A teaser promises what follows and says nothing itself: only short lines are read for these.
_TEASER = _whole(
    r"(?:here'?s|here is|this is|that'?s)\s+(?:everything|all|what|how|why|who|when|where)\b.*",
    r".*\beverything (?:you|we) (?:need|want) to know\b.*",
    r".*\bwhat (?:we|you) know so far\b.*",
    r"(?:read (?:on|more|the full (?:story|article|report))|keep reading|continue reading|scroll (?:down|up)"
    r"|find out (?:more|if|what|how|why|who|whether|where|when)|click (?:here|below)|tap (?:here|below)"
    r"|listen to this (?:article|story)|watch (?:the|our) video|see below)\b.*",
)
_FURNITURE = _whole(
    r"read more\b.{0,100}",
    r"(?:skip|jump) to (?:main )?(?:content|navigation|the story)\b.{0,60}",
    # adverts
    r"(?:advertisement|advert|ad|ads|sponsored|sponsored content|promoted|paid (?:content|post)"
    r"|partner content|story continues below(?: advertisement)?)",
    # sharing and following
    rf"share(?: this(?: article| story| page| post)?| story| article| the story| on| via)?\s*:?"
    rf"(?:\s*[·|•,]?\s*{_NETWORKS})*",
    r".{0,40}\bshare (?:it|this) with (?:a friend|friends|others)\b.{0,20}",
    rf"{_NETWORKS}",
    r"follow (?:us|@\w+|[\w' ]{1,40} on (?:facebook|x|twitter|instagram|tiktok|youtube|linkedin|social media"
    r"|threads|mastodon|bluesky))\b.{0,80}",
    # sign-up, log-in and newsletters
    r"(?:sign up|sign in|log ?in|subscribe|unsubscribe|register|join)"
    r"(?: now| here| today| for free| free)?[.!]?",
    r".{0,100}\b(?:sign up|subscribe|join|register) (?:now|here|today|for free)\b[.!]?",
    r".{0,80}\bsubscribe (?:to (?:get|receive|our|my|this))\b.{0,80}",
    r"(?:enter|type) your e-?mail\b.{0,80}",
    r".{0,60}\b(?:in|to) your inbox\b.{0,40}",
    r"get (?:the|our) [\w' -]{1,40}(?:newsletter|briefing|brief|bulletin|digest|update)s?",
    # reader support and paywalls
    r"thank(?:s| you) for reading\b.{0,120}",
    r"support (?:local |independent |our |quality )?journalism\b.{0,80}",
    r"(?:become|be) a (?:member|subscriber|supporter)\b.{0,60}",
    r"(?:upgrade to paid|discover more from|leave a comment|ready for more\?|get the latest posts)\b.{0,80}",
    r"(?:forwarded this email\?|you are receiving this (?:e-?mail|newsletter)"
    r"|view (?:this e-?mail )?in (?:your )?browser).{0,80}",
    # comments
    r"comments?\s*\(\d+\)|\d+ comments?|(?:join|start) the (?:conversation|discussion|debate)\b.{0,40}",
    r"(?:show|view|add|post|leave) (?:a |the )?comments?\b.{0,40}",
    # cookies and legal
    r".{0,60}\b(?:we|this (?:site|website)|our partners)(?: and our partners)? uses? cookies\b.{0,120}",
    r"(?:accept|manage|reject|allow)(?: all)?(?: cookies)?(?: and (?:close|continue))?",
    r"cookie (?:settings|preferences)",
    r".{0,120}(?:©|\(c\) ?\d{4}|copyright\s*©?\s*\d{4}|all rights reserved).{0,120}",
    r".{0,80}\bregistered in (?:england|scotland|wales|ireland)\b.{0,60}",
    r"(?:privacy policy|privacy notice|cookie policy|terms of use|terms and conditions|terms & conditions)",
    # tags, topics and newsroom links
    r"(?:topics|tags|filed under|categories|suggested topics|related topics|more about|keywords)\s*:.{0,120}",
    r"(?:report an error|contact (?:us|the newsroom|the editor)|our standards|editorial standards"
    r"|acquire licensing rights|corrections? policy)\b.{0,100}",
    r"(?:have|got) (?:a|an) (?:story|news tip|tip|question)\b.{0,100}",
    r"(?:have you been|were you|are you) affected\b.{0,100}",
    r"(?:menu|search|home|my account|e-paper|epaper|puzzles|jobs|obituaries|more)",
)
_NEWSLETTER_CUE = re.compile(
    r"\b(?:sign up|sign-up|subscribe|inbox|join|free|every (?:day|week|weekday|morning|evening|monday"
    r"|tuesday|wednesday|thursday|friday|saturday|sunday)|delivered|your e-?mail)\b",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"\b(?:e-?mail|contact|write to|tips?|get in touch)\b.{0,30}\b[\w.+-]+@[\w-]+\.\w", re.I
)
_NAV_SEPARATOR = re.compile(r"\s{2,}|\s+[|·•›»>/]\s+|\s+[–—]\s+(?=\S)")
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")


def words_in(text: str) -> int:
    return len(text.split())


def is_related_label(text: str) -> bool:
    """True for a line that introduces a list of links to other stories ("Read more:", "Most read")."""
    return words_in(text) <= 8 and _RELATED_LABEL.fullmatch(text.strip(" *_#:-|")) is not None


def is_nav_row(raw: str) -> bool:
    """True for a row of menu items or a breadcrumb: three or more short items set apart by wide
    spaces or separators, or two around ``|``, ``›`` or ``>`` ("News › Health", "Sport | Athletics")."""
    line = raw.strip()
    if not line or _TERMINAL.search(line) or len(line) > 200:
        return False
    parts = [p for p in _NAV_SEPARATOR.split(line) if p.strip()]
    if len(parts) < 2 or any(words_in(p) > 5 for p in parts):
        return False
    return len(parts) >= 3 or re.search(r"\s[|›»>/]\s", line) is not None


def is_dateline(text: str) -> bool:
    """True for a line that is only a date stamp or reading time ("Updated 14:05, 3 March",
    "Published 3 hours ago · 5 min read"); it must hold a number."""
    if words_in(text) > 16 or not any(ch.isdigit() for ch in text):
        return False
    tokens = _DATE_TOKEN.findall(text.lower())
    return bool(tokens) and all(t in _DATE_WORDS or any(ch.isdigit() for ch in t) for t in tokens)


def is_teaser(text: str) -> bool:
    """True for a short line that only promises what follows ("Here's everything you need to know.")."""
    return words_in(text) <= _TEASER_WORDS and _TEASER.fullmatch(text.strip(" *_")) is not None


def line_role(text: str, raw: str | None = None) -> Role | None:
    """The role a line has by its wording alone (BYLINE, CAPTION or FURNITURE), or None.

    ``raw`` is the line before its spaces were collapsed, so that rows of menu items set apart by
    wide spaces are recognised.
    """
    line = text.strip().strip("*_ ")
    if not line or words_in(line) > MAX_LINE_WORDS:
        return None
    if is_dateline(line) or (_BYLINE.fullmatch(line) and words_in(line) <= 20 and not _byline_is_prose(line)):
        return Role.BYLINE
    if is_nav_row(raw if raw is not None else line):
        return Role.FURNITURE
    if _CAPTION.fullmatch(line):
        return Role.CAPTION
    if is_related_label(line) or is_teaser(line) or _FURNITURE.fullmatch(line):
        return Role.FURNITURE
    if "newsletter" in line.lower() and _NEWSLETTER_CUE.search(line):
        return Role.FURNITURE
    if _CONTACT.search(line) and words_in(line) <= 14:
        return Role.FURNITURE
    return None


def _byline_is_prose(line: str) -> bool:
    """'By contrast, the council…' or 'By Monday, the river had risen.' open like bylines but are
    sentences of the story: a real byline names a job, a desk or a date, or has no full stop."""
    words = line.split()
    marked = bool(_JOB_WORD.search(line) or re.search(r"[|·•]|\d", line))
    if len(words) > 1 and words[0].lower() == "by" and words[1][:1].islower():
        return not marked
    return bool(_TERMINAL.search(line)) and not marked
