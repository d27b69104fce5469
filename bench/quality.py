"""Summary quality on real news: briefbot vs Lead-k, sumy TextRank and LexRank, by ROUGE F1.

Run: ``make bench-quality``, or ``python -m bench.quality [--split test|dev|all] [--budget ref|3|both]``.

Every system extracts the same number of sentences (the budget), reported for two budgets in
one run: the sentence count of the article's first reference summary (our splitter), and a
fixed 3 (``--budget ref`` or ``--budget 3`` for one of them). "Lead" is the first k sentences of
the same splitter: Lead-3 under the fixed budget.
Split: an article is in the development part when int(sha1(id), 16) % 10 < 4 (about 40%);
tuning used only that part, and the default report is on the other 60% (``test``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from config.settings import SummarizerSettings
from summarizer.extractive import ExtractiveSummarizer
from summarizer.sentences import split_sentences
from summarizer.tokens import words

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / ".." / "shared" / "data" / "news-summaries"
METRICS = ("rouge1", "rouge2", "rougeL")

System = Callable[[dict[str, Any], list[str], int], list[str]]


def in_dev(record_id: str) -> bool:
    """The fixed development part: about 40% of each set, chosen by a hash of the id."""
    return int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 10 < 4


def load(path: Path, split: str) -> list[dict[str, Any]]:
    """Records of one JSONL set that fall in ``split`` (dev, test or all)."""
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if split == "all":
        return rows
    return [r for r in rows if in_dev(r["id"]) == (split == "dev")]


class _SumyTokenizer:
    """Our splitter and word tokenizer in the shape sumy expects (its own needs NLTK data)."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return tuple(split_sentences(text))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


def sumy_system(name: str) -> System:
    """TextRank or LexRank from sumy, with English stemming and stop words."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = TextRankSummarizer if name == "textrank" else LexRankSummarizer
    algo = cls(Stemmer("english"))
    algo.stop_words = get_stop_words("english")
    tokenizer = _SumyTokenizer()

    def run(record: dict[str, Any], sentences: list[str], k: int) -> list[str]:
        parser = PlaintextParser.from_string(record["text"], tokenizer)
        return [str(s) for s in algo(parser.document, k)]

    return run


def systems(settings: SummarizerSettings) -> dict[str, System]:
    """The systems compared, in table order."""
    summarizer = ExtractiveSummarizer(settings)

    def briefbot(record: dict[str, Any], sentences: list[str], k: int) -> list[str]:
        return summarizer.summarize(record["text"], title=record.get("title") or "", sentences=k)

    def lead(record: dict[str, Any], sentences: list[str], k: int) -> list[str]:
        return sentences[:k]

    return {
        "briefbot": briefbot,
        "lead": lead,
        "textrank": sumy_system("textrank"),
        "lexrank": sumy_system("lexrank"),
    }


def references(record: dict[str, Any]) -> list[str]:
    """All references of a record (SummEval has 11; scores are averaged over them)."""
    refs = record.get("summaries") or [record["summary"]]
    return [str(r) for r in refs]


def evaluate(
    records: list[dict[str, Any]], table: dict[str, System], budget: str
) -> dict[str, dict[str, float]]:
    """Mean ROUGE F1 per system and metric, plus the median milliseconds per article."""
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(list(METRICS), use_stemmer=True)
    sums = {name: dict.fromkeys(METRICS, 0.0) for name in table}
    times: dict[str, list[float]] = {name: [] for name in table}
    for record in records:
        sentences = split_sentences(record["text"])
        k = 3 if budget == "3" else max(1, len(split_sentences(record["summary"])))
        refs = references(record)
        for name, system in table.items():
            start = time.perf_counter()
            summary = " ".join(system(record, sentences, k))
            times[name].append((time.perf_counter() - start) * 1000)
            for ref in refs:
                scores = scorer.score(ref, summary)
                for metric in METRICS:
                    sums[name][metric] += scores[metric].fmeasure / len(refs)
    result: dict[str, dict[str, float]] = {}
    for name in table:
        row = {m: sums[name][m] / max(1, len(records)) for m in METRICS}
        row["ms"] = statistics.median(times[name]) if times[name] else 0.0
        result[name] = row
    return result


def format_table(title: str, rows: dict[str, dict[str, float]]) -> Iterator[str]:
    """One printed table: scores, ratios to Lead and TextRank, median ms per article."""
    yield f"\n## {title}"
    yield (
        f"{'system':<9} {'R-1':>6} {'R-2':>6} {'R-L':>6} | {'/Lead R1':>8} {'R2':>5} {'RL':>5}"
        f" | {'/TR R1':>6} {'R2':>5} {'RL':>5} | {'ms':>6}"
    )
    lead, textrank = rows["lead"], rows["textrank"]
    for name, row in rows.items():
        vs_lead = [row[m] / lead[m] if lead[m] else 0.0 for m in METRICS]
        vs_tr = [row[m] / textrank[m] if textrank[m] else 0.0 for m in METRICS]
        yield (
            f"{name:<9} {row['rouge1']:6.4f} {row['rouge2']:6.4f} {row['rougeL']:6.4f} | "
            f"{vs_lead[0]:8.3f} {vs_lead[1]:5.3f} {vs_lead[2]:5.3f} | "
            f"{vs_tr[0]:6.3f} {vs_tr[1]:5.3f} {vs_tr[2]:5.3f} | {row['ms']:6.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--budget", choices=("ref", "3", "both"), default="both")
    parser.add_argument("--limit", type=int, default=0, help="at most this many articles per set")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.jsonl"))
    if not files:
        print(f"no *.jsonl under {args.data}")
        return 1
    print(f"split={args.split} (dev: int(sha1(id),16) % 10 < 4; test: the rest)")
    print("ROUGE F1 (rouge-score, stemming on; SummEval: mean over its 11 references)")
    table = systems(SummarizerSettings())
    budgets = ("ref", "3") if args.budget == "both" else (args.budget,)
    for budget in budgets:
        label = "the reference's sentence count" if budget == "ref" else "3 sentences (Lead-3)"
        print(f"\n# budget: {label}")
        for path in files:
            records = load(path, args.split)
            if args.limit:
                records = records[: args.limit]
            rows = evaluate(records, table, budget)
            for line in format_table(f"{path.stem} ({len(records)} articles)", rows):
                print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
