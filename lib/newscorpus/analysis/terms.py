"""Distinctive terms: content-term counts per article (lemmas, entities merged into canonical
names) and the words that set a group apart (weighted log-odds with an informative Dirichlet
prior, Monroe et al. 2008)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from newscorpus.analysis.counted import counted_paragraphs, para_index
from newscorpus.analysis.groups import _with_groups, group_columns
from newscorpus.cache import memo
from newscorpus.corpus.dedupe import DUPLICATE_MODES
from newscorpus.corpus.missing import corpus_missing_values
from newscorpus.extract.quotes import _mentions
from newscorpus.pipeline import doc_text
from newscorpus.tables import entities as _entities
from newscorpus.tables import per_doc_table, working_form
from newscorpus.text import paragraph_starts

TERM_COUNT_COLUMNS = ["doc_id", "term", "kind", "count"]
TERM_PARA_COLUMNS = ["doc_id", "para_id", "term", "kind", "count"]
DISTINCTIVE_COLUMNS = [
    "term", "kind", "count", "count_rest", "per_1000", "per_1000_rest", "log_odds", "se", "z",
    "n_terms", "n_terms_rest",
]
#: Entity labels merged into one canonical term by distinctive_terms(entities="merge").
TERM_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")
NON_TERM_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")
_SKIP_POS = {"NUM", "SYM", "PUNCT", "SPACE", "X"}


def extract_terms(doc: Any, row: Mapping, entities: str = "merge") -> list[dict]:
    """Content-term counts for one article: lemmas (stop words, punctuation, numbers out), with
    entity mentions merged into their canonical name (``entities="merge"``) or dropped
    (``"exclude"``) or left as ordinary lemmas (``"keep"``)."""
    counts: Counter = Counter()
    for r in extract_terms_by_paragraph(doc, row, entities):
        counts[(r["term"], r["kind"])] += r["count"]
    return [
        {"doc_id": row.get("doc_id", ""), "term": t, "kind": k, "count": n}
        for (t, k), n in sorted(counts.items())
    ]


def extract_terms_by_paragraph(doc: Any, row: Mapping, entities: str = "merge") -> list[dict]:
    """``extract_terms`` per paragraph (``para_id``: index in ``paragraph_starts(text)``), so a
    copy's shared paragraphs can be left out after the whole article was read."""
    if entities not in ("merge", "exclude", "keep"):
        raise ValueError(f"entities must be 'merge', 'exclude' or 'keep', not {entities!r}")
    by_token: dict[int, dict] = {}
    if entities != "keep":
        for m in _mentions(doc, row):
            if m["label"] not in TERM_ENTITY_LABELS:
                continue
            span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
            if span is None:
                continue
            for k, tok in enumerate(span):
                by_token[tok.i] = {"first": k == 0, "canonical": m["canonical"]}
    for e in doc.ents:  # dates, times, numbers: when a story ran, not how it is told
        if e.label_ in NON_TERM_LABELS:
            for tok in e:
                by_token.setdefault(tok.i, {"first": False, "canonical": ""})
    counts: Counter = Counter()
    starts = paragraph_starts(doc_text(doc))
    for tok in doc:
        ent = by_token.get(tok.i)
        para = para_index(starts, tok.idx)
        if ent is not None:
            if entities == "merge" and ent["first"]:
                counts[(para, ent["canonical"], "entity")] += 1
            continue
        if tok.is_stop or tok.is_punct or tok.is_space or tok.like_num or tok.pos_ in _SKIP_POS:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            continue  # the attribution phrase "according to" is not vocabulary (lemma "accord")
        lemma = tok.lemma_.lower().strip()
        if not any(ch.isalpha() for ch in lemma) or tok.vocab[lemma].is_stop:
            continue
        counts[(para, lemma, "lemma")] += 1
    return [
        {"doc_id": row.get("doc_id", ""), "para_id": p, "term": t, "kind": k, "count": n}
        for (p, t, k), n in sorted(counts.items())
    ]


@corpus_missing_values
def term_counts(
    corpus: pd.DataFrame, *, entities: str = "merge", duplicates: str = "novel"
) -> pd.DataFrame:
    """Content-term counts per article (doc_id, term, kind = lemma|entity, count).

    Every article is read in full (coreference sees the whole text: "Wang" resolves as a reader
    of that article would), then a syndicated copy's terms are kept per ``duplicates`` ("novel":
    only its novel paragraphs'; ``counted_paragraphs``). Parses the corpus: cached under
    derived/ (newscorpus.memo)."""
    return memo.cached_frame("term_counts", corpus, _term_counts, entities=entities,
                             duplicates=duplicates, corpus_columns=("text",),
                             modules=("newscorpus.extract.canonical", "newscorpus.tables"))


