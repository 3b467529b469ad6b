"""Merging the visit mentions of one article into one row per trip: same visitor, destination
country and compatible dates (a leg in another city stays a row of its own); undated rows borrow
the dates of the visit they are linked to or of the trip under way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from newscorpus.extract.attribution import REPORTED_KINDS
from newscorpus.extract.travel import vocabulary
from newscorpus.extract.visit_dates import _to_month
from newscorpus.extract.visit_mention import PRECISION_ORDER, Mention, _pub
from newscorpus.extract.visit_status import _attribution, _source_kind, _status


def interval(start: str, end: str) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of an ISO start/end pair (None when both are empty)."""
    if not start and not end:
        return None
    s = dt.date.fromisoformat(start or end)
    e = dt.date.fromisoformat(end or start)
    return s, e


def compatible(a: tuple | None, b: tuple | None) -> bool:
    """True when two intervals overlap, or when either is unknown."""
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def merge_mentions(mentions: list[Mention], row: Mapping) -> list[dict]:
    """Merge mentions of one article: same visitor + country + compatible dates (and no other
    city) = one row."""
    groups: list[list[Mention]] = []
    for m in mentions:
        iv = interval(m.start, m.end)
        home = None
        for g in groups:
            if (g[0].visitor, g[0].place.country) != (m.visitor, m.place.country):
                continue
            if m.place.city and any(o.place.city and o.place.city != m.place.city for o in g):
                continue  # another city of the same country: another leg, with its own dates
            if (m.tense == "past" and not m.start and all(o.tense == "future" for o in g)) or (
                    m.tense == "future" and all(o.tense == "past" and not o.start for o in g)):
                continue  # "when he visited X" (undated) is not the trip that "will take him"
            if (m.tense == "future" and m.place.city and m.pattern == "VERB_PREP_PLACE"
                    and m.trigger.lemma_ in vocabulary().get("onward_verbs", [])
                    and any(o.tense == "past" for o in g)):
                continue  # "arrived in Iraq ... is to travel on to Erbil": the next leg
            if all(compatible(iv, interval(o.start, o.end)) for o in g):
                home = g
                break
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    pub = _pub(row)
    rows = []
    for g in groups:
        rows.append(_merge_group(g, pub, row))
    # a visit that borrowed its destination ("Muttaqi will attend", "that of Daleep Singh")
    # takes the dates of the visit it is linked to, when it has none of its own
    where = {id(m): k for k, g in enumerate(groups) for m in g}
    for k, g in enumerate(groups):
        r = rows[k]
        if r["start"] or r["end"]:
            continue
        src = next((m.link for m in g if m.link is not None and id(m.link) in where), None)
        if src is None:
            continue
        s_row = rows[where[id(src)]]
        if s_row["start"] or s_row["end"]:
            probe = Mention(g[0].trigger, "", "", "", "", None, None, g[0].tense,
                            s_row["start"], s_row["end"], s_row["precision"],
                            en_route=any(m.en_route for m in g))
            if any(m.leg for m in g):
                _to_month(probe)  # a leg of the trip: only its month is known
            r["start"], r["end"], r["precision"] = probe.start, probe.end, probe.precision
            r["status"] = _status(probe, pub)
            r["date_source"] = "linked"
    # an undated further stop of the trip under way ("he will then travel to Xi'an") lies in
    # the month of that trip: the same visitor and country, dated, not yet over
    for r in rows:
        if r["start"] or r["end"] or r["status"] not in {"planned", "ongoing"}:
            continue
        cur = [o for o in rows if o is not r and (o["visitor"], o["destination_country"]) == (
            r["visitor"], r["destination_country"]) and o["start"]
            and o["status"] in {"planned", "ongoing"}]
        if cur:
            probe = Mention(None, "", "", "", "", None, None, "", cur[0]["start"],
                            cur[0]["end"], cur[0]["precision"])
            _to_month(probe)
            r["start"], r["end"], r["precision"] = probe.start, probe.end, probe.precision
            r["date_source"] = "linked"
    for g, r in zip(groups, rows, strict=True):
        # every sentence about the trip credits unnamed sources or a media report (a sentence
        # crediting no one is the article's own voice; one on record is an announcement)
        if r["status"] == "planned" and all(_source_kind(m) in REPORTED_KINDS for m in g):
            r["status"] = "reported"
    return sorted(rows, key=lambda r: not (r["start"] or r["end"]))  # undated rows last


def _merge_group(g: list[Mention], pub: dt.date | None, row: Mapping) -> dict:
    """One visit row from the mentions of one article grouped together."""
    if True:
        dated = sorted((o for o in g if o.start or o.end),
                       key=lambda o: (PRECISION_ORDER.get(o.precision, 9), o.trigger.i))
        best = dated[0] if dated else g[0]
        start, end, prec = best.start, best.end, best.precision
        ends = [o.end for o in dated if o.end and not o.start]
        if not start and ends:
            end = ends[0]
        dur = max((o.duration_days for o in g), default=0)
        if start and dur and prec == "day":
            end = (dt.date.fromisoformat(start) + dt.timedelta(days=dur - 1)).isoformat()
        elif not start and end and dur and best.precision == "day":
            # "wrapped up a four-day visit on Wednesday": it began three days before
            start = (dt.date.fromisoformat(end) - dt.timedelta(days=dur - 1)).isoformat()
            prec = "day"
        elif not start and not end and pub and any(o.tense == "present" for o in g):
            # "is in China": the visitor is there at publication
            start = end = pub.isoformat()
            prec = "day"
            if dur:
                end = (pub + dt.timedelta(days=dur - 1)).isoformat()
        merged = Mention(best.trigger, best.pattern, best.visitor, best.visitor_type,
                         best.nationality, best.place, best.sent, best.tense, start, end, prec,
                         duration_days=dur, en_route=best.en_route, arrival=best.arrival)
        statuses = {o.status for o in g}
        if start:
            merged.status = _status(merged, pub)
            if merged.status == "planned" and statuses & {"ongoing"}:
                merged.status = "ongoing"
        else:
            merged.status = ("ongoing" if "ongoing" in statuses else
                             "occurred" if "occurred" in statuses else "planned")
        city = next((o.place.city for o in g if o.place.city), "")
        if prec == "year":  # a year alone names no first day: not stored (status kept)
            start = end = ""
        return {
            "doc_id": row.get("doc_id", ""),
            "visitor": best.visitor,
            "visitor_type": best.visitor_type,
            "destination_country": best.place.country,
            "destination_city": city,
            "start": start,
            "end": end,
            "precision": prec if (start or end) else "",
            "status": merged.status,
            "purpose": next((o.purpose for o in g if o.purpose), ""),
            "evidence": " ".join(best.sent.text.split()),
            "trigger": ";".join(dict.fromkeys(o.trigger.lemma_.lower() for o in g)),
            "n_mentions": len(g),
            "published": pub.isoformat() if pub else "",
            "date_source": "text" if (start or end) else "",
            "attribution": "; ".join(dict.fromkeys(
                a for o in sorted(g, key=lambda o: o.sent.start if o.sent is not None else 0)
                if (a := _attribution(o)))),
        }
