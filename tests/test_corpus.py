"""load_corpus: the column contract, manifest precedence, no-manifest folders, unseen outlets."""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

from newscorpus import CorpusProblem, config, load_corpus
from newscorpus.corpus.load import COLUMNS, units_table

CONTRACT = [
    "doc_id", "path", "outlet", "published", "title", "url", "byline", "outlet_source",
    "published_source", "title_source", "url_source", "text", "captions", "raw_text", "n_words",
    "duplicate_of",
]
SOURCES = {"manifest", "header", "url", "byline", "text", None}

# A scrape in a wire agency's page style (made up for this test; no seed comes from Reuters).
REUTERS_STYLE = """Skip to main content
Exclusive news, data and analytics for financial market professionals
World
Asia Pacific
Russia's Lavrov meets China's Wang in Beijing, pledges deeper coordination
By Jane Doe and John Roe
April 9, 2024 11:37 AM GMT+8 Updated 3 hours ago
Share
X
Facebook
Linkedin
Email
Link

Item 1 of 2 Russian Foreign Minister Sergei Lavrov shakes hands with Chinese Foreign Minister \
Wang Yi during a meeting in Beijing, China April 9, 2024. REUTERS/Staff Photographer/Pool \
Purchase Licensing Rights, opens new tab

BEIJING, April 9 (Reuters) - Russian Foreign Minister Sergei Lavrov met his Chinese counterpart \
Wang Yi in Beijing on Tuesday, the second day of a visit in which the two sides said they would \
deepen coordination on security in the Asia-Pacific region.

Lavrov told reporters after the talks that Moscow and Beijing would resist attempts by Western \
countries to contain them, according to a transcript published by the Russian foreign ministry.

Wang said the two countries' relations had withstood the test of a changing international \
situation and that China would continue to support Russia's development, the Chinese foreign \
ministry said in a statement.

Sign up here.

The visit comes weeks before Russian President Vladimir Putin is expected to travel to China, \
five sources told Reuters last month.

Reporting by Jane Doe and John Roe; Editing by Sam Poe
Our Standards: The Thomson Reuters Trust Principles., opens new tab

Read Next
Asia Pacific
Japan and Philippines hold joint drills as tensions rise in South China Sea
April 9, 2024
"""


def test_contract_columns_and_types(corpus):
    assert list(corpus.columns[: len(COLUMNS)]) == COLUMNS
    assert set(CONTRACT) <= set(corpus.columns)
    assert len(corpus) == 5 and corpus.doc_id.is_monotonic_increasing and corpus.doc_id.is_unique
    assert str(corpus.published.dtype).startswith("datetime64")
    assert corpus.n_words.dtype.kind == "i"
    for col in ("outlet_source", "published_source", "title_source", "url_source"):
        assert set(corpus[col]) <= SOURCES
    assert (corpus.n_words < corpus.n_words_raw).all()
    assert all("\n\n\n" not in t and t == t.strip() for t in corpus.text)


def test_seed_corpus_with_manifest_has_every_date_and_no_problems(corpus):
    assert corpus.attrs["problems"] == []
    assert corpus.published.notna().all()
    assert (corpus.published_source == "manifest").all()
    got = dict(zip(corpus.doc_id.str[:3], corpus.published.dt.strftime("%Y-%m-%d"), strict=True))
    assert got == {"000": "2022-03-30", "001": "2024-04-08", "002": "2024-04-08",
                   "003": "2022-03-30", "004": "2022-03-30"}
    assert corpus.set_index(corpus.doc_id.str[:3]).loc["004", "outlet"] == "South China Morning Post"


def test_default_path_and_relative_seeds_path(corpus):
    again = load_corpus("seeds")
    pd.testing.assert_frame_equal(again.drop(columns="path"), corpus.drop(columns="path"))


def test_folder_without_manifest_infers_or_leaves_empty(tmp_path, seeds_dir):
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    c = load_corpus(tmp_path).set_index("doc_id")
    c.index = c.index.str[:3]
    assert c.attrs["problems"] == []  # no manifest is not a problem
    assert list(c.published_source) == ["header", None, "header", "url", None]
    assert c.loc["003", "published"] == pd.Timestamp("2022-03-30")  # not the linked 2025 article
    assert pd.isna(c.loc["001", "published"]) and pd.isna(c.loc["004", "published"])
    assert c.loc["004", "outlet"] == "South China Morning Post"
    assert c.loc["001", "byline"] is None and c.loc["004", "byline"] is None
    assert (c.text != "").all()
    assert c.loc["003", "duplicate_of"] == "000_a57db544478c6399"


