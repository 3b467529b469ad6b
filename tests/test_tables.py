"""newscorpus.tables: annotate once, Parquet cache keyed by content + pipeline, same tables."""

from __future__ import annotations

import json
import sys
import warnings

import pandas as pd
import pytest

from newscorpus import parallel, pipeline
from newscorpus import tables as store
from newscorpus.cache import keys
from newscorpus.extract.canonical import unify_names
from newscorpus.tables import workers

TABLES = store.available_tables()


def _fresh(corpus: pd.DataFrame, name: str) -> pd.DataFrame:
    """The table computed straight from the pipeline, never touching any cache (in the public
    form: missing values NA, see ``with_na``)."""
    extract, columns = store._resolve(name)
    with store.using_cache(mode="off"):
        return store.with_na(store.per_doc_table(corpus, name, extract, columns), name)


@pytest.fixture(scope="module")
def fresh(corpus):
    return {name: _fresh(corpus, name) for name in TABLES}


@pytest.fixture(scope="module")
def cache(corpus, tmp_path_factory):
    """The seeds annotated once, two documents per chunk, in this process."""
    out = tmp_path_factory.mktemp("cache")
    result = store.annotate(corpus, out, progress=False, chunk_size=2)
    assert result.n_parsed == len(corpus) and result.tables == TABLES
    return out


