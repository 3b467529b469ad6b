"""newscorpus.memo: derived results cached as Parquet, identical whether computed or read."""

from __future__ import annotations

import importlib
import json
import warnings

import numpy as np
import pandas as pd
import pytest

from newscorpus import tables as store
from newscorpus.cache import keys, memo

CALLS: list[tuple] = []


def small_corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "outlet": ["X", "Y", "X"],
        "text": ["one two", "three", "four five six"],
        "raw_text": ["RAW one two", "RAW three", "RAW four five six"],
        "published": pd.to_datetime(["2022-03-30", None, "2024-04-08"]),
    })


def awkward(corpus: pd.DataFrame, scale: float = 1.0, *, label: str = "x") -> pd.DataFrame:
    """A frame with the dtypes that trip Parquet round trips up."""
    CALLS.append(("awkward", scale, label))
    n = len(corpus)
    frame = pd.DataFrame({
        "doc_id": corpus["doc_id"].to_numpy(),
        "n_words": corpus["text"].str.split().str.len().astype("int64"),
        "score": [0.1 * scale, float("nan"), 1 / 3][:n],
        "maybe": [None, "s", float("nan")][:n],  # object column with None *and* NaN
        "flag": [True, False, True][:n],
        "opt_flag": [True, None, False][:n],
        "small": np.array([1, 2, 3][:n], dtype="int32"),
        "cat": pd.Categorical(["p", "q", "p"][:n]),
        "when": corpus["published"].to_numpy(),
        "label": label,
    })
    frame.index = pd.MultiIndex.from_arrays([corpus["outlet"], np.arange(n) * 7],
                                            names=["outlet", "row"])
    frame.attrs["note"] = "kept"
    return frame


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    yield
    CALLS.clear()


@pytest.fixture
def cache_dir(tmp_path):
    with store.using_cache(tmp_path, "readwrite"):
        yield tmp_path


def _files(folder):
    return sorted(p for p in (folder / memo.SUBDIR).rglob("*") if p.is_file())


def test_computed_and_read_results_are_identical(cache_dir):
    corpus = small_corpus()
    fresh = awkward(corpus, 2.0, label="y")
    first = memo.cached_frame("awk", corpus, awkward, 2.0, label="y")
    second = memo.cached_frame("awk", corpus, awkward, 2.0, label="y")
    assert len(CALLS) == 2  # the direct call and the first cached_frame; the second read
    assert len(_files(cache_dir)) == 1
    for got in (first, second):
        assert memo.identical(got, fresh)
        pd.testing.assert_frame_equal(got, fresh, check_exact=True)
        assert list(got.dtypes) == list(fresh.dtypes)
        assert got["maybe"].iloc[0] is None and np.isnan(got["maybe"].iloc[2])
        assert got.attrs == {"note": "kept"}
    assert second is not first


def test_identical_tells_none_from_nan_and_int_from_float():
    a = pd.DataFrame({"x": [None, "s"]})
    b = pd.DataFrame({"x": [float("nan"), "s"]})
    assert memo.identical(a, a.copy()) and not memo.identical(a, b)
    assert not memo.identical(pd.DataFrame({"n": [1, 2]}), pd.DataFrame({"n": [1.0, 2.0]}))
    assert not memo.identical(pd.DataFrame({"n": [1]}, index=["a"]),
                              pd.DataFrame({"n": [1]}, index=pd.Index(["a"], name="k")))


