"""The visit mention: one travel predicate with its traveller, destination, dates and tense,
the record every visit finder fills and :mod:`.visit_merge` turns into rows (with the order of
date precisions and the publication date of an article row, which they all use).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from newscorpus.extract.places import Place

#: From most to least precise (a dated mention sorts by it).
PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, "": 9}


@dataclass
class Mention:
    """One travel predicate with its traveller, destination, dates and tense."""

    trigger: Any
    pattern: str
    visitor: str
    visitor_type: str
    nationality: str
    place: Place | None
    sent: Any
    tense: str = "none"
    start: str = ""
    end: str = ""
    precision: str = ""
    duration_days: int = 0
    purpose: str = ""
    status: str = ""
    link: Any = None  # the mention this one borrowed its destination from
    en_route: bool = False  # "is heading to": travelling now, not there yet
    arrival: bool = False  # an arrival verb: the date starts a stay of unreported length
    leg: bool = False  # one leg of a multi-stop trip: a date borrowed from the trip is its month
    cancelled: bool = False  # negated, cancelled or postponed: kept only to place a stand-in


def travel_first(candidates: list[Mention]) -> list[Mention]:
    """The candidates (in the order found), only the travel predicates among them if there are
    any: a visit inferred from a meeting ("fresh from the G20 in Bali, where he held talks") is
    a side event, a source of a destination only where no travel predicate gives one."""
    travel = [m for m in candidates if m.pattern != "MEETING"]
    return travel or candidates


def _pub(row: Mapping) -> dt.date | None:
    p = row.get("published")
    if p is None or pd.isna(p):
        return None
    return pd.Timestamp(p).date()
