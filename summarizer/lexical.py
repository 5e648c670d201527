"""Sentence vectors from the words themselves, for text the sentence encoder cannot read.

The packaged encoder (all-MiniLM-L6-v2) knows English only: it reads Ukrainian and Russian as
strings of rare pieces, so any two Cyrillic sentences come out alike (cosine 0.7-0.8 for
unrelated sentences of one story, where the same sentences in English score 0.1-0.5). Every
decision that compares sentences would then be wrong: an outlet credited with a point it
never made, a new fact taken for a repeat (no update sent), distinct points dropped as
duplicates. For those languages the summarizer compares sentences by their content words
instead (stemmed as `grounding.content_words` stems them): two sentences are alike when they
share their words, the same rule the clustering applies to non-Latin text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from summarizer.embedder import SupportsEmbed
from summarizer.grounding import content_words
from summarizer.text import Language

__all__ = ["DIMENSION", "WordVectors", "embedder_for"]

DIMENSION = 4096
"""Hashed word slots: a story's few thousand distinct stems rarely share one."""


class WordVectors:
    """Unit-length bags of a sentence's content-word stems (each stem counted once)."""

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in content_words(text):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % DIMENSION] = 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def embedder_for(encoder: SupportsEmbed, languages: Sequence[Language]) -> SupportsEmbed:
    """The encoder when every text is English, word vectors when any is Ukrainian or Russian
    (an English and a Russian sentence then share no words, so neither is credited with the
    other's statement: the encoder could not have compared them either)."""
    if all(language == "en" for language in languages):
        return encoder
    return WordVectors()