def _term_counts(corpus: pd.DataFrame, *, entities: str, duplicates: str) -> pd.DataFrame:
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_MODES}, not {duplicates!r}")
    rows = per_doc_table(corpus, "terms_by_paragraph",
                         partial(extract_terms_by_paragraph, entities=entities), TERM_PARA_COLUMNS)
    if entities == "merge" and len(corpus):
        # entity terms are the entity table's mentions, with its corpus-wide canonical names
        # (newscorpus.tables.entities): the same counts as entity_counts, by construction
        ents = working_form(_entities(corpus), "entities")
        ents = ents[ents["label"].isin(TERM_ENTITY_LABELS)]
        ent_rows = ents.groupby(["doc_id", "para_id", "canonical"]).size().reset_index(
            name="count").rename(columns={"canonical": "term"}).assign(kind="entity")
        rows = pd.concat([rows[rows["kind"] != "entity"], ent_rows[TERM_PARA_COLUMNS]],
                         ignore_index=True)
    copies = corpus.loc[corpus["duplicate_of"].fillna("") != "", "doc_id"] \
        if "duplicate_of" in corpus else pd.Series(dtype=str)
    if duplicates == "drop":
        rows = rows[~rows["doc_id"].isin(set(copies))]
    elif duplicates == "novel" and len(copies):
        keep = counted_paragraphs(corpus)
        mask = [d not in keep or int(p) in keep[d]
                for d, p in zip(rows["doc_id"], rows["para_id"], strict=True)]
        rows = rows[np.array(mask, dtype=bool)]
    out = rows.groupby(["doc_id", "term", "kind"], as_index=False, sort=True)["count"].sum()
    return out[TERM_COUNT_COLUMNS].astype({"count": int})


def log_odds_dirichlet(
    y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monroe, Colaresi & Quinn (2008) weighted log-odds of group i vs j, eq. 16 and 20.

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w);  z_w = delta_w / sqrt(var_w)
    with n_i, n_j the groups' total counts and a0 = sum(a_w). Returns (delta, se, z).
    """
    y_i, y_j, alpha = (np.asarray(a, dtype=float) for a in (y_i, y_j, alpha))
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), alpha.sum()
    delta = np.log((y_i + alpha) / (n_i + a0 - y_i - alpha)) - np.log(
        (y_j + alpha) / (n_j + a0 - y_j - alpha)
    )
    se = np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    return delta, se, delta / se


@corpus_missing_values
def distinctive_terms(
    corpus: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    min_count: int = 3,
    *,
    entities: str = "merge",
    prior: float | None = None,
    duplicates: str = "novel",
    counts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One-vs-rest weighted log-odds (informative Dirichlet prior) of every term per group.

    The prior is the whole corpus's term distribution scaled to ``prior`` pseudo-counts
    (a_w = prior * y_w / n; default prior = n, i.e. a_w = y_w, the corpus counts themselves).
    Terms with fewer than ``min_count`` occurrences in the (deduplicated) corpus are not
    reported but stay in the totals. Entities are merged into canonical names by default, so
    spelling variants (Sergei/Sergey Lavrov) and name fragments (Wang, Yi) do not pose as
    distinctive words. ``by``: a corpus column (outlet, origin, doc_id, ...) or a list of them
    (["outlet", "origin"]: one group per combination, one output column per name). Returns one
    row per group x term, sorted by group then z descending.
    """
    cols = group_columns(by)
    c = _with_groups(corpus, cols)
    tc = counts if counts is not None else term_counts(
        c, entities=entities, duplicates=duplicates
    )
    tc = tc.drop(columns=[x for x in cols if x != "doc_id" and x in tc.columns])
    tc = tc.merge(c[list(dict.fromkeys(["doc_id", *cols]))], on="doc_id")
    tc["_group"] = [tuple(v) for v in tc[cols].itertuples(index=False)]
    mat = tc.pivot_table(index=["term", "kind"], columns="_group", values="count",
                         aggfunc="sum", fill_value=0)
    total = mat.sum(axis=1).to_numpy(dtype=float)
    n = total.sum()
    alpha = (n if prior is None else float(prior)) * total / n
    keep = total >= min_count
    frames = []
    for group in mat.columns:
        y_i = mat[group].to_numpy(dtype=float)
        y_j = total - y_i
        delta, se, z = log_odds_dirichlet(y_i, y_j, alpha)
        f = pd.DataFrame({
            **dict(zip(cols, group, strict=True)), "term": mat.index.get_level_values("term"),
            "kind": mat.index.get_level_values("kind"), "count": y_i.astype(int),
            "count_rest": y_j.astype(int), "per_1000": 1000 * y_i / y_i.sum(),
            "per_1000_rest": 1000 * y_j / y_j.sum(), "log_odds": delta, "se": se, "z": z,
            "n_terms": int(y_i.sum()), "n_terms_rest": int(y_j.sum()),
        })
        frames.append(f[keep])
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values([*cols, "z", "term"], ascending=[True] * len(cols) + [False, True],
                          kind="mergesort")
    return out[[*cols, *DISTINCTIVE_COLUMNS]].reset_index(drop=True)
