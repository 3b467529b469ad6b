"""Where a Dask worker's time goes: per-chunk wall time vs the parsing thread's CPU time.

Usage:

    .venv/bin/python benchmarks/dask_chunks.py --words 300000 --runs 2

Annotates the same synthetic corpus (see annotate.py) with a 2-process pool, a 2-worker Dask
LocalCluster with dask's defaults, and one with the worker's statistical profiler off, runs
interleaved. In every worker, each call of ``store._annotate_chunk`` records its wall time and
its thread's CPU time (``time.thread_time``). Wall minus CPU, summed over chunks, is the time the
parsing thread was ready but not running: waiting for the GIL held by the worker's other
threads (event loop, profiler) or for a core. A finding, not a target: the library cannot
change a user's cluster settings.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from annotate import make_corpus  # noqa: E402


def install(log_dir: str) -> None:
    """Wrap store._annotate_chunk in this process to log (wall, thread CPU, docs) per call."""
    import newscorpus.tables.workers as st  # where the runners look _annotate_chunk up

    real = st._annotate_chunk

    def timed(*args):
        w0, c0 = time.perf_counter(), time.thread_time()
        result = real(*args)
        with open(os.path.join(log_dir, f"chunks-{os.getpid()}.txt"), "a") as fh:
            fh.write(f"{time.perf_counter() - w0:.3f} {time.thread_time() - c0:.3f} {result[0]}\n")
        return result

    st._annotate_chunk = timed


def child(mode: str, corpus: Path, out: Path, log_dir: str) -> str:
    from newscorpus import annotate

    if mode == "pool":  # forked workers inherit the wrapper
        install(log_dir)
        t0 = time.perf_counter()
        annotate(corpus, out, progress=False, n_process=2)
        total = time.perf_counter() - t0
    else:
        import dask
        from distributed import Client, LocalCluster

        cfg = {"distributed.worker.profile.enabled": False} if mode == "dask_noprofile" else {}
        with dask.config.set(cfg), LocalCluster(
                n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(install, log_dir)
            t0 = time.perf_counter()
            annotate(corpus, out, progress=False, client=client)
            total = time.perf_counter() - t0  # the cluster's shut-down excluded
    wall = cpu = 0.0
    for f in glob.glob(os.path.join(log_dir, "chunks-*.txt")):
        for line in open(f):
            a, b, _ = line.split()
            wall, cpu = wall + float(a), cpu + float(b)
        os.remove(f)
    return (f"{mode:15s} total {total:6.1f} s; chunks: wall {wall:6.1f} s, parsing-thread CPU "
            f"{cpu:6.1f} s, waiting {wall - cpu:5.1f} s ({(wall - cpu) / wall:.0%})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(child(args.child, args.dir / "corpus", args.dir / "cache", str(args.dir)))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="newscorpus-dask-"))
    try:
        n_docs, n_words = make_corpus(tmp / "corpus", args.words)
        print(f"synthetic corpus: {n_docs} documents, {n_words} words", flush=True)
        for _ in range(args.runs):
            for mode in ("pool", "dask", "dask_noprofile"):
                shutil.rmtree(tmp / "cache", ignore_errors=True)
                done = subprocess.run([sys.executable, __file__, "--child", mode, "--dir",
                                       str(tmp)], capture_output=True, text=True, check=True)
                print(done.stdout.strip().splitlines()[-1], flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
