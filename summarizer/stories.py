"""Grouping candidate articles into stories: near-duplicate or same-event articles go together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarizer.tokens import TermCounter
from summarizer.types import Doc
from summarizer.vectors import Matrix, TfIdf

LEAD_WORDS = 250  # a story is recognised by its headline and lead, not by its tail
# Imagined unrelated documents added to the idf: topic-filtered candidates all share the event's
# words (a company's name, "strike"), which plain idf would then all but ignore.
BACKGROUND_DOCS = 20


@dataclass(frozen=True)
class Cluster:
    """Indices of the docs in one story, the most representative first."""

    members: tuple[int, ...]

    @property
    def representative(self) -> int:
        return self.members[0]


def doc_vectors(docs: Sequence[Doc], terms: TermCounter) -> Matrix:
    """TF-IDF rows over each doc's title (counted twice), standfirst and lead."""
    rows: list[list[str]] = []
    for doc in docs:
        lead = " ".join(doc.text.split()[:LEAD_WORDS])
        heading = terms.terms(f"{doc.title} {doc.standfirst}")
        rows.append(heading + heading + terms.terms(lead))
    return TfIdf(rows, background=BACKGROUND_DOCS).matrix(rows)


def cluster_docs(docs: Sequence[Doc], terms: TermCounter, threshold: float) -> list[Cluster]:
    """Single pass in the given order: join the most similar story whose centroid is close enough.

    Members are then ordered by similarity to their story's centroid (most representative first).
    """
    if not docs:
        return []
    vectors = doc_vectors(docs, terms)
    groups: list[list[int]] = []
    sums: list[Matrix] = []
    for i in range(len(docs)):
        vector = vectors[i]
        best, best_sim = -1, threshold
        if sums:
            centroids = np.vstack(sums)
            norms = np.linalg.norm(centroids, axis=1)
            norms[norms == 0.0] = 1.0
            sims = centroids @ vector / norms
            j = int(np.argmax(sims))
            if sims[j] >= best_sim:
                best, best_sim = j, float(sims[j])
        if best < 0:
            groups.append([i])
            sums.append(vector.copy())
        else:
            groups[best].append(i)
            sums[best] = sums[best] + vector
    clusters: list[Cluster] = []
    for members, total in zip(groups, sums, strict=True):
        norm = float(np.linalg.norm(total)) or 1.0
        closeness = vectors[members] @ total / norm
        order = sorted(range(len(members)), key=lambda m: (-closeness[m], members[m]))
        clusters.append(Cluster(members=tuple(members[m] for m in order)))
    return clusters
