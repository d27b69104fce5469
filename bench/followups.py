"""The follow-up question set, answered through the real QuestionService over a full store.

The demo corpus and the shared news articles are stored together with generated articles
(``bench.ingest_brief.make_corpus``) up to ``--size`` in all, so retrieval has to find the
article as well as the sentence. Each question gets a chat of its own; a two-turn question's
second turn replies to the first answer, continuing its thread. Prints accuracy by kind, the
replies that are not answers, answer latency, and how far the answers can be trusted (bench.trust):
confident-answer precision, closest passages holding the gold, switches, a risk–coverage table.
Run: ``make bench-followups`` (``--split dev`` while tuning; report ``--split test``);
``--store-url`` stores into another (empty) database, such as PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.ingest_brief import make_corpus, pct
from bench.questions import KINDS, SHARED_CORPUS, Gold, Question, load_corpus, load_questions, resolve
from bench.trust import TurnRecord, risk_coverage, trust_lines
from bot.services.library import to_new_article
from bot.services.questions import Asked, Context
from bot.services.wiring import Services, build_services
from config import QuestionSettings, StoreSettings, load_settings
from ingest.jsonfile import parse_jsonl
from summarizer.types import Answer, CitedSentence, ReplyKind

_WORD = re.compile(r"[^\W_]+")
MIN_SHARED_WORDS = 4
MOST = 0.75  # "most of its words"


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def matches_gold(sentence: str, gold_texts: Sequence[str], facts: Sequence[str]) -> bool:
    """The one rule for a correct sentence: for demo gold, it contains every fact (case-insensitive);
    otherwise it and one accepted gold sentence share most of the shorter one's words."""
    if facts:
        lowered = sentence.lower()
        return all(fact.lower() in lowered for fact in facts)
    mine = set(_words(sentence))
    for gold in gold_texts:
        theirs = set(_words(gold))
        shared = len(mine & theirs)
        smaller = min(len(mine), len(theirs))
        if smaller and shared >= min(MIN_SHARED_WORDS, smaller) and shared / smaller >= MOST:
            return True
    return False


def turn_correct(
    answer: Answer, golds: Sequence[Gold], ids: Mapping[str, int], corpus: Mapping[str, Any]
) -> bool:
    """A confident answer, and every gold sentence is matched by a sentence citing its article."""
    return answer.answered and holds_gold(answer, answer.sentences, golds, ids, corpus)


def holds_gold(
    answer: Answer,
    sentences: Sequence[CitedSentence],
    golds: Sequence[Gold],
    ids: Mapping[str, int],
    corpus: Mapping[str, Any],
    *,
    every: bool = True,
) -> bool:
    """Every gold sentence (or, with ``every=False``, one) is matched by one of ``sentences``
    that cites its article."""
    numbers = {c.number: c.article_id for c in answer.sources}
    found = [
        any(
            ids.get(gold.article) in {numbers.get(n) for n in s.citations}
            and matches_gold(s.text, resolve(gold, corpus), gold.facts)
            for s in sentences
        )
        for gold in golds
    ]
    return all(found) if every else any(found)


async def _store_one(services: Services, record: dict[str, Any], source: str) -> int | None:
    articles, _, _ = parse_jsonl(json.dumps(record), default_source=source)
    if not articles:
        return None
    items = [to_new_article(a) for a in articles]
    result = await services.store.articles.add_many(items, source=articles[0].source or source)
    return result.stored_ids[0] if result.stored_ids else None


async def build_store(
    services: Services, corpus: Mapping[str, Any], size: int, folder: Path
) -> dict[str, int]:
    """Store the question corpora one record at a time (so each ref maps to its id), then filler."""
    ids: dict[str, int] = {}
    for ref, record in corpus.items():
        stored = await _store_one(
            services, dict(record), "briefbot demo" if ref.startswith("demo:") else "news"
        )
        if stored is not None:
            ids[ref] = stored
    filler = max(0, size - len(ids))
    if filler:
        make_corpus(folder / "filler", filler)
        await services.library.ingest_paths([folder / "filler"])
    (folder / "ids.json").write_text(json.dumps(ids), encoding="utf-8")
    return ids


@dataclass
class Tally:
    correct: Counter[str]
    total: Counter[str]
    declined_answerable: int = 0
    answerable_turns: int = 0
    answered_unanswerable: int = 0
    unanswerable: int = 0


async def ask(services: Services, chat: int, text: str, reply_to: int | None, times: list[float]) -> Asked:
    started = time.perf_counter()
    asked = await services.questions.ask(chat_id=chat, question=text, reply_to=reply_to, context=Context.NONE)
    times.append((time.perf_counter() - started) * 1000)
    return asked


