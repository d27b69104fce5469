"""Summary quality on real news: briefbot vs Lead-3 (and sumy's TextRank, LexRank), by ROUGE F1.

Run: ``make bench-quality``, or ``python -m bench.quality [--split test|dev|all] [--data DIR]``.

Budgets, each reported in one run:
- ``3 sentences``: every system extracts 3 sentences; Lead-3 is the first 3 sentences of the
  fixed reference splitter (bench/reference_sentences.py, pysbd), so a change to briefbot's own
  splitter can never move the baseline.
- ``equal words``: every system's output is cut to the word count of that article's Lead-3, so
  a system cannot win by choosing longer sentences. A system is asked for 1, 2, … sentences
  until it reaches the budget, then cut.
- ``reference length`` (BBC only): as many sentences as the reference has, counted by briefbot's
  splitter (how the BBC target of R-2 >= 0.74 was set) and by the reference splitter.

Scores are mean ROUGE F1 (rouge-score, stemming on; SummEval: per article, the mean over its
11 references). Ratios to Lead-3 carry a paired bootstrap 95% interval over articles. The two
CNN/DM parts (REALSumm and SummEval) are judged pooled; each is also printed alone.
Split: an article is in the development part when int(sha1(id), 16) % 10 < 4 (about 40%);
tuning uses only that part (``--split dev``), and the default report is on the rest (``test``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.reference_sentences import reference_sentences
from summarizer.extractive import ExtractiveSummarizer
from summarizer.sentences import split_sentences
from summarizer.tokens import words
from summarizer.tuning import SummaryTuning

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("NEWS_SUMMARIES_DIR") or REPO / ".." / "shared" / "data" / "news-summaries")
METRICS = ("rouge1", "rouge2", "rougeL")
LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}
BOOTSTRAP = 2000
CNNDM = ("realsumm_cnndm", "summeval_cnndm")

# A system gets the record and a sentence count, and returns its sentences in reading order.
System = Callable[[dict[str, Any], int], list[str]]


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
    """The reference splitter and our word tokenizer in the shape sumy expects (its own needs NLTK
    data)."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return tuple(reference_sentences(text))

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

    def run(record: dict[str, Any], k: int) -> list[str]:
        parser = PlaintextParser.from_string(record["text"], tokenizer)
        return [str(s) for s in algo(parser.document, k)]

    return run


def systems(settings: SummaryTuning, *, baselines: bool = True) -> dict[str, System]:
    """The systems compared, in table order; Lead-3 always, TextRank and LexRank on request."""
    summarizer = ExtractiveSummarizer(settings)

    def briefbot(record: dict[str, Any], k: int) -> list[str]:
        return summarizer.summarize(record["text"], title=record.get("title") or "", sentences=k)

    def lead(record: dict[str, Any], k: int) -> list[str]:
        return reference_sentences(record["text"])[:k]

    table: dict[str, System] = {"briefbot": briefbot, "lead": lead}
    if baselines:
        table |= {"textrank": sumy_system("textrank"), "lexrank": sumy_system("lexrank")}
    return table


def references(record: dict[str, Any]) -> list[str]:
    """All references of a record (SummEval has 11; scores are averaged over them)."""
    refs = record.get("summaries") or [record["summary"]]
    return [str(r) for r in refs]


def cut_to_words(system: System, record: dict[str, Any], budget: int) -> str:
    """The system's output cut to ``budget`` words, asking for more sentences until it has enough."""
    available = max(1, len(split_sentences(record["text"])))
    out: list[str] = []
    for k in range(1, available + 1):
        out = " ".join(system(record, k)).split()
        if len(out) >= budget:
            break
    return " ".join(out[:budget])


@dataclass(frozen=True)
class Scores:
    """Per-article ROUGE F1 of each system (rows: articles), and median milliseconds per call."""

    names: tuple[str, ...]
    values: dict[str, np.ndarray]  # system -> array (articles, metrics)
    ms: dict[str, float]

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            self.names,
            {n: np.vstack([self.values[n], other.values[n]]) for n in self.names},
            {n: (self.ms[n] + other.ms[n]) / 2 for n in self.names},
        )

    @property
    def size(self) -> int:
        return int(self.values[self.names[0]].shape[0])


