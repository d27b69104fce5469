"""The offline extractive scorer: position, centrality, title overlap, agreement and MMR.

One scorer serves single articles (``summarize``), stories of several articles
(``summarize_story``) and question answering (``passages``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from config.settings import SummarizerSettings
from summarizer.sentences import is_boilerplate, split_sentences
from summarizer.tokens import QUESTION_WORDS, TermCounter
from summarizer.types import Claim, Doc, Passage
from summarizer.vectors import Matrix, TfIdf, centrality, mmr_select, similarity

log = logging.getLogger(__name__)

CHARS_PER_SENTENCE = 600


@dataclass(frozen=True)
class _Unit:
    """One candidate sentence: its text, which document it is from, and where."""

    text: str
    doc: int
    position: int
    terms: list[str]
    eligible: bool


class ExtractiveSummarizer:
    """Scores sentences with the weights in ``SummarizerSettings``; pure, deterministic, CPU-only."""

    def __init__(self, settings: SummarizerSettings) -> None:
        self.settings = settings
        self._terms = TermCounter()

    @property
    def term_counter(self) -> TermCounter:
        """The stemming term counter this summarizer uses (shared with story clustering)."""
        return self._terms

    def summarize(self, text: str, *, title: str = "", standfirst: str = "", sentences: int = 3) -> list[str]:
        """Best `sentences` sentences, in article order."""
        units = self._units(text, doc=0)
        if not units or sentences <= 0:
            return []
        heading = self._terms.terms(f"{title} {standfirst}")
        relevance, sims, _ = self._relevance(units, [heading], sentences)
        chosen = mmr_select(relevance, sims, sentences, self.settings.mmr_lambda, self.settings.redundancy)
        return [units[i].text for i in sorted(chosen)]

    def summarize_story(self, docs: Sequence[Doc], *, sentences: int) -> list[Claim]:
        """The best sentences of a story, most important first, each citing every agreeing doc."""
        docs = list(docs)[: self.settings.story_max_docs]
        units: list[_Unit] = []
        for index, doc in enumerate(docs):
            units.extend(self._units(doc.text, doc=index, limit=self.settings.story_doc_sentences))
        if not units or sentences <= 0:
            return []
        headings = [self._terms.terms(f"{doc.title} {doc.standfirst}") for doc in docs]
        chosen, agreeing = self._select_story(units, headings, sentences)
        claims: list[Claim] = []
        for i in chosen:
            ids = [docs[units[i].doc].id]
            ids.extend(docs[d].id for d in sorted(agreeing[i]) if docs[d].id not in ids)
            claims.append(Claim(text=units[i].text, article_ids=tuple(ids)))
        return claims

    def passages(self, question: str, docs: Sequence[Doc], *, k: int) -> list[Passage]:
        """Sentences that cover the question's content words, best first, with coverage scores.

        A passage's score is the idf-weighted share of the question's content terms found in the
        sentence (neighbouring sentences and the article title count half).
        """
        wanted = [t for t in dict.fromkeys(self._terms.terms(question)) if t not in QUESTION_WORDS]
        if not wanted or k <= 0:
            return []
        per_doc = max(5, self.settings.max_sentences // max(1, len(docs)))
        units: list[_Unit] = []
        for index, doc in enumerate(docs):
            units.extend(self._units(doc.text, doc=index, limit=per_doc))
        if not units:
            return []
        idf = TfIdf([u.terms for u in units])
        weights = {t: idf.weight(t) for t in wanted}
        total = sum(weights.values())
        titles = [set(self._terms.terms(doc.title)) for doc in docs]
        scored: list[tuple[float, float, int]] = []
        for i, unit in enumerate(units):
            if not unit.eligible:
                continue
            own = set(unit.terms)
            near = set(titles[unit.doc])
            for j in (i - 1, i + 1):
                if 0 <= j < len(units) and units[j].doc == unit.doc:
                    near.update(units[j].terms)
            covered = sum(w if t in own else 0.5 * w if t in near else 0.0 for t, w in weights.items())
            if covered > 0:
                scored.append((covered / total, -unit.position, i))
        scored.sort(key=lambda row: (-row[0], -row[1], row[2]))
        out: list[Passage] = []
        seen: set[str] = set()
        for score, _, i in scored:
            key = units[i].text.lower()
            if key in seen:
                continue
            seen.add(key)
            out.append(Passage(text=units[i].text, article_id=docs[units[i].doc].id, score=score))
            if len(out) == k:
                break
        return out

    def _units(self, text: str, *, doc: int, limit: int | None = None) -> list[_Unit]:
        cap = self.settings.max_sentences if limit is None else limit
        # A sentence is at most ~MAX_SENTENCE_WORDS words, so this prefix holds the first `cap`.
        raw = split_sentences(text[: cap * CHARS_PER_SENTENCE])
        if len(raw) > cap:
            log.debug("sentences capped count=%d cap=%d", len(raw), cap)
            raw = raw[:cap]
        units: list[_Unit] = []
        min_words = self.settings.min_sentence_words
        for position, sentence in enumerate(raw):
            terms = self._terms.terms(sentence)
            long_enough = len(sentence.split()) >= min_words or len(terms) >= min_words
            eligible = bool(terms) and long_enough and not is_boilerplate(sentence)
            units.append(_Unit(sentence, doc, position, terms, eligible))
        if not any(u.eligible for u in units):
            # Only fragments: fall back to whatever has words; page furniture is never a summary.
            units = [
                _Unit(u.text, u.doc, u.position, u.terms, bool(u.terms) and not is_boilerplate(u.text))
                for u in units
            ]
        return [u for u in units if u.eligible]

    def _relevance(
        self, units: list[_Unit], headings: list[list[str]], budget: int
    ) -> tuple[Matrix, Matrix, TfIdf]:
        settings = self.settings
        idf = TfIdf([u.terms for u in units])
        matrix = idf.matrix([u.terms for u in units])
        sims = similarity(matrix)
        positions = np.array([u.position for u in units], dtype=np.float64)
        position = 0.5 ** (positions / self._half_life(budget, len(units)))
        heading_vectors = idf.matrix(headings)
        doc_index = np.array([u.doc for u in units])
        title = np.einsum("ij,ij->i", matrix, heading_vectors[doc_index])
        relevance = (
            settings.position_weight * position
            + settings.centrality_weight * centrality(sims)
            + settings.title_weight * title
        )
        if settings.long_sentence_words:
            # Long sentences crowd out others within a sentence budget: scale them down.
            sizes = np.array([len(u.text.split()) for u in units], dtype=np.float64)
            relevance = relevance * np.minimum(1.0, settings.long_sentence_words / sizes)
        return relevance, sims, idf

    def _half_life(self, budget: int, size: int) -> float:
        """Position half-life, stretched when the budget asks for a large share of the sentences.

        A short summary of a long article should come from its lead; a summary asked to keep
        much of the article should follow centrality instead, so position fades as the share grows.
        """
        settings = self.settings
        share = min(1.0, budget / max(1, size))
        stretch = math.pow(max(1.0, share / settings.position_share), settings.position_share_exponent)
        return settings.position_half_life * stretch

    def _select_story(
        self, units: list[_Unit], headings: list[list[str]], count: int
    ) -> tuple[list[int], list[set[int]]]:
        relevance, sims, _ = self._relevance(units, headings, count)
        doc_index = np.array([u.doc for u in units])
        n_docs = int(doc_index.max()) + 1
        close = (sims >= self.settings.agreement_similarity).astype(np.float64)
        membership = np.zeros((len(units), n_docs))
        membership[np.arange(len(units)), doc_index] = 1.0
        hits = (close @ membership) > 0
        hits[np.arange(len(units)), doc_index] = False
        agreeing = [set(np.flatnonzero(row).tolist()) for row in hits]
        if n_docs > 1:
            support = np.array([len(a) for a in agreeing], dtype=np.float64) / (n_docs - 1)
            relevance = relevance + self.settings.agreement_weight * support
        # Sentences that agree with a chosen one say the same thing: treat them as repeats.
        repeat = min(self.settings.redundancy, self.settings.agreement_similarity)
        chosen = mmr_select(relevance, sims, count, self.settings.mmr_lambda, repeat)
        return chosen, agreeing
