"""The annotate workers: parse a chunk of documents once, run the extractors, write or return the
rows; and the runners that hand the chunks out (in-process, a local process pool, Dask)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from newscorpus import parallel, pipeline
from newscorpus.cache.keys import Settings
from newscorpus.cache.parts import DOC_KEY, MARKER, _write_part, rows_to_arrow
from newscorpus.tables.registry import _resolve


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
