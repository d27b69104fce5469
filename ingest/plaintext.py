"""Plain text and Markdown to articles: title, standfirst and body, minus newsletter boilerplate."""

from __future__ import annotations

import re
from dataclasses import replace

from errors import SourceError
from ingest.dates import parse_published
from ingest.text import normalize_text
from ingest.types import ParsedArticle
from ingest.urls import canonical_url

# A short line is boilerplate anywhere when it is one of these calls to action (case-insensitive,
# whole line), and in the footer (the lines after the last real paragraph) also when it merely
# mentions subscribing or sharing, since an article itself may say "residents can subscribe to …".
_BOILERPLATE_ANYWHERE: tuple[str, ...] = (
    r"subscribe\b.*",
    r".*\bsubscribe (now|today|for free|to (get|receive|our|my|this)\b).*",
    r"un-?subscribe\b.*",
    r"read more\b.{0,80}",
    r"(continue|keep) reading\b.{0,60}",
    r"share (this|on|via)\b.*",
    r"follow us\b.*",
    r"sign up (for|to)\b.*\bnewsletter\b.*",
    r"click here\b.*",
    r".*\ball rights reserved\b.*",
    r"(©|\(c\)|copyright ©?\s*\d{4}).*",
    r".*\b(we|this (site|website)) uses? cookies\b.*",
    r"(accept|manage|reject)( all)? cookies.*",
    r"advertisement",
    r"thanks for reading\b.*",
    r"discover more from\b.*",
    r"type your email\b.*",
    r"leave a comment",
    r"upgrade to paid\b.*",
    r"ready for more\?",
    r"get the latest posts\b.*",
    r"forwarded this email\?.*",
    r"you are receiving this (e-?mail|newsletter)\b.*",
    r"view (this e-?mail )?in (your )?browser\b.*",
)
_BOILERPLATE_FOOTER: tuple[str, ...] = (
    r".*\bsubscribe\b.*",
    r".*\bshare (it|this)\b.*",
)
_MAX_BOILERPLATE_CHARS = 200
_MAX_TITLE_CHARS = 200
_MAX_STANDFIRST_CHARS = 300
_MAX_HEADLINE_CHARS = 150
_MAX_HEADLINE_WORDS = 20
_SHORT_TITLE_CHARS = 100
_LIST_ITEM = re.compile(r"^([-*•+]|\d{1,3}[.)])\s")

_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---(?:\n|\Z)", re.DOTALL)
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ {0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$"), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}(=+|-+)\s*$"), ""),  # setext underlines
    (re.compile(r"^ {0,3}([-*_])( *\1){2,}\s*$"), ""),  # horizontal rules
    (re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$"), ""),  # link reference definitions
    (re.compile(r"^ {0,3}>\s?"), ""),  # block quotes
    (re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # inline links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # emphasis
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
)


def _pattern(rules: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{rule})" for rule in rules), re.IGNORECASE)


def drop_boilerplate(text: str) -> str:
    """Remove short lines that are newsletter, sharing, cookie or copyright boilerplate."""
    anywhere = _pattern(_BOILERPLATE_ANYWHERE)
    footer = _pattern(_BOILERPLATE_ANYWHERE + _BOILERPLATE_FOOTER)

    def matches(pattern: re.Pattern[str], line: str) -> bool:
        return len(line) <= _MAX_BOILERPLATE_CHARS and pattern.fullmatch(line.strip()) is not None

    lines = text.split("\n")
    end = len(lines)
    while end and (not lines[end - 1].strip() or matches(footer, lines[end - 1])):
        end -= 1
    return "\n".join(line for line in lines[:end] if not matches(anywhere, line))


def strip_markdown(text: str) -> tuple[str, dict[str, str]]:
    """Remove Markdown syntax, keeping the words; return the text and any front-matter fields."""
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[match.end() :]
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            for pattern, replacement in _MD_RULES:
                line = pattern.sub(replacement, line)
        out.append(line)
    return "\n".join(out), meta


def _paragraphs(body: str) -> list[str]:
    """Split into paragraphs; a text with no blank lines has one paragraph per line."""
    if "\n\n" not in body:
        return [line for line in body.split("\n") if line]
    paragraphs = []
    for block in body.split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        if any(_LIST_ITEM.match(line) for line in lines):
            paragraphs.append("\n".join(lines))
        else:
            paragraphs.append(" ".join(lines))
    return paragraphs


def _short_title(text: str) -> str:
    """A title made from the start of a long line, cut at a word boundary."""
    if len(text) <= _SHORT_TITLE_CHARS:
        return text
    cut = text[:_SHORT_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def parse_plain_text(text: str, *, source: str = "") -> ParsedArticle:
    """Read a .txt article: first line the title, a short second line the standfirst, then body.

    Raises SourceError when there is no text at all.
    """
    clean = normalize_text(drop_boilerplate(normalize_text(text)))
    if not clean:
        raise SourceError("no text")
    lines = clean.split("\n")
    first = lines[0]
    if len(first) > _MAX_TITLE_CHARS:
        return ParsedArticle(title=_short_title(first), text="\n\n".join(_paragraphs(clean)), source=source)
    paragraphs = _paragraphs("\n".join(lines[1:]).strip())
    if not paragraphs and not _reads_as_headline(first):  # one paragraph and no title: all body
        return ParsedArticle(title=_short_title(first), text=first, source=source)
    standfirst = ""
    if len(paragraphs) > 1 and "\n" not in paragraphs[0] and len(paragraphs[0]) <= _MAX_STANDFIRST_CHARS:
        standfirst = paragraphs.pop(0)
    return ParsedArticle(
        title=first.lstrip("#").strip(),
        text="\n\n".join(paragraphs),
        source=source,
        standfirst=standfirst,
    )


def parse_markdown(text: str, *, source: str = "") -> ParsedArticle:
    """Read a Markdown article: syntax removed, then the plain-text rules.

    Front matter may give the ``title``, ``date`` (or ``published``), ``url`` (or ``link``) and
    ``source``; a value that cannot be read is ignored.
    """
    plain, meta = strip_markdown(normalize_text(text))
    title = meta.get("title")
    if title:  # all of the text is body, less a heading that repeats the title
        paragraphs = _paragraphs(normalize_text(drop_boilerplate(plain)))
        if paragraphs and paragraphs[0].lstrip("#").strip() == title:
            paragraphs = paragraphs[1:]
        # With nothing after the front matter the text is empty: refused later as "no text".
        article = ParsedArticle(title=title, text="\n\n".join(paragraphs), source=source)
    else:
        article = parse_plain_text(plain, source=source)
    url = meta.get("url") or meta.get("link")
    try:
        canonical = canonical_url(url) if url else None
    except SourceError:
        canonical = None
    return replace(
        article,
        url=canonical,
        published=parse_published(meta.get("date") or meta.get("published")),
        source=meta.get("source") or source,
    )


def _reads_as_headline(line: str) -> bool:
    return (
        len(line) <= _MAX_HEADLINE_CHARS
        and len(line.split()) <= _MAX_HEADLINE_WORDS
        and not line.endswith((".", ",", ";", ":"))
    )


def split_headline(text: str) -> tuple[str, str]:
    """Split text for summarizing: a short first line followed by a blank line is the title.

    Returns ``(title, body)``; the title is "" when the first line does not read as a headline.
    """
    clean = normalize_text(drop_boilerplate(normalize_text(text)))
    first, sep, rest = clean.partition("\n\n")
    if sep and "\n" not in first and rest.strip() and _reads_as_headline(first):
        return first.lstrip("#").strip(), rest.strip()
    return "", clean