def test_manifest_conflict_is_reported_and_manifest_wins(tmp_path, seeds_dir):
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    m = pd.read_csv(seeds_dir / "manifest.csv", dtype=str, keep_default_na=False)
    m.loc[m.doc_id.str.startswith("003"), "published"] = "2025-11-01"
    m.to_csv(tmp_path / "manifest.csv", index=False)
    with pytest.warns(UserWarning, match="003_0af1e5982cb33ce5.txt: published"):
        c = load_corpus(tmp_path)
    row = c.set_index("doc_id").loc["003_0af1e5982cb33ce5"]
    assert row.published == pd.Timestamp("2025-11-01") and row.published_source == "manifest"
    (p,) = c.attrs["problems"]
    assert p["kind"] == "manifest_conflict" and p["severity"] == "warning"
    assert "2022-03-30" in p["message"] and "2025-11-01" in p["message"]


def test_unseen_outlet_flows_sensibly(tmp_path, seeds_dir):
    """A sixth article in a wire agency's style: body/boilerplate split, date and outlet inferred."""
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "005_reuters_style.txt").write_text(REUTERS_STYLE, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = load_corpus(tmp_path, manifest=False)
    row = c.set_index("doc_id").loc["005_reuters_style"]
    paras = row.text.split("\n\n")
    assert len(paras) == 4
    assert paras[0].startswith("BEIJING, April 9 (Reuters) - Russian Foreign Minister")
    assert paras[-1].endswith("five sources told Reuters last month.")
    for junk in ("Share", "Facebook", "Sign up here", "Reporting by", "Thomson Reuters",
                 "Read Next", "Japan and Philippines", "Exclusive news", "Asia Pacific"):
        assert junk not in row.text, junk
    assert "REUTERS/Staff Photographer" in row.captions
    assert row.title == "Russia's Lavrov meets China's Wang in Beijing, pledges deeper coordination"
    assert row.byline == "Jane Doe and John Roe"
    assert (row.outlet, row.outlet_source) == ("Reuters", "text")
    assert (row.published, row.published_source) == (pd.Timestamp("2024-04-09"), "text")
    assert row.duplicate_of is None
    # adding an article does not change how the seeds are cleaned
    seeds = load_corpus(seeds_dir)
    assert list(c.text.iloc[:5]) == list(seeds.text)


def test_lines_repeated_within_an_outlet_are_boilerplate(tmp_path):
    body = ("The ministry said the talks covered trade, energy and security, and that both sides "
            "agreed to meet again before the end of the year in the capital.")
    for i, extra in enumerate(["Lavrov arrived on Monday.", "Wang hosted the meeting."]):
        (tmp_path / f"x{i}.txt").write_text(
            f"Support The Moscow Times!\n\nHeadline number {i} about the talks\n\n{body} {extra}\n\n"
            "Download our app today\n", encoding="utf-8")
    c = load_corpus(tmp_path)
    assert c.attrs["repeated_lines"]["The Moscow Times"] == ["Download our app today",
                                                             "Support The Moscow Times!"]
    assert not c.text.str.contains("Download our app").any()
    u = units_table(c)
    assert set(u.loc[u.text == "Download our app today", "label"]) == {"repeated"}


def test_units_table_shows_what_was_removed(corpus):
    u = units_table(corpus)
    assert list(u.columns) == ["doc_id", "lines", "label", "n_words", "text"]
    body = u[u.label == "body"].groupby("doc_id").text.apply("\n\n".join)
    assert dict(body) == dict(zip(corpus.doc_id, corpus.text, strict=True))
    removed = u[u.label != "body"]
    assert {"donation", "readmore", "caption", "title", "byline", "video", "teaser",
            "original_url", "link", "ad", "promo", "audio", "tags", "edit"} <= set(removed.label)


def test_missing_folder_or_no_files_raise(tmp_path):
    with pytest.raises(CorpusProblem, match="not found"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusProblem, match="no \\*.txt files"):
        load_corpus(tmp_path)


def test_manifest_dates_fall_on_the_weekdays_the_articles_name(corpus):
    """The hand-inferred dates (001, 004) and the others: the text names the publication weekday."""
    import calendar

    for row in corpus.itertuples():
        if row.doc_id.startswith("002"):  # dated by its header and byline, names no weekday
            continue
        weekday = calendar.day_name[row.published.weekday()]
        assert f"on {weekday}" in row.text or f"{weekday}" in row.text.split("\n\n")[0], row.doc_id
    notes = pd.read_csv(config.MANIFEST, dtype=str)
    assert notes.note.str.len().min() > 100  # every row explains where its values came from


def test_parallel_and_lean_loading_give_the_same_corpus(reordered_copies, monkeypatch):
    """n_process=2 (cleaning in a process pool) and keep_raw=False (raw scrapes not kept) change
    nothing else, on the seeds plus re-ordered copies (which makes every outlet's short lines
    repeat, so the second cleaning pass runs) and a file with no body. Tasks of at most 2
    files, so the pool's stream has many in flight and more waiting."""
    from newscorpus import parallel as corpus_mod

    monkeypatch.setattr(corpus_mod, "_PART", 2)
    tmp_path = reordered_copies
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base = load_corpus(tmp_path, manifest=False)
        par = load_corpus(tmp_path, manifest=False, n_process=2)
        lean = load_corpus(tmp_path, manifest=False, keep_raw=False)
    assert len(base) == 11 and base["duplicate_of"].notna().sum() >= 5
    assert any(p["kind"] == "no_body" for p in base.attrs["problems"])
    assert base.attrs["repeated_lines"]  # the second pass had work to do
    pd.testing.assert_frame_equal(base, par)
    assert base.attrs == par.attrs
    assert lean["raw_text"].isna().all() and base["raw_text"].notna().all()
    pd.testing.assert_frame_equal(base.drop(columns="raw_text"), lean.drop(columns="raw_text"))
    assert base.attrs == lean.attrs


def test_scanned_corpus_spills_text_to_disk_and_reads_back_the_same_rows(corpus, seeds_dir,
                                                                         tmp_path):
    from newscorpus.corpus.load import scan_corpus

    with scan_corpus(seeds_dir, spill_dir=tmp_path) as scanned:
        table = scanned.table
        assert table["text"].isna().all() and table["raw_text"].isna().all()
        pd.testing.assert_frame_equal(table.drop(columns=["text", "captions", "raw_text"]),
                                      corpus.drop(columns=["text", "captions", "raw_text"]))
        assert table.attrs == corpus.attrs
        rows = pd.DataFrame(scanned.rows([4, 0, 2]))
        expected = corpus.iloc[[4, 0, 2]].reset_index(drop=True).assign(raw_text=None)
        pd.testing.assert_frame_equal(rows, expected)
    assert list(tmp_path.iterdir()) == []  # the spill file is gone


def test_stream_keeps_order_reads_lazily_and_bounds_the_work_in_flight():
    from newscorpus.parallel import _stream

    read: list[int] = []
    outstanding: list[list[int]] = []
    most = 0

    def items():
        for i in range(1, 24):
            read.append(i)
            yield i

    def submit(chunk):
        nonlocal most
        outstanding.append(chunk)
        most = max(most, len(outstanding))
        return chunk

    def result(chunk):
        outstanding.remove(chunk)
        return [x * 10 for x in chunk]

    out = _stream(submit, result, items(), part=4, window=3)
    assert next(out) == 10 and read == list(range(1, 13))  # 3 parts sent, the first one taken
    assert list(out) == [x * 10 for x in range(2, 24)] and not outstanding
    assert most == 3


def test_cleaning_tasks_are_large_on_large_corpora_and_spread_on_small_ones():
    from newscorpus.parallel import _PART, _part_size

    assert _part_size(1965, 2) == _PART == 64  # 1M words: per-task overhead kept low
    assert _part_size(300, 2) == 19  # still 8 tasks per worker
    assert _part_size(11, 2) == 1 and _part_size(0, 2) == 1
