"""Benchmark near-duplicate detection: the banding index with exact verification
(``method="lsh"``, what load_corpus uses) against comparing every pair of signatures on the
MinHash estimate (``method="exact"``, the earlier reference), side by side in one run.

Usage (the default run takes about 2 minutes on 2 cores):

    PYTHONPATH=lib .venv/bin/python benchmarks/dedupe.py
    PYTHONPATH=lib .venv/bin/python benchmarks/dedupe.py --sizes 12000 48000 100000 --exact-max 12000

It first prints the standard LSH collision probability of the index's bands and of the
estimate's cut (``PROPOSE_THRESHOLD``) for pairs at a few containments and size ratios.

The corpus is generated, not taken from the seeds (reshuffled seeds are all near-duplicates of
each other): distinct articles of 12-30 sentences drawn from a Zipf vocabulary of 100 function
words and 30,000 made-up content words, and, for one article in ten, a planted rewritten copy:

* "rewrite" copies (80 %): a share c in 0.1-0.9 of the original's sentences, each with one word
  replaced half the time, in order, mixed with new sentences up to the original's length;
* "brief" copies (20 %): the original's first 2-5 sentences only (size ratios up to ~18).

The corpora of the several sizes are nested (each is a prefix of the next), so the MinHash
signatures are computed once, for the largest. For every size it prints the time of each
method's near-duplicate step (from signatures to groups; signatures are computed while cleaning
and are not part of it; lsh: the median of --repeat runs, including the shingling of candidates'
texts; exact: one run, the all-pairs comparison and the union of its pairs), the peak memory the
lsh step allocates (tracemalloc, numpy included), whether both give identical groups, the
planted copies found in bins of their exact shingle containment (below 0.18 informative only:
the method should *not* group them), the false pairs (accepted pairs whose exact containment is
below 0.18), and the growth exponent log(t2/t1)/log(n2/n1) between consecutive sizes.
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

from newscorpus.corpus.dedupe import (
    DEFAULT_THRESHOLD,
    LSH_BANDS,
    NUM_PERM,
    PROPOSE_THRESHOLD,
    _components,
    _pair_rows,
    duplicate_roots,
    shingles,
    signature,
    verified_pairs,
)

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


def false_pairs(edges: list[tuple[str, str]], text: dict[str, str]) -> int:
    """Accepted pairs whose exact shingle containment is below the threshold."""
    return sum(containment(text[a], text[b]) < DEFAULT_THRESHOLD for a, b in edges)


def collision_table() -> None:
    """The standard LSH formula for the index, and the estimate's cut, at a few containments."""
    b = len(LSH_BANDS)
    r = len(LSH_BANDS[0])
    print(f"index: b = {b} bands of r = {r} signature positions; a pair of Jaccard j is a "
          f"candidate with probability P = 1 - (1 - j^{r})^{b}")
    print(f"then kept for exact verification if its MinHash containment estimate is >= "
          f"{PROPOSE_THRESHOLD}: with k of {NUM_PERM} values equal (k ~ Binomial({NUM_PERM}, j)),"
          f" estimate = (k/{NUM_PERM})(1 + rho) / (1 + k/{NUM_PERM})")
    print("j = c / (rho + 1 - c) for containment c of the smaller set, rho = size ratio "
          "(larger / smaller); P(miss) = 1 - P(candidate) x P(estimate >= cut)")
    rhos = (1, 2, 3, 5, 10)
    print(f"{'c':>6} " + " ".join(f"{f'rho={x}: P(miss)':>18}" for x in rhos))
    for c in (0.10, 0.18, 0.20, 0.25):
        cells = []
        for rho in rhos:
            j = c / (rho + 1 - c)
            p_band = 1 - (1 - j ** r) ** b
            p_est = sum(math.comb(NUM_PERM, k) * j ** k * (1 - j) ** (NUM_PERM - k)
                        for k in range(NUM_PERM + 1)
                        if (k / NUM_PERM) * (1 + rho) / (1 + k / NUM_PERM) >= PROPOSE_THRESHOLD)
            cells.append(f"{1 - p_band * p_est:>18.2g}")
        print(f"{c:>6.2f} " + " ".join(cells))
    print("(bands sharing positions are not independent: the recall below is measured)")


