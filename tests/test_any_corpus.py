"""Every numbered notebook runs on a second corpus: the invented folder tests/data/fixture_corpus.

Each notebook is executed by nbconvert in a fresh kernel with ``$NEWSCORPUS_CORPUS`` pointing at
the fixture and ``$NEWSCORPUS_ROOT`` at a temporary folder, so the executed copies, the cache and
the figures all land there: the committed notebooks and this checkout's build/ and .cache/ are
not touched. Time-bounded: 600 s per cell, 900 s per notebook.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from newscorpus import report

FIXTURE = Path(__file__).parent / "data" / "fixture_corpus"
NOTEBOOKS = report.notebooks()
#: What a notebook must print when it runs on the fixture (it reads the chosen folder and counts
#: four outlets and one article without an outlet, which is NA, not a fifth, blank outlet).
SAYS = {
    "01": "5 articles, 4 outlets (articles without an outlet: 1)",
    "05": "fixture_corpus/: 5 articles",
}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("any_corpus")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_notebook_runs_on_the_fixture_corpus(notebook, run_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCORPUS_")}
    env.update(NEWSCORPUS_CORPUS=str(FIXTURE), NEWSCORPUS_ROOT=str(run_dir),
               PYTHONPATH=os.pathsep.join([str(Path(report.__file__).parents[1]),
                                           env.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    cmd = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
           "--output-dir", str(run_dir), "--ExecutePreprocessor.kernel_name=newscorpus",
           "--ExecutePreprocessor.timeout=600", str(notebook)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{notebook.name} failed on {FIXTURE.name}:\n" + \
        "\n".join(done.stderr.strip().splitlines()[-25:])
    executed = nbformat.read(run_dir / notebook.name, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    text = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code"
                   for o in c.outputs)
    expected = SAYS.get(notebook.stem[:2])
    assert expected is None or expected in text, f"{notebook.name} does not say {expected!r}"


def test_the_fixture_is_a_second_corpus_with_what_it_promises():
    from newscorpus import load_corpus

    corpus = load_corpus(FIXTURE)
    assert len(corpus) >= 5 and corpus.outlet.nunique() >= 4
    assert corpus.outlet.isna().sum() == 1  # one article that names no outlet anywhere
    assert corpus.duplicate_of.notna().sum() == 1  # one near-duplicate pair
    assert corpus.published.isna().sum() == 1  # one article with no date anywhere
