"""Every bad-input case: a clear message naming the file and the problem; nothing lost silently."""

from __future__ import annotations

import os
import shutil
import unicodedata

import pandas as pd
import pytest

from newscorpus import CorpusProblem, load_corpus

GOOD = ("Russian Foreign Minister Sergei Lavrov arrived in China on Wednesday in his first visit "
        "to the key ally since Moscow launched its invasion of Ukraine last month.\n\n"
        "Lavrov will attend a series of meetings hosted by China to discuss ways to help "
        "Afghanistan.\n")


def load(folder, **kw):
    with pytest.warns(UserWarning) as rec:
        c = load_corpus(folder, **kw)
    return c, [str(w.message) for w in rec]


def problem(corpus, kind):
    found = [p for p in corpus.attrs["problems"] if p["kind"] == kind]
    assert len(found) == 1, corpus.attrs["problems"]
    return found[0]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "good.txt").write_bytes(GOOD.encode("utf-8"))
    return tmp_path


def test_non_utf8_bytes_warn_and_keep_the_row(folder):
    (folder / "latin.txt").write_bytes(GOOD.replace("Moscow", "Moskv\xe4").encode("latin-1"))
    c, msgs = load(folder)
    p = problem(c, "encoding")
    assert p["severity"] == "warning" and p["file"] == "latin.txt"
    assert "latin.txt" in p["message"] and "not valid UTF-8" in p["message"]
    assert "offset" in p["message"] and any("latin.txt" in m for m in msgs)
    row = c.set_index("doc_id").loc["latin"]
    assert "Moskv\ufffd" in row.text and row.n_words > 20


