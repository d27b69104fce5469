"""The local console chat: the same commands as Telegram, in a terminal or through a pipe."""

from __future__ import annotations

import asyncio
import logging
from typing import TextIO

from bot.arguments import (
    GRAMMAR,
    bare_url,
    parse_add,
    parse_brief_args,
    parse_digest_args,
    parse_feeds_args,
    parse_question,
    parse_settings_args,
    parse_subscribe_args,
    parse_subscriptions_args,
    parse_unsubscribe_args,
    reads_as_question,
    worded,
)
from bot.commands import INTRO, help_lines
from bot.services.questions import Context
from bot.services.wiring import Services
from bot.terminal.render_text import (
    render_answer,
    render_briefing,
    render_digest,
    render_feeds,
    render_report,
    render_source_list,
    render_sources,
    render_stats,
)
from bot.wording import (
    ADD_URL,
    FORGET_QUESTION,
    FORGOTTEN,
    added_feed_line,
    language_label,
    language_lines,
    small_talk_line,
    subscribed_line,
    subscription_lines,
    unsubscribed_line,
    usage_lines,
)
from errors import BriefbotError, UserInputError
from store.timestamps import utcnow

log = logging.getLogger(__name__)

CONSOLE_CHAT_ID = 0
QUIT = {"/quit", "/exit", "quit", "exit"}


