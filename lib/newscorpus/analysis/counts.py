"""Corpus-level counts over the entity table: mentions per canonical entity by group, with the
denominators (stories, body words) of every rate, and co-mention matrices."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newscorpus.corpus.dedupe import unique_stories
from newscorpus.text import PARAGRAPH_BREAK, paragraphs


def counted_mentions(ents: pd.DataFrame, corpus: pd.DataFrame,
                     duplicates: str = "novel") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions and documents that counts are computed over, after syndication handling.

    ``duplicates="novel"`` (default): a near-duplicate copy (corpus.duplicate_of non-empty)
    keeps only the mentions in its novel paragraphs (newscorpus.corpus.dedupe.unique_stories: not
    shared with the earlier version) and only those paragraphs' words; "drop": copies are left
    out; "keep": every file counts as written. Returns (mentions, docs); both carry
    ``story_id`` (the original's doc_id for a copy) and ``outlet``; docs has ``n_words`` as
    counted.
    """
    mode = duplicates
    stories = unique_stories(corpus, mode)
    if mode == "keep":
        stories = stories.assign(story_id=stories["doc_id"])
    docs = stories[["doc_id", "outlet", "story_id", "n_words"]].reset_index(drop=True)
    e = ents[ents["doc_id"].isin(docs["doc_id"])].copy()
    if mode == "novel":
        original = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
        kept_text = dict(zip(stories["doc_id"], stories["text"], strict=True))
        dups = corpus.loc[corpus["duplicate_of"].fillna("") != "", "doc_id"]
        keep_mask = pd.Series(True, index=e.index, dtype=bool)
        for doc_id in dups:
            novel = set(paragraphs(kept_text.get(doc_id) or ""))
            paras = PARAGRAPH_BREAK.split(original[doc_id] or "")
            is_novel = {i for i, p in enumerate(paras) if p.strip() in novel}
            rows = e["doc_id"] == doc_id
            keep_mask[rows] = e.loc[rows, "para_id"].isin(is_novel).to_numpy(dtype=bool)
        e = e[keep_mask]
    e = e.drop(columns=[c for c in ("outlet", "story_id") if c in e.columns])
    e = e.merge(docs[["doc_id", "outlet", "story_id"]], on="doc_id", how="left")
    return e, docs


def entity_counts(ents: pd.DataFrame, corpus: pd.DataFrame, by: Iterable[str] = ("doc_id",),
                  *, duplicates: str = "novel",
                  labels: Iterable[str] | None = None) -> pd.DataFrame:
    """Mentions per canonical entity (and ``by`` group: ("doc_id",), ("outlet",) or ()).

    Columns: ``mentions``; ``stories_mentioning`` (stories with >= 1 mention); the denominator
    ``stories_in_group`` and ``share_of_stories`` = stories_mentioning / stories_in_group;
    ``words_in_group`` (body-text words counted, corpus.n_words) and
    ``mentions_per_1000_words`` = 1000 * mentions / words_in_group. A story is an article with
    a syndicated copy merged into its original; ``duplicates`` (see ``counted_mentions``) decides
    how copies count (default "novel": only their novel paragraphs; "keep": every file as written, and
    then a story is a file).
    """
    by = list(by)
    e, docs = counted_mentions(ents, corpus, duplicates)
    if labels is not None:
        e = e[e["label"].isin(list(labels))]
    keys = [*by, "label", "canonical"]
    counts = e.groupby(keys, dropna=False).agg(mentions=("doc_id", "size"),
                                                stories_mentioning=("story_id", "nunique"))
    counts = counts.reset_index()
    if by:
        denom = docs.groupby(by).agg(stories_in_group=("story_id", "nunique"),
                                     words_in_group=("n_words", "sum")).reset_index()
        counts = counts.merge(denom, on=by, how="left")
    else:
        counts["stories_in_group"] = docs["story_id"].nunique()
        counts["words_in_group"] = int(docs["n_words"].sum())
    counts["share_of_stories"] = counts["stories_mentioning"] / counts["stories_in_group"]
    counts["mentions_per_1000_words"] = 1000 * counts["mentions"] / counts["words_in_group"]
    return counts.sort_values([*by, "mentions", "canonical"],
                              ascending=[True] * len(by) + [False, True]).reset_index(drop=True)


def cooccurrence(ents: pd.DataFrame, corpus: pd.DataFrame, *, label: str = "PERSON",
                 unit: str = "sentence", duplicates: str = "novel",
                 min_mentions: int = 1) -> pd.DataFrame:
    """Square matrix canonical x canonical: number of sentences (``unit="sentence"``) or
    paragraphs (``"paragraph"``) in which both entities of type ``label`` are mentioned; the
    diagonal is the number of units mentioning the entity at all. Units are counted over the
    mentions kept by ``counted_mentions(duplicates)``."""
    e, _ = counted_mentions(ents, corpus, duplicates)
    e = e[e["label"] == label]
    keep = e["canonical"].value_counts()
    names = sorted(keep[keep >= min_mentions].index)
    col = {"sentence": "sent_id", "paragraph": "para_id"}[unit]
    units = e[e["canonical"].isin(names)].groupby(["doc_id", col])["canonical"].agg(set)
    mat = pd.DataFrame(0, index=pd.Index(names, name=label), columns=pd.Index(names, name=label))
    for members in units:
        for a in members:
            for b in members:
                mat.loc[a, b] += 1
    return mat
