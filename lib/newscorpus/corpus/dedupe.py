"""Near-duplicate articles (re-datelined or re-edited wire copy) by word-shingle MinHash.

Each clean body is lower-cased, reduced to word tokens and cut into overlapping word
``k``-shingles (k = 3). Two similarities are computed per pair of articles:

* Jaccard  |A ∩ B| / |A ∪ B|           — symmetric; low when one version is much longer;
* containment |A ∩ B| / min(|A|, |B|)   — how much of the *shorter* version is in the longer.

Both are estimated with datasketch MinHash (256 permutations, fixed seed); ``similarity_table``
reports the exact set values alongside. A pair is a near-duplicate when the *exact* containment
of its shingle sets is >= ``DEFAULT_THRESHOLD`` (0.18). Wire copy re-used by one outlet is
typically cut, re-ordered and re-datelined, so its Jaccard stays far below datasketch's
customary 0.9; containment is what identifies it.

Finding the pairs (``duplicate_roots`` / ``find_duplicates``, and so ``load_corpus``, default
``method="lsh"``), in three steps:

1. a banding index on the MinHash signatures proposes candidate pairs in sub-quadratic time;
2. a candidate goes on if its MinHash containment estimate is >= ``PROPOSE_THRESHOLD`` (0.06),
   a cheap vectorised cut well below the threshold;
3. it is kept if the exact containment of the two texts' shingle sets is >= the threshold.
   Shingle sets are computed for candidates only, from the clean texts (``load_corpus`` passes
   them, or reads them back from its spill file), at most ``_SHINGLE_CACHE`` held at once, so
   memory stays the signatures' (1 KB per article).

Steps 1-2 are generous on purpose and step 3 is exact, which fixes the two faults of verifying
on the estimate at 0.18 (measured in ``benchmarks/dedupe.py``): pairs just above 0.18 whose
estimate fell below it (only 80 of 100 planted copies at 0.18-0.25 found at 16,000 articles),
and a short text against a long one accepted on 2-4 equal signature values although the exact
containment was 0.02-0.09 (13 false groups at 16,000 with every pair compared).
``method="exact"`` keeps that earlier reference: every pair compared on the estimate alone
(``candidate_pairs``; streaming, linear memory, time ~n²).

The index (``LSH_BANDS``): b = 2,048 bands of r = 2 signature positions, the pairs of positions
(i, i + d mod 256) for d = 1..8. Two documents are candidates when both values of some band are
equal, which for a pair of Jaccard j happens with probability P = 1 - (1 - j^r)^b (the standard
LSH formula; bands sharing a position are not independent, so recall is measured, not assumed).
A pair at containment c of sets whose sizes differ by a factor ρ has j = c / (ρ + 1 - c). With
k ~ Binomial(256, j) equal values the estimate is (k/256)(1 + ρ)/(1 + k/256). Probability that a
pair at exact containment 0.18 is missed by steps 1-2 (``benchmarks/dedupe.py`` prints the
table): ρ = 1: 9e-6; ρ = 2: 0.001; ρ = 3: 0.012; ρ = 5: 0.15; ρ = 10: 0.6 (at c = 0.25: 4e-10,
3e-6, 1e-4, 0.02, 0.34). With a cut of 0.10 instead of 0.06, ρ = 1 would give 0.004.
Pairs with both low containment and very different sizes (a 0.18-contained brief a fifth the
length of its source) are what this index can miss: the band, not the cut, limits them. Bands
of one position (r = 1) would catch them but make every pair of unrelated articles that share one
common phrase a candidate (quadratic again on real news); r = 2 makes such a chance match need
two. Each band is one pass of a hash table over n 64-bit keys (pandas ``duplicated``), linear
in n; only the documents that share a key are then sorted.

Justification on the seeds (k = 3, exact values): the two versions of the AFP Lavrov/Huangshan
story (000, short; 003, long) share 51 shingles: containment 0.317, Jaccard only 0.100. The
other nine pairs — all about the same Lavrov visits, so the hardest negatives available — have
containment <= 0.081. 0.18 sits in that gap (exact values, as step 3 uses; on the estimate, over
30 MinHash seeds the wire pair never fell below 0.23 and no other pair rose above 0.14).
``duplicate_of`` points every later doc_id of a group to the earliest doc_id (sorted order) of
that group.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from datasketch import MinHash

from newscorpus.text import count_words, paragraphs, words

SHINGLE_K = 3
NUM_PERM = 256
SEED = 1
DEFAULT_THRESHOLD = 0.18


def shingles(text: str, k: int = SHINGLE_K) -> set[str]:
    """Set of lower-cased word k-grams of ``text`` (the whole text if shorter than k words)."""
    ws = [w.lower() for w in words(text)]
    if len(ws) < k:
        return {" ".join(ws)} if ws else set()
    return {" ".join(ws[i : i + k]) for i in range(len(ws) - k + 1)}


def minhash(sh: set[str], num_perm: int = NUM_PERM, seed: int = SEED) -> MinHash:
    """MinHash signature of a shingle set."""
    perms, scheme = _permutations(num_perm, seed)
    m = MinHash(num_perm=num_perm, seed=seed, permutations=perms, scheme=scheme)
    items = sorted(sh)
    for i in range(0, len(items), _BATCH):  # vectorised; same values as update() one by one
        m.update_batch([x.encode("utf-8") for x in items[i:i + _BATCH]])
    return m


#: Shingles hashed per numpy batch (bounds the temporary batch x num_perm array to ~8 MB).
_BATCH = 4096


@cache
def _permutations(num_perm: int, seed: int) -> tuple:
    """The permutations of MinHash(num_perm, seed), drawn once (they cost more than hashing)."""
    m = MinHash(num_perm=num_perm, seed=seed)
    return m.permutations, m.scheme


def _containment_estimate(ma: MinHash, mb: MinHash, na: int, nb: int) -> float:
    """Containment in the smaller set from the MinHash Jaccard estimate and the set sizes."""
    if not na or not nb:
        return 0.0
    j = ma.jaccard(mb)
    inter = j * (na + nb) / (1 + j)
    return min(1.0, inter / min(na, nb))


def similarity_table(corpus: pd.DataFrame, k: int = SHINGLE_K) -> pd.DataFrame:
    """Every pair of articles with MinHash and exact Jaccard and containment of their shingles."""
    sets = {r.doc_id: shingles(r.text, k) for r in corpus.itertuples(index=False)}
    sigs = {d: minhash(s) for d, s in sets.items()}
    rows = []
    for a, b in itertools.combinations(sorted(sets), 2):
        sa, sb = sets[a], sets[b]
        inter = len(sa & sb)
        union = len(sa | sb)
        rows.append({
            "doc_a": a, "doc_b": b, "shingles_a": len(sa), "shingles_b": len(sb), "shared": inter,
            "jaccard_minhash": round(sigs[a].jaccard(sigs[b]) if sa and sb else 0.0, 4),
            "jaccard_exact": round(inter / union if union else 0.0, 4),
            "containment_minhash": round(_containment_estimate(sigs[a], sigs[b], len(sa), len(sb)), 4),
            "containment_exact": round(inter / min(len(sa), len(sb)) if sa and sb else 0.0, 4),
        })
    return pd.DataFrame(rows, columns=[
        "doc_a", "doc_b", "shingles_a", "shingles_b", "shared", "jaccard_minhash",
        "jaccard_exact", "containment_minhash", "containment_exact",
    ])


def signature(text: str, k: int = SHINGLE_K) -> tuple[int, np.ndarray]:
    """(shingle-set size, MinHash signature as NUM_PERM uint32 values) of one text."""
    sh = shingles(text or "", k)
    return len(sh), minhash(sh).hashvalues.astype(np.uint32, copy=False)


def signatures(corpus: pd.DataFrame, k: int = SHINGLE_K) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(doc_ids sorted, shingle-set sizes, MinHash signatures as a docs x NUM_PERM uint32 array).

    One document at a time: a shingle set lives only while its signature is computed, so memory
    is the signatures' (1 KB per document), not the shingles'.
    """
    ids = sorted(corpus["doc_id"])
    text = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    sizes = np.zeros(len(ids), dtype=float)
    sigs = np.empty((len(ids), NUM_PERM), dtype=np.uint32)
    for n, d in enumerate(ids):
        sizes[n], sigs[n] = signature(text[d], k)
    return ids, sizes, sigs


