"""The output checks, one by one: what survives of scripted model replies, and why the rest goes."""

from __future__ import annotations

import pytest

from summarizer.llm.checks import CheckSettings, ReplyChecker
from summarizer.llm.passages import PromptPassage
from summarizer.llm.reply_text import marker_numbers, strip_reasoning

PASSAGES = {
    1: PromptPassage(1, 10, "The city council approved a new bridge over the Elm River on Tuesday."),
    2: PromptPassage(2, 10, "The bridge will cost 40 million dollars and open in 2027."),
    3: PromptPassage(3, 11, "Shop owners on Mill Street said the construction may hurt business for a year."),
}


def check(reply: str, *, max_sentences: int = 5, quotes: bool = False, language: str | None = None):
    settings = CheckSettings(0.6, 0.8, max_sentences, with_quotes=quotes, language=language)
    checker = ReplyChecker(PASSAGES, settings)
    checker.finish(reply)
    return checker


def kept(reply: str, **options) -> list[tuple[str, tuple[int, ...]]]:
    return [(s.text, s.passages) for s in check(reply, **options).kept]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # faithful, with the marker before or after the full stop
        (
            "The city council approved a new bridge over the Elm River [1].",
            [("The city council approved a new bridge over the Elm River.", (1,))],
        ),
        (
            "The bridge will cost 40 million dollars. [2]",
            [("The bridge will cost 40 million dollars.", (2,))],
        ),
        # several markers, ranges and lists
        (
            "The council approved a 40 million dollar bridge [1][2].",
            [("The council approved a 40 million dollar bridge.", (1, 2))],
        ),
        (
            "The council approved a 40 million dollar bridge [1, 2].",
            [("The council approved a 40 million dollar bridge.", (1, 2))],
        ),
        # bullets and Markdown emphasis are taken off
        (
            "- **The bridge** will cost 40 million dollars [2]",
            [("The bridge will cost 40 million dollars.", (2,))],
        ),
        ("1. The bridge will open in 2027 [2].", [("The bridge will open in 2027.", (2,))]),
    ],
)
def test_faithful_cited_sentences_pass_as_plain_text(reply: str, expected: list) -> None:
    assert kept(reply) == expected


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("The mayor resigned after a corruption scandal [9].", "no valid citation"),
        ("The mayor resigned after a corruption scandal.", "uncited"),
        ("The mayor resigned after a corruption scandal [1].", "not supported by its passages"),
        ("The bridge will cost 400 million dollars [2].", "number not in its passages"),
        ("The bridge opens in 2029 [2].", "number not in its passages"),
        ("Read the full story at https://evil.example/bridge [1].", "link"),
        ("The bridge plans are on elm-bridge.com [1].", "link"),
        ("See [the plans](http://evil.example) for the bridge [1].", "link"),
        ("Follow @bridge_news_bot for the Elm River bridge [1].", "link"),
        ("The council approved the bridge. [1] Everyone loves it.", "uncited"),
    ],
)
def test_each_check_drops_the_sentence_it_is_for(reply: str, reason: str) -> None:
    checker = check(reply)

    assert checker.dropped[reason] >= 1
    assert all("evil" not in s.text and "@" not in s.text for s in checker.kept)


BOTH = "The city council approved a new bridge over the Elm River that will cost 40 million dollars."


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # no marker at all: the bot finds the passage
        ("The bridge will cost 40 million dollars.", [("The bridge will cost 40 million dollars.", (2,))]),
        # a marker naming no passage, or the wrong one
        (
            "The bridge will cost 40 million dollars [9].",
            [("The bridge will cost 40 million dollars.", (2,))],
        ),
        (
            "The bridge will cost 40 million dollars [0].",
            [("The bridge will cost 40 million dollars.", (2,))],
        ),
        (
            "The bridge will cost 40 million dollars [3].",
            [("The bridge will cost 40 million dollars.", (2,))],
        ),
        # a sentence resting on two passages gets both
        (BOTH, [(BOTH, (1, 2))]),
    ],
)
def test_missing_or_wrong_markers_are_replaced_by_the_passages_that_support_the_sentence(
    reply: str, expected: list
) -> None:
    checker = check(reply)

    assert [(s.text, s.passages) for s in checker.kept] == expected
    assert checker.recited == 1


