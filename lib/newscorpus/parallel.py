"""How newscorpus work runs in this process, a pool of local processes or on Dask workers.

- ``stream``: the one streaming executor. Tasks are submitted with at most ``window`` in flight
  (bounded memory) and the input is read only as tasks are sent, so reading overlaps with the
  work; results come back in order (the corpus scan) or as they finish (annotate).
- ``mapper``: an order-keeping ``map`` over a fork pool or Dask workers (the corpus scan).
- ``run_pool`` / ``run_dask``: one task per chunk, results as they finish (annotate).
- ``exit_with_parent``: the initializer of every local pool worker; a worker ends when the
  process that started the pool dies (even by SIGKILL), instead of living on under PID 1.
- ``worker_settings``: one core's worth of threads, and glibc's malloc left free to reuse memory.
  Documents are the unit of parallelism (cleaning in ``corpus.load``, parsing in ``tables``), so
  each worker should use one core. Both settings apply only while a task runs and are undone
  after it: a user's Dask worker is left as it was found.

Nothing here knows about documents or tables; this module imports nothing from newscorpus.
"""

from __future__ import annotations

import os
import platform
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any


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


# --------------------------------------------------------------------------- parent death

#: prctl(2) option: the signal this process gets when its parent thread dies (Linux).
_PR_SET_PDEATHSIG = 1
#: Seconds between checks of the parent in the watchdog thread (where prctl is not available).
_WATCH_S = 1.0


def exit_with_parent(parent: int, kernel: bool = True) -> None:
    """Pool worker initializer: end this process when ``parent`` (the pool's owner) dies.

    On Linux, with ``kernel``, the kernel sends SIGTERM at the parent's death
    (``prctl(PR_SET_PDEATHSIG)`` through ctypes). The kernel watches the *thread* that started
    the worker, so ``_pool`` asks for it only when that is the main thread; otherwise (and off
    Linux) a daemon thread checks ``os.getppid()`` every second and exits the process when it no
    longer is ``parent``. Either way, a parent that died before this runs is caught at once.
    """
    import signal

    libc = _libc() if kernel else None
    if libc is not None and libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0:
        if os.getppid() != parent:
            os._exit(1)
        return
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_S)
        os._exit(1)

    threading.Thread(target=watch, name="newscorpus-parent-watch", daemon=True).start()


@cache
def _libc() -> Any:
    """The C library (for prctl) on Linux, else None."""
    if sys.platform != "linux":
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _pool(n_process: int, ctx: Any) -> Any:
    """A ProcessPoolExecutor of ``n_process`` workers that end when this process dies."""
    import threading
    from concurrent.futures import ProcessPoolExecutor

    main = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(n_process, mp_context=ctx, initializer=exit_with_parent,
                               initargs=(os.getpid(), main))


# --------------------------------------------------------------------------- streaming

#: Cleaning tasks: at most ``_PART`` files each, at least ``_SPREAD`` tasks per worker where the
#: corpus is large enough, and ``_AHEAD`` tasks in flight per worker. The parent reads files
#: while the workers clean the ones already sent; at most ``_PART * _AHEAD * workers`` raw texts
#: are held at a time. Larger tasks mean less per-task overhead, which matters on Dask: at 1M
#: words (1,965 files) a Dask scan took a median of 16.7 s with 16 files a task and 14.9 s with
#: 64 (4 timings each: 2 runs, cold and warm workers; 2 workers; see README, Performance).
_PART = 64
_SPREAD = 8
_AHEAD = 4


