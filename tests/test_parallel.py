"""Local pools: workers end when the process that started them dies (issue 15, case 9)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newscorpus import parallel

LIB = Path(__file__).resolve().parents[1] / "lib"

SCRIPT = textwrap.dedent("""
    import os, sys, time
    from newscorpus import parallel

    def work(x, folder=sys.argv[1]):
        open(os.path.join(folder, str(os.getpid())), "w").close()
        time.sleep(120)
        return x

    if __name__ == "__main__":
        if sys.argv[2] == "mapper":
            with parallel.mapper(2) as pmap:
                list(pmap(work, range(8), 8))
        else:
            list(parallel.run_pool(work, range(8), 2))
""")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


@pytest.mark.skipif(not parallel.forks(), reason="fork pools are Linux-only")
@pytest.mark.parametrize("kind", ["mapper", "run_pool"])
def test_pool_workers_exit_when_the_parent_is_killed(tmp_path, kind):
    script = tmp_path / "pool.py"
    script.write_text(SCRIPT)
    pids = tmp_path / "pids"
    pids.mkdir()
    env = {**os.environ, "PYTHONPATH": str(LIB)}
    parent = subprocess.Popen([sys.executable, str(script), str(pids), kind], env=env)
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) == 2 and all(_alive(w) for w in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)]
    finally:
        parent.kill()
        for p in pids.iterdir():
            if _alive(int(p.name)):
                os.kill(int(p.name), signal.SIGKILL)


def test_watchdog_ends_a_worker_whose_parent_is_gone(monkeypatch):
    """The fallback where prctl is not used: a thread that polls os.getppid()."""
    code = textwrap.dedent("""
        import os, time
        from newscorpus import parallel
        parallel._WATCH_S = 0.05
        parallel.exit_with_parent(os.getppid() + 1_000_000, kernel=False)  # not our parent
        time.sleep(30)
        print("still running")
    """)
    env = {**os.environ, "PYTHONPATH": str(LIB)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=20, env=env)
    assert done.returncode == 1 and "still running" not in done.stdout
