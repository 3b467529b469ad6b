"""Scoring the cleaner's line labels against the hand labels of every raw line
(annotations/line_labels.csv): is each non-blank line of a seed file body or furniture?
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from newscorpus import config
from newscorpus.corpus.clean import BODY_LABEL, clean_article
from newscorpus.corpus.load import load_corpus
from newscorpus.corpus.units import normalise
from newscorpus.evaluation.gold import gold_path, read_gold
from newscorpus.evaluation.metrics import prf


def predicted_line_labels(
    raw: str, *, repeated: Iterable[str] = (), rules: dict[str, dict] | None = None
) -> dict[int, str]:
    """Label of every non-blank raw line as assigned by the cleaner (1-based line numbers)."""
    return clean_article(raw, repeated=repeated, rules=rules).line_labels()


def evaluate_line_labels(
    corpus_dir: str | Path | None = None,
    labels_csv: str | Path | None = None,
    *,
    positive: str = BODY_LABEL,
    rules: dict[str, dict] | None = None,
    use_repeated: bool = True,
    gold: pd.DataFrame | None = None,
) -> dict:
    """Precision/recall/F1 of ``positive`` (body) lines against hand labels of every raw line.

    ``labels_csv`` has columns doc_id, line, label, text (the raw line, for anchoring; a row whose
    text no longer matches the file is an error); rows labelled ``blank`` are not scored.
    Returns counts, scores and the disagreements.
    ``rules={}, use_repeated=False`` measures the generic signals alone (no phrase lists).
    ``gold`` replaces the labels read from ``labels_csv`` (same columns).
    Precision, recall and F1 follow :func:`newscorpus.evaluation.metrics.prf`.
    """
    corpus_dir = Path(corpus_dir or config.SEEDS_DIR)
    labels_csv = Path(labels_csv) if labels_csv is not None else gold_path("lines")
    corpus = load_corpus(corpus_dir)
    repeated = corpus.attrs.get("repeated_lines", {})
    predicted = {
        r.doc_id: predicted_line_labels(
            r.raw_text, repeated=repeated.get(r.outlet or "", ()) if use_repeated else (), rules=rules)
        for r in corpus.itertuples(index=False)
    }
    gold = read_gold("lines", labels_csv) if gold is None else gold
    gold_rows = gold.to_dict("records")
    raw_by_id = dict(zip(corpus["doc_id"], corpus["raw_text"], strict=True))
    tp = fp = fn = tn = 0
    agree = 0
    errors = []
    gold_rows = [r for r in gold_rows if r["label"] != "blank"]
    for row in gold_rows:
        doc_id, line = row["doc_id"], int(row["line"])
        raw_lines = normalise(raw_by_id[doc_id]).split("\n") if doc_id in raw_by_id else []
        actual = raw_lines[line - 1] if line - 1 < len(raw_lines) else None
        if actual is None or actual[:40] != normalise(row["text"])[:40]:
            raise ValueError(f"{labels_csv}: {doc_id} line {line} no longer matches the file")
        pred = predicted[doc_id].get(line, "")
        agree += pred == row["label"]
        g, p = row["label"] == positive, pred == positive
        tp += g and p
        fp += p and not g
        fn += g and not p
        tn += not g and not p
        if g != p:
            errors.append({"doc_id": doc_id, "line": line, "gold": row["label"],
                           "predicted": pred, "text": row["text"]})
    precision, recall, f1 = prf(tp, fp, fn)
    return {"lines": len(gold_rows), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "f1": f1,
            "label_accuracy": agree / len(gold_rows) if gold_rows else 0.0, "errors": errors}