def test_a_model_that_never_writes_markers_still_yields_cited_sentences() -> None:
    reply = (
        "On Tuesday the council approved a new Elm River bridge.\n"
        "Shop owners on Mill Street fear the construction may hurt business.\n"
        "The mayor resigned after a corruption scandal."
    )

    checker = check(reply)

    assert [s.passages for s in checker.kept] == [(1,), (3,)]
    assert checker.recited == 2 and checker.dropped["uncited"] == 1


def test_a_forged_citation_is_dropped_and_the_sentence_kept_on_its_real_one() -> None:
    checker = check("The bridge will cost 40 million dollars [2][7].")

    assert [(s.text, s.passages) for s in checker.kept] == [
        ("The bridge will cost 40 million dollars.", (2,))
    ]
    assert checker.dropped["invalid citation"] == 1


def test_of_two_sentences_before_one_marker_only_the_supported_one_survives() -> None:
    reply = "Everyone in town celebrated. The bridge will cost 40 million dollars [2]."

    assert kept(reply) == [("The bridge will cost 40 million dollars.", (2,))]


def test_raw_html_from_the_model_comes_out_as_plain_text_without_its_link() -> None:
    reply = (
        '<b>The city council</b> approved a new <a href="https://evil.example">bridge</a> '
        "over the Elm River [1].\n"
        "The bridge will cost &lt;b&gt;40 million&lt;/b&gt; dollars [2]."
    )

    assert kept(reply) == [
        ("The city council approved a new bridge over the Elm River.", (1,)),
        ("The bridge will cost 40 million dollars.", (2,)),
    ]


COST = "The bridge will cost 40 million dollars [2]."


@pytest.mark.parametrize(
    "reply",
    [
        f"<think>The user wants [1]: the council approved a new bridge [1].</think>\n{COST}",
        f"<THINKING>\nThe city council approved a new bridge over the Elm River [1].\n</THINKING>{COST}",
        # a reasoning prelude whose opening tag was in the chat template
        f"Passage 1 says the city council approved a new bridge over the Elm River [1].\n</think>\n{COST}",
    ],
)
def test_leaked_reasoning_never_survives(reply: str) -> None:
    assert kept(reply) == [("The bridge will cost 40 million dollars.", (2,))]


def test_an_unclosed_reasoning_block_hides_everything_after_it() -> None:
    assert kept("<think>The city council approved a new bridge over the Elm River [1].") == []
    assert strip_reasoning("Answer.\n<think>half") == "Answer.\n"


def test_repeats_and_sentences_beyond_the_asked_length_are_dropped() -> None:
    reply = "\n".join(
        [
            "The bridge will cost 40 million dollars [2].",
            "The bridge will cost 40 million dollars [2].",
            "The city council approved a new bridge over the Elm River [1].",
            "Shop owners on Mill Street said construction may hurt business [3].",
        ]
    )

    checker = check(reply, max_sentences=2)

    assert [s.passages for s in checker.kept] == [(2,), (1,)]
    assert checker.dropped["repeated"] == 1 and checker.dropped["beyond the asked length"] == 1


def test_an_empty_or_malformed_reply_keeps_nothing() -> None:
    for reply in ("", "   \n", '{"summary": "The bridge"}', "I cannot help with that."):
        assert kept(reply) == []


@pytest.mark.parametrize(
    ("marker", "numbers"),
    [("[1]", (1,)), ("[1][3]", (1, 3)), ("[1, 2]", (1, 2)), ("[2-4]", (2, 3, 4)), ("[2][2]", (2,))],
)
def test_marker_runs_read_as_passage_numbers(marker: str, numbers: tuple[int, ...]) -> None:
    assert marker_numbers(marker) == numbers


