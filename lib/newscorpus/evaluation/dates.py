"""Scoring resolved temporal expressions against the hand resolution (annotations/gold_dates.csv).

A gold expression is anchored by its context in the clean body; the predicted expression that
overlaps it is right when its value and precision are the gold's (a ``vague`` gold expression is
right when left unresolved).
"""

from __future__ import annotations

import pandas as pd

from newscorpus.tables import working_form


def compare_dates(pred: pd.DataFrame, gold: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per gold expression (outcome right / wrong / missed) and per predicted expression
    that overlaps no gold one (outcome extra). Gold is anchored by its context in the body."""
    pred = working_form(pred, "dates")
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    rows = []
    used: set[int] = set()
    for g in gold.to_dict("records"):
        text = texts.get(g["doc_id"], "")
        at = text.find(g["context"])
        if at < 0:
            rows.append({**g, "outcome": "missed", "pred_text": "", "pred_value": "",
                         "pred_precision": "", "note": "context not in body"})
            continue
        s = at + g["context"].find(g["expression"])
        e = s + len(g["expression"])
        cand = pred[(pred["doc_id"] == g["doc_id"]) & (pred["start_char"] < e)
                    & (pred["end_char"] > s)]
        if cand.empty:
            rows.append({**g, "outcome": "missed", "pred_text": "", "pred_value": "",
                         "pred_precision": "", "note": ""})
            continue
        p = cand.iloc[0]
        used.add(int(cand.index[0]))
        if g["precision"] == "vague":
            ok = p["value"] == ""
        else:
            ok = (p["value"], p["precision"]) == (g["value"], g["precision"])
        rows.append({**g, "outcome": "right" if ok else "wrong", "pred_text": p["text"],
                     "pred_value": p["value"], "pred_precision": p["precision"], "note": ""})
    for i, p in pred.iterrows():
        if i not in used and p["doc_id"] in set(gold["doc_id"]):
            rows.append({"doc_id": p["doc_id"], "expression": "", "context": "", "value": "",
                         "precision": "", "outcome": "extra", "pred_text": p["text"],
                         "pred_value": p["value"], "pred_precision": p["precision"], "note": ""})
    return pd.DataFrame(rows)


def evaluate_dates(pred: pd.DataFrame, gold: pd.DataFrame, corpus: pd.DataFrame) -> dict:
    """Counts of right / wrong / missed gold expressions (datable and vague) and extras."""
    c = compare_dates(pred, gold, corpus)
    datable = c[(c["outcome"] != "extra") & (c["precision"] != "vague")]
    vague = c[(c["outcome"] != "extra") & (c["precision"] == "vague")]
    return {
        "datable": len(datable),
        "datable_right": int((datable["outcome"] == "right").sum()),
        "datable_wrong": int((datable["outcome"] == "wrong").sum()),
        "datable_missed": int((datable["outcome"] == "missed").sum()),
        "vague": len(vague),
        "vague_left_unresolved": int((vague["outcome"] == "right").sum()),
        "vague_missed_or_merged": int((vague["outcome"] != "right").sum()),
        "extra": int((c["outcome"] == "extra").sum()),
    }
