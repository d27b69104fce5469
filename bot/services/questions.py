"""The question service: follow-up questions answered from the stored articles, in threads.

A question continues a thread (a reply to a briefing, digest or answer; ``/ask`` after a
briefing; the console's next line) or starts one. Its evidence comes from the thread's
articles first, then the whole store; a follow-up that leans on the turn before carries that
turn's subject. The answer is one to three cited sentences, or a plain "the articles do not
say" with the closest stories; with an LLM, a grounded answer checked as briefings are
(``LLMAnswers``), the offline answer its fallback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.services.docs import to_docs
from bot.services.embeddings import similarity_for
from bot.services.llm_answers import LLMAnswers
from bot.services.retrieval import RetrievalTuning, Retriever, merged, stem_text
from bot.services.threads import Found, Origin, ThreadService
from bot.services.usage import LOCAL, Account
from config import QuestionSettings
from store.store import Store
from store.threads import ThreadRow
from summarizer.answer import Answerer, names_in
from summarizer.briefing import CitationBook
from summarizer.evidence import AnswerTuning, Carried, Ranked
from summarizer.extractive import ExtractiveSummarizer
from summarizer.question_shape import split_compound
from summarizer.types import Answer, Citation, Claim, Doc, ReplyKind

log = logging.getLogger(__name__)
CLOSEST = 3  # stories offered when nothing answers a question


@dataclass(frozen=True)
class QuestionTuning:
    """The question service's tuning (the question set's dev split); not an operator's setting."""

    thread_turns: int = 4  # turns a thread remembers
    similarity_weight: float = 0.4  # of the embeddings, when they are on
    answer: AnswerTuning = field(default_factory=AnswerTuning)
    retrieval: RetrievalTuning = field(default_factory=RetrievalTuning)


class Context(StrEnum):
    """Which thread a question without a reply continues."""

    NONE = "none"  # a fresh question on the whole store (the CLI)
    BRIEFING = "briefing"  # the chat's latest briefing or digest (/ask)
    LATEST = "latest"  # the chat's latest thread of any kind (a plain question, the console)


@dataclass(frozen=True)
class Asked:
    """An answer, the thread it belongs to now, and what the reply should also say."""

    answer: Answer
    thread_id: int | None
    expired: bool = False  # the reply was to a thread that had expired: answered from the whole store
    continued: bool = False  # it continued a thread
    closest: tuple[Citation, ...] = ()  # when nothing answers it: the closest stories


