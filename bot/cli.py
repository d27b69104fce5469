"""The ``briefbot`` command line: run, chat, ingest, feeds, brief, ask, summarize, digest, stats, migrate.

The one module that reaches every front end. It imports only argparse at first, and each
command imports what it needs when it runs, so ``--help`` and usage errors start at once and
``brief`` never loads Telegram, page extraction or the HTTP client.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from errors import BriefbotError, UsageError, UserInputError

if TYPE_CHECKING:
    from bot.services.digests.tuning import DigestTuning
    from bot.services.wiring import Services
    from config import Settings

log = logging.getLogger(__name__)

EXIT_USAGE = 2
EXIT_FAILED = 1
# `ask` tells its three kinds of reply apart by exit status (0 is a confident answer).
EXIT_CLOSEST = 3
EXIT_DECLINED = 4
ASK_EPILOG = (
    "exit status: 0 an answer; 3 no exact answer, the closest passages shown; "
    "4 declined, nothing relevant (the closest stories listed); 1 an error; 2 wrong arguments. "
    "--json prints the kind, the sentences, their citations and the signals behind the decision."
)
EXIT_EPILOG = (
    "exit status: 0 done; 1 it failed (a source, the store or Telegram; the reason is on stderr); "
    "2 wrong arguments or settings; ask also exits 3 (closest passages only) or 4 (declined)."
)
CLI_USAGE = {
    "ask": ('briefbot ask "question"', 'briefbot ask "when will the strike end?"'),
    "brief": (
        "briefbot brief [--topic WORDS] [--since 24h|3d|today|yesterday|monday|all]",
        "briefbot brief --topic strike --since 3d",
    ),
}


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str, epilog: str | None = None
) -> argparse.ArgumentParser:
    """A subcommand whose one line of help is also its --help description."""
    return sub.add_parser(name, help=text, description=text, epilog=epilog)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefbot", description="Short, sourced news briefings.", epilog=EXIT_EPILOG
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", help="what to do")
    run = _command(sub, "run", "run the Telegram bot")
    run.add_argument(
        "--fallback-chat",
        action="store_true",
        help="without a token, open the console chat instead",
    )
    chat = _command(sub, "chat", "the local console chat (same commands as Telegram)")
    chat.add_argument("--no-demo", action="store_true", help="don't load the demo corpus")
    ingest = _command(sub, "ingest", "store articles from files, folders or URLs")
    ingest.add_argument("paths", nargs="+", metavar="PATH|URL", help="files, folders or http(s) links")
    feeds = _command(sub, "feeds", "add, list, remove, poll, import or export feeds")
    feeds_sub = feeds.add_subparsers(
        dest="feeds_action", required=True, metavar="ACTION", help="what to do with feeds"
    )
    feeds_add = _command(feeds_sub, "add", "add a feed (or the feed a site's page links to)")
    feeds_add.add_argument("url", metavar="URL", help="the feed, or a page that links to it")
    feeds_add.add_argument(
        "--no-teasers",
        dest="teasers",
        action="store_false",
        default=None,
        help="store short entries as they are, without fetching their pages",
    )
    feeds_add.add_argument(
        "--teasers", dest="teasers", action="store_true", help="fetch teasers' pages (default)"
    )
    _command(feeds_sub, "list", "every feed, with its health")
    feeds_remove = _command(feeds_sub, "remove", "stop polling a feed (its articles stay)")
    feeds_remove.add_argument("ref", metavar="URL|ID", help="the feed's URL or its id in `feeds list`")
    feeds_poll = _command(feeds_sub, "poll", "poll feeds now (all, or those named) and report")
    feeds_poll.add_argument("refs", nargs="*", metavar="ID|URL", help="feeds to poll (default: all)")
    feeds_import = _command(feeds_sub, "import", "add the feeds of an OPML file")
    feeds_import.add_argument("file", metavar="FILE.opml", help="an OPML file of feeds")
    feeds_export = _command(feeds_sub, "export", "write the feeds as OPML (to FILE or standard output)")
    feeds_export.add_argument(
        "file", nargs="?", default="-", metavar="FILE|-", help="where to write (default: standard output)"
    )
    brief = _command(sub, "brief", "print a briefing")
    brief.add_argument(
        "--topic", default=None, help='topic words, as in /brief: strike, energy -coal, "north sea"'
    )
    brief.add_argument(
        "--since",
        default=None,
        help="24h, 3d, today, yesterday, 'last week', monday, 2026-11-30 or all (default: newest news)",
    )
    ask = _command(sub, "ask", "answer a question from the stored articles", epilog=ASK_EPILOG)
    ask.add_argument("question", nargs="+", help="the question, in plain words")
    ask.add_argument("--json", action="store_true", help="print the reply and its signals as JSON")
    summarize = _command(sub, "summarize", "summarize one text (a file or - for stdin)")
    summarize.add_argument(
        "file", nargs="?", default="-", metavar="FILE|-", help="a text file, or - for stdin"
    )
    summarize.add_argument("--sentences", type=int, default=None, metavar="N", help="how many sentences")
    digest = _command(sub, "digest", "list, preview or send digests")
    digest_sub = digest.add_subparsers(
        dest="digest_action", required=True, metavar="ACTION", help="what to do with digests"
    )
    _command(digest_sub, "list", "every chat's subscriptions, with their ids")
    preview = _command(digest_sub, "preview", "print a subscription's digest as it would be now")
    preview.add_argument("id", type=int, metavar="ID", help="the subscription id from `digest list`")
    _command(digest_sub, "send-due", "send the digests due now, then exit (for cron)")
    _command(sub, "stats", "the store's size, articles by source and feeds' health")
    _command(sub, "migrate", "bring the database to the newest schema")
    return p


async def _with_services(
    settings: Settings,
    body: Callable[[Services], Awaitable[int]],
    *,
    seed_demo: bool = False,
    digest_tuning: DigestTuning | None = None,
) -> int:
    from bot.services.wiring import build_services

    services = await build_services(settings, seed_demo=seed_demo, digest_tuning=digest_tuning)
    try:
        return await body(services)
    finally:
        await services.aclose()


async def _digest(services: Services, action: str, subscription_id: int | None) -> int:
    """``digest list``, ``digest preview ID``, ``digest send-due``."""
    from bot.terminal.render_text import render_digest
    from bot.wording import count, subscription_line
    from store.timestamps import utcnow

    now = utcnow()
    if action == "list":
        found = await services.subscriptions.every()
        for chat_id, info in found:
            line = subscription_line(info, now).split(". ", 1)[1]
            print(f"Chat {chat_id}, digest {info.number} (briefbot digest preview {info.id}): {line}")
        if not found:
            print("No subscriptions.")
        return 0
    if action == "preview":
        assert subscription_id is not None
        digest = await services.subscriptions.preview_id(subscription_id)
        if digest is None:
            raise UserInputError(f"no subscription #{subscription_id} (see `briefbot digest list`)")
        print(render_digest(digest, now))
        return 0
    if services.settings.telegram.token is None:
        raise UserInputError("send-due needs BRIEFBOT_TELEGRAM__TOKEN to reach Telegram")
    # Beside running workers too: claims keep each digest to one sender, and the send pace is
    # the one all of them share through the database.
    from bot.telegram.sender import shared_sender  # telegram: only when digests are sent

    sender = shared_sender(services)
    try:
        report = await services.digests.run_due(sender)
    finally:
        await sender.aclose()
    print(
        f"Sent {count(report.sent, 'digest', 'digests')}, {report.empty} with nothing new; "
        f"skipped {report.skipped}, failed {report.failed}, blocked {report.blocked}."
    )
    return EXIT_FAILED if report.failed else 0


def _cli_usage(command: str, exc: UsageError) -> UsageError:
    """The same problem, with this command line's usage instead of the chat command's."""
    usage, example = CLI_USAGE[command]
    return UsageError(exc.problem, usage, example)


async def _brief(services: Services, topic: str | None, since: str | None) -> int:
    from bot.arguments import parse_brief_args
    from bot.periods import parse_period
    from bot.terminal.render_text import render_briefing

    period = None
    if since is not None and (period := parse_period(since) or parse_period(f"since {since}")) is None:
        raise UserInputError(
            f"--since {since!r}: use 24h, 3d, 2w, '3 days', today, yesterday, 'last week', monday,"
            " 2026-11-30 or all"
        )
    try:
        topic_words = parse_brief_args(topic.split()).topic if topic else None
    except UsageError as exc:
        raise _cli_usage("brief", exc) from exc
    briefing = await services.briefings.brief(chat_id=None, topic=topic_words, period=period)
    print(render_briefing(briefing, cli=True))
    return 0


async def _ask(services: Services, words: Sequence[str], as_json: bool) -> int:
    from bot.arguments import parse_question
    from bot.terminal.render_text import CLI_HINT, render_answer, reply_json
    from summarizer.types import ReplyKind

    try:
        question = parse_question(words)
    except UsageError as exc:
        raise _cli_usage("ask", exc) from exc
    asked = await services.questions.ask(chat_id=None, question=question)
    if as_json:
        print(reply_json(asked.answer, asked.closest))
    else:
        print(render_answer(asked.answer, hint=CLI_HINT, closest=asked.closest))
    return {ReplyKind.ANSWER: 0, ReplyKind.CLOSEST: EXIT_CLOSEST}.get(asked.answer.kind, EXIT_DECLINED)


def _summarize(settings: Settings, ref: str, sentences: int | None) -> int:
    """Print the summary sentences, one per line; several articles each under their title."""
    from bot.services.summarize_text import summarize_input

    summaries = summarize_input(ref, settings, sentences=sentences)
    blocks = []
    for summary in summaries:
        lines = list(summary.sentences)
        if len(summaries) > 1:
            lines.insert(0, f"# {summary.title}")
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))
    return 0


def _chat(settings: Settings, no_demo: bool, log_file: Path | None) -> int:
    from bot.terminal.console import run_console

    where = f"Log lines go to {log_file}." if log_file is not None else "Log lines go to stderr."

    async def body(services: Services) -> int:
        await run_console(services, sys.stdin, sys.stdout, interactive=sys.stdin.isatty(), notice=where)
        return 0

    return asyncio.run(_with_services(settings, body, seed_demo=not no_demo))


def _run(
    settings: Settings, fallback_chat: bool, log_file: Path | None, digest_tuning: DigestTuning | None
) -> int:
    if settings.telegram.token is None and fallback_chat:
        print("No BRIEFBOT_TELEGRAM__TOKEN set: opening the local console chat on the demo corpus.")
        return _chat(settings, no_demo=False, log_file=log_file)
    from bot.telegram.run import run_telegram  # imports telegram only when the bot runs

    return run_telegram(settings, digest_tuning=digest_tuning)


def _dispatch(
    args: argparse.Namespace, settings: Settings, log_file: Path | None, digest_tuning: DigestTuning | None
) -> int:
    command = args.command
    if command == "run":
        return _run(settings, args.fallback_chat, log_file, digest_tuning)
    if command == "chat":
        return _chat(settings, args.no_demo, log_file)
    if command == "summarize":
        return _summarize(settings, args.file, args.sentences)
    if command == "migrate":

        async def migrate() -> int:
            from store.store import open_store

            store = await open_store(settings.store)
            await store.aclose()
            print("Database is at the newest schema.")
            return 0

        return asyncio.run(migrate())
    from bot.terminal import library_commands as library

    bodies: dict[str, Callable[[Services], Awaitable[int]]] = {
        "ingest": lambda s: library.ingest(s, args.paths),
        "feeds": lambda s: library.feeds(s, args),
        "stats": lambda s: library.stats(s, settings.store.url),
        "brief": lambda s: _brief(s, args.topic, args.since),
        "ask": lambda s: _ask(s, args.question, args.json),
        "digest": lambda s: _digest(s, args.digest_action, getattr(args, "id", None)),
    }
    return asyncio.run(_with_services(settings, bodies[command], digest_tuning=digest_tuning))


def _hide_secrets(settings: Settings) -> None:
    """Mask the token, the LLM key and the webhook secret in every log line (bot.log_secrets)."""
    from bot.log_secrets import hide_secrets

    given = (settings.telegram.token, settings.telegram.webhook_secret, settings.llm.api_key)
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
    hide_secrets([s.get_secret_value() for s in given if s is not None], level=level)


def _joined_topic(argv: list[str]) -> list[str]:
    """``--topic -coal`` as ``--topic=-coal``: argparse would read a value starting with "-" as an option."""
    joined: list[str] = []
    for word in argv:
        if joined and joined[-1] == "--topic" and word.startswith("-") and word != "--":
            joined[-1] = f"--topic={word}"
        else:
            joined.append(word)
    return joined


def main(argv: Sequence[str] | None = None, *, digest_tuning: DigestTuning | None = None) -> int:
    """Entry point: one clean line on stderr for any error the user can fix.

    ``digest_tuning``: how digests are claimed and paced (``run``, ``digest send-due``); its
    defaults unless a test or benchmark needs others.
    """
    args = _parser().parse_args(_joined_topic(sys.argv[1:] if argv is None else list(argv)))
    from bot.log_format import TEXT_FORMAT, use_format

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format=TEXT_FORMAT)
    if not args.verbose:
        # It warns about every page it finds no text in; the ingest report already says so.
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        from config import load_settings

        settings = load_settings()
        falls_back = args.command == "run" and args.fallback_chat and settings.telegram.token is None
        log_file = None
        if (args.command == "chat" or falls_back) and not args.verbose:
            # Log lines printed on the screen would land between the chat's lines: they go to a file.
            from bot.terminal.chat_log import chat_log_path, log_to_file

            log_file = chat_log_path(settings.store.url)
            log_to_file(log_file, settings.log_level)
        elif not args.verbose:  # progress logs are for the bot's operator, not for a CLI user
            runs_bot = args.command == "run" and not falls_back
            logging.getLogger().setLevel(settings.log_level if runs_bot else "WARNING")
        use_format(settings.log_format)
        _hide_secrets(settings)
        return _dispatch(args, settings, log_file, digest_tuning)
    except UserInputError as exc:
        from bot.arguments import worded  # only now: a command that failed has loaded it anyway

        print(f"briefbot: {worded(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BriefbotError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`briefbot chat | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
