"""The one reader of article structure: from a page's units to title, standfirst and role blocks.

Every format (plain text, Markdown, HTML, JSON bodies) first becomes a list of ``Unit``s
(``ingest.units``): pieces of text with what the format says about them (a heading tag, a quote,
a list item, or only layout).
``assemble`` then decides, the same way for every command:

- the title (given by metadata, else the page's headline) and the standfirst under it;
- the header (before the headline) and the footer (after the last paragraph) hold furniture;
- in between, a line's wording can make it a byline, caption or furniture; a short line without
  final punctuation, or a question-style line, followed by a paragraph is a heading; list items
  and related-link lists are lists or furniture; what is left are paragraphs and quotes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from blocks import Block, Role, body_text
from ingest.furniture import is_related_label, line_role, words_in
from ingest.types import ParsedArticle, RawSource
from ingest.units import HEADING_WORDS, Hint, Unit, headline_like, sentence_like, short_title

MAX_STANDFIRST_CHARS = 320
BODY_WORDS = 8  # the first paragraph of the story is at least this long
FOOTER_WORDS = 20  # after a final rule, no line this long: all footer
SEARCH_UNITS = 25  # the headline and standfirst are looked for among the first units


@dataclass(frozen=True)
class Structure:
    """An article's title, standfirst and blocks (the title and standfirst among them)."""

    title: str
    standfirst: str
    blocks: tuple[Block, ...]


def _key(text: str) -> str:
    return " ".join(text.casefold().strip(" #*_").rstrip(".").split())


