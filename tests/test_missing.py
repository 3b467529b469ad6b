"""Missing values of the corpus table are None (pandas' NA of an object column), and the
library's extractors, cache keys and analyses give the same results on that table as on the
working form with "" (``newscorpus.corpus.missing``)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import newscorpus as nc
from newscorpus.analysis.groups import group_sizes
from newscorpus.analysis.outlets import framing, framing_by, quotation_counts
from newscorpus.cache.keys import doc_keys
from newscorpus.corpus.missing import OPTIONAL_COLUMNS, working_corpus

FIXTURE = Path(__file__).parent / "data" / "fixture_corpus"


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return nc.load_corpus()


@pytest.fixture(scope="module")
def no_outlet(tmp_path_factory) -> pd.DataFrame:
    """The fixture corpus with the manifest's outlet of f03 (the flood report) left blank: its
    text names no outlet either, so the article has none."""
    folder = tmp_path_factory.mktemp("no_outlet") / "corpus"
    shutil.copytree(FIXTURE, folder)
    manifest = folder / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines = [",".join([p[0], "", *p[2:]]) if p[0] == "f03_river_flood" else line
             for line, p in ((ln, ln.split(",")) for ln in lines)]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nc.load_corpus(folder)


def test_missing_metadata_is_none_never_an_empty_string(seeds):
    for col in OPTIONAL_COLUMNS:
        values = seeds[col]
        assert not (values.astype(object) == "").any(), col
        assert all(v is None for v in values[values.isna()]), col
    # the seeds: three articles are their outlet's own reporting, four are no copy of another
    assert seeds["agency"].isna().sum() == 3
    assert set(seeds.loc[seeds["agency"].notna(), "agency"]) == {"AFP"}
    assert seeds["duplicate_of"].notna().sum() == 1
    assert seeds["text"].notna().all() and seeds["story_id"].notna().all()


def test_both_forms_of_the_table_have_the_same_cache_keys_and_tables(seeds):
    work = working_corpus(seeds)
    assert (work["agency"] == "").sum() == 3 and work["agency"].notna().all()
    assert working_corpus(work) is work  # already in working form: not copied
    assert doc_keys(seeds) == doc_keys(work)
    pd.testing.assert_frame_equal(nc.visits(seeds, progress=False),
                                  nc.visits(work, progress=False))


def test_an_article_without_an_outlet_is_counted_in_a_group_of_its_own(no_outlet):
    assert no_outlet.set_index("doc_id").loc["f03_river_flood", "outlet"] is None
    sizes = group_sizes(no_outlet, "outlet")
    assert sizes["files"].sum() == len(no_outlet)  # a groupby on None would drop it
    assert sizes["outlet"].isna().sum() == 1
    ents = nc.entities(no_outlet, progress=False)
    counts = nc.entity_counts(ents, no_outlet, by="outlet")
    unknown = counts[counts["outlet"].isna()]
    assert len(unknown) and unknown["mentions"].sum() > 0
    # the same numbers as on the working form, where the group's key is ""
    work = nc.entity_counts(ents, working_corpus(no_outlet), by="outlet")
    assert counts["mentions"].sum() == work["mentions"].sum()


def test_analyses_that_call_analyses_keep_the_group_without_an_outlet(no_outlet):
    # quotation_counts counts the quotes of counted_quotes, framing_by sums framing's rows:
    # the inner result keeps "" so the outer groupby cannot drop the article without an outlet
    q = quotation_counts(no_outlet, "outlet")
    assert q["quotations"].sum() == 5  # Okafor twice (f02 is a copy of f01), Karacsony, two more
    assert q.loc[q["outlet"].isna(), "quotations"].tolist() == [1]  # Karacsony, in f03
    frame = framing(no_outlet)
    assert frame.loc[frame["doc_id"] == "f03_river_flood", "outlet"].isna().all()
    by = framing_by(frame, "outlet")
    assert by["outlet"].isna().any()
    assert by.groupby("family")["own_voice"].sum().sum() == frame["own_voice"].sum()
