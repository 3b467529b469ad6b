"""Annotate once, cache every table as Parquet, and serve the tables from the cache.

``annotate(corpus)`` parses each document once (only with the spaCy components the requested
tables need), runs every table's per-document extractor on the same Doc, and writes the rows as
Parquet datasets under the cache folder, one chunk of documents at a time (streaming: at most one
chunk of Docs per worker is alive). Work is done in-process, in a pool of local processes
(``n_process``) or on a Dask cluster (``client``); chunking is the same in all three, so the
tables are identical row for row.

Cache layout (``out`` = ``config.CACHE_DIR`` unless given)::

    out/_newscorpus_cache.json               cache format version (refused if different)
    out/docs/<fingerprint>/part-<id>.parquet  one row per document (corpus row minus raw_text)
    out/<table>/<fingerprint>/_pipeline.json  what the fingerprint was computed from
    out/<table>/<fingerprint>/part-<id>.parquet  rows of <table> for a chunk of documents

Each part file carries a ``_doc_key`` column and, in its Parquet metadata, the list of document
keys it covers (documents with no rows count as done too). A document key is a SHA-256 of the
corpus row (every column but ``path``), so an edited document gets a new key and is re-parsed.
The fingerprint hashes the model name and version, spaCy/thinc/newscorpus versions, the ops back
end, the spaCy components the table needs, the source code of the table's module and everything
in ``newscorpus`` it imports, and the files under ``config.DATA_DIR`` (the knowledge table):
change any of them and the table is recomputed; other tables stay valid. Part files are written
to a temporary name and renamed, so an interrupted run leaves only whole chunks and resumes.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.metadata
import importlib.util
import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newscorpus import __version__, config, pipeline
from newscorpus import parallel as workers

#: Bump when the on-disk layout changes; a cache with another format is refused with an error.
CACHE_FORMAT = 1
MARKER = "_newscorpus_cache.json"
DOC_KEY = "_doc_key"
META_KEYS = b"newscorpus.doc_keys"
#: NEWSCORPUS_CACHE_MODE: how the public table functions use the cache (see ``cache_mode``).
MODE_ENV = "NEWSCORPUS_CACHE_MODE"
MODES = ("readwrite", "read", "off")

#: Components of en_core_web_sm; tagger and parser listen to the shared tok2vec, ner has its own.
ALL_COMPONENTS = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"})
_LISTENERS = {"tagger", "parser"}
_SYNTAX = frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"})


@dataclass(frozen=True)
class TableSpec:
    """Where a table's extractor lives and which spaCy components it needs."""

    name: str
    module: str
    extractor: str
    columns: tuple[str, ...]  # candidate names of the module's column list
    needs: frozenset[str]


#: table name -> spec. ``needs`` was checked against the extractor's code and is verified by
#: tests/test_store.py (the reduced pipeline gives the same table as the full one on the seeds).
TABLES: dict[str, TableSpec] = {
    "tokens": TableSpec("tokens", "newscorpus.extract.tokens", "extract_tokens",
                        ("TOKEN_COLUMNS", "TOKENS_COLUMNS"), _SYNTAX),
    "entities": TableSpec("entities", "newscorpus.extract.entities", "extract_entities",
                          ("ENTITY_COLUMNS", "ENTITIES_COLUMNS"), frozenset({"ner"})),
    "quotes": TableSpec("quotes", "newscorpus.extract.quotes", "extract_quotes",
                        ("QUOTE_COLUMNS", "QUOTES_COLUMNS"), ALL_COMPONENTS),
    "dates": TableSpec("dates", "newscorpus.extract.dates", "extract_dates",
                       ("DATE_COLUMNS", "DATES_COLUMNS"), ALL_COMPONENTS),
    "visits": TableSpec("visits", "newscorpus.extract.visits", "extract_visits",
                        ("VISIT_COLUMNS", "VISITS_COLUMNS"), ALL_COMPONENTS),
}
DOCS = "docs"


