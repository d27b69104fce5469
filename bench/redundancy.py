"""Briefings that state a fact twice in one story, or carry a sentence that states nothing.

Run: ``python -m bench.redundancy [--data DIR]``. Over the demo corpus (every story of the whole
briefing, and of one briefing per source's topic words) and the first 200 articles of the shared
set (a briefing of each article alone, and of each batch of 10), built offline with the defaults.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bot.services.demo_dates import dated_record
from summarizer.briefing import build_briefing
from summarizer.extractive import ExtractiveSummarizer, text_doc
from summarizer.facts import repeated_facts, states_something
from summarizer.tuning import SummaryTuning
from summarizer.types import Briefing, Doc, Length

DEMO = Path(__file__).resolve().parent.parent / "bot" / "demo" / "articles.jsonl"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "news-summaries"
FILES = ("bbc_news_summary.jsonl", "summeval_cnndm.jsonl", "realsumm_cnndm.jsonl")


def demo_docs() -> list[Doc]:
    docs = []
    for i, line in enumerate(DEMO.read_text(encoding="utf-8").splitlines(), 1):
        item = dated_record(json.loads(line))  # its "{weekday-1}" as of its own date
        doc = text_doc(item["text"], title=item["title"])
        docs.append(
            replace(doc, id=i, source=item["source"], published=datetime.fromisoformat(item["published"]))
        )
    return docs


def shared_docs(folder: Path, limit: int = 200) -> list[Doc]:
    docs: list[Doc] = []
    for name in FILES:
        path = folder / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            docs.append(replace(text_doc(item["text"], title=item.get("title") or ""), id=len(docs) + 1))
            if len(docs) >= limit:
                return docs
    return docs


def flawed(briefing: Briefing) -> tuple[bool, bool]:
    """(a story states a fact twice, a sentence states nothing)."""
    repeated = any(repeated_facts(s.text for s in story.sentences) for story in briefing.stories)
    empty = any(not states_something(s.text) for story in briefing.stories for s in story.sentences)
    return repeated, empty


def briefings(groups: Sequence[Sequence[Doc]]) -> Iterator[Briefing]:
    summarizer = ExtractiveSummarizer(SummaryTuning())
    for docs in groups:
        for length in Length:
            yield build_briefing(docs, summarizer=summarizer, settings=SummaryTuning(), length=length)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED)
    args = parser.parse_args()
    demo = demo_docs()
    shared = shared_docs(args.data)
    sets = {
        "demo corpus": [demo, *([d] for d in demo)],
        "shared set (200 articles)": [
            *([d] for d in shared),
            *(shared[i : i + 10] for i in range(0, len(shared), 10)),
        ],
    }
    for name, groups in sets.items():
        built = list(briefings(groups))
        marks = [flawed(b) for b in built]
        print(
            f"{name}: {len(built)} briefings, with a repeated fact: {sum(r for r, _ in marks)}, "
            f"with a sentence stating nothing: {sum(e for _, e in marks)}"
        )


if __name__ == "__main__":
    main()
