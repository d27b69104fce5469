"""One depth limit for every JSON read, checked before parsing; JSON in any Unicode encoding."""

from __future__ import annotations

import io
import json

import pytest

from errors import SourceError
from ingest.feeds.jsonfeed import parse_json_feed
from ingest.json_limits import MAX_DEPTH, TooDeep, json_encoding, load_json, utf8_stream, within_depth
from ingest.jsonfile import parse_json, parse_jsonl
from tests.hostile_corpus import arrays, good, objects


@pytest.mark.parametrize(
    ("text", "within"),
    [
        (arrays(MAX_DEPTH), True),
        (arrays(MAX_DEPTH + 1), False),
        (objects(MAX_DEPTH + 1), False),
        ("[" * 40 + "{}" * 100 + "]" * 40, True),  # many brackets, none deep
        (json.dumps(["[" * 1000]), True),  # brackets inside a string are text
        (json.dumps(['a \\" [' * 500]), True),  # escaped quotes do not end the string
        ('["\\\\"' + "[" * 100 + "]" * 100 + "]", False),  # an escaped backslash does
    ],
)
def test_depth_is_counted_on_brackets_outside_strings(text: str, within: bool) -> None:
    assert within_depth(text) is within
    assert within_depth(text.encode("utf-8")) is within


def test_load_json_refuses_deep_json_before_parsing_and_invalid_json_plainly() -> None:
    with pytest.raises(TooDeep, match=f"nested deeper than {MAX_DEPTH} levels"):
        load_json(arrays(1_000_000))
    with pytest.raises(SourceError, match=r"^not valid JSON \(Expecting value\)$"):
        load_json("[1,")


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-16-le", b""), ("utf-16-be", b""), ("utf-32-le", b""), ("utf-32-be", b"")],
)
def test_json_encodings_are_told_by_json_s_own_rule_and_streamed_as_utf8(encoding: str, bom: bytes) -> None:
    data = json.dumps({"items": ["é"]}).encode(encoding)

    assert json_encoding(data[:4]) == (encoding, 0)
    assert utf8_stream(io.BytesIO(data)).read() == json.dumps({"items": ["é"]}).encode("utf-8")


def test_a_json_file_with_one_deep_record_refuses_that_record_alone() -> None:
    records = [json.dumps(good(1)), objects(10_000), json.dumps(good(2))]

    articles, problems, _notes = parse_json("[" + ",".join(records) + "]")

    assert [a.title for a in articles] == ["Harbour note 1", "Harbour note 2"]
    assert problems == [f"item 2: nested deeper than {MAX_DEPTH} levels"]


def test_a_jsonl_file_with_one_deep_line_refuses_that_line_alone() -> None:
    lines = [json.dumps(good(1)), arrays(100_000), json.dumps(good(2))]

    articles, problems, _notes = parse_jsonl("\n".join(lines))

    assert len(articles) == 2
    assert problems == [f"line 2: nested deeper than {MAX_DEPTH} levels"]


def test_a_json_feed_leaves_out_its_deep_items_alone_and_says_so() -> None:
    head = '{"version": "https://jsonfeed.org/version/1.1", "items": ['
    items = ['{"id": "1", "content_text": "one"}', arrays(100_000), '{"id": "3", "content_text": "three"}']
    feed = head + ", ".join(items) + '], "title": "Port", "extra": ' + objects(1_000) + "}"

    document = parse_json_feed(feed.encode())

    assert [e.guid for e in document.entries] == ["1", "3"]
    assert document.title == "Port"
    assert document.problem == f"item 2: nested deeper than {MAX_DEPTH} levels"


def test_a_deep_feed_that_is_no_object_or_no_json_is_refused_with_a_reason() -> None:
    with pytest.raises(SourceError, match=r"^not a valid JSON Feed \(JSON holds no object\)$"):
        parse_json_feed(("[" + arrays(100_000) + "]").encode())
    with pytest.raises(SourceError, match=r"^not a valid JSON Feed \(not valid JSON"):
        parse_json_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [' + b"[" * 100 + b"}")


def test_a_json_feed_in_utf16_is_read() -> None:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Port", "items": [{"id": "1"}]}

    document = parse_json_feed(json.dumps(feed).encode("utf-16"))

    assert document.title == "Port" and len(document.entries) == 1
