"""Scoring visits against the hand annotation (annotations/gold_visits.csv) and the probes.

A predicted visit matches a gold visit of the same article, visitor and destination country
(dates break ties between several); matched pairs are then compared on their dates (month and
day), status and city. The probes (annotations/probe_visits.csv) are invented sentences scored
the same way: the out-of-sample check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from newscorpus.cache import memo
from newscorpus.evaluation.gold import read_probes
from newscorpus.evaluation.metrics import prf
from newscorpus.extract.visits import VISIT_COLUMNS, compatible, extract_visits, interval
from newscorpus.pipeline import nlp
from newscorpus.tables import working_form


def match_visits(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Pair predicted and gold visits: same doc, visitor and country; dates break ties.

    One row per gold visit and per unmatched prediction, with ``match`` = tp | fn | fp, the
    date comparison (``month_right``, ``day_right``; NA where the gold has no such date) and
    ``status_ok`` (the predicted status is one the gold accepts: :func:`acceptable_statuses`).
    """
    pred = working_form(pred, "visits")
    rows = []
    keys = ["doc_id", "visitor", "destination_country"]
    pred_groups = {k: list(g.to_dict("records")) for k, g in pred.groupby(keys)} if len(pred) \
        else {}
    for k, g in gold.groupby(keys, sort=True):
        cands = pred_groups.get(k, [])
        for grow in g.to_dict("records"):
            giv = interval(grow["start"], grow["end"])
            best = None
            for c in cands:
                if compatible(giv, interval(c["start"], c["end"])):
                    best = c
                    break
            if best is None and cands:
                best = cands[0]
            if best is not None:
                cands.remove(best)
            rows.append(_pair(grow, best))
        pred_groups[k] = cands
    for cands in pred_groups.values():
        for c in cands:
            rows.append(_pair(None, c))
    return pd.DataFrame(rows)


def acceptable_statuses(g: Mapping) -> set[str]:
    """The statuses a gold visit accepts: its ``status`` and those of its optional
    ``acceptable_status`` column ("reported|planned")."""
    extra = str(g.get("acceptable_status", "") or "")
    return {g["status"], *(s.strip() for s in extra.split("|") if s.strip())}


def _status_ok(g: Mapping | None, p: Mapping | None) -> bool:
    return g is not None and p is not None and p["status"] in acceptable_statuses(g)


def _pair(g: Mapping | None, p: Mapping | None) -> dict:
    src = g if g is not None else p
    out = {
        "doc_id": src["doc_id"],
        "visitor": src["visitor"],
        "visitor_type": (g or p).get("visitor_type", ""),
        "destination_country": src["destination_country"],
        "match": "tp" if g is not None and p is not None else ("fn" if p is None else "fp"),
        "gold_date": "", "pred_date": "", "gold_precision": "", "pred_precision": "",
        "gold_status": g["status"] if g is not None else "",
        "status_ok": _status_ok(g, p),
        "pred_status": p["status"] if p is not None else "",
        "gold_city": g["destination_city"] if g is not None else "",
        "pred_city": p["destination_city"] if p is not None else "",
        "month_right": pd.NA, "day_right": pd.NA,
    }
    if g is not None:
        field_ = "start" if g["start"] else "end"
        out["gold_date"], out["gold_precision"] = g[field_], g["precision"]
        if p is not None:
            out["pred_date"], out["pred_precision"] = p[field_], p["precision"]
        if g[field_]:
            pd_ = out["pred_date"]
            out["month_right"] = bool(pd_) and pd_[:7] == g[field_][:7]
            if g["precision"] == "day":
                out["day_right"] = bool(pd_) and pd_ == g[field_] and p["precision"] == "day"
    return out


def evaluate_visits(pred: pd.DataFrame, gold: pd.DataFrame,
                    visitor_type: str | None = "person") -> dict:
    """Precision/recall of visits (doc, visitor, country) and date/status accuracy
    (``status_right``: matched visits whose status the gold accepts).

    ``visitor_type`` ("person", "group" or None for both) restricts both sides; an empty
    denominator gives NaN (:mod:`newscorpus.evaluation.metrics`).
    """
    pred = working_form(pred, "visits")
    if visitor_type:
        pred = pred[pred["visitor_type"] == visitor_type]
        gold = gold[gold["visitor_type"] == visitor_type]
    m = match_visits(pred, gold)
    tp = int((m["match"] == "tp").sum())
    fp = int((m["match"] == "fp").sum())
    fn = int((m["match"] == "fn").sum())
    precision, recall, _ = prf(tp, fp, fn)
    tps = m[m["match"] == "tp"]
    months = tps["month_right"].dropna()
    days = tps["day_right"].dropna()
    return {
        "tp": tp, "fp": fp, "fn": fn,
        "precision": precision,
        "recall": recall,
        "dated_gold_matched": len(months),
        "month_right": int(months.sum()),
        "day_gold_matched": len(days),
        "day_right": int(days.sum()),
        "status_right": int(tps["status_ok"].sum()),
        "city_gold_matched": int((tps["gold_city"] != "").sum()),
        "city_right": int(((tps["gold_city"] != "")
                           & (tps["gold_city"] == tps["pred_city"])).sum()),
    }



# --- the out-of-sample probes ------------------------------------------------------------


def probe_visits(path: Any = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the extractor on the invented probe sentences (annotations/probe_visits.csv).

    Returns (predicted visits, expected visits) in the visits/gold layouts, keyed by probe_id.
    """
    probes = read_probes(path)
    # parses every probe: cached (derived/, keyed on the probes' content, code and settings)
    pred = memo.cached_frame("probe_visits", None, _probe_predictions, probes)
    expected = probes[probes["visitor"] != ""].rename(columns={"probe_id": "doc_id"})
    expected = expected.assign(visitor_type="person", end="")
    return pred, expected


def evaluate_probe_batch(first: int, last: int, visitor_type: str | None = "person",
                         path: Any = None) -> dict:
    """``evaluate_visits`` on the probes numbered ``first`` to ``last`` (p01 is 1): a batch of
    ``annotations/probe_first_run.csv``. The ids are compared as numbers (as text "p100" would
    sort between "p10" and "p11")."""
    pred, expected = probe_visits(path)

    def batch(t: pd.DataFrame) -> pd.DataFrame:
        return t[t["doc_id"].astype(str).str[1:].astype(int).between(first, last)]

    return evaluate_visits(batch(pred), batch(expected), visitor_type)


def _probe_predictions(probes: pd.DataFrame) -> pd.DataFrame:
    pipe = nlp()
    pred = []
    for r in probes.drop_duplicates("probe_id").itertuples():
        row = {"doc_id": r.probe_id, "published": pd.Timestamp(r.published), "text": r.text}
        pred.extend(extract_visits(pipe(r.text), row))
    return pd.DataFrame(pred, columns=VISIT_COLUMNS)
