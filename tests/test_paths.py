"""Where derived files go: the user's project, never the installed package or a venv."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newscorpus import config

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_path_env(monkeypatch):
    for name in (config.ROOT_ENV, config.CACHE_ENV, config.CORPUS_ENV):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_nearest_folder_with_pyproject_or_marker_is_the_root(tmp_path, no_path_env):
    project = tmp_path / "myproject"
    deep = project / "notebooks" / "drafts"
    deep.mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'mine'\n", encoding="utf-8")
    assert config.project_root(deep) == project.resolve()
    marked = deep / "inner"
    (marked / config.MARKER_DIR).mkdir(parents=True)
    assert config.project_root(marked / config.MARKER_DIR) == marked.resolve()


def test_derived_paths_follow_the_current_directory(tmp_path, no_path_env):
    (tmp_path / config.MARKER_DIR).mkdir()
    (tmp_path / "sub").mkdir()
    no_path_env.chdir(tmp_path / "sub")
    root = tmp_path.resolve()
    assert config.PROJ_ROOT == root
    assert config.CACHE_DIR == root / ".cache" / "newscorpus"
    assert config.figures_dir() == root / "build" / "report" / "figures"
    assert config.figures_dir().is_dir()


def test_argument_and_environment_override_the_search(tmp_path, no_path_env):
    elsewhere = tmp_path / "elsewhere"
    assert config.cache_dir(elsewhere) == elsewhere / ".cache" / "newscorpus"
    assert config.figures_dir(elsewhere).is_dir()
    no_path_env.setenv(config.ROOT_ENV, str(tmp_path / "chosen"))
    assert config.project_root() == (tmp_path / "chosen").resolve()
    assert config.BUILD_DIR == (tmp_path / "chosen" / "build").resolve()
    no_path_env.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    assert config.CACHE_DIR == (tmp_path / "cache").resolve()


def test_a_root_inside_the_installed_package_is_refused(no_path_env):
    no_path_env.setenv(config.ROOT_ENV, str(config.PACKAGE_DIR))
    with pytest.raises(ValueError, match="inside the installed package"):
        config.project_root()


def test_the_study_notebooks_resolve_to_this_checkout(no_path_env):
    assert config.STUDY_ROOT == REPO
    assert config.project_root(REPO / "notebooks") == REPO
    assert config.SEEDS_DIR == REPO / "seeds"


def test_a_missing_corpus_folder_gives_one_line_naming_it(tmp_path, no_path_env):
    no_path_env.setenv(config.CORPUS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError) as err:
        config.corpus_dir()
    assert "nowhere" in str(err.value) and "\n" not in str(err.value)
    assert not config.is_study_corpus()


_PROBE = """
import json, os, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import newscorpus
from newscorpus import config
from newscorpus.plots import save_figure
fig, ax = plt.subplots()
ax.bar(["a", "b"], [1, 2])
png = save_figure(fig, pd.DataFrame({"x": ["a", "b"], "n": [1, 2]}), "probe")
try:
    newscorpus.load_corpus()
    message = None
except FileNotFoundError as err:
    message = str(err)
print(json.dumps({"package": newscorpus.__file__, "study": str(config.STUDY_ROOT),
                  "cache": str(config.CACHE_DIR), "png": str(png), "message": message}))
"""


def test_a_non_editable_install_writes_into_the_users_folder(tmp_path):
    target, work, source = tmp_path / "target", tmp_path / "work", tmp_path / "source"
    work.mkdir()
    # build from a copy, so the build leaves nothing in the checkout
    shutil.copytree(REPO / "lib", source / "lib",
                    ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--disable-pip-version-check", "--target",
                    str(target), str(source)], check=True, capture_output=True, cwd=tmp_path,
                   timeout=300)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCORPUS_")}
    env["PYTHONPATH"] = str(target)
    out = subprocess.run([sys.executable, "-c", _PROBE], cwd=work, env=env, check=True,
                         capture_output=True, text=True, timeout=120)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert Path(seen["package"]).is_relative_to(target), seen["package"]
    assert seen["study"] == "None"
    assert Path(seen["cache"]) == work.resolve() / ".cache" / "newscorpus"
    assert Path(seen["png"]) == work.resolve() / "build" / "report" / "figures" / "probe.png"
    assert (work / "build" / "report" / "figures" / "probe.csv").is_file()
    assert not list(target.rglob("probe.png")) and not (target / "build").exists()
    message = seen["message"]
    assert message and "\n" not in message
    assert "NEWSCORPUS_CORPUS" in message and "seeds" in message