@pytest.mark.parametrize("change", ["document", "column", "argument", "kwarg", "frame_argument"])
def test_changed_input_is_recomputed(cache_dir, change):
    corpus = small_corpus()
    weights = pd.DataFrame({"w": [1.0, 2.0]})

    def run(c=corpus, scale=1.0, label="x", w=weights):
        return memo.cached_frame("awk", c, _with_frame, w, scale, corpus_columns=["raw_text"],
                                 label=label)

    run()
    run()
    assert len(CALLS) == 1
    other = corpus.copy()
    if change == "document":
        other.loc[1, "text"] = "three and more"
        expected = awkward(other)
        got = run(c=other)
    elif change == "column":  # a column the document keys may not cover, named explicitly
        other.loc[1, "raw_text"] = "RAW changed"
        expected = awkward(other)
        got = run(c=other)
    elif change == "argument":
        expected, got = awkward(corpus, 3.0), run(scale=3.0)
    elif change == "kwarg":
        expected, got = awkward(corpus, label="z"), run(label="z")
    else:
        expected, got = awkward(corpus), run(w=weights.assign(w=[1.0, 2.5]))
    assert len(CALLS) == 3  # recomputed (plus the direct call for `expected`)
    assert memo.identical(got, expected)
    assert len(_files(cache_dir)) == 2


def _with_frame(corpus, weights, scale, label="x"):
    assert isinstance(weights, pd.DataFrame)
    return awkward(corpus, scale, label=label)


def test_code_and_settings_are_part_of_the_key(monkeypatch, tmp_path):
    corpus = small_corpus()
    base = memo.description("awk", corpus, awkward, modules=["newscorpus.evaluation.entities"])
    assert base["code_and_data"] and base["function_source"] and base["model_version"]
    monkeypatch.setattr(keys, "_code_and_data_hash", lambda mods: "other code")
    assert memo.key(memo.description("awk", corpus, awkward, modules=["newscorpus.evaluation.entities"])) \
        != memo.key(base)
    monkeypatch.undo()
    mine = tmp_path / "mine.csv"
    mine.write_text("canonical,label\nX,GPE\n")
    monkeypatch.setenv("NEWSCORPUS_KNOWLEDGE", str(mine))
    with_user = memo.description("awk", corpus, awkward, modules=["newscorpus.evaluation.entities"])
    assert with_user["user_knowledge"] and memo.key(with_user) != memo.key(base)
    mine.write_text("canonical,label\nY,GPE\n")  # edited file: another key
    edited = memo.description("awk", corpus, awkward, modules=["newscorpus.evaluation.entities"])
    assert memo.key(edited) != memo.key(with_user)


def test_modes_off_and_read(tmp_path):
    corpus = small_corpus()
    with store.using_cache(tmp_path, "off"):
        memo.cached_frame("awk", corpus, awkward)
    assert not tmp_path.joinpath(memo.SUBDIR).exists() and not (tmp_path / store.MARKER).exists()
    with store.using_cache(tmp_path, "read"):  # nothing cached: computed, not written
        memo.cached_frame("awk", corpus, awkward)
    assert not tmp_path.joinpath(memo.SUBDIR).exists()
    with store.using_cache(tmp_path, "readwrite"):
        memo.cached_frame("awk", corpus, awkward)
    assert len(_files(tmp_path)) == 1 and (tmp_path / store.MARKER).is_file()
    with store.using_cache(tmp_path, "read"):  # now read, not computed
        got = memo.cached_frame("awk", corpus, awkward)
    assert len(CALLS) == 3 and memo.identical(got, awkward(corpus))
    with store.using_cache(tmp_path, "off"):  # off ignores what is cached
        memo.cached_frame("awk", corpus, awkward)
    assert len(CALLS) == 5


def test_write_is_atomic_and_leaves_no_temporary_file(cache_dir, monkeypatch):
    corpus = small_corpus()

    def fail(table, where, *a, **k):
        open(where, "wb").write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(memo.pq, "write_table", fail)
    with pytest.warns(UserWarning, match="not writable"):
        got = memo.cached_frame("awk", corpus, awkward)
    assert memo.identical(got, awkward(corpus))
    assert _files(cache_dir) == []  # neither the final file nor a temporary one
    monkeypatch.undo()
    memo.cached_frame("awk", corpus, awkward)
    (path,) = _files(cache_dir)
    assert path.suffix == ".parquet" and not path.name.startswith(".tmp-")
    meta = json.loads(memo.pq.read_schema(path).metadata[memo._META])
    assert meta["name"] == "awk" and meta["corpus"]


