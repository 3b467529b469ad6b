"""The tables: the registry, ``annotate`` (parse once, cache every table), and reading them back.

``annotate(corpus)`` parses each document once (only with the spaCy components the requested
tables need), runs every table's per-document extractor ``extract_<table>(doc, row)`` on the
same Doc, and writes the rows as Parquet parts under the cache folder, one chunk of documents at
a time (streaming: at most a few chunks of Docs per worker are alive). Work is done in-process,
in a pool of local processes (``n_process``) or on a Dask cluster (``client``) through
``newscorpus.parallel``; chunking is the same in all three, so the tables are identical row for
row. ``load_table`` reads a table back; ``per_doc_table`` (behind ``tokens(corpus)``,
``entities(corpus)``, ...) serves a registered table from the cache or computes it.

The cache to use is passed down as ``cache=`` (a ``Cache(path, mode)``); where none is passed,
the session default set by ``set_cache`` / ``using_cache`` (or $NEWSCORPUS_CACHE and
$NEWSCORPUS_CACHE_MODE). The layout on disk is described in ``newscorpus.cache.parts``; what a
row is keyed by (document keys, pipeline fingerprints) in ``newscorpus.cache.keys``.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from newscorpus import parallel, pipeline
from newscorpus.cache import keys
from newscorpus.cache.keys import (
    ALL_COMPONENTS,
    CACHE_FORMAT,
    DOCS,
    NOT_KEYED,
    Settings,
    _row_key,
    doc_keys,
    exclude_for,
    settings,
)
from newscorpus.cache.parts import (
    DOC_KEY,
    MARKER,
    MODE_ENV,
    MODES,
    Cache,
    CacheError,
    CacheVersionError,
    StaleCacheError,
    TableUnavailableError,
    _check_marker,
    _clean_tmp,
    _index,
    _ordered_doc_keys,
    _read_description,
    _read_parts,
    _write_description,
    _write_part,
    active_cache_dir,
    arrow_to_frame,
    cache_mode,
    damaged_parts,
    frame,
    rows_to_arrow,
    session_cache,
    set_cache,
    using_cache,
)
from newscorpus.corpus.load import scan_corpus
from newscorpus.extract.canonical import unify_names
from newscorpus.tables.registry import (
    TABLES,
    TableSpec,
    _resolve,
    available_tables,
    spec_for_extractor,
    table_names,
)

__all__ = [
    "ALL_COMPONENTS", "CACHE_FORMAT", "DOCS", "DOC_KEY", "MARKER", "MODES", "MODE_ENV", "TABLES",
    "AnnotateResult", "Cache", "CacheError", "CacheVersionError", "Settings", "StaleCacheError",
    "TableSpec", "TableUnavailableError", "active_cache_dir", "annotate", "arrow_to_frame",
    "available_tables", "cache_mode", "cached_table", "doc_keys", "exclude_for", "fingerprint",
    "frame", "load_table", "per_doc_table", "pipeline_description", "rows_to_arrow",
    "session_cache", "set_cache", "settings", "spec_for_extractor", "table_names", "using_cache",
    "tokens", "entities", "quotes", "dates", "visits", "show_progress", "PROGRESS_ENV",
    "DATE_COLUMNS", "with_na", "working_form",
]


def pipeline_description(table: str, s: Settings) -> dict[str, Any]:
    """Everything the cached rows of ``table`` depend on besides the document itself."""
    if table == DOCS:
        return keys.pipeline_description(DOCS, s)
    spec = TABLES[table]
    return keys.pipeline_description(table, s, spec.module, spec.needs)


def fingerprint(table: str, s: Settings) -> str:
    """Short hash of ``pipeline_description`` (the folder name of the table's valid parts)."""
    if table == DOCS:
        return keys.fingerprint(DOCS, s)
    spec = TABLES[table]
    return keys.fingerprint(table, s, spec.module, spec.needs)


def _table_folder(out: Path, table: str, s: Settings) -> Path:
    return out / table / fingerprint(table, s)


def _describe(folder: Path, table: str, s: Settings) -> None:
    _write_description(folder, pipeline_description(table, s))


# --------------------------------------------------------------------------- workers


def _annotate_chunk(items: list[tuple[dict, str, tuple[str, ...]]], exclude: tuple[str, ...],
                    s: Settings, dests: Mapping[str, str] | None = None
                    ) -> tuple[int, dict[str, tuple[pa.Table | None, list[str]]]]:
    """Parse a chunk of documents once and run the requested extractors on each Doc.

    ``items`` are (corpus row, doc key, tables wanted for that doc). Runs in the calling process,
    a pool process or a Dask worker; the model is loaded once per process (``pipeline.nlp`` is
    cached). When ``dests`` (table -> cache folder) is given and that cache folder is visible
    here, the part files are written here (atomically) and None is returned in place of their
    rows; otherwise (e.g. a Dask worker on another machine) the rows are returned, as an Arrow
    table with ``_doc_key``, for the caller to write. Returns the number of documents and, per
    table, (rows or None, keys covered).
    """
    # the caller's knowledge file, not this process's $NEWSCORPUS_KNOWLEDGE (a Dask worker may
    # have been started before the user named one)
    nlp = _nlp(s, exclude)
    pipeline.set_ops(s.use_blis)
    wanted = sorted({t for _, _, tables in items for t in tables})
    extractors = {t: _resolve(t) for t in wanted}
    rows: dict[str, list[dict]] = {t: [] for t in wanted}
    keys: dict[str, list[str]] = {t: [] for t in wanted}
    texts = (row["text"] or "" for row, _, _ in items)
    for (row, key, tables), doc in zip(items, nlp.pipe(texts, batch_size=s.batch_size),
                                       strict=True):
        for t in tables:
            extract, _ = extractors[t]
            new = extract(doc, row)
            for r in new:
                r = dict(r)
                r[DOC_KEY] = key
                rows[t].append(r)
            keys[t].append(key)
    out: dict[str, tuple[pa.Table | None, list[str]]] = {}
    for t in wanted:
        cols = extractors[t][1] + [DOC_KEY]
        try:
            tab = rows_to_arrow(rows[t], cols)
        except TypeError as err:
            raise TypeError(f"table {t}: {err}") from err
        folder = Path(dests[t]) if dests and t in dests else None
        if folder is not None and (folder.parent.parent / MARKER).is_file():
            _write_part(folder, tab, keys[t])
            out[t] = (None, keys[t])
        else:
            out[t] = (tab, keys[t])
    return len(items), out


def _annotate_chunk_parallel(*args: Any) -> tuple[int, dict[str, tuple[pa.Table | None, list[str]]]]:
    """``_annotate_chunk`` in a pool process or Dask worker: one BLAS thread, and glibc's
    malloc thresholds relaxed where dask set them (``parallel.worker_settings``; measured there).
    Annotations are unchanged: tested."""
    with parallel.worker_settings():
        return _annotate_chunk(*args)


def _nlp(s: Settings, exclude: tuple[str, ...]) -> Any:
    """The pipeline of settings ``s`` (its knowledge file passed explicitly; "" = none)."""
    return pipeline.nlp(s.model, use_blis=s.use_blis, exclude=exclude,
                        knowledge_file=s.knowledge_file or "")


def _run_local(chunks: Iterable, exclude: tuple[str, ...], s: Settings,
               dests: Mapping[str, str]) -> Iterator[tuple]:
    for chunk in chunks:
        yield _annotate_chunk(chunk, exclude, s, dests)


def _run_pool(chunks: Iterable, exclude: tuple[str, ...], s: Settings, n_process: int,
              dests: Mapping[str, str], tables: set[str]) -> Iterator[tuple]:
    def before_fork() -> None:  # load the model and import the extractors once, before forking
        _nlp(s, exclude)
        for t in tables:
            _resolve(t)

    return parallel.run_pool(_annotate_chunk_parallel, chunks, n_process, exclude, s, dests,
                             before_fork=before_fork)


def _run_dask(chunks: Iterable, exclude: tuple[str, ...], s: Settings, client: Any,
              dests: Mapping[str, str]) -> Iterator[tuple]:
    return parallel.run_dask(_annotate_chunk_parallel, chunks, client, exclude, s, dests)


# --------------------------------------------------------------------------- annotate


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
        corpus = _without_attrs(corpus_or_path)

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
        return _annotate(scanned.table, scanned.rows, out_dir, tables, s, **run)


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


def _progress(total: int, enabled: bool, desc: str = "annotating") -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="doc", disable=not enabled)


