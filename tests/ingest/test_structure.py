"""Article structure: roles from layout, Markdown syntax and HTML tags, decided by one reader."""

from __future__ import annotations

import json

import pytest

from blocks import Role, body_text
from config.settings import IngestSettings
from ingest.files import read_bytes
from ingest.furniture import is_nav_row, line_role
from ingest.markdown import parse_markdown
from ingest.plaintext import parse_plain_text


def roles(article) -> list[tuple[Role, str]]:
    return [(b.role, b.text) for b in article.blocks]


def role_of(article, text: str) -> Role:
    (role,) = [b.role for b in article.blocks if b.text == text]
    return role


PLAIN = """RIVERSIDE GAZETTE
Home | News | Sport | Weather

News > Transport

Tram line to reach the hospital by 2028

By Jane Roe, Transport Correspondent
Updated 09:15, 4 March

Here's everything you need to know.

The council approved a four-stop extension of the tram line on Tuesday, after a debate that ran past midnight.

Image
Workers lay track near the depot on Monday.
Photo: John Doe/Riverside Gazette

Why does it matter?

The hospital is the city's largest employer, and about 9,000 staff drive to work each day.

what the opposition says

Opposition councillors said the £80m cost would be better spent on buses across the whole city.

THE NUMBERS
4 new stops
£80m total cost

Building work will start in the spring and is expected to take two years, the council said.

Read more:
Bus fares frozen for a second year
Is the ring road still fit for purpose?

Sign up to our free morning newsletter
© 2026 Riverside Gazette. All rights reserved.
"""


def test_plain_text_headline_is_found_under_the_masthead_and_menus() -> None:
    article = parse_plain_text(PLAIN)

    assert article.title == "Tram line to reach the hospital by 2028"
    assert [
        role_of(article, t)
        for t in ("RIVERSIDE GAZETTE", "Home | News | Sport | Weather", "News > Transport")
    ] == [Role.FURNITURE] * 3


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("By Jane Roe, Transport Correspondent", Role.BYLINE),
        ("Updated 09:15, 4 March", Role.BYLINE),
        ("Here's everything you need to know.", Role.FURNITURE),
        ("Image", Role.CAPTION),
        ("Workers lay track near the depot on Monday.", Role.CAPTION),
        ("Photo: John Doe/Riverside Gazette", Role.CAPTION),
        ("Why does it matter?", Role.HEADING),
        ("what the opposition says", Role.HEADING),
        ("THE NUMBERS", Role.HEADING),
        ("4 new stops\n£80m total cost", Role.LIST),
        ("Read more:", Role.FURNITURE),
        ("Bus fares frozen for a second year", Role.FURNITURE),
        ("Is the ring road still fit for purpose?", Role.FURNITURE),
        ("Sign up to our free morning newsletter", Role.FURNITURE),
        ("© 2026 Riverside Gazette. All rights reserved.", Role.FURNITURE),
    ],
)
def test_plain_text_lines_get_their_roles_from_layout_and_wording(text: str, role: Role) -> None:
    assert role_of(parse_plain_text(PLAIN), text) is role


def test_plain_text_body_is_only_the_paragraphs() -> None:
    article = parse_plain_text(PLAIN)

    assert article.text.split("\n\n") == [
        "The council approved a four-stop extension of the tram line on Tuesday, after a debate that ran "
        "past midnight.",
        "The hospital is the city's largest employer, and about 9,000 staff drive to work each day.",
        "Opposition councillors said the £80m cost would be better spent on buses across the whole city.",
        "Building work will start in the spring and is expected to take two years, the council said.",
    ]
    assert article.text == body_text(article.blocks)


def test_a_short_line_is_a_heading_only_when_a_paragraph_follows() -> None:
    text = (
        "Budget day\n\nThe council set its budget on Monday night after a long debate.\n\n"
        "What happens now\n\nBills go out in March, the treasurer said on Tuesday.\n\nMost popular\n\nShare"
    )

    article = parse_plain_text(text)

    assert role_of(article, "What happens now") is Role.HEADING
    assert role_of(article, "Most popular") is Role.FURNITURE
    assert role_of(article, "Share") is Role.FURNITURE


def test_a_hard_wrapped_paragraph_is_joined_but_a_list_of_links_is_not() -> None:
    text = (
        "Ferry timetable changes\n\n"
        "The ferry operator said on Monday that crossings to the island would run every\n"
        "forty minutes from April, instead of every hour, after passenger numbers rose by\n"
        "a fifth last summer.\n\n"
        "Related stories\n"
        "Island school wins national prize for its garden\n"
        "Harbour wall repairs to start before the storms come\n"
    )

    article = parse_plain_text(text)

    assert article.text.startswith(
        "The ferry operator said on Monday that crossings to the island would run every forty"
    )
    assert role_of(article, "Island school wins national prize for its garden") is Role.FURNITURE


