"""Figures: PNG + CSV of exactly the plotted data; outlet order and colours for any outlet."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from newscorpus.plots import OUTLET_COLORS, outlet_order, save_figure  # noqa: E402


def test_save_figure_writes_png_and_the_plotted_data(tmp_path):
    import matplotlib.pyplot as plt

    data = pd.DataFrame({"outlet": ["A", "B"], "words": [163, 395]})
    fig, ax = plt.subplots()
    ax.bar(data["outlet"], data["words"])
    png = save_figure(fig, data, "example", folder=tmp_path)
    plt.close(fig)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pd.read_csv(tmp_path / "example.csv").equals(data)


def test_outlet_order_keeps_the_study_outlets_first_and_adds_new_ones(corpus):
    order = outlet_order(list(corpus.outlet) + ["Reuters", "", "Associated Press"])
    assert order == ["The Moscow Times", "The Kyiv Independent", "South China Morning Post",
                     "Associated Press", "Reuters"]


def test_an_unseen_outlet_gets_its_own_colour():
    known = {OUTLET_COLORS[o] for o in ["The Moscow Times", "The Kyiv Independent",
                                        "South China Morning Post"]}
    new = OUTLET_COLORS["Some New Outlet"]
    assert new.startswith("#") and new not in known
    assert OUTLET_COLORS["Some New Outlet"] == new
