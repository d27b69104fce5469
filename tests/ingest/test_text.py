"""decode_bytes and normalize_text as plain functions."""

from __future__ import annotations

import codecs

import pytest

from errors import SourceError
from ingest.text import decode_bytes, normalize_text

SAMPLE = "Zoë’s café — “naïve” £5"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-32"),  # with BOM
        SAMPLE.encode("utf-16-le"),  # no BOM, recognised by its NUL pattern
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf32-bom", "utf16le-no-bom"],
)
def test_decode_bytes_recovers_the_text(data: bytes) -> None:
    assert decode_bytes(data) == SAMPLE


def test_decode_bytes_prefers_a_declared_charset_that_fits() -> None:
    data = "Ceci est un éléphant".encode("iso-8859-15")

    assert decode_bytes(data, declared="ISO-8859-15") == "Ceci est un éléphant"


def test_decode_bytes_ignores_an_unknown_declared_charset() -> None:
    assert decode_bytes("plain ünïcode".encode(), declared="no-such-charset") == "plain ünïcode"


@pytest.mark.parametrize(
    "text",
    [
        "Le café était fermé, mais à côté la boulangère vendait des crêpes. " * 5,
        "Zoë’s café — “naïve” prices from £5, said the owner on Tuesday.",
    ],
)
def test_decode_bytes_reads_western_text_as_cp1252(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        bytes(range(1, 32)) * 20,
        b"PK\x03\x04" + bytes(200),
    ],
    ids=["png", "control-chars", "zip"],
)
def test_decode_bytes_refuses_binary(data: bytes) -> None:
    with pytest.raises(SourceError, match="binary"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("  lots   of\t\tspace \u00a0here  ", "lots of space here"),
        ("para one\n\n\n\n\npara two", "para one\n\npara two"),
        ("line  \n   next", "line\nnext"),
        ("bell\x07 and\x00 nul\u200b", "bell and nul"),
        ("cafe\u0301", "café"),  # NFC
        ("page\x0cbreak", "page\nbreak"),
        ("\n\n  edges  \n\n", "edges"),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Центральный банк снизил ставку до трёх с половиной процентов. " * 4, "cp1251"),
        ("Η κεντρική τράπεζα μείωσε το επιτόκιο στο τρία και μισό. " * 4, "cp1253"),
    ],
    ids=["cyrillic", "greek"],
)
def test_decode_bytes_guesses_non_western_single_byte_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(
    "data",
    [
        b"Ferry times change\n\nThe ferry\x00 now runs every forty minutes, the operator said.",
        b"Ferry times change\x00\n\n"
        + b"The ferry now runs every forty minutes, the operator said. " * 40
        + b"\x00",
    ],
    ids=["one-nul", "nul-at-both-ends"],
)
def test_text_with_a_few_stray_nul_bytes_is_text(data: bytes) -> None:
    text = normalize_text(decode_bytes(data))

    assert text.startswith("Ferry times change\n\nThe ferry now runs") and "\x00" not in text


HIDDEN = "\u202e\u202a\u2066\u2069\u200e\u200f\u061c\x00\x07\x9b"  # bidi controls, NUL, BEL, CSI


def test_bidi_controls_and_nul_never_reach_stored_text_or_titles() -> None:
    from ingest.jsonfile import article_from_record
    from ingest.text import one_line

    body = "The harbour reopened on Monday after the storm, the port authority said."
    article, _notes = article_from_record({"title": f"Port{HIDDEN} reopens", "text": f"{HIDDEN}{body}"})

    assert normalize_text(f"a{HIDDEN}b") == "ab"
    assert one_line(f"Feed{HIDDEN}\nname") == "Feed name"
    assert article.title == "Port reopens"
    assert article.text == body


def test_user_words_lose_every_invisible_character() -> None:
    from bot.arguments import parse_brief_args, parse_question, parse_topic

    assert parse_brief_args([f"energy{HIDDEN}", HIDDEN, "gas"]) == parse_brief_args(["energy", "gas"])
    assert parse_topic(f"{HIDDEN}\u202e-coal oil", "brief") == parse_topic("-coal oil", "brief")
    assert parse_question([f"when{HIDDEN}", "will", "it\u202e", "end?"]) == "when will it end?"


def test_a_refusal_never_echoes_an_invisible_character() -> None:
    from bot.arguments import parse_feeds_args, parse_language
    from errors import UsageError

    with pytest.raises(UsageError) as refused:
        parse_language(f"kling{HIDDEN}on")

    assert "“klingon”" in str(refused.value)
    assert parse_feeds_args(["add", f"https://x.example/rss{HIDDEN}"]) == ("add", "https://x.example/rss")