MARKDOWN = """---
title: Water company fined £2m over river pollution
date: 2026-03-02
---

Skip to content | News | Money

# Water company fined £2m over river pollution

## Judge says sewage spills into the Wend were 'entirely avoidable' and lasted for months

*By Ada Kowalczyk, Environment Reporter*
_Published 3 hours ago · 4 min read_

![Sewage outflow on the river bank](outflow.jpg)
*The outflow at Mill Lane. Photo: Ada Kowalczyk*

Eastmere Water was fined £2m on Friday for letting untreated sewage into the River Wend for eight months.

## What did the judge say?

> "This was a failure of the most basic kind," the judge said in her ruling on Friday afternoon.

**Read more:**

- [Anglers report fish deaths downstream](/a)
- [Bathing water status at risk](/b)

The company said it would not appeal and had already spent £6m on new pumps at the works.

---

*Ada Kowalczyk is Environment Reporter at the Gazette.*
"""


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Skip to content | News | Money", Role.FURNITURE),
        ("Water company fined £2m over river pollution", Role.TITLE),
        (
            "Judge says sewage spills into the Wend were 'entirely avoidable' and lasted for months",
            Role.STANDFIRST,
        ),
        ("By Ada Kowalczyk, Environment Reporter", Role.BYLINE),
        ("Published 3 hours ago · 4 min read", Role.BYLINE),
        ("Sewage outflow on the river bank", Role.CAPTION),
        ("The outflow at Mill Lane. Photo: Ada Kowalczyk", Role.CAPTION),
        ("What did the judge say?", Role.HEADING),
        (
            '"This was a failure of the most basic kind," the judge said in her ruling on Friday afternoon.',
            Role.QUOTE,
        ),
        ("Read more:", Role.FURNITURE),
        ("Anglers report fish deaths downstream\nBathing water status at risk", Role.FURNITURE),
        ("Ada Kowalczyk is Environment Reporter at the Gazette.", Role.BYLINE),
    ],
)
def test_markdown_gets_roles_from_its_syntax(text: str, role: Role) -> None:
    article = parse_markdown(MARKDOWN)

    if role is Role.FURNITURE and "\n" in text:  # link items stay one block each as furniture
        assert all(role_of(article, line) is Role.FURNITURE for line in text.split("\n"))
    else:
        assert role_of(article, text) is role


def test_markdown_body_keeps_paragraphs_and_quotes_only() -> None:
    article = parse_markdown(MARKDOWN)

    assert article.text.split("\n\n") == [
        "Eastmere Water was fined £2m on Friday for letting untreated sewage into the River Wend "
        "for eight months.",
        '"This was a failure of the most basic kind," the judge said in her ruling on Friday afternoon.',
        "The company said it would not appeal and had already spent £6m on new pumps at the works.",
    ]


@pytest.mark.parametrize(
    "standfirst",
    [
        "## Four new stops will open by 2028, the council says",
        "> Four new stops will open by 2028, the council says.",
        "*Four new stops will open by 2028, the council says*",
        "**Four new stops will open by 2028, the council says.**",
    ],
)
def test_markdown_standfirst_takes_any_of_its_usual_forms(standfirst: str) -> None:
    body = "The council voted on Tuesday to extend the tram line by four stops."
    text = f"# Tram line extended\n\n{standfirst}\n\n{body}"

    article = parse_markdown(text)

    assert article.standfirst.rstrip(".") == "Four new stops will open by 2028, the council says"
    assert article.text == body


PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Tram line to reach the hospital | Riverside Gazette</title>
<meta name="description" content="Here is everything you need to know about the tram.">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article>
<h1>Tram line to reach the hospital</h1>
<p class="article-standfirst">Four new stops will open by 2028 after a vote that ran past midnight.</p>
<p class="byline">By Jane Roe</p>
<div class="body">
<p>The council approved a four-stop extension of the tram line on Tuesday, after a long debate
in the chamber.</p>
<p><strong>Everything You Need To Know About The New Line</strong></p>
<h2>Why does it matter?</h2>
<p>The hospital is the city's largest employer, and about 9,000 staff drive to work there each day.</p>
<blockquote><p>"It will change how this city gets to work," said the mayor, Ines Okafor,
after the vote.</p></blockquote>
<p><strong>Read more:</strong> <a href="/x">Bus fares frozen for a second year</a></p>
<p>ADVERTISEMENT</p>
<p>Building work will start in the spring and is expected to take about two years, the council said.</p>
</div>
</article>
<footer><p>© 2026 Riverside Gazette</p></footer>
</body></html>"""


def test_html_gets_roles_from_its_tags_and_the_headline_from_the_page() -> None:
    (article,) = read_bytes(PAGE.encode(), name="page.html", settings=IngestSettings()).articles

    assert article.title == "Tram line to reach the hospital"
    assert article.standfirst == "Four new stops will open by 2028 after a vote that ran past midnight."
    assert role_of(article, "Why does it matter?") is Role.HEADING
    assert (
        role_of(
            article,
            '"It will change how this city gets to work," said the mayor, Ines Okafor, after the vote.',
        )
        is Role.QUOTE
    )
    assert article.text.split("\n\n") == [
        "The council approved a four-stop extension of the tram line on Tuesday, after a long debate "
        "in the chamber.",
        "The hospital is the city's largest employer, and about 9,000 staff drive to work there each day.",
        '"It will change how this city gets to work," said the mayor, Ines Okafor, after the vote.',
        "Building work will start in the spring and is expected to take about two years, the council said.",
    ]


def test_a_json_body_in_html_gets_roles_from_its_tags() -> None:
    record = {
        "title": "Budget day",
        "text": "<p>The council set its budget on Monday night after a debate.</p><h3>What next?</h3>"
        "<p>Bills go out in March, the treasurer said on Tuesday.</p>"
        "<ul><li>Fares up</li><li>Tax up</li></ul>",
    }

    (article,) = read_bytes(json.dumps(record).encode(), name="a.json", settings=IngestSettings()).articles

    assert roles(article)[1:] == [
        (Role.PARAGRAPH, "The council set its budget on Monday night after a debate."),
        (Role.HEADING, "What next?"),
        (Role.PARAGRAPH, "Bills go out in March, the treasurer said on Tuesday."),
        (Role.LIST, "Fares up\nTax up"),
    ]


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("By Mara Lindqvist", Role.BYLINE),
        ("by oskar feld | health reporter", Role.BYLINE),
        ("Words: Hana Sato · Pictures: Leif Brun", Role.BYLINE),
        ("Colm Fairweather, Environment Correspondent", Role.BYLINE),
        ("Posted: Tuesday 10 February 2026, 08:12", Role.BYLINE),
        ("March 4, 2026 4:17 PM GMT+1 Updated 2 hours ago", Role.BYLINE),
        ("3 MIN READ", Role.BYLINE),
        ("Pictured: Pupils queue for lunch", Role.CAPTION),
        ("The restored reading room (Image: Greyhollow Council)", Role.CAPTION),
        ("Turbine blades stacked at the docks. Photo: Leif Brun", Role.CAPTION),
        ("Find out if your family is eligible below.", Role.FURNITURE),
        ("read on for the full story", Role.FURNITURE),
        ("This is what we know so far:", Role.FURNITURE),
        ("Comments (12)", Role.FURNITURE),
        ("Have a story? Email newsdesk@gazette.example", Role.FURNITURE),
        ("Get the Energy Brief", Role.FURNITURE),
        ("Share this article: Facebook · Email · Copy link", Role.FURNITURE),
        ("Topics: Business, Fenwick, Jobs", Role.FURNITURE),
        ("By Monday, the river had risen above the flood gates.", None),
        ("By contrast, the council says the company shared too little.", None),
        ("Share prices fell 4% after the announcement.", None),
        ("Register offices will close early on Friday, the council said.", None),
        ("Photos of the flooding were shared thousands of times.", None),
        ("The company told Reuters it would appeal the ruling.", None),
        ("Updated figures show a 4% rise in arrests last year.", None),
        ("Residents can subscribe to the council's flood alerts by text message.", None),
        ("Here the river is at its widest, more than a mile across at high tide.", None),
    ],
)
def test_a_line_is_furniture_by_its_wording_and_a_sentence_of_the_story_is_not(
    line: str, role: Role | None
) -> None:
    assert line_role(line) is role


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Menu   Search   Sign in", True),
        ("World   Business   Markets   Legal", True),
        ("News › Health", True),
        ("Sport | Athletics", True),
        ("Tour of Harrow Valley: Okonkwo-Berg wins queen stage", False),
        ("The council met on Monday.", False),
    ],
)
def test_menus_and_breadcrumbs_are_recognised_by_their_layout(raw: str, expected: bool) -> None:
    assert is_nav_row(raw) is expected
