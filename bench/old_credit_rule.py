"""The credit and rival rules before `summarizer.support`, kept as the credit bench's baseline.

An outlet was credited with a point for any sentence at cosine >= `StoryWeights.same` that
neither disputed it (another figure followed by the same word, another day in a near-identical
sentence, a denial) nor named other parties; a rival was any other article's sentence at
cosine >= `StoryWeights.conflict` disputing it, figures compared by the word after them only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from summarizer.disputes import days_conflict, denies, names_swapped
from summarizer.grounding import CARDINAL_WORDS, TOKEN, content_words
from summarizer.story_pool import Point, Pool

_SCALE = {"hundred", "thousand", "million", "billion", "percent", "per"}
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d])")


def _figures(text: str) -> dict[str, set[str]]:
    joined = _GROUPED.sub(lambda m: re.sub(r"\D", "", m.group()), text)
    tokens = [t.lower() for t in TOKEN.findall(joined)]
    out: dict[str, set[str]] = {}
    for n, token in enumerate(tokens):
        value = token.replace(",", "") if token[0].isdigit() else CARDINAL_WORDS.get(token)
        if value is None:
            continue
        rest = tokens[n + 1 : n + 3]
        unit = ""
        if rest and rest[0] in _SCALE:
            unit = rest[0]
            if len(rest) > 1 and _counts(rest[1]):
                unit += " " + _counts(rest[1])
        elif rest:
            unit = _counts(rest[0])
        if unit:
            out.setdefault(unit, set()).add(value)
    return out


def _counts(token: str) -> str:
    if token[0].isdigit() or token in CARDINAL_WORDS or not content_words(token):
        return ""
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    return next(iter(content_words(token)), "")


def old_figures_conflict(a: str, b: str) -> bool:
    fa, fb = _figures(a), _figures(b)
    return any(not (fa[unit] & fb[unit]) for unit in fa.keys() & fb.keys())


def old_disputes(a: str, b: str) -> bool:
    return old_figures_conflict(a, b) or days_conflict(a, b) or denies(a, b)


def old_outlets(pool: Pool, point: Point, agree: float) -> dict[str, int]:
    """Each credited outlet (the point's own first) with the candidate that earned it."""
    names = {pool.articles[point.article].outlet: -1}
    sims = pool.vectors @ point.vector
    for i in np.argsort(-sims):
        if sims[i] < agree:
            break
        c = pool.candidates[i]
        if (
            c.article != point.article
            and not old_disputes(point.text, c.sentence.text)
            and not names_swapped(point.text, c.sentence.text)
        ):
            names.setdefault(pool.articles[c.article].outlet, int(i))
    return names


def old_rival(pool: Pool, point: Point, chosen: Sequence[Point], conflict: float) -> int | None:
    sims = pool.vectors @ point.vector
    for i in np.argsort(-sims):
        if sims[i] < conflict:
            break
        c = pool.candidates[i]
        if c.article == point.article or not old_disputes(point.text, c.sentence.text):
            continue
        shown = any(
            float(pool.vectors[i] @ p.vector) >= conflict
            and not old_disputes(p.text, c.sentence.text)
            for p in chosen
        )
        return None if shown else int(i)
    return None
