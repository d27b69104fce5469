"""The topic query grammar, the same in /brief, /subscribe and the CLI (table-driven)."""

from __future__ import annotations

import pytest

from errors import QueryError
from store.search import query as grammar
from store.search.query import parse_query, to_fts5, to_tsquery, words_query
from store.search.stemming import TextStemmer, fold, words

STEMMER = TextStemmer()


@pytest.mark.parametrize(
    ("typed", "fts5"),
    [
        ("energy", '"energi"'),
        ("paris attacks", '"pari" AND "attack"'),
        ("energy gas OR oil", '"energi" AND ("gas" OR "oil")'),
        ("gas OR oil OR coal", '("gas" OR "oil" OR "coal")'),
        ("a OR b c OR d", '("a" OR "b") AND ("c" OR "d")'),
        ('"gas prices"', '"gas price"'),
        ("“gas prices” rise", '"gas price" AND "rise"'),
        ("energy -coal", '("energi") NOT "coal"'),
        ('energy -"north sea"', '("energi") NOT "north sea"'),
        ("news -5", '("news") NOT "5"'),
        ("covid-19", '"covid 19"'),
        ("Zürich BANKS", '"zurich" AND "bank"'),
        ("the or a", '"the" AND "or" AND "a"'),  # no stop words; lower-case or is a word
        ("energy energy", '"energi"'),
        ('strike" OR title:*', None),  # an open quote: an error, below
        ("NEAR(a b) title:x*", '"near a" AND "b" AND "titl x"'),
        ("x AND y", '"x" AND "and" AND "y"'),
        ("- energy", '"energi"'),
    ],
)
def test_topic_query_compiles_to_stemmed_quoted_fts5(typed, fts5):
    if fts5 is None:
        with pytest.raises(QueryError):
            parse_query(typed)
        return
    assert to_fts5(parse_query(typed), STEMMER) == fts5


@pytest.mark.parametrize(
    ("typed", "tsquery"),
    [
        ("energy", "'energi'"),
        ("paris attacks", "'pari' & 'attack'"),
        ("energy gas OR oil", "'energi' & ('gas' | 'oil')"),
        ("a OR b c OR d", "('a' | 'b') & ('c' | 'd')"),
        ('"gas prices"', "('gas' <-> 'price')"),
        ('energy -"north sea"', "('energi') & !('north' <-> 'sea')"),
        ("energy -coal -oil", "('energi') & !'coal' & !'oil'"),
        ("covid-19", "('covid' <-> '19')"),
        ("Zürich BANKS", "'zurich' & 'bank'"),
        ("it's", "('it' <-> 's')"),
        ("NEAR(a b) title:x* & !y | z", "('near' <-> 'a') & 'b' & ('titl' <-> 'x') & 'y' & 'z'"),
    ],
)
def test_topic_query_compiles_to_stemmed_quoted_tsquery(typed, tsquery):
    assert to_tsquery(parse_query(typed), STEMMER) == tsquery


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("-coal", grammar.ONLY_EXCLUDED),
        ('-coal -"north sea"', grammar.ONLY_EXCLUDED),
        ('"gas prices', grammar.OPEN_QUOTE),
        ('energy "gas', grammar.OPEN_QUOTE),
        ("OR oil", grammar.DANGLING_OR),
        ("gas OR", grammar.DANGLING_OR),
        ("gas OR OR oil", grammar.DANGLING_OR),
        ("gas OR -oil", grammar.EXCLUDED_OR),
        ("-gas OR oil", grammar.EXCLUDED_OR),
        ("!!! ???", grammar.NO_WORDS),
        ("", grammar.NO_WORDS),
        (" ".join(f"w{i}" for i in range(40)), grammar.TOO_MANY),
    ],
)
def test_a_query_that_cannot_work_gets_a_clear_line(typed, problem):
    with pytest.raises(QueryError) as caught:
        parse_query(typed)
    assert str(caught.value) == problem


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("energy   gas OR oil  -coal", "energy gas OR oil -coal"),
        ('“north   sea” -"wind farm"', '"north sea" -"wind farm"'),
        ("--coal x", "x -coal"),
    ],
)
def test_a_query_is_written_back_as_typed_with_spacing_normalised(typed, written):
    assert parse_query(typed).text() == written


def test_queries_that_match_the_same_share_a_key_whatever_the_order_or_case():
    assert parse_query("Energy gas OR oil").key() == parse_query("oil OR gas energy").key()
    assert parse_query("energy").key() != parse_query("energy -coal").key()


def test_any_word_fallback_keeps_exclusions_and_splits_phrases():
    fallback = parse_query('"gas prices" energy -coal').any_word()
    assert fallback.broad
    assert to_fts5(fallback, STEMMER) == '(("gas" OR "price" OR "energi")) NOT "coal"'


RELATED = {"energy": {"electricity", "power"}, "price": {"cost", "fee"}, "park": {"garden"}}


@pytest.mark.parametrize(
    ("typed", "widened"),
    [
        ("energy", "energy OR electricity OR power"),
        ("energy gas", "energy OR electricity OR power gas"),
        ("prices", "prices OR cost OR fee"),  # the word's singular has the relation
        ("parks", "parks OR garden"),
        ("parking", None),  # a shared stem is no relation: park is not parking
        ('"energy"', None),  # a quoted word is taken alone
        ("energy -power", "energy OR electricity -power"),  # what is left out is never added
        ("energy OR power", "energy OR power OR electricity"),  # nor what is already there
        ('"energy prices" gas', None),  # a phrase keeps its words together
    ],
)
def test_a_topic_widened_by_related_words(typed, widened):
    found = parse_query(typed).with_related(lambda word: RELATED.get(word, ()))
    assert (found.text() if found else None) == widened


def test_a_question_is_searched_by_any_of_its_words_without_grammar():
    found = words_query('How did "OR" -change?')
    assert found is not None
    assert to_fts5(found, STEMMER) == '("how" OR "did" OR "or" OR "chang")'
    assert words_query("?!") is None


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zürich", ["zurich"]),
        ("U.S.-led", ["u", "s", "led"]),
        ("snake_case", ["snake", "case"]),
        ("Ünïcödé ÉTÉ", ["unicode", "ete"]),
        ("3D printing", ["3d", "printing"]),
    ],
)
def test_text_is_folded_into_words_as_the_index_tokenizer_splits_it(text, folded):
    assert words(text) == folded
    assert fold(text) == fold(fold(text))


def test_index_and_query_stem_alike():
    assert STEMMER.stem_text("Running attacks, energies") == "run attack energi"
    assert STEMMER.stem_words(words("runs attacked energy")) == ["run", "attack", "energi"]
