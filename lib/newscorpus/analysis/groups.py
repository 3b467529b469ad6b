"""Groups of articles (outlet, origin or both) and their denominators: the grouping columns,
readable group labels, files/stories/body words per group, and what a group too small to
conclude anything about cannot show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from newscorpus.corpus.dedupe import unique_stories
from newscorpus.corpus.metadata import origin
from newscorpus.corpus.missing import corpus_missing_values

#: Separator of the values of a combined group label ("The Moscow Times × AFP").
GROUP_SEP = " × "


def group_columns(by: str | Iterable[str] | None, *, required: bool = True) -> list[str]:
    """``by=`` as a list of column names: "outlet" -> ["outlet"], ["outlet", "origin"] as is;
    None or () -> [] where grouping is optional (``required=False``: counts over the corpus)."""
    cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    if (required and not cols) or not all(isinstance(c, str) and c for c in cols):
        raise ValueError(f"by must be a column name or a list of column names, not {by!r}")
    return cols


def _with_groups(corpus: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """The corpus with the grouping columns checked (``origin`` and ``story_id`` derived from
    agency/outlet and duplicate_of when an older table lacks them)."""
    c = corpus
    if "origin" in cols and "origin" not in c.columns and {"agency", "outlet"} <= set(c.columns):
        c = c.assign(origin=[origin(str(a or ""), str(o or "")) for a, o in
                             zip(c["agency"].fillna(""), c["outlet"].fillna(""), strict=True)])
    missing = [col for col in cols if col not in c.columns]
    if missing:
        raise ValueError(f"cannot group by {missing}: not a column of the corpus table "
                         f"(columns: {', '.join(map(str, c.columns))})")
    return c


def group_label(values: Sequence[object], cols: Sequence[str] = ()) -> str:
    """One readable label for a group key: the values joined by " × "; grouped by outlet and
    origin, an origin equal to the outlet is written "own reporting"; an empty value is
    "(<column> unknown)"."""
    named = dict(zip(cols, values, strict=False))
    out = []
    for col, v in zip(cols or [""] * len(values), values, strict=True):
        own = col == "origin" and "outlet" in named and named["outlet"] == v and v
        empty = v is None or (isinstance(v, float) and v != v) or str(v) == ""
        out.append("own reporting" if own else f"({col or 'value'} unknown)" if empty
                   else str(v))
    return GROUP_SEP.join(out)


@corpus_missing_values
def group_sizes(corpus: pd.DataFrame, by: str | Sequence[str] = "outlet",
                duplicates: str = "novel") -> pd.DataFrame:
    """Per group of ``by`` (a column or a list: outlet, origin, [outlet, origin]): files,
    stories (a syndicated story counts once) and the body words counted (with
    ``duplicates="novel"`` a copy adds only its novel paragraphs' words) — the denominators of
    every per-group rate."""
    cols = group_columns(by)
    c = unique_stories(_with_groups(corpus, cols), duplicates)
    out = c.groupby(cols, sort=True).agg(
        files=("doc_id", "size"), stories=("story_id", "nunique"), body_words=("n_words", "sum")
    )
    return out.reset_index()


def outlet_denominators(corpus: pd.DataFrame, duplicates: str = "novel") -> pd.DataFrame:
    """Per outlet: files, stories and body words counted (``group_sizes(by="outlet")``)."""
    return group_sizes(corpus, "outlet", duplicates)


def small_sample_statements(sizes: pd.DataFrame, by: str | Sequence[str] = "outlet",
                            min_stories: int = 2) -> list[str]:
    """What cannot be concluded, from the group sizes (``group_sizes``): one sentence per group
    with fewer than ``min_stories`` independent stories ("One story (1 article) from The Kyiv
    Independent: nothing can be concluded about The Kyiv Independent as a whole; its figures
    describe that story.")."""
    cols = group_columns(by)
    out = []
    for r in sizes.to_dict("records"):
        n = int(r["stories"])
        if n >= min_stories:
            continue
        name = group_label([r[c] for c in cols], cols)
        files = int(r["files"])
        art = f"{files} article{'s' if files != 1 else ''}"
        if n == 0:
            out.append(f"No story from {name}: nothing can be said about {name}.")
        else:
            out.append(f"One story ({art}) from {name}: nothing can be concluded about {name} "
                       f"as a whole; its figures describe that story.")
    return out
