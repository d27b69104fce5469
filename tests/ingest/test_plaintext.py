"""The .txt/.md rules: title, standfirst and body as every command reads them."""

from __future__ import annotations

import pytest

from blocks import Role
from errors import SourceError
from ingest.furniture import line_role
from ingest.markdown import parse_markdown
from ingest.plaintext import parse_plain_text


def test_txt_first_line_is_title_and_short_second_line_is_standfirst() -> None:
    text = "Port reopens\nShips queue after storm.\n\nThe port reopened at dawn.\n\nTugs are busy."

    article = parse_plain_text(text, source="file")

    assert article.title == "Port reopens"
    assert article.standfirst == "Ships queue after storm."
    assert article.text == "The port reopened at dawn.\n\nTugs are busy."
    assert article.source == "file"


def test_txt_wrapped_lines_join_into_one_paragraph() -> None:
    text = "Title\n\nFirst line of a\nwrapped paragraph.\n\nSecond\nparagraph."

    article = parse_plain_text(text)

    # Set apart from the title by a blank line and followed by the story, it is the lead, not a
    # standfirst: a standfirst shares the title's block or comes before the byline.
    assert article.standfirst == ""
    assert article.text == "First line of a wrapped paragraph.\n\nSecond paragraph."


def test_txt_a_paragraph_between_the_title_and_the_byline_is_the_standfirst() -> None:
    text = (
        "Port reopens after storm\n\nShips queue outside the harbour as crews clear the wreckage.\n\n"
        "By Jane Roe\n\nThe port reopened at dawn on Tuesday after two days of gales."
    )

    article = parse_plain_text(text)

    assert article.standfirst == "Ships queue outside the harbour as crews clear the wreckage."
    assert article.text == "The port reopened at dawn on Tuesday after two days of gales."


def test_txt_without_blank_lines_has_one_paragraph_per_line() -> None:
    article = parse_plain_text("Title\nOne.\nTwo.\nThree.")

    assert article.standfirst == "One."
    assert article.text == "Two.\n\nThree."


def test_txt_with_a_long_first_line_is_all_body_with_a_shortened_title() -> None:
    first = "word " * 60

    article = parse_plain_text(first + "\nmore")

    assert article.title.endswith("…") and len(article.title) <= 101
    assert article.text.startswith("word word")


def test_txt_trailing_newsletter_boilerplate_is_dropped() -> None:
    text = (
        "Title\n\nReal paragraph about the council vote.\n\n"
        "Subscribe to get the latest posts to your email.\nShare this post\n"
        "© 2026 Some Newsletter. All rights reserved."
    )

    article = parse_plain_text(text)

    assert "Subscribe" not in article.text + article.standfirst
    assert "Share" not in article.text + article.standfirst
    assert "rights" not in article.text + article.standfirst


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe now",
        "Read more",
        "Read more: how the vote went",
        "Share this article",
        "Follow us on Mastodon",
        "Sign up for our newsletter",
        "Click here to continue",
        "All rights reserved.",
        "We use cookies to improve your experience.",
        "Accept all cookies",
        "Advertisement",
    ],
)
def test_boilerplate_lines_are_furniture(line: str) -> None:
    assert line_role(line) is Role.FURNITURE


@pytest.mark.parametrize(
    "line",
    [
        "Subscribers to the scheme rose by 12% in October.",
        "Officials said they would read more reports before deciding.",
        "The share price fell 4% after the announcement.",
    ],
)
def test_ordinary_sentences_that_mention_boilerplate_words_are_kept(line: str) -> None:
    assert line_role(line) is None


def test_empty_text_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="no text"):
        parse_plain_text("  \n\n ")


def test_markdown_syntax_is_removed_but_words_and_code_kept() -> None:
    text = (
        "# Ferry *times* change\n\n"
        "The **harbour ferry** runs more often, says a [statement](https://x.example/s).\n\n"
        "![ferry](ferry.jpg)\n\n"
        "```\nPeak: 07:00-09:30\n```\n\n"
        "> A quote from `ops`.\n\n"
        "Another paragraph with _emphasis_ and snake_case_words.\n\n"
        "[s]: https://x.example/s"
    )

    article = parse_markdown(text)

    body = article.standfirst + "\n\n" + article.text
    assert article.title == "Ferry times change"
    assert "The harbour ferry runs more often, says a statement." in body
    assert "ferry.jpg" not in body and "https://" not in body
    assert "Peak: 07:00-09:30" in body
    assert "A quote from ops." in body
    assert "with emphasis and snake_case_words." in body
    assert "#" not in body and "*" not in body and "`" not in body


