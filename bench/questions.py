"""The follow-up question set, typed: questions, their turns and gold sentences, for scoring code.

The set lives in ``tests/fixtures/questions/questions.jsonl`` (format in that folder's README). A
gold answer is a sentence of a stored article: ``demo:N`` is line N (0-based) of the bundled demo
corpus, any other id is a record of ``../shared/data/news-summaries``. Sentence N is item N of
``reference_sentences(record["text"])``, the fixed pysbd splitter, so a change to briefbot's own
splitter never moves a gold answer. Dev/test follows ``bench.quality.in_dev`` on the question id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

from bench.quality import in_dev
from bench.reference_sentences import reference_sentences
from bot.services.demo_dates import dated_record

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "tests" / "fixtures" / "questions" / "questions.jsonl"
DEMO_CORPUS = REPO / "bot" / "demo" / "articles.jsonl"
SHARED_CORPUS = REPO.parent / "shared" / "data" / "news-summaries"
DEMO_PREFIX = "demo:"

Kind = Literal["factual", "two_turn", "unanswerable", "two_source", "switch"]
KINDS: tuple[Kind, ...] = ("factual", "two_turn", "unanswerable", "two_source", "switch")
Split = Literal["dev", "test"]


@dataclass(frozen=True)
class Gold:
    """One sentence that answers (part of) a turn; ``alternatives`` state the same fact elsewhere."""

    article: str
    sentence: int
    alternatives: tuple[int, ...] = ()
    facts: tuple[str, ...] = ()  # demo only: strings a correct answer must contain

    @property
    def sentences(self) -> tuple[int, ...]:
        """Every accepted sentence index, the main one first."""
        return (self.sentence, *self.alternatives)

    @property
    def is_demo(self) -> bool:
        return self.article.startswith(DEMO_PREFIX)


@dataclass(frozen=True)
class Turn:
    question: str
    gold: tuple[Gold, ...]  # empty when the stored articles do not answer it


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    turns: tuple[Turn, ...]
    paraphrase: bool | None = None  # factual only: shares no content word with its gold sentence
    near: str | None = None  # unanswerable only: the stored article it is close to

    @property
    def split(self) -> Split:
        return "dev" if in_dev(self.id) else "test"

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"

    @property
    def articles(self) -> frozenset[str]:
        """Every article the question refers to: its gold articles and, if any, ``near``."""
        refs = {gold.article for turn in self.turns for gold in turn.gold}
        return frozenset(refs | ({self.near} if self.near else set()))


def _gold(raw: Mapping[str, Any]) -> Gold:
    return Gold(
        article=str(raw["article"]),
        sentence=int(raw["sentence"]),
        alternatives=tuple(int(i) for i in raw.get("or", ())),
        facts=tuple(str(f) for f in raw.get("facts", ())),
    )


def _question(raw: Mapping[str, Any]) -> Question:
    kind = raw["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    question = Question(
        id=str(raw["id"]),
        kind=cast(Kind, kind),
        turns=tuple(
            Turn(question=str(t["question"]), gold=tuple(_gold(g) for g in t["gold"])) for t in raw["turns"]
        ),
        paraphrase=raw.get("paraphrase"),
        near=raw.get("near"),
    )
    if raw.get("answerable", question.answerable) != question.answerable:
        raise ValueError(f"'answerable' contradicts kind {kind!r}")
    return question


def load_questions(path: Path = DEFAULT) -> list[Question]:
    """Every question of the JSONL file, in file order; a malformed line raises ValueError."""
    questions: list[Question] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                questions.append(_question(json.loads(line)))
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return questions


def load_corpus(demo: Path = DEMO_CORPUS, shared: Path | None = SHARED_CORPUS) -> dict[str, dict[str, Any]]:
    """Records by article ref: ``demo:N`` for the demo corpus, plus the shared sets when present."""
    corpus: dict[str, dict[str, Any]] = {}
    with demo.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if line.strip():
                corpus[f"{DEMO_PREFIX}{number}"] = dated_record(json.loads(line))
    if shared is not None and shared.is_dir():
        for path in sorted(shared.glob("*.jsonl")):
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        record = json.loads(line)
                        corpus[record["id"]] = record
    return corpus


@lru_cache(maxsize=512)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(reference_sentences(text))


def article_sentences(article: str, corpus: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """The reference sentences of one stored article; KeyError when the corpus lacks it."""
    return _sentences(str(corpus[article]["text"]))


def resolve(gold: Gold, corpus: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """The text of every accepted gold sentence, the main one first; IndexError when out of range."""
    sentences = article_sentences(gold.article, corpus)
    for index in gold.sentences:
        if not 0 <= index < len(sentences):
            raise IndexError(f"{gold.article} has {len(sentences)} sentences, gold asks for {index}")
    return tuple(sentences[i] for i in gold.sentences)
