"""Cache faults: damaged parts, a damaged marker, temp-file clean-up, a read-only cache (issue 15)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from newscorpus import cli
from newscorpus import tables as store
from newscorpus.cache import parts

LIB = Path(__file__).resolve().parents[1] / "lib"
TEXTS = [
    "Russian Foreign Minister Sergei Lavrov arrived in China on Wednesday in his first visit to "
    "the key ally since Moscow launched its invasion of Ukraine last month.",
    "Lavrov met Chinese Foreign Minister Wang Yi in the eastern city of Huangshan on Thursday.",
]


def corpus() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a", "b"], "text": TEXTS})


def _damage_data_page(part: Path) -> None:
    """Overwrite bytes inside the data of the largest column chunk; header and footer intact."""
    meta = pq.ParquetFile(part).metadata
    col = max((meta.row_group(0).column(i) for i in range(meta.num_columns)),
              key=lambda c: c.total_compressed_size)
    start = col.data_page_offset
    data = bytearray(part.read_bytes())
    mid = start + col.total_compressed_size - 8  # the end of the page's values, not its header
    data[mid:mid + 4] = bytes(255 - b for b in data[mid:mid + 4])
    part.write_bytes(bytes(data))
    pq.read_schema(part)  # the footer still reads


def test_damaged_part_is_named_reported_and_parsed_again(tmp_path):
    c = corpus()
    store.annotate(c, tmp_path, only="tokens", progress=False)
    before = store.load_table("tokens", c, tmp_path)
    (part,) = (tmp_path / "tokens").rglob("part-*.parquet")
    _damage_data_page(part)
    with pytest.raises(store.CacheError, match=part.name) as err:  # a reader names the part
        store.load_table("tokens", c, tmp_path)
    assert "not cached" not in str(err.value) and "annotate" in str(err.value)
    with pytest.warns(UserWarning, match=part.name):
        result = store.annotate(c, tmp_path, only="tokens", progress=False)
    assert result.n_parsed == 2  # not "already cached"
    pd.testing.assert_frame_equal(store.load_table("tokens", c, tmp_path), before)


def test_truncated_part_is_named_by_readers_and_parsed_again(tmp_path):
    c = corpus()
    store.annotate(c, tmp_path, only="tokens", progress=False)
    (part,) = (tmp_path / "tokens").rglob("part-*.parquet")
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])  # footer gone
    with pytest.warns(UserWarning, match=part.name):
        with pytest.raises(store.CacheError, match=f"damaged part file.*{part.name}"):
            store.load_table("tokens", c, tmp_path)
    with pytest.warns(UserWarning, match=part.name):
        assert store.annotate(c, tmp_path, only="tokens", progress=False).n_parsed == 2
    assert len(store.load_table("tokens", c, tmp_path)) > 20


def test_damaged_marker_is_one_clear_line(tmp_path, capsys):
    (tmp_path / store.MARKER).write_text("{cache_format: 1", encoding="utf-8")
    with pytest.raises(store.CacheError, match="damaged cache marker"):
        store.load_table("tokens", corpus(), tmp_path)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    assert cli.main(["annotate", str(folder), "--out", str(tmp_path), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(tmp_path / store.MARKER) in err
    assert "Expecting property name" in err and "Delete that cache folder" in err


def test_clean_up_removes_only_this_packages_old_temp_files(tmp_path):
    store.annotate(corpus(), tmp_path, only="tokens", progress=False)
    (table_dir,) = (tmp_path / "tokens").iterdir()
    old = time.time() - 7200
    ours = [tmp_path / f"{parts.TMP_PREFIX}x-marker", table_dir / f"{parts.TMP_PREFIX}y.parquet"]
    young = table_dir / f"{parts.TMP_PREFIX}z.parquet"
    (tmp_path / "notes").mkdir()
    users = [tmp_path / ".tmp-draft", tmp_path / "notes" / ".tmp-mine",
             tmp_path / "notes" / f"{parts.TMP_PREFIX}kept", table_dir / ".tmp-user.parquet"]
    for f in ours + users + [young]:
        f.write_text("x")
        if f != young:
            os.utime(f, (old, old))
    store.annotate(corpus(), tmp_path, only="tokens", progress=False)
    assert not any(f.exists() for f in ours)
    assert all(f.exists() for f in users) and young.exists()


def _unprivileged() -> list[str]:
    """Prefix that runs a command as an unprivileged user (root ignores file permissions)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_annotate_on_a_read_only_cache_is_one_line_even_when_all_is_cached():
    top = Path(tempfile.mkdtemp(prefix="newscorpus-ro-"))
    try:
        os.chmod(top, 0o755)
        folder, out = top / "articles", top / "cache"
        folder.mkdir()
        for n, t in enumerate(TEXTS):
            (folder / f"{n}.txt").write_text(t + "\n", encoding="utf-8")
        assert cli.main(["annotate", str(folder), "--out", str(out), "--no-progress",
                         "--only", "tokens"]) == 0
        for p in [top, folder, *folder.iterdir(), out, *out.rglob("*")]:
            mode = 0o555 if p.is_dir() else 0o444
            os.chmod(p, mode)
        env = {**os.environ, "PYTHONPATH": str(LIB), "HOME": str(top)}
        done = subprocess.run(
            [*_unprivileged(), sys.executable, "-m", "newscorpus", "annotate", str(folder),
             "--out", str(out), "--no-progress", "--only", "tokens"],
            capture_output=True, text=True, timeout=300, env=env, cwd=top)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        lines = [ln for ln in done.stderr.splitlines() if ln.startswith("newscorpus: error")]
        assert len(lines) == 1 and f"cannot write to the cache folder {out}" in lines[0]
    finally:
        for p in [top, *top.rglob("*")]:
            if p.is_dir():
                os.chmod(p, stat.S_IRWXU)
        shutil.rmtree(top)


def test_folder_named_like_an_option_is_accepted_after_double_dash(tmp_path, capsys):
    folder = tmp_path / "-dashdir"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXTS[0] + "\n", encoding="utf-8")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(SystemExit):
            cli.main(["annotate", "-dashdir"])
        err = capsys.readouterr().err
        assert "goes after `--`" in err
        assert cli.main(["annotate", "--out", str(tmp_path / "c"), "--only", "tokens",
                         "--no-progress", "--", "-dashdir"]) == 0
        assert "annotated 1 of 1" in capsys.readouterr().out
    finally:
        os.chdir(old)
