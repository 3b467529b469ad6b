"""Near-duplicate detection: the AFP wire pair among the seeds, and re-datelined copy."""

from __future__ import annotations

import pandas as pd

from newscorpus.corpus.dedupe import DEFAULT_THRESHOLD, find_duplicates, shingles, similarity_table


def test_shingles_are_lowercased_word_trigrams():
    assert shingles("Lavrov landed in Huangshan.") == {"lavrov landed in", "landed in huangshan"}
    assert shingles("Hi there") == {"hi there"}
    assert shingles("") == set()


def test_the_wire_pair_is_000_and_003(corpus):
    sims = similarity_table(corpus)
    best = sims.sort_values("containment_exact", ascending=False).iloc[0]
    assert (best.doc_a[:3], best.doc_b[:3]) == ("000", "003")
    assert best.containment_exact > 0.3 and best.containment_minhash >= DEFAULT_THRESHOLD
    # a Jaccard threshold of 0.9 (the usual default) would miss it by far
    assert best.jaccard_exact < 0.2
    others = sims.drop(best.name)
    assert (others.containment_exact < 0.1).all()
    assert (others.containment_minhash < DEFAULT_THRESHOLD).all()


def test_duplicate_of_points_to_earlier_doc(corpus):
    dup = dict(zip(corpus.doc_id.str[:3], corpus.duplicate_of, strict=True))
    assert dup["003"] == "000_a57db544478c6399"
    assert [dup[p] for p in ("000", "001", "002", "004")] == [None, None, None, None]


def test_redatelined_wire_copy_is_detected(corpus):
    src = corpus.set_index("doc_id").loc["000_a57db544478c6399", "text"]
    paras = src.split("\n\n")
    redated = "\n\n".join(
        ["HUANGSHAN, China, March 30 (AFP) - Russia's foreign minister arrived in China on "
         "Wednesday, his first trip there since the invasion began."]
        + paras[1:4] + ["A new closing paragraph written by the second outlet's desk."]
    )
    df = pd.DataFrame({"doc_id": ["a", "b", "c"],
                       "text": [src, redated, corpus.text.iloc[1]]})
    assert list(find_duplicates(df)) == ["", "a", ""]


def test_streaming_pairs_agree_with_the_full_similarity_table(corpus):
    from newscorpus.corpus.dedupe import candidate_pairs, similarity_table

    table = similarity_table(corpus)
    full = {(r.doc_a, r.doc_b): r.containment_minhash for r in table.itertuples(index=False)}
    streamed = {(a, b): round(c, 4) for a, b, c in candidate_pairs(corpus, threshold=0.0)}
    assert streamed == full
    assert [(a, b) for a, b, _ in candidate_pairs(corpus)] == [
        (r.doc_a, r.doc_b) for r in table.itertuples(index=False) if r.containment_minhash >= 0.18]


def test_batched_signature_equals_datasketch_one_value_at_a_time(corpus):
    import numpy as np
    from datasketch import MinHash

    from newscorpus.corpus.dedupe import NUM_PERM, SEED, minhash

    for text in corpus.text:
        sh = shingles(text)
        ref = MinHash(num_perm=NUM_PERM, seed=SEED)
        for s in sorted(sh):
            ref.update(s.encode("utf-8"))
        assert np.array_equal(minhash(sh).hashvalues, ref.hashvalues)


def test_groups_are_chains_of_pairs_pointing_to_the_earliest_document(corpus):
    """a~b and b~c but not a~c: all three form one group rooted at a (union of pairs)."""
    from newscorpus.corpus.dedupe import candidate_pairs

    paras = [p for t in corpus.text for p in t.split("\n\n") if len(p.split()) > 25]
    a = "\n\n".join(paras[0:6])
    b = "\n\n".join(paras[3:9])
    c = "\n\n".join(paras[6:12])
    df = pd.DataFrame({"doc_id": ["z_c", "m_b", "d_a", "q_other"],
                       "text": [c, b, a, "\n\n".join(paras[20:26])]})
    pairs = {(x, y) for x, y, _ in candidate_pairs(df)}
    assert pairs == {("d_a", "m_b"), ("m_b", "z_c")}  # a and c share nothing directly
    assert list(find_duplicates(df)) == ["d_a", "d_a", "", ""]


def test_pairs_do_not_depend_on_the_comparison_block_size(corpus, monkeypatch):
    import newscorpus.corpus.dedupe as dedupe

    whole = dedupe.candidate_pairs(corpus, threshold=0.0)
    monkeypatch.setattr(dedupe, "_ROWS", 2)  # later rows compared two at a time
    assert dedupe.candidate_pairs(corpus, threshold=0.0) == whole and len(whole) == 10


def test_lsh_index_gives_the_exact_methods_groups_on_the_seeds(corpus):
    from newscorpus.corpus.dedupe import duplicate_roots, signatures

    ids, sizes, sigs = signatures(corpus)
    text = dict(zip(corpus.doc_id, corpus.text, strict=True))
    lsh = duplicate_roots(ids, sizes, sigs, method="lsh", texts=[text[d] for d in ids])
    assert lsh == duplicate_roots(ids, sizes, sigs, method="exact")
    assert sorted(d[:3] for d, r in lsh.items() if r != d) == ["003"]


