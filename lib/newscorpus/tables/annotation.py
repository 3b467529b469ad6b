"""``annotate``: plan the documents still to parse per table, hand the chunks to the workers and
write their rows into the cache (the docs table needs no parsing and is written directly)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from newscorpus.cache.keys import DOCS, NOT_KEYED, Settings, _row_key, exclude_for, settings
from newscorpus.cache.parts import (
    DOC_KEY,
    Cache,
    _check_marker,
    _clean_tmp,
    _index,
    _write_part,
    rows_to_arrow,
    session_cache,
)
from newscorpus.corpus.load import scan_corpus
from newscorpus.corpus.missing import working_corpus, working_row
from newscorpus.tables.fingerprints import _describe, _table_folder
from newscorpus.tables.progress import _progress, show_progress
from newscorpus.tables.registry import TABLES, _resolve, available_tables
from newscorpus.tables.workers import _run_dask, _run_local, _run_pool


@dataclass
class AnnotateResult:
    """What ``annotate`` did: where, which tables, how many documents parsed vs cached."""

    out: Path
    tables: list[str]
    n_docs: int
    n_parsed: int
    n_cached: dict[str, int] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"AnnotateResult(tables={self.tables}, n_docs={self.n_docs}, "
                f"n_parsed={self.n_parsed}, n_cached={self.n_cached})")


def _without_attrs(corpus: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy without ``attrs`` (pandas deep-copies them on every selection; a large
    corpus's list of problems would be copied for every chunk)."""
    view = corpus.copy(deep=False)
    view.attrs = {}
    return view


