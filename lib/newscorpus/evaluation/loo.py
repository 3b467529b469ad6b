"""Leave-one-outlet-out: score each outlet with what the other outlets taught the system.

Two checks, one signature style: ``loo_<task>(corpus, gold=None, *, <options>)`` (gold defaults
to ``read_gold(task)``), and :func:`leave_one_outlet_out` ``(task, corpus, gold=None,
**options)`` dispatching to them as :func:`newscorpus.evaluation.evaluate` does.

* entities: the knowledge table keeps only the entries seen in the other outlets' articles (or
  general knowledge); scores by (outlet, label), plus a ``pooled`` outlet.
* visits: the travel vocabulary keeps only the trigger words of the visits correctly found in
  the other outlets, and the knowledge-table entries seen only in the held-out outlet are hidden
  (``extract_visits(..., exclude_outlet=outlet)``, an explicit argument); one row per outlet.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newscorpus.cache import memo
from newscorpus.corpus.missing import working_corpus
from newscorpus.evaluation.entities import (
    BODY_ZONES,
    evaluate_entities,
    loo_predictions,
    match_entities,
)
from newscorpus.evaluation.gold import read_gold
from newscorpus.evaluation.visits import evaluate_visits, match_visits
from newscorpus.extract.travel import vocabulary
from newscorpus.extract.visits import VISIT_COLUMNS, extract_visits
from newscorpus.pipeline import parse


def leave_one_outlet_out(task: str, corpus: pd.DataFrame, gold: pd.DataFrame | None = None,
                         **options) -> pd.DataFrame:
    """The leave-one-outlet-out scores of ``task`` ("entities" or "visits"); ``options`` go to
    :func:`loo_entities` (zones, errors) or :func:`loo_visits` (visitor_type)."""
    if task == "entities":
        return loo_entities(corpus, gold, **options)
    if task == "visits":
        return loo_visits(corpus, gold, **options)
    raise ValueError(f"no leave-one-outlet-out check for task {task!r} (entities, visits)")


def loo_entities(corpus: pd.DataFrame, gold: pd.DataFrame | None = None, *,
                 zones: Iterable[str] | None = BODY_ZONES,
                 errors: bool = False) -> pd.DataFrame:
    """Score newscorpus on each outlet with a knowledge table built from the other outlets only.

    Returns the by-type scores indexed by (outlet, label), including a ``pooled`` outlet in
    which each mention was scored by the fold that held its outlet out. With ``errors=True``,
    returns instead every mention-level error of those runs (``match_entities`` rows whose
    outcome is not "ok", with a ``held_out`` column).
    """
    gold = read_gold("entities") if gold is None else gold
    corpus = working_corpus(corpus)
    preds = loo_predictions(corpus)
    frames = []
    for held, pred in preds.items():
        docs = set(corpus.loc[corpus["outlet"] == held, "doc_id"])
        g = gold[gold["doc_id"].isin(docs)]
        if errors:
            m = match_entities(pred, g, corpus, zones=zones)
            frames.append(m[m["outcome"] != "ok"].assign(held_out=held))
        else:
            frames.append(evaluate_entities(pred, g, corpus, zones=zones).assign(outlet=held))
    if errors:
        return pd.concat(frames, ignore_index=True)
    pooled = evaluate_entities(pd.concat(list(preds.values()), ignore_index=True), gold, corpus,
                               zones=zones)
    frames.append(pooled.assign(outlet="pooled"))
    return pd.concat(frames).reset_index().set_index(["outlet", "label"])


def loo_visits(corpus: pd.DataFrame, gold: pd.DataFrame | None = None, *,
               visitor_type: str | None = "person") -> pd.DataFrame:
    """Generality check: for each outlet, build the travel vocabulary from the trigger words of
    the correctly found visits in the other outlets, hide knowledge-table rows seen only in the
    held-out outlet, and score visits on the held-out outlet alone."""
    gold = read_gold("visits") if gold is None else gold
    corpus = working_corpus(corpus)
    # parses the whole corpus: cached (derived/, keyed on documents, gold, code and settings)
    return memo.cached_frame("visits_leave_one_outlet_out", corpus, _loo_visits,
                             gold, visitor_type, corpus_columns=("text",))


def restricted_vocabulary(lemmas: Iterable[str]) -> dict:
    """The travel vocabulary limited to ``lemmas`` (for leave-one-outlet-out checks)."""
    keep = set(lemmas)
    voc = dict(vocabulary())
    for key in ("travel_verbs", "visit_verbs", "travel_nouns", "stay_verbs", "attend_verbs",
                "arrival_verbs"):
        voc[key] = [w for w in voc[key] if w in keep] or ["__none__"]
    voc["attend_phrases"] = [p for p in voc.get("attend_phrases", []) if p[0] in keep]
    return voc


def _loo_visits(corpus: pd.DataFrame, gold: pd.DataFrame,
                visitor_type: str | None) -> pd.DataFrame:
    parsed = list(parse(corpus))
    full = pd.DataFrame([r for row, doc in parsed for r in extract_visits(doc, row)],
                        columns=VISIT_COLUMNS)
    outlet_of = dict(zip(corpus["doc_id"], corpus["outlet"], strict=True))
    full["outlet"] = full["doc_id"].map(outlet_of)
    gold = gold.assign(outlet=gold["doc_id"].map(outlet_of))
    m = match_visits(full, gold)
    rows = []
    for outlet in sorted(corpus["outlet"].unique()):
        train_docs = {d for d, o in outlet_of.items() if o != outlet}
        tp_keys = m[(m["match"] == "tp") & m["doc_id"].isin(train_docs)][
            ["doc_id", "visitor", "destination_country"]].apply(tuple, axis=1)
        keyed = full.set_index(["doc_id", "visitor", "destination_country"])
        lemmas = set()
        for k in set(tp_keys):
            for trig in keyed.loc[[k], "trigger"]:
                lemmas |= set(trig.split(";"))
        voc = restricted_vocabulary(lemmas)
        pred = pd.DataFrame([r for row, doc in parsed if row["outlet"] == outlet
                             for r in extract_visits(doc, row, voc, exclude_outlet=outlet)],
                            columns=VISIT_COLUMNS)
        g = gold[gold["outlet"] == outlet]
        ev = evaluate_visits(pred, g, visitor_type)
        rows.append({"held_out": outlet, "n_docs": int((corpus["outlet"] == outlet).sum()),
                     "vocabulary": ", ".join(sorted(lemmas)), **ev})
    return pd.DataFrame(rows)
