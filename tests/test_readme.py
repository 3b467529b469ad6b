"""The README stays short, its links resolve, and its devset figures are the recorded ones."""

from __future__ import annotations

import re
from pathlib import Path

from newscorpus.evaluation import devset

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_is_at_most_1500_words():
    assert len(README.split()) <= 1500


def test_every_local_link_in_the_readme_resolves():
    links = re.findall(r"\]\(([^)#]+)\)", README)
    assert links, "the README links to its docs"
    missing = [t for t in links if not t.startswith("http") and not (ROOT / t).exists()]
    assert not missing


def test_the_readme_devset_figures_are_the_recorded_ones():
    r = devset.recorded()["result"]
    for figure in (f"{r['entities_typed']['f1']:.3f}", r["visits"]["month_ok"], r["metadata"]["outlet"],
                   r["metadata"]["published"], r["metadata"]["title"], f"{r['visits']['f1']:.2f}"):
        assert figure in README, figure
