"""One plotting theme for every notebook, and a helper that saves a figure with its data."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from newscorpus import config


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
    """The outlets present, the study's three first in a fixed order, any others after (sorted)."""
    present = {str(o) for o in outlets if str(o)}
    known = [o for o in list(OUTLET_COLORS)[:3] if o in present]
    return known + sorted(present - set(known))


def set_theme() -> None:
    """Apply the project's single seaborn theme (called on import)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 150, "figure.figsize": (8, 4.5)})


def save_figure(fig: plt.Figure, data: pd.DataFrame, name: str, folder: Path | None = None) -> Path:
    """Save ``fig`` as ``<name>.png`` and exactly the plotted ``data`` as ``<name>.csv``."""
    out = Path(folder) if folder is not None else config.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    png = out / f"{name}.png"
    fig.savefig(png, bbox_inches="tight", metadata={"Software": None})
    data.to_csv(out / f"{name}.csv", index=not isinstance(data.index, pd.RangeIndex))
    return png


set_theme()
