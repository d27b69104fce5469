"""Turning raw bytes into clean text: encoding detection, binary refusal and normalisation."""

from __future__ import annotations

import codecs
import logging
import unicodedata

from charset_normalizer import from_bytes

from errors import SourceError
from ingest.invisible import BIDI, CONTROLS

logger = logging.getLogger(__name__)

BOMS: tuple[tuple[bytes, str], ...] = (  # longest first: UTF-32 LE starts as UTF-16 LE
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE_BYTES = 8192
_GUESS_BYTES = 65536
_MAX_CONTROL_SHARE = 0.05
_MAX_NUL_SHARE = 0.01
_STRAY_NULS = 2
_MAX_HIGH_BYTE_SHARE = 0.25
# Bytes that never appear in text: C0 controls other than tab, newline, form feed, carriage return.
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
# WHATWG: documents labelled Latin-1 are really windows-1252.
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}

# Line and paragraph separators become newlines; C0/C1 controls, bidi controls, zero-width and
# soft hyphens go.
_CLEANUP = str.maketrans(
    {
        **dict.fromkeys(map(ord, "\u2028\u2029\x0b\x0c\x85"), "\n"),
        **dict.fromkeys([*CONTROLS, *BIDI]),
        **dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad")),
    }
)


def is_blank(data: bytes) -> bool:
    """Say whether bytes hold no text at all: nothing, or only byte-order marks and white space
    (in any of the Unicode encodings a file may use)."""
    for bom, _ in BOMS:
        data = data.removeprefix(bom)
    return not data.strip(b" \t\r\n\x0b\x0c\x00")


def _is_binary(sample: bytes) -> bool:
    """Say whether a sample looks like binary data rather than 8-bit or UTF-8 text.

    Binary formats are full of NUL and control bytes; a text with a stray NUL or two (a bad
    export, a truncated write) is still text, and normalize_text removes them.
    """
    if not sample:
        return False
    nuls = sample.count(0)
    if nuls > max(_STRAY_NULS, _MAX_NUL_SHARE * len(sample)):
        return True
    controls = sum(sample.count(byte) for byte in _CONTROL_BYTES)
    return controls / len(sample) > _MAX_CONTROL_SHARE


def _mostly_ascii(sample: bytes) -> bool:
    """Say whether bytes above 0x7F are rare, as in Western text (not Cyrillic, Greek or CJK)."""
    letters = len(sample) - sample.count(b" ") - sample.count(b"\n")
    high = sum(1 for byte in sample if byte > 0x7F)
    return letters > 0 and high / letters <= _MAX_HIGH_BYTE_SHARE


def _utf16_without_bom(sample: bytes) -> str | None:
    """Recognise BOM-less UTF-16 of mostly-Latin text: NUL bytes on one parity only."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _codec(name: str | None) -> str | None:
    """Resolve a declared charset label to a Python codec name, or None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes to text: BOM first, then a declared charset, UTF-8, a guess, cp1252.

    Raises SourceError when the bytes look binary rather than text.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    sample = data[:_SAMPLE_BYTES]
    utf16 = _utf16_without_bom(sample)
    if utf16 is not None:
        decoded = data.decode(utf16, errors="replace")
        if _is_binary(decoded[:_SAMPLE_BYTES].encode("utf-8", errors="replace")):
            raise SourceError("binary file, not text")
        return decoded
    if _is_binary(sample):
        raise SourceError("binary file, not text")
    codec = _codec(declared)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            logger.info("declared charset did not fit charset=%s", codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_ascii(sample):
        # Western text with a few accented letters: detectors often mistake cp1252 for
        # cp1250/cp1257 on short samples, so take cp1252 whenever it decodes cleanly.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:_GUESS_BYTES]).best()
    guessed = _codec(best.encoding) if best is not None else None
    encoding = guessed or "cp1252"
    logger.debug("guessed charset=%s", encoding)
    return data.decode(encoding, errors="replace")


def clean_lines(text: str) -> list[str]:
    """The lines of ``text`` after NFC and control-character cleanup, with their inner spacing kept
    (menus are laid out with runs of spaces) but tabs made spaces and ends trimmed."""
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.replace("\t", "    ").rstrip() for line in text.translate(_CLEANUP).split("\n")]


def normalize_text(text: str) -> str:
    """NFC, one kind of newline, no control characters, single spaces, blank-line paragraphs."""
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    blank = False
    for line in text.translate(_CLEANUP).split("\n"):
        words = line.split()  # str.split collapses every kind of space, no-break ones included
        if not words:
            blank = True
            continue
        if blank and lines:
            lines.append("")
        lines.append(" ".join(words))
        blank = False
    return "\n".join(lines)


def one_line(text: str) -> str:
    """``normalize_text`` on one line: a title or a name."""
    return normalize_text(text).replace("\n", " ")