def test_empty_file_is_an_error_and_yields_no_row(folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\n \r\n")
    c, _ = load(folder)
    assert list(c.doc_id) == ["good"]
    kinds = {(p["file"], p["kind"], p["severity"]) for p in c.attrs["problems"]}
    assert ("empty.txt", "empty", "error") in kinds and ("blank.txt", "empty", "error") in kinds


def test_binary_file_is_an_error(folder):
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    c, _ = load(folder)
    p = problem(c, "binary")
    assert p["severity"] == "error" and "image.txt" in p["message"] and "binary" in p["message"]
    assert "image" not in set(c.doc_id)


def test_bom_and_crlf_are_normalised_with_a_warning(folder):
    (folder / "windows.txt").write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    c, _ = load(folder)
    assert problem(c, "bom")["severity"] == "warning"
    assert problem(c, "line_endings")["severity"] == "warning"
    rows = c.set_index("doc_id")
    assert rows.loc["windows", "text"] == rows.loc["good", "text"]
    assert "\r" not in rows.loc["windows", "text"] and "\ufeff" not in rows.loc["windows", "text"]


def test_utf16_file_is_decoded(folder):
    (folder / "wide.txt").write_bytes(GOOD.encode("utf-16"))
    c, _ = load(folder)
    assert problem(c, "encoding")["severity"] == "warning"
    rows = c.set_index("doc_id")
    assert rows.loc["wide", "text"] == rows.loc["good", "text"]


def test_very_large_file_is_an_error_above_the_limit(folder):
    big = (GOOD * 2000).encode()  # ~0.5 MB
    (folder / "huge.txt").write_bytes(big)
    c, _ = load(folder, max_bytes=100_000)
    p = problem(c, "too_large")
    assert p["severity"] == "error" and "huge.txt" in p["message"] and "100,000" in p["message"]
    assert "huge" not in set(c.doc_id)
    c, _ = load(folder, warn_bytes=100_000)  # below the limit: warning, row kept
    assert problem(c, "large")["severity"] == "warning"
    assert c.set_index("doc_id").loc["huge", "n_words"] > 50_000


def test_default_size_limit_is_checked_before_reading(folder):
    with open(folder / "sparse.txt", "wb") as fh:  # 25 MB sparse file: never read into memory
        fh.seek(25_000_000)
        fh.write(b"x")
    c, _ = load(folder)
    assert problem(c, "too_large")["file"] == "sparse.txt"


def test_manifest_row_without_file_and_file_without_row(folder):
    (folder / "other.txt").write_bytes(GOOD.encode())
    pd.DataFrame([{"doc_id": "good", "outlet": "The Moscow Times", "published": "2022-03-30"},
                  {"doc_id": "ghost", "outlet": "X", "published": "2022-03-30"}]
                 ).to_csv(folder / "manifest.csv", index=False)
    c, _ = load(folder)
    orphan = problem(c, "manifest_orphan")
    assert orphan["severity"] == "warning" and "ghost" in orphan["message"]
    missing = problem(c, "not_in_manifest")
    assert missing["severity"] == "warning" and missing["file"] == "other.txt"
    rows = c.set_index("doc_id")
    assert rows.loc["good", "outlet_source"] == "manifest"
    assert rows.loc["other", "outlet_source"] is None and "ghost" not in rows.index


def test_unparseable_manifest_date_warns_and_falls_back(folder):
    (folder / "dated.txt").write_bytes((" date 2024-04-08 Skip to content\n" + GOOD).encode())
    pd.DataFrame([{"doc_id": "good", "published": "last Wednesday"},
                  {"doc_id": "dated", "published": "31/02/2024"}]
                 ).to_csv(folder / "manifest.csv", index=False)
    c, _ = load(folder)
    bad = [p for p in c.attrs["problems"] if p["kind"] == "bad_manifest_date"]
    assert {p["file"] for p in bad} == {"good.txt", "dated.txt"}
    assert all(p["severity"] == "warning" and "not a date" in p["message"] for p in bad)
    rows = c.set_index("doc_id")
    assert pd.isna(rows.loc["good", "published"]) and rows.loc["good", "published_source"] is None
    assert rows.loc["dated", "published"] == pd.Timestamp("2024-04-08")
    assert rows.loc["dated", "published_source"] == "header"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_is_an_error(folder):
    locked = folder / "locked.txt"
    locked.write_bytes(GOOD.encode())
    locked.chmod(0)
    try:
        c, _ = load(folder)
    finally:
        locked.chmod(0o644)
    p = problem(c, "unreadable")
    assert p["severity"] == "error" and "locked.txt" in p["message"]
    assert list(c.doc_id) == ["good"]


def test_directory_named_txt_is_unreadable(folder):
    (folder / "folder.txt").mkdir()
    c, _ = load(folder)
    assert problem(c, "unreadable")["file"] == "folder.txt"


def test_strict_mode_raises_the_first_error(folder):
    (folder / "empty.txt").write_bytes(b"")
    with pytest.raises(CorpusProblem, match="empty.txt: file is empty") as exc:
        load_corpus(folder, strict=True)
    assert exc.value.kind == "empty" and exc.value.severity == "error"


def test_invalid_manifest_is_an_error_but_files_still_load(folder):
    (folder / "manifest.csv").write_text("title,outlet\nfoo,bar\n", encoding="utf-8")
    c, _ = load(folder)
    assert problem(c, "manifest_invalid")["severity"] == "error"
    assert list(c.doc_id) == ["good"]


def test_duplicate_manifest_rows(folder):
    pd.DataFrame([{"doc_id": "good", "outlet": "A"}, {"doc_id": "good", "outlet": "B"}]
                 ).to_csv(folder / "manifest.csv", index=False)
    c, _ = load(folder)
    assert problem(c, "manifest_duplicate")["severity"] == "warning"
    assert c.outlet.iloc[0] == "A"


def test_file_with_no_article_left_is_kept_with_a_warning(folder):
    (folder / "promo.txt").write_text("Advertisement\nShare\nRead more\n", encoding="utf-8")
    c, _ = load(folder)
    assert problem(c, "no_body")["file"] == "promo.txt"
    assert c.set_index("doc_id").loc["promo", "text"] == ""


def test_seed_files_are_never_modified(seeds_dir, tmp_path):
    before = {f.name: f.read_bytes() for f in seeds_dir.glob("*")}
    load_corpus(seeds_dir)
    assert {f.name: f.read_bytes() for f in seeds_dir.glob("*")} == before
    shutil.rmtree(tmp_path)


def test_corpus_problem_is_a_picklable_record():
    import pickle

    p = CorpusProblem("x.txt", "empty", "error", "x.txt: file is empty or whitespace only; skipped")
    q = pickle.loads(pickle.dumps(p))
    assert q == p and str(q) == "x.txt: file is empty or whitespace only; skipped"
    assert q.as_dict() == {"file": "x.txt", "kind": "empty", "severity": "error",
                           "message": "x.txt: file is empty or whitespace only; skipped"}


def test_other_files_are_reported_not_silently_skipped(folder):
    (folder / "UPPER.TXT").write_bytes(GOOD.encode())
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".DS_Store").write_bytes(b"\x00")
    c, _ = load(folder)
    assert list(c.doc_id) == ["UPPER", "good"]
    p = problem(c, "ignored_file")
    assert p["file"] == "notes.pdf" and p["severity"] == "warning"


