"""One corpus and one set of topic queries on SQLite (FTS5) and PostgreSQL (tsvector): the same matches,
for articles (briefings) and for passages (follow-up questions).

Ranking may differ between bm25 and ts_rank; which articles match may not. Each query's expected
matches are also written down, so both databases are checked against what the grammar means,
not only against each other.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config import StoreSettings
from ingest.fingerprints import content_hash, simhash
from store.articles import Arrival, NewArticle
from store.search.query import parse_query, words_query
from store.store import Store, open_store
from store.timestamps import utcnow
from summarizer.passages import passage_texts

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

# (title, standfirst, body, hours ago): invented events.
CORPUS = [
    ("Gas prices climb for a third week", "", "Heating costs rose again as the cold spell went on.", 2),
    ("Oil output cut by the northern fields", "", "The operator blamed a broken pipeline near the coast.", 3),
    ("Coal plant closes after forty years", "", "Energy workers marched to the town hall on Friday.", 4),
    ("Energy ministers meet in Zürich", "Talks on gas storage", "The meeting ran late into the night.", 5),
    (
        "North Sea wind farm opens",
        "",
        "The energy company said the turbines power a city of 300,000 homes.",
        6,
    ),
    ("Tram drivers strike over pay", "", "Commuters walked; the union said attacks on pay must end.", 7),
    ("Bus drivers vote to strike", "A second strike this year", "Talks with the city broke down.", 8),
    ("Strikes spread to the ferries", "", "Crews joined the walkout at dawn.", 9),
    ("Covid-19 ward reopens", "", "The hospital said covid cases fell by a fifth since May.", 10),
    ("Library keeps longer hours", "", "It's open until ten on weekdays, the council's notice said.", 11),
    ("東京 marathon route changes", "", "Runners will cross the river twice this year.", 12),
    ("Heat pump grants doubled", "", "Homes heated by oil or coal may apply first.", 13),
    ("Port authority buys gas turbines", "", "The north sea link will carry power to the docks.", 30),
    ("Fishing quotas cut", "", "Boats in the North Sea must land a tenth less cod.", 40),
    ("Old harbour crane restored", "", "Volunteers spent two winters on the 1912 machine.", 24 * 20),
    ("Parks department plants oaks", "", "The city's parks will get 400 new trees.", 50),
    ("Parking fees rise in the centre", "", "Drivers will pay more at the station garage.", 51),
]

# (typed query, titles expected to match, by their index in CORPUS)
QUERIES = [
    ("gas", {0, 3, 12}),
    ("prices", {0}),
    ("energy", {2, 3, 4}),
    ("energy gas OR oil", {3}),
    ("gas OR oil", {0, 1, 3, 11, 12}),
    ("gas OR oil -coal", {0, 1, 3, 12}),
    ("strike", {5, 6, 7}),
    ("strikes drivers", {5, 6}),
    ('"north sea"', {4, 12, 13}),
    ('"sea north"', set()),
    ('-"north sea" energy', {2, 3}),
    ('"wind farm" OR "heat pump"', {4, 11}),
    ("zurich", {3}),
    ("Zürich energy", {3}),
    ("covid-19", {8}),
    ('"covid 19"', {8}),
    ("covid", {8}),
    ("it's open", {9}),
    ("council", {9}),
    ("東京", {10}),
    ("300 000", {4}),
    ("1912", {14}),
    ("attack", {5}),
    ("walkout crews", {7}),
    ("storage", {3}),
    ("volcano", set()),
    ("the", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16}),
    # Topic words match as typed or as plural or singular, never by a shared stem alone.
    ("park", {15}),
    ("parks", {15}),
    ("parking", {16}),
    ("park OR parking", {15, 16}),
    ("the -the", set()),
]


def _articles() -> list[NewArticle]:
    items = []
    for index, (title, standfirst, body, hours) in enumerate(CORPUS):
        items.append(
            NewArticle(
                title=title,
                standfirst=standfirst,
                text=body,
                content_hash=content_hash(title, body),
                simhash=(index + 1) * 0x0101010101010101 % (1 << 62),  # far apart: no near-duplicates
                published_at=NOW - timedelta(hours=hours),
            )
        )
    return items


async def _matches(store: Store, typed: str, *, since: datetime | None = None) -> set[str]:
    found = await store.articles.candidates(since=since, topic=parse_query(typed), limit=100)
    return {c.article.title for c in found}


@pytest.fixture
async def both(tmp_path, postgres_url):
    stores = [
        await open_store(StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/parity.db")),
        await open_store(StoreSettings(url=postgres_url)),
    ]
    try:
        for store in stores:
            stored = await store.articles.add_many(_articles(), source="Wire")
            assert len(stored.stored_ids) == len(CORPUS), stored.duplicates
        yield stores
    finally:
        for store in stores:
            await store.aclose()


async def test_every_topic_query_matches_the_same_articles_on_sqlite_and_postgresql(both):
    sqlite, postgres = both
    for typed, expected in QUERIES:
        titles = {CORPUS[i][0] for i in expected}

        on_sqlite, on_postgres = await _matches(sqlite, typed), await _matches(postgres, typed)

        assert (typed, on_sqlite) == (typed, titles)
        assert (typed, on_postgres) == (typed, on_sqlite)


async def test_windows_and_the_any_word_fallback_match_alike(both):
    sqlite, postgres = both
    since = NOW - timedelta(hours=24)
    stored = utcnow()  # articles are stored at the real time, whatever they say they were published
    arrived = Arrival(after=stored - timedelta(days=1), until=stored + timedelta(days=1))
    for typed in ("gas", '"north sea"', "strike -ferries"):
        assert await _matches(sqlite, typed, since=since) == await _matches(postgres, typed, since=since)
    for query in (parse_query("volcano gas").any_word(), words_query("who closed the coal plant?")):
        assert query is not None
        results = []
        for store in both:
            found = await store.articles.candidates(since=None, topic=query, limit=100, arrived=arrived)
            results.append({c.article.title for c in found})
        assert results[0] == results[1] != set()


async def test_a_title_match_ranks_first_on_both(both):
    for store in both:
        found = await store.articles.candidates(since=None, topic=parse_query("strike"), limit=10)
        assert found[0].article.title in {"Tram drivers strike over pay", "Bus drivers vote to strike"}


def test_the_corpus_has_no_near_duplicates():
    assert len({simhash(f"{t}\n{b}") for t, _, b, _ in CORPUS}) == len(CORPUS)


# Follow-up questions search the passages index by stems: (question words, titles by index).
PASSAGE_QUERIES = [
    ("gas prices", {0, 12}),  # a standfirst is no passage
    ("pipeline", {1}),
    ("turbines homes", {4, 11, 12}),
    ("who marched to the town hall", set(range(len(CORPUS))) - {11}),  # "the" is in all but one
    ("volunteers winters", {14}),
    ("covid cases", {8}),
    ("volcano", set()),
]


@pytest.fixture
async def both_with_passages(tmp_path, postgres_url):
    stores = [
        await open_store(
            StoreSettings(url=f"sqlite+aiosqlite:///{tmp_path}/passages.db"), passages=passage_texts
        ),
        await open_store(StoreSettings(url=postgres_url), passages=passage_texts),
    ]
    try:
        for store in stores:
            await store.articles.add_many(_articles(), source="Wire")
        yield stores
    finally:
        for store in stores:
            await store.aclose()


async def _passage_titles(store: Store, words: str) -> tuple[set[str], str]:
    stems = store.articles.stemmer.stem_words(words.split())
    hits = await store.passages.search(stems, limit=100)
    titles = {
        c.article.title: c.article.id for c in await store.articles.get_many([h.article_id for h in hits])
    }
    by_id = {v: k for k, v in titles.items()}
    return set(titles), by_id[hits[0].article_id] if hits else ""


async def test_passage_search_matches_the_same_passages_and_counts_on_sqlite_and_postgresql(
    both_with_passages,
):
    sqlite, postgres = both_with_passages
    for words, expected in PASSAGE_QUERIES:
        stems = sqlite.articles.stemmer.stem_words(words.split())
        on_sqlite, on_postgres = await _passage_titles(sqlite, words), await _passage_titles(postgres, words)

        assert (words, on_sqlite[0]) == (words, {CORPUS[i][0] for i in expected})
        assert (words, on_postgres[0]) == (words, on_sqlite[0])
        assert await sqlite.passages.document_counts(stems) == await postgres.passages.document_counts(stems)


async def test_a_rare_word_outranks_a_common_one_in_passages_on_both(both_with_passages):
    for store in both_with_passages:
        _, best = await _passage_titles(store, "the pipeline")
        assert best == "Oil output cut by the northern fields"
