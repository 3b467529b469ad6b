"""Benchmark newscorpus.annotate against plain spaCy, across processes and Dask, memory, cache.

Usage (defaults are the issue's full sizes, which take hours on 2 cores; pick --words):

    .venv/bin/python benchmarks/annotate.py --words 50000 --runs 3

Generates a synthetic corpus from the seeds (each document: a seed with its body paragraphs
shuffled by a per-document seed, so every text differs and the cache cannot short-circuit),
then measures, each run in a fresh subprocess, median of --runs (runs interleaved):

0. the ops back end: newscorpus.nlp(use_blis=True) vs (use_blis=False), full pipeline;

1. newscorpus.annotate (everything: load_corpus + cleaning, all tables, Parquet writing) vs
   plain ``spacy.load(model)`` + ``list(nlp.pipe(raw_texts))`` with spaCy's defaults (ops,
   batch size, all components) on the same raw texts; both timings include loading the model;
   also (unless --skip only) annotate(only="tokens") and annotate(only="entities"), which
   isolate the pipeline from the cost of the other tables' extractors;
2. annotate with 2 processes vs 1, and on a 2-worker Dask LocalCluster vs 1 process; and, as
   the machine's own ceiling for any 2-process speed-up, the loaded model parsing the texts in
   one process vs the two halves in two forked processes side by side, one BLAS thread each as
   annotate's workers use (nothing else; --skip ceiling leaves it out);
3. peak RSS of an annotate(PATH) run (1 process, all tables unless --mem-tables) at --words vs
   --mem-words (default 10x);
4. warm rerun (cache populated) of what ``make report`` does (notebooks + HTML), and the time
   to load the cached entity table of the --words corpus (store.load_table, and entities(corpus) through the cache;
   the corpus itself is loaded before the clock starts).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscorpus import config


def make_corpus(folder: Path, words: int) -> tuple[int, int]:
    """Write synthetic articles totalling about ``words`` words; return (documents, words)."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(config.SEEDS_DIR.glob("*.txt"))]
    n_docs = n_words = 0
    while n_words < words:
        raw = seeds[n_docs % len(seeds)]
        blocks = raw.split("\n\n")
        head, tail = min(4, len(blocks) // 3), min(3, len(blocks) // 4)
        body = blocks[head:len(blocks) - tail]
        random.Random(n_docs).shuffle(body)
        text = "\n\n".join(blocks[:head] + body + blocks[len(blocks) - tail:])
        (folder / f"{n_docs:06d}_synthetic.txt").write_text(text, encoding="utf-8")
        n_docs += 1
        n_words += len(text.split())
    return n_docs, n_words


# --------------------------------------------------------------------------- child runs


def _child(mode: str, corpus_dir: Path, out: Path, model: str | None) -> dict:
    t0 = time.perf_counter()
    t_end = None
    if mode == "plain":
        import spacy

        from newscorpus.pipeline import resolve_model

        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
        t0 = time.perf_counter()  # reading files is not spaCy's work
        nlp = spacy.load(resolve_model(model))
        for _ in nlp.pipe(texts):
            pass
    elif mode in {"solo", "duo"}:  # the machine's own ceiling for 2 processes (see main)
        import multiprocessing as mp

        from newscorpus import nlp as get_nlp

        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
        nlp = get_nlp(model, knowledge=False)
        nlp("warm up")

        def parse(part: int) -> None:
            if mode == "duo":  # one BLAS thread per process, as annotate's workers use
                from threadpoolctl import threadpool_limits

                threadpool_limits(limits=1, user_api="blas")
            for _ in nlp.pipe(texts[part::2] if mode == "duo" else texts):
                pass

        t0 = time.perf_counter()
        if mode == "solo":
            parse(0)
        else:  # the same texts split in two halves, parsed side by side by two forked processes
            procs = [mp.get_context("fork").Process(target=parse, args=(i,)) for i in (0, 1)]
            for proc in procs:
                proc.start()
            for proc in procs:
                proc.join()
    elif mode in {"blis_on", "blis_off"}:  # newscorpus.nlp, full pipeline, either back end
        from newscorpus import nlp as get_nlp

        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
        t0 = time.perf_counter()
        nlp = get_nlp(model, use_blis=mode == "blis_on", knowledge=False)
        for _ in nlp.pipe(texts):
            pass
    elif mode.startswith(("annotate1", "annotate2")):
        from newscorpus import annotate

        only = mode.split("@")[1] if "@" in mode else None  # e.g. annotate1@tokens,entities
        annotate(corpus_dir, out, n_process=1 if mode.startswith("annotate1") else 2,
                 progress=False, model=model, only=only)
    elif mode == "dask":
        from distributed import Client, LocalCluster

        from newscorpus import annotate

        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            t0 = time.perf_counter()  # cluster start-up excluded; worker model loads included
            annotate(corpus_dir, out, client=client, progress=False, model=model)
            t_end = time.perf_counter()  # and the cluster's shut-down (it is the user's) too
    elif mode == "load":
        from newscorpus import load_corpus
        from newscorpus import tables as store

        corpus = load_corpus(corpus_dir)
        t0 = time.perf_counter()
        table = store.load_table("entities", corpus, out)
        t_load = time.perf_counter() - t0
        from newscorpus.tables import entities

        t1 = time.perf_counter()
        with store.using_cache(out, "read"):
            entities(corpus)
        return {"seconds": t_load, "entities_seconds": time.perf_counter() - t1,
                "rows": len(table)}
    else:
        raise ValueError(mode)
    return {"seconds": (t_end or time.perf_counter()) - t0,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(mode: str, corpus_dir: Path, out: Path | None, model: str | None) -> dict:
    if out is not None and mode != "load":
        shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus_dir),
           "--out", str(out or corpus_dir.parent / "unused")]
    if model:
        cmd += ["--model", model]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def medians(modes: list[str], corpus_dir: Path, out: Path, runs: int, model: str | None
            ) -> dict[str, float]:
    """Median seconds per mode; runs interleaved (a, b, c, a, b, c, ...) so that drifting load
    from other processes on the machine hits every mode alike."""
    times: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(runs):
        for mode in modes:
            times[mode].append(run_child(mode, corpus_dir, out, model)["seconds"])
    for mode, ts in times.items():
        print(f"  {mode:20s} runs: {', '.join(f'{t:.1f}' for t in ts)} s", flush=True)
    return {m: statistics.median(ts) for m, ts in times.items()}


