"""The command line and the console, run as a user runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from bot.arguments import parse_brief_args, parse_question
from bot.cli import main
from bot.services.library import DEMO_CORPUS
from bot.terminal.console import Console
from errors import UsageError
from store.engine import store_label
from tests.demo_days import FERRY, FERRY_START, demo_day


def run_cli(args, cwd, stdin=""):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_piped_console_prints_a_briefing_and_exits(tmp_path):
    done = run_cli(["chat"], tmp_path, stdin="/brief\n")
    assert done.returncode == 0, done.stderr
    assert "Briefing · latest news" in done.stdout
    assert "Sources" in done.stdout and "[1]" in done.stdout
    assert (tmp_path / "user-data" / "briefbot" / "briefbot.db").exists()


def test_run_without_token_explains_how_to_set_one(tmp_path):
    done = run_cli(["run"], tmp_path)
    assert done.returncode == 2
    assert "BRIEFBOT_TELEGRAM__TOKEN" in done.stdout + done.stderr
    assert "briefbot chat" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("args", "topic", "period"),
    [
        ([], None, None),
        (["strike"], "strike", None),
        (["transit", "strike", "3d"], "transit strike", "3d"),
        (["all"], None, "all"),
        (["3d", "printing"], "3d printing", None),
        (["3d", "printing", "7d"], "3d printing", "7d"),
        (["transit", "strike", "last", "week"], "transit strike", "last week"),
        (["transit", "strike", "past", "week"], "transit strike", "7d"),
        (["strike", "in", "the", "last", "24h"], "strike", "24h"),
        (["past", "2w"], None, "2w"),
        (["the", "last", "word"], "the last word", None),
        (["2024", "election"], "2024 election", None),
        # Periods as people write them: a number and a spelled-out unit, in one word or two.
        (["energy", "last", "3", "days"], "energy", "3d"),
        (["2", "days"], None, "2d"),
        (["past", "48", "hours"], None, "48h"),
        (["strike", "in", "the", "last", "24", "hrs"], "strike", "24h"),
        (["last", "2", "weeks"], None, "2w"),
        (["ferry", "10days"], "ferry", "10d"),
        (["strike", "last", "month"], "strike", "30d"),
        (["past", "2", "months"], None, "60d"),
        (["the", "last", "days"], "the last days", None),
        (["formula", "1"], "formula 1", None),
    ],
)
def test_brief_arguments(args, topic, period):
    request = parse_brief_args(args)
    assert (request.topic.text() if request.topic else None) == topic
    assert (request.period.label if request.period else None) == period


@pytest.mark.parametrize(
    "args", [["0d"], ["strike", "0h"], ["strike", "99999d"], ["strike", "0", "days"], ["0weeks"]]
)
def test_brief_with_a_period_that_cannot_be_is_a_usage_error(args):
    with pytest.raises(UsageError) as caught:
        parse_brief_args(args)
    assert "Example: /brief" in str(caught.value)


def test_empty_question_is_a_usage_error_with_an_example():
    with pytest.raises(UsageError) as caught:
        parse_question(["  "])
    assert "Example: /ask" in str(caught.value)


def test_summarize_reads_stdin_and_respects_the_sentence_count(tmp_path, capsys, monkeypatch):
    body = " ".join(
        f"Sentence number {i} talks about the ferry timetable change in detail." for i in range(12)
    )
    done = run_cli(["summarize", "--sentences", "2", "-"], tmp_path, stdin=body)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 2


def test_summarize_an_empty_file_says_so(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    done = run_cli(["summarize", "empty.txt"], tmp_path)
    assert done.returncode != 0
    assert "empty" in done.stderr and "Traceback" not in done.stderr


def test_ingest_then_brief_from_the_command_line(tmp_path, monkeypatch, capsys, settings):
    article = tmp_path / "bridge.txt"
    article.write_text(
        "Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after eight months of "
        "repairs, the city said. Tolls stay unchanged until spring.\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(article)]) == 0
    assert main(["ingest", str(article)]) == 0
    assert main(["brief", "--topic", "bridge", "--since", "all"]) == 0
    out = capsys.readouterr().out
    assert "Stored 1 article, skipped 0 duplicates." in out
    assert "Stored 0 articles, skipped 1 duplicate." in out
    assert "Harbour bridge reopens" in out
    assert main(["brief", "--since", "fortnight"]) == 2
    capsys.readouterr()
    # An excluded word after --topic, with or without "=", and a calendar --since.
    for topic in (["--topic", "-bridge"], ["--topic=-bridge"]):
        assert main(["brief", *topic, "--since", "all"]) == 2
        assert "not only what to leave out" in capsys.readouterr().err  # read as a topic, not an option
    assert main(["brief", "--topic", "bridge", "--since", "monday"]) == 0
    assert "since Monday" in capsys.readouterr().out


async def test_console_unknown_command_and_plain_text_question(demo_services):
    console = Console(demo_services)
    assert "I don't know /frobnicate" in await console.reply("/frobnicate")
    reply = await console.reply("how many customers were affected by the breach?")
    assert "[1]" in reply


async def test_console_add_without_text_shows_usage(demo_services):
    reply = await Console(demo_services).reply("/add")
    assert "Usage: /add" in reply


async def test_console_feeds_takes_the_same_arguments_as_telegram(demo_services):
    console = Console(demo_services)

    sources = await console.reply("/feeds sources")
    wrong = await console.reply("/feeds drop 1")

    assert "City Wire" in sources
    assert "/feeds sources" in wrong and "Example: /feeds add" in wrong


def test_console_piped_into_a_reader_that_stops_early_exits_quietly(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    with subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdin.write(b"/brief\n" * 20)
        proc.stdin.close()
        proc.stdout.read(20)
        proc.stdout.close()
        errors = proc.stderr.read()
        proc.wait(timeout=60)
    assert b"Traceback" not in errors


def test_ingest_goes_on_past_a_missing_path_and_a_refused_link(tmp_path):
    (tmp_path / "good.txt").write_text(
        "Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after eight months of repairs.\n",
        encoding="utf-8",
    )

    done = run_cli(["ingest", "missing.txt", "good.txt", "http://127.0.0.1:9/page"], tmp_path)

    assert done.returncode == 1  # something was refused
    assert "Stored 1 article, skipped 0 duplicates, refused 2." in done.stdout, done.stdout + done.stderr
    assert "missing.txt: no such file or folder" in done.stdout
    assert "http://127.0.0.1:9/page: refusing to fetch 127.0.0.1" in done.stdout
    assert "Traceback" not in done.stderr


def test_ingest_of_only_duplicates_succeeds(tmp_path):
    (tmp_path / "good.txt").write_text(
        "Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after eight months of repairs.\n",
        encoding="utf-8",
    )
    assert run_cli(["ingest", "good.txt"], tmp_path).returncode == 0

    again = run_cli(["ingest", "good.txt"], tmp_path)

    assert again.returncode == 0 and "skipped 1 duplicate." in again.stdout


def test_run_falling_back_to_the_console_keeps_log_lines_off_the_screen(tmp_path):
    done = run_cli(["run", "--fallback-chat"], tmp_path, stdin="/brief\n")

    assert done.returncode == 0, done.stderr
    assert "Briefing · latest news" in done.stdout
    assert done.stderr == ""


def test_summarize_a_folder_says_it_is_a_folder(tmp_path):
    done = run_cli(["summarize", "."], tmp_path)

    assert done.returncode == 1
    assert done.stderr.strip() == "briefbot: .: is a folder, not a file"


def test_summarize_text_without_any_words_says_so(tmp_path):
    done = run_cli(["summarize", "-"], tmp_path, stdin="!!! ??? ...\n")

    assert done.returncode == 1
    assert "no sentences" in done.stderr and done.stdout == ""


def test_cli_ask_without_a_question_shows_the_command_line_usage(tmp_path, capsys, settings):
    assert main(["ask", "  "]) == 2

    err = capsys.readouterr().err
    assert 'Usage: briefbot ask "question"' in err and "/ask" not in err


def test_cli_ask_the_stored_articles_cannot_answer_says_so_and_how_to_add_some(tmp_path, capsys, settings):
    assert main(["ingest", str(DEMO_CORPUS)]) == 0
    capsys.readouterr()

    assert main(["ask", "Who won the chess olympiad in Reykjavik?"]) == 4  # declined

    out = capsys.readouterr().out
    assert out.startswith("The stored articles don't answer that.")
    assert "briefbot ingest" in out and "/add" not in out


def test_cli_ask_exits_0_for_an_answer_and_3_for_the_closest_passages(tmp_path, capsys, settings):
    assert main(["ingest", str(DEMO_CORPUS)]) == 0
    capsys.readouterr()

    assert main(["ask", "How many people live on Skarholm?"]) == 0
    assert "9,000" in capsys.readouterr().out
    # The ferry's story is there, a reason for a delay is not: no cause clause to answer why.
    assert main(["ask", "Why was the night ferry to Skarholm delayed?"]) == 3

    out = capsys.readouterr().out
    assert out.startswith("The articles don't say exactly. Closest:")


def test_cli_ask_json_prints_the_kind_sentences_citations_and_signals(tmp_path, capsys, settings):
    assert main(["ingest", str(DEMO_CORPUS)]) == 0
    capsys.readouterr()

    assert main(["ask", "--json", "How many people live on Skarholm?"]) == 0

    reply = json.loads(capsys.readouterr().out)
    assert reply["kind"] == "answer"
    assert "9,000" in reply["sentences"][0]["text"] and reply["sentences"][0]["citations"] == [1]
    assert reply["sources"][0]["number"] == 1
    assert {s["name"] for s in reply["signals"]} >= {"named", "type", "coverage", "words"}
    assert all(isinstance(s["passed"], bool) and s["detail"] for s in reply["signals"])


def test_cli_ask_help_documents_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        main(["ask", "--help"])

    out = " ".join(capsys.readouterr().out.split())
    assert "0 an answer" in out and "3 no exact answer" in out and "4 declined" in out


def test_cli_brief_with_a_topic_of_no_words_shows_the_command_line_usage(tmp_path, capsys, settings):
    assert main(["brief", "--topic", "!!!"]) == 2

    err = capsys.readouterr().err
    assert "Usage: briefbot brief" in err and "/brief" not in err


def test_ingest_prints_no_log_lines_from_the_html_extractor(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>x</title></head><body></body></html>")

    done = run_cli(["ingest", "empty.html"], tmp_path)

    assert "empty.html: no article text found on the page" in done.stdout
    assert done.stderr == ""


ISSUE_ARTICLE = "\n\n".join(
    [
        "Harbour tunnel to close for six weeks of repairs",
        "Drivers face long detours from March as engineers replace the tunnel's ageing ventilation fans.",
        "Here's everything you need to know.",
        "The Port Alder harbour tunnel will close to all traffic for six weeks from 2 March while engineers "
        "replace its ventilation fans, the city council said on Monday.",
        "About 38,000 vehicles use the tunnel on an average weekday, and the council expects the diversion "
        "along the coast road to add up to 25 minutes to journeys at peak times.",
        "Why Is The Tunnel Closing?",
        "The fans were installed when the tunnel opened in 1987 and have failed four times in the past year, "
        "forcing short closures each time.",
        "What Will It Cost?",
        "The work will cost £14m, paid from the council's roads budget and a regional transport grant.",
        "Sign up to our free morning newsletter",
    ]
)


def test_summarize_reads_a_file_as_ingest_does(tmp_path):
    (tmp_path / "tunnel.txt").write_text(ISSUE_ARTICLE, encoding="utf-8")

    done = run_cli(["summarize", "tunnel.txt"], tmp_path)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().split("\n")
    assert lines[0].startswith("The Port Alder harbour tunnel will close to all traffic for six weeks")
    for furniture in (
        "Harbour tunnel to close",
        "Drivers face long detours",
        "everything you need",
        "?",
        "Sign up",
    ):
        assert not any(furniture in line for line in lines), furniture


def test_summarize_a_json_file_of_several_articles_gives_each_under_its_title(tmp_path):
    records = [
        {
            "title": "Tunnel closes",
            "text": "The harbour tunnel will close for six weeks from March for repairs.",
        },
        {
            "title": "Ferry returns",
            "text": "The island ferry returns to its summer timetable on Friday morning.",
        },
    ]
    (tmp_path / "two.json").write_text(__import__("json").dumps(records), encoding="utf-8")

    done = run_cli(["summarize", "two.json"], tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n\n")[0].startswith("# Tunnel closes\nThe harbour tunnel will close")
    assert "# Ferry returns\nThe island ferry returns" in done.stdout


async def test_console_keeps_a_thread_a_question_after_an_answer_is_a_follow_up(demo_services) -> None:
    from bot.terminal.console import Console

    console = Console(demo_services, chat_id=77)

    first = await console.reply("When does the night ferry to Skarholm start?")
    second = await console.reply("How many people live there?")

    assert f"will start on {await demo_day(demo_services, FERRY, FERRY_START)}" in first
    assert "9,000" in second
    assert "/forget yes" in await console.reply("/forget")
    assert "forgotten" in await console.reply("/forget yes")
    assert await demo_services.store.threads.latest(77) is None


async def test_console_words_the_three_kinds_of_reply_as_telegram_does(demo_services) -> None:
    console = Console(demo_services, chat_id=78)

    answer = await console.reply("/ask How many people live on Skarholm?")
    closest = await console.reply("/ask Why was the night ferry to Skarholm delayed?")
    declined = await console.reply("/ask Who won the chess olympiad in Reykjavik?")

    assert "9,000" in answer.split("\n")[0] and "Sources" in answer
    assert closest.startswith("The articles don't say exactly. Closest:") and "“" in closest
    assert declined.startswith("The stored articles don't answer that.")
    assert "The closest stories I have:" in declined


@pytest.mark.parametrize("name", ["-", "a.txt", "a.md", "a.json", "a.jsonl", "a.html", "a.ndjson"])
@pytest.mark.parametrize("data", [b"", b"  \n\n", b"\xef\xbb\xbf", "\ufeff \n".encode("utf-16-le")])
def test_summarize_gives_every_empty_input_the_same_answer(name, data, settings):
    from bot.services.summarize_text import summarize_bytes
    from errors import SourceError

    with pytest.raises(SourceError) as refused:
        summarize_bytes(data, settings, name=name)

    assert str(refused.value) == "nothing to summarize: the text is empty"


def test_summarize_of_deeply_nested_json_says_so_in_one_line(tmp_path):
    (tmp_path / "deep.json").write_text('{"a":' * 100_000 + "1" + "}" * 100_000)

    done = run_cli(["summarize", "deep.json"], tmp_path)

    assert done.returncode == 1
    assert done.stderr == "briefbot: nothing to summarize: item 1: nested deeper than 64 levels\n"


def test_ingest_reads_an_upper_case_http_link_as_a_link_not_a_path(tmp_path):
    done = run_cli(["ingest", "HTTP://127.0.0.1:9/news"], tmp_path)

    assert done.returncode == 1
    assert "refusing to fetch 127.0.0.1: it is a private or local address" in done.stdout
    assert "no such file" not in done.stdout + done.stderr


def _parsers(parser):
    import argparse

    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_every_subcommand_and_option_has_help_text_and_exit_codes_are_documented():
    from bot.cli import _parser

    top = _parser()
    for parser in _parsers(top):
        if parser is not top:
            assert parser.description, parser.prog
        for action in parser._actions:
            assert action.help, f"{parser.prog} {action.dest}"
    assert "exit status: 0 done; 1" in top.format_help()


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) ", re.M)


@pytest.mark.parametrize("args", [["chat"], ["run", "--fallback-chat"]])
def test_console_chat_writes_its_log_lines_to_a_file_and_says_where(tmp_path, args):
    typed = (
        "/add The harbour bridge in Skarholm will close for repairs next week.\n/add http://127.0.0.1:9/x\n"
    )
    done = run_cli(args, tmp_path, stdin=typed + "/brief\n")

    log_file = tmp_path / "user-data" / "briefbot" / "briefbot.log"
    assert done.returncode == 0, done.stderr
    assert f"Log lines go to {log_file}." in done.stdout.splitlines()
    assert "Stored 1 article" in done.stdout and "Sorry, that did not work" in done.stdout
    assert LOG_LINE.search(done.stdout) is None and done.stderr == ""
    logged = log_file.read_text(encoding="utf-8")
    assert re.search(r" INFO \S+: ", logged)
    assert re.search(r" WARNING bot\.terminal\.console: console command failed ", logged)


def test_verbose_console_chat_logs_to_stderr_not_to_the_chat(tmp_path):
    done = run_cli(["-v", "chat"], tmp_path, stdin="/add http://127.0.0.1:9/x\n")

    assert done.returncode == 0, done.stderr
    assert "Log lines go to stderr." in done.stdout
    assert LOG_LINE.search(done.stdout) is None
    assert "console command failed" in done.stderr
    assert not (tmp_path / "user-data" / "briefbot" / "briefbot.log").exists()


def test_stats_opens_the_user_s_one_database_from_any_folder_and_names_it(tmp_path, user_data_folder):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "ferry.txt").write_text(
        "Ferry timetable changes\n\nThe ferry to Skarholm leaves an hour later.\n"
    )
    assert run_cli(["ingest", "ferry.txt"], tmp_path).returncode == 0

    here = run_cli(["stats"], tmp_path)
    there = run_cli(["stats"], elsewhere)

    assert here.returncode == 0 and there.returncode == 0, here.stderr + there.stderr
    assert here.stdout.splitlines()[0] == f"Database: {user_data_folder / 'briefbot.db'}"
    assert here.stdout == there.stdout and "Articles: 1" in there.stdout.splitlines()


@pytest.mark.parametrize(
    ("url", "label"),
    [
        (
            "postgresql+asyncpg://bot:s3cret@db.example:5432/briefbot",
            "postgresql+asyncpg://bot:***@db.example:5432/briefbot",
        ),
        ("sqlite+aiosqlite:///:memory:", "an in-memory SQLite database"),
    ],
)
def test_a_store_is_named_by_its_file_or_by_its_url_without_the_password(url, label):
    assert store_label(url) == label
