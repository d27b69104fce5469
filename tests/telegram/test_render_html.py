"""Rendering to Telegram HTML: escaping, splitting under the limit, tag balance."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.telegram.html_text import MAX_ENTITIES, MAX_HTML_CHARS, escape, split_html, telegram_length
from bot.telegram.render_html import (
    render_answer_html,
    render_briefing_html,
    render_ingest_report_html,
    render_sources_html,
)
from summarizer.types import Answer, Briefing, Citation, CitedSentence, ReplyKind, Story
from tests.telegram.telegram_html import HtmlError, parse_telegram_html

HOSTILE = '<script>alert("x")</script> & <b>bold</b> <div>'


def _citation(number: int, url: str | None = "https://news.example/a?x=1&y=2") -> Citation:
    return Citation(
        number=number,
        article_id=number,
        title=f"Title {number} <i>",
        url=url,
        source="Example News",
        published=datetime(2026, 11, 24, 9, 0),
    )


def _briefing(stories: int = 2, sentence: str = HOSTILE, per_story: int = 2) -> Briefing:
    sources = (_citation(1), _citation(2, url="javascript:alert(1)"))
    made = tuple(
        Story(
            headline=f"Headline {i} <u>",
            sentences=tuple(CitedSentence(sentence, (1, 2)) for _ in range(per_story)),
            citations=(1, 2),
            article_ids=(1, 2),
            score=1.0,
        )
        for i in range(stories)
    )
    return Briefing(stories=made, sources=sources, topic="ai & <chips>", period_label="24h")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a < b", "a &lt; b"),
        ("fish & chips", "fish &amp; chips"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("it's", "it's"),
        ("<b>", "&lt;b&gt;"),
    ],
)
def test_escape_makes_text_inert(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_briefing_escapes_article_text_and_parses_as_telegram_html() -> None:
    chunks = render_briefing_html(_briefing())

    text = "\n".join(parse_telegram_html(chunk) for chunk in chunks)

    assert HOSTILE in text
    assert "<script>" not in "".join(chunks)
    assert "ai & <chips>" in text


def test_briefing_links_citation_markers_and_refuses_non_http_links() -> None:
    html = "".join(render_briefing_html(_briefing()))

    assert '<a href="https://news.example/a?x=1&amp;y=2">[1]</a>' in html
    assert "javascript:" not in html.split("href=")[-1].split(">")[0]
    assert 'href="javascript' not in html


def test_empty_briefing_says_nothing_matched() -> None:
    briefing = Briefing(stories=(), sources=(), topic="zebra <x>", period_label="24h", considered=9)

    chunks = render_briefing_html(briefing)

    assert len(chunks) == 1
    assert "Nothing matched" in parse_telegram_html(chunks[0])
    assert "zebra <x>" in parse_telegram_html(chunks[0])


def test_long_briefing_is_split_under_limit_at_paragraph_boundaries() -> None:
    briefing = _briefing(stories=60)

    chunks = render_briefing_html(briefing)

    assert len(chunks) > 1
    for chunk in chunks:
        assert telegram_length(chunk) <= 4096
        parse_telegram_html(chunk)
        assert chunk.startswith("<b>") or chunk.startswith("<i>Sources")


def test_split_html_packs_paragraphs_in_order() -> None:
    paragraphs = ["<b>one</b>", "two", "three"]

    assert split_html(paragraphs, limit=12) == ["<b>one</b>\n\ntwo", "three"]


def test_telegram_length_counts_text_after_parsing_not_markup() -> None:
    linked = '<a href="https://example.com/a/very/long/path">Bridge</a> &amp; <b>tolls</b>'

    assert telegram_length(linked) == len("Bridge & tolls")
    assert telegram_length("emoji 📰") == 8


def test_split_html_drops_empty_paragraphs() -> None:
    assert split_html(["", "  ", "x"]) == ["x"]


@pytest.mark.parametrize("limit", [60, 100, 257, 4096])
def test_over_long_paragraph_is_cut_with_tags_closed_and_reopened(limit: int) -> None:
    sentence = "The <i>quick</i> brown fox &amp; friends jumped. "
    paragraph = "<blockquote><b>" + sentence * 300 + "</b></blockquote>"

    chunks = split_html([paragraph], limit=limit)

    assert len(chunks) > 1
    for chunk in chunks:
        assert telegram_length(chunk) <= limit
        parse_telegram_html(chunk)
        assert chunk.startswith("<blockquote><b>")
    joined = " ".join(parse_telegram_html(c) for c in chunks)
    assert joined.split() == parse_telegram_html(paragraph).split()


def test_over_long_paragraph_prefers_sentence_boundaries() -> None:
    paragraph = "Alpha beta gamma delta. " * 50

    chunks = split_html([paragraph], limit=200)

    assert all(chunk.endswith(".") for chunk in chunks)


def test_over_long_word_is_hard_cut_without_breaking_entities() -> None:
    paragraph = "x" * 500 + " &amp; " + "y" * 500

    chunks = split_html([paragraph], limit=120)

    assert all(telegram_length(c) <= 120 for c in chunks)
    assert "".join(parse_telegram_html(c) for c in chunks).replace(" ", "") == ("x" * 500 + "&" + "y" * 500)


def test_length_counts_utf16_units() -> None:
    assert telegram_length("😀") == 2
    chunks = split_html(["😀" * 3000], limit=4096)
    assert all(telegram_length(c) <= 4096 for c in chunks)


def test_answer_not_answered_says_so_plainly() -> None:
    answer = Answer(question="who?", sentences=(), sources=(), kind=ReplyKind.DECLINE)

    chunks = render_answer_html(answer)

    assert "don't answer" in parse_telegram_html(chunks[0])


def test_closest_passages_say_first_that_the_articles_do_not_say_exactly_and_quote_them() -> None:
    answer = Answer(
        question="how many <workers>?",
        sentences=(CitedSentence("The union & the operator met.", (1,)),),
        sources=(_citation(1),),
        kind=ReplyKind.CLOSEST,
    )

    text = parse_telegram_html("\n".join(render_answer_html(answer)))

    assert text.index("The articles don't say exactly. Closest:") < text.index("The union & the operator")
    assert "“The union & the operator met.” [1]" in text
    assert "Title 1 <i>" in text


def test_answer_shows_question_sentences_and_sources() -> None:
    answer = Answer(
        question="why <now>?",
        sentences=(CitedSentence("Because & so.", (1,)),),
        sources=(_citation(1),),
        kind=ReplyKind.ANSWER,
    )

    text = parse_telegram_html("\n".join(render_answer_html(answer)))

    assert "why <now>?" in text
    assert "Because & so. [1]" in text
    assert "Title 1 <i>" in text


def test_sources_lists_each_numbered_source() -> None:
    text = parse_telegram_html(render_sources_html([_citation(1), _citation(2)])[0])

    assert "[1] Title 1 <i> — Example News, 2026-11-24" in text
    assert "[2]" in text


def test_ingest_report_escapes_titles_and_problems() -> None:
    class Report:
        stored, duplicates = 1, 2
        problems = ("bad <page>",)
        titles = ("A & B",)

    text = parse_telegram_html(render_ingest_report_html(Report())[0])

    assert "Stored 1 article, skipped 2 duplicates." in text
    assert "A & B" in text and "bad <page>" in text


@pytest.mark.parametrize(
    "bad",
    ["<div>x</div>", "<b>x", "<b>x</i>", "</b>", "a < b"],
)
def test_fake_server_parser_refuses_what_telegram_refuses(bad: str) -> None:
    with pytest.raises(HtmlError):
        parse_telegram_html(bad)


def test_split_html_can_pack_lines_with_single_newlines() -> None:
    assert split_html(["a", "b", "c"], limit=3, separator="\n") == ["a\nb", "c"]


@pytest.mark.parametrize(
    ("paragraphs", "limit"),
    [
        (["<b>" + "x" * 50 + "\n</b>"], 50),
        (["<i>" + "x" * 50 + " </i>"], 50),
        (["a " * 25 + "<b> </b>"], 50),
        (["<b></b>", "text"], 50),
        (["<i> </i>"], 4096),
    ],
)
def test_split_html_never_makes_a_chunk_without_visible_text(paragraphs: list[str], limit: int) -> None:
    chunks = split_html(paragraphs, limit=limit)

    assert chunks == [] or all(parse_telegram_html(c).strip() for c in chunks)
    for chunk in chunks:
        assert telegram_length(chunk) <= limit


def test_over_long_list_is_cut_between_lines_not_inside_one() -> None:
    briefing = Briefing(
        stories=(
            Story(
                headline="Headline",
                sentences=(CitedSentence("One sentence.", (1,)),),
                citations=(1,),
                article_ids=(1,),
                score=1.0,
            ),
        ),
        sources=tuple(_citation(n) for n in range(1, 80)),
        topic=None,
        period_label="24h",
    )

    whole_lines = {f"[{n}] Title {n} <i> — Example News, 2026-11-24" for n in range(1, 80)} | {"Sources"}

    chunks = render_briefing_html(briefing, limit=1000)

    assert len(chunks) > 2
    for chunk in chunks[1:]:
        assert set(parse_telegram_html(chunk).splitlines()) <= whole_lines


def test_chunks_stay_within_telegrams_entity_count_and_markup_size() -> None:
    # Telegram formats only the first 100 entities of a message and refuses a message whose
    # links and tags add up too far ("Entities_too_long"), however short its visible text.
    long_url = "https://news.example/" + "a" * 400
    sources = tuple(_citation(n, url=f"{long_url}{n}") for n in range(1, 41))
    stories = tuple(
        Story(
            headline=f"Headline {i}",
            sentences=tuple(CitedSentence(f"Sentence {i}.{k}.", (k, k + 1, k + 2)) for k in range(1, 4)),
            citations=(1, 2, 3),
            article_ids=(1, 2, 3),
            score=1.0,
        )
        for i in range(8)
    )
    briefing = Briefing(stories=stories, sources=sources, topic=None, period_label="24h")

    chunks = render_briefing_html(briefing)

    assert len(chunks) > 1
    for chunk in chunks:
        parse_telegram_html(chunk)
        assert chunk.count("</") <= MAX_ENTITIES
        assert len(chunk) <= MAX_HTML_CHARS


@pytest.mark.parametrize("count", [99, 100, 101, 250])
def test_many_short_links_are_spread_over_chunks_of_at_most_100(count: int) -> None:
    paragraph = " ".join(f'<a href="https://e.org/{n}">[{n}]</a>' for n in range(count))

    chunks = split_html([paragraph])

    assert [c.count("<a ") for c in chunks] == [min(count - k, 100) for k in range(0, count, 100)]
