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
from dataclasses import dataclass, replace

from summarizer.answer_checks import (
    CLOSEST_PASSAGES,
    Named,
    article_words,
    missing_names,
    named_things,
    type_near,
)
from summarizer.answer_types import fits
from summarizer.briefing import CitationBook
from summarizer.evidence import AnswerTuning, Carried, Evidence, QueryTerm, Ranked, Scored
from summarizer.paraphrase import Lexicon
from summarizer.question_shape import QuestionShape, StemText, Want, shape, split_compound, tokens
from summarizer.standalone import opens_with_pronoun
from summarizer.tokens import STOPWORDS_EN
from summarizer.types import Answer, Claim, ReplyKind, Signal

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
                    name = term in found.names or term in found.subject
                    related = frozenset(s for s in self._lexicon.related(term) if "_" not in s)
                    terms[term] = QueryTerm(term, tuning.name_weight if name else 1.0, related, name)
            if carried and (found.leans_back or (found.subject and not found.names)):
                for term in carried.names:
                    weight = tuning.name_weight * tuning.carry_weight
                    terms.setdefault(term, QueryTerm(term, weight, frozenset(), True))
            if carried and found.borrows and carried.question:
                before = self.shape(carried.question)
                for term in before.terms:
                    if term not in before.names and term not in terms:
                        related = frozenset(s for s in self._lexicon.related(term) if "_" not in s)
                        terms[term] = QueryTerm(term, tuning.carry_weight, related, False)
        return list(terms.values())

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
        articles = [self._prepare(e) for e in evidence]
        shapes = tuple(self._resolve(self.shape(part), carried, articles) for part in parts)
        missing: list[str] = []
        per_part: list[list[Scored]] = []
        candidates: list[Scored] = []
        nearest: list[Scored] = []
        signals: list[Signal] = []
        unnamed = False
        words = _ArticleWords(articles, self._stem_text)
        previous = carried
        for part, found in zip(parts, shapes, strict=True):
            everything = self._rank(found, articles, idf, previous)
            candidates.extend(everything[: CANDIDATES // len(parts)])
            ranked = self._thread_first([s for s in everything if self._passes(s)], articles, found, previous)
            if self._unlike(ranked):
                ranked = []
            named = named_things(part, self._stem_text)
            if found.subject and not found.leans_back:
                named.append(Named(" ".join(found.subject), frozenset(found.subject)))
            picks, seen = self._checked(found, named, ranked, words)
            signals.extend(seen)
            if picks:
                per_part.append(picks)
            else:
                missing.append(part)
                nearest.extend(ranked[:CLOSEST_PASSAGES])
                unnamed = unnamed or _named_nowhere(named, words, len(articles))
            if len(parts) > 1 and found.names:  # "…, and who was his mentor?" leans on the first part
                previous = Carried(names=found.names, terms=(), article_ids=())
        signals.extend(_subject_signals(shapes, carried))
        chosen = _interleave(per_part, self.tuning.max_sentences)
        closest = self._closest(articles)
        book = CitationBook([a.evidence.doc for a in articles])
        if not chosen:
            passages = _distinct(nearest)[:CLOSEST_PASSAGES]
            if passages and not unnamed:
                claims = [Claim(s.text, (articles[s.article].evidence.doc.id,)) for s in passages]
                cited = tuple(book.cite(c) for c in claims)
                reply = Answer(question, cited, book.sources(), ReplyKind.CLOSEST, signals=tuple(signals))
                return Ranked(reply, shapes, closest, (), tuple(candidates))
            log.info("question not answered articles=%d", len(articles))
            note = "no stored article covers the question" if articles else "no matching passage"
            empty = Answer(question, (), (), ReplyKind.DECLINE, notes=(note,), signals=tuple(signals))
            return Ranked(empty, shapes, closest, (), tuple(candidates))
        claims = self._with_anchors(chosen[: self.tuning.max_sentences], articles)
        sentences = tuple(book.cite(c) for c in claims)
        notes = tuple(f"The articles do not say: {part}" for part in missing)
        answer = Answer(
            question,
            sentences,
            book.sources(),
            ReplyKind.ANSWER,
            notes=notes,
            signals=tuple(signals),
            score=chosen[0].score,
        )
        return Ranked(answer, shapes, closest, tuple(chosen), tuple(candidates))

    def _resolve(
        self, found: QuestionShape, carried: Carried | None, articles: Sequence[_Article]
    ) -> QuestionShape:
        """A follow-up naming a subject: a common noun the previous answer's articles hold ("what
        about the cost?") still carries that answer's subject; any other subject replaces it, and
        a bare "and the strike?" asks the turn before's question about it."""
        if not found.subject or carried is None:
            return found
        ids = set(carried.article_ids)
        own = [a for a in articles if a.evidence.doc.id in ids]
        if not found.names and own and all(any(s in a.everything for a in own) for s in found.subject):
            return replace(found, leans_back=True)
        # The subject named replaces the one before: it weighs, and must be found, as a name does.
        found = replace(found, names=tuple(dict.fromkeys((*found.names, *found.subject))))
        if not found.borrows or not carried.question:
            return found
        before = self.shape(carried.question)
        borrowed = tuple(t for t in before.terms if t not in before.names and t not in found.terms)
        return replace(
            found,
            text=f"{before.text} {found.text}",
            want=before.want,
            focus=tuple(f for f in before.focus if f not in found.terms),
            terms=(*found.terms, *borrowed),
            borrowed=borrowed,
        )

    def _checked(
        self, found: QuestionShape, named: Sequence[Named], ranked: Sequence[Scored], words: _ArticleWords
    ) -> tuple[list[Scored], list[Signal]]:
        """The answer's sentences, the answering one first (none when no candidate passes the
        checks), and the signals behind that."""
        tuning = self.tuning
        if not ranked:
            return [], [Signal("coverage", False, "no sentence covers enough of the question")]
        first: list[Signal] = []
        for candidate in ranked[: tuning.verify_depth]:
            if candidate.score < tuning.verify_ratio * ranked[0].score:
                break
            seen = self._signals(found, named, candidate, words)
            first = first or seen
            if all(s.passed for s in seen):
                picks = [candidate]
                first_held, first_asked = self._held(found, candidate, words, borrowed=True)
                least = min(tuning.further_words, first_held / first_asked if first_asked else 0.0)
                for other in ranked:
                    if (
                        len(picks) >= tuning.max_sentences
                        or other.score < tuning.follow_ratio * candidate.score
                    ):
                        break
                    if other in picks or any(_overlap(other.text, p.text) > _DUPLICATE for p in picks):
                        continue
                    # A further sentence adds to the answer only when it holds as many of the
                    # question's words as the answering one (or ``further_words`` of them), not
                    # just a figure or a name near some of them.
                    held, asked = self._held(found, other, words, borrowed=True)
                    adds = held >= least * asked
                    if adds and all(s.passed for s in self._signals(found, named, other, words)):
                        picks.append(other)
                return picks, seen
        return [], first

    def _signals(
        self, found: QuestionShape, named: Sequence[Named], candidate: Scored, words: _ArticleWords
    ) -> list[Signal]:
        absent = missing_names(named, words.of(candidate.article))
        own = words.sentence(candidate.article, candidate.position)
        if found.subject and not found.leans_back and own.isdisjoint(found.subject):
            absent.append(f"{' '.join(found.subject)} (the subject, in the sentence)")
        listed = ", ".join(n.surface for n in named) or "none asked"
        name_detail = f"not in the article: {', '.join(absent)}" if absent else f"found: {listed}"
        typed, type_detail = type_near(found, candidate.text, self._stem_text)
        coverage = candidate.coverage >= self.tuning.answer_min_coverage
        held, asked = self._held(found, candidate, words, borrowed=False)
        share = held / asked if asked else 1.0
        return [
            Signal("named", not absent, name_detail),
            Signal("type", typed, type_detail),
            Signal("coverage", coverage, f"{candidate.coverage:.2f} of the question covered"),
            Signal(
                "words",
                share >= self.tuning.answer_min_words,
                f"{held} of the question's {asked} words other than names in the sentence",
            ),
        ]

    def _held(
        self, found: QuestionShape, candidate: Scored, words: _ArticleWords, *, borrowed: bool
    ) -> tuple[int, int]:
        """How many of the question's words other than names the sentence itself holds (or a word
        of the same paraphrase group), of how many; ``borrowed``: the turn before's words count."""
        asked = [t for t in found.terms if t not in found.names and (borrowed or t not in found.borrowed)]
        own = words.sentence(candidate.article, candidate.position)
        held = [t for t in asked if t in own or not self._lexicon.related(t).isdisjoint(own)]
        return len(held), len(asked)

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
        for term in found.borrowed:
            weights[term] *= tuning.carry_weight
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
        if found.subject and not found.leans_back:  # "what about the ferry?": the thread's ferry story
            own = {i for i in own if all(s in articles[i].everything for s in found.subject)}
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

    def _with_anchors(self, chosen: Sequence[Scored], articles: Sequence[_Article]) -> list[Claim]:
        """The chosen sentences as claims, the answering one first; one opening with a pronoun is
        followed by the sentence it leans on, which says whom it means."""
        claims: list[Claim] = []
        seen: set[tuple[int, int]] = set()
        for s in chosen:
            evidence = articles[s.article].evidence
            if (s.article, s.position) not in seen:
                claims.append(Claim(s.text, (evidence.doc.id,)))
                seen.add((s.article, s.position))
            if opens_with_pronoun(s.text) and s.position > 0 and (s.article, s.position - 1) not in seen:
                before = evidence.sentences[s.position - 1]
                claims.append(Claim(before, (evidence.doc.id,)))
                seen.add((s.article, s.position - 1))
        return claims[: self.tuning.max_sentences]

    @staticmethod
    def _closest(articles: Sequence[_Article]) -> tuple[int, ...]:
        ordered = sorted(articles, key=lambda a: -a.evidence.retrieval)
        return tuple(a.evidence.doc.id for a in ordered)


class _ArticleWords:
    """Each evidence article's words and stems, built when a check first needs them."""

    def __init__(self, articles: Sequence[_Article], stem_text: StemText) -> None:
        self._articles = articles
        self._stem_text = stem_text
        self._words: dict[int, frozenset[str]] = {}

    def sentence(self, index: int, position: int) -> set[str]:
        """The stems of one sentence (with the names a leading pronoun stands for)."""
        return self._articles[index].stems[position]

    def of(self, index: int) -> frozenset[str]:
        if index not in self._words:
            evidence = self._articles[index].evidence
            self._words[index] = article_words((evidence.doc.title, *evidence.sentences), self._stem_text)
        return self._words[index]


def _named_nowhere(named: Sequence[Named], words: _ArticleWords, count: int) -> bool:
    """True when a named thing of the question is in none of the evidence's articles."""
    return any(all(n.forms.isdisjoint(words.of(i)) for i in range(count)) for n in named)


def _subject_signals(shapes: Sequence[QuestionShape], carried: Carried | None) -> list[Signal]:
    """Which subject a follow-up was taken to be about."""
    if carried is None:
        return []
    for found in shapes:
        if found.subject and not found.leans_back:
            return [Signal("subject", True, f"switched to: {' '.join(found.subject)}")]
        if found.leans_back and carried.names:
            return [Signal("subject", True, f"carried: {' '.join(carried.names)}")]
    return []


def _distinct(scored: Sequence[Scored]) -> list[Scored]:
    kept: list[Scored] = []
    for s in scored:
        same = any((s.article, s.position) == (k.article, k.position) for k in kept)
        if not same and not any(_overlap(s.text, k.text) > _DUPLICATE for k in kept):
            kept.append(s)
    return kept


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
