"""The cache folder on disk: Arrow/Parquet parts, written atomically, and the cache in use.

Cache layout (``out`` = ``config.CACHE_DIR`` unless given)::

    out/_newscorpus_cache.json               cache format version (refused if different)
    out/docs/<fingerprint>/part-<id>.parquet  one row per document (corpus row minus raw_text)
    out/<table>/<fingerprint>/_pipeline.json  what the fingerprint was computed from
    out/<table>/<fingerprint>/part-<id>.parquet  rows of <table> for a chunk of documents

Each part file carries a ``_doc_key`` column and, in its Parquet metadata, the list of document
keys it covers (documents with no rows count as done too). Part files are written to a temporary
name and renamed, so an interrupted run leaves only whole chunks and resumes.

``Cache(path, mode)`` names a cache folder and how the table functions use it; it is passed down
as ``cache=``. ``set_cache`` / ``using_cache`` set the session default (one ``Cache``), used
where no cache is passed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newscorpus import __version__, config
from newscorpus.cache.keys import CACHE_FORMAT

MARKER = "_newscorpus_cache.json"
DOC_KEY = "_doc_key"
META_KEYS = b"newscorpus.doc_keys"
#: Prefix of every temporary file this package writes into a cache folder (and nothing else):
#: ``_clean_tmp`` removes only files with this prefix, only where the package writes them.
TMP_PREFIX = ".newscorpus-tmp-"
#: NEWSCORPUS_CACHE_MODE: how the public table functions use the cache (see ``Cache``).
MODE_ENV = "NEWSCORPUS_CACHE_MODE"
MODES = ("readwrite", "read", "off")


class CacheError(RuntimeError):
    """Base class of the cache's errors."""


class CacheVersionError(CacheError):
    """The cache folder was written by a newscorpus with another cache format."""


class StaleCacheError(CacheError):
    """The cached table was produced by another pipeline (model, code, knowledge, settings)."""


class DamagedPartError(CacheError):
    """A part file of the cache cannot be read (damaged); ``annotate`` re-parses its documents."""


class TableUnavailableError(CacheError):
    """The module that defines a table is not importable (yet)."""


# --------------------------------------------------------------------------- the cache in use


def _check_mode(mode: str | None) -> None:
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")


@dataclass(frozen=True)
class Cache:
    """A cache folder and how the table functions use it.

    ``path`` None: ``config.CACHE_DIR``; ``mode`` None: $NEWSCORPUS_CACHE_MODE (default
    readwrite). readwrite: serve a table from the cache, annotating (and caching) the documents
    that are missing first; read: serve it only when every document is already cached, else
    compute it without writing; off: never touch the cache.
    """

    path: Path | None = None
    mode: str | None = None

    def __post_init__(self) -> None:
        _check_mode(self.mode)
        if self.path is not None and not isinstance(self.path, Path):
            object.__setattr__(self, "path", Path(self.path))

    @property
    def folder(self) -> Path:
        """The cache folder (``path``, else config.CACHE_DIR as it is now)."""
        return self.path if self.path is not None else config.CACHE_DIR

    @property
    def active_mode(self) -> str:
        """``mode``, else $NEWSCORPUS_CACHE_MODE as it is now (readwrite if unset)."""
        mode = self.mode or os.environ.get(MODE_ENV, "readwrite").strip().lower()
        if mode not in MODES:
            raise ValueError(f"${MODE_ENV} must be one of {', '.join(MODES)}, not {mode!r}")
        return mode


#: The session default (``set_cache`` / ``using_cache``): where no ``cache=`` is passed.
_session = Cache()


def session_cache() -> Cache:
    """The cache the table functions use when none is passed (see ``set_cache``)."""
    return _session


def active_cache_dir() -> Path:
    """The session's cache folder: set by ``set_cache``/``using_cache``, else config.CACHE_DIR."""
    return _session.folder


def cache_mode() -> str:
    """How the session's table functions use the cache: readwrite (default), read, or off.

    Set with $NEWSCORPUS_CACHE_MODE, ``set_cache(mode=...)`` or ``using_cache(mode=...)``; see
    ``Cache`` for what the modes do.
    """
    return _session.active_mode


def set_cache(out: str | os.PathLike | None = None, mode: str | None = None) -> Path:
    """Point the table functions (entities(corpus), ...) at cache folder ``out`` and/or ``mode``
    for the rest of the session (None restores the default); returns the active folder."""
    global _session
    _check_mode(mode)
    _session = Cache(Path(out) if out is not None else None, mode)
    return _session.folder


@contextmanager
def using_cache(out: str | os.PathLike | None = None, mode: str | None = None) -> Iterator[Cache]:
    """Temporarily point the table functions at another cache folder and/or mode (yields the
    ``Cache`` in use)."""
    global _session
    old = _session
    _check_mode(mode)
    _session = Cache(Path(out) if out is not None else old.path, mode or old.mode)
    try:
        yield _session
    finally:
        _session = old


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


# --------------------------------------------------------------------------- part files


