"""The baselines bench/story_bench.py scores beside our story key points, in the same run.

Each takes a story's articles and a number of points and returns them best first, with the
sentences they quote: the first article's Lead-3, a MiniLM centroid ranking with MMR, and sumy
LexRank's own ranking over all articles. bench/subset_probe.py reuses the centroid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from summarizer import StoryArticle
from summarizer.text import split_document

__all__ = ["DUPLICATE", "MMR_LAMBDA", "Method", "Points", "centroid", "lead3", "lexrank"]

MMR_LAMBDA = 0.7
DUPLICATE = 0.8

Points = list[tuple[str, tuple[str, ...]]]
Method = Callable[[list[StoryArticle], int], Points]


def lead3(articles: list[StoryArticle]) -> Points:
    """The first article's first three sentences as pysbd splits it (the classic baseline)."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    sentences = [str(s).strip() for s in segmenter.segment(articles[0].text)]
    return [(s, (s,)) for s in sentences if s][:3]


def centroid(embedder: Any) -> Method:
    """Every sentence of every article, ranked by similarity to the story centroid, with MMR."""

    def run(articles: list[StoryArticle], count: int) -> Points:
        sentences = [s for a in articles for s in split_document(a.text, a.title).sentences]
        if not sentences:
            return []
        emb = embedder.embed([s.text for s in sentences]).astype(np.float64)
        centroid = emb.mean(axis=0)
        centrality = emb @ (centroid / max(float(np.linalg.norm(centroid)), 1e-9))
        chosen: list[int] = []
        remaining = list(range(len(sentences)))
        while remaining and len(chosen) < count:
            overlap = {
                i: max((float(emb[i] @ emb[j]) for j in chosen), default=0.0) for i in remaining
            }
            usable = [i for i in remaining if overlap[i] < DUPLICATE]
            if not usable:
                break
            best = max(
                usable, key=lambda i: MMR_LAMBDA * centrality[i] - (1 - MMR_LAMBDA) * overlap[i]
            )
            chosen.append(best)
            remaining.remove(best)
        return [(sentences[i].text, (sentences[i].source,)) for i in chosen]

    return run


def lexrank() -> Method:
    from lexrank_baseline import lexrank
    from sumy.parsers.plaintext import PlaintextParser

    summarizer, tokenizer = lexrank()

    def run(articles: list[StoryArticle], count: int) -> Points:
        """LexRank's own ranking, best first (its __call__ returns reading order)."""
        text = "\n".join(a.text for a in articles)
        sentences = PlaintextParser.from_string(text, tokenizer).document.sentences
        words = [summarizer._to_words_set(s) for s in sentences]
        if not words:
            return []
        tf = summarizer._compute_tf(words)
        idf = summarizer._compute_idf(words)
        matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
        scores = summarizer.power_method(matrix, summarizer.epsilon)
        order = sorted(range(len(sentences)), key=lambda i: -scores[i])[:count]
        return [(str(sentences[i]), (str(sentences[i]),)) for i in order]

    return run
