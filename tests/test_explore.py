"""The kwic explorer widget and the attention-over-time figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import datetime as dt  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from newscorpus.analysis.counts import term_counts_over_time  # noqa: E402
from newscorpus.plots import NO_OUTLET, attention_figure, explorer  # noqa: E402


def _corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "outlet": ["Daily One", "Weekly Two", ""],
        "published": pd.to_datetime(["2024-04-08", "2024-05-02", None]),
        "text": ["Lavrov said the war goes on.", "“War,” Lavrov said. Peace talks.",
                 "Lavrov again, no date."],
        "n_words": [6, 5, 4],
        "duplicate_of": ["", "", ""],
    })


def test_explorer_builds_and_follows_the_search_box_and_filters():
    box = explorer(_corpus())
    assert box.result.empty and box.table.value == ""
    assert set(box.outlet.options) == {"Daily One", "Weekly Two", NO_OUTLET}
    box.search.value = "war"
    assert box.result["doc_id"].tolist() == ["a", "b"]
    assert box.result["in_quote"].tolist() == [False, True]
    assert "goes on" in box.table.value
    box.search.value = "Lavrov"
    assert box.result["doc_id"].tolist() == ["a", "b", "c"]
    box.outlet.value = ("Weekly Two",)
    assert box.result["doc_id"].tolist() == ["b"]
    box.outlet.value = tuple(box.outlet.options)
    box.start.value = dt.date(2024, 5, 1)
    assert box.result["doc_id"].tolist() == ["b", "c"]  # undated articles kept unless unticked


def test_attention_figure_plots_dated_bins_and_says_how_many_are_undated():
    counts = term_counts_over_time(_corpus(), ["war", "Lavrov"], by="outlet", freq="month")
    fig, data = attention_figure(counts, value="mentions")
    assert data["period"].notna().all() and set(data["term"]) == {"war", "Lavrov"}
    assert len(fig.axes) == 2  # one panel per dated outlet
    assert "1 undated articles not shown" in fig._suptitle.get_text()
    plt.close(fig)
