"""Does another outlet's sentence say a point? The bar for crediting that outlet with it.

A credit ("Reuters, AP +2") claims each outlet reported the point. An embedding finds the
sentences about the same thing, not the ones saying the same of it: "X would be retiring at the
end of February" and "X will be leaving on January 1", "At least 28 Palestinians killed" and
"Of the 26 people who died", the House committee and the Senate committee subpoenaing Flynn are
all 0.7-0.8 apart, the similarity at which outlets are credited. So a close sentence must also
say the point in words (a share of its content words, as the word vectors of
`summarizer.lexical` compare Cyrillic sentences) and must not give another count, month, date,
weekday or chamber for it.
"""

from __future__ import annotations

from summarizer.dates import days_in, unspoken
from summarizer.figures import figures_differ
from summarizer.grounding import TOKEN, content_words

__all__ = ["MIN_WORD_SUPPORT", "dates_differ", "other_body", "supports", "word_support"]

MIN_WORD_SUPPORT = 1 / 3
"""Share of the point's content words (numbers and who said it left in) a crediting sentence
must have, a word matching its longer or shorter form. A third: the line below which the
faithfulness audit of dev credits called the overlap weak, where its wrong credits (cosine
0.70-0.79) lay. 0.4 also drops correct credits of long points paraphrased shortly ("Fauci said
the US is going in the wrong direction"); bench/credit_bench.py prints both bars."""
_BODIES = (frozenset(["House"]), frozenset(["Senate"]))
"""Bodies a statement is made about, one excluding the other: a point about the House
committee is not said by a sentence about the Senate's (and "White House" is neither)."""


def supports(
    point: str, sentence: str, *, by_words: bool = True, min_share: float = MIN_WORD_SUPPORT
) -> bool:
    """The sentence, already close to the point, says it: enough of its words (when `by_words`:
    for Cyrillic the closeness already is word overlap) and no other count, day or body."""
    if by_words and word_support(point, sentence) < min_share - 1e-9:
        return False
    return not (
        figures_differ(point, sentence)
        or dates_differ(point, sentence)
        or other_body(point, sentence)
    )


def word_support(point: str, sentence: str) -> float:
    """Share of the point's content words the sentence has ('subpoenas' matching
    'subpoenaed': equal over their first five letters when both have that many)."""
    words = content_words(point)
    if not words:
        return 1.0
    other = content_words(sentence)
    prefixes = {w[:5] for w in other if len(w) >= 5}
    found = sum(1 for w in words if w in other or (len(w) >= 5 and w[:5] in prefixes))
    return found / len(words)


def dates_differ(point: str, sentence: str) -> bool:
    """Both name months, or weekdays, and none in common; or both give days of one month and
    none in common ("the end of February" / "January 1"; "on Thursday" / "on Sunday"). The
    day a source spoke ("officials said on Tuesday") is left out."""
    one, two = days_in(unspoken(point)), days_in(unspoken(sentence))
    if one.months and two.months and not one.months & two.months:
        return True
    if one.weekdays and two.weekdays and not one.weekdays & two.weekdays:
        return True
    return any(
        not one.dates[month] & two.dates[month] for month in one.dates.keys() & two.dates.keys()
    )


def other_body(point: str, sentence: str) -> bool:
    """Each names a body the other does not ("The House Intelligence Committee" / "the Senate
    intelligence committee") and neither names both."""
    one, two = _bodies(point), _bodies(sentence)
    return bool(one and two) and not one & two


def _bodies(text: str) -> set[int]:
    tokens = TOKEN.findall(text)
    return {
        n
        for k, token in enumerate(tokens)
        for n, body in enumerate(_BODIES)
        if token in body and not (k and tokens[k - 1] == "White")
    }
