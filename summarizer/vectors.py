"""TF-IDF vectors over a small collection of term lists, as unit-length numpy rows."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]


class TfIdf:
    """Inverse document frequencies learned from ``collection``; turns term lists into vectors."""

    def __init__(self, collection: Sequence[Sequence[str]], *, background: int = 0) -> None:
        """``background`` adds that many imagined documents sharing no term, damping idf in tiny
        collections, where a word every member uses is still telling (a topic-filtered story)."""
        df: Counter[str] = Counter()
        for terms in collection:
            df.update(set(terms))
        self.size = len(collection)
        self.vocab = {term: i for i, term in enumerate(sorted(df))}
        n = self.size + 1 + background
        self.idf = np.array([math.log(n / (df[t] + 0.5)) + 1.0 for t in sorted(df)])
        self.max_idf = math.log(n / 0.5) + 1.0

    def weight(self, term: str) -> float:
        """The idf of ``term``; unseen terms weigh the most (they are rarest)."""
        index = self.vocab.get(term)
        return self.max_idf if index is None else float(self.idf[index])

    def matrix(self, rows: Sequence[Sequence[str]]) -> Matrix:
        """One L2-normalised row of log-tf × idf per term list (zero rows stay zero)."""
        out = np.zeros((len(rows), len(self.vocab)))
        vocab = self.vocab
        for i, terms in enumerate(rows):
            counts = Counter(t for t in terms if t in vocab)
            if counts:
                cols = [vocab[t] for t in counts]
                out[i, cols] = np.log1p(np.fromiter(counts.values(), dtype=np.float64))
        out *= self.idf
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0.0] = 1.0
        result: Matrix = out / norms
        return result


def similarity(matrix: Matrix) -> Matrix:
    """Cosine similarities between all rows of a row-normalised matrix."""
    sims: Matrix = matrix @ matrix.T
    return sims


def centrality(sims: Matrix) -> Matrix:
    """Degree centrality: each row's summed similarity to the others, scaled to a maximum of 1."""
    if sims.shape[0] < 2:
        return np.ones(sims.shape[0])
    degree: Matrix = sims.sum(axis=1) - np.diag(sims)
    top = float(degree.max())
    return degree / top if top > 0 else np.zeros_like(degree)


def mmr_select(
    relevance: Matrix,
    sims: Matrix,
    count: int,
    lam: float,
    max_similarity: float = 1.0,
    requires: Sequence[tuple[int, ...]] | None = None,
) -> list[int]:
    """Greedy maximal marginal relevance: pick ``count`` rows trading relevance for novelty.

    Rows more similar than ``max_similarity`` to a chosen row are near-repeats and come last.
    ``requires[i]`` lists rows that must be picked with row ``i`` (placed just before it); a row
    whose requirements no longer fit in ``count`` is passed over.
    """
    n = relevance.shape[0]
    if n == 0 or count <= 0:
        return []
    top = float(relevance.max())
    rel = relevance / top if top > 0 else relevance
    chosen: list[int] = []
    redundancy = np.zeros(n)
    available = np.ones(n, dtype=bool)
    while len(chosen) < count and available.any():
        scores = lam * rel - (1.0 - lam) * redundancy
        scores[redundancy > max_similarity] -= 10.0
        scores[~available] = -np.inf
        best = int(np.argmax(scores))
        available[best] = False
        needed = [r for r in (requires[best] if requires else ()) if r not in chosen]
        if len(chosen) + len(needed) + 1 > count:
            continue
        for row in [*needed, best]:
            chosen.append(row)
            available[row] = False
            redundancy = np.maximum(redundancy, sims[row])
    return chosen
