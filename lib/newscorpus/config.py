"""Every path the project uses, in one place.

Two kinds of path:

* **The study's own inputs** (``seeds/``, ``annotations/``, ``notebooks/``) belong to the source
  checkout the package was installed from (``STUDY_ROOT``); after a normal (non-editable) install
  there is no checkout and ``STUDY_ROOT`` is None.
* **Derived files** (the parse cache, figures, the rendered book) go under the *user's* project:
  :func:`project_root` — ``$NEWSCORPUS_ROOT`` if set, else the nearest folder upwards from the
  current directory holding a ``pyproject.toml`` or a ``.newscorpus/`` folder, else the current
  directory; never inside the installed package or a virtual environment. ``PROJ_ROOT``,
  ``CACHE_DIR``, ``BUILD_DIR``, ``REPORT_DIR``, ``FIGURES_DIR`` and ``BOOK_DIR`` are read at the
  moment they are used (module attributes computed on access), so they follow the current
  directory. The study's notebooks run with ``notebooks/`` as current directory, so their
  derived files land in this checkout.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"  # knowledge the code reads: tables, phrase lists, lexicons

#: Environment variables: the project root for derived files, the cache folder, the corpus.
ROOT_ENV = "NEWSCORPUS_ROOT"
CACHE_ENV = "NEWSCORPUS_CACHE"
CORPUS_ENV = "NEWSCORPUS_CORPUS"
#: A folder that marks a project root for newscorpus when there is no pyproject.toml.
MARKER_DIR = ".newscorpus"


def _study_root() -> Path | None:
    """The source checkout holding the package (``<root>/lib/newscorpus``), or None if installed."""
    root = PACKAGE_DIR.parents[1]
    if PACKAGE_DIR.parent.name == "lib" and (root / "pyproject.toml").is_file() \
            and not _inside_environment(root):
        return root
    return None


def _inside_environment(path: Path) -> bool:
    """True if ``path`` lies in the installed package, a site-packages folder or a venv's prefix."""
    path = path.resolve()
    if path == PACKAGE_DIR or PACKAGE_DIR in path.parents:
        return True
    if {"site-packages", "dist-packages"} & set(path.parts):
        return True
    prefix = Path(sys.prefix).resolve()
    in_venv = sys.prefix != sys.base_prefix
    return in_venv and (path == prefix or prefix in path.parents)


STUDY_ROOT = _study_root()
_STUDY = STUDY_ROOT or PACKAGE_DIR.parents[1]  # where the study's inputs would be
SEEDS_DIR = Path(os.environ.get("NEWSCORPUS_SEEDS", _STUDY / "seeds"))
MANIFEST = SEEDS_DIR / "manifest.csv"
NOTEBOOKS_DIR = _STUDY / "notebooks"
BOOK_SOURCE_DIR = _STUDY / "book"  # the Jupyter Book's config, toc and intro page
#: Hand annotations: gold standards and probes (see annotations/README.md).
ANNOTATIONS_DIR = Path(os.environ.get("NEWSCORPUS_ANNOTATIONS", _STUDY / "annotations"))


def project_root(start: str | Path | None = None) -> Path:
    """The folder derived files go under (see the module docstring).

    ``start`` (default: the current directory) is where the upward search begins;
    ``$NEWSCORPUS_ROOT`` overrides the search. A root inside the installed package or a virtual
    environment is refused with a one-line message.
    """
    value = os.environ.get(ROOT_ENV, "").strip()
    if value:
        root = Path(value).expanduser().resolve()
        what = f"${ROOT_ENV}={value}"
    else:
        here = Path(start).expanduser().resolve() if start is not None else Path.cwd().resolve()
        root, what = here, f"current directory {here}"
        for folder in (here, *here.parents):
            if _inside_environment(folder):
                continue
            if (folder / "pyproject.toml").is_file() or (folder / MARKER_DIR).is_dir():
                root, what = folder, f"project root {folder}"
                break
    if _inside_environment(root):
        raise ValueError(f"{what} is inside the installed package or a virtual environment; "
                         f"run from your project folder or set ${ROOT_ENV}")
    return root


def cache_dir(root: str | Path | None = None) -> Path:
    """The parse cache: ``$NEWSCORPUS_CACHE`` if set, else ``<root>/.cache/newscorpus``."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value and root is None:
        return Path(value).expanduser().resolve()
    return Path(root or project_root()) / ".cache" / "newscorpus"


def build_dir(root: str | Path | None = None) -> Path:
    """``<root>/build``: everything rendered or saved for reading."""
    return Path(root or project_root()) / "build"


def figures_dir(root: str | Path | None = None) -> Path:
    """The figures folder ``<root>/build/report/figures`` (PNG + CSV), created if needed."""
    folder = build_dir(root) / "report" / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


_DERIVED = {
    "PROJ_ROOT": project_root,
    "CACHE_DIR": cache_dir,
    "BUILD_DIR": build_dir,
    "REPORT_DIR": lambda: build_dir() / "report",
    "FIGURES_DIR": lambda: build_dir() / "report" / "figures",
    "BOOK_DIR": lambda: build_dir() / "book",
}


def __getattr__(name: str):
    """Derived-file paths, computed when read (they follow the current directory)."""
    if name in _DERIVED:
        return _DERIVED[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def corpus_dir() -> Path:
    """The corpus the notebooks study: ``$NEWSCORPUS_CORPUS`` if set, else the seeds.

    ``make report CORPUS=path/to/folder`` sets the variable; ``load_corpus()`` with no argument
    reads this folder. Without the variable and without the study's seeds (an installed package),
    a one-line ``FileNotFoundError`` says where it looked and how to choose a folder.
    """
    value = os.environ.get(CORPUS_ENV, "").strip()
    if value:
        folder = Path(value).expanduser().resolve()
        if not folder.is_dir():
            raise FileNotFoundError(f"${CORPUS_ENV}={value}: no such folder")
        return folder
    if not SEEDS_DIR.is_dir():
        raise FileNotFoundError(
            f"no corpus folder chosen and no study seeds at {SEEDS_DIR}: pass a folder "
            f"(load_corpus('path/to/folder')) or set ${CORPUS_ENV}=path/to/folder")
    return SEEDS_DIR


def is_study_corpus(path: str | Path | None = None) -> bool:
    """True when ``path`` (default: :func:`corpus_dir`) is the seed folder the gold was written on."""
    if path is None:
        try:
            path = corpus_dir()
        except FileNotFoundError:
            return False
    return SEEDS_DIR.is_dir() and Path(path).resolve() == SEEDS_DIR.resolve()