# --- issue 15, reading: cases a fault-injection pass found silent or unclear (each failed on the
# --- code before the fix): colliding doc_ids, symlinks leaving the folder, ';'-delimited
# --- manifests, UTF-16 without a byte-order mark, NUL bytes past the first 64 KiB


def kinds(corpus):
    return {(p["file"], p["kind"], p["severity"]) for p in corpus.attrs["problems"]}


def test_two_files_never_share_a_doc_id_case(tmp_path):
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.TXT").write_text(GOOD.replace("Lavrov", "Wang"), encoding="utf-8")
    c, msgs = load(tmp_path)
    assert len(c) == 1  # one row, and the other file is named, not silently dropped
    dup = [k for k in kinds(c) if k[1] == "duplicate_doc_id"]
    assert len(dup) == 1 and dup[0][0] in {"b.txt", "b.TXT"} and dup[0][2] == "error"
    assert any("b.TXT" in m and "b.txt" in m for m in msgs)
    assert not any(k[1] == "ignored_file" for k in kinds(c))


def test_two_files_never_share_a_doc_id_unicode_normalisation(tmp_path):
    nfc, nfd = unicodedata.normalize("NFC", "caf\u00e9"), unicodedata.normalize("NFD", "caf\u00e9")
    (tmp_path / f"{nfc}.txt").write_text(GOOD, encoding="utf-8")
    try:
        (tmp_path / f"{nfd}.txt").write_text(GOOD, encoding="utf-8")
    except OSError:
        pytest.skip("file system normalises names")
    if len(list(tmp_path.iterdir())) < 2:
        pytest.skip("file system normalises names")
    c, _ = load(tmp_path)
    assert len(c) == 1
    assert sum(k[1] == "duplicate_doc_id" for k in kinds(c)) == 1


