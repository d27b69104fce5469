"""Telegram's HTML as the Bot API parses it: which tags it takes, what it refuses, how it counts."""

from __future__ import annotations

import html
import re

SUPPORTED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"}
    | {"blockquote", "tg-spoiler", "span", "tg-emoji"}
)
_ATTR = r"""\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?"""
_TAG = re.compile(rf"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:{_ATTR})*)\s*>")


class HtmlError(ValueError):
    """Raised for text Telegram would refuse with "can't parse entities"."""


def parse_telegram_html(text: str) -> str:
    """Return the plain text Telegram would show, or raise ``HtmlError`` as Telegram would."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "<":
            match = _TAG.match(text, pos)
            offset = len(text[:pos].encode())
            if not match:
                raise HtmlError(f"Unclosed start tag at byte offset {offset}")
            closing, name = match.group(1), match.group(2).lower()
            if not closing and name not in SUPPORTED_TAGS:
                raise HtmlError(f'Unsupported start tag "{name}" at byte offset {offset}')
            if closing:
                if not stack:
                    raise HtmlError(f"Unexpected end tag at byte offset {offset}")
                if stack[-1] != name:
                    raise HtmlError(
                        f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", '
                        f'found "</{name}>"'
                    )
                stack.pop()
            else:
                stack.append(name)
            pos = match.end()
        elif char == "&":
            entity = re.match(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);", text[pos:])
            out.append(html.unescape(entity.group(0)) if entity else "&")
            pos += len(entity.group(0)) if entity else 1
        else:
            out.append(char)
            pos += 1
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
