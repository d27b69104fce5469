"""The offline extractive scorer: position, centrality, title and heading overlap, agreement, MMR.

One scorer serves single articles (``summarize_doc``), stories of several articles
(``summarize_story``) and question answering (``passages``). Sentences come only from an
article's paragraphs and quotes (``Doc.body``); a heading adds to the score of the sentences under
it, and a sentence opening with a pronoun is only chosen with the one that names whom it means.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from blocks import paragraph_blocks
from summarizer.facts import without_repeats
from summarizer.tokens import QUESTION_WORDS, TermCounter
from summarizer.tuning import SummaryTuning
from summarizer.types import Block, Claim, Doc, Passage, Role
from summarizer.units import Unit, article_units
from summarizer.vectors import Matrix, TfIdf, centrality, mmr_select, similarity


def text_doc(text: str, *, title: str = "", standfirst: str = "") -> Doc:
    """A doc for a text of unknown structure: every blank-line paragraph is a paragraph."""
    head = [Block(Role.TITLE, title)] if title else []
    return Doc(0, title, text, standfirst=standfirst, blocks=(*head, *paragraph_blocks(text)))


class ExtractiveSummarizer:
    """Scores sentences with the weights in ``SummaryTuning``; pure, deterministic, CPU-only."""

    def __init__(self, settings: SummaryTuning) -> None:
        self.settings = settings
        self._terms = TermCounter()

    @property
    def term_counter(self) -> TermCounter:
        """The stemming term counter this summarizer uses (shared with story clustering)."""
        return self._terms

    def summarize(self, text: str, *, title: str = "", standfirst: str = "", sentences: int = 3) -> list[str]:
        """Best ``sentences`` sentences of a plain text, in article order."""
        return self.summarize_doc(text_doc(text, title=title, standfirst=standfirst), sentences=sentences)

    def summarize_doc(self, doc: Doc, *, sentences: int = 3) -> list[str]:
        """Best ``sentences`` sentences of one article, in article order."""
        units = self._units([doc])
        if not units or sentences <= 0:
            return []
        heading = self._terms.terms(f"{doc.title} {doc.standfirst}")
        relevance, sims = self._relevance(units, [heading], sentences)
        chosen = self._select(units, relevance, sims, sentences, self.settings.redundancy)
        return [units[i].text for i in sorted(chosen)]

    def summarize_story(self, docs: Sequence[Doc], *, sentences: int) -> list[Claim]:
        """The best sentences of a story, each citing every agreeing doc.

        A story told by one article reads in the article's order; several articles' sentences
        come most important first. A sentence leaning on an earlier one comes right after it.
        """
        docs = list(docs)[: self.settings.story_max_docs]
        units = self._units(docs, limit=self.settings.story_doc_sentences)
        if not units or sentences <= 0:
            return []
        headings = [self._terms.terms(f"{doc.title} {doc.standfirst}") for doc in docs]
        chosen, agreeing = self._select_story(units, headings, sentences)
        if len(docs) == 1:
            chosen = sorted(chosen)
        claims: list[Claim] = []
        for i in chosen:
            ids = [docs[units[i].doc].id]
            ids.extend(docs[d].id for d in sorted(agreeing[i]) if docs[d].id not in ids)
            claims.append(Claim(text=units[i].text, article_ids=tuple(ids)))
        return without_repeats(claims)

    def passages(self, question: str, docs: Sequence[Doc], *, k: int) -> list[Passage]:
        """Sentences that cover the question's content words, best first, with coverage scores.

        A passage's score is the idf-weighted share of the question's content terms found in the
        sentence (neighbouring sentences, its heading and the article title count half).
        """
        wanted = [t for t in dict.fromkeys(self._terms.terms(question)) if t not in QUESTION_WORDS]
        if not wanted or k <= 0:
            return []
        per_doc = max(5, self.settings.max_sentences // max(1, len(docs)))
        units = self._units(docs, limit=per_doc)
        if not units:
            return []
        idf = TfIdf([u.terms for u in units])
        weights = {t: idf.weight(t) for t in wanted}
        total = sum(weights.values())
        titles = [set(self._terms.terms(doc.title)) for doc in docs]
        scored: list[tuple[float, float, int]] = []
        for i, unit in enumerate(units):
            own = set(unit.terms)
            near = titles[unit.doc] | set(self._terms.terms(unit.heading))
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

    def _units(self, docs: Sequence[Doc], *, limit: int | None = None) -> list[Unit]:
        """Candidate sentences of all docs, their anchors renumbered into the one list."""
        units: list[Unit] = []
        for index, doc in enumerate(docs):
            offset = len(units)
            for unit in article_units(doc, index, self._terms, self.settings, limit=limit):
                units.append(replace(unit, anchors=tuple(a + offset for a in unit.anchors)))
        return units

    def _relevance(
        self, units: list[Unit], headings: list[list[str]], budget: int | None
    ) -> tuple[Matrix, Matrix]:
        """Each unit's score, and the units' similarities. ``budget`` is the sentences asked for,
        against the units there are; None when the summary is short whatever the budget (a story:
        its articles are read only up to ``story_doc_sentences``)."""
        settings = self.settings
        idf = TfIdf([u.terms for u in units])
        matrix = idf.matrix([u.terms for u in units])
        sims = similarity(matrix)
        if budget is None:  # a story: its top paragraphs tell what happened and what followed
            paragraphs = np.array([u.paragraph for u in units], dtype=np.float64)
            position = settings.story_position_weight * 0.5 ** (
                paragraphs / settings.story_paragraph_half_life
            )
        else:
            positions = np.array([u.position for u in units], dtype=np.float64)
            position = settings.position_weight * 0.5 ** (positions / self._half_life(budget, len(units)))
        heading_vectors = idf.matrix(headings)
        doc_index = np.array([u.doc for u in units])
        title = np.einsum("ij,ij->i", matrix, heading_vectors[doc_index])
        relevance = position + settings.centrality_weight * centrality(sims) + settings.title_weight * title
        if settings.heading_weight:
            relevance = relevance + settings.heading_weight * self._section_overlap(units, matrix, idf)
        if settings.long_sentence_words:
            # Long sentences crowd out others within a sentence budget: scale them down.
            sizes = np.array([len(u.text.split()) for u in units], dtype=np.float64)
            relevance = relevance * np.minimum(1.0, settings.long_sentence_words / sizes)
        return relevance, sims

    def _section_overlap(self, units: list[Unit], matrix: Matrix, idf: TfIdf) -> Matrix:
        """Each sentence's similarity to the heading of its section (0 outside any section)."""
        names = sorted({u.heading for u in units if u.heading})
        if not names:
            return np.zeros(len(units))
        vectors = idf.matrix([self._terms.terms(name) for name in names])
        row = {name: i for i, name in enumerate(names)}
        out = np.zeros(len(units))
        for i, unit in enumerate(units):
            if unit.heading:
                out[i] = float(matrix[i] @ vectors[row[unit.heading]])
        return out

    def _half_life(self, budget: int, size: int) -> float:
        """Position half-life, stretched when the budget asks for a large share of the sentences.

        A short summary of a long article should come from its lead; a summary asked to keep
        much of the article should follow centrality instead, so position fades as the share grows.
        """
        settings = self.settings
        share = min(1.0, budget / max(1, size))
        stretch = math.pow(max(1.0, share / settings.position_share), settings.position_share_exponent)
        return settings.position_half_life * stretch

    def _select(
        self, units: list[Unit], relevance: Matrix, sims: Matrix, count: int, repeat: float
    ) -> list[int]:
        requires = [u.anchors for u in units]
        return mmr_select(relevance, sims, count, self.settings.mmr_lambda, repeat, requires)

    def _select_story(
        self, units: list[Unit], headings: list[list[str]], count: int
    ) -> tuple[list[int], list[set[int]]]:
        relevance, sims = self._relevance(units, headings, None)
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
        return self._compose(units, relevance, sims, count, repeat), agreeing

    def _compose(
        self, units: list[Unit], relevance: Matrix, sims: Matrix, count: int, repeat: float
    ) -> list[int]:
        """A story of three or more sentences: what happened and what followed from it, then who
        reacted, in one quotation that names its speaker, last. A quotation leaning on the
        sentence before it ("It was tired," said…) only fits in five sentences or more. Shorter
        stories, and stories where nobody named is quoted, are chosen on merit alone."""
        room = count - 3 if count >= 5 else 0  # sentences a quotation may lean on
        reactions = [i for i, u in enumerate(units) if u.named and len(u.anchors) <= room]
        if count < 3 or not reactions:
            return self._select(units, relevance, sims, count, repeat)
        best = max(reactions, key=lambda i: (not units[i].anchors, float(relevance[i]), -i))
        said = [*units[best].anchors, best]
        facts = [
            i
            for i, u in enumerate(units)
            if i not in said and not u.reaction and not any(a in said or units[a].reaction for a in u.anchors)
        ]
        local = {unit: at for at, unit in enumerate(facts)}
        picks = np.array(facts, dtype=np.intp)
        requires = [tuple(local[a] for a in units[i].anchors) for i in facts]
        lam = self.settings.mmr_lambda
        chosen = mmr_select(
            relevance[picks], sims[np.ix_(picks, picks)], count - len(said), lam, repeat, requires
        )
        return [facts[at] for at in chosen] + said