def test_markdown_front_matter_title_wins() -> None:
    text = '---\ntitle: "Budget passes"\ndate: 2026-11-20\n---\nThe budget passed 31 to 12 on Friday.'

    article = parse_markdown(text)

    assert article.title == "Budget passes"
    assert article.text == "The budget passed 31 to 12 on Friday."


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("Storm hits coast\n\nWinds reached 120 km/h.", "Storm hits coast", "Winds reached 120 km/h."),
        ("Is the strike over?\n\nNot yet, unions say.", "Is the strike over?", "Not yet, unions say."),
        (
            "It rained all day.\n\nThe river rose.",
            "It rained all day",
            "It rained all day.\n\nThe river rose.",
        ),
        (
            "One block of text. No breaks at all.",
            "One block of text",  # a pasted text's headline is its first sentence
            "One block of text. No breaks at all.",
        ),
    ],
    ids=["headline", "question", "sentence", "no-breaks"],
)
def test_a_headline_first_line_is_the_title_and_a_sentence_stays_in_the_body(
    text: str, title: str, body: str
) -> None:
    article = parse_plain_text(text)

    assert (article.title, article.text) == (title, body)


def test_the_headline_is_not_glued_onto_the_standfirst() -> None:
    text = (
        "Council approves tram extension\n\nFour new stops will open by 2028, the council says.\n\n"
        "Updated 14:05, 3 March\n\nThe council voted on Tuesday to extend the tram line by four stops."
    )

    article = parse_plain_text(text)

    assert article.title == "Council approves tram extension"
    assert article.standfirst == "Four new stops will open by 2028, the council says."
    assert article.text == "The council voted on Tuesday to extend the tram line by four stops."


def test_txt_of_one_long_paragraph_without_a_title_keeps_it_all_as_the_body() -> None:
    text = (
        "The council voted on Tuesday to extend the tram line by four stops, after a debate that "
        "ran past midnight and a petition signed by 12,000 residents."
    )

    article = parse_plain_text(text)

    assert article.text == text
    assert article.title.startswith("The council voted on Tuesday") and article.title.endswith("…")
    assert len(article.title) <= 101


def test_txt_of_one_short_line_is_a_title_without_text() -> None:
    article = parse_plain_text("Council meets")

    assert (article.title, article.text) == ("Council meets", "")


def test_markdown_front_matter_gives_date_link_and_source() -> None:
    text = (
        "---\ntitle: Budget passes\ndate: 2026-11-20\nurl: https://news.example/budget?utm_source=x\n"
        "source: Town Crier\n---\nThe budget passed 31 to 12 on Friday."
    )

    article = parse_markdown(text)

    assert article.published is not None and article.published.isoformat() == "2026-11-20T00:00:00+00:00"
    assert article.url == "https://news.example/budget"
    assert article.source == "Town Crier"


def test_markdown_front_matter_is_read_when_nothing_follows_it() -> None:
    article = parse_markdown("---\ntitle: Only front matter\n---\n")

    assert (article.title, article.text) == ("Only front matter", "")


@pytest.mark.parametrize(
    "line",
    [
        "Thanks for reading The Harbour Letter! Subscribe for free to receive new posts and support my work.",
        "Discover more from The Harbour Letter",
        "Type your email…",
        "Leave a comment",
        "Upgrade to paid",
        "Ready for more?",
        "Get the latest posts delivered right to your inbox",
        "Unsubscribe",
        "Forwarded this email? Subscribe here for more",
        "You are receiving this email because you subscribed to The Harbour Letter.",
        "View in browser",
        "Like this post? Share it with a friend.",
    ],
)
def test_newsletter_footer_lines_are_dropped(line: str) -> None:
    text = f"Title\n\nReal paragraph about the council vote.\n\n{line}\n\nThanks for reading!"

    article = parse_plain_text(text)

    assert article.text == "Real paragraph about the council vote."


def test_a_sentence_about_subscribing_inside_an_article_is_kept() -> None:
    middle = "Residents can subscribe to the council's flood alerts by text message, officials said."
    text = f"Flood alerts\n\nThe river rose overnight.\n\n{middle}\n\nThe water fell by noon."

    article = parse_plain_text(text)

    assert middle in article.text


@pytest.mark.parametrize(
    ("pasted", "title"),
    [
        (
            "The council voted on Tuesday to extend the tram line by four stops. The debate ran past"
            " midnight, and a petition signed by 12,000 residents was read out in full.",
            "The council voted on Tuesday to extend the tram line by four stops",
        ),
        (
            "Dr. Okafor said the ferry would return in spring after repairs to its hull and engines."
            " Tickets go on sale next week.",
            "Dr. Okafor said the ferry would return in spring after repairs to its hull and engines",
        ),
        (
            "Prices rose 3.5% in May, the statistics office said on Friday, in a long statement that"
            " listed every region and every product group one by one. Then more followed.",
            "Prices rose 3.5% in May, the statistics office said on Friday, in a long statement that listed…",
        ),
    ],
)
def test_pasted_text_gets_a_headline_from_its_first_sentence(pasted: str, title: str) -> None:
    assert parse_plain_text(pasted).title == title
