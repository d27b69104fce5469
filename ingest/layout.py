"""Plain text to units by layout: blank lines part blocks, and within a block, line breaks part
short lines (a byline over a date, a caption over its credit, a list of links) while the lines of
a hard-wrapped paragraph are joined back into one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise

from ingest.furniture import is_related_label, line_role
from ingest.text import clean_lines
from ingest.units import Hint, Unit

_ITEM = re.compile(r"^\s*(?:[-*•+▪►‣◦]|\d{1,3}[.)])\s+(?=\S)")
_BULLET = re.compile(r"^\s*[-*•+▪►‣◦]\s+")
_RULE = re.compile(r"^\s*([-*_=~])(?:\s*\1){2,}\s*$")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
WRAP_MIN_CHARS = 40  # a hard-wrapped paragraph has lines at least this long …
WRAP_SHARE = 0.6  # … and each but the last at least this share of its longest line
# Words a sentence cannot end on: a line break after one falls inside a sentence.
_GLUE = frozenset(
    re.findall(
        r"\w+", "a an the of to and or in on at for with by from as that than but his her its their our this"
    )
)


def collapse(line: str) -> str:
    """One space between words, none at the ends."""
    return " ".join(line.split())


def blocks_of(lines: Iterable[str]) -> Iterator[list[str]]:
    """Runs of non-blank lines (blank lines part them)."""
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            yield current
            current = []
    if current:
        yield current


def _continues(previous: str, line: str) -> bool:
    """True when a line break falls inside a sentence: the next line goes on in lower case, or
    the line before ends on a comma or a word that cannot end one."""
    head = line.lstrip()[:1]
    if head.islower() or head.isdigit() or head in "(,;–-":
        return True
    last = previous.rstrip()
    return last.endswith((",", ";", "–", "-")) or last.rsplit(" ", 1)[-1].lower() in _GLUE


def _wrapped(lines: list[str]) -> bool:
    """True when lines look like one paragraph hard-wrapped at a fixed width: long lines of much
    the same length, broken inside sentences at least half of the time (a list of headlines is
    not)."""
    if len(lines) < 2:
        return False
    lengths = [len(collapse(line)) for line in lines]
    longest = max(lengths)
    if longest < WRAP_MIN_CHARS or any(n < WRAP_SHARE * longest for n in lengths[:-1]):
        return False
    inside = sum(_continues(a, b) for a, b in pairwise(lines))
    return 2 * inside >= len(lines) - 1


def _stands_alone(line: str) -> bool:
    """A line that is never part of a paragraph: a list item, a rule, or worded as furniture."""
    text = collapse(line)
    return bool(_ITEM.match(line) or _RULE.match(line) or is_related_label(text) or line_role(text, line))


def split_block(lines: list[str]) -> list[tuple[list[int], Hint]]:
    """Split one block's lines into pieces (line indices and a hint): lines standing alone, list
    items (with their indented continuations), rules, and paragraphs joined where lines wrap."""
    pieces: list[tuple[list[int], Hint]] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            pieces.extend((part, Hint.PROSE) for part in _split_run(lines, run))
            run.clear()

    listing = False  # after "Read more:" each line is a link of its own
    for i, line in enumerate(lines):
        if listing and not _RULE.match(line) and not _ITEM.match(line):
            flush()
            pieces.append(([i], Hint.LINE))
            continue
        listing = listing or is_related_label(collapse(line))
        if _RULE.match(line):
            flush()
            pieces.append(([], Hint.RULE))
        elif _ITEM.match(line):
            flush()
            pieces.append(([i], Hint.ITEM))
        elif _stands_alone(line):
            flush()
            pieces.append(([i], Hint.LINE))
        elif pieces and pieces[-1][1] is Hint.ITEM and not run and line[:1].isspace():
            pieces[-1][0].append(i)  # an item's continuation, indented under it
        else:
            run.append(i)
    flush()
    several = sum(1 for _, hint in pieces if hint is not Hint.RULE) > 1
    out: list[tuple[list[int], Hint]] = []
    for indices, hint in pieces:
        if hint in (Hint.PROSE, Hint.LINE):
            hint = Hint.LINE if several and len(indices) == 1 else Hint.PROSE
        out.append((indices, hint))
    return out


def _split_run(lines: list[str], run: list[int]) -> list[list[int]]:
    """Lines of a run, joined into paragraphs where they wrap; short lines stay apart."""
    if _wrapped([lines[i] for i in run]):
        return [list(run)]
    out: list[list[int]] = []
    for i in run:
        previous = lines[out[-1][-1]].rstrip() if out else ""
        # "First line of a / wrapped paragraph.": the next line goes on in lower case.
        if previous and not _TERMINAL.search(previous) and lines[i].lstrip()[:1].islower():
            out[-1].append(i)
        else:
            out.append([i])
    return out


def item_text(line: str) -> str:
    """A list item without its bullet (numbers are kept: "1. …" reads as a ranking)."""
    return collapse(_BULLET.sub("", line))


def text_units(text: str, *, first_group: int = 0) -> list[Unit]:
    """The units of a plain text, in order; each block of lines is one group."""
    units: list[Unit] = []
    for group, lines in enumerate(blocks_of(clean_lines(text)), first_group):
        for indices, hint in split_block(lines):
            if hint is Hint.ITEM:
                text_of = " ".join([item_text(lines[indices[0]]), *(lines[i] for i in indices[1:])])
            else:
                text_of = " ".join(lines[i] for i in indices)
            raw = lines[indices[0]] if len(indices) == 1 else ""
            units.append(Unit(collapse(text_of), hint, group, raw=raw))
    return units