class _Reader:
    """One pass of decisions over the units of one article."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = list(units)
        self.wording = [line_role(u.text, u.raw) if u.hint is not Hint.RULE else None for u in self.units]
        self.related = [u.hint is not Hint.RULE and is_related_label(u.text) for u in self.units]
        self.roles: list[Role | None] = [None] * len(self.units)
        groups: dict[int, set[Role]] = {}
        for unit, role in zip(self.units, self.wording, strict=True):
            marks = groups.setdefault(unit.group, set())
            if role is not None:
                marks.add(role)
            if unit.hint is Hint.CAPTION:
                marks.add(Role.CAPTION)
        self.group_roles = groups
        self.related_groups = {u.group for u, r in zip(self.units, self.related, strict=True) if r}

    def prose(self, i: int) -> bool:
        """A paragraph of the story by shape: prose or a quote, worded like none of the furniture."""
        unit = self.units[i]
        if unit.hint not in (Hint.PROSE, Hint.LINE, Hint.QUOTE, Hint.EMPHASIS) or self.wording[i] is not None:
            return False
        if unit.group in self.related_groups or Role.CAPTION in self.group_roles.get(unit.group, ()):
            return False
        return sentence_like(unit.text) or words_in(unit.text) > HEADING_WORDS

    def body_paragraph(self, i: int) -> bool:
        """Where the story starts: a full sentence of some length, not a bold or italic line."""
        text = self.units[i].text
        return (
            self.prose(i)
            and self.units[i].hint is not Hint.EMPHASIS
            and sentence_like(text)
            and words_in(text) >= BODY_WORDS
        )

    def find(self, text: str, start: int = 0) -> int:
        key = _key(text)
        for i in range(start, min(len(self.units), start + SEARCH_UNITS)):
            if _key(self.units[i].text) == key:
                return i
        return -1

    def title_index(self) -> int:
        """The page's headline among the units before the story starts, or -1."""
        end = next((i for i in range(len(self.units)) if self.body_paragraph(i)), len(self.units))
        end = min(end, SEARCH_UNITS)
        candidates = [
            i
            for i in range(end)
            if self.units[i].hint in (Hint.PROSE, Hint.LINE, Hint.HEADING, Hint.EMPHASIS)
            and self.wording[i] is None
            and not self.related[i]
            and headline_like(self.units[i].text, max_words=30)
        ]
        for i in candidates:
            if self.units[i].hint is Hint.HEADING and self.units[i].level == 1:
                return i
        for i in candidates:
            text = self.units[i].text
            if words_in(text) >= 5 and not (text.isupper() and words_in(text) <= 4):
                return i
        return candidates[0] if candidates else -1

    def standfirst_index(self, title: int) -> int:
        """The unit right under the headline, when it reads as the standfirst, or -1."""
        i = title + 1
        if title < 0 or i >= len(self.units):
            return -1
        unit = self.units[i]
        if (
            self.wording[i] is not None
            or self.related[i]
            or unit.hint in (Hint.RULE, Hint.ITEM, Hint.CAPTION)
        ):
            return -1
        if len(unit.text) > MAX_STANDFIRST_CHARS or not any(
            self.prose(j) for j in range(i + 1, len(self.units))
        ):
            return -1
        marked = unit.hint in (Hint.HEADING, Hint.QUOTE, Hint.EMPHASIS) and words_in(unit.text) >= 6
        same_block = unit.group == self.units[title].group and unit.hint is Hint.LINE
        after = next((j for j in range(i + 1, len(self.units)) if self.units[j].hint is not Hint.RULE), -1)
        before_furniture = after >= 0 and self.wording[after] is not None and self.prose(i)
        return i if marked or same_block or before_furniture else -1

    def footer_start(self, start: int) -> int:
        """Index after the story's last paragraph (a final rule followed by short lines ends it)."""
        last = max((i for i in range(start, len(self.units)) if self.prose(i)), default=start - 1)
        rules = [i for i in range(start, last + 1) if self.units[i].hint is Hint.RULE]
        if rules and not any(words_in(u.text) >= FOOTER_WORDS for u in self.units[rules[-1] :]):
            last = max((i for i in range(start, rules[-1]) if self.prose(i)), default=start - 1)
        return last + 1

    def next_content(self, i: int) -> int:
        """The next unit that is not furniture by its wording (or -1)."""
        for j in range(i + 1, len(self.units)):
            if self.units[j].hint is not Hint.RULE and self.wording[j] is None:
                return j
        return -1

    def body_role(self, i: int, in_related: bool) -> Role:
        unit, wording = self.units[i], self.wording[i]
        marks = self.group_roles.get(unit.group, set())
        if wording is not None:
            return wording
        if self.related[i] or in_related:
            return Role.FURNITURE
        if unit.hint is Hint.CAPTION or (Role.CAPTION in marks and words_in(unit.text) < 25):
            return Role.CAPTION
        if Role.BYLINE in marks and unit.hint is Hint.LINE and words_in(unit.text) <= 12:
            return Role.BYLINE
        if unit.hint is Hint.HEADING:
            return Role.HEADING
        if unit.hint is Hint.QUOTE:
            return Role.QUOTE
        if unit.hint is Hint.ITEM:
            return Role.LIST
        if unit.hint is Hint.CODE:
            return Role.PARAGRAPH
        if headline_like(unit.text):
            previous = i - 1
            if (
                unit.hint is Hint.LINE
                and previous >= 0
                and self.units[previous].group == unit.group
                and self.roles[previous] in (Role.HEADING, Role.LIST)
            ):
                return Role.LIST  # a line of a fact box under its label
            after = self.next_content(i)
            if after >= 0 and self.prose(after) and self.units[after].hint is not Hint.EMPHASIS:
                return Role.HEADING
            if after >= 0 and self.units[after].group == unit.group and self.units[after].hint is Hint.LINE:
                return Role.HEADING  # the label of a fact box: its lines follow
            return Role.FURNITURE
        return Role.PARAGRAPH

    def outside_role(self, i: int, *, listing: bool) -> Role:
        """Before the headline or after the story: furniture, but for captions, and for a list
        at the end that no "Read more" introduced (a fact box closing the story)."""
        hint = self.units[i].hint
        if hint is Hint.CAPTION:
            return Role.CAPTION
        if hint is Hint.ITEM and listing and self.units[i].group not in self.related_groups:
            return Role.LIST
        return Role.FURNITURE

    def decide(self, title: int, standfirst: int) -> None:
        head_end = max(title, standfirst)
        body = next((i for i in range(head_end + 1, len(self.units)) if self.body_paragraph(i)), -1)
        if body < 0:
            body = next((i for i in range(head_end + 1, len(self.units)) if self.prose(i)), len(self.units))
        footer = self.footer_start(body)
        in_related = False
        for i, unit in enumerate(self.units):
            if unit.hint is Hint.RULE:
                continue
            if i == title:
                self.roles[i] = Role.TITLE
            elif i == standfirst:
                self.roles[i] = Role.STANDFIRST
            elif i < title or i >= footer:
                in_related = in_related or self.related[i]
                self.roles[i] = self.wording[i] or self.outside_role(
                    i, listing=i >= footer and not in_related
                )
            elif i < body:
                # Between the headline and the story: bylines, teasers, pictures. A short line here
                # heads nothing; a sentence (a body without a byline) is still the story's.
                role = self.body_role(i, in_related=False)
                self.roles[i] = (
                    Role.FURNITURE if role is Role.HEADING and unit.hint is not Hint.HEADING else role
                )
            else:
                if self.related[i]:
                    in_related = True
                elif in_related and (
                    (self.prose(i) and words_in(unit.text) >= 12) or unit.hint is Hint.HEADING
                ):
                    in_related = False
                self.roles[i] = self.body_role(i, in_related)

    def blocks(self) -> list[Block]:
        """Blocks in reading order; list lines of one block become one list block."""
        out: list[Block] = []
        previous_group = -1
        for unit, role in zip(self.units, self.roles, strict=True):
            if role is None:
                continue
            if role is Role.LIST and out and out[-1].role is Role.LIST and unit.group == previous_group:
                out[-1] = Block(Role.LIST, f"{out[-1].text}\n{unit.text}")
            else:
                out.append(Block(role, unit.text))
            previous_group = unit.group
        return out


