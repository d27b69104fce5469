"""Lines of ``/usage``: a chat's AI tokens today, and the admins' totals."""

from __future__ import annotations

from bot.services.usage import BotUsage, ChatUsage, TokenTotals, UsageReport
from bot.wording.numbers import count


def _tokens(totals: TokenTotals) -> str:
    estimated = f", {totals.estimated_calls} estimated" if totals.estimated_calls else ""
    calls = count(totals.calls, "call", "calls")
    return (
        f"{totals.tokens:,} tokens ({totals.tokens_in:,} in, {totals.tokens_out:,} out; {calls}{estimated})"
    )


def _budget(left: int | None, budget: int) -> str:
    return "no limit" if left is None else f"{left:,} of {budget:,} left"


def chat_usage_lines(own: ChatUsage) -> list[str]:
    """A chat's own AI usage today."""
    if not own.llm_enabled:
        return ["The AI writer is off on this bot: briefings are written offline, at no token cost."]
    return [
        f"Today ({own.day}, UTC) this chat used {_tokens(own.own)}.",
        f"Daily budget: {_budget(own.left, own.budget)}.",
    ]


def bot_usage_lines(bot: BotUsage) -> list[str]:
    """The admins' view: everyone's tokens today, by account, and the top chats."""
    lines = [f"All chats and digests: {_tokens(bot.total)}; budget {_budget(bot.left, bot.budget)}."]
    for account, totals in sorted(bot.accounts.items()):
        name = {"chat": "chats", "digests": "digests (shared)", "local": "command line"}.get(account, account)
        lines.append(f"- {name}: {_tokens(totals)}")
    if bot.top_chats:
        lines.append("Top chats:")
        lines.extend(f"- {top.chat_id}: {_tokens(top.totals)}" for top in bot.top_chats)
    return lines


def usage_lines(report: UsageReport) -> list[str]:
    """``/usage``: the chat's own figures, then the admins' totals when they asked."""
    lines = chat_usage_lines(report.chat)
    if report.bot is not None and report.chat.llm_enabled:
        lines += ["", *bot_usage_lines(report.bot)]
    return lines
