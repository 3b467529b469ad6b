"""Reading tables back from the cache (``load_table``), and serving a per-document table from the
cache or computing it (``cached_table``, ``per_doc_table``)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from newscorpus import pipeline
from newscorpus.cache.keys import DOCS, Settings, doc_keys, settings
from newscorpus.cache.parts import (
    DOC_KEY,
    MARKER,
    Cache,
    CacheError,
    StaleCacheError,
    _check_marker,
    _index,
    _ordered_doc_keys,
    _read_description,
    _read_parts,
    arrow_to_frame,
    damaged_parts,
    frame,
    session_cache,
)
from newscorpus.corpus.missing import working_corpus
from newscorpus.tables.annotation import annotate
from newscorpus.tables.fingerprints import _table_folder, fingerprint, pipeline_description
from newscorpus.tables.na import with_na
from newscorpus.tables.progress import _progress, show_progress
from newscorpus.tables.registry import TABLES, _resolve, spec_for_extractor


def load_table(
    name: str,
    corpus: pd.DataFrame | None = None,
    out: str | os.PathLike | None = None,
    *,
    model: str | None = None,
    use_blis: bool | None = None,
    strict: bool = True,
    cache: Cache | None = None,
) -> pd.DataFrame | None:
    """Read a cached table (rows in corpus order, as the table function would return them,
    missing values NA: see ``with_na``).

    With ``corpus`` only its documents are returned and every one must be cached; without it,
    every document of the cache (in the order of the docs table). If some documents are not
    cached: ``strict`` raises (StaleCacheError if they were cached by another pipeline, else
    KeyError), otherwise returns None. The cache folder is ``out``, else ``cache.folder``, else
    the session's (``set_cache``).
    """
    table = _read_table(name, corpus, out, model=model, use_blis=use_blis, strict=strict,
                        cache=cache)
    return None if table is None else with_na(table, name)


def _read_table(
    name: str,
    corpus: pd.DataFrame | None = None,
    out: str | os.PathLike | None = None,
    *,
    model: str | None = None,
    use_blis: bool | None = None,
    strict: bool = True,
    cache: Cache | None = None,
) -> pd.DataFrame | None:
    """``load_table`` as the cache stores it (missing strings ""; what ``per_doc_table`` serves).

    The arguments are ``load_table``'s (which calls this and then ``with_na``).
    """
    out_dir = Path(out) if out is not None else (cache or session_cache()).folder
    _check_marker(out_dir, create=False)
    s = settings(model, use_blis)
    if name == DOCS:
        folder, columns = _table_folder(out_dir, DOCS, s), None
    else:
        _, columns = _resolve(name)
        folder = _table_folder(out_dir, name, s)
    index = _index(folder)
    if corpus is None:
        docs_index = _index(_table_folder(out_dir, DOCS, s))
        keys_ = _ordered_doc_keys(docs_index)
        keys_ = [k for k in keys_ if k in index]
    else:
        keys_ = list(dict.fromkeys(doc_keys(corpus)))
    missing = [k for k in keys_ if k not in index]
    if missing:
        if not strict:
            return None
        _raise_missing(out_dir, name, s, missing, len(keys_))
    table = _read_parts(index, keys_)
    if columns is None:
        columns = [c for c in table.column_names if c != DOC_KEY]
    return arrow_to_frame(table, columns)


def _raise_missing(out: Path, name: str, s: Settings, missing: list[str], total: int) -> None:
    current = pipeline_description(name, s)
    others = []
    base = out / name
    if base.is_dir():
        for folder in sorted(p for p in base.iterdir() if p.is_dir()):
            if folder.name == fingerprint(name, s):
                continue
            idx = _index(folder)
            if any(k in idx for k in missing):
                desc = _read_description(folder)
                diff = [f"{k}: {desc.get(k)!r} -> {v!r}" for k, v in current.items()
                        if desc.get(k) != v]
                others.append(f"{folder.name} ({'; '.join(diff) or 'unknown difference'})")
    if others:
        raise StaleCacheError(
            f"{len(missing)} of {total} documents of table {name!r} in {out} were cached by "
            f"another pipeline version: {', '.join(others)}. Re-run "
            f"`python -m newscorpus annotate PATH --out {out}` to refresh them."
        )
    damaged = damaged_parts(_table_folder(out, name, s))
    if damaged:
        raise CacheError(
            f"{len(missing)} of {total} documents of table {name!r} in {out} are in damaged part "
            f"file(s): " + "; ".join(f"{p.name} ({e})" for p, e in sorted(damaged.items()))
            + f". Re-run `python -m newscorpus annotate PATH --out {out}` to parse them again."
        )
    raise KeyError(
        f"{len(missing)} of {total} documents of table {name!r} are not cached in {out}; "
        f"run `python -m newscorpus annotate PATH --out {out}` first."
    )


def cached_table(corpus: pd.DataFrame, name: str, extract: Callable,
                 cache: Cache | None = None, *, progress: bool | None = False
                 ) -> pd.DataFrame | None:
    """What ``per_doc_table`` asks first: the table from ``cache`` (default: the session's), or
    None.

    Only for registered extractors (any other function is never cached). Mode readwrite
    annotates the missing documents of this table first; mode read serves complete caches only.
    """
    spec = TABLES.get(name)
    if spec is None or spec_for_extractor(extract) is not spec:
        return None
    cache = cache or session_cache()
    mode = cache.active_mode
    if mode == "off" or "text" not in corpus.columns:
        return None
    out = cache.folder
    if mode == "readwrite":
        try:
            annotate(corpus, out, only=[name], progress=show_progress(progress))
        except OSError as err:  # read-only or full disk: compute without the cache
            warnings.warn(f"newscorpus cache {out} not writable ({err}); not caching",
                          stacklevel=3)
            return None
    elif not (out / MARKER).is_file():
        return None
    return _read_table(name, corpus, out, strict=False)


def per_doc_table(
    corpus: pd.DataFrame,
    name: str,
    extract: Callable[[Any, Mapping], list[dict]],
    columns: list[str],
    *,
    cache: Cache | None = None,
    progress: bool | None = None,
    **nlp_kwargs: Any,
) -> pd.DataFrame:
    """Run ``extract(doc, row)`` on every parsed article and stack the rows into table ``name``.

    For the registered table extractors (``TABLES``) and default pipeline settings the table is
    served from ``cache`` (default: the session's; its mode decides whether missing documents
    are annotated into it first); the result is identical either way. ``progress``: a bar over
    the documents parsed (default: ``show_progress(None)``).
    """
    corpus = working_corpus(corpus)
    if not nlp_kwargs:
        cached = cached_table(corpus, name, extract, cache, progress=progress)
        if cached is not None:
            return cached
    out: list[dict] = []
    bar = _progress(len(corpus), show_progress(progress), desc=name)
    try:
        for row, doc in pipeline.parse(corpus, **nlp_kwargs):
            out.extend(extract(doc, row))
            bar.update(1)
    finally:
        bar.close()
    return frame(out, columns)
