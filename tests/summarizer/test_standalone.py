"""Lifted sentences stand on their own: discourse markers trimmed, pronouns kept with their names."""

from __future__ import annotations

import pytest

from blocks import Block, Role
from summarizer.briefing import build_briefing
from summarizer.extractive import ExtractiveSummarizer
from summarizer.standalone import is_lifted_from, opens_with_pronoun, trim_discourse_marker
from summarizer.tuning import SummaryTuning
from summarizer.types import Doc, Length


@pytest.mark.parametrize(
    ("sentence", "trimmed"),
    [
        (
            "Meanwhile, the ferry operator said crossings would resume.",
            "The ferry operator said crossings would resume.",
        ),
        ("However, consumer campaigners were unconvinced.", "Consumer campaigners were unconvinced."),
        (
            "Instead, patients will be offered an assessment at their surgery.",
            "Patients will be offered an assessment at their surgery.",
        ),
        (
            "In addition, the trust will trial a digital front door.",
            "The trust will trial a digital front door.",
        ),
        (
            "By contrast, the council says the firm shared too little.",
            "The council says the firm shared too little.",
        ),
        (
            "But the toll has already drawn criticism from businesses.",
            "The toll has already drawn criticism from businesses.",
        ),
        ("Still, Mr Ingersen praised the crowd on the quay.", "Mr Ingersen praised the crowd on the quay."),
        ('Separately, "we will review it," the authority said.', '"We will review it," the authority said.'),
    ],
)
def test_a_leading_discourse_marker_is_trimmed_and_the_rest_capitalised(sentence: str, trimmed: str) -> None:
    assert trim_discourse_marker(sentence) == trimmed


@pytest.mark.parametrize(
    "sentence",
    [
        "Instead of waiting for the rise, customers can compare fixed deals now.",
        "However much they try, the figures will not add up.",
        "Still waters covered the lower fields by noon.",
        "So far, 46 people have been rescued from their homes.",
        "However, no.",  # too little would be left
        "The council, however, said it had no choice.",
    ],
)
def test_a_sentence_without_a_leading_marker_is_left_as_it_is(sentence: str) -> None:
    assert trim_discourse_marker(sentence) == sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He said crews had carried out 46 rescues.", True),
        ("They were joined by two vets from the wildlife service.", True),
        ("It is now due to be completed in 2028.", True),
        ('"It was tired and clearly stressed," said Helga Marsh.', True),
        ("This is the second rise this spring.", True),
        ("Helga Marsh said the tide gave them their chance.", False),
        ('"We know this is unwelcome news," the chief executive said.', False),
        ("Their", True),
    ],
)
def test_a_sentence_opening_with_a_pronoun_is_recognised(sentence: str, expected: bool) -> None:
    assert opens_with_pronoun(sentence) is expected


def test_a_trimmed_sentence_is_still_the_articles_own_words() -> None:
    text = "The port reopened.\n\nMeanwhile, the ferry operator said crossings would resume on Tuesday."

    trimmed = trim_discourse_marker("Meanwhile, the ferry operator said crossings would resume on Tuesday.")

    assert is_lifted_from(trimmed, text)
    assert not is_lifted_from("The ferry operator said crossings would resume on Monday.", text)


PRONOUN_STORY = (
    "The harbour authority said a young whale was freed on Monday evening after 30 hours.\n\n"
    "Helga Marsh, who leads the rescue group, praised the sixty volunteers on the quay.\n\n"
    "She said the whale was tired and stressed and the volunteers kept it wet all night long.\n\n"
    "The ferry company suspended sailings to the island while the rescue went on all Monday."
)


def test_a_pronoun_sentence_is_chosen_only_with_the_sentence_that_names_whom_it_means() -> None:
    summarizer = ExtractiveSummarizer(SummaryTuning())
    title = "Whale stressed and tired, volunteers kept it wet all night"

    for count in (1, 2, 3, 4):
        summary = summarizer.summarize(PRONOUN_STORY, title=title, sentences=count)
        she = [i for i, s in enumerate(summary) if s.startswith("She said")]
        for i in she:
            assert i > 0 and summary[i - 1].startswith("Helga Marsh"), summary
        assert len(summary) <= count


def test_a_pronoun_sentence_needs_only_the_sentence_that_names_whom_it_means() -> None:
    summarizer = ExtractiveSummarizer(SummaryTuning(position_weight=0.0))
    text = (
        "Mayor Ines Okafor opened the new harbour bridge to traffic on Saturday morning.\n\n"
        "She thanked the crews who had worked through the winter storms.\n\n"
        "She said the harbour bridge would cut journeys across the harbour bridge route by half."
    )

    summary = summarizer.summarize(text, title="Harbour bridge cuts journeys by half", sentences=2)

    assert summary == [
        "Mayor Ines Okafor opened the new harbour bridge to traffic on Saturday morning.",
        "She said the harbour bridge would cut journeys across the harbour bridge route by half.",
    ]