def test_tokens_table_is_registered():
    assert "tokens" in TABLES and set(TABLES) <= set(store.TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_cached_table_identical_to_fresh(corpus, cache, fresh, name):
    cached = store.load_table(name, corpus, cache)
    pd.testing.assert_frame_equal(cached, fresh[name])
    assert len(cached) > 0 or name == "quotes"


def test_docs_table_has_one_row_per_document(corpus, cache):
    docs = store.load_table("docs", corpus, cache)
    assert docs["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert "raw_text" not in docs and (docs["text"] == corpus["text"]).all()


def test_rerun_parses_nothing_and_changed_document_is_reparsed(corpus, cache, tmp_path):
    again = store.annotate(corpus, cache, progress=False, chunk_size=2)
    assert again.n_parsed == 0 and again.n_cached["tokens"] == len(corpus)

    edited = corpus.copy()
    first = edited.index[0]
    # a real edit of the first seed's text: drop its first paragraph
    edited.loc[first, "text"] = edited.loc[first, "text"].split("\n\n", 1)[1]
    result = store.annotate(edited, cache, progress=False, chunk_size=2, only="tokens")
    assert result.n_parsed == 1
    toks = store.load_table("tokens", edited, cache)
    pd.testing.assert_frame_equal(toks, _fresh(edited, "tokens"))
    doc0 = edited.loc[first, "doc_id"]
    assert len(toks[toks.doc_id == doc0]) < len(store.load_table("tokens", corpus, cache)
                                                 .query("doc_id == @doc0"))


def test_pipeline_change_invalidates_only_affected_table(corpus, tmp_path, monkeypatch):
    store.annotate(corpus, tmp_path, progress=False, only="tokens", chunk_size=5)
    other = [t for t in TABLES if t != "tokens"][:1]
    if other:
        store.annotate(corpus, tmp_path, progress=False, only=other, chunk_size=5)
    real = keys._code_and_data_hash

    def changed_tokens_code(modules):  # as if tokens.py had been edited
        h = real(modules)
        return h + "-edited" if "newscorpus.extract.tokens" in modules else h

    monkeypatch.setattr(keys, "_code_and_data_hash", changed_tokens_code)
    result = store.annotate(corpus, tmp_path, progress=False, only=["tokens"] + other)
    assert result.n_cached["tokens"] == 0 and result.n_parsed == len(corpus)
    for t in other:
        assert result.n_cached[t] == len(corpus)


def test_ops_backend_is_part_of_the_fingerprint(corpus, tmp_path):
    s_numpy, s_blis = store.settings(use_blis=False), store.settings(use_blis=True)
    assert store.fingerprint("tokens", s_numpy) != store.fingerprint("tokens", s_blis)
    store.annotate(corpus, tmp_path, progress=False, only="tokens", use_blis=True)
    with pytest.raises(store.StaleCacheError, match="use_blis"):
        store.load_table("tokens", corpus, tmp_path, use_blis=False)


def test_interrupted_run_leaves_whole_chunks_and_resumes(corpus, tmp_path, monkeypatch, fresh):
    import pyarrow.parquet as pq

    real_write = pq.write_table
    calls = {"n": 0}

    def dying_write(table, where, **kw):  # the 3rd part file dies half-written
        calls["n"] += 1
        if calls["n"] == 3:
            with open(where, "wb") as fh:
                fh.write(b"PAR1 half a file")
            raise KeyboardInterrupt
        return real_write(table, where, **kw)

    monkeypatch.setattr(pq, "write_table", dying_write)
    with pytest.raises(KeyboardInterrupt):
        store.annotate(corpus, tmp_path, progress=False, only="tokens", chunk_size=2)
    monkeypatch.setattr(pq, "write_table", real_write)
    folder = next((tmp_path / "tokens").iterdir())
    parts = sorted(folder.glob("part-*.parquet"))
    assert len(parts) == 1  # docs part + one tokens chunk were written whole; the third died
    for part in parts:
        pq.read_table(part)  # every visible part is readable
    assert store.load_table("tokens", corpus, tmp_path, strict=False) is None
    resumed = store.annotate(corpus, tmp_path, progress=False, only="tokens", chunk_size=2)
    assert resumed.n_cached["tokens"] == 2 and resumed.n_parsed == len(corpus) - 2
    pd.testing.assert_frame_equal(store.load_table("tokens", corpus, tmp_path), fresh["tokens"])


def test_only_needed_components_run():
    assert store.exclude_for({"ner"}) == (
        "attribute_ruler", "lemmatizer", "parser", "tagger", "tok2vec")
    assert store.exclude_for(store.TABLES["tokens"].needs) == ("ner",)
    assert store.exclude_for(store.ALL_COMPONENTS) == ()


def test_process_pool_gives_identical_tables(corpus, tmp_path, cache):
    store.annotate(corpus, tmp_path, progress=False, chunk_size=2, n_process=2)
    for name in TABLES:
        pd.testing.assert_frame_equal(store.load_table(name, corpus, tmp_path),
                                      store.load_table(name, corpus, cache))


def test_dask_local_cluster_gives_identical_tables(corpus, tmp_path, cache, reordered_copies,
                                                  monkeypatch):
    distributed = pytest.importorskip("distributed")
    from newscorpus import config
    from newscorpus.corpus import load as corpus_mod

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        result = store.annotate(corpus, tmp_path, progress=False, chunk_size=2, client=client)
        workers = client.run(lambda: __import__("os").getpid())
        # a folder: the workers clean the files too (sent as text) and parse them
        folder = store.annotate(config.SEEDS_DIR, tmp_path / "from_folder", progress=False,
                                chunk_size=2, client=client, only="entities")
        # cleaning streamed over the workers, at most 2 files a task, both passes: the same corpus
        monkeypatch.setattr(parallel, "_PART", 2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            on_dask = corpus_mod.scan_corpus(reordered_copies, spill_dir=tmp_path,
                                             manifest=False, client=client)
            here = corpus_mod.scan_corpus(reordered_copies, spill_dir=tmp_path, manifest=False)
        with on_dask, here:
            assert on_dask.table.attrs["repeated_lines"]  # the second pass had work to do
            pd.testing.assert_frame_equal(on_dask.table, here.table)
            assert on_dask.table.attrs == here.table.attrs
            positions = list(range(len(here.table)))
            assert on_dask.rows(positions) == here.rows(positions)
    assert result.n_parsed == len(corpus) and len(set(workers.values())) == 2
    for name in TABLES:
        pd.testing.assert_frame_equal(store.load_table(name, corpus, tmp_path),
                                      store.load_table(name, corpus, cache))
    assert folder.n_parsed == len(corpus)  # the same document keys as load_corpus(...) gives
    pd.testing.assert_frame_equal(store.load_table("entities", corpus, tmp_path / "from_folder"),
                                  store.load_table("entities", corpus, cache))


def test_table_functions_read_and_populate_the_cache(corpus, tmp_path, fresh):
    from newscorpus.tables import tokens

    with store.using_cache(tmp_path, "read"):  # nothing cached: computed, nothing written
        pd.testing.assert_frame_equal(tokens(corpus), fresh["tokens"])
    assert not (tmp_path / "tokens").exists()
    with store.using_cache(tmp_path, "readwrite"):  # computed once, written
        pd.testing.assert_frame_equal(tokens(corpus), fresh["tokens"])
    assert store.load_table("tokens", corpus, tmp_path) is not None
    with store.using_cache(tmp_path, "read"):
        pd.testing.assert_frame_equal(tokens(corpus), fresh["tokens"])


def test_other_extractors_are_never_cached(corpus, tmp_path):
    def count_tokens(doc, row):
        return [{"doc_id": row["doc_id"], "n": len(doc)}]

    with store.using_cache(tmp_path, "readwrite"):
        table = store.per_doc_table(corpus.head(1), "tokens", count_tokens, ["doc_id", "n"])
    assert list(table.columns) == ["doc_id", "n"] and not (tmp_path / "tokens").exists()


def test_cache_of_another_format_is_refused(corpus, tmp_path):
    (tmp_path / store.MARKER).write_text(json.dumps({"cache_format": 0, "newscorpus": "0.0.1"}))
    with pytest.raises(store.CacheVersionError, match="cache format 0"):
        store.annotate(corpus, tmp_path, progress=False, only="tokens")


def test_unknown_table_and_missing_path_are_clear_errors(corpus, tmp_path):
    with pytest.raises(ValueError, match="unknown table 'sentiment'"):
        store.annotate(corpus, tmp_path, only="sentiment", progress=False)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        store.annotate(tmp_path / "nope", tmp_path, progress=False)
    with pytest.raises(KeyError, match="not cached"):
        store.load_table("tokens", corpus, tmp_path)


def test_frame_keeps_types_and_columns():
    rows = [{"a": 1, "b": "x"}, {"a": None, "b": "y", "extra": 3}]
    df = store.frame(rows, ["a", "b", "c"])
    assert list(df.columns) == ["a", "b", "c"]
    assert df["a"].isna().tolist() == [False, True] and df["c"].isna().all()
    assert store.frame([], ["a"]).columns.tolist() == ["a"]


def test_user_knowledge_file_invalidates_only_tables_that_use_ner(monkeypatch, tmp_path):
    monkeypatch.delenv(pipeline.KNOWLEDGE_ENV, raising=False)
    before = {t: store.fingerprint(t, store.settings()) for t in store.TABLES}
    mine = tmp_path / "my_knowledge.csv"
    mine.write_text("canonical,label,aliases\nHuangshan talks,EVENT,Huangshan meetings\n")
    monkeypatch.setenv(pipeline.KNOWLEDGE_ENV, str(mine))
    after = {t: store.fingerprint(t, store.settings()) for t in store.TABLES}
    assert after["tokens"] == before["tokens"]
    assert all(after[t] != before[t] for t in store.TABLES if "ner" in store.TABLES[t].needs)
    mine.write_text("canonical,label,aliases\nHuangshan talks,EVENT,Huangshan meeting\n")
    assert store.fingerprint("entities", store.settings()) != after["entities"]


def test_annotating_a_folder_serves_the_corpus_loaded_with_raw_text(corpus, tmp_path, cache):
    """annotate(PATH) loads without the raw scrapes (keep_raw=False) yet caches under the same
    document keys as load_corpus(PATH) with them: the notebooks' tables are cache hits."""
    from newscorpus import config

    result = store.annotate(config.SEEDS_DIR, tmp_path, progress=False, only="entities")
    assert result.n_parsed == len(corpus)
    assert corpus["raw_text"].notna().all()  # the fixture corpus does carry the raw text
    assert store.doc_keys(corpus) == store.doc_keys(corpus.assign(raw_text=None))
    again = store.annotate(corpus, tmp_path, progress=False, only="entities")
    assert again.n_parsed == 0
    pd.testing.assert_frame_equal(store.load_table("entities", corpus, tmp_path),
                                  store.load_table("entities", corpus, cache))


def test_worker_writes_parts_only_where_it_sees_the_cache(corpus, tmp_path):
    """A worker writes its part files into a cache folder it can see; a worker that cannot see
    it (a Dask worker on another machine) returns the rows for the caller to write."""
    s = store.settings()
    keys = store.doc_keys(corpus)[:2]
    items = [(row, k, ("entities",)) for row, k in
             zip(corpus.drop(columns="raw_text").head(2).to_dict("records"), keys, strict=True)]
    exclude = store.exclude_for(store.TABLES["entities"].needs)
    folder = store._table_folder(tmp_path, "entities", s)

    n, res = store._annotate_chunk(items, exclude, s, {"entities": str(folder)})
    tab, covered = res["entities"]
    assert n == 2 and covered == keys and tab is not None and tab.num_rows > 0
    assert not folder.exists()  # no cache marker there: nothing written

    store._check_marker(tmp_path, create=True)
    n, res = store._annotate_chunk(items, exclude, s, {"entities": str(folder)})
    assert res["entities"][0] is None
    written = store.load_table("entities", corpus.head(2), tmp_path)
    assert written.equals(store.with_na(store.arrow_to_frame(tab, store._resolve("entities")[1])))


def test_parallel_workers_parse_with_one_blas_thread_and_restore_it(corpus, monkeypatch):
    """Pool processes and Dask workers parse with one OpenBLAS thread (one per core would
    oversubscribe the cores); the rows are the same, and the limit ends with the chunk."""
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads() -> set[int]:
        return {i["num_threads"] for i in threadpoolctl.threadpool_info()
                if i["user_api"] == "blas"}

    before = blas_threads()
    if not before:
        pytest.skip("numpy is not linked to a BLAS threadpoolctl can control")
    s = store.settings()
    keys = store.doc_keys(corpus)[:2]
    items = [(row, k, ("entities",)) for row, k in
             zip(corpus.drop(columns="raw_text").head(2).to_dict("records"), keys, strict=True)]
    exclude = store.exclude_for(store.TABLES["entities"].needs)
    seen: list[set[int]] = []
    real = store._annotate_chunk

    def spy(*args):
        seen.append(blas_threads())
        return real(*args)

    monkeypatch.setattr(workers, "_annotate_chunk", spy)  # where _annotate_chunk_parallel looks
    n, res = store._annotate_chunk_parallel(items, exclude, s, None)
    assert seen == [{1}] and blas_threads() == before
    _, direct = real(items, exclude, s, None)
    assert n == 2 and res["entities"][0].equals(direct["entities"][0])


_FAULTS_SCRIPT = """
import contextlib, resource
from newscorpus import config, pipeline, parallel as workers
texts = [p.read_text(encoding="utf-8") for p in sorted(config.SEEDS_DIR.glob("*.txt"))] * 2
nlp = pipeline.nlp(None, knowledge=False)
list(nlp.pipe(texts))

def faults(ctx):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    with ctx:
        list(nlp.pipe(texts))
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

print(faults(contextlib.nullcontext()), faults(workers.glibc_dynamic_mmap()),
      faults(contextlib.nullcontext()))
"""


def test_dask_style_malloc_settings_are_relaxed_during_a_chunk_and_restored():
    """Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc mmap and unmap
    every large array; during a chunk that is undone (far fewer page faults), after it restored.
    Page-fault counts, not timings: they are the same run to run."""
    import os
    import platform
    import subprocess
    import sys

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc only")
    env = dict(os.environ, MALLOC_TRIM_THRESHOLD_="65536")
    done = subprocess.run([sys.executable, "-c", _FAULTS_SCRIPT], env=env, capture_output=True,
                          text=True, check=True)
    plain, relaxed, after = map(int, done.stdout.split())
    assert relaxed < 0.5 * plain  # measured: 18k vs 67k
    assert after > 0.8 * plain  # the environment's setting is back in force


def test_chunk_plan_covers_every_document_once_and_ends_in_small_chunks():
    items = list(range(1965))
    plan = store._plan(items, 31)  # the default size for 1,965 documents
    assert [i for chunk in plan for i in chunk] == items
    sizes = [len(c) for c in plan]
    assert sizes[:59] == [31] * 59 and set(sizes[59:-1]) == {7} and sizes[-1] <= 7
    assert len(plan) == 59 + 20  # the last 136 documents in chunks of 7
    assert store._plan(items[:100], 31) == store._chunks(items[:100], 31)  # too few to split
    assert store._plan(items[:5], 2) == [[0, 1], [2, 3], [4]]  # tiny chunks are not split


def test_cache_object_is_passed_down_without_the_session_default(corpus, tmp_path, cache):
    """annotate/load_table/per_doc_table take ``cache=`` (a Cache) and never read the session
    default; the rows are those of the shared cache."""
    mine = store.Cache(tmp_path / "mine", "readwrite")
    with store.using_cache(tmp_path / "elsewhere", "off"):  # a session default not to be used
        result = store.annotate(corpus, progress=False, only="tokens", cache=mine)
        got = store.load_table("tokens", corpus, cache=mine)
        extract, columns = store._resolve("tokens")
        served = store.per_doc_table(corpus, "tokens", extract, columns,
                                     cache=store.Cache(mine.path, "read"))
    assert result.out == mine.folder == tmp_path / "mine" and result.n_parsed == len(corpus)
    assert not (tmp_path / "elsewhere").exists()
    pd.testing.assert_frame_equal(got, store.load_table("tokens", corpus, cache))
    pd.testing.assert_frame_equal(store.with_na(served, "tokens"), got)
    with pytest.raises(ValueError, match="mode must be one of"):
        store.Cache(tmp_path, "sometimes")


# --------------------------------------------------------------------------- progress bars


def test_show_progress_is_explicit_then_environment_then_who_is_watching(monkeypatch):
    import types

    monkeypatch.delenv(store.PROGRESS_ENV, raising=False)
    assert store.show_progress(True) and not store.show_progress(False)
    assert not store.show_progress(None)  # pytest captures stderr: not a terminal
    monkeypatch.setenv(store.PROGRESS_ENV, "1")
    assert store.show_progress(None) and not store.show_progress(False)
    monkeypatch.setenv(store.PROGRESS_ENV, "0")
    assert not store.show_progress(None)
    monkeypatch.delenv(store.PROGRESS_ENV)
    # a kernel: JupyterLab sends allow_stdin=True, nbclient/nbconvert and nbval send False
    kernel = types.SimpleNamespace(_allow_stdin=True)
    fake = types.SimpleNamespace(get_ipython=lambda: types.SimpleNamespace(kernel=kernel))
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert store.show_progress(None)
    kernel._allow_stdin = False
    assert not store.show_progress(None)


def test_parsing_shows_a_bar_only_when_asked(capsys, tmp_path):
    one = pd.DataFrame({"doc_id": ["x"], "text": ["Sergei Lavrov arrived in Beijing."]})
    with store.using_cache(tmp_path, "off"):
        quiet = store.tokens(one, progress=False)
        assert capsys.readouterr().err == ""
        shown = store.tokens(one, progress=True)
    err = capsys.readouterr().err
    assert "tokens" in err and "1/1" in err
    pd.testing.assert_frame_equal(quiet, shown)


@pytest.mark.parametrize("name", ["tokens", "entities", "quotes", "dates", "visits"])
def test_public_tables_give_na_for_missing_values(corpus, name):
    """What a user gets has no "" in its text columns: a missing value is NA (NaT for the
    visits' days), and converting back gives exactly the rows the extractors wrote."""
    table = getattr(store, name)(corpus)
    assert table.select_dtypes(object).columns.empty, table.dtypes  # text: pandas "string"
    text = table.select_dtypes("string")
    assert not (text == "").any().any()
    for col in store.DATE_COLUMNS.get(name, ()):
        assert pd.api.types.is_datetime64_any_dtype(table[col])
    raw = store.per_doc_table(corpus, name, *store._resolve(name))  # as the extractors wrote it
    if name == "entities":
        raw = unify_names(raw)
    back = store.working_form(table, name)
    pd.testing.assert_frame_equal(back, raw, check_dtype=False)
    n_blank = int((raw.select_dtypes(object) == "").sum().sum())
    assert int(table.isna().sum().sum()) == n_blank
    if name in ("entities", "dates"):  # the seeds have missing values in these two
        assert n_blank > 0
