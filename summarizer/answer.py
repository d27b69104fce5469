"""The offline answerer: one to three cited sentences that answer a question, the best first, or
an honest "the articles do not say".

It ranks the sentences of the articles retrieval found. A sentence scores by how much of the
question it covers (idf-weighted stems; a word of the same paraphrase group counts less, the
sentences around it, its heading and the article's title count less again), by whether it holds
the kind of answer asked for (a figure, a date, a place, a reason…), and a little by its
article's retrieval rank, a place in the thread the question continues, and its place in the
article. A follow-up that leans on the turn before ("how old is he?") carries that turn's subject,
and a question in a thread is answered from the thread's own articles when one of them answers
nearly as well as the best of the store.
When no sentence covers enough of the question, nothing is guessed.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from summarizer.answer_types import fits
from summarizer.briefing import CitationBook
from summarizer.evidence import AnswerTuning, Carried, Evidence, QueryTerm, Ranked, Scored
from summarizer.paraphrase import Lexicon
from summarizer.question_shape import QuestionShape, StemText, Want, shape, split_compound, tokens
from summarizer.standalone import opens_with_pronoun
from summarizer.tokens import STOPWORDS_EN
from summarizer.types import Answer, Claim

log = logging.getLogger(__name__)

Similarity = Callable[[str, Sequence[str]], list[float]]


@dataclass
class _Article:
    evidence: Evidence
    stems: list[set[str]]
    everything: set[str]
    title: set[str]


_DUPLICATE = 0.6
CANDIDATES = 8


_PLAIN_WORD = re.compile(r"[^\W_]+")  # as the index splits words: "Skarholm's" is two


def _stem_set(text: str, stem_text: StemText) -> set[str]:
    words = [w.lower() for w in _PLAIN_WORD.findall(text)]
    stems = stem_text(" ".join(words)) if words else []
    found = {s for w, s in zip(words, stems, strict=False) if w not in STOPWORDS_EN}
    found.update(f"{a}_{b}" for a, b in itertools.pairwise(stems))
    return found


class Answerer:
    """Answers questions from retrieved articles; pure and deterministic for given inputs."""

    def __init__(
        self,
        stem_text: StemText,
        *,
        tuning: AnswerTuning | None = None,
        lexicon: Lexicon | None = None,
        similarity: Similarity | None = None,
    ) -> None:
        self._stem_text = stem_text
        self.tuning = tuning or AnswerTuning()
        self._lexicon = lexicon or Lexicon(stem_text)
        self._similarity = similarity

    def shape(self, question: str) -> QuestionShape:
        return shape(question, self._stem_text)

    def query_terms(self, question: str, carried: Carried | None = None) -> list[QueryTerm]:
        """What to search the passage index for: the question's stems (names weigh more), each
        with its paraphrases, and a follow-up's carried subject."""
        tuning = self.tuning
        terms: dict[str, QueryTerm] = {}
        for part in split_compound(question):
            found = self.shape(part)
            for term in found.terms:
                if term not in terms:
                    name = term in found.names
                    related = frozenset(s for s in self._lexicon.related(term) if "_" not in s)
                    terms[term] = QueryTerm(term, tuning.name_weight if name else 1.0, related, name)
            if carried and found.leans_back:
                for term in carried.names:
                    weight = tuning.name_weight * tuning.carry_weight
                    terms.setdefault(term, QueryTerm(term, weight, frozenset(), True))
        return list(terms.values())

    def query_stems(self, question: str, carried: Carried | None = None) -> list[str]:
        """Every stem :meth:`query_terms` searches for, paraphrases included, once each."""
        stems: list[str] = []
        for term in self.query_terms(question, carried):
            stems.append(term.stem)
            stems.extend(sorted(term.related))
        return list(dict.fromkeys(stems))

    def answer(
        self,
        question: str,
        evidence: Sequence[Evidence],
        *,
        idf: Mapping[str, float],
        carried: Carried | None = None,
    ) -> Ranked:
        """Rank the evidence's sentences for ``question`` and compose the answer."""
        parts = split_compound(question)
        shapes = tuple(self.shape(part) for part in parts)
        articles = [self._prepare(e) for e in evidence]
        missing: list[str] = []
        per_part: list[list[Scored]] = []
        candidates: list[Scored] = []
        previous = carried
        for part, found in zip(parts, shapes, strict=True):
            everything = self._rank(found, articles, idf, previous)
            candidates.extend(everything[: CANDIDATES // len(parts)])
            ranked = self._thread_first([s for s in everything if self._passes(s)], articles, found, previous)
            if self._unlike(ranked):
                ranked = []
            if not ranked:
                missing.append(part)
            else:
                per_part.append(self._pick(ranked, articles, limit=self.tuning.max_sentences))
            if len(parts) > 1 and found.names:  # "…, and who was his mentor?" leans on the first part
                previous = Carried(names=found.names, terms=(), article_ids=())
        chosen = _interleave(per_part, self.tuning.max_sentences)
        closest = self._closest(articles)
        docs = [a.evidence.doc for a in articles]
        if not chosen:
            log.info("question not answered articles=%d", len(articles))
            note = "no stored article covers the question" if articles else "no matching passage"
            empty = Answer(question=question, sentences=(), sources=(), answered=False, notes=(note,))
            return Ranked(empty, shapes, closest, (), tuple(candidates))
        book = CitationBook(docs)
        claims = self._with_anchors(chosen[: self.tuning.max_sentences], articles)
        sentences = tuple(book.cite(c) for c in claims)
        notes = tuple(f"The articles do not say: {part}" for part in missing)
        answer = Answer(
            question=question, sentences=sentences, sources=book.sources(), answered=True, notes=notes
        )
        return Ranked(answer, shapes, closest, tuple(chosen), tuple(candidates))

    def _prepare(self, evidence: Evidence) -> _Article:
        stems = [_stem_set(s, self._stem_text) for s in evidence.sentences]
        # "He will be replaced by…" is about whom the sentence before named: it holds those names.
        for position in range(len(stems) - 1, 0, -1):
            if opens_with_pronoun(evidence.sentences[position]):
                named = names_in(evidence.sentences[position - 1])
                if named:
                    stems[position] = stems[position] | _stem_set(" ".join(named), self._stem_text)
        title = _stem_set(evidence.doc.title, self._stem_text)
        everything = set(title).union(*stems) if stems else set(title)
        return _Article(evidence, stems, everything, title)

    def _weights(
        self, found: QuestionShape, idf: Mapping[str, float], carried: Carried | None
    ) -> dict[str, float]:
        tuning = self.tuning
        default = max(idf.values(), default=1.0)
        weights: dict[str, float] = {}
        for term in found.terms:
            weight = idf.get(term, default)
            weights[term] = weight * (tuning.name_weight if term in found.names else 1.0)
        if carried is not None and found.leans_back:
            for term in carried.names:
                if term not in weights:
                    weights[term] = idf.get(term, default) * tuning.name_weight * tuning.carry_weight
        return weights

    def _rank(
        self,
        found: QuestionShape,
        articles: Sequence[_Article],
        idf: Mapping[str, float],
        carried: Carried | None,
    ) -> list[Scored]:
        tuning = self.tuning
        weights = self._weights(found, idf, carried)
        total = sum(weights.values())
        if not total:
            return []
        related = {term: self._lexicon.related(term) for term in weights}
        names = set(found.names) | (set(carried.names) if carried is not None and found.leans_back else set())
        carried_ids = set(carried.article_ids) if carried is not None and found.leans_back else set()
        scored: list[Scored] = []
        for index, article in enumerate(articles):
            heading_stems = [_stem_set(h, self._stem_text) if h else set() for h in article.evidence.headings]
            for position, own in enumerate(article.stems):
                near = set(article.title)
                if heading_stems:
                    near |= heading_stems[position]
                low, high = max(0, position - tuning.context_span), position + tuning.context_span + 1
                for other in article.stems[low:high]:
                    near |= other
                covered = 0.0
                for term, weight in weights.items():
                    others = related[term]
                    if term in own:
                        level = 1.0
                    elif others & own:
                        level = tuning.related_weight
                    elif term in near:
                        level = tuning.name_context_weight if term in names else tuning.context_weight
                    elif others & near:
                        level = tuning.related_context_weight
                    elif term in article.everything:
                        level = tuning.name_article_weight if term in names else tuning.article_weight
                    else:
                        level = 0.0
                    covered += weight * level
                coverage = covered / total
                text = article.evidence.sentences[position]
                fit = fits(found.want, text, found.text, found.numbers)
                focus = self._focus_held(found.focus, own)
                if found.want is Want.ENTITY and focus >= 1.0:  # "which contract": "a $23bn contract"
                    fit = max(fit, tuning.focus_entity_fit)
                score = (
                    coverage
                    + tuning.type_weight * fit
                    + tuning.focus_weight * focus
                    + tuning.retrieval_weight * article.evidence.retrieval
                    + tuning.thread_weight
                    * (article.evidence.in_thread or article.evidence.doc.id in carried_ids)
                    + tuning.lead_weight * 0.5 ** (position / 4)
                )
                scored.append(Scored(index, position, text, score, coverage, fit))
        scored.sort(key=lambda s: (-s.score, s.article, s.position))
        if self._similarity is not None and tuning.similarity_weight and scored:
            # "How long will it be on show?" means something only with the question before it.
            leaning = carried is not None and found.leans_back and carried.question
            query = f"{carried.question} {found.text}" if leaning and carried else found.text
            scored = self._rerank(query, scored)
        return scored

    def _thread_first(
        self,
        ranked: list[Scored],
        articles: Sequence[_Article],
        found: QuestionShape,
        carried: Carried | None,
    ) -> list[Scored]:
        """The passing sentences of the thread's own articles, when one of them scores near the
        best: "how much did it cost?" under a briefing asks about its stories, not the store's.
        An article naming the subject a follow-up carries ("and what did she warn?") may be the
        thread's story told elsewhere, and competes on merit."""
        leaning = carried if carried is not None and found.leans_back else None
        carried_ids = set(leaning.article_ids) if leaning is not None else set()
        subject = set(leaning.names) if leaning is not None else set()
        own = {
            index
            for index, article in enumerate(articles)
            if article.evidence.in_thread
            or article.evidence.doc.id in carried_ids
            or not subject.isdisjoint(article.everything)
        }
        mine = [s for s in ranked if s.article in own]
        if mine and ranked and mine[0].score >= self.tuning.thread_keep * ranked[0].score:
            return mine
        return ranked

    def _focus_held(self, focus: Sequence[str], own: set[str]) -> float:
        """1 when the sentence names what is asked for ("which charities": a charity), less for a
        word of the same paraphrase group, 0 otherwise."""
        held = 0.0
        for stem in focus:
            if stem in own:
                return 1.0
            if not self._lexicon.related(stem).isdisjoint(own):
                held = self.tuning.related_weight
        return held

    def _rerank(self, query: str, scored: list[Scored]) -> list[Scored]:
        assert self._similarity is not None
        head = scored[: self.tuning.similarity_depth]
        sims = self._similarity(query, [s.text for s in head])
        weight = self.tuning.similarity_weight
        boosted = [
            Scored(
                s.article,
                s.position,
                s.text,
                s.score + weight * sim,
                s.coverage + weight * max(0.0, sim),
                s.fit,
                sim,
            )
            for s, sim in zip(head, sims, strict=True)
        ]
        boosted.sort(key=lambda s: (-s.score, s.article, s.position))
        return boosted + scored[self.tuning.similarity_depth :]

    def _passes(self, scored: Scored) -> bool:
        tuning = self.tuning
        if scored.fit >= 1.0:
            return scored.coverage >= tuning.typed_min_coverage
        return scored.coverage >= tuning.min_coverage

    def _unlike(self, ranked: Sequence[Scored]) -> bool:
        """With embeddings: True when no sentence that passed is even a little like the question."""
        if self._similarity is None or not self.tuning.similarity_weight:
            return False
        return max((s.similarity for s in ranked if s.similarity is not None), default=-1.0) < (
            self.tuning.min_similarity
        )

    def _pick(self, ranked: Sequence[Scored], articles: Sequence[_Article], *, limit: int) -> list[Scored]:
        best = ranked[0]
        picks = [best]
        for candidate in ranked[1:]:
            if len(picks) >= limit or candidate.score < self.tuning.follow_ratio * best.score:
                break
            if any(_overlap(candidate.text, p.text) > _DUPLICATE for p in picks):
                continue
            picks.append(candidate)
        return picks

    def _with_anchors(self, chosen: Sequence[Scored], articles: Sequence[_Article]) -> list[Claim]:
        """The chosen sentences as claims; one opening with a pronoun comes after the sentence it
        leans on, so that it reads on its own."""
        claims: list[Claim] = []
        seen: set[tuple[int, int]] = set()
        for s in chosen:
            evidence = articles[s.article].evidence
            if opens_with_pronoun(s.text) and s.position > 0 and (s.article, s.position - 1) not in seen:
                before = evidence.sentences[s.position - 1]
                claims.append(Claim(before, (evidence.doc.id,)))
                seen.add((s.article, s.position - 1))
            if (s.article, s.position) not in seen:
                claims.append(Claim(s.text, (evidence.doc.id,)))
                seen.add((s.article, s.position))
        return claims[: self.tuning.max_sentences]

    @staticmethod
    def _closest(articles: Sequence[_Article]) -> tuple[int, ...]:
        ordered = sorted(articles, key=lambda a: -a.evidence.retrieval)
        return tuple(a.evidence.doc.id for a in ordered)


def _interleave(per_part: Sequence[Sequence[Scored]], limit: int) -> list[Scored]:
    """Each part's best sentence first, then the parts' next best in turn, up to ``limit``."""
    chosen: list[Scored] = []
    depth = max((len(p) for p in per_part), default=0)
    for rank in range(depth):
        for picks in per_part:
            if rank < len(picks) and len(chosen) < limit and picks[rank] not in chosen:
                chosen.append(picks[rank])
    return chosen


def _overlap(first: str, second: str) -> float:
    a, b = set(first.lower().split()), set(second.lower().split())
    return len(a & b) / max(1, min(len(a), len(b)))


def names_in(text: str) -> list[str]:
    """Capitalised words past the first: the names a sentence mentions (surface forms)."""
    words = tokens(text)
    return [w for i, w in enumerate(words) if i > 0 and w[:1].isupper() and not re.match(r"^\d", w)]