class CacheError(RuntimeError):
    """Base class of the cache's errors."""


class CacheVersionError(CacheError):
    """The cache folder was written by a newscorpus with another cache format."""


class StaleCacheError(CacheError):
    """The cached table was produced by another pipeline (model, code, knowledge, settings)."""


class TableUnavailableError(CacheError):
    """The module that defines a table is not importable (yet)."""


# --------------------------------------------------------------------------- registry


def table_names() -> list[str]:
    """All table names the store knows (whether or not their module is installed)."""
    return list(TABLES)


def available_tables() -> list[str]:
    """Tables whose extractor module can be imported in this installation."""
    out = []
    for name in TABLES:
        try:
            _resolve(name)
        except TableUnavailableError:
            continue
        out.append(name)
    return out


@cache
def _resolve(name: str) -> tuple[Callable[[Any, Mapping], list[dict]], list[str]]:
    """Import a table's module lazily and return (extractor, columns)."""
    spec = TABLES.get(name)
    if spec is None:
        raise ValueError(f"unknown table {name!r}; known tables: {', '.join(TABLES)}")
    if importlib.util.find_spec(spec.module) is None:
        raise TableUnavailableError(f"table {name!r} needs module {spec.module}, not installed")
    mod = importlib.import_module(spec.module)
    extract = getattr(mod, spec.extractor, None)
    cols = next((getattr(mod, c) for c in spec.columns if hasattr(mod, c)), None)
    if extract is None or cols is None:
        raise TableUnavailableError(
            f"{spec.module} must define {spec.extractor}(doc, row) and one of {spec.columns}"
        )
    return extract, list(cols)


def spec_for_extractor(extract: Callable) -> TableSpec | None:
    """The registered table whose extractor is ``extract`` (None for any other function)."""
    mod = getattr(extract, "__module__", None)
    qual = getattr(extract, "__qualname__", None)
    for spec in TABLES.values():
        if spec.module == mod and spec.extractor == qual:
            return spec
    return None


def exclude_for(needs: Iterable[str]) -> tuple[str, ...]:
    """spaCy components to exclude so that only ``needs`` (and what they depend on) run."""
    keep = set(needs)
    if keep & _LISTENERS:
        keep.add("tok2vec")
    if "lemmatizer" in keep:  # the rule lemmatizer reads POS from tagger + attribute_ruler
        keep |= {"tagger", "attribute_ruler", "tok2vec"}
    return tuple(sorted(ALL_COMPONENTS - keep))


# --------------------------------------------------------------------------- fingerprints


#: Corpus columns that are not part of a document's key: where the file lives, and the raw
#: scrape (every table is computed from the clean text and metadata, and ``load_corpus(...,
#: keep_raw=False)`` leaves it empty).
NOT_KEYED = ("path", "raw_text")


def doc_keys(corpus: pd.DataFrame) -> list[str]:
    """Content hash of every corpus row (all columns but ``NOT_KEYED``), in corpus order."""
    cols = [c for c in corpus.columns if c not in NOT_KEYED]
    keys = []
    for start in range(0, len(corpus), 1024):  # a block of row dicts at a time
        keys.extend(map(_row_key, corpus[cols].iloc[start:start + 1024].to_dict("records")))
    return keys