def test_symlink_leaving_the_folder_is_reported(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.txt").write_text(GOOD, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(outside / "x.txt", corpus / "linked.txt")
    c, msgs = load(corpus)
    assert ("linked.txt", "symlink_outside", "warning") in kinds(c)
    assert set(c.doc_id) == {"good", "linked"}  # followed, but said
    assert any("linked.txt" in m and "outside" in m for m in msgs)


def test_semicolon_manifest_is_sniffed(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "doc_id;outlet;published\ngood;The Example Times;2022-03-30\n", encoding="utf-8")
    c = load_corpus(tmp_path)
    row = c.set_index("doc_id").loc["good"]
    assert row.outlet == "The Example Times" and str(row.published.date()) == "2022-03-30"


def test_utf16_without_bom_is_decoded(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "wide.txt").write_bytes(GOOD.encode("utf-16-le"))
    c, msgs = load(tmp_path)
    assert ("wide.txt", "encoding", "warning") in kinds(c)
    assert "Lavrov" in c.set_index("doc_id").loc["wide"].text
    assert any("wide.txt" in m and "UTF-16" in m for m in msgs)


def test_nul_byte_after_the_first_64_kib_is_not_accepted_silently(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    body = (GOOD * 400).encode("utf-8")
    assert len(body) > 70_000
    (tmp_path / "late.txt").write_bytes(body + b"\x00\x00tail")
    c, msgs = load(tmp_path)
    assert any(k[0] == "late.txt" and k[1] in {"binary", "nul_bytes"} for k in kinds(c))
    assert any("late.txt" in m and "NUL" in m for m in msgs)


def test_strict_names_the_colliding_file(tmp_path):
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.TXT").write_text(GOOD, encoding="utf-8")
    with pytest.raises(CorpusProblem, match=r"b\.(txt|TXT): same doc_id as b\.(TXT|txt)"):
        load_corpus(tmp_path, strict=True)


def test_manifest_month_and_year_dates_keep_their_precision(folder):
    for name in ("month", "year", "day", "agree"):
        (folder / f"{name}.txt").write_bytes(GOOD.encode())
    (folder / "dated.txt").write_bytes((" date 2024-04-08 Skip to content\n" + GOOD).encode())
    pd.DataFrame([{"doc_id": "month", "published": "2022-03"},
                  {"doc_id": "year", "published": "2024"},
                  {"doc_id": "day", "published": "2022-03-30"},
                  {"doc_id": "dated", "published": "2024-04"}]
                 ).to_csv(folder / "manifest.csv", index=False)
    c, _ = load(folder)
    rows = c.set_index("doc_id")
    got = {d: (str(rows.loc[d, "published"].date()) if pd.notna(rows.loc[d, "published"]) else "",
               rows.loc[d, "published_precision"]) for d in rows.index}
    assert got["month"] == ("2022-03-01", "month") and got["year"] == ("2024-01-01", "year")
    assert got["day"] == ("2022-03-30", "day") and got["good"] == ("", None)
    # the page's 2024-04-08 lies inside the manifest's April 2024: no conflict, month kept
    assert got["dated"] == ("2024-04-01", "month")
    assert rows.loc["dated", "published_source"] == "manifest"
    assert not [p for p in c.attrs["problems"] if p["kind"] == "manifest_conflict"]


def test_time_zone_aware_manifest_dates_become_the_utc_date(folder):
    (folder / "utc.txt").write_bytes(GOOD.encode())
    (folder / "ny.txt").write_bytes(GOOD.encode())
    (folder / "bad.txt").write_bytes(GOOD.encode())
    pd.DataFrame([{"doc_id": "good", "published": "2022-03-30"},
                  {"doc_id": "utc", "published": "2024-04-08T23:30:00Z"},
                  {"doc_id": "ny", "published": "2024-04-08T23:30:00-05:00"},
                  {"doc_id": "bad", "published": "2024-04-08T23:30:00+99:00"}]
                 ).to_csv(folder / "manifest.csv", index=False)
    c, _ = load(folder)  # no load-wide crash
    rows = c.set_index("doc_id")
    assert str(c.published.dtype) == "datetime64[ns]"
    assert rows.loc["utc", "published"] == pd.Timestamp("2024-04-08")
    assert rows.loc["ny", "published"] == pd.Timestamp("2024-04-09")  # 04:30 UTC next day
    assert rows.loc["ny", "published_precision"] == "day"
    bad = problem(c, "bad_manifest_date")
    assert bad["file"] == "bad.txt" and "'2024-04-08T23:30:00+99:00'" in bad["message"]
    assert "\n" not in bad["message"]


def test_one_sentence_item_is_an_article_not_no_body(folder):
    (folder / "brief.txt").write_text("Lavrov lands in Beijing for talks with Wang Yi.\n",
                                      encoding="utf-8")
    (folder / "furniture.txt").write_text("Share\n\nRead more\n", encoding="utf-8")
    c, _ = load(folder)
    rows = c.set_index("doc_id")
    assert rows.loc["brief", "text"] == "Lavrov lands in Beijing for talks with Wang Yi."
    assert rows.loc["brief", "n_words"] == 9
    assert problem(c, "no_body")["file"] == "furniture.txt"  # only the file with no sentence