def evaluate(records: Sequence[dict[str, Any]], table: dict[str, System], budget: str) -> Scores:
    """ROUGE F1 per article and system under one budget: ``3``, ``words``, ``ref`` (the reference's
    sentence count by our splitter) or ``ref-fixed`` (by the reference splitter)."""
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(list(METRICS), use_stemmer=True)
    values = {name: np.zeros((len(records), len(METRICS))) for name in table}
    times: dict[str, list[float]] = {name: [] for name in table}
    for row, record in enumerate(records):
        lead3 = reference_sentences(record["text"])[:3]
        word_budget = len(" ".join(lead3).split())
        k = 3
        if budget == "ref":
            k = max(1, len(split_sentences(record["summary"])))
        elif budget == "ref-fixed":
            k = max(1, len(reference_sentences(record["summary"])))
        refs = references(record)
        for name, system in table.items():
            start = time.perf_counter()
            if budget == "words":
                summary = cut_to_words(system, record, word_budget)
            else:
                summary = " ".join(system(record, k))
            times[name].append((time.perf_counter() - start) * 1000)
            for ref in refs:
                scores = scorer.score(ref, summary)
                for col, metric in enumerate(METRICS):
                    values[name][row, col] += scores[metric].fmeasure / len(refs)
    ms = {name: statistics.median(t) if t else 0.0 for name, t in times.items()}
    return Scores(tuple(table), values, ms)


def ratio_interval(ours: np.ndarray, base: np.ndarray, seed: int = 9) -> tuple[float, float, float]:
    """Ratio of mean scores, with a paired bootstrap 95% interval over articles."""
    point = float(ours.mean() / base.mean()) if base.mean() else 0.0
    if len(ours) < 2:
        return point, point, point
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(ours), size=(BOOTSTRAP, len(ours)))
    base_means = base[picks].mean(axis=1)
    ratios = ours[picks].mean(axis=1) / np.where(base_means == 0, np.nan, base_means)
    low, high = np.nanpercentile(ratios, [2.5, 97.5])
    return point, float(low), float(high)


def format_table(title: str, scores: Scores) -> Iterator[str]:
    """Scores of each system, then its ratios to Lead-3 with 95% intervals, then ms per article."""
    yield f"\n## {title} ({scores.size} articles)"
    yield f"{'system':<9} {'R-1':>6} {'R-2':>6} {'R-L':>6} | ratio to Lead-3 [95% interval]{'':>30}| ms"
    lead = scores.values["lead"]
    for name in scores.names:
        row = scores.values[name]
        means = row.mean(axis=0)
        ratios = []
        for col in range(len(METRICS)):
            point, low, high = ratio_interval(row[:, col], lead[:, col])
            ratios.append(f"{point:5.3f} [{low:5.3f}, {high:5.3f}]")
        yield (
            f"{name:<9} {means[0]:6.4f} {means[1]:6.4f} {means[2]:6.4f} | "
            + "  ".join(ratios)
            + f" | {scores.ms[name]:5.1f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA, help="the news-summaries folder")
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--no-baselines", action="store_true", help="skip TextRank and LexRank (faster)")
    parser.add_argument(
        "--budgets",
        nargs="+",
        choices=("3", "words", "ref"),
        default=["3", "words", "ref"],
        help="which to report",
    )
    args = parser.parse_args(argv)
    files = {path.stem: path for path in sorted(args.data.glob("*.jsonl"))}
    if not files:
        print(f"no *.jsonl under {args.data} (set NEWS_SUMMARIES_DIR or --data)")
        return 1
    print(f"split={args.split} (dev: int(sha1(id),16) % 10 < 4; test: the rest)")
    print("ROUGE F1 (rouge-score, stemming on; SummEval: mean over its 11 references)")
    print(f"Lead-3: the reference splitter's first 3 sentences; intervals: paired bootstrap, n={BOOTSTRAP}")
    table = systems(SummaryTuning(), baselines=not args.no_baselines)
    sets = {name: load(path, args.split) for name, path in files.items()}
    for budget, label in (("3", "3 sentences (Lead-3)"), ("words", "equal words (Lead-3's count)")):
        if budget not in args.budgets:
            continue
        print(f"\n# budget: {label}")
        scored = {name: evaluate(records, table, budget) for name, records in sets.items()}
        parts = [scored[name] for name in CNNDM if name in scored]
        if len(parts) == len(CNNDM):
            for line in format_table("CNN/DM pooled: REALSumm + SummEval", parts[0] + parts[1]):
                print(line)
        for name, scores in scored.items():
            for line in format_table(name, scores):
                print(line)
    if "bbc_news_summary" in sets and "ref" in args.budgets:
        for budget, label in (("ref", "briefbot's splitter"), ("ref-fixed", "the reference splitter")):
            print(f"\n# budget: the reference's sentence count, by {label}")
            for line in format_table("bbc_news_summary", evaluate(sets["bbc_news_summary"], table, budget)):
                print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
