"""kwic: keyword in context, own voice vs quotation."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from newscorpus.analysis.kwic import KWIC_COLUMNS, kwic


def _corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b"],
        "outlet": ["Daily One", "Weekly Two"],
        "published": pd.to_datetime(["2024-04-08", None]),
        "text": [
            "The minister called it a war.\n\n“This war must end,” he said of the warship.",
            "No WAR here, only Warsaw and a war-time memory.",
        ],
    })


def test_one_row_per_hit_with_context_and_voice():
    hits = kwic(_corpus(), "war", window=10)
    assert list(hits.columns) == KWIC_COLUMNS
    assert hits["doc_id"].tolist() == ["a", "a", "b", "b"]
    assert hits["match"].tolist() == ["war", "war", "WAR", "war"]
    # "warship" and "Warsaw" are not whole-word hits; "war-time" is (a hyphen is not a letter)
    assert hits["in_quote"].tolist() == [False, True, False, False]
    first = hits.iloc[0]
    assert first["left"] == "lled it a " and first["right"] == ". “This w"
    second = hits.iloc[1]
    assert second["left"] == "r. “This "  # 10 characters, the paragraph break folded
    assert hits.loc[2, "outlet"] == "Weekly Two" and pd.isna(hits.loc[2, "published"])
    text = _corpus()["text"][0]
    assert text[hits.loc[1, "start_char"]:hits.loc[1, "end_char"]] == "war"


def test_case_phrase_and_regex_options():
    c = _corpus()
    assert kwic(c, "war", case=True)["match"].tolist() == ["war", "war", "war"]
    assert kwic(c, "war", whole_words=False)["match"].str.lower().tolist() == [
        "war", "war", "war", "war", "war", "war"]
    assert kwic(c, "must   end")["match"].tolist() == ["must end"]
    assert kwic(c, r"war\w+", regex=True)["match"].tolist() == ["warship", "Warsaw"]
    assert kwic(c, re.compile(r"\bwar-\w+"))["match"].tolist() == ["war-time"]
    assert kwic(c, "peace").empty and list(kwic(c, "peace").columns) == KWIC_COLUMNS


def test_bad_pattern_is_a_clear_error():
    with pytest.raises(ValueError, match="not a valid regular expression"):
        kwic(_corpus(), "war(", regex=True)
    with pytest.raises(ValueError, match="non-empty string"):
        kwic(_corpus(), "  ")


def test_kwic_on_the_seeds_marks_quoted_hits(corpus):
    hits = kwic(corpus, "said")
    assert len(hits) > 5
    assert set(hits["doc_id"]) <= set(corpus["doc_id"])
    # "said" closes quotations in the outlets' own voice: never inside the quotation itself
    assert not hits["in_quote"].all()


def test_kwic_is_exported():
    import newscorpus

    assert newscorpus.kwic is kwic


def test_syndicated_copies_can_be_left_out(corpus):
    every = kwic(corpus, "Lavrov")
    copies = set(corpus.loc[corpus["duplicate_of"].notna(), "doc_id"])
    assert copies and set(every["doc_id"]) & copies
    once = kwic(corpus, "Lavrov", duplicates="drop")
    assert not set(once["doc_id"]) & copies
    assert len(once) == (~every["doc_id"].isin(copies)).sum()
