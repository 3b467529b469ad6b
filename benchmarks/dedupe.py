"""Benchmark near-duplicate detection: the banding index (``method="lsh"``, what load_corpus
uses) against comparing every pair of signatures (``method="exact"``), side by side in one run.

Usage (the default run takes about 2 minutes on 2 cores):

    PYTHONPATH=lib .venv/bin/python benchmarks/dedupe.py
    PYTHONPATH=lib .venv/bin/python benchmarks/dedupe.py --sizes 12000 48000 100000 --exact-max 12000

The corpus is generated, not taken from the seeds (reshuffled seeds are all near-duplicates of
each other): distinct articles of 12-30 sentences drawn from a Zipf vocabulary of 100 function
words and 30,000 made-up content words, and, for one article in ten, a planted rewritten copy:

* "rewrite" copies (80 %): a share c in 0.1-0.9 of the original's sentences, each with one word
  replaced half the time, in order, mixed with new sentences up to the original's length;
* "brief" copies (20 %): the original's first 2-5 sentences only (a size ratio of up to ~10).

The corpora of the several sizes are nested (each is a prefix of the next), so the MinHash
signatures are computed once, for the largest. For every size it prints the time of each
method's near-duplicate step (from signatures to groups; signatures are computed while cleaning
and are not part of it; lsh: the median of --repeat runs, exact: one run), the peak memory the LSH step allocates (tracemalloc, numpy included),
whether both give identical groups, the recall of planted copies whose exact shingle
containment is >= 0.18 (and of those below), the false pairs (two documents grouped that are not
a planted pair), and the growth exponent log(t2/t1)/log(n2/n1) between consecutive sizes.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass

import numpy as np

from newscorpus.corpus.dedupe import DEFAULT_THRESHOLD, duplicate_roots, shingles, signature

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["an", "el", "or", "is", "um"]


@dataclass
class Doc:
    doc_id: str
    text: str
    unit: int  # index of its original (a copy shares its original's unit)


def vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    function = [f"f{i}" for i in range(100)]
    content: set[str] = set()
    while len(content) < 30000:
        content.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return function, sorted(content)


#: Zipf weights (1 / (rank + 2.7)), as word frequencies in English text.
_F_CUM = list(np.cumsum([1 / (r + 2.7) for r in range(100)]))
_C_CUM = list(np.cumsum([1 / (r + 2.7) for r in range(30000)]))


def sentence(rng: random.Random, function: list[str], content: list[str]) -> str:
    n = rng.randint(8, 24)
    words = [rng.choices(function, cum_weights=_F_CUM)[0] if rng.random() < 0.45
             else rng.choices(content, cum_weights=_C_CUM)[0] for _ in range(n)]
    return " ".join(words).capitalize() + "."


def make_corpus(n: int, seed: int = 0) -> tuple[list[Doc], list[tuple[str, str, str]]]:
    """``n`` documents (nested in larger n); planted (original id, copy id, kind) pairs."""
    rng = random.Random(seed)
    function, content = vocabulary(rng)
    docs: list[Doc] = []
    planted = []
    unit = 0
    while len(docs) < n:
        sents = [sentence(rng, function, content) for _ in range(rng.randint(12, 30))]
        orig = Doc(f"{rng.getrandbits(48):012x}", " ".join(sents), unit)
        docs.append(orig)
        if len(docs) < n and rng.random() < 0.1:
            if rng.random() < 0.8:
                c = rng.choice([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
                kept = sorted(rng.sample(range(len(sents)), max(1, round(c * len(sents)))))
                copy = []
                for i in kept:
                    ws = sents[i].split()
                    if rng.random() < 0.5:
                        ws[rng.randrange(len(ws))] = rng.choice(content)
                    copy.append(" ".join(ws))
                for _ in range(len(sents) - len(kept)):
                    copy.insert(rng.randrange(len(copy) + 1), sentence(rng, function, content))
                kind = "rewrite"
            else:
                copy, kind = sents[:rng.randint(2, 5)], "brief"
            docs.append(Doc(f"{rng.getrandbits(48):012x}", " ".join(copy), unit))
            planted.append((orig.doc_id, docs[-1].doc_id, kind))
        unit += 1
    return docs, planted


def containment(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / min(len(sa), len(sb))


def groups_of(root: dict[str, str]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for d, r in root.items():
        out.setdefault(r, set()).add(d)
    return {frozenset(g) for g in out.values() if len(g) > 1}


def false_pairs(root: dict[str, str], planted: list[tuple[str, str, str]]) -> int:
    """Groups of ``root`` that are not exactly one planted (original, copy) pair."""
    pairs = {frozenset((a, b)) for a, b, _ in planted}
    return sum(1 for g in groups_of(root) if g not in pairs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 16000])
    ap.add_argument("--exact-max", type=int, default=16000,
                    help="largest size at which the exact (all-pairs) method is also timed")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of the lsh step per size; the median is printed (default 3)")
    args = ap.parse_args(argv)
    sizes = sorted(args.sizes)

    t0 = time.perf_counter()
    docs, planted = make_corpus(sizes[-1], args.seed)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    sig = {d.doc_id: signature(d.text) for d in docs}
    t_sig = time.perf_counter() - t0
    text = {d.doc_id: d.text for d in docs}
    exact_c = {(a, b): containment(text[a], text[b]) for a, b, _ in planted}
    print(f"generated {len(docs):,} documents ({len(planted):,} planted copies) in {t_gen:.1f} s; "
          f"MinHash signatures in {t_sig:.1f} s ({1000 * t_sig / len(docs):.2f} ms a document)")
    print(f"threshold {DEFAULT_THRESHOLD}; times: the near-duplicate step (signatures -> groups)")
    print()
    print("planted copies found, by their exact shingle containment:")
    head = (f"{'docs':>8} {'method':>6} {'seconds':>8} {'peak MB':>8} {'same groups':>11} "
            f"{'<.18':>10} {'.18-.25':>10} {'>=.25':>10} {'false pairs':>11}")
    print(head)
    rows = []
    for n in sizes:
        sub = docs[:n]
        ids = sorted(d.doc_id for d in sub)
        sizes_ = np.array([sig[d][0] for d in ids], dtype=float)
        sigs = np.stack([sig[d][1] for d in ids])
        runs = []
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            lsh = duplicate_roots(ids, sizes_, sigs, method="lsh")
            runs.append(time.perf_counter() - t0)
        t_lsh = statistics.median(runs)
        tracemalloc.start()
        duplicate_roots(ids, sizes_, sigs, method="lsh")
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        exact = None
        t_exact = float("nan")
        if n <= args.exact_max:
            t0 = time.perf_counter()
            exact = duplicate_roots(ids, sizes_, sigs, method="exact")
            t_exact = time.perf_counter() - t0
        here = set(ids)
        pl = [(a, b, k) for a, b, k in planted if a in here and b in here]
        bands = {"<.18": [], ".18-.25": [], ">=.25": []}
        for a, b, _ in pl:
            c = exact_c[(a, b)]
            bands["<.18" if c < DEFAULT_THRESHOLD else ".18-.25" if c < 0.25 else ">=.25"].append(
                (a, b))
        same = "n/a" if exact is None else ("yes" if exact == lsh else "no")
        for name, root, t in (("lsh", lsh, t_lsh), ("exact", exact, t_exact)):
            if root is None:
                continue
            found = {k: sum(root[a] == root[b] for a, b in v) for k, v in bands.items()}
            false = false_pairs(root, pl)
            mem = f"{peak:8.1f}" if name == "lsh" else f"{'':>8}"
            cells = " ".join(f"{f'{found[k]}/{len(v)}':>10}" for k, v in bands.items())
            print(f"{n:>8,} {name:>6} {t:>8.2f} {mem} {same if name == 'lsh' else '':>11} "
                  f"{cells} {false:>11}")
            if name == "lsh":
                recall = found[">=.25"] / len(bands[">=.25"])
                missed = ([(a, b) for v in bands.values() for a, b in v
                           if exact[a] == exact[b] and lsh[a] != lsh[b]]
                          if exact is not None else [])
        rows.append((n, t_lsh, t_exact, recall, same, missed))
    print()
    for n, t_lsh, t_exact, *_ in rows:
        if t_exact == t_exact:
            print(f"time ratio exact / lsh at {n:,}: {t_exact / t_lsh:.1f}")
    for (n1, l1, e1, *_), (n2, l2, e2, *_) in zip(rows, rows[1:], strict=False):
        k = math.log(n2 / n1)
        exp_e = f"{math.log(e2 / e1) / k:.2f}" if e1 == e1 and e2 == e2 else "n/a"
        print(f"growth exponent {n1:,} -> {n2:,}: lsh {math.log(l2 / l1) / k:.2f}, exact {exp_e}")
    recall_ok = all(r[3] >= 0.99 for r in rows)
    missed = [m for r in rows for m in r[5]]
    print(f"recall of planted copies at exact containment >= 0.25 >= 0.99 at every size: "
          f"{'yes' if recall_ok else 'NO'}")
    print(f"planted copies the exact method groups and lsh does not: {len(missed)}")
    print("false pairs: two documents grouped that are not a planted pair (both methods verify "
          "with the same MinHash containment estimate; see benchmarks/README.md)")
    return 0 if recall_ok else 1


if __name__ == "__main__":
    sys.exit(main())
