"""What the offline answerer is given and gives back: retrieved evidence, the question's search
terms, what a follow-up carries, scored sentences and the ranked answer; and its tuning."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.question_shape import QuestionShape
from summarizer.types import Answer, Doc


@dataclass(frozen=True)
class AnswerTuning:
    """The answerer's weights and thresholds (tuned on the question set's dev split)."""

    max_sentences: int = 3
    min_coverage: float = 0.4  # share of the question a sentence and its context must cover
    related_weight: float = 0.6  # a word of the same paraphrase group, in the sentence
    context_weight: float = 0.45  # the word in the sentences around it, its heading or the title
    related_context_weight: float = 0.3
    article_weight: float = 0.3  # the word anywhere else in the article
    name_weight: float = 1.5  # names weigh more than other words
    # A name says which story, more than which sentence: near the sentence it counts almost fully.
    name_context_weight: float = 0.85
    name_article_weight: float = 0.6
    type_weight: float = 0.35  # the sentence holds the kind of answer asked for
    focus_weight: float = 0.1  # the sentence names what is asked for ("which charities")
    focus_entity_fit: float = 0.6  # "which contract": a sentence naming a contract, without a name
    typed_min_coverage: float = 0.3  # coverage needed when the type matches
    retrieval_weight: float = 0.3
    thread_weight: float = 0.1
    # Only the thread's articles answer when their best sentence scores this share of the best.
    thread_keep: float = 0.7
    lead_weight: float = 0.05
    carry_weight: float = 0.5  # the carried subject of a follow-up, against the question's own words
    similarity_weight: float = 0.0  # embeddings, when on
    similarity_depth: int = 20  # the best lexical candidates the embeddings re-rank
    min_similarity: float = 0.2  # with embeddings: no answer when no sentence is this like the question
    follow_ratio: float = 0.85  # a further sentence must score this share of the best
    # An answer may come from a lower-ranked sentence that passes the checks the best one fails,
    # among the first ``verify_depth`` that score this share of the best.
    verify_depth: int = 3
    verify_ratio: float = 0.8
    answer_min_coverage: float = 0.0  # coverage an answer needs, beyond what ranking asks
    # The share of the question's words other than names the answering sentence itself holds
    # (or a word of the same paraphrase group).
    answer_min_words: float = 0.0
    further_words: float = 1.0  # the share of those words a further sentence of an answer must hold
    context_span: int = 2


@dataclass(frozen=True)
class Evidence:
    """One retrieved article: its meta (for citations), its body sentences and their headings."""

    doc: Doc
    sentences: tuple[str, ...]
    headings: tuple[str, ...]
    retrieval: float = 0.0  # 0..1, 1 for the best-ranked article
    in_thread: bool = False


@dataclass(frozen=True)
class QueryTerm:
    """A stem retrieval looks for: its weight, and the stems of its paraphrase group."""

    stem: str
    weight: float
    related: frozenset[str] = frozenset()
    name: bool = False


@dataclass(frozen=True)
class Carried:
    """What a follow-up inherits from the turn before: its subject's names and words (stems)."""

    names: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    article_ids: tuple[int, ...] = ()
    question: str = ""  # the turn before's question, for comparing a follow-up by meaning


@dataclass(frozen=True)
class Scored:
    """A candidate sentence and how it scored."""

    article: int  # index into the evidence
    position: int
    text: str
    score: float
    coverage: float
    fit: float
    similarity: float | None = None  # to the question, with embeddings (None: not compared)


@dataclass(frozen=True)
class Ranked:
    """The answer, with what the service needs: the shapes asked, and the closest articles."""

    answer: Answer
    shapes: tuple[QuestionShape, ...]
    closest: tuple[int, ...] = ()  # article ids, best first (for "nothing answers that")
    best: tuple[Scored, ...] = field(default_factory=tuple)
    candidates: tuple[Scored, ...] = ()  # the best-ranked sentences, answer or not (for an LLM's prompt)


def idf_weights(total: int, counts: Mapping[str, int], stems: Sequence[str]) -> dict[str, float]:
    """Inverse document frequency of each stem over ``total`` passages (unseen stems weigh most)."""
    n = max(1, total)
    return {s: math.log(1.0 + n / (1 + counts.get(s, 0))) for s in stems}
