"""Finding the evidence for a question: BM25 over the passages index, the thread's own articles
first, then the whole store; then every passage of the articles found, for the answerer.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.docs import to_docs
from config import QuestionSettings
from store.passages import PassageHit
from store.search.stemming import TextStemmer, words
from store.store import Store
from summarizer.answer import Evidence, idf_weights
from summarizer.question_shape import StemText

log = logging.getLogger(__name__)
THREAD_BONUS = 1.25  # a thread's own article ranks as if its passages matched this much better


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


class Retriever:
    """Gathers evidence from the store for the answerer."""

    def __init__(self, store: Store, settings: QuestionSettings) -> None:
        self._store = store
        self._settings = settings

    async def gather(
        self, stems: Sequence[str], *, thread_articles: Sequence[int] = (), carried: Sequence[int] = ()
    ) -> Gathered:
        """Evidence for a question searched by ``stems``: the thread's matching articles and the
        best of the store, each with all its passages' sentences."""
        passages = self._store.passages
        settings = self._settings
        found = await passages.search(stems, limit=settings.search_passages)
        scores = _article_scores(found)
        in_thread: set[int] = set()
        if thread_articles:
            own = await passages.search(stems, limit=settings.search_passages, within=thread_articles)
            for article, score in _article_scores(own).items():
                scores[article] = max(scores.get(article, 0.0), score * THREAD_BONUS)
                in_thread.add(article)
        for article in carried:  # the article the previous answer came from stays in view
            scores.setdefault(article, 0.0)
            in_thread.add(article)
        ranked = sorted(scores, key=lambda a: -scores[a])
        keep = [a for a in ranked if a in in_thread][: settings.candidate_articles * 2]
        keep += [a for a in ranked if a not in in_thread][: settings.candidate_articles]
        total, counts = await passages.document_counts(stems)
        idf = idf_weights(total, counts, stems)
        if not keep:
            return Gathered((), idf)
        candidates = {c.article.id: c for c in await self._store.articles.get_many(keep)}
        stored = await passages.of_articles(keep)
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
        log.debug("evidence stems=%d hits=%d articles=%d", len(stems), len(found), len(evidence))
        return Gathered(tuple(evidence), idf)
