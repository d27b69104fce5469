"""The topic query grammar, the same in /brief, /subscribe and the CLI, parsed into a small AST.

    query  := group+                  every group must match (implicit AND)
    group  := term ("OR" term)*       OR, in upper case, gives alternatives; it binds tighter than AND
    term   := word | "phrase" | -word | -"phrase"      a leading - excludes

``energy gas OR oil -coal`` means energy AND (gas OR oil) AND NOT coal. There are no parentheses.
Words are folded as the index folds them (``store.search.stemming``); stems are applied only
when a query is compiled for a database, so the AST knows no SQL and no stemmer. User text never
reaches a database's query syntax except as quoted, stemmed words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from errors import QueryError
from store.search.stemming import TextStemmer, words

MAX_TERMS = 32
QUOTES = frozenset('"“”„«»')  # phone keyboards turn " into typographic quotes
OR = "OR"

OPEN_QUOTE = 'A quote is not closed: end the phrase with " as well, as in "gas prices".'
ONLY_EXCLUDED = "Say what to look for, not only what to leave out: for example energy -coal."
DANGLING_OR = "OR goes between two words or phrases, as in gas OR oil."
EXCLUDED_OR = "An excluded word (-word) cannot be one side of OR."
NO_WORDS = "A topic needs at least one word."
TOO_MANY = f"That topic has too many words and phrases (at most {MAX_TERMS})."


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of words that must appear together in order; ``raw`` as typed."""

    words: tuple[str, ...]
    raw: str


@dataclass(frozen=True)
class AnyOf:
    """Alternatives joined by OR: one of them must match (a single term is the usual case)."""

    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Query:
    """Groups that must all match and terms that must not; ``broad`` marks the any-word fallback."""

    required: tuple[AnyOf, ...]
    excluded: tuple[Term, ...] = ()
    broad: bool = False

    def text(self) -> str:
        """The query written back in the grammar (as typed, spacing normalised)."""
        groups = [f" {OR} ".join(t.raw for t in g.terms) for g in self.required]
        return " ".join(groups + [f"-{t.raw}" for t in self.excluded])

    def key(self) -> tuple[object, ...]:
        """What the query matches, independent of how it was typed: equal keys, equal results."""
        required = tuple(sorted(tuple(sorted(t.words for t in g.terms)) for g in self.required))
        return (required, tuple(sorted(t.words for t in self.excluded)))

    def matches_words(self, found: frozenset[str]) -> bool:
        """True when every required group has a term whose word appears among ``found`` (folded
        words of an article) as typed or as its plural or singular. The index joins words by their
        stems, and a stem can join words of different meaning (park, parking); this keeps topic
        words to themselves. Phrases are left to the index."""
        return all(any(_term_in(term, found) for term in group.terms) for group in self.required)

    def with_related(self, related: Callable[[str], Iterable[str]]) -> Query | None:
        """The query with each unquoted one-word term widened by ``related`` words of it (or of
        its plural or singular), as alternatives in its group; None when no word has any.

        Related words match as typed or as their own plural or singular, as topic words do;
        exclusions stay, a word already in the query is not added, and a quoted word is taken alone.
        """
        typed = {t.words for g in self.required for t in g.terms} | {t.words for t in self.excluded}
        groups: list[AnyOf] = []
        for group in self.required:
            added: dict[Term, None] = {}
            for term in group.terms:
                if len(term.words) != 1 or term.raw.startswith('"'):
                    continue
                others = {w for form in word_forms(term.words[0]) for w in related(form)}
                added.update((Term((w,), w), None) for w in sorted(others) if (w,) not in typed)
            groups.append(AnyOf(group.terms + tuple(added)))
        widened = tuple(groups)
        if widened == self.required:
            return None
        return Query(widened, self.excluded)

    def any_word(self) -> Query:
        """Any one of the query's words, exclusions kept: what /brief tries when nothing matched all."""
        seen = dict.fromkeys(w for g in self.required for t in g.terms for w in t.words)
        terms = tuple(Term((w,), w) for w in seen)
        return Query((AnyOf(terms),), self.excluded, broad=True)


def word_forms(word: str) -> frozenset[str]:
    """``word`` with its plural and singular forms: park → parks; parties → party; taxes → tax."""
    forms = {word, word + "s", word + "es"}
    if word.endswith("y") and len(word) > 2:
        forms.add(word[:-1] + "ies")
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        forms.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return frozenset(forms)


