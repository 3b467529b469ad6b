"""Readers of the hand annotations in ``annotations/`` (see annotations/README.md).

``read_gold(task)`` for task ``entities``, ``quotes``, ``dates``, ``visits`` or ``lines`` returns
the annotation as a DataFrame of strings; lines starting with ``#`` are the annotation rules and
are skipped.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from newscorpus import config

#: Task -> file in config.ANNOTATIONS_DIR.
GOLD_FILES = {
    "entities": "gold_entities.csv",
    "quotes": "gold_quotes.csv",
    "dates": "gold_dates.csv",
    "visits": "gold_visits.csv",
    "lines": "line_labels.csv",
}
#: The invented probe sentences of the visits extractor (not gold of the seeds: out of sample).
PROBE_VISITS_FILE = "probe_visits.csv"
ENTITY_GOLD_COLUMNS = ["doc_id", "zone", "label", "canonical", "context"]
_MARK = re.compile(r"\[\[(.+?)\]\]")


def gold_path(task: str) -> Path:
    """The annotation file of ``task``."""
    if task not in GOLD_FILES:
        raise ValueError(f"unknown task {task!r}; one of {sorted(GOLD_FILES)}")
    return config.ANNOTATIONS_DIR / GOLD_FILES[task]


def read_gold(task: str, path: str | Path | None = None) -> pd.DataFrame:
    """The hand annotation of ``task`` (from ``path`` instead of annotations/ if given).

    entities: columns doc_id, zone, label, canonical, context and ``text`` (the ``[[marked]]``
    mention; every context must mark exactly one). quotes: doc_id, quote, speaker, cue. dates:
    doc_id, expression, context, value, precision. visits: doc_id, visitor, visitor_type,
    destination_country, destination_city, start, end, precision, status, anchor. lines:
    doc_id, line, label, text (every raw line, ``#`` is not a comment here: a raw line may hold
    one).
    """
    path = Path(path) if path is not None else gold_path(task)
    if task == "entities":
        return _read_entities(path)
    if task == "lines":
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return pd.DataFrame(rows, columns=["doc_id", "line", "label", "text"])
    gold_path(task)  # validates the task name
    return pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)


def _read_entities(path: Path) -> pd.DataFrame:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.lstrip().startswith("#")))
    gold = pd.DataFrame(rows, columns=ENTITY_GOLD_COLUMNS)
    marks = gold["context"].map(lambda c: _MARK.findall(c))
    bad = gold[marks.map(len) != 1]
    if len(bad):
        raise ValueError(f"gold contexts must mark exactly one mention with [[...]]: {bad.index}")
    gold["text"] = marks.str[0]
    return gold


def read_probes(path: str | Path | None = None) -> pd.DataFrame:
    """The visits probe sentences with their expected visits (annotations/probe_visits.csv)."""
    path = Path(path) if path is not None else config.ANNOTATIONS_DIR / PROBE_VISITS_FILE
    return pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
