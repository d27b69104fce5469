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
    Centroid similarities come from the doc-by-doc similarity matrix, so each step costs
    O(docs) rather than O(vocabulary): a story's centroid is the sum of its members' vectors.
    """
    if not docs:
        return []
    vectors = doc_vectors(docs, terms)
    sims: Matrix = vectors @ vectors.T
    n = len(docs)
    groups: list[list[int]] = []
    totals = np.zeros((n, n))  # row c: the summed similarities of story c's members to every doc
    norms_sq = np.zeros(n)  # squared length of each story's summed vector
    for i in range(n):
        count = len(groups)
        best = -1
        if count:
            norms = np.sqrt(norms_sq[:count])
            norms[norms == 0.0] = 1.0
            closeness = totals[:count, i] / norms
            j = int(np.argmax(closeness))
            if closeness[j] >= threshold:
                best = j
        if best < 0:
            best = count
            groups.append([])
        norms_sq[best] += 2.0 * totals[best, i] + sims[i, i]
        totals[best] += sims[i]
        groups[best].append(i)
    clusters: list[Cluster] = []
    for c, members in enumerate(groups):
        # Rounded so that ties (both members of a pair are equally central) go to the earlier doc.
        closeness = np.round(totals[c, members] / (float(np.sqrt(norms_sq[c])) or 1.0), 9)
        order = sorted(range(len(members)), key=lambda m: (-closeness[m], members[m]))
        clusters.append(Cluster(members=tuple(members[m] for m in order)))
    return clusters
