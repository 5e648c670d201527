"""Budgeted maximum coverage: the subset of sentences within a length budget that covers the
most concept weight plus salience, as bench/subset_probe.py compares it with our greedy
selection. Exact by enumeration up to ENUMERATE_UP_TO sentences (a story's pool is usually
smaller), by integer programming (scipy HiGHS) above; and the classic greedy by gain per
length.

Arguments: `matrix` (sentences x concepts, bool: which concepts each sentence covers), `w` (each
concept's weight), `salience` (each sentence's own bonus), `lengths` (each sentence's length),
`budget` (the most total length). Each returns the chosen sentences' indices.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ENUMERATE_UP_TO", "exact_subset", "greedy_subset"]

ENUMERATE_UP_TO = 16


def exact_subset(
    matrix: np.ndarray, w: np.ndarray, salience: np.ndarray, lengths: np.ndarray, budget: float
) -> list[int]:
    """The best subset: enumerated when small, else by integer programming."""
    if len(lengths) <= ENUMERATE_UP_TO:
        return _enumerate(matrix, w, salience, lengths, budget)
    return _milp(matrix, w, salience, lengths, budget)


def _enumerate(
    matrix: np.ndarray, w: np.ndarray, salience: np.ndarray, lengths: np.ndarray, budget: float
) -> list[int]:
    n = len(lengths)
    masks = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
    fits = masks @ lengths <= budget
    covered = (masks.astype(np.int32) @ matrix.astype(np.int32)) > 0
    value = covered @ w + masks @ salience
    value[~fits] = -np.inf
    best = int(np.argmax(value))
    return [i for i in range(n) if masks[best, i]]


def _milp(
    matrix: np.ndarray, w: np.ndarray, salience: np.ndarray, lengths: np.ndarray, budget: float
) -> list[int]:
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, m = matrix.shape
    # variables: x (sentences) then c (concepts); maximise w.c + salience.x
    cost = -np.concatenate([salience, w])
    rows = [np.concatenate([lengths.astype(float), np.zeros(m)])]
    lower, upper = [-np.inf], [budget]
    # c_j <= sum_i M_ij x_i
    link = np.hstack([-matrix.T.astype(float), np.eye(m)])
    constraints = [
        LinearConstraint(np.array(rows), lower, upper),
        LinearConstraint(link, -np.inf, 0.0),
    ]
    result = milp(
        cost,
        constraints=constraints,
        integrality=np.concatenate([np.ones(n), np.zeros(m)]),
        bounds=Bounds(0, 1),
    )
    if result.x is None:
        return []
    return [i for i in range(n) if result.x[i] > 0.5]


def greedy_subset(
    matrix: np.ndarray, w: np.ndarray, salience: np.ndarray, lengths: np.ndarray, budget: float
) -> list[int]:
    chosen: list[int] = []
    covered = np.zeros(matrix.shape[1], dtype=bool)
    used = 0.0
    while True:
        best, best_value = -1, 0.0
        for i in range(len(lengths)):
            if i in chosen or used + lengths[i] > budget:
                continue
            gain = float(w[matrix[i] & ~covered].sum()) + salience[i]
            value = gain / max(1.0, float(lengths[i]))
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            return chosen
        chosen.append(best)
        covered |= matrix[best]
        used += lengths[best]
