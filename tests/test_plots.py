"""Figures: PNG + CSV of exactly the plotted data; outlet order and colours for any outlet."""

from __future__ import annotations

import re

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
    order = outlet_order(list(corpus.outlet) + ["Reuters", "", None, pd.NA, "Associated Press"])
    assert order == ["The Moscow Times", "The Kyiv Independent", "South China Morning Post",
                     "Associated Press", "Reuters"]


def test_an_unseen_outlet_gets_its_own_colour():
    known = {OUTLET_COLORS[o] for o in ["The Moscow Times", "The Kyiv Independent",
                                        "South China Morning Post"]}
    new = OUTLET_COLORS["Some New Outlet"]
    assert new.startswith("#") and new not in known
    assert OUTLET_COLORS["Some New Outlet"] == new


def test_the_csv_has_one_line_headers_a_named_index_and_integer_counts(tmp_path):
    import matplotlib.pyplot as plt

    from newscorpus.plots import figure_table

    data = pd.DataFrame({"f01\nThe Coastal Ledger": [3.0, 0.0], "rate": [1.5, 2.0]},
                        index=pd.Index(["Okafor", "Dahl"]))
    fig, ax = plt.subplots()
    save_figure(fig, data, "counts", folder=tmp_path)
    plt.close(fig)
    lines = (tmp_path / "counts.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "index,f01 The Coastal Ledger,rate"
    assert lines[1] == "Okafor,3,1.5"
    named = figure_table(data.rename_axis("person"))
    assert list(named.columns)[0] == "person"
    assert str(named["f01 The Coastal Ledger"].dtype) == "Int64"


def _events(rows):
    cols = ["event_id", "visitor", "visitor_type", "destination_country", "destination_city",
            "start", "end", "precision", "status", "n_reports", "sources"]
    events = pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])
    # the columns timeline() adds to say how sure each event is
    events["exact_day"] = events["precision"] == "day"
    events["date_label"] = events["start"]
    events["attribution"] = ""
    events["n_independent_reports"] = events["n_reports"]
    return events


def test_the_timeline_keeps_close_markers_apart_and_labels_dates_with_the_year():
    import matplotlib.pyplot as plt

    from newscorpus.plots import timeline_figure

    events = _events([
        ("e1", "Amina Okafor", "person", "Norway", "Oslo", "2023-06-12", "2023-06-14", "day",
         "occurred", 2, "f01;f02"),
        ("e2", "Amina Okafor", "person", "Norway", "Bergen", "2023-06-13", "2023-06-13", "day",
         "occurred", 1, "f04"),
        ("e3", "Erik Dahl", "person", "Nigeria", "", "2023-09-20", "", "day", "planned", 1, "f04"),
    ])
    fig, data = timeline_figure(events)
    fig.canvas.draw()
    assert len(data) == 3
    marker_ys = [line.get_ydata()[0] for ax in fig.axes for line in ax.get_lines()
                 if len(line.get_xdata()) == 1 and line.get_marker() not in (None, "None", "")]
    okafor = [y for y in marker_ys if abs(y) < 0.5]
    assert len(okafor) == 2 and okafor[0] != okafor[1], marker_ys
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    labels += [ax.xaxis.get_offset_text().get_text() for ax in fig.axes]
    text = " ".join(labels)
    assert re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b\s+2023", text), text
    assert "2023-Jun" not in text
    assert "Figure" not in fig._suptitle.get_text()
    plt.close(fig)
