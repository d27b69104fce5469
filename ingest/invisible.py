"""Characters that are never shown yet change what is shown: controls and bidirectional controls.

A right-to-left override in a title or a topic turns the text after it around wherever it is
echoed; NUL and other controls have no place in text at all.
"""

from __future__ import annotations

# Bidirectional embeddings and overrides, isolates, and the marks (LRM, RLM, ALM).
BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
# C0 controls but tab, newline, vertical tab, form feed, carriage return; DEL; C1 but NEL.
CONTROLS = (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0))
_ZERO_WIDTH = (0x200B, 0x2060, 0xFEFF, 0xAD)
_INVISIBLE = str.maketrans(dict.fromkeys([*CONTROLS, *BIDI, *_ZERO_WIDTH, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]))


def visible(text: str) -> str:
    """``text`` without control, bidirectional-control or zero-width characters (for user input
    such as topics and questions, which may be echoed back)."""
    return text.translate(_INVISIBLE)