def _row_key(rec: Mapping[str, Any]) -> str:
    payload = json.dumps({k: _jsonable(v) for k, v in rec.items() if k not in NOT_KEYED},
                         sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _jsonable(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    if isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return str(v)


def _module_source(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


#: Modules never part of a table's code fingerprint: the package's lazy re-exports and the cache
#: machinery itself (its layout is versioned by CACHE_FORMAT; memo's by MEMO_FORMAT).
_NOT_CODE = frozenset({"newscorpus", "newscorpus.tables", "newscorpus.cli", "newscorpus.__main__",
                       "newscorpus.cache.memo"})


@cache
def _imports_closure(module: str) -> tuple[str, ...]:
    """``module`` and every newscorpus module it imports, transitively (by reading the source)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        mod = todo.pop()
        if mod in seen or mod in _NOT_CODE or _module_source(mod) is None:
            continue
        seen.add(mod)
        todo.extend(_direct_imports(mod))
    return tuple(sorted(seen))


@cache
def _direct_imports(module: str) -> tuple[str, ...]:
    """The newscorpus modules that ``module``'s source imports (parsed once per process)."""
    path = _module_source(module)
    if path is None:
        return ()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        found.extend(n for n in names if n.split(".")[0] == "newscorpus" and _is_module(n))
    return tuple(dict.fromkeys(found))


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _code_and_data_hash(modules: Iterable[str]) -> str:
    """Hash of the sources of ``modules`` (with their newscorpus imports) and of the files of
    config.DATA_DIR whose file name or stem appears in those sources (e.g. "knowledge.csv").

    Computed once per process, like the imported code it stands for: a running kernel keeps
    the code it imported even if the files are edited afterwards.
    """
    return _code_and_data_hash_once(tuple(sorted(modules)))


@cache
def _code_and_data_hash_once(modules: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    sources = []
    for mod in sorted({m for top in modules for m in _imports_closure(top)}):
        path = _module_source(mod)
        if path is not None:
            src = path.read_bytes()
            sources.append(src)
            h.update(mod.encode() + b"\0" + src + b"\0")
    if config.DATA_DIR.is_dir():
        for path in sorted(config.DATA_DIR.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            names = {path.name.encode(), path.stem.encode()}
            if any(n in src for src in sources for n in names):
                h.update(str(path.relative_to(config.DATA_DIR)).encode() + b"\0")
                h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _model_version(model: str) -> str:
    spec = importlib.util.find_spec(model)
    for loc in (spec.submodule_search_locations or []) if spec else []:
        meta = Path(loc) / "meta.json"
        if meta.is_file():
            return json.loads(meta.read_text(encoding="utf-8")).get("version", "unknown")
    return "unknown"


@dataclass(frozen=True)
class Settings:
    """Pipeline settings that a worker needs to rebuild the exact same pipeline."""

    model: str
    use_blis: bool
    batch_size: int = 32
    knowledge_file: str | None = None  # $NEWSCORPUS_KNOWLEDGE, passed on to every worker


def settings(model: str | None = None, use_blis: bool | None = None,
             batch_size: int = 32) -> Settings:
    """Resolve the model name and ops back end exactly as ``pipeline.nlp`` would."""
    blis = pipeline.default_use_blis() if use_blis is None else bool(use_blis)
    user = os.environ.get(pipeline.KNOWLEDGE_ENV) or None
    return Settings(pipeline.resolve_model(model), blis, batch_size, user)


def _file_hash(path: str | None) -> str:
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return "missing"


def pipeline_description(table: str, s: Settings) -> dict[str, Any]:
    """Everything the cached rows of ``table`` depend on besides the document itself."""
    if table == DOCS:
        return {"cache_format": CACHE_FORMAT, "table": DOCS, "newscorpus": __version__}
    spec = TABLES[table]
    # the knowledge ruler (newscorpus.knowledge + its data) is added to the pipeline with ner
    modules = [spec.module, "newscorpus.pipeline"]
    if "ner" in spec.needs:
        modules.append("newscorpus.knowledge")
    return {
        "cache_format": CACHE_FORMAT,
        "table": table,
        "newscorpus": __version__,
        "model": s.model,
        "model_version": _model_version(s.model),
        "spacy": _version("spacy"),
        "thinc": _version("thinc"),
        "use_blis": s.use_blis,
        "components": sorted(ALL_COMPONENTS - set(exclude_for(spec.needs))),
        "code_and_data": _code_and_data_hash(modules),
        # the user's own knowledge entries change the ruler and the canonical names
        "user_knowledge": _file_hash(s.knowledge_file) if "ner" in spec.needs else "",
    }


def fingerprint(table: str, s: Settings) -> str:
    """Short hash of ``pipeline_description`` (the folder name of the table's valid parts)."""
    desc = json.dumps(pipeline_description(table, s), sort_keys=True)
    return hashlib.sha256(desc.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- arrow frames


def rows_to_arrow(rows: Sequence[Mapping], columns: Sequence[str]) -> pa.Table:
    """Rows (dicts) -> Arrow table with exactly ``columns`` (missing keys become nulls)."""
    arrays = {}
    for col in columns:
        values = [r.get(col) for r in rows]
        try:
            arrays[col] = pa.array(values, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as err:
            raise TypeError(f"column {col!r} mixes value types ({err}); use one type") from err
    return pa.table(arrays) if arrays else pa.table({})


def arrow_to_frame(table: pa.Table | None, columns: Sequence[str]) -> pd.DataFrame:
    """Arrow table -> DataFrame with ``columns`` in order (empty frame if no rows)."""
    if table is None or table.num_rows == 0:
        return pd.DataFrame(columns=list(columns))
    return table.select(list(columns)).to_pandas()


def frame(rows: Sequence[Mapping], columns: Sequence[str]) -> pd.DataFrame:
    """The one way a table is built from extractor rows, fresh or cached (same dtypes)."""
    try:
        return arrow_to_frame(rows_to_arrow(rows, columns), columns)
    except TypeError:  # mixed types in a column: fall back to pandas' object columns
        return pd.DataFrame(list(rows), columns=list(columns))


# --------------------------------------------------------------------------- cache folder


def _check_marker(out: Path, create: bool) -> None:
    marker = out / MARKER
    if marker.is_file():
        info = json.loads(marker.read_text(encoding="utf-8"))
        if info.get("cache_format") != CACHE_FORMAT:
            raise CacheVersionError(
                f"the cache in {out} was written by newscorpus {info.get('newscorpus', '?')} "
                f"(cache format {info.get('cache_format')}); this newscorpus {__version__} uses "
                f"cache format {CACHE_FORMAT}. Delete that folder or choose another --out."
            )
        return
    if create:
        out.mkdir(parents=True, exist_ok=True)
        info = {"cache_format": CACHE_FORMAT, "newscorpus": __version__}
        _atomic_write_bytes(marker, json.dumps(info, indent=1).encode())


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}-{path.name}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_part(folder: Path, table: pa.Table, keys: Sequence[str]) -> Path:
    """Write one chunk's rows atomically (temp file + rename); return the part's path."""
    folder.mkdir(parents=True, exist_ok=True)
    part_id = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:20]
    meta = dict(table.schema.metadata or {})
    meta[META_KEYS] = json.dumps(list(keys)).encode()
    table = table.replace_schema_metadata(meta)
    final = folder / f"part-{part_id}.parquet"
    tmp = folder / f".tmp-{uuid.uuid4().hex}.parquet"
    pq.write_table(table, tmp)
    os.replace(tmp, final)
    return final


def _clean_tmp(folder: Path, older_than_s: float = 3600) -> None:
    """Remove temporary files of interrupted runs (old enough not to belong to a live writer)."""
    if not folder.is_dir():
        return
    now = time.time()
    for tmp in folder.rglob(".tmp-*"):
        try:
            if now - tmp.stat().st_mtime > older_than_s:
                tmp.unlink()
        except FileNotFoundError:
            continue


def _index(folder: Path) -> dict[str, Path]:
    """doc key -> part file covering it, for one table/fingerprint folder (first file wins)."""
    index: dict[str, Path] = {}
    if not folder.is_dir():
        return index
    for part in sorted(folder.glob("part-*.parquet")):
        try:
            meta = pq.read_schema(part).metadata or {}
        except (OSError, pa.ArrowInvalid):
            continue  # unreadable part (e.g. disk full): its docs count as missing
        for key in json.loads(meta.get(META_KEYS, b"[]")):
            index.setdefault(key, part)
    return index


def _table_folder(out: Path, table: str, s: Settings) -> Path:
    folder = out / table / fingerprint(table, s)
    return folder


def _write_description(folder: Path, table: str, s: Settings) -> None:
    desc = folder / "_pipeline.json"
    if not desc.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(pipeline_description(table, s), indent=1, sort_keys=True)
        _atomic_write_bytes(desc, text.encode())


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
    if (os.environ.get(pipeline.KNOWLEDGE_ENV) or None) != s.knowledge_file:
        # a Dask worker started before the user named a knowledge file: use the caller's
        if s.knowledge_file:
            os.environ[pipeline.KNOWLEDGE_ENV] = s.knowledge_file
        else:
            os.environ.pop(pipeline.KNOWLEDGE_ENV, None)
    nlp = pipeline.nlp(s.model, use_blis=s.use_blis, exclude=exclude)
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
    malloc thresholds relaxed where dask set them (``workers.worker_settings``; measured there).
    Annotations are unchanged: tested."""
    with workers.worker_settings():
        return _annotate_chunk(*args)


def _run_local(chunks: Iterable, exclude: tuple[str, ...], s: Settings,
               dests: Mapping[str, str]) -> Iterator[tuple]:
    for chunk in chunks:
        yield _annotate_chunk(chunk, exclude, s, dests)


def _run_pool(chunks: Iterable, exclude: tuple[str, ...], s: Settings, n_process: int,
              dests: Mapping[str, str], tables: set[str]) -> Iterator[tuple]:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # fork (as spaCy's own n_process does on Linux): workers start at once, share the loaded
    # model copy-on-write, and scripts need no `if __name__ == "__main__"` guard.
    fork = sys.platform == "linux"
    ctx = mp.get_context("fork" if fork else "spawn")
    if fork:  # load the model and import the extractors once, before forking
        pipeline.nlp(s.model, use_blis=s.use_blis, exclude=exclude)
        for t in tables:
            _resolve(t)
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx) as pool:
        yield from _windowed(lambda c: pool.submit(_annotate_chunk_parallel, c, exclude, s, dests),
                             chunks, 2 * n_process,
                             lambda fs: wait(fs, return_when=FIRST_COMPLETED)[0])


def _run_dask(chunks: Iterable, exclude: tuple[str, ...], s: Settings, client: Any,
              dests: Mapping[str, str]) -> Iterator[tuple]:
    from distributed import wait

    n = max(1, len(client.scheduler_info().get("workers", {})))

    def submit(chunk: list) -> Any:
        return client.submit(_annotate_chunk_parallel, chunk, exclude, s, dests, pure=False)

    def done(fs: set) -> set:
        return set(wait(list(fs), return_when="FIRST_COMPLETED").done)

    yield from _windowed(submit, chunks, 2 * n, done)


def _windowed(submit: Callable, chunks: Iterable, window: int, done: Callable
              ) -> Iterator[tuple]:
    """Keep at most ``window`` chunks in flight (bounded memory); yield results as they finish."""
    pending: set = set()
    it = iter(chunks)
    for chunk in it:
        pending.add(submit(chunk))
        if len(pending) >= window:
            break
    while pending:
        finished = done(pending)
        for fut in finished:
            pending.discard(fut)
            yield fut.result()
            nxt = next(it, None)
            if nxt is not None:
                pending.add(submit(nxt))


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
    progress: bool = True,
    only: Iterable[str] | str | None = None,
    *,
    chunk_size: int | None = None,
    model: str | None = None,
    use_blis: bool | None = None,
) -> AnnotateResult:
    """Parse every document once and cache the tables (docs, tokens, entities, ...) as Parquet.

    ``only`` limits the tables (names or a comma-separated string); by default every table whose
    module is installed. Documents already cached for a table under the current pipeline
    fingerprint are skipped. ``n_process > 1`` uses a local process pool, ``client`` a
    dask.distributed Client; both give the same tables as ``n_process=1``. ``chunk_size``
    documents are parsed and written together (memory stays bounded by a few chunks); by default
    it depends only on the number of documents to parse (about 64 chunks, 4 to 64 documents
    each, the last few a quarter of that size), never on who does the work.
    """
    out_dir = Path(out) if out is not None else active_cache_dir()
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
    from newscorpus.corpus.load import scan_corpus

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
    docs_index = _index(docs_folder)
    missing_docs = [i for i, k in enumerate(keys) if k not in docs_index]
    doc_cols = [c for c in corpus.columns if c != "raw_text"]
    for chunk in _chunks(missing_docs, 1024):
        chunk_rows = rows_at(chunk, doc_cols)
        for i, r in zip(chunk, chunk_rows, strict=True):
            r[DOC_KEY] = keys[i]
        _write_part(docs_folder, rows_to_arrow(chunk_rows, doc_cols + [DOC_KEY]),
                    [keys[i] for i in chunk])
    _write_description(docs_folder, DOCS, s)

    folders = {t: _table_folder(out_dir, t, s) for t in tables}
    indexes = {t: _index(folders[t]) for t in tables}
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
        _write_description(folders[t], t, s)

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
    bar = _progress(len(todo), progress)
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


def _progress(total: int, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="annotating", unit="doc", disable=not enabled)


# --------------------------------------------------------------------------- reading


_DEFAULT_CACHE: list[Path | None] = [None]
_MODE: list[str | None] = [None]


def active_cache_dir() -> Path:
    """The cache folder the table functions use: set by ``using_cache`` or config.CACHE_DIR."""
    return _DEFAULT_CACHE[0] or config.CACHE_DIR


def cache_mode() -> str:
    """How ``entities(corpus)`` & co. use the cache: readwrite (default), read, or off.

    readwrite: serve the table from the cache, annotating (and caching) the documents that are
    missing first; read: serve it only when every document is already cached, else compute it
    without writing; off: never touch the cache. Set with $NEWSCORPUS_CACHE_MODE or
    ``using_cache(mode=...)``.
    """
    mode = _MODE[0] or os.environ.get(MODE_ENV, "readwrite").strip().lower()
    if mode not in MODES:
        raise ValueError(f"${MODE_ENV} must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def set_cache(out: str | os.PathLike | None = None, mode: str | None = None) -> Path:
    """Point the table functions (entities(corpus), ...) at cache folder ``out`` and/or ``mode``
    for the rest of the session (None restores the default); returns the active folder."""
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    _DEFAULT_CACHE[0] = Path(out) if out is not None else None
    _MODE[0] = mode
    return active_cache_dir()


@contextmanager
def using_cache(out: str | os.PathLike | None = None, mode: str | None = None) -> Iterator[None]:
    """Temporarily point the table functions at another cache folder and/or mode."""
    old = (_DEFAULT_CACHE[0], _MODE[0])
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    _DEFAULT_CACHE[0] = Path(out) if out is not None else old[0]
    _MODE[0] = mode or old[1]
    try:
        yield
    finally:
        _DEFAULT_CACHE[0], _MODE[0] = old


def load_table(
    name: str,
    corpus: pd.DataFrame | None = None,
    out: str | os.PathLike | None = None,
    *,
    model: str | None = None,
    use_blis: bool | None = None,
    strict: bool = True,
) -> pd.DataFrame | None:
    """Read a cached table (rows in corpus order, as the table function would return them).

    With ``corpus`` only its documents are returned and every one must be cached; without it,
    every document of the cache (in the order of the docs table). If some documents are not
    cached: ``strict`` raises (StaleCacheError if they were cached by another pipeline, else
    KeyError), otherwise returns None.
    """
    out_dir = Path(out) if out is not None else active_cache_dir()
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
        keys = _ordered_doc_keys(docs_index)
        keys = [k for k in keys if k in index]
    else:
        keys = list(dict.fromkeys(doc_keys(corpus)))
    missing = [k for k in keys if k not in index]
    if missing:
        if not strict:
            return None
        _raise_missing(out_dir, name, s, missing, len(keys))
    table = _read_parts(index, keys)
    if columns is None:
        columns = [c for c in table.column_names if c != DOC_KEY]
    return arrow_to_frame(table, columns)


def _ordered_doc_keys(docs_index: dict[str, Path]) -> list[str]:
    keys: list[str] = []
    for part in sorted(set(docs_index.values())):
        meta = pq.read_schema(part).metadata or {}
        keys.extend(json.loads(meta.get(META_KEYS, b"[]")))
    return list(dict.fromkeys(keys))


def _read_parts(index: dict[str, Path], keys: list[str]) -> pa.Table:
    """Rows of ``keys`` from their part files, ordered by ``keys`` (stable within a document)."""
    import numpy as np
    import pyarrow.compute as pc

    by_file: dict[Path, list[str]] = {}
    for k in keys:
        by_file.setdefault(index[k], []).append(k)
    parts = []
    for path, ks in sorted(by_file.items()):
        tab = pq.read_table(path)
        if len(ks) != len(json.loads((tab.schema.metadata or {}).get(META_KEYS, b"[]"))):
            tab = tab.filter(pc.is_in(tab[DOC_KEY], pa.array(ks)))
        # drop rows of keys this file holds but another file was chosen for
        parts.append(tab.replace_schema_metadata(None))
    if not parts:
        return pa.table({DOC_KEY: pa.array([], pa.string())})
    table = pa.concat_tables(parts, promote_options="permissive")
    pos = {k: i for i, k in enumerate(keys)}
    order = np.fromiter((pos[k] for k in table[DOC_KEY].to_pylist()), dtype=np.int64,
                        count=table.num_rows)
    return table.take(pa.array(np.argsort(order, kind="stable")))


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
                desc_file = folder / "_pipeline.json"
                desc = json.loads(desc_file.read_text()) if desc_file.is_file() else {}
                diff = [f"{k}: {desc.get(k)!r} -> {v!r}" for k, v in current.items()
                        if desc.get(k) != v]
                others.append(f"{folder.name} ({'; '.join(diff) or 'unknown difference'})")
    if others:
        raise StaleCacheError(
            f"{len(missing)} of {total} documents of table {name!r} in {out} were cached by "
            f"another pipeline version: {', '.join(others)}. Re-run "
            f"`python -m newscorpus annotate PATH --out {out}` to refresh them."
        )
    raise KeyError(
        f"{len(missing)} of {total} documents of table {name!r} are not cached in {out}; "
        f"run `python -m newscorpus annotate PATH --out {out}` first."
    )


def cached_table(corpus: pd.DataFrame, name: str, extract: Callable) -> pd.DataFrame | None:
    """What ``pipeline.per_doc_table`` asks first: the table from the cache, or None.

    Only for registered extractors (any other function is never cached). Mode readwrite
    annotates the missing documents of this table first; mode read serves complete caches only.
    """
    spec = TABLES.get(name)
    if spec is None or spec_for_extractor(extract) is not spec:
        return None
    mode = cache_mode()
    if mode == "off" or "text" not in corpus.columns:
        return None
    out = active_cache_dir()
    if mode == "readwrite":
        try:
            annotate(corpus, out, only=[name], progress=False)
        except OSError as err:  # read-only or full disk: compute without the cache
            import warnings

            warnings.warn(f"newscorpus cache {out} not writable ({err}); not caching",
                          stacklevel=3)
            return None
    elif not (out / MARKER).is_file():
        return None
    return load_table(name, corpus, out, strict=False)
