"""One plotting theme for every notebook, and a helper that saves a figure with its data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from newscorpus import config
from newscorpus.analysis.kwic import KWIC_COLUMNS, kwic
from newscorpus.analysis.timeline import timeline_figure_data


class _OutletColors(dict):
    """Fixed colours for the study's outlets; an outlet never seen gets the next palette colour."""

    def __missing__(self, outlet: str) -> str:
        extra = sns.color_palette("colorblind", 10).as_hex()[3:]
        colour = extra[(len(self) - 3) % len(extra)]
        self[outlet] = colour
        return colour


OUTLET_COLORS = _OutletColors({
    "The Moscow Times": "#1f77b4",
    "The Kyiv Independent": "#ffbf00",
    "South China Morning Post": "#d62728",
})


def outlet_order(outlets) -> list[str]:
    """The outlets present, the study's three first in a fixed order, any others after (sorted);
    a missing outlet (None, NA, "") is not an outlet and is left out."""
    present = {str(o) for o in outlets if not pd.isna(o) and str(o)}
    known = [o for o in list(OUTLET_COLORS)[:3] if o in present]
    return known + sorted(present - set(known))


def set_theme() -> None:
    """Apply the project's single seaborn theme (called on import)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 150, "figure.figsize": (8, 4.5)})


def figure_table(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` as ``save_figure`` writes it: the index as named column(s) (none if it is a plain
    0..n-1 range), one-line column names, and float columns that hold only whole numbers (counts)
    as integers."""
    frame = data.copy()
    if not isinstance(frame.index, pd.RangeIndex):
        names = [n if n is not None else ("index" if frame.index.nlevels == 1 else f"index_{i}")
                 for i, n in enumerate(frame.index.names)]
        frame.index = frame.index.set_names(names)
        frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" / ".join(str(p) for p in col if str(p)) for col in frame.columns]
    frame.columns = [" ".join(str(c).split()) for c in frame.columns]
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_float_dtype(values) and values.notna().any() \
                and bool((values.dropna() % 1 == 0).all()):
            frame[col] = values.astype("Int64")
    return frame


def save_figure(fig: plt.Figure, data: pd.DataFrame, name: str, folder: Path | None = None) -> Path:
    """Save ``fig`` as ``<name>.png`` and exactly the plotted ``data`` as ``<name>.csv``.

    The folder defaults to ``build/report/figures/`` under the user's project root
    (``config.figures_dir()``); the CSV is ``figure_table(data)``.
    """
    out = Path(folder) if folder is not None else config.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    png = out / f"{name}.png"
    fig.savefig(png, bbox_inches="tight", metadata={"Software": None})
    figure_table(data).to_csv(out / f"{name}.csv", index=False)
    return png


# --- the visit timeline (notebook 04) ----------------------------------------------------------

#: Marker and fill per status (reported hollow square, planned hollow, ongoing diamond,
#: occurred filled).
STATUS_MARKERS = {"reported": ("s", "none"), "planned": ("o", "none"), "ongoing": ("D", "full"),
                  "occurred": ("o", "full")}


