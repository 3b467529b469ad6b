"""The cross-article timeline: visits reported in several articles merged into one event.

Rows of the visits table (:mod:`newscorpus.extract.visits`) with the same visitor and destination
country and overlapping dates are one event; an undated report joins an event of that visitor
and country reported within 7 days.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from newscorpus.extract.visits import PRECISION_ORDER, STATUS_ORDER, compatible, interval

TIMELINE_COLUMNS = [
    "event_id", "visitor", "visitor_type", "destination_country", "destination_city", "start",
    "end", "precision", "status", "status_as_of", "purpose", "sources", "n_reports",
    "first_reported", "last_reported",
]


def timeline(visits: pd.DataFrame) -> pd.DataFrame:
    """Merge visits across articles: same visitor and country with overlapping dates = one
    event (undated reports join an event of that visitor and country reported within 7 days).

    ``visits`` is the visits table (newscorpus.visits). Rows are sorted by start date (undated
    events last), then visitor and country.

    Columns:
        event_id (string): E01, E02, ... in row order.
        visitor (string): canonical person name or described group.
        visitor_type (string): person or group.
        destination_country (string): the country visited.
        destination_city (string): the cities named by the reports, "/"-separated; "" if none.
        start (string): first day, ISO date, from the most precise dated report; "" if unknown.
        end (string): last day, ISO date; "" if unknown.
        precision (string): day, week, month or year of the dates used; "" when undated.
        status (string): planned, ongoing or occurred: the most advanced status reported.
        status_as_of (string): publication date (ISO) of the report giving that status.
        purpose (string): the first purpose stated by a report; "" if none.
        sources (string): doc_ids of the reports, ";"-separated.
        n_reports (int64): number of articles reporting the event.
        first_reported (string): earliest publication date of a report, ISO; "" if unknown.
        last_reported (string): latest publication date of a report, ISO; "" if unknown.
    """
    return _events(visits)[TIMELINE_COLUMNS]


def visit_reports(visits: pd.DataFrame) -> pd.DataFrame:
    """The visits table with the ``event_id`` of the timeline event each row was merged into."""
    ev = _events(visits)
    of = {i: e for e, members in zip(ev["event_id"], ev["_members"], strict=True)
          for i in members}
    out = visits.copy()
    out.insert(0, "event_id", [of.get(i, "") for i in out.index])
    return out


def _events(visits: pd.DataFrame) -> pd.DataFrame:
    v = visits.copy()
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
            "sources": ";".join(sorted(dict.fromkeys(o["doc_id"] for o in ev))),
            "n_reports": len({o["doc_id"] for o in ev}),
            "first_reported": pubs[0] if pubs else "",
            "last_reported": pubs[-1] if pubs else "",
            "_members": [o["_idx"] for o in ev],
        })
    out = pd.DataFrame(rows)
    out["_key"] = [s or e or "9999" for s, e in zip(out["start"], out["end"], strict=True)]
    out = out.sort_values(["_key", "visitor", "destination_country"]).drop(columns="_key")
    out = out.reset_index(drop=True)
    out.insert(0, "event_id", [f"E{i + 1:02d}" for i in range(len(out))])
    return out