def _pair_rows(sizes: np.ndarray, sigs: np.ndarray, threshold: float
               ) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """For every row i: (i, indices j > i with estimated containment >= threshold, estimates).

    Later rows are compared a block at a time, so the temporary arrays stay small (about
    ``_ROWS`` x NUM_PERM bytes) however many documents there are.
    """
    n_perm = sigs.shape[1] if sigs.ndim == 2 else NUM_PERM
    for i in range(len(sizes) - 1):
        if not sizes[i]:
            continue
        found, values = [], []
        for start in range(i + 1, len(sizes), _ROWS):
            block = slice(start, min(start + _ROWS, len(sizes)))
            j = np.count_nonzero(sigs[block] == sigs[i], axis=1) / n_perm  # = mean, exactly
            na, nb = sizes[i], sizes[block]
            with np.errstate(divide="ignore", invalid="ignore"):
                cont = np.minimum(1.0, (j * (na + nb) / (1 + j)) / np.minimum(na, nb))
            cont[nb == 0] = 0.0
            hits = np.flatnonzero(cont >= threshold)
            if len(hits):
                found.append(start + hits)
                values.append(cont[hits])
        if found:
            yield i, np.concatenate(found), np.concatenate(values)


#: Rows compared at once in ``_pair_rows``.
_ROWS = 4096