def assemble(units: Sequence[Unit], *, title: str = "", standfirst: str = "") -> Structure:
    """Title, standfirst and role blocks of one article.

    ``title`` and ``standfirst`` come from metadata when the format has them (front matter, the
    page's ``<h1>``, JSON fields); a unit repeating them is marked as such. Without a title the
    page's headline is looked for; failing that, the start of the first paragraph names it.
    """
    reader = _Reader([u for u in units if u.text or u.hint is Hint.RULE])
    title_at = reader.find(title) if title else reader.title_index()
    if title_at >= 0:
        title = title or reader.units[title_at].text
    first_at = -1
    if standfirst:
        first_at = reader.find(standfirst, max(0, title_at))
    elif title_at >= 0:
        first_at = reader.standfirst_index(title_at)
        standfirst = reader.units[first_at].text if first_at >= 0 else ""
    reader.decide(title_at, first_at)
    blocks = reader.blocks()
    if not title:
        first = next((b.text for b in blocks if b.role is Role.PARAGRAPH), "")
        title = short_title(first.split("\n")[0]) if first else ""
    if title_at < 0 and title:
        blocks.insert(0, Block(Role.TITLE, title))
    if standfirst and first_at < 0:
        at = next((i + 1 for i, b in enumerate(blocks) if b.role is Role.TITLE), 0)
        blocks.insert(at, Block(Role.STANDFIRST, standfirst))
    return Structure(title=title, standfirst=standfirst, blocks=tuple(blocks))


def parsed_article(
    structure: Structure,
    *,
    source: str = "",
    url: str | None = None,
    published: datetime | None = None,
    raw: RawSource | None = None,
) -> ParsedArticle:
    """The article a structure describes; its text is the body blocks joined."""
    return ParsedArticle(
        title=structure.title,
        text=body_text(structure.blocks),
        url=url,
        published=published,
        source=source,
        standfirst=structure.standfirst,
        blocks=structure.blocks,
        raw=raw,
    )
