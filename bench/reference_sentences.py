"""A fixed reference sentence splitter that is not ours: pysbd 0.3.4 (pinned in the dev extra).

Baselines (Lead-3) and gold sentence indices of the question set are defined with it, so a change
to briefbot's own splitter can never move a baseline or a gold answer. Paragraphs are the text's
blank-line blocks; sentences are numbered from 0 across the whole text.
"""

from __future__ import annotations

from functools import cache

import pysbd


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def reference_sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order, stripped, paragraph by paragraph."""
    out: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        block = " ".join(paragraph.split())
        if block:
            out.extend(s.strip() for s in _segmenter().segment(block) if s.strip())
    return out