#: Environment variable: 1 shows progress bars, 0 hides them (overrides the automatic choice).
PROGRESS_ENV = "NEWSCORPUS_PROGRESS"


def show_progress(progress: bool | None = None) -> bool:
    """Whether the table functions show a progress bar while parsing.

    ``progress`` True/False decides; None (the default) reads $NEWSCORPUS_PROGRESS (1/0), else
    shows a bar only to a person watching: in a Jupyter kernel whose front end takes input
    (JupyterLab, Notebook, VS Code: they send ``allow_stdin=True``), or in a terminal (stderr
    is a TTY). Notebooks executed by nbconvert/nbclient or checked by nbval run with
    ``allow_stdin=False`` and get no bar, so no bar is written into (or compared against) the
    committed outputs; nor do pipes, logs, or tests.
    """
    if progress is not None:
        return bool(progress)
    env = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if env in ("1", "true", "yes", "on"):
        return True
    if env in ("0", "false", "no", "off"):
        return False
    kernel = _kernel()
    if kernel is not None:
        return bool(getattr(kernel, "_allow_stdin", False))
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # stderr replaced by an object without a file
        return False


def _kernel() -> Any:
    """The running IPython kernel, or None (IPython is only looked at if already imported)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    shell = ipython.get_ipython()
    return getattr(shell, "kernel", None)


# --------------------------------------------------------------------------- reading


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

    With ``corpus`` only its documents are returned and every one must be cached; without it,
    every document of the cache (in the order of the docs table). If some documents are not
    cached: ``strict`` raises (StaleCacheError if they were cached by another pipeline, else
    KeyError), otherwise returns None. The cache folder is ``out``, else ``cache.folder``, else
    the session's (``set_cache``).
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


# --------------------------------------------------------------------------- the public tables

#: Columns of the public tables that hold calendar days: datetime64 there, NaT when unknown.
DATE_COLUMNS: dict[str, tuple[str, ...]] = {"visits": ("start", "end", "published")}


def _is_text(column: pd.Series) -> bool:
    if column.dtype == "string":
        return True
    if column.dtype != object:
        return False
    values = column.dropna()
    return len(values) > 0 and all(isinstance(v, str) for v in values)


def with_na(table: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """A table as the public functions return it: text columns of pandas' nullable ``string``
    dtype with ``pd.NA`` where a value is missing (stored as "" in the cache and by the
    extractors), and the day columns of ``DATE_COLUMNS[name]`` as datetime64 with ``NaT``."""
    out = table.copy()
    for col in DATE_COLUMNS.get(name or "", ()):
        if col in out.columns and len(out):
            out[col] = pd.to_datetime(out[col].replace("", None), format="%Y-%m-%d")
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].astype("string").replace("", pd.NA)
    return out


def working_form(table: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """The inverse of ``with_na``, for the library's own analyses and scorers: missing text as
    "" (object dtype) and the day columns of ``DATE_COLUMNS[name]`` as ISO strings ("" when
    unknown), the form the extractors write. A table already in that form is returned as is."""
    out = table.copy()
    for col in DATE_COLUMNS.get(name or "", ()):
        if col in out.columns and pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d").astype(object).where(
                out[col].notna(), "")
    for col in out.columns:
        if out[col].dtype == "string":
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out



def tokens(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per spaCy token of each article's clean text (white space left out).

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        sent_id (int64): sentence number within the article, from 0: the sentences of
            newscorpus.text.sentence_starts, the same numbering as entities.sent_id.
        i (int64): the token's index in the spaCy Doc of the article.
        text (string): the token as written.
        lemma (string): spaCy's lemma.
        pos (string): universal part-of-speech tag (NOUN, VERB, PROPN, ...).
        is_stop (bool): spaCy's stop-word flag.
        is_punct (bool): punctuation.
        start_char (int64): offset of the token's first character in corpus.text.
    """
    extract, columns = _resolve("tokens")
    return with_na(per_doc_table(corpus, "tokens", extract, columns, progress=progress), "tokens")


