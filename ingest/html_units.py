"""HTML to units: trafilatura's XML of a page's main text, and HTML fragments (feed and CMS bodies).

Tags give the hints: headings, block quotes, list items, figure captions, and paragraphs that are
bold or italic as a whole. Line breaks inside a paragraph part its lines as in plain text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from ingest.layout import collapse, item_text, split_block
from ingest.units import Hint, Unit

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "aside", "main", "tr", "pre", "dd", "dt"}
)


def _text(element: Any, *, breaks: bool = False) -> str:
    """The text of an element; ``<lb/>`` becomes a newline when ``breaks``."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if breaks and child.tag == "lb":
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


def _emphasised(element: Any) -> bool:
    """A paragraph that is one bold or italic run and nothing else (often a subheading or teaser)."""
    children = [c for c in element if c.tag != "lb"]
    if len(children) != 1 or children[0].tag != "hi" or (element.text or "").strip():
        return False
    return not (children[0].tail or "").strip()


def _lines(text: str, group: int, hint: Hint) -> list[Unit]:
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) <= 1:
        return [Unit(collapse(text), hint, group)]
    units = []
    for indices, piece in split_block(lines):
        if piece is not Hint.RULE:
            text_of = " ".join(lines[i] for i in indices)
            units.append(Unit(collapse(text_of), piece, group, raw=lines[indices[0]]))
    return units


def xml_units(body: Any) -> list[Unit]:
    """Units of trafilatura's XML main text (``<p>``, ``<head>``, ``<quote>``, ``<list>``, ``<table>``)."""
    units: list[Unit] = []
    for group, element in enumerate(body):
        tag = element.tag
        if tag == "head":
            rend = str(element.get("rend") or "h2")
            units.append(Unit(collapse(_text(element)), Hint.HEADING, group, level=_HEADINGS.get(rend, 2)))
        elif tag == "quote":
            paragraphs = [p for p in element if p.tag == "p"] or [element]
            units.extend(Unit(collapse(_text(p)), Hint.QUOTE, group) for p in paragraphs)
        elif tag == "list":
            units.extend(Unit(item_text(_text(item)), Hint.ITEM, group) for item in element.iter("item"))
        elif tag == "table":
            for row in element.iter("row"):
                cells = [collapse(_text(cell)) for cell in row if collapse(_text(cell))]
                units.append(Unit(" · ".join(cells), Hint.ITEM, group))
        elif tag == "code":
            units.append(Unit(collapse(_text(element)), Hint.CODE, group))
        elif tag == "p" and _emphasised(element):
            units.append(Unit(collapse(_text(element)), Hint.EMPHASIS, group))
        else:
            units.extend(_lines(_text(element, breaks=True), group, Hint.PROSE))
    return [u for u in units if u.text]


class _FragmentUnits(HTMLParser):
    """Units of an HTML fragment: each block element one unit, ``<br>`` parting its lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[Unit] = []
        self._parts: list[str] = []
        self._hint = Hint.PROSE
        self._level = 0
        self._hidden = 0
        self._group = 0
        self._quote = 0
        self._lists = 0  # items of one list share a group

    def _flush(self) -> None:
        text = "".join(self._parts)
        self._parts = []
        if text.strip():
            hint = Hint.QUOTE if self._quote and self._hint is Hint.PROSE else self._hint
            for unit in _lines(text, self._group, hint):
                self.units.append(Unit(unit.text, unit.hint, unit.group, unit.raw, self._level))
        if not self._lists:
            self._group += 1
        self._hint, self._level = Hint.PROSE, 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self._hidden += 1
        elif tag in _HEADINGS:
            self._flush()
            self._hint, self._level = Hint.HEADING, _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self._flush()
            self._lists += 1
        elif tag == "li":
            self._flush()
            self._hint = Hint.ITEM
        elif tag == "figcaption":
            self._flush()
            self._hint = Hint.CAPTION
        elif tag == "blockquote":
            self._flush()
            self._quote += 1
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "br":
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "blockquote":
            self._flush()
            self._quote = max(0, self._quote - 1)
        elif tag in ("ul", "ol"):
            self._flush()
            self._lists = max(0, self._lists - 1)
            self._group += 1
        elif tag in _HEADINGS or tag in _BLOCKS or tag in ("li", "figcaption"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def fragment_units(fragment: str) -> list[Unit]:
    """Units of an HTML fragment (a body without the page around it)."""
    parser = _FragmentUnits()
    parser.feed(fragment)
    parser.close()
    return parser.units
