"""entity_counts with by= as a name or list, attention over time, term counts."""

from __future__ import annotations

import pandas as pd
import pytest

from newscorpus.analysis.counts import (
    entity_counts,
    entity_counts_over_time,
    term_counts_over_time,
)


def _corpus() -> pd.DataFrame:
    texts = [
        "Lavrov met Wang in Beijing. The war was discussed.",
        "Wang spoke. Lavrov left.",
        "The war went on; no minister travelled.",
        "Lavrov, undated.",
    ]
    return pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4"],
        "outlet": ["One", "Two", "One", "Two"],
        "published": pd.to_datetime(["2024-04-01", "2024-04-07", "2024-05-02", None]),
        "text": texts,
        "n_words": [9, 4, 7, 2],
        "duplicate_of": ["", "", "", ""],
    })


def _ents() -> pd.DataFrame:
    rows = [("d1", "PERSON", "Sergei Lavrov"), ("d1", "PERSON", "Wang Yi"),
            ("d2", "PERSON", "Wang Yi"), ("d2", "PERSON", "Sergei Lavrov"),
            ("d4", "PERSON", "Sergei Lavrov")]
    return pd.DataFrame([{"doc_id": d, "label": lab, "canonical": c, "para_id": 0, "sent_id": 0}
                         for d, lab, c in rows])


def test_by_takes_a_name_or_a_list():
    by_name = entity_counts(_ents(), _corpus(), by="outlet")
    by_list = entity_counts(_ents(), _corpus(), by=["outlet"])
    by_tuple = entity_counts(_ents(), _corpus(), by=("outlet",))
    pd.testing.assert_frame_equal(by_name, by_list)
    pd.testing.assert_frame_equal(by_name, by_tuple)
    lavrov_two = by_name[(by_name["outlet"] == "Two") & (by_name["canonical"] == "Sergei Lavrov")]
    assert lavrov_two[["mentions", "stories_in_group", "words_in_group"]].values.tolist() == [
        [2, 2, 6]]
    both = entity_counts(_ents(), _corpus(), by=["outlet", "doc_id"])
    assert {"outlet", "doc_id"} <= set(both.columns) and both["mentions"].sum() == 5
    with pytest.raises(KeyError, match="no column 'section'"):
        entity_counts(_ents(), _corpus(), by="section")


def test_attention_per_week_keeps_undated_articles_in_their_own_bin():
    weekly = entity_counts_over_time(_ents(), _corpus(), freq="week")
    lavrov = weekly[weekly["canonical"] == "Sergei Lavrov"]
    # 2024-04-01 (Mon) and 2024-04-07 (Sun) are the same week; d4 has no date
    assert lavrov["period"].tolist()[0] == pd.Timestamp("2024-04-01")
    assert pd.isna(lavrov["period"].tolist()[-1])
    assert lavrov["mentions"].tolist() == [2, 1]
    assert lavrov["stories_in_group"].tolist() == [2, 1]
    assert lavrov["words_in_group"].tolist() == [13, 2]
    assert weekly.attrs["undated_articles"] == ["d4"]
    monthly = entity_counts_over_time(_ents(), _corpus(), freq="month", by="outlet")
    assert set(monthly["outlet"]) == {"One", "Two"}
    assert monthly["mentions"].sum() == 5  # nothing dropped
    with pytest.raises(ValueError, match="freq must be one of day, week, month, year"):
        entity_counts_over_time(_ents(), _corpus(), freq="fortnight")


def test_term_counts_per_month_with_denominators_and_lexicon_mapping():
    counts = term_counts_over_time(_corpus(), {"war": ["war", "conflict"], "Lavrov": ["Lavrov"]},
                         freq="month")
    april = counts[counts["period"] == pd.Timestamp("2024-04-01")].set_index("term")
    assert april.loc["war", "mentions"] == 1 and april.loc["Lavrov", "mentions"] == 2
    assert april.loc["war", "stories_in_group"] == 2 and april.loc["war", "words_in_group"] == 13
    assert april.loc["war", "mentions_per_1000_words"] == pytest.approx(1000 / 13)
    may = counts[counts["period"] == pd.Timestamp("2024-05-01")].set_index("term")
    assert may.loc["Lavrov", "mentions"] == 0 and may.loc["war", "stories_mentioning"] == 1
    undated = counts[counts["period"].isna()].set_index("term")
    assert undated.loc["Lavrov", "mentions"] == 1
    assert counts.attrs["undated_articles"] == ["d4"]
    flat = term_counts_over_time(_corpus(), ["war", "minister"], None, by="outlet")
    assert flat.set_index(["outlet", "term"]).loc[("One", "war"), "mentions"] == 2
    assert term_counts_over_time(_corpus(), "war", freq=None)["mentions"].tolist() == [2]


def test_a_month_precision_date_is_not_binned_as_the_first_of_the_month():
    corpus = _corpus().assign(published_precision=["day", "day", "month", ""])
    weekly = term_counts_over_time(corpus, "war", freq="week")
    assert weekly.attrs["undated_articles"] == ["d3", "d4"]
    assert weekly.loc[weekly["period"].isna(), "mentions"].tolist() == [1]
    monthly = term_counts_over_time(corpus, "war", freq="month")
    assert monthly.attrs["undated_articles"] == ["d4"]
    assert monthly.loc[monthly["period"] == pd.Timestamp("2024-05-01"), "mentions"].tolist() == [1]
