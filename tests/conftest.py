"""Shared fixtures: the seed corpus and the spaCy pipeline, each loaded once per test session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from newscorpus import config  # noqa: E402


@pytest.fixture(scope="session")
def seeds_dir():
    """The project's committed seed corpus."""
    return config.SEEDS_DIR


@pytest.fixture(scope="session")
def corpus(seeds_dir):
    """The seed corpus as loaded by newscorpus.load_corpus (with its manifest)."""
    from newscorpus import load_corpus

    return load_corpus(seeds_dir)


@pytest.fixture(scope="session")
def nlp():
    """The configured spaCy pipeline (model loaded once per session)."""
    from newscorpus import nlp as _nlp

    return _nlp()
