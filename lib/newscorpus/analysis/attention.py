"""Whom each group talks about: entity attention (``entity_counts``) per group of articles."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from newscorpus.analysis.counts import entity_counts
from newscorpus.analysis.groups import _with_groups, group_columns, group_label
from newscorpus.corpus.missing import corpus_missing_values


@corpus_missing_values
def entity_attention(ents: pd.DataFrame, corpus: pd.DataFrame,
                     by: str | Sequence[str] = "outlet", *, duplicates: str = "novel",
                     labels: Sequence[str] | None = None) -> pd.DataFrame:
    """``entity_counts`` (mentions, stories, words, rates per 1,000 body words) per group of
    ``by`` — outlet, origin or [outlet, origin] — with the same story-once rule. The group's
    columns come first; ``group`` is its readable label ("The Moscow Times × AFP")."""
    cols = group_columns(by)
    c = _with_groups(corpus, cols)
    label = [group_label(tuple(v), cols) for v in c[cols].itertuples(index=False)]
    # entity_counts groups by the corpus' outlet column: give it the group label
    out = entity_counts(ents, c.assign(outlet=label), by=("outlet",), duplicates=duplicates,
                        labels=labels).rename(columns={"outlet": "group"})
    keys = pd.DataFrame({"group": label, **{k: c[k].to_numpy() for k in cols}}).drop_duplicates()
    out = out.merge(keys, on="group", how="left")
    return out[[*cols, "group", *[x for x in out.columns if x not in (*cols, "group")]]]
