"""Issue 15, reading: cases a fault-injection pass found silent or unclear (each failed on the
code before the fix): colliding doc_ids, symlinks leaving the folder, ';'-delimited manifests,
UTF-16 without a byte-order mark, NUL bytes past the first 64 KiB."""

from __future__ import annotations

import os
import unicodedata

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
