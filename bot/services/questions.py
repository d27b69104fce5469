"""The question service: answer from stored articles, preferring what the chat just read."""

from __future__ import annotations

import asyncio
import logging

from bot.services.briefings import BriefingService
from bot.services.docs import to_docs
from store.articles import Candidate
from store.search.query import words_query
from store.store import Store
from summarizer.answer import answer_question
from summarizer.extractive import ExtractiveSummarizer
from summarizer.types import Answer

log = logging.getLogger(__name__)

SEARCH_LIMIT = 40


class QuestionService:
    """Answers questions with citations, or says the stored articles do not answer them."""

    def __init__(self, store: Store, summarizer: ExtractiveSummarizer, briefings: BriefingService) -> None:
        self._store = store
        self._summarizer = summarizer
        self._briefings = briefings

    async def ask(self, *, chat_id: int | None, question: str) -> Answer:
        """Answer ``question`` from the chat's last briefing's articles and the best search hits."""
        context: list[Candidate] = []
        if chat_id is not None:
            ids = await self._briefings.last_article_ids(chat_id)
            context = await self._store.articles.get_many(ids)
        words = words_query(question)
        hits = (
            await self._store.articles.candidates(since=None, topic=words, limit=SEARCH_LIMIT)
            if words
            else []
        )
        seen = {c.article.id for c in context}
        merged = context + [c for c in hits if c.article.id not in seen]
        answer = await asyncio.to_thread(
            answer_question, question, to_docs(merged), summarizer=self._summarizer
        )
        if chat_id is not None:
            await self._store.chats.remember(
                chat_id, "answer", {"question": question, "answered": answer.answered}
            )
        await self._store.usage.record("ask", chat_id=chat_id)
        log.info("question chat=%s candidates=%d answered=%s", chat_id, len(merged), answer.answered)
        return answer
