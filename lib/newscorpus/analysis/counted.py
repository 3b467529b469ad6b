"""Story-once reading of tables extracted on full texts: which paragraphs of a syndicated copy
count (its novel ones), and the rows of a table kept under a ``duplicates`` mode."""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
import pandas as pd

from newscorpus.corpus.dedupe import DUPLICATE_MODES, unique_stories
from newscorpus.text import PARAGRAPH_BREAK, paragraph_starts, paragraphs


def counted_paragraphs(corpus: pd.DataFrame) -> dict[str, set[int]]:
    """doc_id -> indices of the paragraphs counted, for every syndicated copy
    (``duplicate_of`` non-empty): those not shared with the earlier version (the paragraphs
    ``unique_stories(duplicates="novel")`` keeps). Paragraph i starts at
    ``newscorpus.text.paragraph_starts(text)[i]`` of the copy's **full** text, so every table
    can be extracted on full texts (coreference sees the whole article) and filtered after."""
    dup = corpus["duplicate_of"].fillna("") if "duplicate_of" in corpus else None
    if dup is None or not (dup != "").any():
        return {}
    novel_text = dict(zip(*(unique_stories(corpus, "novel")[k] for k in ("doc_id", "text")),
                          strict=True))
    out: dict[str, set[int]] = {}
    for doc_id, text in zip(corpus.loc[dup != "", "doc_id"], corpus.loc[dup != "", "text"],
                            strict=True):
        novel = set(paragraphs(novel_text.get(doc_id) or ""))
        out[doc_id] = {i for i, p in enumerate(PARAGRAPH_BREAK.split(text or ""))
                       if p.strip() and p.strip() in novel}
    return out


def keep_counted(rows: pd.DataFrame, corpus: pd.DataFrame, duplicates: str = "novel",
                 offset: str = "start_char") -> pd.DataFrame:
    """Rows of a table extracted on the full texts (doc_id + a character ``offset``), reduced
    to what counts under ``duplicates``: "keep" all; "drop" none of a copy's; "novel" only
    those in a copy's novel paragraphs (``counted_paragraphs``)."""
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_MODES}, not {duplicates!r}")
    if duplicates == "keep" or rows.empty or "duplicate_of" not in corpus:
        return rows
    copies = set(corpus.loc[corpus["duplicate_of"].fillna("") != "", "doc_id"])
    if duplicates == "drop":
        return rows[~rows["doc_id"].isin(copies)]
    keep = counted_paragraphs(corpus)
    starts = {d: paragraph_starts(t or "") for d, t in
              zip(corpus["doc_id"], corpus["text"], strict=True) if d in keep}
    mask = [d not in keep or para_index(starts[d], int(o)) in keep[d]
            for d, o in zip(rows["doc_id"], rows[offset], strict=True)]
    return rows[np.array(mask, dtype=bool)]


def para_index(starts: list[int], pos: int) -> int:
    """Index of the paragraph (by its start offsets) holding character ``pos``."""
    return max(0, bisect_right(starts, pos) - 1)
