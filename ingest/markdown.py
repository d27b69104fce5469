"""Markdown to an article: roles from its syntax (headings, quotes, lists, images, emphasis),
then the same structure rules as every other format (``ingest.structure``)."""

from __future__ import annotations

import re
from dataclasses import replace

from errors import SourceError
from ingest.dates import parse_published
from ingest.layout import collapse, item_text, split_block
from ingest.structure import assemble, parsed_article
from ingest.text import clean_lines
from ingest.types import ParsedArticle, RawSource
from ingest.units import Hint, Unit
from ingest.urls import canonical_url

_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---(?:\n|\Z)", re.DOTALL)
_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,}\s*$")
_QUOTE = re.compile(r"^ {0,3}>\s?")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(?=\S)")
_IMAGE_LINE = re.compile(r"^\s*!\[([^\]]*)\]\([^)]*\)\s*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")
_EMPHASIS = re.compile(r"^\s*(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1\s*$")
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # inline links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # emphasis
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
)


def strip_inline(line: str) -> str:
    """A line of Markdown without its inline syntax, keeping the words (links keep their text)."""
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return line


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The text after a YAML front matter block, and that block's simple ``key: value`` fields."""
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, meta
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return text[match.end() :], meta


class _Units:
    """Collects units while walking the lines; a paragraph's lines wait until it ends."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.group = 0
        self.pending: list[str] = []
        self.after_image = ""  # "same": the lines right under a picture; "near": after a blank line

    def add(self, text: str, hint: Hint, *, level: int = 0, raw: str = "", own_group: bool = True) -> None:
        if own_group:
            self.flush()
            self.group += 1
        if text or hint is Hint.RULE:
            self.units.append(Unit(collapse(text), hint, self.group, raw=raw, level=level))
        if own_group:
            self.group += 1

    def flush(self) -> None:
        """Turn the waiting paragraph lines into units, by the plain-text line rules."""
        if not self.pending:
            return
        lines, self.pending = self.pending, []
        plain = [strip_inline(line) for line in lines]
        for indices, hint in split_block(plain):
            if hint is Hint.RULE:
                continue
            source = " ".join(lines[i].strip() for i in indices)
            text = " ".join(plain[i] for i in indices)
            emphasis = _EMPHASIS.match(source) is not None
            if hint is Hint.ITEM:
                text = item_text(text)
            elif self.after_image == "same" or (self.after_image == "near" and emphasis):
                hint = Hint.CAPTION  # the caption under a picture
            elif emphasis and hint is Hint.PROSE:
                hint = Hint.EMPHASIS
            raw = plain[indices[0]] if len(indices) == 1 else ""
            self.units.append(Unit(collapse(text), hint, self.group, raw=raw))
            self.after_image = ""
        self.group += 1


def markdown_units(text: str) -> list[Unit]:
    """The units of a Markdown text (front matter already removed)."""
    out = _Units()
    lines = clean_lines(text)
    in_fence = False
    code: list[str] = []
    quote: list[str] = []
    for line in lines:
        if _FENCE.match(line):
            if in_fence:
                out.add(" ".join(code), Hint.CODE)
                code = []
            in_fence = not in_fence
            continue
        if in_fence:
            code.append(line.strip())
            continue
        if out.after_image and out.pending == [] and not line.strip():
            out.after_image = "near" if out.after_image == "same" else ""
        if quote and not _QUOTE.match(line):
            out.add(strip_inline(" ".join(quote)), Hint.QUOTE)
            quote = []
        if not line.strip():
            out.flush()
            continue
        if _QUOTE.match(line):
            out.flush()
            quote.append(_QUOTE.sub("", line))
        elif heading := _ATX.match(line):
            out.add(strip_inline(heading.group(2)), Hint.HEADING, level=len(heading.group(1)))
        elif _SETEXT.match(line) and out.pending and not _ITEM.match(out.pending[-1]):
            title = out.pending.pop()
            out.add(strip_inline(title), Hint.HEADING, level=1 if line.strip()[0] == "=" else 2)
        elif _RULE.match(line):
            out.add("", Hint.RULE)
        elif image := _IMAGE_LINE.match(line):
            out.add(image.group(1), Hint.CAPTION)
            out.after_image = "same"
        elif not _LINK_DEFINITION.match(line):
            out.pending.append(line)  # paragraph and list lines: split_block parts them
    if quote:
        out.add(strip_inline(" ".join(quote)), Hint.QUOTE)
    if code:
        out.add(" ".join(code), Hint.CODE)
    out.flush()
    return out.units


def parse_markdown(text: str, *, source: str = "", raw: RawSource | None = None) -> ParsedArticle:
    """Read a Markdown article: roles from syntax, then the structure rules.

    Front matter may give the ``title``, ``date`` (or ``published``), ``url`` (or ``link``) and
    ``source``; a value that cannot be read is ignored. Raises SourceError when there is no text.
    """
    body, meta = front_matter("\n".join(clean_lines(text)))
    units = markdown_units(body)
    title = meta.get("title", "")
    if not units and not title:
        raise SourceError("no text")
    article = parsed_article(assemble(units, title=title), source=meta.get("source") or source, raw=raw)
    url = meta.get("url") or meta.get("link")
    try:
        canonical = canonical_url(url) if url else None
    except SourceError:
        canonical = None
    return replace(
        article, url=canonical, published=parse_published(meta.get("date") or meta.get("published"))
    )
