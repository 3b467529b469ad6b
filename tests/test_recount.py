"""Method check: reconcile a library count with a simple recount; spans the library counts once."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from newscorpus import load_corpus
from newscorpus.corpus.dedupe import unique_stories
from newscorpus.evaluation.recount import RECOUNT_COLUMNS, inside, reconcile, shared_copy_spans
from newscorpus.text import count_words

ORIGINAL = ("Lavrov arrived in Beijing on Wednesday.\n\n"
            "Wang Yi met him at the airport.")
COPY = ("Lavrov arrived in Beijing on Wednesday.\n\n"
        "Wang Yi met him at the airport, officials said.\n\n"
        "Spokesman Wang Wenbin said Wang had briefed reporters.")


def _corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b"], "outlet": ["Daily", "Daily"], "text": [ORIGINAL, COPY],
        "n_words": [count_words(ORIGINAL), count_words(COPY)], "duplicate_of": ["", "a"]})


def test_reconcile_marks_equal_explained_and_unexplained_differences():
    text = COPY
    regex = len(re.findall(r"\bWang\b", text))  # 3: it cannot tell the two Wangs apart
    table = reconcile([
        {"number": "Wang Wenbin", "chapter": "02", "library": 2, "recount": regex,
         "rules": {"bare surname of another person": 1}},
        {"number": "words", "chapter": "01", "library": count_words(text),
         "recount": len(text.split())},
        {"number": "Wang Yi", "chapter": "02", "library": 1, "recount": regex,
         "rules": {"bare surname of another person": 1}},
    ])
    assert list(table.columns) == RECOUNT_COLUMNS
    assert table["agree"].tolist() == ["explained", "yes", "NO: unexplained"]
    assert table["difference"].tolist() == [1, 0, 2]
    assert table["unexplained"].tolist() == [0, 0, 1]
    assert table.loc[0, "rules"] == "bare surname of another person (+1)"
    assert table.loc[1, "rules"] == ""


def test_rules_that_cancel_a_difference_that_is_not_there_are_not_agreement():
    table = reconcile([{"number": "n", "chapter": "03", "library": 4, "recount": 4,
                        "rules": {"copy counted again": 2}}])
    assert table.loc[0, "agree"] == "NO: unexplained"
    assert table.loc[0, "unexplained"] == -2


def test_reconcile_refuses_non_counts_with_a_clear_message():
    with pytest.raises(ValueError, match="'words': recount must be an integer count"):
        reconcile([{"number": "words", "chapter": "01", "library": 3, "recount": 2.5}])
    with pytest.raises(ValueError, match="has no 'library'"):
        reconcile([{"number": "words", "chapter": "01", "recount": 2}])
    assert reconcile([]).columns.tolist() == RECOUNT_COLUMNS


def test_shared_copy_spans_are_the_paragraphs_the_story_once_counts_drop():
    corpus = _corpus()
    spans = shared_copy_spans(corpus)
    assert list(spans) == ["b"]
    shared = [COPY[s:e] for s, e in spans["b"]]
    # the verbatim paragraph and the reworded one (word-set similarity >= 0.6) are shared
    assert shared == ["Lavrov arrived in Beijing on Wednesday.",
                      "Wang Yi met him at the airport, officials said."]
    assert inside(spans["b"], COPY.index("Lavrov"), COPY.index("Lavrov") + 6)
    assert not inside(spans["b"], COPY.index("Wenbin"), COPY.index("Wenbin") + 6)


def test_shared_spans_account_for_the_study_copy_exactly():
    """On the seeds: the copy's shared spans hold exactly the words the story-once counts drop."""
    corpus = load_corpus()
    spans = shared_copy_spans(corpus)
    assert [d[:3] for d in spans] == ["003"]  # the later version of the AFP story 000
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    shared_words = sum(count_words(texts[d][s:e]) for d, ss in spans.items() for s, e in ss)
    assert shared_words > 0
    assert int(corpus["n_words"].sum()) - shared_words == int(unique_stories(corpus)["n_words"].sum())
