"""The cross-article timeline: visits reported in several articles merged into one event.

Rows of the visits table (:mod:`newscorpus.extract.visits`) with the same visitor and destination
country and overlapping dates are one event; an undated report joins an event of that visitor
and country reported within 7 days.

How sure the timeline is, as data: ``exact_day`` (the text dates the event to the day; a week,
month or year is a span, never a day), ``date_label`` (the date as precisely as the text gives
it: "30–31 Mar 2022", "Oct 2023 (month)"), ``attribution`` (whom the article credits for the
report: "Reuters reported, citing five sources", "the Hindustan Times reported") and
``n_independent_reports`` (distinct stories: two copies of one wire story are one report).
``timeline_figure_data`` gives the rows the figure (``newscorpus.plots.timeline_figure``) draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

# attribution (and its REPORTING_VERBS) moved to the extract layer; re-exported here
from newscorpus.corpus.missing import corpus_missing_values
from newscorpus.extract.attribution import REPORTING_VERBS as REPORTING_VERBS
from newscorpus.extract.attribution import attribution as attribution
from newscorpus.extract.visits import PRECISION_ORDER, STATUS_ORDER, compatible, interval
from newscorpus.tables import working_form

TIMELINE_COLUMNS = [
    "event_id", "visitor", "visitor_type", "destination_country", "destination_city", "start",
    "end", "precision", "exact_day", "date_label", "status", "status_as_of", "purpose",
    "attribution", "sources", "n_reports", "n_independent_reports", "first_reported",
    "last_reported",
]


@corpus_missing_values
def timeline(visits: pd.DataFrame, corpus: pd.DataFrame | Mapping[str, str] | None = None
             ) -> pd.DataFrame:
    """Merge visits across articles: same visitor and country with overlapping dates = one
    event (undated reports join an event of that visitor and country reported within 7 days).

    ``visits`` is the visits table (newscorpus.visits). Rows are sorted by start date (undated
    events last), then visitor and country. ``corpus`` (with ``story_id``, or a mapping doc_id ->
    story_id) gives ``n_independent_reports``, the distinct stories among the reports (copies of
    one wire story count once); without it that column is empty (<NA>), not a guess.

    Columns:
        event_id (string): E01, E02, ... in row order.
        visitor (string): canonical person name or described group.
        visitor_type (string): person or group.
        destination_country (string): the country visited.
        destination_city (string): the cities named by the reports, "/"-separated; "" if none.
        start (string): first day, ISO date, from the most precise dated report; "" if unknown.
        end (string): last day, ISO date; "" if unknown.
        precision (string): day, week, month or year of the dates used; "" when undated.
        exact_day (bool): True only when the start is known to the day (never draw a month or
            week as a day).
        date_label (string): the date as precisely as the text gives it ("30–31 Mar 2022",
            "Oct 2023 (month)", "week of 21 Mar 2022", "undated").
        status (string): reported, planned, ongoing or occurred: the most advanced status
            of its reports (reported < planned < ongoing < occurred).
        status_as_of (string): publication date (ISO) of the report giving that status.
        purpose (string): the first purpose stated by a report; "" if none.
        attribution (string): whom the reports credit ("Reuters reported, citing five sources"),
            the distinct ``attribution`` values of its reports, "; "-separated; "" when none
            credits anyone.
        sources (string): doc_ids of the reports, ";"-separated.
        n_reports (int64): number of articles reporting the event.
        n_independent_reports (Int64): distinct stories (story_id) among the reports; <NA>
            without a corpus.
        first_reported (string): earliest publication date of a report, ISO; "" if unknown.
        last_reported (string): latest publication date of a report, ISO; "" if unknown.
    """
    return _events(visits, _story_ids(corpus))[TIMELINE_COLUMNS]


def _story_ids(corpus: pd.DataFrame | Mapping[str, str] | None) -> Mapping[str, str] | None:
    if corpus is None or isinstance(corpus, Mapping):
        return corpus
    if "story_id" in corpus.columns:
        return dict(zip(corpus["doc_id"], corpus["story_id"], strict=True))
    if "duplicate_of" in corpus.columns:
        dup = corpus["duplicate_of"].fillna("")
        return dict(zip(corpus["doc_id"], dup.where(dup != "", corpus["doc_id"]), strict=True))
    raise ValueError("corpus has neither story_id nor duplicate_of: cannot tell copies apart")


def visit_reports(visits: pd.DataFrame) -> pd.DataFrame:
    """The visits table with the ``event_id`` of the timeline event each row was merged into
    (the table's own ``attribution`` column says whom each report credits)."""
    ev = _events(visits, None)
    of = {i: e for e, members in zip(ev["event_id"], ev["_members"], strict=True)
          for i in members}
    out = visits.copy()
    out.insert(0, "event_id", [of.get(i, "") for i in out.index])
    return out


_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def date_label(start: str, end: str, precision: str) -> str:
    """The date as precisely as the text gives it: "30 Mar 2022", "30–31 Mar 2022",
    "week of 21 Mar 2022", "Oct 2023 (month)", "2021 (year)", "until 8 Apr 2024"."""
    if not start and not end:
        return "undated"

    def day(d: dt.date) -> str:
        return f"{d.day} {_MON[d.month - 1]} {d.year}"

    if not start:
        return f"until {day(dt.date.fromisoformat(end))}"
    a = dt.date.fromisoformat(start)
    b = dt.date.fromisoformat(end) if end else a
    if precision == "month":
        return f"{_MON[a.month - 1]} {a.year} (month)"
    if precision == "week":
        return f"week of {day(a)}"
    if precision == "year":
        return f"{a.year} (year)"
    if a == b:
        return day(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{day(b)}"
    return f"{day(a)} – {day(b)}"


def _events(visits: pd.DataFrame, stories: Mapping[str, str] | None = None) -> pd.DataFrame:
    if "attribution" not in visits.columns:
        raise ValueError("visits table has no attribution column: rebuild it with "
                         "newscorpus.visits (extract.visits.VISIT_COLUMNS)")
    v = working_form(visits, "visits")  # missing values as "" (the form the rules below read)
    if v.empty:
        return pd.DataFrame(columns=[*TIMELINE_COLUMNS, "_members"])
    v["_idx"] = v.index
    v = v.sort_values(["visitor", "destination_country", "start", "published", "doc_id"])
    events: list[list[dict]] = []
    recs = v.to_dict("records")
    dated = [r for r in recs if r["start"] or r["end"]]
    undated = [r for r in recs if not (r["start"] or r["end"])]
    for r in dated + undated:
        iv = interval(r["start"], r["end"])
        home = None
        for ev in events:
            e0 = ev[0]
            if (e0["visitor"], e0["destination_country"]) != (r["visitor"],
                                                              r["destination_country"]):
                continue
            if iv is not None:
                if any(compatible(iv, interval(o["start"], o["end"])) for o in ev
                       if o["start"] or o["end"]):
                    home = ev
                    break
            elif r["published"] and any(
                o["published"] and abs((dt.date.fromisoformat(o["published"])
                                        - dt.date.fromisoformat(r["published"])).days) <= 7
                for o in ev):
                home = ev
                break
        if home is None:
            events.append([r])
        else:
            home.append(r)
    rows = []
    for ev in events:
        with_dates = sorted((o for o in ev if o["start"]),
                            key=lambda o: (PRECISION_ORDER.get(o["precision"], 9), o["start"]))
        start = with_dates[0]["start"] if with_dates else ""
        prec = with_dates[0]["precision"] if with_dates else ""
        ends = [o["end"] for o in ev if o["end"] and (o["precision"] == prec or not o["start"])]
        end = max(ends) if ends else (with_dates[0]["end"] if with_dates else "")
        if not prec and ends:
            prec = next(o["precision"] for o in ev if o["end"])
        top = max(ev, key=lambda o: (STATUS_ORDER[o["status"]], o["published"]))
        pubs = sorted(o["published"] for o in ev if o["published"])
        cities = [o["destination_city"] for o in ev if o["destination_city"]]
        rows.append({
            "visitor": ev[0]["visitor"],
            "visitor_type": ev[0]["visitor_type"],
            "destination_country": ev[0]["destination_country"],
            "destination_city": "/".join(dict.fromkeys(cities)),
            "start": start,
            "end": end,
            "precision": prec,
            "status": top["status"],
            "status_as_of": top["published"],
            "purpose": next((o["purpose"] for o in ev if o["purpose"]), ""),
            "attribution": "; ".join(dict.fromkeys(
                a for o in sorted(ev, key=lambda o: o["doc_id"])
                for a in o["attribution"].split("; ") if a)),
            "sources": ";".join(sorted(dict.fromkeys(o["doc_id"] for o in ev))),
            "n_reports": len({o["doc_id"] for o in ev}),
            "n_independent_reports": (pd.NA if stories is None else
                                      len({stories.get(o["doc_id"], o["doc_id"]) for o in ev})),
            "first_reported": pubs[0] if pubs else "",
            "last_reported": pubs[-1] if pubs else "",
            "_members": [o["_idx"] for o in ev],
        })
    out = pd.DataFrame(rows)
    out["exact_day"] = out["precision"] == "day"
    out["date_label"] = [date_label(s, e, p) for s, e, p in
                         zip(out["start"], out["end"], out["precision"], strict=True)]
    out["n_independent_reports"] = out["n_independent_reports"].astype("Int64")
    out["_key"] = [s or e or "9999" for s, e in zip(out["start"], out["end"], strict=True)]
    out = out.sort_values(["_key", "visitor", "destination_country"]).drop(columns="_key")
    out = out.reset_index(drop=True)
    out.insert(0, "event_id", [f"E{i + 1:02d}" for i in range(len(out))])
    return out



# --------------------------------------------------------------------------- the figure's data

def timeline_figure_data(events: pd.DataFrame, visitor_type: str | None = "person"
                         ) -> pd.DataFrame:
    """The rows ``plots.timeline_figure`` draws, one per dated event, with how sure each date is:
    ``x_start``/``x_end`` (first and last day covered), ``exact_day`` (drawn as a point) or a
    week/month/year span (drawn as a span, never as a day), ``date_label``, ``attribution``,
    ``n_independent_reports``, and ``row`` (the visitor's lane, plus an offset so that events of
    one visitor that overlap in time do not hide each other)."""
    ev = events if visitor_type is None else events[events["visitor_type"] == visitor_type]
    ev = ev[(ev["start"] != "") | (ev["end"] != "")].copy()
    ev["x_start"] = [s or e for s, e in zip(ev["start"], ev["end"], strict=True)]
    ev["x_end"] = [e or s for s, e in zip(ev["start"], ev["end"], strict=True)]
    ev["start_known"] = ev["start"] != ""
    ev["label"] = [f"{c}" + (f" ({city})" if city else "")
                   for c, city in zip(ev["destination_country"], ev["destination_city"],
                                      strict=True)]
    ev = ev.sort_values(["x_start", "visitor"], kind="mergesort")
    lanes = list(dict.fromkeys(ev["visitor"]))
    rows, busy = [], {}  # visitor -> [(x_end, slot)] of events already placed
    for r in ev.itertuples():
        placed = busy.setdefault(r.visitor, [])
        taken = {slot for end, slot in placed
                 if pd.Timestamp(end) + pd.Timedelta(days=20) >= pd.Timestamp(r.x_start)}
        slot = next(k for k in range(len(placed) + 1) if k not in taken)
        placed.append((r.x_end, slot))
        rows.append(lanes.index(r.visitor) + 0.28 * slot)
    ev["row"] = rows
    cols = ["event_id", "visitor", "label", "x_start", "x_end", "start_known", "precision",
            "exact_day", "date_label", "status", "attribution", "n_reports",
            "n_independent_reports", "sources", "row"]
    return ev[cols].reset_index(drop=True)