def _term_in(term: Term, found: frozenset[str]) -> bool:
    if len(term.words) != 1:
        return True
    return not word_forms(term.words[0]).isdisjoint(found)


@dataclass(frozen=True)
class _Token:
    kind: str  # "term", "excluded" or "or"
    term: Term | None = None


def _lex(text: str) -> Iterator[_Token]:
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        excluded = ch == "-" and i + 1 < n and text[i + 1] in QUOTES
        if ch in QUOTES or excluded:
            start = i + 1 if excluded else i
            end = next((j for j in range(start + 1, n) if text[j] in QUOTES), -1)
            if end < 0:
                raise QueryError(OPEN_QUOTE)
            inner = " ".join(text[start + 1 : end].split())
            found = tuple(words(inner))
            if found:
                yield _Token("excluded" if excluded else "term", Term(found, f'"{inner}"'))
            i = end + 1
            continue
        end = i
        while end < n and not text[end].isspace() and text[end] not in QUOTES:
            end += 1
        raw = text[i:end]
        i = end
        if raw == OR:
            yield _Token("or")
            continue
        bare = raw.lstrip("-")
        found = tuple(words(bare))
        if found:
            yield _Token("excluded" if bare != raw else "term", Term(found, bare))


def parse_query(text: str) -> Query:
    """The query ``text`` means; raises QueryError with a line saying what to change."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    previous: str | None = None
    for token in _lex(text):
        if token.kind == "or":
            if previous != "term":
                raise QueryError(EXCLUDED_OR if previous == "excluded" else DANGLING_OR)
        elif token.kind == "excluded":
            if previous == "or":
                raise QueryError(EXCLUDED_OR)
            assert token.term is not None
            excluded.append(token.term)
        else:
            assert token.term is not None
            if previous == "or":
                groups[-1].append(token.term)
            else:
                groups.append([token.term])
        previous = token.kind
    if previous == "or":
        raise QueryError(DANGLING_OR)
    if not groups:
        raise QueryError(ONLY_EXCLUDED if excluded else NO_WORDS)
    if sum(len(g) for g in groups) + len(excluded) > MAX_TERMS:
        raise QueryError(TOO_MANY)
    required = tuple(dict.fromkeys(AnyOf(tuple(dict.fromkeys(g))) for g in groups))
    return Query(required, tuple(dict.fromkeys(excluded)))


def words_query(text: str) -> Query | None:
    """Any of the words of free text (a question), with no grammar: None when it has no word."""
    found = tuple(dict.fromkeys(words(text)))
    if not found:
        return None
    return Query((AnyOf(tuple(Term((w,), w) for w in found)),), broad=True)


def to_fts5(query: Query, stemmer: TextStemmer) -> str:
    """The query as an FTS5 MATCH expression over stemmed text: every word stemmed and quoted."""

    def term(t: Term) -> str:
        stems = " ".join(stemmer.stem_words(t.words)).replace('"', '""')
        return f'"{stems}"'

    def group(g: AnyOf) -> str:
        parts = [term(t) for t in g.terms]
        return parts[0] if len(parts) == 1 else "(" + f" {OR} ".join(parts) + ")"

    positive = " AND ".join(group(g) for g in query.required)
    if not query.excluded:
        return positive
    return f"({positive})" + "".join(f" NOT {term(t)}" for t in query.excluded)


def ts_lexeme(stem: str) -> str:
    """One stem as a quoted lexeme of PostgreSQL's tsquery text."""
    return "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery(query: Query, stemmer: TextStemmer) -> str:
    """The query as PostgreSQL ``to_tsquery('simple', …)`` text over stemmed text: each stem a
    quoted lexeme, a phrase its stems joined by ``<->``, then ``|``, ``&`` and ``!``.

    It means what ``to_fts5`` means: the same stems, the same AND, OR, NOT and phrases.
    """

    def term(t: Term) -> str:
        stems = [ts_lexeme(s) for s in stemmer.stem_words(t.words)]
        return stems[0] if len(stems) == 1 else "(" + " <-> ".join(stems) + ")"

    def group(g: AnyOf) -> str:
        parts = [term(t) for t in g.terms]
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    required = " & ".join(group(g) for g in query.required)
    if not query.excluded:
        return required
    return f"({required})" + "".join(f" & !{term(t)}" for t in query.excluded)