def report_seconds(tmp: Path) -> float:
    """What ``make report`` does, into a scratch folder (the tree is not touched): execute every
    committed notebook (one nbconvert call, a fresh kernel per notebook, in order) and render
    the HTML report from the executed copies."""
    t0 = time.perf_counter()
    nbs = [str(p) for p in sorted(config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))]
    subprocess.run(
        [str(Path(sys.executable).with_name("jupyter")), "nbconvert", "--to", "notebook",
         "--execute", "--ExecutePreprocessor.kernel_name=newscorpus",
         "--ExecutePreprocessor.timeout=1800", "--output-dir", str(tmp / "nb"), *nbs],
        check=True, capture_output=True, cwd=config.NOTEBOOKS_DIR,
    )
    subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from newscorpus.report import render; render(Path(sys.argv[1]), Path(sys.argv[2]))",
         str(tmp / "nb"), str(tmp / "report")],
        check=True, capture_output=True,
    )
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=1_000_000, help="throughput corpus size")
    ap.add_argument("--mem-words", type=int, default=None, help="large corpus (default 10x)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--model", default=None)
    ap.add_argument("--skip", default="",
                    help="comma list of: speed,only,parallel,ceiling,backend,memory,cache")
    ap.add_argument("--mem-tables", default=None,
                    help="tables annotated for the memory comparison (default: all)")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.corpus, args.out, args.model)))
        return 0

    skip = set(filter(None, args.skip.split(",")))
    tmp = Path(tempfile.mkdtemp(prefix="newscorpus-bench-"))
    try:
        small = tmp / "corpus"
        n_docs, n_words = make_corpus(small, args.words)
        print(f"synthetic corpus: {n_docs} documents, {n_words} words (from the seeds); "
              f"medians of {args.runs} runs, 2 CPUs, each run a fresh process", flush=True)
        out = tmp / "cache"
        t: dict[str, float] = {}
        modes = []
        if "speed" not in skip:
            modes += ["plain", "annotate1"]
        if "only" not in skip:
            modes += ["annotate1@tokens", "annotate1@entities"]
        if "parallel" not in skip:
            modes += ["annotate1", "annotate2", "dask"]
            if "ceiling" not in skip:
                modes += ["solo", "duo"]
        if "backend" not in skip:
            modes += ["blis_on", "blis_off"]
        if modes:
            m = medians(list(dict.fromkeys(modes)), small, out, args.runs, args.model)
            t = {k.replace("annotate1@", ""): v for k, v in m.items()}
        rss = {}
        if "memory" not in skip:
            big_words = args.mem_words or 10 * args.words
            big = tmp / "corpus_big"
            nb_docs, nb_words = make_corpus(big, big_words)
            mode = "annotate1" + (f"@{args.mem_tables}" if args.mem_tables else "")
            rss["small"] = run_child(mode, small, out, args.model)["maxrss_mb"]
            rss["big"] = run_child(mode, big, tmp / "cache_big", args.model)["maxrss_mb"]
            shutil.rmtree(big, ignore_errors=True)
        warm = load = None
        if "cache" not in skip:
            # populate the cache once (the entity table: the one the load time is measured on)
            run_child("annotate1@entities", small, out, args.model)
            load = run_child("load", small, out, args.model)
            report_seconds(tmp)  # cold (fills the project cache)
            warm = report_seconds(tmp)

        print("\n== results ==")
        if "plain" in t:
            print(f"1. annotate(all tables) vs spacy.load+nlp.pipe defaults: "
                  f"{n_words / t['annotate1']:.0f} vs {n_words / t['plain']:.0f} words/s "
                  f"-> ratio {t['plain'] / t['annotate1']:.2f} (target >= 1.25)")
            for table in ("tokens", "entities") if "tokens" in t else ():
                print(f"   annotate(only={table}) vs the same plain spaCy: "
                      f"{n_words / t[table]:.0f} words/s -> ratio {t['plain'] / t[table]:.2f}")
        if "annotate2" in t:
            print(f"2. 2 processes over 1: {t['annotate1'] / t['annotate2']:.2f} (target >= 1.7); "
                  f"2-worker Dask LocalCluster over 1 process: "
                  f"{t['annotate1'] / t['dask']:.2f} (target >= 1.6)")
        if "duo" in t:
            print(f"   ceiling on this machine: the model alone (loaded, full pipeline), the "
                  f"same texts parsed by 2 forked processes side by side vs 1: "
                  f"{t['solo'] / t['duo']:.2f} (no cleaning, extraction or writing)")
        if "blis_on" in t:
            print(f"0. ops back end, full pipeline (no knowledge ruler): NumpyOps(use_blis=False) "
                  f"over use_blis=True: {t['blis_on'] / t['blis_off']:.2f}x faster")
        if rss:
            print(f"3. peak RSS {rss['small']:.0f} MB at {n_words} words vs {rss['big']:.0f} MB "
                  f"at {nb_words} words ({nb_docs} docs) -> growth {rss['big'] / rss['small']:.2f}x"
                  f" (target <= 1.2x; tables: {args.mem_tables or 'all'})")
        if load is not None:
            print(f"4. warm rerun of make report (execute notebooks 01-05, render the HTML): "
                  f"{warm:.1f} s (target <= 60 s); cached entity "
                  f"table of the {n_words}-word corpus ({load['rows']} rows): load_table "
                  f"{load['seconds']:.2f} s, entities(corpus) from cache "
                  f"{load['entities_seconds']:.2f} s (target <= 2 s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