def candidate_pairs(corpus: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                    k: int = SHINGLE_K) -> list[tuple[str, str, float]]:
    """(doc_a, doc_b, estimated containment) for every pair at or above ``threshold``.

    The same MinHash estimate as ``similarity_table`` (share of equal signature values, turned
    into containment with the set sizes), computed row against all later rows with numpy and
    keeping only the pairs above the threshold (time ~n²·256 comparisons). The list itself can
    be quadratic when many documents are copies of each other; ``find_duplicates`` never
    builds it.
    """
    ids, sizes, sigs = signatures(corpus, k)
    return [(ids[i], ids[j], float(c)) for i, js, cs in _pair_rows(sizes, sigs, threshold)
            for j, c in zip(js, cs, strict=True)]


def find_duplicates(corpus: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                    method: str = "lsh") -> pd.Series:
    """``duplicate_of`` per row: the earliest doc_id of its near-duplicate group, else "".

    Groups are the connected components of the near-duplicate pairs (see ``duplicate_roots``).
    """
    ids, sizes, sigs = signatures(corpus)
    text = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    root = duplicate_roots(ids, sizes, sigs, threshold, method=method,
                           texts=[text[d] or "" for d in ids])
    return pd.Series([root[d] if root[d] != d else "" for d in corpus["doc_id"]],
                     index=corpus.index, name="duplicate_of")


def duplicate_roots(ids: list[str], sizes: np.ndarray, sigs: np.ndarray,
                    threshold: float = DEFAULT_THRESHOLD, method: str = "lsh", *,
                    texts: Sequence[str] | Callable[[int], str] | None = None) -> dict[str, str]:
    """doc_id -> earliest doc_id of its group (itself if alone), from sorted ids' signatures.

    ``method="lsh"`` (default): groups are the connected components of the pairs whose *exact*
    shingle containment is >= ``threshold``, among the candidates of the banding index whose
    MinHash estimate is >= ``PROPOSE_THRESHOLD`` (``verified_pairs``); ``texts`` (the clean
    text of row i, as a list or a function of i) is required, since candidates are verified on
    their shingle sets. ``"exact"``: the reference of earlier versions, every pair compared on
    the MinHash estimate alone (time ~n²; ``texts`` not used).
    """
    if method not in ("lsh", "exact"):
        raise ValueError(f"method must be 'lsh' or 'exact', not {method!r}")
    label = np.arange(len(ids))  # group of each doc: the index of its earliest doc_id
    if method == "exact":
        for i, js, _ in _pair_rows(sizes, sigs, threshold):
            groups = np.unique(np.append(label[js], label[i]))
            if len(groups) > 1:
                label[np.isin(label, groups)] = groups[0]
    else:
        if texts is None:
            raise ValueError("method='lsh' verifies candidate pairs on the articles' shingles: "
                             "pass texts (the clean text of each row of ids)")
        a, b, _ = verified_pairs(sizes, sigs, texts, threshold)
        label = _components(len(ids), a, b)
    return {d: ids[label[n]] for n, d in enumerate(ids)}


