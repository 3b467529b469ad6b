"""Entity tables made with other settings than the package's own, for evaluation: with an
explicit knowledge table (leave-one-outlet-out, "general rows only") or another text column, and
the plain spaCy model as the baseline."""

from __future__ import annotations

from typing import Any

import pandas as pd

from newscorpus.cache.keys import exclude_for
from newscorpus.extract.canonical import unify_names
from newscorpus.extract.entities import ENTITY_COLUMNS, ENTITY_LABELS, extract_entities
from newscorpus.knowledge import add_knowledge_ruler
from newscorpus.pipeline import load_uncached
from newscorpus.pipeline import nlp as get_nlp


def entities_with(corpus: pd.DataFrame, knowledge: pd.DataFrame, *, column: str = "text",
                  nlp: Any = None) -> pd.DataFrame:
    """``entities`` with an explicit knowledge table (own pipeline; e.g. leave-one-outlet-out)
    and optionally another text column (``raw_text``)."""
    if nlp is None:
        # extract_entities reads only NER output: run NER alone (as annotate does; same rows)
        nlp = load_uncached(exclude=exclude_for({"ner"}))
        add_knowledge_ruler(nlp, knowledge)
    rows = corpus.to_dict("records")
    out: list[dict] = []
    for row, doc in zip(rows, nlp.pipe(r[column] or "" for r in rows), strict=True):
        out.extend(extract_entities(doc, {**row, "text": row[column]}, knowledge=knowledge))
    return unify_names(pd.DataFrame(out, columns=ENTITY_COLUMNS), knowledge)


def raw_model_entities(corpus: pd.DataFrame, column: str = "text") -> pd.DataFrame:
    """Baseline: the plain spaCy model's entities (no ruler, no rules), canonical = surface."""
    pipe = get_nlp(knowledge=False)
    rows = []
    for row, doc in zip(corpus.to_dict("records"),
                        pipe.pipe(r or "" for r in corpus[column]), strict=True):
        for e in doc.ents:
            if e.label_ in ENTITY_LABELS:
                rows.append({"doc_id": row["doc_id"], "start_char": e.start_char,
                             "end_char": e.end_char, "text": e.text, "label": e.label_,
                             "canonical": e.text, "method": "model"})
    return pd.DataFrame(rows, columns=["doc_id", "start_char", "end_char", "text", "label",
                                       "canonical", "method"])