def test_a_pronoun_sentence_opening_an_article_is_never_chosen() -> None:
    summarizer = ExtractiveSummarizer(SummaryTuning())
    text = "It rose again overnight, the agency said.\n\nThe river reached its highest level since 2019."

    assert summarizer.summarize(text, sentences=2) == ["The river reached its highest level since 2019."]


def test_a_summary_trims_the_marker_of_a_chosen_sentence() -> None:
    summarizer = ExtractiveSummarizer(SummaryTuning())
    text = (
        "The ferry to Gull Island was suspended on Monday while a whale was freed.\n\n"
        "Meanwhile, the ferry operator Gull Line said crossings to Gull Island would resume on Tuesday."
    )

    summary = summarizer.summarize(text, title="Ferry to Gull Island resumes", sentences=2)

    assert summary[1] == "The ferry operator Gull Line said crossings to Gull Island would resume on Tuesday."
    assert all(is_lifted_from(s, text) for s in summary)


def test_headings_and_furniture_blocks_never_give_sentences_but_a_heading_scores_its_section() -> None:
    summarizer = ExtractiveSummarizer(
        SummaryTuning(position_weight=0.0, centrality_weight=0.0, title_weight=0.0)
    )
    blocks = (
        Block(Role.TITLE, "Council sets budget"),
        Block(Role.PARAGRAPH, "The council met on Tuesday evening to vote on the plan for next year."),
        Block(Role.HEADING, "What happens to bus fares?"),
        Block(Role.PARAGRAPH, "Bus fares will rise by ten pence on every route from April."),
        Block(Role.HEADING, "Other news"),
        Block(Role.PARAGRAPH, "Libraries will close an hour earlier on weekday evenings."),
        Block(Role.FURNITURE, "Read more: Why are bus fares going up again this year?"),
        Block(Role.CAPTION, "Bus fares will rise, the council says, in a photo caption."),
    )
    doc = Doc(1, "Council sets budget", "", blocks=blocks)

    summary = summarizer.summarize_doc(doc, sentences=1)

    assert summary == ["Bus fares will rise by ten pence on every route from April."]
    assert len(summarizer.summarize_doc(doc, sentences=10)) == 3


def _single_article(paragraphs: int) -> Doc:
    text = "\n\n".join(
        f"Paragraph {i} says the Elm River bridge vote number {i} brought news item {i} for the town."
        for i in range(paragraphs)
    )
    return Doc(1, "Elm River bridge vote", text)


def test_a_briefing_of_one_story_gives_it_three_to_four_sentences_at_the_default_length() -> None:
    settings = SummaryTuning()
    summarizer = ExtractiveSummarizer(settings)

    briefing = build_briefing([_single_article(8)], summarizer=summarizer, settings=settings)

    (story,) = briefing.stories
    assert 3 <= len(story.sentences) <= 4
    texts = [s.text for s in story.sentences]
    doc_text = _single_article(8).text
    assert [doc_text.index(t) for t in texts] == sorted(doc_text.index(t) for t in texts)  # article order


@pytest.mark.parametrize(("length", "count"), [(Length.SHORT, 2), (Length.NORMAL, 4), (Length.LONG, 6)])
def test_a_briefing_of_two_stories_gives_each_the_longer_count_for_its_length(
    length: Length, count: int
) -> None:
    settings = SummaryTuning()
    summarizer = ExtractiveSummarizer(settings)
    bridge = " ".join(f"Engineers poured concrete{j} into pylon{j} near span{j}." for j in range(9))
    flood = " ".join(f"Floodwater drowned meadow{j} around village{j} after storm{j}." for j in range(9))
    docs = [Doc(1, "Bridge opens", bridge), Doc(2, "River floods", flood)]  # nothing in common

    briefing = build_briefing(docs, summarizer=summarizer, settings=settings, length=length)

    assert [len(s.sentences) for s in briefing.stories] == [count, count]


QUOTED_STORY = "\n\n".join(
    [
        "The harbour tunnel will close for six weeks from March while engineers replace its fans.",
        "About 38,000 vehicles use the tunnel each weekday, and the diversion adds up to 25 minutes.",
        '"We know this will be hard for drivers," said Mara Holm, the council\'s roads director.',
        '"It is the only way to keep the tunnel safe," she said, adding that the fans were old.',
        "The work will cost £14m, paid from the roads budget and a regional transport grant.",
        '"Businesses on the far side will suffer," said Omar Reyes of the chamber of commerce.',
        "Buses will run every ten minutes on the coast road during the closure, the operator said.",
    ]
)


def test_a_four_sentence_story_tells_what_happened_then_one_named_reaction() -> None:
    settings = SummaryTuning()
    summarizer = ExtractiveSummarizer(settings)
    doc = Doc(1, "Harbour tunnel to close for repairs", QUOTED_STORY)

    briefing = build_briefing([doc], summarizer=summarizer, settings=settings)

    (story,) = briefing.stories
    texts = [s.text for s in story.sentences]
    quoted = [t for t in texts if t.startswith('"')]
    assert len(texts) == 4 and texts[0].startswith("The harbour tunnel will close")
    assert len(quoted) == 1 and ("said Mara Holm" in quoted[0] or "said Omar Reyes" in quoted[0])
