"""``evaluate(task, pred, gold, ...)``: every scorer behind one call and one result shape.

The result is an :class:`Evaluation`: ``scores`` has one row per measure (index ``measure``) and
the same columns for every task -- ``n_gold``, ``n_pred``, ``tp``, ``precision``, ``recall``,
``f1`` (:func:`newscorpus.evaluation.metrics.prf`) -- and ``details`` is the task's item-level
alignment (which gold item met which prediction). The task modules keep their own richer
summaries (``evaluate_entities`` by type, ``evaluate_visits`` with date accuracy, ...).

Measures: entities ``typed`` (span + label) and ``canonical`` (+ canonical name), all scored
types; quotes ``quotation span`` and ``span + speaker``; dates ``expression found`` (a predicted
expression overlaps the gold one) and ``value right`` (its value and precision are the gold's; a
vague gold expression is right when left unresolved); visits ``visit`` (doc, visitor, country);
lines ``body line``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from newscorpus.evaluation import dates, entities, lines, quotes, visits
from newscorpus.evaluation.gold import GOLD_FILES, read_gold
from newscorpus.evaluation.metrics import prf

SCORE_COLUMNS = ["n_gold", "n_pred", "tp", "precision", "recall", "f1"]


@dataclass(frozen=True)
class Evaluation:
    """Scores (one row per measure, :data:`SCORE_COLUMNS`) and the item-level alignment."""

    task: str
    scores: pd.DataFrame
    details: pd.DataFrame


def _row(measure: str, tp: int, n_pred: int, n_gold: int) -> dict:
    p, r, f = prf(tp, n_pred - tp, n_gold - tp)
    return {"measure": measure, "n_gold": n_gold, "n_pred": n_pred, "tp": tp,
            "precision": p, "recall": r, "f1": f}


def evaluate(task: str, pred: Any, gold: pd.DataFrame | None = None, **options) -> Evaluation:
    """Score ``pred`` against ``gold`` (default ``read_gold(task)``) for ``task``.

    Options: entities ``texts`` (the corpus or doc_id -> text; needed unless gold is resolved),
    ``zones``, ``labels``; dates ``corpus`` (needed: gold is anchored in the body text); visits
    ``visitor_type`` ("person" by default, None for all); lines: ``pred`` must be None (the scorer
    runs the cleaner itself) and options go to :func:`lines.evaluate_line_labels`.
    """
    if task not in GOLD_FILES:
        raise ValueError(f"unknown task {task!r}; one of {sorted(GOLD_FILES)}")
    gold = read_gold(task) if gold is None else gold
    if task == "entities":
        texts = options.pop("texts", None)
        table = entities.evaluate_entities(pred, gold, texts, **options).loc["ALL"]
        rows = [_row(kind, int(table[f"tp_{kind}"]), int(table["n_pred"]), int(table["n_gold"]))
                for kind in ("typed", "canonical")]
        details = entities.match_entities(pred, gold, texts, **options)
    elif task == "quotes":
        table = quotes.evaluate_quotes(pred, gold)
        rows = [_row(r["measure"], r["correct"], r["predicted"], r["gold"])
                for r in table.to_dict("records")]
        details = quotes.compare_quotes(pred, gold)
    elif task == "dates":
        details = dates.compare_dates(pred, gold, options["corpus"])
        of_gold = details[details["outcome"] != "extra"]
        found = int((of_gold["outcome"] != "missed").sum())
        n_pred = found + int((details["outcome"] == "extra").sum())
        rows = [_row("expression found", found, n_pred, len(of_gold)),
                _row("value right", int((of_gold["outcome"] == "right").sum()), n_pred,
                     len(of_gold))]
    elif task == "visits":
        kind = options.get("visitor_type", "person")
        ev = visits.evaluate_visits(pred, gold, kind)
        rows = [_row("visit", ev["tp"], ev["tp"] + ev["fp"], ev["tp"] + ev["fn"])]
        if kind:
            pred, gold = pred[pred["visitor_type"] == kind], gold[gold["visitor_type"] == kind]
        details = visits.match_visits(pred, gold)
    else:  # lines
        if pred is not None:
            raise ValueError("evaluate('lines', ...) runs the cleaner itself: pass pred=None")
        ev = lines.evaluate_line_labels(gold=gold, **options)
        rows = [_row("body line", ev["tp"], ev["tp"] + ev["fp"], ev["tp"] + ev["fn"])]
        details = pd.DataFrame(ev["errors"], columns=["doc_id", "line", "gold", "predicted",
                                                      "text"])
    scores = pd.DataFrame(rows).set_index("measure")[SCORE_COLUMNS]
    return Evaluation(task, scores, details)