def test_unreadable_file_is_recomputed_and_replaced(cache_dir):
    corpus = small_corpus()
    memo.cached_frame("awk", corpus, awkward)
    (path,) = _files(cache_dir)
    path.write_bytes(b"not parquet")
    with pytest.warns(UserWarning, match="unreadable"):
        got = memo.cached_frame("awk", corpus, awkward)
    assert memo.identical(got, awkward(corpus))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert memo.identical(memo.cached_frame("awk", corpus, awkward), awkward(corpus))


@pytest.mark.parametrize("make", [
    lambda: pd.DataFrame({"x": pd.Series([1, 2], dtype=object)}),  # comes back as int64
    lambda: pd.DataFrame({"x": [1, "a"]}),  # Arrow refuses mixed types
])
def test_result_that_does_not_round_trip_exactly_is_not_cached(cache_dir, make):
    def odd(corpus):
        CALLS.append("t")
        return make()

    with pytest.warns(UserWarning, match="not cached"):
        first = memo.cached_frame("odd", small_corpus(), odd)
    with pytest.warns(UserWarning, match="not cached"):
        second = memo.cached_frame("odd", small_corpus(), odd)
    assert len(CALLS) == 2 and memo.identical(first, second) and memo.identical(first, make())
    assert _files(cache_dir) == []


def test_unkeyable_argument_and_bad_name_are_errors(cache_dir):
    with pytest.raises(TypeError, match="cannot key"):
        memo.cached_frame("awk", small_corpus(), lambda c, o: awkward(c), object())
    with pytest.raises(ValueError, match="plain file name"):
        memo.cached_frame("../escape", small_corpus(), awkward)
    assert not CALLS


def test_cache_of_another_format_is_refused(tmp_path):
    (tmp_path / store.MARKER).write_text(json.dumps({"cache_format": 0, "newscorpus": "0.0.1"}))
    with store.using_cache(tmp_path, "readwrite"), pytest.raises(store.CacheVersionError):
        memo.cached_frame("awk", small_corpus(), awkward)


def test_decorator(cache_dir):
    @memo.cached("decorated", corpus_columns=["raw_text"])
    def f(corpus, scale=1.0):
        return awkward(corpus, scale)

    a, b = f(small_corpus(), 2.0), f(small_corpus(), scale=2.0)
    assert memo.identical(a, b) and memo.identical(f.compute(small_corpus(), 2.0), a)
    # positional and keyword spellings are different keys (computed twice), never mixed up
    assert len(CALLS) == 3


def test_evaluation_results_identical_computed_or_read(corpus, tmp_path, monkeypatch):
    """notebook 02's evaluations: same frames from a cold cache, a warm one, and no cache."""
    from newscorpus.evaluation.entities import accuracy_table, loo_predictions
    from newscorpus.evaluation.loo import loo_entities

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)  # e.g. "not cached"
            return (accuracy_table(corpus), loo_entities(corpus, errors=True),
                    loo_predictions(corpus))

    with store.using_cache(tmp_path, "off"):
        fresh = run()
    with store.using_cache(tmp_path, "readwrite"):
        cold = run()
        names = {p.parent.name for p in _files(tmp_path)}
        assert names == {"raw_model_entities", "general_knowledge_entities", "loo_predictions"}

        def no_model(*args, **kwargs):
            raise AssertionError("a warm run must not run a pipeline")

        entities_module = importlib.import_module("newscorpus.evaluation.entities")
        monkeypatch.setattr(entities_module, "entities_with", no_model)
        monkeypatch.setattr(entities_module, "raw_model_entities", no_model)
        warm = run()
    for got in (cold, warm):
        assert memo.identical(got[0], fresh[0]) and memo.identical(got[1], fresh[1])
        assert list(got[2]) == list(fresh[2])
        assert all(memo.identical(got[2][k], fresh[2][k]) for k in fresh[2])