def timeline_figure(events: pd.DataFrame, visitor_type: str | None = "person",
                  gap_days: int = 90) -> tuple[Any, pd.DataFrame]:
    """The timeline figure: one lane per visitor, time on x (split where nothing happens for
    ``gap_days``); an event dated to the day is a point (a short bar if it lasts several days),
    one known only to the week, month or year a hatched span labelled "(month)" etc., never a
    point on a day; markers by status; labels give place and date as precisely as the text.
    Returns (figure, the data drawn)."""
    data = timeline_figure_data(events, visitor_type)
    x0 = pd.to_datetime(data["x_start"])
    x1 = pd.to_datetime(data["x_end"]) + pd.Timedelta(days=1)  # end day inclusive
    clusters: list[list[pd.Timestamp]] = []
    for a, b in sorted(set(zip(x0, x1, strict=True))):
        if clusters and (a - clusters[-1][1]).days <= gap_days:
            clusters[-1][1] = max(clusters[-1][1], b)
        else:
            clusters.append([a, b])
    lanes = list(dict.fromkeys(data["visitor"]))
    pads = [(pd.Timedelta(days=max(4, (b - a).days // 10)),
             pd.Timedelta(days=max(90, int((b - a).days * 2.0)))) for a, b in clusters]
    widths = [(b - a + lp + rp).days for (a, b), (lp, rp) in zip(clusters, pads, strict=True)]
    fig, axes = plt.subplots(1, max(1, len(clusters)), sharey=True,
                             figsize=(12, 0.75 * max(1, len(lanes)) + 2),
                             gridspec_kw={"width_ratios": widths or [1], "wspace": 0.06},
                             squeeze=False)
    axes = list(axes[0])
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colors = {"reported": palette[3], "planned": palette[0], "ongoing": palette[1],
              "occurred": palette[2]}
    for ax, (a, b), (lpad, rpad) in zip(axes, clusters, pads, strict=True):
        ax.set_xlim(a - lpad, b + rpad)
        for i, r in data.iterrows():
            if not (a <= x0[i] <= b):
                continue
            y, col = r["row"], colors[r["status"]]
            if not r["exact_day"]:
                ax.barh(y, (x1[i] - x0[i]).days, left=x0[i], height=0.22, color=col, alpha=0.25,
                        hatch="///", edgecolor=col, linewidth=0.8)
                xm = x0[i] + (x1[i] - x0[i]) / 2
            else:
                if (x1[i] - x0[i]).days > 1:
                    ax.plot([x0[i], x1[i] - pd.Timedelta(days=1)], [y, y], color=col, lw=5,
                            solid_capstyle="round", alpha=0.6)
                xm = x0[i] if r["start_known"] else x1[i] - pd.Timedelta(days=1)
                marker, fill = STATUS_MARKERS[r["status"]]
                ax.plot([xm], [y], marker=marker, ms=8, color=col, fillstyle=fill, mew=2,
                        ls="")
            ax.annotate(f"{r['label']}, {r['date_label']}", (xm, y), xytext=(6, 5),
                        textcoords="offset points", fontsize=7.5, clip_on=True)
        locator = mdates.AutoDateLocator(minticks=2, maxticks=4)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_yticks(range(len(lanes)))
    axes[0].set_yticklabels(lanes)
    axes[0].set_ylim(len(lanes) - 0.3, -0.6)
    handles = [Line2D([], [], marker=STATUS_MARKERS[s][0], fillstyle=STATUS_MARKERS[s][1],
                      color=colors[s], ls="", ms=7, mew=2, label=f"{s} (exact day)")
               for s in STATUS_MARKERS]
    handles.append(Patch(facecolor="grey", alpha=0.3, hatch="///", edgecolor="grey",
                         label="known to the week/month only"))
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=8, frameon=False,
               bbox_to_anchor=(0.5, -0.06))
    fig.suptitle("Visits reported in the articles: points are exact days, hatched spans are "
                 "dates known only to the week or month", fontsize=10)
    return fig, data


NO_OUTLET = "(no outlet)"


# --- attention over time ------------------------------------------------------------------------


def attention_figure(counts: pd.DataFrame, value: str = "mentions_per_1000_words",
                     series: str | None = None, top: int = 6,
                     title: str | None = None) -> tuple[Any, pd.DataFrame]:
    """Line chart of an attention-over-time table (``entity_counts_over_time`` or
    ``term_counts_over_time``): ``value`` per ``period``, one line per entity (``canonical``)
    or term, the ``top`` most mentioned; with an ``outlet`` column, one panel per outlet.

    The bin of undated articles (period NaT) cannot sit on a time axis: it is left out of the
    figure and the number of such articles is said in the title. Returns (figure, the plotted
    rows).
    """
    if "period" not in counts.columns:
        raise ValueError("attention_figure needs a table with a 'period' column "
                         "(entity_counts_over_time, or term_counts_over_time with a freq)")
    series = series or ("canonical" if "canonical" in counts.columns else "term")
    dated = counts[counts["period"].notna()]
    keep = (dated.groupby(series)["mentions"].sum().sort_values(ascending=False, kind="stable")
            .head(top).index)
    data = dated[dated[series].isin(keep)].reset_index(drop=True)
    if "outlet" in data.columns:
        data = data.assign(outlet=data["outlet"].fillna("").replace("", NO_OUTLET))
        panels = outlet_order(set(data["outlet"]) - {NO_OUTLET})
        panels += [NO_OUTLET] if (data["outlet"] == NO_OUTLET).any() else []
    else:
        panels = []
    panels = panels or [None]
    fig, axes = plt.subplots(len(panels), 1, sharex=True, sharey=True, squeeze=False,
                             figsize=(8, 2.6 * len(panels) + 0.8))
    for ax, outlet in zip(axes[:, 0], panels, strict=True):
        part = data if outlet is None else data[data["outlet"] == outlet]
        for name in keep:
            line = part[part[series] == name].sort_values("period")
            if not line.empty:
                ax.plot(line["period"], line[value], marker="o", ms=4, label=str(name))
        if outlet is not None:
            ax.set_title(str(outlet), fontsize=9, loc="left")
        ax.set_ylabel(value.replace("_", " "), fontsize=8)
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes[0, 0].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    undated = counts.attrs.get("undated_articles", [])
    note = f" ({len(undated)} undated articles not shown)" if undated else ""
    fig.suptitle((title or f"Attention over time: {value.replace('_', ' ')}") + note, fontsize=10)
    return fig, data


# --- the kwic explorer --------------------------------------------------------------------------


def explorer(corpus: pd.DataFrame, pattern: str = "", window: int = 60,
             max_rows: int = 200) -> Any:
    """An ipywidgets explorer over ``kwic``: a search box (word, phrase or, when it is ticked,
    a regular expression), an outlet filter and a date range. Returns the widget (a VBox);
    its ``result`` attribute is the current kwic table (filtered), ``table`` the HTML widget
    showing its first ``max_rows`` rows."""
    import ipywidgets as widgets

    names = (corpus["outlet"] if "outlet" in corpus else pd.Series("", index=corpus.index))
    names = names.fillna("").astype(str)
    outlets = outlet_order(names.unique()) + ([NO_OUTLET] if (names == "").any() else [])
    search = widgets.Text(value=pattern, description="search", placeholder="word or phrase",
                          continuous_update=False)
    use_regex = widgets.Checkbox(value=False, description="regular expression", indent=False)
    outlet = widgets.SelectMultiple(options=outlets, value=tuple(outlets), description="outlets",
                                    rows=min(6, max(2, len(outlets))))
    dates = pd.to_datetime(corpus["published"]) if "published" in corpus else pd.Series([])
    first = dates.min().date() if dates.notna().any() else None
    last = dates.max().date() if dates.notna().any() else None
    start = widgets.DatePicker(value=first, description="from")
    end = widgets.DatePicker(value=last, description="to")
    undated = widgets.Checkbox(value=True, description="include undated articles", indent=False)
    status = widgets.HTML()
    table = widgets.HTML()
    box = widgets.VBox([widgets.HBox([search, use_regex]), widgets.HBox([outlet, widgets.VBox(
        [start, end, undated])]), status, table])
    box.search, box.outlet, box.start, box.end, box.table = search, outlet, start, end, table
    box.result = pd.DataFrame(columns=KWIC_COLUMNS)

    def update(_change: Any = None) -> None:
        if not search.value.strip():
            box.result = pd.DataFrame(columns=KWIC_COLUMNS)
            status.value = "Type a word or phrase."
            table.value = ""
            return
        try:
            hits = kwic(corpus, search.value, window, regex=use_regex.value)
        except ValueError as err:
            box.result = pd.DataFrame(columns=KWIC_COLUMNS)
            status.value = f"<b>{err}</b>"
            table.value = ""
            return
        keep = hits["outlet"].fillna("").replace("", NO_OUTLET).isin(list(outlet.value))
        when = hits["published"]
        dated_ok = pd.Series(True, index=hits.index)
        if start.value is not None:
            dated_ok &= when >= pd.Timestamp(start.value)
        if end.value is not None:
            dated_ok &= when <= pd.Timestamp(end.value)
        keep &= dated_ok.where(when.notna(), undated.value)
        box.result = hits[keep].reset_index(drop=True)
        n_quoted = int(box.result["in_quote"].sum())
        status.value = (f"{len(box.result)} hits in {box.result['doc_id'].nunique()} articles "
                        f"({n_quoted} inside quotations)")
        shown = box.result[["doc_id", "outlet", "published", "left", "match", "right",
                            "in_quote"]].head(max_rows)
        table.value = shown.to_html(index=False, na_rep="", escape=True)

    for w in (search, use_regex, outlet, start, end, undated):
        w.observe(update, names="value")
    update()
    return box


set_theme()
