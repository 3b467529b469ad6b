"""The one precision / recall / F1 of the package.

Rule for an empty denominator: a ratio with nothing to count is undefined, so it is NaN, never
0.0. Precision is NaN when nothing was predicted (tp + fp == 0), recall is NaN when the gold has
nothing (tp + fn == 0), and F1 is NaN when either is NaN. F1 is 0.0 when precision and recall are
both 0 (predictions and gold exist, none agree): the harmonic mean's limit, not an empty count.

(Before this module there were four implementations: the entity and line-label scorers returned
0.0 for an empty denominator, the quotation and visit scorers NaN, and the quotation F1 was NaN
also when nothing matched. No figure a notebook prints had an empty denominator, so none
changed; the entity accuracy table fills its empty cells with 0 as before.)
"""

from __future__ import annotations

from typing import NamedTuple


class PRF(NamedTuple):
    """Precision, recall and F1 (unpacks as a 3-tuple)."""

    precision: float
    recall: float
    f1: float


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision tp/(tp+fp), recall tp/(tp+fn) and their harmonic mean (see the module rule)."""
    nan = float("nan")
    p = tp / (tp + fp) if tp + fp else nan
    r = tp / (tp + fn) if tp + fn else nan
    if p != p or r != r:  # NaN: undefined precision or recall
        f = nan
    else:
        f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f)
