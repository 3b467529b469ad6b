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


# --------------------------------------------------------------------------- analysis commands


def _script(tmp_path):
    """A console script named ``newscorpus``, as pip installs it (runs this checkout's code)."""
    script = tmp_path / "newscorpus"
    script.write_text("from newscorpus.cli import main\nraise SystemExit(main())\n")
    return script


def _env():
    import os
    from pathlib import Path

    import newscorpus

    lib = str(Path(newscorpus.__file__).parent.parent)
    return {**os.environ, "PYTHONPATH": lib + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_usage_names_the_program_as_invoked_and_version(tmp_path):
    script = _script(tmp_path)
    done = subprocess.run([sys.executable, str(script), "kwic", "--help"], capture_output=True,
                          text=True, timeout=60, env=_env())
    assert done.returncode == 0 and done.stdout.startswith("usage: newscorpus kwic")
    done = subprocess.run([sys.executable, str(script), "--version"], capture_output=True,
                          text=True, timeout=60, env=_env())
    from newscorpus import __version__

    assert done.stdout.strip() == f"newscorpus {__version__}"
    done = subprocess.run([sys.executable, "-m", "newscorpus", "--help"], capture_output=True,
                          text=True, timeout=60, env=_env())
    assert done.stdout.startswith("usage: python -m newscorpus")


@pytest.mark.parametrize("argv", [["kwic", "{seeds}", "the", "--window", "300"],
                                  ["tokens", "{seeds}", "--cache", "{cache}", "--cached-only"]])
def test_closed_pipe_is_quiet(seeds_dir, cache, tmp_path, argv):
    argv = [a.format(seeds=seeds_dir, cache=cache) for a in argv]
    proc = subprocess.Popen([sys.executable, str(_script(tmp_path)), *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    first = proc.stdout.readline()  # read the header, then hang up, as `| head -1` does
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert first.startswith(b"doc_id,")
    assert err == "" and proc.returncode == 141


def test_kwic_command_in_every_format(seeds_dir, tmp_path, capsys, corpus):
    from newscorpus.analysis.kwic import kwic

    expected = kwic(corpus, "Lavrov")
    assert cli.main(["kwic", str(seeds_dir), "Lavrov"]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert printed["match"].tolist() == expected["match"].tolist() and len(printed) > 3
    assert printed["in_quote"].tolist() == expected["in_quote"].tolist()
    assert cli.main(["kwic", str(seeds_dir), "Lavrov", "--format", "json"]) == 0
    assert [r["start_char"] for r in json.loads(capsys.readouterr().out)] == \
        expected["start_char"].tolist()
    out = tmp_path / "k.parquet"
    assert cli.main(["kwic", str(seeds_dir), "lavrov", "--format", "parquet", "--out",
                     str(out)]) == 0
    assert pd.read_parquet(out)["doc_id"].tolist() == expected["doc_id"].tolist()
    err = _error(capsys, ["kwic", str(seeds_dir), "Lavrov", "--format", "parquet"])
    assert "--out FILE.parquet" in err
    err = _error(capsys, ["kwic", str(seeds_dir), "(", "--regex"])
    assert "not a valid regular expression" in err


def test_counts_command_counts_terms_by_outlet_and_month(seeds_dir, capsys, corpus):
    assert cli.main(["counts", str(seeds_dir), "--term", "Lavrov", "--by", "outlet",
                     "--freq", "month"]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(printed.columns[:3]) == ["period", "outlet", "term"]
    assert printed["stories_in_group"].sum() == corpus["duplicate_of"].isna().sum()
    assert printed["mentions"].sum() > 0


@pytest.fixture(scope="module")
def full_cache(seeds_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli_full_cache")
    store.annotate(seeds_dir, out, progress=False)
    return out


def test_entity_counts_framing_terms_and_timeline_commands(seeds_dir, full_cache, capsys,
                                                           corpus):
    from newscorpus.analysis.counts import entity_counts
    from newscorpus.analysis.timeline import timeline

    with store.using_cache(full_cache, "read"):
        expected = entity_counts(store.entities(corpus), corpus, by="outlet")
        events = timeline(store.visits(corpus))
    args = [str(seeds_dir), "--cache", str(full_cache)]
    assert cli.main(["counts", *args, "--by", "outlet"]) == 0
    printed = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert printed["canonical"].tolist() == expected["canonical"].tolist()
    assert printed["mentions"].tolist() == expected["mentions"].tolist()
    assert cli.main(["timeline", *args, "--format", "json"]) == 0
    assert [r["event_id"] for r in json.loads(capsys.readouterr().out)] == \
        events["event_id"].tolist()
    assert cli.main(["framing", *args]) == 0
    framing = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"doc_id", "family", "own_voice", "quoted"} <= set(framing.columns)
    assert cli.main(["terms", *args, "--min-count", "2"]) == 0
    terms = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"term", "log_odds", "z"} <= set(terms.columns) and len(terms) > 0


def test_table_commands_write_parquet_with_out(seeds_dir, cache, tmp_path, corpus):
    out = tmp_path / "tokens.parquet"
    assert cli.main(["tokens", str(seeds_dir), "--cache", str(cache), "--cached-only",
                     "--format", "parquet", "--out", str(out)]) == 0
    expected = store.load_table("tokens", corpus, cache)
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected)