def _corpus_folder(corpus_or_path: str | os.PathLike) -> Path:
    path = Path(corpus_or_path)
    if not path.exists():
        raise FileNotFoundError(f"corpus folder {path} does not exist")
    if not path.is_dir():
        raise NotADirectoryError(f"corpus path {path} is not a folder of .txt articles")
    return path


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _plan(items: list, size: int) -> list[list]:
    """Chunks of ``size`` items, except that the last 4-5 chunks' worth go in chunks of a quarter
    of that, so that the workers finish close together (with whole chunks one worker could
    idle for most of a chunk at the end). Depends only on the number of items and ``size``."""
    if len(items) <= 5 * size or size < 4:
        return _chunks(items, size)
    cut = (len(items) - 4 * size) // size * size
    return _chunks(items[:cut], size) + _chunks(items[cut:], size // 4)


#: Test hook: called after each chunk is written (lets a test simulate an interruption).
_after_chunk: Callable[[int], None] | None = None


def annotate(
    corpus_or_path: pd.DataFrame | str | os.PathLike,
    out: str | os.PathLike | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    client: Any = None,
    progress: bool | None = None,
    only: Iterable[str] | str | None = None,
    *,
    chunk_size: int | None = None,
    model: str | None = None,
    use_blis: bool | None = None,
    cache: Cache | None = None,
) -> AnnotateResult:
    """Parse every document once and cache the tables (docs, tokens, entities, ...) as Parquet.

    ``only`` limits the tables (names or a comma-separated string); by default every table whose
    module is installed. Documents already cached for a table under the current pipeline
    fingerprint are skipped. ``n_process > 1`` uses a local process pool, ``client`` a
    dask.distributed Client; both give the same tables as ``n_process=1``. ``chunk_size``
    documents are parsed and written together (memory stays bounded by a few chunks); by default
    it depends only on the number of documents to parse (about 64 chunks, 4 to 64 documents
    each, the last few a quarter of that size), never on who does the work. ``progress``: a
    bar over the documents parsed (None: ``show_progress`` decides).
    """
    out_dir = Path(out) if out is not None else (cache or session_cache()).folder
    if isinstance(only, str):
        only = [t.strip() for t in only.split(",") if t.strip()]
    if only is None:
        tables = available_tables()
    else:
        tables = list(dict.fromkeys(only))
        for t in tables:
            _resolve(t)  # raises a clear error for unknown/unavailable tables
    s = settings(model, use_blis, batch_size)
    run = dict(n_process=n_process, client=client, progress=progress, chunk_size=chunk_size)
    if isinstance(corpus_or_path, pd.DataFrame):
        corpus = working_corpus(_without_attrs(corpus_or_path))

        def rows_at(positions: list[int], columns: list[str]) -> list[dict]:
            return corpus[columns].iloc[positions].to_dict("records")

        _check_marker(out_dir, create=True)
        return _annotate(corpus, rows_at, out_dir, tables, s, **run)
    folder = _corpus_folder(corpus_or_path)
    _check_marker(out_dir, create=True)
    # a folder is streamed: its clean texts wait in a temporary file beside the cache, not in
    # memory, and are read back a chunk at a time (the raw scrapes are not kept at all); the
    # cleaning runs where the parsing will (this process, the pool or the Dask workers)
    with scan_corpus(folder, spill_dir=out_dir, n_process=n_process, client=client) as scanned:
        def scanned_rows(positions: list[int], columns: list[str]) -> list[dict]:
            return [working_row(r) for r in scanned.rows(positions, columns)]

        return _annotate(working_corpus(scanned.table), scanned_rows, out_dir, tables, s, **run)


def _annotate(corpus: pd.DataFrame, rows_at: Callable[[list[int], list[str]], list[dict]],
              out_dir: Path, tables: list[str], s: Settings, *, n_process: int, client: Any,
              progress: bool, chunk_size: int | None) -> AnnotateResult:
    """annotate() on a corpus table whose full rows ``rows_at(positions, columns)`` returns."""
    _clean_tmp(out_dir)
    corpus = _without_attrs(corpus)
    key_cols = [c for c in corpus.columns if c not in NOT_KEYED]
    keys = [_row_key(r) for block in _chunks(list(range(len(corpus))), 1024)
            for r in rows_at(block, key_cols)]
    # the docs table needs no parsing: write the rows that are missing
    docs_folder = _table_folder(out_dir, DOCS, s)
    docs_index = _index(docs_folder, verify=True)
    missing_docs = [i for i, k in enumerate(keys) if k not in docs_index]
    doc_cols = [c for c in corpus.columns if c != "raw_text"]
    for chunk in _chunks(missing_docs, 1024):
        chunk_rows = rows_at(chunk, doc_cols)
        for i, r in zip(chunk, chunk_rows, strict=True):
            r[DOC_KEY] = keys[i]
        _write_part(docs_folder, rows_to_arrow(chunk_rows, doc_cols + [DOC_KEY]),
                    [keys[i] for i in chunk])
    _describe(docs_folder, DOCS, s)

    folders = {t: _table_folder(out_dir, t, s) for t in tables}
    indexes = {t: _index(folders[t], verify=True) for t in tables}
    todo: list[tuple[int, str, tuple[str, ...]]] = []  # (corpus position, key, tables wanted)
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:  # an exact duplicate row: same key, one parse
            continue
        seen.add(key)
        wanted = tuple(t for t in tables if key not in indexes[t])
        if wanted:
            todo.append((i, key, wanted))
    needed = set().union(*(TABLES[t].needs for _, _, w in todo for t in w)) if todo else set()
    exclude = exclude_for(needed)
    for t in tables:
        _describe(folders[t], t, s)

    result = AnnotateResult(out_dir, tables, len(corpus), len(todo),
                            {t: sum(k in indexes[t] for k in keys) for t in tables})
    if not todo:
        return result
    if chunk_size is None:
        chunk_size = min(64, max(4, -(-len(todo) // 64)))
    plan = _plan(todo, max(1, chunk_size))
    # corpus rows are turned into dicts one chunk at a time, as chunks are handed out
    row_cols = [c for c in corpus.columns if c != "raw_text"]
    chunks = ([(r, key, wanted) for (_, key, wanted), r in
               zip(part, rows_at([i for i, _, _ in part], row_cols), strict=True)]
              for part in plan)
    dests = {t: str(folders[t]) for t in tables}
    if client is not None:
        results = _run_dask(chunks, exclude, s, client, dests)
    elif n_process > 1 and len(plan) > 1:
        results = _run_pool(chunks, exclude, s, n_process, dests, set(tables))
    else:
        results = _run_local(chunks, exclude, s, dests)
    bar = _progress(len(todo), show_progress(progress))
    try:
        for n, (n_docs, res) in enumerate(results):
            for t, (tab, covered) in res.items():
                if tab is not None:  # else the worker wrote the part itself
                    _write_part(folders[t], tab, covered)
            bar.update(n_docs)
            if _after_chunk is not None:
                _after_chunk(n)
    finally:
        bar.close()
    return result
