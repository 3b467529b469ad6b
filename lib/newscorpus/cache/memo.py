"""Cache *derived* results (DataFrames computed from a corpus) in the project cache folder.

``cached_frame(name, corpus, fn, *args, modules=[...])`` returns ``fn(corpus, *args, **kwargs)``,
reading it from ``<cache folder> / "derived" / name / "<key>.parquet"`` when a valid
copy exists. The key is a SHA-256 of everything the result depends on:

- the corpus documents (``keys.doc_keys(corpus)``, in order) plus, for ``corpus_columns``, the
  content of those columns (e.g. ``raw_text``, whatever ``doc_keys`` covers);
- the code of ``fn``'s module and of ``modules`` with every newscorpus module they import, and the
  data files those sources name (``keys._code_and_data_hash``), plus ``fn``'s own source;
- the pipeline settings (model name and version, spaCy/thinc and newscorpus versions, the ops back
  end, the content of the user knowledge file ``$NEWSCORPUS_KNOWLEDGE``);
- every further argument (numbers, strings, paths, containers of those, DataFrames/Series by
  content). An argument of any other type raises TypeError: it could not be keyed safely.

Change any of them and the result is recomputed; the old file is simply no longer read (delete
``derived/`` to reclaim the space). The session's cache (``parts.session_cache()``, set with
``tables.set_cache``/``using_cache``) gives the folder and the mode: ``off`` never touches the
cache, ``read`` only reads (a missing result is computed and not written), ``readwrite`` reads or
computes and writes. Files are written to a temporary name and renamed (``os.replace``), so a
reader never sees half a file.

A result is cached only if it survives the Parquet round trip *exactly* (same values, dtypes,
index, column labels, and None vs NaN in object columns; checked in memory before writing), so the
frame is identical whether computed or read. Anything else (e.g. tuple column labels) is computed
every time, with a warning. Nothing is held in memory between calls.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import os
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newscorpus import __version__
from newscorpus.cache import keys, parts

#: Bump when the layout or the key recipe changes (older files are then simply not found).
MEMO_FORMAT = 1
SUBDIR = "derived"
_META = b"newscorpus.cache.memo"
_NAN_META = b"newscorpus.memo.nan"


# --------------------------------------------------------------------------- keys


def _hash_frame(obj: pd.DataFrame | pd.Series) -> str:
    """Content hash of a DataFrame/Series: values, index, labels and dtypes."""
    h = hashlib.sha256()
    frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
    h.update(type(obj).__name__.encode())
    h.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    h.update(repr(list(frame.index.names)).encode() + repr(frame.index.dtype).encode())
    try:
        values = pd.util.hash_pandas_object(frame, index=True).to_numpy()
        h.update(values.tobytes())
        # hash_pandas_object does not tell None from NaN in object columns; repr does
        for i in range(frame.shape[1]):
            if frame.iloc[:, i].dtype == object:
                h.update(repr(_type_names(frame.iloc[:, i])).encode())
    except TypeError:  # unhashable cells (lists, dicts): fall back to their JSON text
        h.update(frame.to_json(orient="split", date_format="iso", default_handler=str).encode())
    return h.hexdigest()


def _canonical(value: Any) -> Any:
    """A JSON-able, type-tagged form of an argument (TypeError for anything not keyable)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, Path):
        return {"path": str(value)}
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return {type(value).__name__: _hash_frame(value)}
    if isinstance(value, pd.Timestamp):
        return {"timestamp": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [_canonical(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted((_canonical(v) for v in value), key=lambda x: json.dumps(x))}
    if isinstance(value, Mapping):
        items = [[_canonical(k), _canonical(v)] for k, v in value.items()]
        return {"dict": sorted(items, key=lambda kv: json.dumps(kv[0]))}
    try:  # numpy scalars
        import numpy as np

        if isinstance(value, np.generic):
            return {type(value).__name__: _canonical(value.item())}
    except ImportError:  # pragma: no cover
        pass
    raise TypeError(f"cannot key a cached result on an argument of type {type(value).__name__}")


def _corpus_hash(corpus: pd.DataFrame | None, columns: Iterable[str]) -> str:
    if corpus is None:
        return ""
    h = hashlib.sha256()
    h.update("\n".join(keys.doc_keys(corpus)).encode())
    for col in columns:
        h.update(b"\0" + col.encode() + b"\0")
        if col not in corpus.columns:
            h.update(b"<missing>")
            continue
        for v in corpus[col]:
            h.update(json.dumps(keys._jsonable(v)).encode() + b"\n")
    return h.hexdigest()


def _function_source(fn: Callable) -> str:
    try:
        return hashlib.sha256(inspect.getsource(fn).encode()).hexdigest()
    except (OSError, TypeError):
        return ""


def description(name: str, corpus: pd.DataFrame | None, fn: Callable, args: tuple = (),
                kwargs: Mapping[str, Any] | None = None, *, modules: Iterable[str] | None = None,
                corpus_columns: Iterable[str] = ()) -> dict[str, Any]:
    """Everything a cached result depends on (its SHA-256 is the file name)."""
    mods = set(modules or ())
    fn_module = getattr(fn, "__module__", None) or ""
    if fn_module.split(".")[0] == "newscorpus":
        mods.add(fn_module)
    s = keys.settings()
    return {
        "memo_format": MEMO_FORMAT,
        "name": name,
        "function": f"{fn_module}.{getattr(fn, '__qualname__', repr(fn))}",
        "function_source": _function_source(fn),
        "code_and_data": keys._code_and_data_hash(sorted(mods)) if mods else "",
        "newscorpus": __version__,
        "model": s.model,
        "model_version": keys._model_version(s.model),
        "spacy": keys._version("spacy"),
        "thinc": keys._version("thinc"),
        "use_blis": s.use_blis,
        "user_knowledge": keys._file_hash(s.knowledge_file),
        "corpus": _corpus_hash(corpus, corpus_columns),
        "args": _canonical(list(args)),
        "kwargs": _canonical(dict(kwargs or {})),
    }


def key(desc: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(desc, sort_keys=True).encode()).hexdigest()[:32]


def path_for(name: str, desc: Mapping[str, Any], out: Path | None = None) -> Path:
    """Where the result described by ``desc`` is (or would be) cached."""
    out = Path(out) if out is not None else parts.session_cache().folder
    return out / SUBDIR / name / f"{key(desc)}.parquet"


# --------------------------------------------------------------------------- frames <-> parquet


def _nan_positions(frame: pd.DataFrame) -> dict[str, list[int]]:
    """Object columns: positions holding a float NaN (Arrow turns NaN and None into null)."""
    out = {}
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if values.dtype == object:
            pos = [j for j, v in enumerate(values) if isinstance(v, float) and math.isnan(v)]
            if pos:
                out[str(i)] = pos
    return out


def _to_arrow(frame: pd.DataFrame) -> pa.Table:
    table = pa.Table.from_pandas(frame)  # a RangeIndex stays a RangeIndex
    meta = dict(table.schema.metadata or {})
    meta[_NAN_META] = json.dumps(_nan_positions(frame)).encode()
    return table.replace_schema_metadata(meta)


def _from_arrow(table: pa.Table) -> pd.DataFrame:
    meta = table.schema.metadata or {}
    frame = table.to_pandas()
    for i, positions in json.loads(meta.get(_NAN_META, b"{}")).items():
        col = frame.iloc[:, int(i)].copy()
        col.iloc[positions] = float("nan")
        frame.isetitem(int(i), col)
    return frame


def _type_names(values: Iterable) -> list[str]:
    return [type(v).__name__ for v in values]


def identical(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Same values, dtypes, index, column labels and attrs; object cells of the same types
    (so None and NaN, or int and numpy.int64, are told apart)."""
    if type(a) is not type(b) or a.shape != b.shape or a.attrs != b.attrs:
        return False
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_dtype=True,
                                      check_index_type=True, check_column_type=True,
                                      check_names=True, check_flags=True, check_freq=True)
    except AssertionError:
        return False
    for i in range(a.shape[1]):
        if a.iloc[:, i].dtype == object and (_type_names(a.iloc[:, i])
                                             != _type_names(b.iloc[:, i])):
            return False
    for axis_a, axis_b in ((a.index, b.index), (a.columns, b.columns)):
        if list(axis_a.names) != list(axis_b.names):
            return False
        for lev in range(axis_a.nlevels):
            la, lb = axis_a.get_level_values(lev), axis_b.get_level_values(lev)
            if la.dtype == object and _type_names(la) != _type_names(lb):
                return False
    return True


def _read(path: Path) -> pd.DataFrame | None:
    try:
        return _from_arrow(pq.read_table(path, page_checksum_verification=True))
    except FileNotFoundError:
        return None
    except (OSError, pa.ArrowException, ValueError, KeyError) as err:
        warnings.warn(f"newscorpus: unreadable cached result {path} ({err}); recomputing",
                      stacklevel=3)
        return None


def _write(path: Path, table: pa.Table, desc: Mapping[str, Any]) -> None:
    meta = dict(table.schema.metadata or {})
    meta[_META] = json.dumps(desc, sort_keys=True).encode()
    table = table.replace_schema_metadata(meta)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{parts.TMP_PREFIX}{uuid.uuid4().hex}-{path.name}")
    try:
        pq.write_table(table, tmp, write_page_checksum=True)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


# --------------------------------------------------------------------------- the API


def cached_frame(name: str, corpus: pd.DataFrame | None, fn: Callable[..., pd.DataFrame],
                 *args: Any, modules: Iterable[str] | None = None,
                 corpus_columns: Iterable[str] = (), **kwargs: Any) -> pd.DataFrame:
    """``fn(corpus, *args, **kwargs)`` (or ``fn(*args, **kwargs)`` if ``corpus`` is None),
    from the cache when a copy computed from the same inputs exists (see the module docstring).

    ``name`` is the result's folder under ``derived/`` (a plain name: letters, digits, ``_-.``);
    ``modules`` are the newscorpus modules whose code (and data files) the result depends on
    besides ``fn``'s own module; ``corpus_columns`` are corpus columns to hash by content in
    addition to ``keys.doc_keys`` (name every column ``fn`` reads that the document keys might
    not cover, such as ``raw_text``).
    """
    if not name or not all(c.isalnum() or c in "_-." for c in name) or name.startswith("."):
        raise ValueError(f"cached result name must be a plain file name, not {name!r}")

    def compute() -> pd.DataFrame:
        return fn(*args, **kwargs) if corpus is None else fn(corpus, *args, **kwargs)

    cache = parts.session_cache()
    mode = cache.active_mode
    if mode == "off":
        return compute()
    corpus_columns = tuple(corpus_columns)
    desc = description(name, corpus, fn, args, kwargs, modules=modules,
                       corpus_columns=corpus_columns)
    out = cache.folder
    path = path_for(name, desc, out)
    if (out / parts.MARKER).is_file():
        parts._check_marker(out, create=False)  # another cache format: refuse, as the tables do
        found = _read(path)
        if found is not None:
            return found
    result = compute()
    if mode != "readwrite":
        return result
    if not isinstance(result, pd.DataFrame):
        raise TypeError(f"{name}: cached_frame caches DataFrames, "
                        f"{getattr(fn, '__name__', fn)!r} returned {type(result).__name__}")
    try:
        table = _to_arrow(result)
        exact = identical(result, _from_arrow(table))
    except (pa.ArrowException, TypeError, ValueError) as err:
        table, exact = None, False
        reason = str(err)
    else:
        reason = "the Parquet round trip changes it"
    if not exact:
        warnings.warn(f"newscorpus: result {name!r} not cached ({reason}); computed every time",
                      stacklevel=2)
        return result
    try:
        parts._check_marker(out, create=True)
        _write(path, table, desc)
    except OSError as err:  # read-only or full disk: the result is still right
        warnings.warn(f"newscorpus cache {out} not writable ({err}); not caching {name!r}",
                      stacklevel=2)
    return result


def cached(name: str | None = None, *, modules: Iterable[str] | None = None,
           corpus_columns: Iterable[str] = ()) -> Callable:
    """Decorator form: ``@cached("accuracy")`` on ``def f(corpus, ...) -> DataFrame``.

    The undecorated function is kept as ``f.compute`` (always computes)."""
    import functools

    def wrap(fn: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        label = name or fn.__name__

        @functools.wraps(fn)
        def inner(corpus: pd.DataFrame, *args: Any, **kwargs: Any) -> pd.DataFrame:
            return cached_frame(label, corpus, fn, *args, modules=modules,
                                corpus_columns=corpus_columns, **kwargs)

        inner.compute = fn  # type: ignore[attr-defined]
        return inner

    return wrap
