"""sumy's LexRank set up the way both summary benches use it, without NLTK data.

NLTK's punkt data cannot be downloaded here, so sentences come from pysbd and words from a
regular expression; the stemmer and stop words are sumy's English ones.
"""

from __future__ import annotations

import re
from typing import Any


def lexrank() -> tuple[Any, Any]:
    """(LexRankSummarizer, tokenizer) ready for PlaintextParser.from_string(text, tokenizer)."""
    import pysbd
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class PysbdTokenizer(Tokenizer):  # type: ignore[misc]
        """sumy's tokenizer without NLTK data."""

        def __init__(self) -> None:
            self._language = "english"

        def to_sentences(self, paragraph: str) -> tuple[str, ...]:
            segmenter = pysbd.Segmenter(language="en", clean=False)
            return tuple(s.strip() for s in segmenter.segment(paragraph) if s.strip())

        def to_words(self, sentence: str) -> tuple[str, ...]:
            return tuple(re.findall(r"[^\W_]+(?:['’][^\W_]+)?", sentence))

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer, PysbdTokenizer()
