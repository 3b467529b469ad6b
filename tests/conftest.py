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


@pytest.fixture
def reordered_copies(tmp_path):
    """A folder of 11 articles: the seeds, a copy of each with its body paragraphs shuffled (so
    every outlet's short lines repeat and the second cleaning pass has work to do) and a file
    with no body."""
    import random
    import shutil

    folder = tmp_path / "reordered"
    folder.mkdir()
    for i, src in enumerate(sorted(config.SEEDS_DIR.glob("*.txt"))):
        text = src.read_text(encoding="utf-8")
        shutil.copy(src, folder / src.name)
        blocks = text.split("\n\n")
        body = blocks[3:-2]
        random.Random(i).shuffle(body)
        (folder / f"copy_{src.name}").write_text(
            "\n\n".join(blocks[:3] + body + blocks[-2:]), encoding="utf-8")
    (folder / "zz_empty.txt").write_text("Share\n\nRead more\n", encoding="utf-8")
    return folder
