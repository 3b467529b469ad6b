"""The devset figures the notebooks and README print are the scorer's output for this code."""

from __future__ import annotations

import pytest

from newscorpus.evaluation import devset


def test_recorded_devset_scores_match_a_fresh_scorer_run():
    if not (devset.DEFAULT_DEVSET / "score.py").is_file():
        pytest.skip(f"no development set at {devset.DEFAULT_DEVSET} (it lies beside the checkout in CI)")
    fresh = devset.run_scorer()
    stored = devset.recorded()["result"]
    assert fresh == stored, (
        "annotations/devset_scores.json is stale: rerun `python -m newscorpus.evaluation.devset COMMIT`"
    )


def test_summary_labels_every_row_devset_and_keeps_the_recorded_values():
    rec = devset.recorded()
    table = devset.summary(rec)
    assert set(table["sample"]) == {"devset (30 unseen outlets)"}
    visit = table.set_index("measure").loc["named-visitor visit F1", "value"]
    assert visit == str(rec["result"]["visits"]["f1"])
    assert len(table) == 8