def test_lsh_pairs_are_the_exact_pairs_on_planted_rewritten_copies(corpus):
    """Copies that keep 2-6 of an article's paragraphs plus new text: every pair the exact
    (all-pairs) comparison finds is proposed by the index, with the same estimate."""
    import numpy as np

    from newscorpus.corpus.dedupe import _pair_rows, lsh_pairs, signatures

    paras = [p for t in corpus.text for p in t.split("\n\n") if len(p.split()) > 20]
    texts = {f"orig{i}": "\n\n".join(paras[i::7]) for i in range(7)}
    for i in range(7):
        src = paras[i::7]
        kept = src[: 2 + i % 3]
        texts[f"copy{i}"] = "\n\n".join(kept + [f"Paragraph {n} written by another desk about "
                                                f"topic number {i} and nothing else." for n in
                                                range(len(src) - len(kept))])
    df = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    ids, sizes, sigs = signatures(df)
    a, b, c = lsh_pairs(sizes, sigs)
    exact = {(i, int(j)): float(v) for i, js, vs in _pair_rows(sizes, sigs, DEFAULT_THRESHOLD)
             for j, v in zip(js, vs, strict=True)}
    got = {(int(x), int(y)): float(v) for x, y, v in zip(a, b, c, strict=True)}
    assert got == exact
    pairs = {(ids[x], ids[y]) for x, y in got}
    assert {(f"copy{i}", f"orig{i}") for i in range(7)} <= pairs
    assert np.all(a < b)
    assert list(find_duplicates(df)) == list(find_duplicates(df, method="exact"))


def test_empty_texts_are_never_grouped():
    from newscorpus.corpus.dedupe import duplicate_roots, signatures

    df = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["", "", "Lavrov landed in Huangshan."]})
    ids, sizes, sigs = signatures(df)
    assert duplicate_roots(ids, sizes, sigs, texts=list(df.text)) == {"a": "a", "b": "b", "c": "c"}


def _wire_paragraphs(corpus) -> list[str]:
    return [p for t in corpus.text for p in t.split("\n\n") if len(p.split()) > 20]


def test_a_copy_just_above_the_threshold_is_found_although_its_estimate_is_below(corpus):
    """Exact containment ~0.19, MinHash estimate ~0.14: verified on the shingles, it is kept
    (the estimate alone, method="exact", misses it)."""
    from newscorpus.corpus.dedupe import similarity_table

    paras = _wire_paragraphs(corpus)
    original = "\n\n".join(paras[1:9])
    copy = "\n\n".join(paras[1:2] + paras[23:30])
    df = pd.DataFrame({"doc_id": ["a", "b"], "text": [original, copy]})
    sims = similarity_table(df).iloc[0]
    assert 0.18 <= sims.containment_exact < 0.25 and sims.containment_minhash < 0.18
    assert list(find_duplicates(df)) == ["", "a"]
    assert list(find_duplicates(df, method="exact")) == ["", ""]


def test_a_short_text_sharing_one_common_phrase_with_a_long_one_is_rejected(corpus):
    """3 of the short text's 29 shingles are in the long one (containment 0.10), but 3 equal
    signature values already put the MinHash estimate above 0.18: exact verification drops it."""
    from newscorpus.corpus.dedupe import lsh_pairs, signatures, similarity_table

    long_text = "\n\n".join(_wire_paragraphs(corpus)[2:12])
    assert "a wide range of questions" in long_text
    short = ("Council members in the valley town voted on Tuesday to repair the old footbridge "
             "before winter, and the mayor promised that work would start within weeks, "
             "a wide range of questions.")
    df = pd.DataFrame({"doc_id": ["a", "b"], "text": [long_text, short]})
    sims = similarity_table(df).iloc[0]
    assert sims.shared == 3 and sims.containment_exact < 0.18 <= sims.containment_minhash
    assert list(find_duplicates(df, method="exact")) == ["", "a"]  # the earlier fault
    ids, sizes, sigs = signatures(df)
    assert len(lsh_pairs(sizes, sigs)[0]) == 1  # the index proposes it, the estimate accepts
    assert list(find_duplicates(df)) == ["", ""]


def test_lsh_requires_the_texts_to_verify_on():
    import pytest

    from newscorpus.corpus.dedupe import duplicate_roots, signatures

    df = pd.DataFrame({"doc_id": ["a"], "text": ["Lavrov landed in Huangshan."]})
    with pytest.raises(ValueError, match="pass texts"):
        duplicate_roots(*signatures(df))
    with pytest.raises(ValueError, match="texts has 2 items for 1 signatures"):
        duplicate_roots(*signatures(df), texts=["a", "b"])


def test_seed_and_fixture_groups_are_unchanged(corpus, seeds_dir):
    from pathlib import Path

    from newscorpus.corpus.load import load_corpus, scan_corpus

    assert {d[:3]: r[:3] for d, r in zip(corpus.doc_id, corpus.duplicate_of, strict=True)
            if r} == {"003": "000"}
    sims = similarity_table(corpus).set_index(["doc_a", "doc_b"])
    pair = sims.loc[("000_a57db544478c6399", corpus.doc_id[corpus.doc_id.str[:3] == "003"].iloc[0])]
    assert round(pair.containment_exact, 2) == 0.32
    assert sims.drop(pair.name).containment_exact.max() < 0.085  # 0.081: far below 0.18
    with scan_corpus(seeds_dir) as scanned:  # texts read back from the spill file
        assert list(scanned.table.duplicate_of) == list(corpus.duplicate_of)
    fixture = load_corpus(Path(__file__).parent / "data" / "fixture_corpus")
    assert {d: r for d, r in zip(fixture.doc_id, fixture.duplicate_of, strict=True) if r} == {
        "f02_harbour_visit_wire": "f01_harbour_visit"}
