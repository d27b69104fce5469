"""How far the follow-up answers can be trusted, from one record per answered turn: the share of
confident answers that are right, unanswerable questions given one, closest passages holding the
gold sentence, subject switches, the answering sentence's place, and a risk–coverage table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.types import ReplyKind


@dataclass(frozen=True)
class TurnRecord:
    """One turn as the bench saw it."""

    question_kind: str  # the question set's kind (factual, two_turn, unanswerable, switch…)
    reply: ReplyKind
    answerable: bool
    right: bool  # an answer whose sentences match the gold (never true for unanswerable turns)
    first_right: bool  # the first sentence alone matches a gold sentence
    closest_has_gold: bool  # closest passages: one of them matches the gold
    score: float
    second_turn: bool = False


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:5.1f}%" if whole else f"{part}/0"


def trust_lines(records: Sequence[TurnRecord]) -> list[str]:
    """The figures the issue asks for, one per line."""
    answers = [r for r in records if r.reply is ReplyKind.ANSWER]
    unanswerable = [r for r in records if not r.answerable]
    answerable = [r for r in records if r.answerable]
    closest = [r for r in answerable if r.reply is ReplyKind.CLOSEST]
    right = [r for r in answers if r.right]
    switches = [r for r in records if r.question_kind == "switch" and r.second_turn]
    kinds = {k: sum(r.reply is k for r in records) for k in ReplyKind}
    return [
        "replies: " + ", ".join(f"{k.value} {n}" for k, n in kinds.items()),
        f"confident-answer precision:          {_share(len(right), len(answers))}",
        "unanswerable given a confident answer: "
        + _share(sum(r.reply is ReplyKind.ANSWER for r in unanswerable), len(unanswerable)),
        f"answerable turns answered and right:  {_share(sum(r.right for r in answerable), len(answerable))}",
        "answerable turns as closest passages: "
        + _share(len(closest), len(answerable))
        + f"; holding the gold {_share(sum(r.closest_has_gold for r in closest), len(closest))}",
        "answerable turns declined:            "
        + _share(sum(r.reply is ReplyKind.DECLINE for r in answerable), len(answerable)),
        f"subject-switch follow-ups right:      {_share(sum(r.right for r in switches), len(switches))}",
        f"answering sentence first:            {_share(sum(r.first_right for r in right), len(right))}",
    ]


def risk_coverage(records: Sequence[TurnRecord], steps: int = 10) -> list[str]:
    """Precision of the confident answers at each coverage (answers ranked by score, the most
    confident first; coverage is the share of all turns answered)."""
    answers = sorted((r for r in records if r.reply is ReplyKind.ANSWER), key=lambda r: -r.score)
    if not records or not answers:
        return ["risk–coverage: no confident answers"]
    lines = ["coverage  answered  precision  (answers ranked by score)"]
    for step in range(1, steps + 1):
        count = round(len(answers) * step / steps)
        if not count:
            continue
        top = answers[:count]
        precision = sum(r.right for r in top) / count
        lines.append(f"{100 * count / len(records):7.1f}%  {count:8d}  {100 * precision:8.1f}%")
    return lines
