"""Finding the evidence for a question: BM25 over the passages index, the thread's own articles
first, then the whole store; then every passage of the articles found, for the answerer.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.docs import to_docs
from store.passages import ArticleTerms, PassageHit
from store.search.stemming import TextStemmer, words
from store.store import Store
from summarizer.evidence import Evidence, QueryTerm, idf_weights
from summarizer.question_shape import StemText

log = logging.getLogger(__name__)
THREAD_BONUS = 1.25  # a thread's own article ranks as if it held this much more of the question
# An article's score: its BM25 (against the best article's), plus the share of the question's names
# it holds, plus the share of all the question's words it holds close together (each idf-weighted).
NAMES_WEIGHT = 0.5
COVERAGE_WEIGHT = 0.3
RELATED = 0.5  # a word of the same paraphrase group, against the word itself
TITLE_BONUS = 0.2  # a question's word in the title says more about which story than one in the text
RARE_HITS = 30  # passages searched for each rare word on its own
RARE_MIN_PASSAGES = 50
SPREAD = 0.3  # of an article's score, the words it holds anywhere (the rest: held close together)
RARE_SHARE = 0.005  # a word in at most this share of passages (or RARE_MIN_PASSAGES) is rare


@dataclass(frozen=True)
class Gathered:
    """The evidence for one question and the idf weights of its stems."""

    evidence: tuple[Evidence, ...]
    idf: dict[str, float]


def stem_text(stemmer: TextStemmer) -> StemText:
    """The project's one stemmer as the answerer takes it: text in, stems of its words out."""

    def stems(text: str) -> list[str]:
        return stemmer.stem_words(words(text))

    return stems


def _article_scores(hits: Sequence[PassageHit]) -> dict[int, float]:
    """An article's score: its best passage, plus a little for each further matching passage."""
    by_article: defaultdict[int, list[float]] = defaultdict(list)
    for hit in hits:
        by_article[hit.article_id].append(hit.score)
    return {a: max(s) + 0.25 * sum(sorted(s, reverse=True)[1:3]) for a, s in by_article.items()}


@dataclass(frozen=True)
class RetrievalTuning:
    """How many candidates a question's search gathers (tuned on the question set's dev split)."""

    search_passages: int = 150  # passages BM25 hands to the answerer
    candidate_articles: int = 8  # of the whole store, besides the thread's
    # Articles BM25 proposes (besides those of the question's rarest words) before they are ranked
    # by how much of the question they hold.
    candidate_pool: int = 40
    rare_terms: int = 3  # the question's rarest words, each searched alone


class Retriever:
    """Gathers evidence from the store for the answerer."""

    def __init__(self, store: Store, tuning: RetrievalTuning | None = None) -> None:
        self._store = store
        self._tuning = tuning or RetrievalTuning()

    async def gather(
        self,
        terms: Sequence[QueryTerm],
        *,
        thread_articles: Sequence[int] = (),
        carried: Sequence[int] = (),
    ) -> Gathered:
        """Evidence for a question searched by ``terms``: the thread's matching articles and the
        best of the store, each with all its passages' sentences.

        Candidates come from BM25 over every stem and from each of the question's rarest words on
        its own (so that a name found in one passage is not crowded out by articles that repeat
        common words); they are then ranked by how much of the question they hold, idf-weighted.
        """
        passages = self._store.passages
        settings = self._tuning
        stems = _all_stems(terms)
        total, counts = await passages.document_counts(stems)
        idf = idf_weights(total, counts, stems)
        found = await passages.search(stems, limit=settings.search_passages)
        bm25 = _article_scores(found)
        pool = sorted(bm25, key=lambda a: -bm25[a])[: settings.candidate_pool]
        for term in _rare(terms, counts, total, settings.rare_terms):
            pool.extend(h.article_id for h in await passages.search([term.stem], limit=RARE_HITS))
        in_thread: set[int] = set()
        if thread_articles:
            own = await passages.search(stems, limit=settings.search_passages, within=thread_articles)
            for article, score in _article_scores(own).items():
                bm25[article] = max(bm25.get(article, 0.0), score)
                in_thread.add(article)
        in_thread.update(carried)  # the article the previous answer came from stays in view
        pool = list(dict.fromkeys([*in_thread, *pool]))
        held = await passages.article_terms(pool)
        best_bm25 = max(bm25.values(), default=0.0) or 1.0
        scores = {
            a: max(0.0, bm25.get(a, 0.0)) / best_bm25
            + NAMES_WEIGHT * _names_held(terms, held[a], idf)
            + COVERAGE_WEIGHT * _coverage(terms, held[a], idf)
            for a in pool
            if a in held
        }
        for article in in_thread:
            if article in scores:
                scores[article] *= THREAD_BONUS
        ranked = sorted(scores, key=lambda a: -scores[a])
        keep = [a for a in ranked if a in in_thread][: settings.candidate_articles * 2]
        keep += [a for a in ranked if a not in in_thread][: settings.candidate_articles]
        if not keep:
            return Gathered((), idf)
        evidence = await self._evidence(keep, scores, in_thread)
        log.debug("evidence stems=%d hits=%d articles=%d", len(stems), len(found), len(evidence))
        return Gathered(tuple(evidence), idf)

    async def _evidence(
        self, keep: Sequence[int], scores: dict[int, float], in_thread: set[int]
    ) -> list[Evidence]:
        candidates = {c.article.id: c for c in await self._store.articles.get_many(keep)}
        stored = await self._store.passages.of_articles(keep)
        sentences: defaultdict[int, list[str]] = defaultdict(list)
        headings: defaultdict[int, list[str]] = defaultdict(list)
        for passage in stored:
            sentences[passage.article_id].extend(passage.sentences)
            headings[passage.article_id].extend([passage.heading] * len(passage.sentences))
        best = max((scores[a] for a in keep), default=0.0) or 1.0
        evidence = []
        for article in keep:
            if article not in candidates or not sentences[article]:
                continue
            (doc,) = to_docs([candidates[article]])
            evidence.append(
                Evidence(
                    doc=doc,
                    sentences=tuple(sentences[article]),
                    headings=tuple(headings[article]),
                    retrieval=max(0.0, scores[article]) / best,
                    in_thread=article in in_thread,
                )
            )
        return evidence


