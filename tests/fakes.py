"""Stand-ins shared by test folders where the real model would only slow a logic test down.

Every path these replace is also exercised with the real packaged model (tests marked `model`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

__all__ = ["HashingEmbedder"]


class HashingEmbedder:
    """A fast, deterministic embedder: hashed bag of words, L2-normalised.

    Texts sharing words get similar vectors, which is all selection and clustering logic needs.
    """

    def __init__(self, dimension: int = 512) -> None:
        self.dimension = dimension

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)
