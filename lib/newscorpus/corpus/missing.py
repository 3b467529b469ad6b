"""Missing values of the corpus table.

``load_corpus`` returns a value the page does not give (no agency, no address, no byline, no
near-duplicate, ...) as ``None``: pandas' missing value of an object column, so ``isna()``,
``fillna()``, ``dropna()`` and ``value_counts(dropna=False)`` treat it as missing, and a row read
with ``iterrows``/``to_dict`` holds ``None`` (whose ``str``/``or`` behave like an empty value, as
scripts reading the table expect; ``pd.NA`` would raise on ``or`` and print as "<NA>" —
the project's scorer, ``../shared/devset/score.py``, reads outlet and title that way). The
library's extractors, cache keys and analyses work on the other form, "" for missing
(``working_corpus``), so a table built from either form is the same and caches stay valid.

The columns below are the ones that can be missing; ``doc_id``, ``path``, ``source_kind``,
``text``, ``n_words``, ``n_words_raw`` and ``story_id`` never are (an empty ``text`` is an
article whose body is empty, a value), ``published`` is NaT when unknown and ``raw_text`` is
None with ``keep_raw=False``.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

#: Corpus columns whose value can be missing: None in ``load_corpus``'s table, "" in the
#: working form.
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "outlet", "agency", "origin", "published_precision", "title", "url", "byline",
    "outlet_source", "agency_source", "published_source", "title_source", "url_source",
    "byline_source", "captions", "duplicate_of",
)


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def public_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus table as ``load_corpus`` returns it: "" in ``OPTIONAL_COLUMNS`` becomes None
    (in place; the table is returned for chaining)."""
    for col in OPTIONAL_COLUMNS:
        if col in corpus.columns:
            values = corpus[col].astype(object)
            corpus[col] = values.mask(values.map(lambda v: _missing(v) or v == ""), None)
    return corpus


def working_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus table in the library's working form: a missing value (None, NA, NaN) in
    ``OPTIONAL_COLUMNS`` is "". A table already in that form is returned as is (not copied)."""
    cols = [c for c in OPTIONAL_COLUMNS if c in corpus.columns and corpus[c].isna().any()]
    if not cols:
        return corpus
    out = corpus.copy()
    for col in cols:
        out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out


def working_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """One corpus row (a dict of column -> value) in the working form (see ``working_corpus``)."""
    return {k: ("" if k in OPTIONAL_COLUMNS and _missing(v) else v) for k, v in row.items()}


def missing_as_none(table: pd.DataFrame) -> pd.DataFrame:
    """A result table whose ``OPTIONAL_COLUMNS`` (group keys taken from the corpus: outlet,
    agency, origin, ...) hold None where the corpus has no value, as in ``load_corpus``'s table."""
    cols = [c for c in OPTIONAL_COLUMNS if c in table.columns and table[c].dtype == object
            and (table[c] == "").any()]
    if not cols:
        return table
    out = table.copy()
    for col in cols:
        out[col] = out[col].mask(out[col] == "", None)
    return out


#: True while a decorated analysis runs (its inner analyses then return the working form).
_INSIDE: contextvars.ContextVar[bool] = contextvars.ContextVar("newscorpus_inside_analysis",
                                                               default=False)


def corpus_missing_values(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator of the analyses: the ``corpus`` argument (and a ``frame`` argument, a result
    of another analysis) is read in the working form, so an article without an outlet
    is counted in the "" group like any other and never dropped by a groupby, and a result
    table is returned with None in the group keys it took from the corpus
    (``missing_as_none``). Only the outermost decorated call converts its result: an analysis
    calling another keeps working on the "" form."""
    sig = inspect.signature(fn)
    tables = [p for p in ("corpus", "frame") if p in sig.parameters]

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        bound = sig.bind(*args, **kwargs)
        for name in tables:
            if isinstance(bound.arguments.get(name), pd.DataFrame):
                bound.arguments[name] = working_corpus(bound.arguments[name])
        token = _INSIDE.set(True)
        try:
            out = fn(*bound.args, **bound.kwargs)
        finally:
            _INSIDE.reset(token)
        if token.old_value is True or not isinstance(out, pd.DataFrame):
            return out
        return missing_as_none(out)

    return run
