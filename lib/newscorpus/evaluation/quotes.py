"""Scoring quotations against the hand annotation (annotations/gold_quotes.csv).

Gold quotations are anchored by their words, not offsets: a predicted quotation matches a gold
one of the same article when the quoted words are equal (whitespace, curly/straight marks and
edge punctuation ignored); a matched speaker is right when it equals one of the gold
alternatives (``|``), joint speakers (``;``) compared as sets.
"""

from __future__ import annotations

import re

import pandas as pd

from newscorpus.evaluation.gold import read_gold
from newscorpus.evaluation.metrics import prf
from newscorpus.tables import working_form

_EDGE = " \t\n,.;:!?\"'\u201c\u201d\u2018\u2019"


def _norm_quote(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip(_EDGE).lower()


def _norm_speaker(s: str) -> frozenset[str]:
    parts = [p.strip().lower().replace("\u2019", "'") for p in str(s).split(";")]
    return frozenset(re.sub(r"^the ", "", p) for p in parts if p)


def compare_quotes(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Align predicted and gold quotations by doc_id + quoted words (one-to-one).

    One row per gold or predicted quotation: status is ``matched``, ``missed`` (gold only) or
    ``spurious`` (prediction only); ``speaker_ok`` says whether a matched speaker is right
    (any of the gold alternatives separated by "|", joint speakers compared as sets).
    """
    rows = []
    used: set[int] = set()
    pred = working_form(pred, "quotes").reset_index(drop=True)
    pkeys = [(d, _norm_quote(t)) for d, t in zip(pred["doc_id"], pred["text"], strict=True)]
    for g in gold.to_dict("records"):
        key = (g["doc_id"], _norm_quote(g["quote"]))
        hit = next((i for i, k in enumerate(pkeys) if k == key and i not in used), None)
        alts = {_norm_speaker(a) for a in str(g["speaker"]).split("|")}
        if hit is None:
            rows.append({"doc_id": g["doc_id"], "quote": g["quote"], "status": "missed",
                         "gold_speaker": g["speaker"], "pred_speaker": "", "speaker_ok": False})
            continue
        used.add(hit)
        ps = pred.loc[hit, "speaker"]
        rows.append({"doc_id": g["doc_id"], "quote": g["quote"], "status": "matched",
                     "gold_speaker": g["speaker"], "pred_speaker": ps,
                     "speaker_ok": _norm_speaker(ps) in alts})
    for i, p in pred.iterrows():
        if i not in used:
            rows.append({"doc_id": p["doc_id"], "quote": p["text"], "status": "spurious",
                         "gold_speaker": "", "pred_speaker": p["speaker"], "speaker_ok": False})
    return pd.DataFrame(rows, columns=["doc_id", "quote", "status", "gold_speaker",
                                       "pred_speaker", "speaker_ok"])


def evaluate_quotes(pred: pd.DataFrame, gold: pd.DataFrame | None = None) -> pd.DataFrame:
    """Precision/recall/F1 of quotation spans and of (span, speaker) pairs against the gold.

    span: a predicted quotation is right when its quoted words equal a gold quotation's in the
    same article (whitespace and edge punctuation ignored). speaker: right span AND right
    speaker; precision over predictions that name a speaker, recall over gold quotations that
    have one. An empty denominator gives NaN (:mod:`newscorpus.evaluation.metrics`).
    """
    gold = read_gold("quotes") if gold is None else gold
    pred = working_form(pred, "quotes")
    cmp = compare_quotes(pred, gold)
    matched = cmp["status"].eq("matched")
    n_pred, n_gold = len(pred), len(gold)
    sp_ok = int((matched & cmp["speaker_ok"]).sum())
    n_pred_sp = int(pred["speaker"].fillna("").astype(str).str.len().gt(0).sum())
    n_gold_sp = int(gold["speaker"].astype(str).str.len().gt(0).sum())

    def scores(tp: int, np_: int, ng: int) -> dict:
        p, r, f = prf(tp, np_ - tp, ng - tp)
        return {"correct": tp, "predicted": np_, "gold": ng, "precision": p, "recall": r, "f1": f}

    return pd.DataFrame([
        {"measure": "quotation span", **scores(int(matched.sum()), n_pred, n_gold)},
        {"measure": "span + speaker", **scores(sp_ok, n_pred_sp, n_gold_sp)},
    ])
