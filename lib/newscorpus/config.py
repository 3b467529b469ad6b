"""Every path the project uses, in one place (override with environment variables)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"  # knowledge the code reads: tables, phrase lists, lexicons

# lib/newscorpus/config.py -> project root is two levels above the package.
PROJ_ROOT = Path(os.environ.get("NEWSCORPUS_ROOT", PACKAGE_DIR.parents[1])).resolve()
SEEDS_DIR = Path(os.environ.get("NEWSCORPUS_SEEDS", PROJ_ROOT / "seeds"))
MANIFEST = SEEDS_DIR / "manifest.csv"
CACHE_DIR = Path(os.environ.get("NEWSCORPUS_CACHE", PROJ_ROOT / ".cache" / "newscorpus"))
BUILD_DIR = PROJ_ROOT / "build"
REPORT_DIR = BUILD_DIR / "report"
FIGURES_DIR = REPORT_DIR / "figures"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
#: Hand annotations: gold standards and probes (see annotations/README.md).
ANNOTATIONS_DIR = Path(os.environ.get("NEWSCORPUS_ANNOTATIONS", PROJ_ROOT / "annotations"))


def corpus_dir() -> Path:
    """The corpus the notebooks study: ``$NEWSCORPUS_CORPUS`` if set, else the seeds.

    ``make report CORPUS=path/to/folder`` sets the variable; ``load_corpus()`` with no argument
    reads this folder.
    """
    value = os.environ.get("NEWSCORPUS_CORPUS", "").strip()
    return Path(value).expanduser().resolve() if value else SEEDS_DIR


def is_study_corpus(path: str | Path | None = None) -> bool:
    """True when ``path`` (default: :func:`corpus_dir`) is the seed folder the gold was written on."""
    folder = Path(path) if path is not None else corpus_dir()
    return folder.resolve() == SEEDS_DIR.resolve()


def figures_dir() -> Path:
    """Return the figures folder, creating it if needed."""
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    return FIGURES_DIR
