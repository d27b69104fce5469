"""ROUGE regression on a fixed slice of the shared evaluation set: never below Lead."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.reference_sentences import reference_sentences
from summarizer.extractive import ExtractiveSummarizer
from summarizer.sentences import split_sentences
from summarizer.tuning import SummaryTuning

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("NEWS_SUMMARIES_DIR") or REPO / ".." / "shared" / "data" / "news-summaries")
SLICE = 20  # the first articles of each set, in file order
METRICS = ("rouge1", "rouge2", "rougeL")


def _slice() -> list[dict]:
    records: list[dict] = []
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records.extend(json.loads(line) for _, line in zip(range(SLICE), handle, strict=False))
    return records


@pytest.mark.shared
@pytest.mark.skipif(not DATA.is_dir(), reason=f"shared evaluation data absent: {DATA}")
def test_summarizer_is_not_below_lead_on_the_shared_slice() -> None:
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    summarizer = ExtractiveSummarizer(SummaryTuning())
    totals = {"briefbot": dict.fromkeys(METRICS, 0.0), "lead": dict.fromkeys(METRICS, 0.0)}
    records = _slice()

    for record in records:
        k = max(1, len(split_sentences(record["summary"])))
        outputs = {
            "briefbot": summarizer.summarize(record["text"], title=record["title"] or "", sentences=k),
            "lead": reference_sentences(record["text"])[:k],  # a baseline our splitter cannot move
        }
        refs = record.get("summaries") or [record["summary"]]
        for name, sentences in outputs.items():
            for ref in refs:
                scores = scorer.score(ref, " ".join(sentences))
                for metric in METRICS:
                    totals[name][metric] += scores[metric].fmeasure / len(refs)

    assert len(records) == 3 * SLICE
    for metric in METRICS:
        assert totals["briefbot"][metric] >= totals["lead"][metric], metric
