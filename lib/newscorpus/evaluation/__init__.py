"""Evaluation: gold readers, the one P/R/F1, one scorer per task, leave-one-outlet-out.

    metrics   prf(tp, fp, fn) and its empty-denominator rule (NaN)
    gold      read_gold(task) for entities, quotes, dates, visits, lines (annotations/)
    entities  quotes  dates  visits  lines   one scorer module per task
    loo       leave-one-outlet-out checks (entities, visits)
    api       evaluate(task, pred, gold, ...) -> Evaluation (one shape for every task)

The names below are resolved lazily (as in the package's ``__init__``): importing a scorer
module does not import the others.
"""

from __future__ import annotations

import importlib
from typing import Any

_API: dict[str, str] = {
    "prf": "newscorpus.evaluation.metrics",
    "read_gold": "newscorpus.evaluation.gold",
    "evaluate": "newscorpus.evaluation.api",
    "Evaluation": "newscorpus.evaluation.api",
    "leave_one_outlet_out": "newscorpus.evaluation.loo",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'newscorpus.evaluation' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
