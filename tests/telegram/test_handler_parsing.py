"""Pure parsing and decisions used by the handlers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.arguments import parse_feeds_args
from bot.services.briefing_codec import briefing_from_dict, briefing_to_dict
from bot.telegram.keyboards import briefing_buttons, briefing_key, parse_button
from bot.telegram.reply import plain_pieces, plain_text
from bot.telegram.routing import addressed_command, command_for_bot
from errors import LLMUnavailable, SourceError, UsageError
from handlers.add import parse_add
from handlers.failures import SOMETHING_WRONG, SUMMARIZER_DOWN, user_text
from summarizer.types import Briefing, Citation, CitedSentence, Story


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("/add https://example.com/a", (True, "https://example.com/a")),
        ("/add@brief_test_bot http://x.org/p", (True, "http://x.org/p")),
        ("/add Title\n\nSome body text.", (False, "Title\n\nSome body text.")),
        ("/add https://example.com/a and more words", (False, "https://example.com/a and more words")),
    ],
)
def test_parse_add_tells_links_from_pasted_text(message: str, expected: tuple[bool, str]) -> None:
    assert parse_add(message) == expected


def test_parse_add_without_payload_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        parse_add("/add   ")

    assert "Example: /add" in str(caught.value)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ("list", "")),
        (["add", "https://e.org/rss"], ("add", "https://e.org/rss")),
        (["REMOVE", "3"], ("remove", "3")),
        (["sources"], ("sources", "")),
    ],
)
def test_parse_feeds_args(args: list[str], expected: tuple[str, str]) -> None:
    assert parse_feeds_args(args) == expected


@pytest.mark.parametrize("args", [["add"], ["drop", "1"], ["remove", "1", "2"], ["sources", "x"]])
def test_parse_feeds_args_refuses_other_forms(args: list[str]) -> None:
    with pytest.raises(UsageError):
        parse_feeds_args(args)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/brief ai 3d", "brief"),
        ("/Brief@Brief_Test_Bot", "brief"),
        ("/brief@other_bot", None),
        ("hello", None),
        ("/", None),
    ],
)
def test_addressed_command(text: str, expected: str | None) -> None:
    assert addressed_command(text, "brief_test_bot") == expected


@pytest.mark.parametrize(
    ("text", "private", "expected"),
    [
        ("/nosuch", True, "nosuch"),
        ("/nosuch", False, None),
        ("/nosuch@brief_test_bot", False, "nosuch"),
        ("/brief", False, "brief"),
        ("/brief@other_bot", False, None),
        ("/stats", False, "stats"),
        ("", False, None),
        ("", True, None),
        ("hello", True, None),
    ],
)
def test_command_for_bot_ignores_bare_foreign_commands_in_groups(
    text: str, private: bool, expected: str | None
) -> None:
    assert command_for_bot(text, "brief_test_bot", private=private) == expected


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (SourceError("that page refused us <403>"), "that page refused us &lt;403&gt;"),
        (LLMUnavailable("timeout talking to http://10.0.0.1"), SUMMARIZER_DOWN),
        (RuntimeError("db password=hunter2"), SOMETHING_WRONG),
        (Forbidden("blocked"), None),
        (BadRequest("Can't parse entities"), SOMETHING_WRONG),
    ],
)
def test_user_text_never_shows_internals(error: Exception, expected: str | None) -> None:
    assert user_text(error) == expected


@pytest.mark.parametrize(
    "make", [lambda: RetryAfter(timedelta(seconds=5)), TimedOut, lambda: NetworkError("Bad Gateway")]
)
def test_telegram_being_slow_or_unreachable_gets_no_reply(make, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns on every RetryAfter otherwise
    # A reply would hit the same flood limit or dead connection; a timed-out send may have arrived.
    assert user_text(make()) is None


def test_usage_error_text_has_usage_and_example() -> None:
    text = user_text(UsageError("Bad <length>.", "/settings [short|normal|long]", "/settings long"))

    assert text == (
        "Bad &lt;length&gt;.\nUsage: <code>/settings [short|normal|long]</code>\n"
        "Example: <code>/settings long</code>"
    )


def test_plain_text_fallback_unescapes_and_drops_tags() -> None:
    assert plain_text('<b>A &amp; B</b> <a href="u">[1]</a>') == "A & B [1]"


def test_plain_pieces_fit_telegram_limit() -> None:
    pieces = plain_pieces("<b>" + "word &amp; " * 1500 + "</b>")

    assert len(pieces) > 1
    assert all(len(p) <= 4096 for p in pieces)
    assert "&amp;" not in "".join(pieces)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("sources#1a2b3c4d", ("sources", "1a2b3c4d")),
        ("longer", ("longer", None)),
        ("length:short", ("length:short", None)),
        ("", ("", None)),
    ],
)
def test_parse_button_splits_action_and_briefing_key(data: str, expected: tuple[str, str | None]) -> None:
    assert parse_button(data) == expected


def _briefing(*article_ids: int) -> Briefing:
    sources = tuple(
        Citation(number=n, article_id=a, title=f"T{a}", url=None, source="S", published=datetime(2026, 1, 1))
        for n, a in enumerate(article_ids, 1)
    )
    story = Story(
        headline="H", sentences=(CitedSentence("S.", (1,)),), citations=(1,), article_ids=article_ids, score=1
    )
    return Briefing(stories=(story,), sources=sources, topic="ferry", period_label="3d")


def test_briefing_key_survives_storing_and_fits_callback_data() -> None:
    briefing = _briefing(3, 5)
    markup = briefing_buttons(briefing)

    assert briefing_key(briefing_from_dict(briefing_to_dict(briefing))) == briefing_key(briefing)
    assert briefing_key(_briefing(3, 6)) != briefing_key(briefing)
    assert all(len(b.callback_data.encode()) <= 64 for row in markup.inline_keyboard for b in row)