#: MinHash-estimated containment at which a candidate of the index is verified exactly: low
#: enough that a pair of equal sizes at exact containment 0.18 falls below it with probability
#: ~1e-5 (0.004 with 0.10; see the module docstring), high enough that few unrelated pairs need
#: their shingles computed.
PROPOSE_THRESHOLD = 0.06
#: Shingle sets kept at once while verifying (bounds memory whatever the corpus size).
_SHINGLE_CACHE = 1024


def exact_containment(a: set[str], b: set[str]) -> float:
    """|A ∩ B| / min(|A|, |B|) of two shingle sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def verified_pairs(sizes: np.ndarray, sigs: np.ndarray, texts: Sequence[str] | Callable[[int], str],
                   threshold: float = DEFAULT_THRESHOLD,
                   propose: float = PROPOSE_THRESHOLD
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows a, rows b > a, exact containment) of the near-duplicate pairs: the index's
    candidates with estimated containment >= min(propose, threshold), kept when the exact
    containment of their word-shingle sets is >= ``threshold``.

    Shingle sets are computed for candidates only, from ``texts`` (row i's clean text), and at
    most ``_SHINGLE_CACHE`` of them are held at once.
    """
    if callable(texts):
        text_of = texts
    else:  # by position (a Series indexed otherwise would be read by label)
        seq = list(texts)
        if len(seq) != len(sizes):
            raise ValueError(f"texts has {len(seq)} items for {len(sizes)} signatures")
        text_of = seq.__getitem__

    @lru_cache(maxsize=_SHINGLE_CACHE)
    def shingle_set(i: int) -> frozenset[str]:
        return frozenset(shingles(text_of(i) or ""))

    a, b, _ = lsh_pairs(sizes, sigs, min(propose, threshold))
    exact = np.array([exact_containment(shingle_set(x), shingle_set(y))
                      for x, y in zip(a.tolist(), b.tolist(), strict=True)], dtype=float)
    keep = exact >= threshold
    return a[keep], b[keep], exact[keep]


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each of n nodes, the smallest node of its connected component (edges a[k]-b[k])."""
    parent = np.arange(n)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)  # the root is always the component's smallest
    return np.array([find(x) for x in range(n)], dtype=np.int64)


#: The banding index: (first, second) signature positions of each band of two values.
LSH_BANDS = tuple((i, (i + d) % NUM_PERM) for d in range(1, 9) for i in range(NUM_PERM))
#: Candidate pair codes held before duplicates (a pair found again by another band) are dropped.
_COMPACT = 1_000_000
#: Candidate pairs verified at once (bounds the temporary pairs x NUM_PERM array to ~16 MB).
_VERIFY = 65536


def lsh_pairs(sizes: np.ndarray, sigs: np.ndarray, threshold: float = DEFAULT_THRESHOLD,
              bands: tuple[tuple[int, int], ...] = LSH_BANDS
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows a, rows b > a, estimated containment) of the pairs at or above ``threshold`` among
    the candidates of the banding index (see the module docstring), in (a, b) order."""
    n = len(sizes)
    live = np.flatnonzero(np.asarray(sizes) > 0)
    if n < 2 or len(live) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    codes: list[np.ndarray] = []
    held = kept = 0  # codes held; distinct codes after the last compaction
    # one contiguous row per signature position (a single copy of the signatures)
    cols = np.ascontiguousarray(sigs.T if len(live) == n else sigs.T[:, live])
    shift = np.uint64(32)
    for p, q in bands:
        key = (cols[p].astype(np.uint64) << shift) | cols[q]
        # documents whose key occurs more than once (a hash table, linear time), then only
        # those few sorted to find who shares a key with whom
        shared = np.flatnonzero(pd.Series(key, copy=False).duplicated(keep=False).to_numpy())
        if not len(shared):
            continue
        order = shared[np.argsort(key[shared], kind="stable")]
        ordered = key[order]
        same = np.flatnonzero(ordered[1:] == ordered[:-1])  # order[k] and order[k + 1] agree
        first = np.r_[True, np.diff(same) > 1]  # same[k] starts a run of equal keys
        last = np.r_[np.diff(same) > 1, True]
        two = first & last  # runs of exactly two documents: the common case, vectorised
        a, b = live[order[same[two]]], live[order[same[two] + 1]]
        found = [np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)]
        for s0, e0 in zip(same[first & ~two].tolist(), same[last & ~two].tolist(), strict=True):
            run = np.sort(live[order[s0:e0 + 2]])  # longer runs: every pair within the run
            ia, ib = np.triu_indices(len(run), 1)
            found.append(run[ia].astype(np.int64) * n + run[ib])
        codes.extend(found)
        held += sum(map(len, found))
        if held > max(_COMPACT, 2 * kept):  # a pair recurs in many bands: keep each once
            codes = [np.unique(np.concatenate(codes))]
            held = kept = len(codes[0])
    if not codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    pairs = np.unique(np.concatenate(codes))
    a_all, b_all = pairs // n, pairs % n
    keep_a, keep_b, keep_c = [], [], []
    n_perm = sigs.shape[1]
    for start in range(0, len(pairs), _VERIFY):
        a, b = a_all[start:start + _VERIFY], b_all[start:start + _VERIFY]
        j = np.count_nonzero(sigs[a] == sigs[b], axis=1) / n_perm  # as _pair_rows, exactly
        na, nb = sizes[a], sizes[b]
        cont = np.minimum(1.0, (j * (na + nb) / (1 + j)) / np.minimum(na, nb))
        hit = cont >= threshold
        keep_a.append(a[hit])
        keep_b.append(b[hit])
        keep_c.append(cont[hit])
    return np.concatenate(keep_a), np.concatenate(keep_b), np.concatenate(keep_c)


