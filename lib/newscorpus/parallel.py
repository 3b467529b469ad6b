"""How newscorpus work runs in a pool process or a Dask worker: one core's worth of threads, and
glibc's malloc left free to reuse memory.

Documents are the unit of parallelism (cleaning in ``corpus``, parsing in ``store``), so each
worker should use one core. Both settings apply only while a task runs and are undone after it:
a user's Dask worker is left as it was found.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache


@contextmanager
def worker_settings() -> Iterator[None]:
    """One BLAS thread (``one_blas_thread``) and glibc's dynamic mmap (``glibc_dynamic_mmap``)."""
    with one_blas_thread(), glibc_dynamic_mmap():
        yield


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's OpenBLAS with one thread while the block runs, then as it was.

    OpenBLAS starts a thread per core in every process. With one worker per core those threads
    oversubscribe the cores (and OpenBLAS's threads spin while they wait): measured on 2 cores,
    100k words, 2 pool processes took 24.2 s (twice) with them and 16.9-18.9 s with
    OPENBLAS_NUM_THREADS=1 (benchmarks/annotate.py's child runs).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


#: glibc's mallopt parameters, and its default mmap and trim thresholds (malloc.c).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_GLIBC_MMAP_DEFAULT = _GLIBC_TRIM_DEFAULT = 128 * 1024


@contextmanager
def glibc_dynamic_mmap() -> Iterator[None]:
    """Let glibc reuse freed memory while the block runs, where the environment stopped it.

    dask's nanny starts every worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (so that workers give
    memory back to the OS). Any such variable also switches off glibc's dynamic mmap threshold,
    so every array over 128 KB that thinc allocates is mmapped and unmapped again: measured on
    100k words, 7x the page faults (730k vs 95k per worker), 2 s more system time per worker and
    a slower run (21.4-24.1 s vs 19.4-19.5 s with the variable unset). While the block runs, the
    thresholds are set to the ceilings glibc's dynamic mode would reach (32 MB mmap, 64 MB
    trim); afterwards the values the environment asked for are restored, so the worker still
    returns its memory as dask intends. A no-op where no such variable is set (e.g. a fork pool)
    or the C library is not glibc.
    """
    trim = os.environ.get("MALLOC_TRIM_THRESHOLD_")
    mmap = os.environ.get("MALLOC_MMAP_THRESHOLD_")
    mallopt = _mallopt() if (trim or mmap) else None
    if mallopt is None:
        yield
        return
    mallopt(_M_MMAP_THRESHOLD, 32 * 1024 * 1024)
    mallopt(_M_TRIM_THRESHOLD, 64 * 1024 * 1024)
    try:
        yield
    finally:
        mallopt(_M_MMAP_THRESHOLD, _int_or(mmap, _GLIBC_MMAP_DEFAULT))
        mallopt(_M_TRIM_THRESHOLD, _int_or(trim, _GLIBC_TRIM_DEFAULT))


def _int_or(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@cache
def _mallopt() -> Callable[[int, int], int] | None:
    """glibc's ``mallopt``, or None off glibc."""
    if sys.platform != "linux" or platform.libc_ver()[0] != "glibc":
        return None
    import ctypes

    try:
        fn = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return fn