class QuestionService:
    """Answers questions with citations, or says the stored articles do not answer them."""

    def __init__(
        self,
        store: Store,
        summarizer: ExtractiveSummarizer,
        threads: ThreadService,
        settings: QuestionSettings,
        *,
        llm: LLMAnswers | None = None,
        tuning: QuestionTuning | None = None,
    ) -> None:
        self._store = store
        self._summarizer = summarizer
        self._threads = threads
        self._settings = settings
        self._tuning = tuning = tuning or QuestionTuning()
        self._retriever = Retriever(store, tuning.retrieval)
        answer_tuning = tuning.answer
        similarity = similarity_for(settings.embeddings)
        if similarity is not None:
            answer_tuning = _with_similarity(answer_tuning, tuning.similarity_weight)
        self._answerer = Answerer(
            stem_text(store.articles.stemmer), tuning=answer_tuning, similarity=similarity
        )
        self.uses_embeddings = similarity is not None
        self._llm = llm

    async def ask(
        self,
        *,
        chat_id: int | None,
        question: str,
        reply_to: int | None = None,
        context: Context = Context.BRIEFING,
    ) -> Asked:
        """Answer ``question``, continuing the thread ``reply_to`` belongs to (or, without a
        reply, the one ``context`` names), and record the turn."""
        found = await self._thread(chat_id, reply_to, context)
        thread = found.thread
        carried = _carried(thread)
        # A question asking two things may need two stories: each part is searched on its own.
        gathered = merged(
            [
                await self._retriever.gather(
                    self._answerer.query_terms(part, carried),
                    thread_articles=thread.article_ids if thread else (),
                    carried=carried.article_ids if carried else (),
                )
                for part in split_compound(question)
            ]
        )
        ranked = await asyncio.to_thread(
            self._answerer.answer, question, gathered.evidence, idf=gathered.idf, carried=carried
        )
        answer = ranked.answer
        if self._llm is not None:
            payer = Account.for_chat(chat_id) if chat_id is not None else LOCAL
            answer = await self._llm.rewrite(question, ranked, gathered.evidence, account=payer)
        closest = self._closest(ranked, gathered.evidence) if answer.kind is ReplyKind.DECLINE else ()
        thread_id = await self._record(chat_id, thread, question, ranked, answer, carried)
        await self._store.usage.record("ask", chat_id=chat_id)
        log.info(
            "question chat=%s thread=%s continued=%s expired=%s articles=%d answered=%s by=%s",
            chat_id,
            thread_id,
            thread is not None,
            found.expired,
            len(gathered.evidence),
            answer.answered,
            answer.generated_by,
        )
        return Asked(answer, thread_id, found.expired, thread is not None, closest)

    async def about(self, *, chat_id: int | None, article_id: int) -> Asked | None:
        """A short cited summary of one stored article (a "closest story" pressed), starting a
        thread about it; None when the article is gone."""
        found = await self._store.articles.get_many([article_id])
        if not found:
            return None
        (doc,) = to_docs(found)
        sentences = await asyncio.to_thread(self._summarizer.summarize_doc, doc, sentences=3)
        book = CitationBook([doc])
        cited = tuple(book.cite(Claim(s, (doc.id,))) for s in sentences)
        kind = ReplyKind.ANSWER if cited else ReplyKind.DECLINE
        answer = Answer(question=doc.title, sentences=cited, sources=book.sources(), kind=kind)
        thread_id = None
        if chat_id is not None:
            thread_id = await self._threads.started(chat_id, Origin.STORY, [doc.id])
        return Asked(answer, thread_id)

    async def _thread(self, chat_id: int | None, reply_to: int | None, context: Context) -> Found:
        if chat_id is None:
            return Found(None)
        if reply_to is not None:
            found = await self._threads.of_message(chat_id, reply_to)
            if found.thread is not None or found.expired:
                return found
        if context is Context.NONE:
            return Found(None)
        return await self._threads.latest(chat_id, briefings_only=context is Context.BRIEFING)

    def _closest(self, ranked: Ranked, evidence: Sequence[Any]) -> tuple[Citation, ...]:
        docs: dict[int, Doc] = {e.doc.id: e.doc for e in evidence}
        out = []
        for number, article_id in enumerate(ranked.closest[:CLOSEST], 1):
            doc = docs[article_id]
            out.append(Citation(number, doc.id, doc.title, doc.url, doc.source, doc.published))
        return tuple(out)

    async def _record(
        self,
        chat_id: int | None,
        thread: ThreadRow | None,
        question: str,
        ranked: Ranked,
        answer: Answer,
        carried: Carried | None,
    ) -> int | None:
        """Add the turn to its thread (a question with no thread starts one); the thread's id."""
        if chat_id is None:
            return None
        cited = [c.article_id for c in answer.sources]
        turn = self._turn(question, ranked, answer, cited, carried)
        now = self._threads.now()
        if thread is not None:
            await self._store.threads.add_turn(thread.id, turn, cited, keep=self._tuning.thread_turns, at=now)
            return thread.id
        return await self._store.threads.open(chat_id, Origin.ANSWER.value, cited, turns=[turn], at=now)

    def _turn(
        self, question: str, ranked: Ranked, answer: Answer, cited: list[int], carried: Carried | None
    ) -> dict[str, Any]:
        """What the next turn may lean on: this question's names (or, when it named nobody, the
        subject it carried), and the names its answer added (the answer to "who coached them?"
        is whom "she" means next)."""
        stem = stem_text(self._store.articles.stemmer)
        names = [n for shape in ranked.shapes for n in shape.names]
        if not names and carried is not None:
            names.extend(carried.names)
        added: list[str] = []
        if answer.sentences:
            for name in names_in(answer.sentences[0].text):
                added.extend(stem(name))
        return {
            "question": question[:500],
            "names": list(dict.fromkeys(names))[:12],
            "answer_names": [n for n in dict.fromkeys(added) if n not in names][:12],
            "articles": cited[:3],
            "answered": answer.answered,
        }


def _carried(thread: ThreadRow | None) -> Carried | None:
    """The subject a follow-up in ``thread`` may lean on: its last turn's names and articles."""
    if thread is None or not thread.turns:
        return None
    last = thread.turns[-1]
    names = [str(n) for n in last.get("names", [])]
    answer_names = [str(n) for n in last.get("answer_names", [])]
    return Carried(
        names=tuple(dict.fromkeys(names + answer_names)),
        terms=(),
        article_ids=tuple(int(a) for a in last.get("articles", [])),
        question=str(last.get("question", "")),
    )


def _with_similarity(tuning: AnswerTuning, weight: float) -> AnswerTuning:
    return replace(tuning, similarity_weight=weight)