class Console:
    """Turns one typed line into one reply, using the shared services."""

    def __init__(self, services: Services, *, chat_id: int = CONSOLE_CHAT_ID) -> None:
        self._services = services
        self._chat_id = chat_id

    async def reply(self, line: str) -> str:
        """The reply to ``line``; user mistakes become a clear message, never an exception."""
        try:
            return await self._dispatch(line.strip())
        except UserInputError as exc:
            return str(worded(exc))
        except BriefbotError as exc:
            log.warning("console command failed line=%r error=%s", line[:80], exc)
            return f"Sorry, that did not work: {exc}"

    async def _dispatch(self, line: str) -> str:
        if not line:
            return ""
        if not line.startswith("/"):
            if bare_url(line):
                return ADD_URL.format(url=line.strip())
            if not reads_as_question(line):  # "thanks", "ok", a bare "yes": as in a private Telegram chat
                return small_talk_line(line)
            return await self._ask([line], Context.LATEST)  # right after a briefing or answer: a follow-up
        command, _, rest = line[1:].partition(" ")
        command = command.split("@", 1)[0].lower()
        args = rest.split()  # quotes stay: topics use them for phrases
        s, chat = self._services, self._chat_id
        if command in {"start", "help"}:
            lines = [*help_lines(admin=True), "/quit — Leave", "", *GRAMMAR]
            return INTRO + "\n\n" + "\n".join(lines)
        if command == "brief":
            request = parse_brief_args(args)
            briefing = await s.briefings.brief(chat_id=chat, topic=request.topic, period=request.period)
            return render_briefing(briefing)  # the service started its thread
        if command == "ask":
            return await self._ask(args, Context.BRIEFING)
        if command == "forget":
            if args != ["yes"]:
                return f"{FORGET_QUESTION} Send /forget yes to go ahead."
            await s.chats.forget(chat)
            return FORGOTTEN
        if command == "sources":
            last = await s.briefings.last(chat)
            return render_sources(last.sources) if last and last.sources else "No briefing yet."
        if command == "add":
            return await self._add(line)
        if command == "settings":
            return await self._settings(args)
        if command == "usage":
            # The console is its operator's: it shows the whole bot's figures too.
            return "\n".join(usage_lines(await s.usage.report(chat, admin=True)))
        if command == "timezone":
            if not args:
                return f"Your time zone is {(await s.chats.prefs(chat)).timezone}."
            prefs = await s.chats.set_timezone(chat, " ".join(args))
            return f"Time zone set to {prefs.timezone}."
        if command == "feeds":
            return await self._feeds(args)
        if command in {"subscribe", "unsubscribe", "subscriptions", "digest"}:
            return await self._digests(command, args)
        if command == "stats":
            return render_stats(await s.stats.stats())
        return f"I don't know /{command}. Send /help to see what I can do."

    async def _settings(self, args: list[str]) -> str:
        chats, chat = self._services.chats, self._chat_id
        if not args:
            prefs = await chats.prefs(chat)
            language = language_label(prefs.language)
            sound = "silent" if prefs.silent else "with sound"
            return (
                f"Briefing length: {prefs.length.value}. Briefing language: {language}. "
                f"Time zone: {prefs.timezone}. Digests: {sound}."
            )
        change = parse_settings_args(args)
        if change.list_languages:
            return "\n".join(["Briefing languages (/settings language CODE):", *language_lines()])
        if change.language_given:
            prefs = await chats.set_language(chat, change.language)
            reply = f"Briefings will be written in {language_label(prefs.language)}."
            if prefs.language is not None and not self._services.briefings.writes_with_llm:
                reply += " No AI writer is set up, so briefings keep each article's language for now."
            return reply
        said = []
        if change.length is not None:
            prefs = await chats.set_length(chat, change.length)
            said.append(f"Briefings will be {prefs.length.value} from now on.")
        if change.silent is not None:
            prefs = await chats.set_silent(chat, change.silent)
            said.append(
                "Digests will arrive silently." if prefs.silent else "Digests will arrive with sound."
            )
        return " ".join(said)

    async def _digests(self, command: str, args: list[str]) -> str:
        """/subscribe, /unsubscribe, /subscriptions [action n] and /digest [n] on the console's chat."""
        service, chat, now = self._services.subscriptions, self._chat_id, utcnow()
        if command == "subscribe":
            info = await service.subscribe(chat, parse_subscribe_args(args), kind="console", title="console")
            return subscribed_line(info, now) + " (The console shows digests with /digest.)"
        if command == "unsubscribe":
            which = parse_unsubscribe_args(args)
            return unsubscribed_line(await service.unsubscribe(chat, which), which)
        if command == "digest":
            return render_digest(await service.preview(chat, parse_digest_args(args)), now)
        action, number, at = parse_subscriptions_args(args)
        if action != "list":
            await service.apply(chat, action, number, at)
        return "\n".join(subscription_lines(await service.of_chat(chat), now))

    async def _ask(self, args: list[str], context: Context) -> str:
        question = parse_question(args)
        asked = await self._services.questions.ask(chat_id=self._chat_id, question=question, context=context)
        return render_answer(asked.answer, expired=asked.expired, closest=asked.closest)

    async def _add(self, line: str) -> str:
        is_url, payload = parse_add(line)
        library = self._services.library
        if is_url:
            return render_report(await library.add_url(payload))
        return render_report(await library.add_text(payload, source="console"))

    async def _feeds(self, args: list[str]) -> str:
        feeds = self._services.feeds
        action, ref = parse_feeds_args(args)
        if action == "list":
            return render_feeds(await feeds.list())
        if action == "sources":
            return render_source_list(await self._services.library.list_sources())
        if action == "add":
            return added_feed_line(await feeds.add(ref))
        removed = await feeds.remove(ref)
        return "Removed (its articles stay)." if removed else f"No feed matches {ref}."


async def run_console(
    services: Services, stdin: TextIO, stdout: TextIO, *, interactive: bool, notice: str = ""
) -> None:
    """Read commands until /quit or end of input; a prompt is shown only when interactive.
    ``notice`` (such as where the log lines go) is printed first, on a line of its own."""
    console = Console(services)
    if interactive:
        stdout.write(INTRO + "\nType /help for commands, /quit to leave.\n")
    if notice:
        stdout.write(notice + "\n")
    while True:
        if interactive:
            stdout.write("\nyou> ")
            stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line or line.strip().lower() in QUIT:
            break
        answer = await console.reply(line)
        if answer:
            stdout.write(answer + "\n")
            stdout.flush()