def _part_size(total: int, workers: int) -> int:
    return max(1, min(_PART, -(-total // (_SPREAD * workers))))


def _parts(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` consecutive items of ``items`` (any iterable, consumed lazily)."""
    part: list = []
    for item in items:
        part.append(item)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


_END = object()


def stream(submit: Callable[[Any], Any], result: Callable[[Any], Iterable], tasks: Iterable,
           window: int, *, part: int | None = None,
           wait_any: Callable[[set], Iterable] | None = None) -> Iterator:
    """The items of ``result(submit(task))`` for every task, with at most ``window`` tasks
    submitted and not yet consumed.

    ``tasks`` is read only as tasks are sent, so reading the input overlaps with the work on what
    was sent before, with no barrier between blocks: workers stay busy as long as the input keeps
    up. ``part``: the tasks are lists of ``part`` consecutive items of ``tasks``. Without
    ``wait_any`` results come in the order the tasks were sent; with it (``wait_any(pending)``
    returns the finished ones of the pending futures) as they finish, each finished task making
    room for the next.
    """
    todo = iter(_parts(tasks, part) if part else tasks)
    if wait_any is None:
        ordered: deque = deque()
        for task in todo:
            ordered.append(submit(task))
            if len(ordered) >= window:
                yield from result(ordered.popleft())
        while ordered:
            yield from result(ordered.popleft())
        return
    pending: set = set()

    def fill() -> None:
        while len(pending) < window:
            task = next(todo, _END)
            if task is _END:
                return
            pending.add(submit(task))

    fill()
    while pending:
        for fut in wait_any(pending):
            pending.discard(fut)
            yield from result(fut)
            fill()


def _stream(submit: Callable[[list], Any], result: Callable[[Any], list], items: Iterable,
            part: int, window: int) -> Iterator:
    """``stream`` over lists of ``part`` items, results in order (the corpus scan's use)."""
    return stream(submit, result, items, window, part=part)


def _map_list(fn: Callable, items: list) -> list:
    """``fn`` over ``items`` in a pool process or Dask worker (one core's worth of threads)."""
    with worker_settings():
        return [fn(x) for x in items]


def forks() -> bool:
    """Whether local pools fork (Linux, as spaCy's own n_process does): workers start at once,
    share what the parent loaded copy-on-write, and scripts need no ``__main__`` guard."""
    return sys.platform == "linux"


@contextmanager
def mapper(n_process: int, client: Any = None
           ) -> Iterator[Callable[[Callable, Iterable, int], Iterator]]:
    """A streaming, order-keeping ``map(fn, items, total)`` in this process, over a fork pool of
    ``n_process`` processes (Linux), or over the workers of a dask.distributed ``client`` (the
    functions mapped never read files). ``total`` is the number of items (it sets task sizes)."""
    if client is not None:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def dask_map(fn: Callable, items: Iterable, total: int) -> Iterator:
            return _stream(lambda chunk: client.submit(_map_list, fn, chunk, pure=False),
                           lambda fut: fut.result(), items, _part_size(total, workers),
                           _AHEAD * workers)

        yield dask_map
        return
    if n_process <= 1 or not forks():
        yield lambda fn, items, total: map(fn, items)
        return
    import multiprocessing as mp

    with _pool(n_process, mp.get_context("fork")) as pool:
        yield lambda fn, items, total: _stream(
            lambda chunk: pool.submit(_map_list, fn, chunk), lambda fut: fut.result(), items,
            _part_size(total, n_process), _AHEAD * n_process)


def run_pool(fn: Callable, tasks: Iterable, n_process: int, *args: Any,
             before_fork: Callable[[], None] | None = None) -> Iterator:
    """``fn(task, *args)`` for every task in a local pool of ``n_process`` processes, at most two
    tasks per process in flight; results as they finish. ``fn`` is a module-level function (it
    is pickled by name) and should apply ``worker_settings`` itself. ``before_fork`` runs first
    where the pool forks (to load what the workers then share)."""
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, wait

    fork = forks()
    if fork and before_fork is not None:
        before_fork()
    ctx = mp.get_context("fork" if fork else "spawn")
    with _pool(n_process, ctx) as pool:
        yield from stream(lambda task: pool.submit(fn, task, *args),
                          lambda fut: [fut.result()], tasks, 2 * n_process,
                          wait_any=lambda fs: wait(fs, return_when=FIRST_COMPLETED)[0])


def run_dask(fn: Callable, tasks: Iterable, client: Any, *args: Any) -> Iterator:
    """``fn(task, *args)`` for every task on the workers of a dask.distributed ``client``, at
    most two tasks per worker in flight; results as they finish (``fn`` as for ``run_pool``)."""
    from distributed import wait  # optional dependency, only with a client

    n = max(1, len(client.scheduler_info().get("workers", {})))

    def done(fs: set) -> set:
        return set(wait(list(fs), return_when="FIRST_COMPLETED").done)

    yield from stream(lambda task: client.submit(fn, task, *args, pure=False),
                      lambda fut: [fut.result()], tasks, 2 * n, wait_any=done)
