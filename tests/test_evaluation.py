"""The evaluation package: the one P/R/F1, the gold readers, evaluate(task, ...)'s one shape."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newscorpus import config
from newscorpus.evaluation import evaluate, prf, read_gold
from newscorpus.evaluation.api import SCORE_COLUMNS
from newscorpus.evaluation.gold import GOLD_FILES


def test_prf_values_and_empty_denominators():
    assert prf(3, 1, 2) == pytest.approx((0.75, 0.6, 2 * 0.75 * 0.6 / 1.35))
    p, r, f = prf(0, 0, 4)  # nothing predicted: precision undefined
    assert math.isnan(p) and r == 0.0 and math.isnan(f)
    p, r, f = prf(0, 2, 0)  # nothing to find: recall undefined
    assert p == 0.0 and math.isnan(r) and math.isnan(f)
    assert prf(0, 2, 3) == (0.0, 0.0, 0.0)  # both defined, none right: F1 is 0, not NaN
    assert prf(5, 0, 0).precision == 1.0


def test_gold_lives_in_annotations_not_tests():
    assert config.ANNOTATIONS_DIR.name == "annotations"
    assert "tests" not in config.ANNOTATIONS_DIR.parts
    for task, name in GOLD_FILES.items():
        assert (config.ANNOTATIONS_DIR / name).is_file(), task
        gold = read_gold(task)
        assert len(gold) and not gold["doc_id"].str.startswith("#").any(), task
    assert (config.ANNOTATIONS_DIR / "README.md").is_file()
    with pytest.raises(ValueError, match="unknown task"):
        read_gold("nonsense")


def test_entity_gold_marks_one_mention_each():
    gold = read_gold("entities")
    assert (gold["text"].str.len() > 0).all()
    assert len(gold[gold["zone"] == "body"]) >= 291


def test_evaluate_has_one_shape_for_every_task(corpus):
    import newscorpus

    results = {
        "entities": evaluate("entities", newscorpus.entities(corpus), texts=corpus),
        "quotes": evaluate("quotes", newscorpus.quotes(corpus)),
        "dates": evaluate("dates", newscorpus.dates(corpus), corpus=corpus),
        "visits": evaluate("visits", newscorpus.visits(corpus)),
        "lines": evaluate("lines", None),
    }
    for task, res in results.items():
        assert res.task == task
        assert list(res.scores.columns) == SCORE_COLUMNS, task
        assert res.scores.index.name == "measure"
        assert isinstance(res.details, pd.DataFrame)
        assert (res.scores["tp"] <= res.scores["n_gold"]).all(), task
    ent = results["entities"].scores
    assert ent.loc["canonical", "tp"] <= ent.loc["typed", "tp"]
    assert results["visits"].scores.loc["visit", "precision"] >= 0.9
    assert results["lines"].scores.loc["body line", "n_gold"] == 86