# ----------------------------------------------------------------------------- story-once

#: How syndicated near-duplicates (corpus.duplicate_of non-empty) are counted.
DUPLICATE_MODES = ("novel", "drop", "keep")
NOVEL_PARAGRAPH_JACCARD = 0.6  # a copy's paragraph this similar to one of the original is shared


def _para_words(p: str) -> set[str]:
    """Lower-cased word set of a paragraph, for the paragraph-overlap test."""
    return set(re.findall(r"[a-z0-9]+", p.lower().replace("\u2019", "'")))


def unique_stories(corpus: pd.DataFrame, duplicates: str = "novel") -> pd.DataFrame:
    """The corpus with each syndicated story counted once.

    ``duplicates="novel"`` (default): a near-duplicate copy (``duplicate_of`` non-empty) keeps
    only its paragraphs that are not in the earlier version (word-set Jaccard similarity below
    NOVEL_PARAGRAPH_JACCARD with every paragraph of it), so shared wire paragraphs count once
    and material only one version carries (e.g. quotations) is not lost; its ``text`` and
    ``n_words`` are replaced accordingly (offsets of tables built from it refer to that text).
    ``"drop"`` removes copies entirely; ``"keep"`` counts every file as written. Adds
    ``story_id`` (the original's doc_id for a copy, else the doc's own).
    """
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_MODES}, not {duplicates!r}")
    c = corpus.copy()
    dup_of = c["duplicate_of"].fillna("").astype(str) if "duplicate_of" in c else pd.Series(
        "", index=c.index)
    c["story_id"] = dup_of.where(dup_of.str.len() > 0, c["doc_id"])
    is_dup = dup_of.str.len() > 0
    if duplicates == "keep" or not is_dup.any():
        return c
    if duplicates == "drop":
        return c.loc[~is_dup]
    texts = c.set_index("doc_id")["text"]
    for idx in c.index[is_dup]:
        orig = texts.get(dup_of[idx], "") or ""
        orig_paras = [_para_words(p) for p in paragraphs(orig)]
        novel = []
        for para in paragraphs(c.at[idx, "text"] or ""):
            w = _para_words(para)
            if not w:
                continue
            best = max((len(w & o) / len(w | o) for o in orig_paras), default=0.0)
            if best < NOVEL_PARAGRAPH_JACCARD:
                novel.append(para.strip())
        c.at[idx, "text"] = "\n\n".join(novel)
        c.at[idx, "n_words"] = count_words("\n\n".join(novel))
    return c