def merged(parts: Sequence[Gathered]) -> Gathered:
    """The evidence of several searches as one: each article once, in the order first found, with
    its best retrieval score; the parts' idf weights together."""
    if len(parts) == 1:
        return parts[0]
    evidence: dict[int, Evidence] = {}
    idf: dict[str, float] = {}
    for rank in range(max((len(p.evidence) for p in parts), default=0)):
        for part in parts:  # the parts' best articles first, in turn
            if rank < len(part.evidence):
                found = part.evidence[rank]
                kept = evidence.get(found.doc.id)
                if kept is None or kept.retrieval < found.retrieval:
                    evidence[found.doc.id] = found
    for part in parts:
        idf.update(part.idf)
    return Gathered(tuple(evidence.values()), idf)


def _all_stems(terms: Sequence[QueryTerm]) -> list[str]:
    stems: list[str] = []
    for term in terms:
        stems.append(term.stem)
        stems.extend(sorted(term.related))
    return list(dict.fromkeys(stems))


def _rare(terms: Sequence[QueryTerm], counts: dict[str, int], total: int, limit: int) -> list[QueryTerm]:
    """The question's own rarest words (a name, a rare noun), each searched on its own."""
    cap = max(RARE_MIN_PASSAGES, int(RARE_SHARE * total))
    rare = [t for t in terms if 0 < counts.get(t.stem, 0) <= cap]
    return sorted(rare, key=lambda t: counts.get(t.stem, 0))[:limit]


def _names_held(terms: Sequence[QueryTerm], held: ArticleTerms, idf: dict[str, float]) -> float:
    """The idf-weighted share of the question's names the article holds anywhere (0 without names)."""
    names = [t for t in terms if t.name]
    total = sum(t.weight * idf.get(t.stem, 0.0) for t in names)
    if not total:
        return 0.0
    words = held.title.union(*held.passages)
    return sum(t.weight * idf.get(t.stem, 0.0) for t in names if t.stem in words) / total


def _coverage(terms: Sequence[QueryTerm], held: ArticleTerms, idf: dict[str, float]) -> float:
    """The idf-weighted share of the question's words that the article holds close together: in
    its title and two neighbouring passages (a paraphrase counts less), and a little anywhere."""
    everything = held.title.union(*held.passages)
    windows = [
        held.title | a | b for a, b in zip(held.passages, [*held.passages[1:], frozenset()], strict=True)
    ]
    best = max((_share(terms, w, held.title, idf) for w in windows), default=0.0)
    return (1 - SPREAD) * best + SPREAD * _share(terms, everything, held.title, idf)


def _share(
    terms: Sequence[QueryTerm], words: frozenset[str], title: frozenset[str], idf: dict[str, float]
) -> float:
    covered = total = 0.0
    for term in terms:
        weight = term.weight * idf.get(term.stem, 0.0)
        total += weight
        if term.stem in words:
            covered += weight * (1.0 + TITLE_BONUS * (term.stem in title))
        elif not term.related.isdisjoint(words):
            covered += weight * RELATED
    return covered / total if total else 0.0