def entities(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per entity mention in corpus.text, canonical across the corpus: each article's
    mentions (newscorpus.extract.entities), then the corpus pass (newscorpus.extract.canonical).

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        start_char (int64): offset of the mention's first character in corpus.text.
        end_char (int64): offset just after its last character.
        text (string): the mention as written (trimmed: no leading "the", titles, possessive).
        label (string): entity type: PERSON, GPE, ORG, NORP, LOC, FAC, EVENT, LAW, PRODUCT,
            WORK_OF_ART or LANGUAGE.
        canonical (string): one name per real-world entity (knowledge table, coreference,
            the corpus pass); what counts group by.
        in_quote (bool): the mention starts inside a direct quotation
            (newscorpus.text.quoted_regions).
        method (string): how it was found: model (spaCy NER), knowledge (knowledge table),
            coreference, rule.
        sent_id (int64): sentence number within the article (newscorpus.text.sentence_starts),
            the same numbering as tokens.sent_id.
        para_id (int64): paragraph number within the article, from 0.
        model_label (string): the label spaCy's model gave the span; NA if the model did not
            find it.
        description (string): the knowledge table's description of the entity; NA if none.
        nationality (string): the knowledge table's nationality of the entity; NA if none.
    """
    extract, columns = _resolve("entities")
    return with_na(unify_names(per_doc_table(corpus, "entities", extract, columns,
                                             progress=progress)), "entities")


def quotes(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per direct quotation in each article's body, with its speaker and cue.

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        start_char (int64): offset of the quotation's first character in corpus.text (quote
            marks excluded).
        end_char (int64): offset just after its last character.
        text (string): the quoted words.
        speaker (string): canonical name of who said them (a person, or an issuer such as
            "Russian Foreign Ministry statement"); NA if not attributed.
        cue (string): the attributing words ("said", "told", "according to"); NA if none.
        speaker_text (string): the speaker as written at the cue ("he", "the ministry",
            "Lavrov"); NA if not attributed.
        method (string): how the speaker was found: parse (subject of the cue), pronoun,
            anaphor ("the ministry"), described, ...
    """
    extract, columns = _resolve("quotes")
    return with_na(per_doc_table(corpus, "quotes", extract, columns, progress=progress), "quotes")


def dates(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per date expression in each article's body, resolved against its publication
    date.

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        start_char (int64): offset of the expression's first character in corpus.text.
        end_char (int64): offset just after its last character.
        text (string): the expression as written ("last week", "Wednesday").
        kind (string): date, period, duration, recurring, time or unknown.
        value (string): ISO 8601 value (2024-04-08, 2024-W14, 2023-10, 2023, P2D); NA when
            unresolved.
        value_start (string): first day covered, ISO date; NA if none.
        value_end (string): last day covered, ISO date; NA if none.
        precision (string): day, week, month, year or duration; NA when unresolved.
        tense (string): tense of the governing clause: past, present, future or none.
        governor (string): the governing word whose tense was used.
        rule (string): how the value was obtained, in words; NA when no rule applied.
        reason (string): why it is unresolved; NA when resolved.
    """
    extract, columns = _resolve("dates")
    return with_na(per_doc_table(corpus, "dates", extract, columns, progress=progress), "dates")


def visits(corpus: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per visit (who travels where, when, with what status) found in each article's
    body; mentions of the same visit in an article are merged.

    Parses the corpus (served from the cache when it holds the table); ``progress`` shows a
    bar while parsing (default: see ``show_progress``).

    Columns:
        doc_id (string): the article (corpus.doc_id).
        visitor (string): canonical person name, or a described group ("United States
            diplomats").
        visitor_type (string): person or group.
        destination_country (string): the country visited (canonical name).
        destination_city (string): the city visited; NA if none named.
        start (datetime64[ns]): first day; NaT if unknown.
        end (datetime64[ns]): last day; NaT if unknown.
        precision (string): day, week, month or year; NA when undated.
        status (string): reported, planned, ongoing or occurred, as of publication; reported =
            a trip not yet known to have happened every sentence of which credits only unnamed
            sources or a media report ("sources say", "Reuters reported, citing five
            sources", "reportedly"); an announcement on record or the article's own voice
            keeps it planned.
        purpose (string): the stated purpose; NA if none.
        evidence (string): the sentence of the best-dated mention.
        trigger (string): travel words of the merged mentions, ";"-separated ("arrive;land").
        n_mentions (int64): mentions merged into this row.
        published (datetime64[ns]): the article's publication day; NaT if unknown.
        date_source (string): text (the visit's own date words) or linked (dates borrowed
            from the visit it coincides with); NA when undated.
        attribution (string): whom the sentences of the merged mentions credit, as written
            ("Reuters reported, citing five sources"; "his ministry said"), distinct phrases
            "; "-separated in text order; NA when none credits anyone.
    """
    extract, columns = _resolve("visits")
    return with_na(per_doc_table(corpus, "visits", extract, columns, progress=progress), "visits")