def test_a_streamed_reply_passes_each_sentence_only_once_its_line_is_finished() -> None:
    checker = ReplyChecker(PASSAGES, CheckSettings(0.6, 0.8, 5))
    first = "The city council approved a new bridge over the Elm River [1].\n"
    second = "The bridge will cost 40 million dollars [2]."

    assert checker.feed(first[:30]) == []
    assert [s.passages for s in checker.feed(first[30:])] == [(1,)]
    assert checker.feed(second[:20]) == []
    assert checker.feed("<thi") == []  # a tag still arriving is never shown as text
    assert [s.passages for s in checker.finish(first + second)] == [(2,)]


def test_a_streamed_reasoning_prelude_that_looked_like_an_answer_is_withdrawn_at_the_end() -> None:
    checker = ReplyChecker(PASSAGES, CheckSettings(0.6, 0.8, 5))
    prelude = "The city council approved a new bridge over the Elm River [1].\n"

    assert len(checker.feed(prelude + "x")) == 1
    assert checker.feed("</think>\nThe bridge will cost 40 million dollars [2].\n") == []
    checker.finish(prelude + "</think>\nThe bridge will cost 40 million dollars [2].")

    assert [s.passages for s in checker.kept] == [(2,)]


GERMAN = "Der Stadtrat hat am Dienstag eine neue Brücke über den Elm River genehmigt [1]."


@pytest.mark.parametrize(
    ("reply", "survives", "reason"),
    [
        (
            f'{GERMAN}\nQuote: "The city council approved a new bridge over the Elm River on Tuesday."',
            True,
            None,
        ),
        # the quote on the same line, with a word or two off
        (f'{GERMAN} Quote: "the city council approved the new bridge over the Elm River"', True, None),
        # the label written in the language of the briefing
        (
            f"{GERMAN}\nZitat: „The city council approved a new bridge over the Elm River on Tuesday.“",
            True,
            None,
        ),
        (GERMAN, False, "no quote"),
        (
            f'{GERMAN}\nQuote: "The council cancelled the bridge over the Elm River."',
            False,
            "quote not in its passages",
        ),
        (f'{GERMAN}\nQuote: "approved"', False, "no quote"),
        (
            'Die Brücke kostet 50 Millionen Dollar [2].\nQuote: "The bridge will cost 40 million dollars"',
            False,
            "number not in its quote",
        ),
        (
            "Der Stadtrat in der Mill Street genehmigte die Brücke [1].\n"
            'Quote: "The city council approved a new bridge over the Elm River on Tuesday."',
            False,
            "name not in its quote",
        ),
    ],
)
def test_another_language_rests_on_a_quote_found_in_the_passage(reply: str, survives: bool, reason) -> None:
    checker = check(reply, quotes=True, language="de")

    assert bool(checker.kept) is survives
    if reason:
        assert checker.dropped[reason] == 1


def test_another_language_drops_a_name_found_nowhere_in_the_story() -> None:
    reply = (
        "Le maire Pierre Dupont a approuvé un nouveau pont sur l'Elm River [1].\n"
        'Quote: "The city council approved a new bridge over the Elm River on Tuesday."'
    )

    checker = check(reply, quotes=True, language="fr")

    assert checker.kept == [] and checker.dropped["name not in its quote"] == 1


def test_the_tally_counts_sentences_read_kept_and_dropped_by_reason() -> None:
    checker = check(
        "The bridge will cost 40 million dollars [2][7].\n"
        "The mayor resigned after a corruption scandal [1].\n"
        "The bridge opens in 2029 [2].\n"
        "Everyone loves the bridge."
    )

    tally = checker.tally()

    assert (tally.written, tally.kept) == (4, 1)
    assert tally.dropped == {
        "invalid citation": 1,  # the [7] beside the kept sentence's valid [2]
        "not supported by its passages": 1,
        "number not in its passages": 1,
        "uncited": 1,
    }


def test_only_kept_sentences_count_as_re_cited() -> None:
    checker = check(
        "The city council approved a new bridge over the Elm River on Tuesday.\n"
        "The city council approved a new bridge over the Elm River on Tuesday."
    )

    tally = checker.tally()

    assert (tally.written, tally.kept, tally.recited) == (2, 1, 1)
    assert tally.dropped == {"repeated": 1}
