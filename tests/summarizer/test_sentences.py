"""The sentence splitter's hard cases, as a table."""

from __future__ import annotations

import pytest

from summarizer.sentences import is_boilerplate, split_paragraphs, split_sentences

CASES = [
    (
        "abbreviations",
        "The U.S. economy grew. Dr. Smith spoke, e.g. about jobs. Talks began on Jan. 5 in Rome.",
        ["The U.S. economy grew.", "Dr. Smith spoke, e.g. about jobs.", "Talks began on Jan. 5 in Rome."],
    ),
    (
        "numbers",
        "Sales hit 3.3 million units. Prices rose 4% to $1.5bn. Shares fell 2.5 points.",
        ["Sales hit 3.3 million units.", "Prices rose 4% to $1.5bn.", "Shares fell 2.5 points."],
    ),
    (
        "quote spanning sentences, then its attribution",
        '"We will strike. We have no choice," the union said. "Why?" she asked. Talks end today.',
        ['"We will strike. We have no choice," the union said.', '"Why?" she asked.', "Talks end today."],
    ),
    (
        "quote that ends its own sentences",
        'He said: "This is bad. We must act." Then he left.',
        ['He said: "This is bad.', 'We must act."', "Then he left."],
    ),
    (
        "quote left open across paragraphs, news style",
        '"The plan is sound. We will go on.\n\n"Nobody can stop us. Not now," she said.',
        ['"The plan is sound.', "We will go on.", '"Nobody can stop us. Not now," she said.'],
    ),
    (
        "curly quotes and guillemets",
        "“It is late. Go home,” he said. «C’est fini. Allez», dit-il. „Es reicht. Geh“, sagte sie.",
        ["“It is late. Go home,” he said.", "«C’est fini. Allez», dit-il.", "„Es reicht. Geh“, sagte sie."],
    ),
    (
        "over-long quotation is split like any text",
        '"' + "This sentence is long enough to count. " * 10 + 'The end," he said.',
        ['"This sentence is long enough to count.']
        + ["This sentence is long enough to count."] * 9
        + ['The end," he said.'],
    ),
    (
        "initials and titles",
        "Mr. J. K. Rowling wrote a book. Mrs. Jones read it.",
        ["Mr. J. K. Rowling wrote a book.", "Mrs. Jones read it."],
    ),
    (
        "acronym ending a sentence",
        "Troops returned to the U.S. The war ended.",
        ["Troops returned to the U.S.", "The war ended."],
    ),
    (
        "company suffix mid-sentence",
        "Apple Inc. Chief Tim Cook spoke. Apple Inc. The firm grew.",
        ["Apple Inc. Chief Tim Cook spoke.", "Apple Inc.", "The firm grew."],
    ),
    (
        "glued sentences",
        "Profits rose to $10.9bn.For the full year it was good.",
        ["Profits rose to $10.9bn.", "For the full year it was good."],
    ),
    (
        "byline and read-more lines",
        "By Jane Doe\nBBC News\n\nRead more: our coverage\nThe vote passed. It was close.",
        ["By Jane Doe", "BBC News", "Read more: our coverage", "The vote passed.", "It was close."],
    ),
    (
        "heading and list",
        "Key points\n- prices rose\n- wages fell\nThe report was published today.",
        ["Key points", "prices rose", "wages fell", "The report was published today."],
    ),
    (
        "hard-wrapped lines",
        "The committee met for several hours on Monday to discuss the\nbudget and then adjourned.",
        ["The committee met for several hours on Monday to discuss the budget and then adjourned."],
    ),
    (
        "russian",
        "Президент заявил, т.е. всё хорошо. Это второе предложение! А третье?",
        ["Президент заявил, т.е. всё хорошо.", "Это второе предложение!", "А третье?"],
    ),
    (
        "german",
        "Am 3. Oktober feiert Deutschland. Dr. Müller sagte, z.B. das sei gut. Ende der Rede.",
        ["Am 3. Oktober feiert Deutschland.", "Dr. Müller sagte, z.B. das sei gut.", "Ende der Rede."],
    ),
    (
        "dateline with agency tag",
        "PARIS, France (Wirenews) -- The bakers went on strike. Shops closed early.",
        ["The bakers went on strike.", "Shops closed early."],
    ),
    (
        "agency tag glued to the first word",
        "(WNN)The harbour reopened on Tuesday after the storm.",
        ["The harbour reopened on Tuesday after the storm."],
    ),
    (
        "capitalised place and agency with a dash",
        "OSLO (NTA) — Ferry services resumed this morning.",
        ["Ferry services resumed this morning."],
    ),
    (
        "lower-case agency tag, German",
        "Berlin (dpa) - Die Regierung hat den Haushalt beschlossen. Die Opposition ist dagegen.",
        ["Die Regierung hat den Haushalt beschlossen.", "Die Opposition ist dagegen."],
    ),
    (
        "dateline only at the start of the article",
        "The mayor spoke. Later the council quoted a wire story from (WNN) -- Rome.",
        ["The mayor spoke.", "Later the council quoted a wire story from (WNN) -- Rome."],
    ),
    (
        "mixed-case place before a glued agency tag",
        "Lakeside (WNN)Two ferries collided near the pier.",
        ["Two ferries collided near the pier."],
    ),
    (
        "byline with a role glued to the first sentence",
        "By Anna Berg, Staff Writer The library will close for repairs in June.",
        ["By Anna Berg, Staff Writer", "The library will close for repairs in June."],
    ),
    (
        "byline and publication stamps in one run",
        "By . Tom Reed . PUBLISHED: . 09:15 EST, 4 June 2016 . | . UPDATED: . 11:40 EST, 4 June 2016 . "
        "A new bridge opened in the town. Traffic eased.",
        [
            "By Tom Reed",
            "PUBLISHED: 09:15 EST, 4 June 2016",
            "UPDATED: 11:40 EST, 4 June 2016",
            "A new bridge opened in the town.",
            "Traffic eased.",
        ],
    ),
    (
        "last-updated line glued to a sentence",
        "The pool reopened. Last updated at 10:05 AM on 2nd May 2016 Swimmers queued outside.",
        ["The pool reopened.", "Last updated at 10:05 AM on 2nd May 2016", "Swimmers queued outside."],
    ),
    (
        "a sentence opening with By is no byline",
        "By the time the bus came the rain had stopped.",
        ["By the time the bus came the rain had stopped."],
    ),
    (
        "photo credit between sentences",
        "Crowds lined the river bank to watch the boats Photo: Lena Holt/Riverpix The race began at noon.",
        [
            "Crowds lined the river bank to watch the boats",
            "Photo: Lena Holt/Riverpix",
            "The race began at noon.",
        ],
    ),
    (
        "in-line image credit is dropped",
        "The old mill (Image: Sam Cole) will become a museum.",
        ["The old mill will become a museum."],
    ),
    (
        "video prompt glued to the next sentence",
        "The zoo welcomed twin pandas. Scroll down for video The keepers named them on Friday.",
        ["The zoo welcomed twin pandas.", "Scroll down for video", "The keepers named them on Friday."],
    ),
    (
        "caption without a stop before a sentence opening with A",
        "A farmer stands in his flooded barley field near the village in March A farmer lost his crop.",
        [
            "A farmer stands in his flooded barley field near the village in March",
            "A farmer lost his crop.",
        ],
    ),
    (
        "caption without a stop before a sentence opening with The",
        "The new tram (left) passes the cathedral during a test run on Sunday The city opens it soon.",
        [
            "The new tram (left) passes the cathedral during a test run on Sunday",
            "The city opens it soon.",
        ],
    ),
    (
        "labelled caption without a stop before the next caption",
        "Soaked: the runners crossed the line in heavy rain at the end of it Cheered: Ana, who won, waved.",
        [
            "Soaked: the runners crossed the line in heavy rain at the end of it",
            "Cheered: Ana, who won, waved.",
        ],
    ),
    (
        "titles inside a sentence are no caption seam",
        "She starred in the film The Quiet Harbour and read from Winter Tales: The Long Night on stage.",
        ["She starred in the film The Quiet Harbour and read from Winter Tales: The Long Night on stage."],
    ),
    (
        "a short run before The is no caption",
        "Fans cheered The band played on.",
        ["Fans cheered The band played on."],
    ),
    ("chinese", "北京今天下雨。明天会晴天！你好吗？", ["北京今天下雨。", "明天会晴天！", "你好吗？"]),
    ("ellipsis then lower case", "He waited... and waited. Done.", ["He waited... and waited.", "Done."]),
    ("no boundary at all", "just some words without an end", ["just some words without an end"]),
    ("only punctuation", " ... !!! ", []),
    ("empty", "", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_sentences_handles_news_text(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_sentences_cuts_a_run_without_boundaries_into_bounded_pieces() -> None:
    text = ", ".join(f"clause number {i} goes here" for i in range(200))

    pieces = split_sentences(text)

    assert len(pieces) > 5
    assert all(len(p.split()) <= 80 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_split_sentences_on_100k_words_is_linear_enough() -> None:
    text = "The cabinet met today. " * 25_000

    sentences = split_sentences(text)

    assert len(sentences) == 25_000


def test_split_paragraphs_splits_on_blank_lines_and_trims() -> None:
    text = "  First para\nline two  \n\n\n Second para \r\n\r\nThird"

    assert split_paragraphs(text) == ["First para\nline two", "Second para", "Third"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("By Jane Doe", True),
        ("By John Smith, BBC News", True),
        ("Read more: the full story", True),
        ("Sign up to our daily newsletter", True),
        ("Scroll down for video", True),
        ("CLICK HERE for all the latest Real Madrid news", True),
        ("Photo: Getty Images", True),
        ("Photo: Lena Holt/Riverpix", True),
        ("PUBLISHED: 09:15 EST, 4 June 2016", True),
        ("Last updated at 10:05 AM on 2nd May 2016", True),
        ("By Anna Berg, Staff Writer", True),
        ("By the end of the year, prices had risen sharply.", False),
        ("He said the comments were unfair.", False),
    ],
)
def test_is_boilerplate_recognises_page_furniture(sentence: str, expected: bool) -> None:
    assert is_boilerplate(sentence) is expected
