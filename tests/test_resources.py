"""newscorpus.resources: data files are cached on (path, size, mtime_ns), so an edit is read again."""

from __future__ import annotations

import os

import pytest

from newscorpus import resources


def test_an_edited_file_is_read_again_and_an_unchanged_one_is_not(tmp_path):
    f = tmp_path / "phrases.yaml"
    f.write_text("a: [1]\n", encoding="utf-8")
    first = resources.load(f)
    assert first == {"a": [1]} and resources.load(f) is first  # cached while unchanged
    f.write_text("a: [1, 2]\n", encoding="utf-8")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a new mtime even on coarse clocks
    assert resources.load(f) == {"a": [1, 2]}


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.yaml"):
        resources.load(tmp_path / "nothere.yaml")


def test_packaged_data_files_load():
    assert "outlets" in resources.load_data("outlets.yaml")
    assert resources.load_data("boilerplate.yaml")
