"""python -m newscorpus: annotate and table commands, and their error messages."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys

import pandas as pd
import pytest

from newscorpus import cli
from newscorpus import tables as store


@pytest.fixture(scope="module")
def cache(seeds_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli_cache")
    assert cli.main(["annotate", str(seeds_dir), "--out", str(out), "--no-progress",
                     "--only", "tokens,quotes"]) == 0
    return out


def test_annotate_reports_and_caches(seeds_dir, cache, capsys, corpus):
    assert cli.main(["annotate", str(seeds_dir), "--out", str(cache), "--no-progress",
                     "--only", "tokens"]) == 0
    assert "annotated 0 of 5 documents (5 already cached)" in capsys.readouterr().out
    assert len(store.load_table("tokens", corpus, cache)) > 2000


def test_table_command_prints_the_table_as_csv_and_json(seeds_dir, cache, capsys, corpus):
    from newscorpus.tables import quotes

    with store.using_cache(cache, "read"):
        expected = quotes(corpus)
    assert cli.main(["quotes", str(seeds_dir), "--cache", str(cache), "--cached-only"]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert len(printed) == len(expected) > 0
    assert printed["text"].tolist() == expected["text"].tolist()
    assert cli.main(["quotes", str(seeds_dir), "--cache", str(cache), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["text"] for r in records] == expected["text"].tolist()


def test_module_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "newscorpus", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "annotate" in done.stdout


def _error(capsys, argv):
    assert cli.main(argv) == cli.EXIT_USAGE
    return capsys.readouterr().err


def test_wrong_path_is_a_clear_error(tmp_path, capsys):
    err = _error(capsys, ["annotate", str(tmp_path / "missing"), "--out", str(tmp_path)])
    assert "corpus folder" in err and "does not exist" in err
    err = _error(capsys, ["entities", str(tmp_path / "missing")])
    assert "does not exist" in err


def test_unreachable_scheduler_is_a_clear_error(seeds_dir, tmp_path, capsys):
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    err = _error(capsys, ["annotate", str(seeds_dir), "--out", str(tmp_path),
                          "--scheduler", f"tcp://127.0.0.1:{port}", "--connect-timeout", "1"])
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err


def test_cache_from_another_version_is_a_clear_error(seeds_dir, tmp_path, capsys):
    (tmp_path / store.MARKER).write_text(json.dumps({"cache_format": 0, "newscorpus": "0.0.1"}))
    err = _error(capsys, ["annotate", str(seeds_dir), "--out", str(tmp_path), "--only", "tokens"])
    assert "written by newscorpus 0.0.1" in err and "Delete that folder" in err


def test_cache_from_another_pipeline_is_a_clear_error(seeds_dir, tmp_path, capsys):
    store.annotate(seeds_dir, tmp_path, only="tokens", progress=False, use_blis=True)
    err = _error(capsys, ["tokens", str(seeds_dir), "--cache", str(tmp_path), "--cached-only"])
    assert "another pipeline version" in err and "use_blis" in err


def test_cached_only_without_cache_is_a_clear_error(seeds_dir, tmp_path, capsys):
    err = _error(capsys, ["tokens", str(seeds_dir), "--cache", str(tmp_path), "--cached-only"])
    assert "not cached" in err or "annotate" in err