BINS = (("<.10", 0.0, 0.10), (".10-.18", 0.10, DEFAULT_THRESHOLD), (".18-.25", DEFAULT_THRESHOLD, 0.25),
        (">=.25", 0.25, 2.0))


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

    collision_table()
    print()
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
    print(f"threshold {DEFAULT_THRESHOLD} (lsh: exact containment of candidates; exact: MinHash "
          f"estimate of every pair); times: the near-duplicate step (signatures -> groups)")
    print()
    print("planted copies found, by their exact shingle containment (<.18: informative only); "
          "false pairs: accepted pairs whose exact containment is < 0.18")
    head = (f"{'docs':>8} {'method':>6} {'seconds':>8} {'peak MB':>8} {'same groups':>11} "
            + " ".join(f"{name:>10}" for name, *_ in BINS) + f" {'false pairs':>11}")
    print(head)
    rows = []
    for n in sizes:
        sub = docs[:n]
        ids = sorted(d.doc_id for d in sub)
        sizes_ = np.array([sig[d][0] for d in ids], dtype=float)
        sigs = np.stack([sig[d][1] for d in ids])
        texts = [text[d] for d in ids]
        runs = []
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            lsh = duplicate_roots(ids, sizes_, sigs, method="lsh", texts=texts)
            runs.append(time.perf_counter() - t0)
        t_lsh = statistics.median(runs)
        tracemalloc.start()
        duplicate_roots(ids, sizes_, sigs, method="lsh", texts=texts)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        a, b, _ = verified_pairs(sizes_, sigs, texts)
        edges = {"lsh": [(ids[x], ids[y]) for x, y in zip(a.tolist(), b.tolist(), strict=True)]}
        exact = None
        t_exact = float("nan")
        if n <= args.exact_max:
            # the exact method's groups are the components of these pairs (duplicate_roots
            # merges them as they stream; here they are kept to be checked)
            t0 = time.perf_counter()
            pr = [(i, j) for i, js, _ in _pair_rows(sizes_, sigs, DEFAULT_THRESHOLD) for j in js]
            ea = np.array([i for i, _ in pr], dtype=np.int64)
            eb = np.array([j for _, j in pr], dtype=np.int64)
            label = _components(len(ids), ea, eb)
            t_exact = time.perf_counter() - t0
            exact = {d: ids[label[k]] for k, d in enumerate(ids)}
            edges["exact"] = [(ids[i], ids[j]) for i, j in pr]
        here = set(ids)
        pl = [(a, b, k) for a, b, k in planted if a in here and b in here]
        bins: dict[str, list] = {name: [] for name, *_ in BINS}
        for a_, b_, _ in pl:
            c = exact_c[(a_, b_)]
            for name, lo, hi in BINS:
                if lo <= c < hi:
                    bins[name].append((a_, b_))
        same = "n/a" if exact is None else ("yes" if exact == lsh else "no")
        for name, root, t in (("lsh", lsh, t_lsh), ("exact", exact, t_exact)):
            if root is None:
                continue
            found = {k: sum(root[x] == root[y] for x, y in v) for k, v in bins.items()}
            false = false_pairs(edges[name], text)
            mem = f"{peak:8.1f}" if name == "lsh" else f"{'':>8}"
            cells = " ".join(f"{f'{found[k]}/{len(v)}':>10}" for k, v in bins.items())
            print(f"{n:>8,} {name:>6} {t:>8.2f} {mem} {same if name == 'lsh' else '':>11} "
                  f"{cells} {false:>11}")
            if name == "lsh":
                hit = found[".18-.25"] + found[">=.25"]
                total = len(bins[".18-.25"]) + len(bins[">=.25"])
                recall = hit / total if total else 1.0
                missed = [(x, y) for k in (".18-.25", ">=.25") for x, y in bins[k]
                          if root[x] != root[y]]
        rows.append((n, t_lsh, t_exact, recall, same, missed))
    print()
    for n, t_lsh, t_exact, *_ in rows:
        if t_exact == t_exact:
            print(f"time ratio exact / lsh at {n:,}: {t_exact / t_lsh:.1f}")
    for (n1, l1, e1, *_), (n2, l2, e2, *_) in zip(rows, rows[1:], strict=False):
        k = math.log(n2 / n1)
        exp_e = f"{math.log(e2 / e1) / k:.2f}" if e1 == e1 and e2 == e2 else "n/a"
        print(f"growth exponent {n1:,} -> {n2:,}: lsh {math.log(l2 / l1) / k:.2f}, exact {exp_e}")
    for n, _, _, recall, _, _ in rows:
        print(f"recall of planted copies at exact containment >= 0.18 at {n:,}: {recall:.4f}")
    recall_ok = all(r[3] >= 0.99 for r in rows)
    print(f"recall >= 0.99 at every size: {'yes' if recall_ok else 'NO'}")
    ids_all = {d.doc_id: d for d in docs}
    for x, y in rows[-1][5][:10]:
        sx, sy = shingles(ids_all[x].text), shingles(ids_all[y].text)
        print(f"  missed at {rows[-1][0]:,}: {x} / {y}: {len(sx)} and {len(sy)} shingles, "
              f"exact containment {exact_c[(x, y)]:.3f}")
    return 0 if recall_ok else 1


if __name__ == "__main__":
    sys.exit(main())
