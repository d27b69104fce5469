"""read_path / read_bytes: each format, each kind of bad input, folders and limits."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from blocks import Role, body_text
from config.settings import IngestSettings
from errors import SourceError
from ingest.files import read_bytes, read_path
from ingest.types import FileResult


def _one(path: Path, settings: IngestSettings) -> FileResult:
    results = read_path(path, settings)
    assert len(results) == 1
    return results[0]


def test_txt_with_standfirst_and_boilerplate(fixtures: Path, settings: IngestSettings) -> None:
    result = _one(fixtures / "standfirst.txt", settings)

    (article,) = result.articles
    assert result.problems == ()
    assert article.title == "Lakeside library reopens after two-year refit"
    assert article.standfirst.startswith("The renovated building adds a rooftop")
    assert article.text.startswith("The Lakeside branch library reopened on Saturday after a refit")
    assert article.text.endswith("two 3D printers.")
    assert article.source == ""  # the library files it under "local files"


def test_markdown_file(fixtures: Path, settings: IngestSettings) -> None:
    (article,) = _one(fixtures / "article.md", settings).articles

    assert article.title == "Ferry timetable changes from December"
    assert "23:10" in article.text and "**" not in article.text


def test_html_file_keeps_the_article_and_drops_nav_and_footer(
    fixtures: Path, settings: IngestSettings
) -> None:
    (article,) = _one(fixtures / "page.html", settings).articles

    assert article.title == "Night market returns to the old tram depot"
    assert article.text.count("\n\n") == 2
    for noise in ("Home", "Log in", "Most read", "newsletter", "rights reserved", "cookies"):
        assert noise not in article.text
    assert article.url == "https://riverside.example/news/night-market"
    assert article.source == "Riverside Gazette"
    assert article.published is not None and article.published.utcoffset() is not None


def test_json_file_with_a_list_of_objects(fixtures: Path, settings: IngestSettings) -> None:
    result = _one(fixtures / "articles.json", settings)

    first, second = result.articles
    assert result.problems == ()
    assert first.url == "https://news.example/bridges/mill-street"
    assert first.published is not None and first.published.isoformat() == "2026-11-22T08:00:00+01:00"
    assert first.text.count("\n\n") == 1
    assert second.text.startswith("The waiting list")  # "body" is accepted for "text"
    assert second.published is not None and second.published.isoformat() == "2026-11-21T00:00:00+00:00"


def test_jsonl_with_one_broken_line_loads_the_others(fixtures: Path, settings: IngestSettings) -> None:
    result = _one(fixtures / "articles.jsonl", settings)

    assert [a.title for a in result.articles] == [
        "Cycle lane extended to the station",
        "School roof repaired before winter",
        "Bus shelter design contest opens",
    ]
    assert result.problems == ("line 3: not valid JSON (Expecting ',' delimiter)",)
    assert result.articles[2].published is not None  # RFC 2822 date is understood


def test_cp1252_file_is_decoded(fixtures: Path, settings: IngestSettings) -> None:
    (article,) = _one(fixtures / "cp1252.txt", settings).articles

    assert article.title == "Café owner wins award for “zero waste” kitchen"
    assert "Renée" in article.standfirst and "£2,000" in article.text


def test_utf16_file_with_bom_is_decoded(fixtures: Path, settings: IngestSettings) -> None:
    (article,) = _one(fixtures / "utf16-bom.txt", settings).articles

    assert article.title == "Snow closes mountain pass"
    assert "Ørsund" in article.standfirst


def test_empty_file_is_one_clear_problem(tmp_path: Path, settings: IngestSettings) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")

    result = _one(tmp_path / "empty.txt", settings)

    assert result.articles == () and result.problems == ("empty file",)


def test_binary_file_is_one_clear_problem(tmp_path: Path, settings: IngestSettings) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(2000))

    result = _one(tmp_path / "photo.txt", settings)

    assert result.articles == () and result.problems == ("binary file, not text",)


def test_too_large_file_is_refused_without_reading_it(tmp_path: Path, settings: IngestSettings) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(20_000_000)  # sparse: 20 MB without writing them

    result = _one(big, settings)

    assert result.articles == ()
    assert result.problems == ("file is too large (20.0 MB; the limit is 10.0 MB)",)


def test_read_bytes_refuses_data_over_the_limit() -> None:
    settings = IngestSettings(max_file_bytes=1_000)

    result = read_bytes(b"Title\n\n" + b"word " * 400, name="x.txt", settings=settings)

    assert result.problems == ("file is too large (0.0 MB; the limit is 0.0 MB)",)


def test_text_shorter_than_the_minimum_is_a_problem(settings: IngestSettings) -> None:
    result = read_bytes(b"Headline\n\nToo short.", name="short.txt", settings=settings)

    assert result.articles == ()
    assert result.problems == ("'Headline': too short (10 characters; at least 40 needed)",)


def test_text_longer_than_the_maximum_is_cut_at_a_paragraph() -> None:
    settings = IngestSettings(max_article_chars=1_000)
    paragraph = "This sentence is part of a long paragraph. " * 10
    data = ("Long one\n\n" + "\n\n".join([paragraph.strip()] * 10)).encode()

    result = read_bytes(data, name="long.txt", settings=settings)

    (article,) = result.articles
    assert result.problems == ()
    assert len(article.text) <= 1_000
    assert article.text.endswith("paragraph.")
    assert article.text == body_text(article.blocks)  # the blocks are cut at the same place


def test_json_records_without_text_are_problems_and_others_load(settings: IngestSettings) -> None:
    data = (
        b'{"articles": [{"title": "No body"}, 42, '
        b'{"text": "Headline here\\n\\nA body that is long enough to be kept as an article.",'
        b' "url": "mailto:someone@example.org", "published": "someday"}]}'
    )

    result = read_bytes(data, name="feed.json", settings=settings)

    (article,) = result.articles
    assert article.title == "Headline here"
    assert article.url is None and article.published is None
    assert result.problems == (  # refused records
        "item 1: no text (expected a 'text', 'body' or 'content' field)",
        "item 2: not an object but a number",
    )
    assert result.notes == (  # stored, with a field left out
        "item 3: url ignored (only http and https links are supported: mailto:someone@example.org)",
        "item 3: date 'someday' not understood, ignored",
    )


def test_invalid_json_file_is_one_problem(settings: IngestSettings) -> None:
    result = read_bytes(b'{"title": ', name="bad.json", settings=settings)

    assert result.articles == ()
    assert result.problems == ("not valid JSON (Expecting value at line 1)",)


def test_html_without_text_is_a_problem(settings: IngestSettings) -> None:
    page = b"<html><head><title>Empty</title></head><body><div></div></body></html>"

    result = read_bytes(page, name="x.html", settings=settings)

    assert result.problems == ("no article text found on the page",)


def test_folder_is_walked_recursively_for_known_suffixes(tmp_path: Path, settings: IngestSettings) -> None:
    body = b"Title %d\n\nA paragraph that is comfortably longer than forty characters."
    (tmp_path / "a.txt").write_bytes(body % 1)
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "b.md").write_bytes(body % 2)
    (tmp_path / "sub" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_bytes(body % 3)

    results = read_path(tmp_path, settings)

    assert [Path(r.path).name for r in results] == ["a.txt", "b.md"]
    assert [r.articles[0].title for r in results] == ["Title 1", "Title 2"]


def test_folder_without_known_files_says_so(tmp_path: Path, settings: IngestSettings) -> None:
    (result,) = read_path(tmp_path, settings)

    assert result.articles == () and result.problems[0].startswith("no files found")


def test_missing_path_raises(tmp_path: Path, settings: IngestSettings) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_path(tmp_path / "nope.txt", settings)


def test_an_unreadable_file_in_a_folder_does_not_stop_the_others(
    tmp_path: Path, settings: IngestSettings
) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"Fine\n\nThis one is long enough to be stored as an article.")

    first, second = read_path(tmp_path, settings)

    assert first.problems == ("empty file",)
    assert second.articles[0].title == "Fine"


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, settings: IngestSettings
) -> None:
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)

    result = _one(pipe, settings)

    assert result.articles == () and result.problems == ("not a regular file (a FIFO)",)


def test_json_records_without_a_usable_title_take_one_from_their_text(settings: IngestSettings) -> None:
    body = "A single paragraph about the new cycle bridge, which opens to riders on Saturday morning."
    data = (
        json.dumps({"text": body}) + "\n" + json.dumps({"title": 1999, "text": body.replace("cycle", "foot")})
    ).encode()

    result = read_bytes(data, name="items.jsonl", settings=settings)

    assert result.problems == ()
    first, second = result.articles
    assert first.text == body and first.title.startswith("A single paragraph about")
    assert second.title == "1999"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("null", "line 1: not an object but null"),
        ("42", "line 1: not an object but a number"),
        ('"text"', "line 1: not an object but a string"),
        ("[1, 2]", "line 1: not an object but a list"),
        ("true", "line 1: not an object but true/false"),
    ],
)
def test_jsonl_lines_that_are_not_objects_say_what_they_are(
    settings: IngestSettings, line: str, problem: str
) -> None:
    result = read_bytes(line.encode(), name="items.jsonl", settings=settings)

    assert result.problems == (problem,)


def test_json_source_that_is_not_a_name_is_ignored(settings: IngestSettings) -> None:
    record = {"title": "Ferry", "text": "The ferry runs every forty minutes from December.", "source": ["x"]}

    (article,) = read_bytes(json.dumps(record).encode(), name="one.json", settings=settings).articles

    assert article.source == ""


def test_a_date_in_the_future_is_dropped_with_a_note_and_a_near_one_kept(settings: IngestSettings) -> None:
    soon = (datetime.now(UTC) + timedelta(hours=3)).isoformat()
    records = [
        {
            "title": "Far",
            "text": "An article that claims to come from the next century, oddly.",
            "date": "2099-01-01",
        },
        {
            "title": "Near",
            "text": "An article stamped in a time zone a few hours ahead of ours.",
            "date": soon,
        },
    ]
    data = "\n".join(json.dumps(r) for r in records).encode()

    result = read_bytes(data, name="dates.jsonl", settings=settings)

    far, near = result.articles
    assert far.published is None
    assert near.published is not None
    assert result.problems == ()
    assert result.notes == ("'Far': date 2099-01-01 is in the future, ignored",)


@pytest.mark.parametrize("data", [b"[]", b'{"articles": []}'])
def test_json_without_any_records_says_so(settings: IngestSettings, data: bytes) -> None:
    result = read_bytes(data, name="none.json", settings=settings)

    assert result.articles == () and result.problems == ("no articles in the file",)


def test_json_text_given_as_html_is_read_as_paragraphs(settings: IngestSettings) -> None:
    record = {
        "title": "Ferry times",
        "content": "<p>The ferry now runs <em>every</em> forty minutes.</p>"
        "<p>Fares rise by 5&nbsp;% &amp; stay there.<br>Until May.</p><script>track()</script>",
    }

    (article,) = read_bytes(json.dumps(record).encode(), name="one.json", settings=settings).articles

    # A line break sets a line apart, as in plain text: each sentence line is its own paragraph.
    assert (
        article.text
        == "The ferry now runs every forty minutes.\n\nFares rise by 5 % & stay there.\n\nUntil May."
    )
    assert [b.role for b in article.blocks] == [Role.TITLE, Role.PARAGRAPH, Role.PARAGRAPH, Role.PARAGRAPH]


def test_a_folder_is_read_inside_only_and_what_is_not_a_file_in_it_is_refused_with_why(
    tmp_path: Path, settings: IngestSettings
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret\n\nA file outside the folder that must never become an article.\n")
    (folder / "a.txt").write_text("Inside\n\nA plain file inside the folder, long enough to be stored.\n")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "out.txt").symlink_to(secret)
    (folder / "passwd.md").symlink_to("/etc/passwd")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "up").symlink_to(tmp_path)
    os.mkfifo(folder / "pipe.json")

    results = read_path(folder, settings)

    by_name = {Path(r.path).name: (len(r.articles), r.problems) for r in results}
    outside = ("a link to outside the folder, not followed",)
    assert by_name == {
        "a.txt": (1, ()),
        "b.txt": (1, ()),  # a link that stays inside is read (the store sees the duplicate)
        "out.txt": (0, outside),
        "passwd.md": (0, outside),
        "zero.txt": (0, outside),
        "up": (0, outside),
        "pipe.json": (0, ("not a regular file (a FIFO)",)),
    }


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_json_in_utf16_or_utf32_is_read_with_or_without_a_bom(
    encoding: str, settings: IngestSettings
) -> None:
    record = {
        "title": "Tide tables",
        "text": "The spring tide tables for the harbour are out now, say the pilots.",
    }

    for name, data in (("a.json", json.dumps([record])), ("a.jsonl", json.dumps(record) + "\n")):
        result = read_bytes(data.encode(encoding), name=name, settings=settings)

        assert [a.title for a in result.articles] == ["Tide tables"], (name, result.problems)