def _check_marker(out: Path, create: bool) -> None:
    marker = out / MARKER
    if marker.is_file():
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
            if not isinstance(info, dict):
                raise ValueError("not a JSON object")
        except (ValueError, UnicodeDecodeError) as err:
            raise CacheError(
                f"{marker}: damaged cache marker, not the JSON newscorpus writes ({err}). "
                f"Delete that cache folder (it is derived data) or choose another --out."
            ) from err
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
    tmp = path.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex}-{path.name}")
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
    tmp = folder / f"{TMP_PREFIX}{uuid.uuid4().hex}.parquet"
    pq.write_table(table, tmp, write_page_checksum=True)  # damaged data pages are detected
    os.replace(tmp, final)
    return final


def _clean_tmp(folder: Path, older_than_s: float = 3600) -> None:
    """Remove temporary files of interrupted runs (old enough not to belong to a live writer).

    Only files named with this package's ``TMP_PREFIX`` and only where it writes them: the cache
    folder itself and its ``<table>/<fingerprint>/`` folders. Nothing else below ``folder`` (a
    user's own ``.tmp-*`` files, other folders) is touched.
    """
    if not folder.is_dir():
        return
    now = time.time()
    for pattern in (TMP_PREFIX + "*", f"*/*/{TMP_PREFIX}*"):
        for tmp in folder.glob(pattern):
            try:
                if tmp.is_file() and not tmp.is_symlink() and (
                        now - tmp.stat().st_mtime > older_than_s):
                    tmp.unlink()
            except FileNotFoundError:
                continue


def _index(folder: Path, verify: bool = False) -> dict[str, Path]:
    """doc key -> part file covering it, for one table/fingerprint folder (first file wins).

    A part whose footer cannot be read (truncated, e.g. by a full disk) is reported by name (a
    warning) and left out: its documents count as missing. ``verify`` (what ``annotate`` asks
    for) also reads every part in full once per process, checking its pages' checksums, so a part
    with damaged data pages is found, reported and left out too, and its documents are parsed
    again; readers do not pay for that read and name a damaged part when they meet it
    (``_read_parts``).
    """
    index: dict[str, Path] = {}
    if not folder.is_dir():
        return index
    for part in sorted(folder.glob("part-*.parquet")):
        keys = _part_keys(part, verify)
        if keys is None:
            continue
        for key in keys:
            index.setdefault(key, part)
    return index


#: Parts already read in full by this process, by (path, size, mtime): they are not re-checked.
_checked: dict[tuple[str, int, int], tuple[str, ...]] = {}
#: Parts found damaged by this process: path -> the reader's error (first line).
_damaged: dict[Path, str] = {}


def damaged_parts(folder: Path) -> dict[Path, str]:
    """The part files of ``folder`` found damaged by ``_index`` (path -> reader's error)."""
    return {p: e for p, e in _damaged.items() if p.parent == folder and p.exists()}


def _part_keys(part: Path, verify: bool = True) -> tuple[str, ...] | None:
    """The document keys a part covers (after reading it in full once, with ``verify``); None
    if it is damaged."""
    try:
        st = part.stat()
        state = (str(part), st.st_size, st.st_mtime_ns)
        if state in _checked:
            return _checked[state]
        if verify:  # every data page, so damaged pages are found now
            metadata = _read_part(part).schema.metadata
        else:
            metadata = pq.read_schema(part).metadata
        keys = tuple(json.loads((metadata or {}).get(META_KEYS, b"[]")))
    except FileNotFoundError:
        return None
    except (OSError, pa.ArrowException, ValueError) as err:
        _damaged[part] = _first_line(err)
        warnings.warn(f"newscorpus: damaged cache part {part} ({_damaged[part]}); its "
                      "documents count as not cached (annotate parses them again)", stacklevel=3)
        return None
    _damaged.pop(part, None)
    if verify:
        _checked[state] = keys
    return keys


def _read_part(part: Path) -> pa.Table:
    """One part file in full, its pages' checksums verified (parts are written with them)."""
    return pq.read_table(part, page_checksum_verification=True)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _table_folder(out: Path, table: str, fingerprint: str) -> Path:
    """Where the parts of ``table`` under pipeline ``fingerprint`` live in cache folder ``out``."""
    return out / table / fingerprint


def _write_description(folder: Path, description: Mapping[str, Any]) -> None:
    """The folder's ``_pipeline.json`` (what its fingerprint was computed from), once."""
    desc = folder / "_pipeline.json"
    if not desc.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(dict(description), indent=1, sort_keys=True)
        _atomic_write_bytes(desc, text.encode())


def _read_description(folder: Path) -> dict[str, Any]:
    desc = folder / "_pipeline.json"
    return json.loads(desc.read_text()) if desc.is_file() else {}


def _ordered_doc_keys(docs_index: dict[str, Path]) -> list[str]:
    keys: list[str] = []
    for part in sorted(set(docs_index.values())):
        keys.extend(_part_keys(part, verify=False) or ())
    return list(dict.fromkeys(keys))


def _read_parts(index: dict[str, Path], keys: list[str]) -> pa.Table:
    """Rows of ``keys`` from their part files, ordered by ``keys`` (stable within a document)."""
    by_file: dict[Path, list[str]] = {}
    for k in keys:
        by_file.setdefault(index[k], []).append(k)
    parts = []
    for path, ks in sorted(by_file.items()):
        try:
            tab = _read_part(path)
        except (OSError, pa.ArrowException) as err:
            raise DamagedPartError(
                f"{path}: damaged cache part ({_first_line(err)}); run `python -m newscorpus "
                f"annotate PATH --out {path.parents[2]}` to parse its documents again"
            ) from err
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