async def run(args: argparse.Namespace) -> None:
    corpus = load_corpus(shared=SHARED_CORPUS if SHARED_CORPUS.is_dir() else None)
    questions = [q for q in load_questions() if args.split == "all" or q.split == args.split]
    if not SHARED_CORPUS.is_dir():
        print(f"shared data absent ({SHARED_CORPUS}): only questions on demo articles")
        questions = [q for q in questions if all(a.startswith("demo:") for a in q.articles)]
    folder = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="followups-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = args.store_url or f"sqlite+aiosqlite:///{folder}/bench.db"
    settings = load_settings(
        store=StoreSettings(url=url),
        questions=QuestionSettings(embeddings=args.embeddings),
    )
    services = await build_services(settings)
    try:
        ids_file = folder / "ids.json"
        if ids_file.exists():
            ids = json.loads(ids_file.read_text(encoding="utf-8"))
        else:
            started = time.perf_counter()
            ids = await build_store(services, corpus, args.size, folder)
            print(
                f"stored {await services.store.articles.count():,} articles "
                f"in {time.perf_counter() - started:.0f} s"
            )
        print(
            f"store: {await services.store.articles.count():,} articles, "
            f"{await services.store.passages.count():,} passages; embeddings "
            f"{'on' if services.questions.uses_embeddings else 'off'}; split {args.split}"
        )
        await score(services, questions, ids, corpus, args.verbose)
    finally:
        await services.aclose()


async def score(
    services: Services,
    questions: list[Question],
    ids: dict[str, int],
    corpus: Mapping[str, Any],
    verbose: bool,
) -> None:
    tally = Tally(Counter(), Counter())
    records: list[TurnRecord] = []
    times: list[float] = []
    second_turns = Counter[str]()
    wrong: defaultdict[str, list[str]] = defaultdict(list)
    for number, q in enumerate(questions, 1):
        chat = 10_000 + number
        results = []
        reply_to = None
        for turn in q.turns:
            asked = await ask(services, chat, turn.question, reply_to, times)
            if asked.thread_id is not None:  # as Telegram would: the answer's message joins the thread
                reply_to = 900_000 + len(results)
                await services.threads.link(chat, asked.thread_id, [reply_to])
            ok = (
                turn_correct(asked.answer, turn.gold, ids, corpus) if turn.gold else not asked.answer.answered
            )
            results.append(ok)
            reply = asked.answer
            records.append(
                TurnRecord(
                    q.kind,
                    reply.kind,
                    bool(turn.gold),
                    bool(turn.gold) and ok,
                    bool(turn.gold)
                    and holds_gold(reply, reply.sentences[:1], turn.gold, ids, corpus, every=False),
                    reply.kind is ReplyKind.CLOSEST
                    and bool(turn.gold)
                    and holds_gold(reply, reply.sentences, turn.gold, ids, corpus, every=False),
                    reply.score,
                    second_turn=len(results) > 1,
                )
            )
            if turn.gold:
                tally.answerable_turns += 1
                tally.declined_answerable += not asked.answer.answered
            else:
                tally.unanswerable += 1
                tally.answered_unanswerable += asked.answer.answered
            if not ok:
                shown = " | ".join(s.text[:140] for s in asked.answer.sentences) or "(declined)"
                failed = "; ".join(f"{s.name}: {s.detail}" for s in reply.signals if not s.passed)
                wrong[q.kind].append(f"{q.id} [{reply.kind.value}] {turn.question} -> {shown}  {{{failed}}}")
        tally.total[q.kind] += 1
        tally.correct[q.kind] += all(results)
        if q.kind == "two_turn":
            second_turns["total"] += 1
            second_turns["correct"] += results[-1]
    print()
    for kind in KINDS:
        total = tally.total[kind]
        if total:
            print(
                f"{kind:13s} {tally.correct[kind]:3d}/{total:<3d} = {100 * tally.correct[kind] / total:5.1f}%"
            )
    if second_turns["total"]:
        print(f"  (two_turn second turn alone: {second_turns['correct']}/{second_turns['total']})")
    if tally.answerable_turns:
        share = 100 * tally.declined_answerable / tally.answerable_turns
        print(
            f"answerable turns not answered: {tally.declined_answerable}/{tally.answerable_turns}"
            f" = {share:.1f}%"
        )
    if tally.unanswerable:
        declined = tally.unanswerable - tally.answered_unanswerable
        print(
            f"unanswerable not answered: {declined}/{tally.unanswerable} = "
            f"{100 * declined / tally.unanswerable:.1f}%"
        )
    if times:
        print(
            f"answer latency: median {statistics.median(times):.1f} ms, "
            f"p95 {pct(times, 0.95):.1f} ms (n={len(times)})"
        )
    print()
    for line in trust_lines(records):
        print(line)
    print()
    for line in risk_coverage(records):
        print(line)
    if verbose:
        for kind, lines in wrong.items():
            print(f"\n-- wrong {kind}")
            for line in lines:
                print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000, help="articles stored in all")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="test")
    parser.add_argument("--db", default=None, help="a folder to keep the store in and reuse")
    parser.add_argument(
        "--store-url",
        default=None,
        help="an empty database to store the articles in instead (PostgreSQL: postgresql+asyncpg://…); "
        "with --db, the folder keeps only the article ids",
    )
    parser.add_argument("--embeddings", choices=["auto", "on", "off"], default="off")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the questions answered wrongly")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
