"""Related words for a thin /brief: when few articles match a topic as typed, articles that say a
related word of the paraphrase lexicon instead (energy: electricity, power, grid) are added after them.

A fallback, not a standing widening: a reader who asked for "energy" and got a full briefing on
energy has what they asked for, while one who got a single story when the grid was in the news
would think the bot missed it. Related words match as written and by their own singular and
plural, never by a shared stem, so park and parking stay apart; and only where an article says
what it is about, its title or standfirst: a lexicon group joins words in one sense ("pay" as a
price), while a body uses them in any ("pay talks"). Their articles rank below every exact match,
their stories come after the exact ones, and the briefing names the words used. Digests stay
exact: they arrive unasked, and ``energy OR electricity`` says the wider topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.periods import Window
from store.articles import ArticleRepository, Candidate
from store.search.query import Query, word_forms
from store.search.stemming import words
from summarizer.paraphrase import Lexicon

# A related match's rank is scaled to at most this share of the lowest exact match's rank.
BELOW_EXACT = 0.5


@dataclass(frozen=True)
class WithRelated:
    """Exact matches first, then articles that match only by related ``words`` (``related_ids``)."""

    candidates: list[Candidate]
    related_ids: frozenset[int] = frozenset()
    words: tuple[str, ...] = ()


async def add_related(
    articles: ArticleRepository,
    lexicon: Lexicon,
    topic: Query,
    found: Sequence[Candidate],
    window: Window,
    *,
    limit: int,
) -> WithRelated:
    """``found`` (the exact matches of ``topic`` in ``window``) followed by up to ``limit`` in all
    with the articles of the same window that match ``topic`` only through related words."""
    widened = topic.with_related(lexicon.related_words)
    if widened is None or len(found) >= limit:
        return WithRelated(list(found))
    # One more indexed search, of the same window; the exact matches it finds again are dropped.
    wider = await articles.candidates(since=window.since, until=window.until, topic=widened, limit=limit)
    exact = {c.article.id for c in found}
    extra: list[Candidate] = []
    used: set[str] = set()
    for c in wider:
        if len(found) + len(extra) == limit:
            break
        said = set() if c.article.id in exact else _related_said(topic, widened, c)
        if said:
            extra.append(c)
            used.update(said)
    if not extra:
        return WithRelated(list(found))
    added = (t.words[0] for g in widened.required for t in g.terms)
    return WithRelated(
        [*found, *_below(found, extra)],
        frozenset(c.article.id for c in extra),
        tuple(w for w in dict.fromkeys(added) if w in used),
    )


def _related_said(topic: Query, widened: Query, candidate: Candidate) -> set[str]:
    """The related words ``candidate`` says in its title or standfirst, for each group of
    ``topic`` that its text matches only through a related word; empty when some such group
    has none there (or no group needed one: an exact match)."""
    article = candidate.article
    heading = frozenset(words(f"{article.title} {article.standfirst or ''}"))
    text = heading | frozenset(words(article.text))
    said: set[str] = set()
    for typed, wide in zip(topic.required, widened.required, strict=True):
        if Query((typed,)).matches_words(text):
            continue
        found = {
            t.words[0]
            for t in wide.terms[len(typed.terms) :]
            if not word_forms(t.words[0]).isdisjoint(heading)
        }
        if not found:
            return set()
        said |= found
    return said


def _below(found: Sequence[Candidate], extra: Sequence[Candidate]) -> list[Candidate]:
    """``extra`` with its ranks scaled under the lowest rank in ``found``, in the same order."""
    if not found:
        return list(extra)
    floor = min(c.rank for c in found)
    top = max(c.rank for c in extra)
    if floor <= 0 or top <= 0:  # no scale to keep: all just under the exact matches
        return [Candidate(c.article, c.source, floor - 1.0) for c in extra]
    return [Candidate(c.article, c.source, c.rank * BELOW_EXACT * floor / top) for c in extra]
